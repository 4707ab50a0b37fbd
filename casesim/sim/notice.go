package sim

import "time"

// Notice kinds (the api codes): a verbal reminder or a written notice.
const (
	NoticeOral    = "oral"    // 口头提示
	NoticeWritten = "written" // 流程监控通知书
)

// Notice is a process-monitoring notice on a case (口头提示 or 流程监控通知书):
// issued by the case-management department to the handling prosecutor,
// replied to with the rectification, closed (销号) once it is verified.
// Times after the simulation clock are scheduled: the simulation decides a
// notice's reply and closure when it issues it, and they happen when the
// clock passes them. The store keeps notices in their own table (the
// simulation's and those issued through the API alike); the rule engine
// reads them here (R12).
type Notice struct {
	ID       string
	Kind     string
	Rule     string // the rule of the alert it answers, "" when unknown
	AlertID  string // the alert it was issued on (API notices)
	Category string // the problem's category (an api category code)
	Text     string
	IssuedBy string // who issued it (a person's name)
	IssuedAt time.Time
	// RoundAt is the start of the current round: IssuedAt, or the time the
	// notice was last reopened.
	RoundAt   time.Time
	DueAt     time.Time // end of the reply date
	RepliedAt *time.Time
	ReplyBy   string
	ReplyText string
	ClosedAt  *time.Time
	ClosedBy  string
	Simulated bool // issued by the simulation
}

// Round returns the start of the notice's current round.
func (n *Notice) Round() time.Time {
	if n.RoundAt.IsZero() {
		return n.IssuedAt
	}
	return n.RoundAt
}

// noticesUntil is the last time any notice of c changes on its own: a
// reply or closure scheduled, or the due time of an unanswered one.
func (c *Case) noticesUntil() time.Time {
	var end time.Time
	for _, n := range c.Notices {
		for _, t := range []*time.Time{&n.DueAt, n.RepliedAt, n.ClosedAt} {
			if t != nil && t.After(end) {
				end = *t
			}
		}
	}
	return end
}

// PlanReply decides how the handling prosecutor answers a notice issued
// (or reopened) through the API: within the period mostly, late about one
// time in six, never about one time in twelve. It depends only on the seed,
// the notice's id and the start of its round.
func (g *Generator) PlanReply(n *Notice) {
	r := g.rng("api-notice", n.ID, n.Round().UnixNano())
	span := n.DueAt.Sub(n.Round())
	var at time.Time
	switch x := r.Float64(); {
	case x < missingReplyShare:
		return
	case x < missingReplyShare+0.17:
		at = n.DueAt.Add(time.Duration((0.05 + 0.55*r.Float64()) * float64(span)))
	default:
		at = n.Round().Add(time.Duration((0.15 + 0.8*r.Float64()) * float64(span)))
	}
	n.RepliedAt, n.ReplyText = &at, ReplyTexts[r.IntN(len(ReplyTexts))]
}
