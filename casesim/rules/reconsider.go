package rules

import "github.com/casewatch/casewatch/casesim/domain"

// nonArrestReconsideration is R6: the investigating organ's 复议 of a
// non-arrest is decided within 7 days by another prosecutor of the same
// unit, and its 复核 within 15 days by the 上一级院, which owns that
// deadline. Both run after the arrest-review case is 办结.
func (e *evaluator) nonArrestReconsideration() {
	c := e.c
	if req := e.event(domain.EvReconsiderReq, c.AcceptedAt); req != nil {
		e.addFollowing(Deadline{Rule: "R6", Key: "R6", Stage: "不批捕复议（7日）", Start: req.At,
			LegalDays: 7, DueAt: e.cal.DueDays(req.At, 7, false), MetAt: e.at(domain.EvReconsiderDone, req.At),
			PersonID: req.Actor}, true)
	}
	if req := e.event(domain.EvReviewReq, c.AcceptedAt); req != nil {
		d := Deadline{Rule: "R6", Key: "R6#review", Stage: "不批捕复核（上一级院15日）", Start: req.At,
			LegalDays: 15, DueAt: e.cal.DueDays(req.At, 15, false), MetAt: e.at(domain.EvReviewDone, req.At),
			PersonID: req.Actor}
		if u, dept, ok := e.upperUnit(); ok {
			d.UnitID, d.DeptID = u, dept
		}
		e.addFollowing(d, true)
	}
}

// nonProsecutionReconsideration is R19: the investigating organ's 复议 of a
// non-prosecution is decided within 30 days by another prosecutor (刑诉规则
// 第379条), its 复核 within 30 days by the 上一级院 (第380条), which owns
// that deadline.
func (e *evaluator) nonProsecutionReconsideration() {
	c := e.c
	if req := e.event(domain.EvNPReconsiderReq, c.AcceptedAt); req != nil {
		e.addFollowing(Deadline{Rule: "R19", Key: "R19", Stage: "不起诉复议（30日）", Start: req.At,
			LegalDays: 30, DueAt: e.cal.DueDays(req.At, 30, false), MetAt: e.at(domain.EvNPReconsiderDone, req.At),
			PersonID: req.Actor}, true)
	}
	if req := e.event(domain.EvNPReviewReq, c.AcceptedAt); req != nil {
		d := Deadline{Rule: "R19", Key: "R19#review", Stage: "不起诉复核（上一级院30日）", Start: req.At,
			LegalDays: 30, DueAt: e.cal.DueDays(req.At, 30, false), MetAt: e.at(domain.EvNPReviewDone, req.At),
			PersonID: req.Actor}
		if u, dept, ok := e.upperUnit(); ok {
			d.UnitID, d.DeptID = u, dept
		}
		e.addFollowing(d, true)
	}
}
