package rules

import (
	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/calendar"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// ReviewDays is how long a case raised by R15 may wait for its 逐案评查
// before the alert is overdue (a choice of this system).
const ReviewDays = 30

// rigidIndicators raises R15 when the court acquits (无罪判决) or grants
// the withdrawal of the prosecution (撤回起诉): each occurrence counts
// against the unit (刚性指标) and queues the case for 逐案评查. It is a
// finding, not a deadline: 待整改 (rectify) from the pronouncement,
// 逾期未整改 (rectify_overdue) once ReviewDays pass without the review
// (the simulation does not record the review, so it stays open while the
// case is watched).
func (e *evaluator) rigidIndicators() []Finding {
	ct := e.c.Court
	if ct == nil || ct.PronouncedAt.After(e.now) {
		return nil
	}
	var msg string
	switch ct.Outcome {
	case sim.OutcomeAcquitted:
		msg = "法院判决无罪（刚性指标），应逐案评查、反向审视"
	case sim.OutcomeWithdrawn:
		msg = "法院裁定准许撤回起诉（刚性指标），应逐案评查"
	default:
		return nil
	}
	spec := domain.Rules["R15"]
	due := calendar.EndOfDay(e.cal.DueDays(ct.PronouncedAt, ReviewDays, false))
	level := api.LevelRectify
	if e.now.After(due) {
		level = api.LevelRectifyOverdue
	}
	return []Finding{{
		Key: "R15#" + ct.Outcome, Rule: "R15", Category: spec.Category, Level: level,
		PersonID: e.c.LeadID, DueAt: due, DetectedAt: ct.PronouncedAt, Basis: spec.Basis, Message: msg,
	}}
}
