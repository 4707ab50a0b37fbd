package client

import (
	"cmp"
	"fmt"
	"math"
	"time"

	"github.com/casewatch/casewatch/api"
)

// Alert is an alert as the client holds it: the fields of api.Alert, with
// the values that many alerts share (the rule, the unit and department,
// the person) held once in records the alerts point to. Their fields read
// as the alert's own (a.UnitName, a.RuleName); the times are methods
// (a.DueAt()). The shared records must not be modified, and neither may an
// Alert once published.
//
// 120 bytes an alert plus one allocation for its id, case id and case
// number, against about 1 KB for an api.Alert with strings of its own
// (docs/PERFORMANCE.md).
type Alert struct {
	// ID, CaseID and CaseNo share one allocation.
	ID      string
	CaseID  string
	CaseNo  string
	Message string
	*AlertKind
	*AlertWho
	DaysRemaining int
	Ack           *api.Ack
	// due, detected and updated are Unix nanoseconds (noTime: absent),
	// shown in the state's zone.
	due, detected, updated int64
}

// AlertKind is what an alert is: its rule and its state, shared by the
// alerts of a rule in the same state. One record for the two saves a
// pointer an alert.
type AlertKind struct {
	AlertState
	AlertRule
}

// AlertWho is where an alert is and whose it is: the unit and department
// and the person responsible, shared by the alerts of the person.
type AlertWho struct {
	AlertPlace
	AlertPerson
}

// AlertState is the level and status of an alert (and the zone its times
// are shown in).
type AlertState struct {
	// Level and Status are codes (api.Level*, api.Status*); an unknown
	// level is kept as it came, sanitised. An active alert is open or
	// acknowledged, so an Alert has no time of rectification.
	Level, Status string
	zone          *time.Location
}

// noTime stands for the zero time.Time in an Alert's times.
const noTime = math.MinInt64

func nanos(t time.Time) int64 {
	if t.IsZero() {
		return noTime
	}
	return t.UnixNano()
}

func (a *Alert) time(n int64) time.Time {
	if n == noTime {
		return time.Time{}
	}
	return time.Unix(0, n).In(a.zone)
}

// DueAt is when the deadline of the alert falls.
func (a *Alert) DueAt() time.Time { return a.time(a.due) }

// DetectedAt is when the rule first found the alert.
func (a *Alert) DetectedAt() time.Time { return a.time(a.detected) }

// UpdatedAt is when the alert last changed.
func (a *Alert) UpdatedAt() time.Time { return a.time(a.updated) }

// timesInRange reports whether the times of a fit an Alert (Unix
// nanoseconds: years 1678 to 2261), zero times aside.
func timesInRange(a *api.Alert) bool {
	for _, t := range []time.Time{a.DueAt, a.DetectedAt, a.UpdatedAt} {
		if !t.IsZero() && (t.Year() < 1678 || t.Year() > 2261) {
			return false
		}
	}
	return true
}

// AlertRule is the rule of an alert.
type AlertRule struct {
	Rule, RuleName, RuleNameEn string
	// Category is a code (api.Category*); unknown ones are kept raw.
	Category string
	Basis    string
}

// AlertPlace is the unit and department of an alert.
type AlertPlace struct {
	UnitID, UnitName, DeptID, DeptName string
}

// AlertPerson is the person responsible for an alert.
type AlertPerson struct {
	PersonID, PersonName string
}

// NewAlert returns the client's form of a (with records of its own, not
// shared with any other alert). It does not sanitise: a comes from the
// decoder or from a test. Times outside years 1678–2261 do not fit.
func NewAlert(a api.Alert) *Alert {
	kind, who := kindOf(&a), whoOf(&a)
	return build(&a, &kind, &who)
}

// zoneOf is the zone of a's first time (UTC when it has none).
func zoneOf(a *api.Alert) *time.Location {
	for _, t := range []time.Time{a.DueAt, a.DetectedAt, a.UpdatedAt} {
		if !t.IsZero() {
			return t.Location()
		}
	}
	return time.UTC
}

// kindOf is the rule and state of a.
func kindOf(a *api.Alert) AlertKind {
	return AlertKind{AlertState{Level: a.Level, Status: a.Status, zone: zoneOf(a)},
		AlertRule{Rule: a.Rule, RuleName: a.RuleName, RuleNameEn: a.RuleNameEn, Category: a.Category, Basis: a.Basis}}
}

// whoOf is the place and person of a.
func whoOf(a *api.Alert) AlertWho {
	return AlertWho{AlertPlace{UnitID: a.UnitID, UnitName: a.UnitName, DeptID: a.DeptID, DeptName: a.DeptName},
		AlertPerson{PersonID: a.PersonID, PersonName: a.PersonName}}
}

