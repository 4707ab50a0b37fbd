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
	// Unknown lists the facts of an imported case its export did not carry
	// (the column was not in the file): "plea", "detained". An indicator
	// that needs one does not count the case (data missing), rather than
	// read the absence as 否.
	Unknown []string `json:",omitempty"`
	// MatterID names the matter (同一案件) the case belongs to: the
	// 审查逮捕 and 审查起诉 cases of one matter (捕诉一体) share it. Empty
	// means the case is a matter of its own.
	MatterID string
	ClosedAt *time.Time // scheduled close (办结)
	// Court is the court stage of the matter (trial, judgment, service),
	// on the case that prosecuted it; nil until prosecuted or when the
	// case never goes to court.
	Court    *Court
	Property []Property // 涉案财物 seized in the matter
	// Outcomes are the results the quality indicators read (outcomes.go).
	Outcomes   *Outcomes `json:",omitempty"`
	Card       []CardField
	Parties    []Party
	Events     []Event // sorted by At
	Decisions  []Decision
	Documents  []Document
	CardErrors []CardError
	Review     *Review
	Defects    []Defect
	// Notices are the process-monitoring notices on the case, the
	// simulation's own and (loaded from the store) those issued through
	// the API; kept in their own table, not in the case's body.
	Notices []Notice `json:"-"`
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
	// MeasureFrom is when the organ that handled the matter before
	// (公安机关) decided 取保候审 or 监视居住; MeasureRenewedAt is when this
	// procuratorate decided anew after receiving the case (the period is
	// counted again from there), nil while it has not.
	MeasureFrom      *time.Time `json:",omitempty"`
	MeasureRenewedAt *time.Time `json:",omitempty"`
}

// Court is the court stage of a prosecuted matter.
type Court struct {
	Court     string    // the court that tried it
	Procedure string    // 速裁程序, 简易程序, 普通程序
	FiledAt   time.Time // the court accepted the indictment
	// Kind is judgment (判决) or ruling (裁定); Outcome is one of the
	// Outcome* values; Sentence is the main sentence of a conviction.
	Kind         string
	Outcome      string
	Sentence     string `json:",omitempty"`
	PronouncedAt time.Time
	// ServedAt is when this procuratorate received the judgment or
	// ruling (the protest period runs from the next day).
	ServedAt time.Time
}

// Court outcomes.
const (
	KindJudgment = "judgment" // 判决
	KindRuling   = "ruling"   // 裁定

	OutcomeConvicted  = "convicted"  // 有罪判决
	OutcomeExempted   = "exempted"   // 有罪但免予刑事处罚
	OutcomeAcquitted  = "acquitted"  // 无罪判决
	OutcomeWithdrawn  = "withdrawn"  // 裁定准许撤回起诉
	OutcomeTerminated = "terminated" // 裁定终止审理
)

// Property is one item of property seized in the matter (涉案财物).
type Property struct {
	ID      string
	Kind    string // 现金, 车辆, 手机, 银行存款 …
	Measure string // 查封, 扣押, 冻结
	Value   int    // yuan
	// ListedAt is when the 随案移送清单 reached this procuratorate (nil:
	// never); DisposedAt when it was disposed of after the matter ended
	// here (解除, 返还, 没收 or moved with the case), with Disposal saying how.
	ListedAt   *time.Time `json:",omitempty"`
	DisposedAt *time.Time `json:",omitempty"`
	Disposal   string     `json:",omitempty"`
}

// Event is one procedural event; At may lie in the future.
type Event struct {
	At     time.Time
	Type   string
	Actor  string // person id, or empty
	Detail string
}

// Decision is one dispositive decision on the case: its kind (a
// domain.KindSpec code), checked against the responsibility list by the
// store (PowerID is the item of the generator's list, for reference).
type Decision struct {
	ID      string
	Kind    string
	PowerID string // empty: no item of the list governs the kind
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
	// ReturnedAt is when the proof of service or the execution receipt
	// (送达回证, 执行回执) came back, for documents that need one; nil:
	// not (yet) returned.
	ReturnedAt *time.Time `json:",omitempty"`
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

// Matter returns the case's matter id: MatterID, or the case's own id.
func (c *Case) Matter() string {
	if c.MatterID != "" {
		return c.MatterID
	}
	return c.ID
}

// WatchedUntil is the last time anything is scheduled on the case: its
// close, or a later event of the duties that follow the person or the
// matter after the case itself is 办结 (custody during investigation, the
// court stage, reconsiderations). The system keeps evaluating a closed case
// up to this time; nil while the case has no scheduled close.
func (c *Case) WatchedUntil() *time.Time {
	if c.ClosedAt == nil {
		return nil
	}
	end := *c.ClosedAt
	if n := len(c.Events); n > 0 && c.Events[n-1].At.After(end) {
		end = c.Events[n-1].At
	}
	for _, d := range c.Documents {
		if d.ReturnedAt != nil && d.ReturnedAt.After(end) {
			end = *d.ReturnedAt
		}
	}
	for _, p := range c.Property {
		for _, t := range []*time.Time{p.ListedAt, p.DisposedAt} {
			if t != nil && t.After(end) {
				end = *t
			}
		}
	}
	if t := c.noticesUntil(); t.After(end) {
		end = t
	}
	return &end
}

// OpenAt reports whether the case is open at t.
func (c *Case) OpenAt(t time.Time) bool {
	return !c.AcceptedAt.After(t) && (c.ClosedAt == nil || c.ClosedAt.After(t))
}
