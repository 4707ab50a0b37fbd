// Package sim generates the simulated case system: the people of the org
// tree and deterministic case lifecycles. A case is generated whole when it
// arrives, with its future events scheduled; its state at any time T is the
// part of its lifecycle at or before T. So the state of the simulation at a
// given simulated time depends only on the seed, never on how often the
// clock was advanced.
package sim

import "time"

// Zone is the simulation's time zone (China Standard Time).
var Zone = time.FixedZone("CST", 8*3600)

// Person is one member of staff.
type Person struct {
	ID     string
	Name   string
	UnitID string
	DeptID string
	Role   string
	Quota  bool // 入额
	Leader bool // 院领导
}

// Case is one case with its whole (past and scheduled) lifecycle.
type Case struct {
	ID         string
	No         string // 受案号
	Title      string
	Type       string
	Line       string
	UnitID     string
	DeptID     string
	LeadID     string
	AssistID   string
	Source     string // 移送, 申请, 主动发现
	AcceptedAt time.Time
	Major      bool
	FastTrack  bool
	HeavyTerm  bool // fast track with a likely sentence over one year
	Plea       bool
	LeaderCase bool
	Urgent     bool // public interest: urgent recommendation (15 days)
	Imported   bool
	ClosedAt   *time.Time // scheduled close
	Card       []CardField
	Parties    []Party
	Events     []Event // sorted by At
	Decisions  []Decision
	Documents  []Document
	CardErrors []CardError
	Review     *Review
	Defects    []Defect
}

// CardField is one field of the case card.
type CardField struct {
	Key   string
	Label string
	Value string
}

// Party is one person in a case.
type Party struct {
	ID           string
	Role         string // 犯罪嫌疑人, 被害人, 申请人, 行政机关
	Name         string
	Charge       string
	Measure      string // 拘留, 逮捕, 取保候审, 监视居住
	Custody      bool
	DetainedFrom *time.Time
}

// Event is one procedural event; At may lie in the future.
type Event struct {
	At     time.Time
	Type   string
	Actor  string // person id, or empty
	Detail string
}

// Decision is one decision on the case, mapped to a power of the list (or to
// none, when the list does not cover the action).
type Decision struct {
	ID      string
	PowerID string // empty: not covered by the list
	Action  string
	By      string // person id, or a body such as "committee"
	Role    string
	At      time.Time
}

// Document is one legal document.
type Document struct {
	ID        string
	Type      string
	DraftedBy string
	SignedBy  string
	IssuedAt  time.Time
}

// CardError is one case-card logic error: found by the check at FoundAt and
// fixed at FixedAt (nil: never, while the simulation runs).
type CardError struct {
	ID      string
	Rule    string
	Field   string
	Message string
	FoundAt time.Time
	FixedAt *time.Time
}

// Review is a quality review done after the case closed.
type Review struct {
	Mode       string
	Grade      string
	Reviewer   string
	Issues     []string
	ReviewedAt time.Time
}

// Defect is one defect-points entry against the lead prosecutor.
type Defect struct {
	PersonID string
	Aspect   string
	Item     string
	Points   int
	Source   string
	At       time.Time
}

// EventsUntil returns the events at or before t.
func (c *Case) EventsUntil(t time.Time) []Event {
	n := 0
	for n < len(c.Events) && !c.Events[n].At.After(t) {
		n++
	}
	return c.Events[:n]
}

// Happened returns the time of the first event of type typ at or before t.
func (c *Case) Happened(typ string, t time.Time) (time.Time, bool) {
	for _, e := range c.Events {
		if e.At.After(t) {
			break
		}
		if e.Type == typ {
			return e.At, true
		}
	}
	return time.Time{}, false
}

// OpenAt reports whether the case is open at t.
func (c *Case) OpenAt(t time.Time) bool {
	return !c.AcceptedAt.After(t) && (c.ClosedAt == nil || c.ClosedAt.After(t))
}