// build makes the Alert of a with the given shared records.
func build(a *api.Alert, kind *AlertKind, who *AlertWho) *Alert {
	ids := a.ID + a.CaseID + a.CaseNo // one allocation for the three
	n, m := len(a.ID), len(a.ID)+len(a.CaseID)
	return &Alert{ID: ids[:n], CaseID: ids[n:m], CaseNo: ids[m:], Message: a.Message, AlertKind: kind,
		AlertWho: who, DaysRemaining: a.DaysRemaining, Ack: a.Ack,
		due: nanos(a.DueAt), detected: nanos(a.DetectedAt), updated: nanos(a.UpdatedAt)}
}

// API returns the alert as the contract's type (its times in one zone).
func (a *Alert) API() api.Alert {
	return api.Alert{ID: a.ID, Rule: a.Rule, RuleName: a.RuleName, RuleNameEn: a.RuleNameEn, Category: a.Category,
		Level: a.Level, Status: a.Status, CaseID: a.CaseID, CaseNo: a.CaseNo, UnitID: a.UnitID, UnitName: a.UnitName,
		DeptID: a.DeptID, DeptName: a.DeptName, PersonID: a.PersonID, PersonName: a.PersonName, DueAt: a.DueAt(),
		DaysRemaining: a.DaysRemaining, DetectedAt: a.DetectedAt(), UpdatedAt: a.UpdatedAt(),
		Basis: a.Basis, Message: a.Message, Ack: a.Ack}
}

// LevelRank orders levels by urgency: overdue 3, warning 2, notice 1,
// anything else 0.
func LevelRank(level string) int {
	switch level {
	case api.LevelOverdue:
		return 3
	case api.LevelWarning:
		return 2
	case api.LevelNotice:
		return 1
	}
	return 0
}

// compareUrgency orders alerts most urgent first: by level, then by due
// time, then by id (so the order is total).
func compareUrgency(a, b *Alert) int {
	if c := cmp.Compare(LevelRank(b.Level), LevelRank(a.Level)); c != 0 {
		return c
	}
	if c := cmp.Compare(a.due, b.due); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// maxIntern bounds each table of an interner; a full table starts over
// (what it held stays shared by the alerts that point to it).
const maxIntern = 1 << 15

// interner shares equal values between alerts, across the pages and the
// deltas of one AlertSync. Not safe for concurrent use.
type interner struct {
	strs  [numClasses]map[string]string // raw value -> sanitised, per class
	kinds map[AlertKind]*AlertKind
	whos  map[AlertWho]*AlertWho
}

// str returns the sanitised, shared form of raw in class cls.
func (in *interner) str(cls int, raw []byte) string {
	m := in.strs[cls]
	if s, ok := m[string(raw)]; ok {
		return s
	}
	if m == nil || len(m) >= maxIntern {
		m = make(map[string]string, 256)
		in.strs[cls] = m
	}
	k := string(raw)
	s := clean(cls, k)
	m[k] = s
	return s
}

// share returns the shared record equal to v, adding it when new.
func share[T comparable](m *map[T]*T, v T) *T {
	if p, ok := (*m)[v]; ok {
		return p
	}
	if *m == nil || len(*m) >= maxIntern {
		*m = make(map[T]*T, 256)
	}
	p := &v
	(*m)[v] = p
	return p
}

// compact turns a decoded, sanitised, validated api.Alert into an Alert
// whose shared parts come from in.
func (in *interner) compact(a *api.Alert) *Alert {
	return build(a, share(&in.kinds, kindOf(a)), share(&in.whos, whoOf(a)))
}

// Rejection is one record of an answer that the client refused.
type Rejection struct {
	// Index is the record's position in its page.
	Index int
	// ID is the record's id, sanitised; empty when it had none.
	ID string
	// Field names the member at fault ("days_remaining", "ack.at", "id").
	Field string
	// Reason says what was wrong with it.
	Reason string
}

// String reads "A00000012 days_remaining: number 1e400 is out of range".
func (r Rejection) String() string {
	id := r.ID
	if id == "" {
		id = fmt.Sprintf("#%d", r.Index)
	}
	return fmt.Sprintf("%s %s: %s", id, r.Field, r.Reason)
}

// Rejections counts the refused records and keeps the first of them.
type Rejections struct {
	Count int
	First Rejection
}

func (r *Rejections) add(x Rejection) {
	if r.Count == 0 {
		r.First = x
	}
	r.Count++
}

func (r *Rejections) merge(o Rejections) {
	if o.Count > 0 {
		if r.Count == 0 {
			r.First = o.First
		}
		r.Count += o.Count
	}
}
