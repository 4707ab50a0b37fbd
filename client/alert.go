package client

import (
	"cmp"
	"fmt"
	"time"

	"github.com/casewatch/casewatch/api"
)

// Alert is an alert as the client holds it: the fields of api.Alert, with
// the values that many alerts share (the rule, the unit and department,
// the person) held once in records the alerts point to. Their fields read
// as the alert's own (a.UnitName, a.RuleName); the shared records must not
// be modified, and neither may an Alert once published.
//
// About 220 bytes an alert plus its id and case number, against about
// 1 KB for an api.Alert with strings of its own (docs/PERFORMANCE.md).
type Alert struct {
	ID      string
	CaseID  string
	CaseNo  string
	Message string
	// Level and Status are codes (api.Level*, api.Status*); an unknown
	// level is kept as it came, sanitised.
	Level  string
	Status string
	*AlertRule
	*AlertPlace
	*AlertPerson
	DueAt         time.Time
	DetectedAt    time.Time
	UpdatedAt     time.Time
	DaysRemaining int
	RectifiedAt   *time.Time
	Ack           *api.Ack
}

// AlertRule is the rule of an alert, shared by the alerts of the rule.
type AlertRule struct {
	Rule, RuleName, RuleNameEn string
	// Category is a code (api.Category*); unknown ones are kept raw.
	Category string
	Basis    string
}

// AlertPlace is the unit and department of an alert, shared.
type AlertPlace struct {
	UnitID, UnitName, DeptID, DeptName string
}

// AlertPerson is the person responsible for an alert, shared.
type AlertPerson struct {
	PersonID, PersonName string
}

// NewAlert returns the client's form of a (with records of its own, not
// shared with any other alert). It does not sanitise: a comes from the
// decoder or from a test.
func NewAlert(a api.Alert) *Alert {
	return &Alert{ID: a.ID, CaseID: a.CaseID, CaseNo: a.CaseNo, Message: a.Message, Level: a.Level, Status: a.Status,
		AlertRule:   &AlertRule{Rule: a.Rule, RuleName: a.RuleName, RuleNameEn: a.RuleNameEn, Category: a.Category, Basis: a.Basis},
		AlertPlace:  &AlertPlace{UnitID: a.UnitID, UnitName: a.UnitName, DeptID: a.DeptID, DeptName: a.DeptName},
		AlertPerson: &AlertPerson{PersonID: a.PersonID, PersonName: a.PersonName},
		DueAt:       a.DueAt, DetectedAt: a.DetectedAt, UpdatedAt: a.UpdatedAt, DaysRemaining: a.DaysRemaining,
		RectifiedAt: a.RectifiedAt, Ack: a.Ack}
}

// API returns the alert as the contract's type.
func (a *Alert) API() api.Alert {
	return api.Alert{ID: a.ID, Rule: a.Rule, RuleName: a.RuleName, RuleNameEn: a.RuleNameEn, Category: a.Category,
		Level: a.Level, Status: a.Status, CaseID: a.CaseID, CaseNo: a.CaseNo, UnitID: a.UnitID, UnitName: a.UnitName,
		DeptID: a.DeptID, DeptName: a.DeptName, PersonID: a.PersonID, PersonName: a.PersonName, DueAt: a.DueAt,
		DaysRemaining: a.DaysRemaining, DetectedAt: a.DetectedAt, UpdatedAt: a.UpdatedAt, RectifiedAt: a.RectifiedAt,
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
	if c := a.DueAt.Compare(b.DueAt); c != 0 {
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
	strs    [numClasses]map[string]string // raw value -> sanitised, per class
	rules   map[AlertRule]*AlertRule
	places  map[AlertPlace]*AlertPlace
	persons map[AlertPerson]*AlertPerson
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

// compact turns a decoded, sanitised api.Alert into an Alert whose shared
// parts come from in.
func (in *interner) compact(a *api.Alert) *Alert {
	return &Alert{ID: a.ID, CaseID: a.CaseID, CaseNo: a.CaseNo, Message: a.Message, Level: a.Level, Status: a.Status,
		AlertRule:   share(&in.rules, AlertRule{Rule: a.Rule, RuleName: a.RuleName, RuleNameEn: a.RuleNameEn, Category: a.Category, Basis: a.Basis}),
		AlertPlace:  share(&in.places, AlertPlace{UnitID: a.UnitID, UnitName: a.UnitName, DeptID: a.DeptID, DeptName: a.DeptName}),
		AlertPerson: share(&in.persons, AlertPerson{PersonID: a.PersonID, PersonName: a.PersonName}),
		DueAt:       a.DueAt, DetectedAt: a.DetectedAt, UpdatedAt: a.UpdatedAt, DaysRemaining: a.DaysRemaining,
		RectifiedAt: a.RectifiedAt, Ack: a.Ack}
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
