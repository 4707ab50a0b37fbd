package rules

import (
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// protestPeriod is R17: once this procuratorate has received the first-
// instance judgment (ruling), it decides on a protest within 10 (5) days
// from the next day (刑诉法第230条); after that the right is lost. A ruling
// that grants this procuratorate's own withdrawal is not reviewed. While
// the defendant is in custody the period does not extend over a holiday.
func (e *evaluator) protestPeriod() {
	ct := e.c.Court
	if ct == nil || ct.ServedAt.IsZero() || ct.ServedAt.After(e.now) || ct.Outcome == sim.OutcomeWithdrawn {
		return
	}
	days, stage := 10, "抗诉期限（判决10日）"
	if ct.Kind == sim.KindRuling {
		days, stage = 5, "抗诉期限（裁定5日）"
	}
	met := earliest(e.at(domain.EvProtested, ct.ServedAt), e.at(domain.EvProtestReviewed, ct.ServedAt))
	custody := suspectInCustody(e.c)
	e.addFollowing(Deadline{Rule: "R17", Key: "R17", Stage: stage, Start: ct.ServedAt, LegalDays: days,
		DueAt: e.cal.DueDays(ct.ServedAt, days, custody), MetAt: met}, !custody)
}

// victimProtestRequest is R18: a victim's request to protest is answered
// within 5 days of receiving it (刑诉法第229条).
func (e *evaluator) victimProtestRequest() {
	req := e.at(domain.EvVictimProtestReq, e.c.AcceptedAt)
	if req == nil {
		return
	}
	e.addFollowing(Deadline{Rule: "R18", Key: "R18", Stage: "答复被害人抗诉请求（5日）", Start: *req, LegalDays: 5,
		DueAt: e.cal.DueDays(*req, 5, false), MetAt: e.at(domain.EvVictimProtestAnswer, *req)}, true)
}
