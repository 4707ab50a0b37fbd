package rules

import (
	"time"

	"github.com/casewatch/casewatch/casesim/domain"
)

// propertyList is R20: seized property that reaches 审查起诉 without its
// transfer list (随案移送清单, 刑诉法第245条) is to be listed within 7 days,
// a period this system sets.
func (e *evaluator) propertyList() {
	c := e.c
	if !e.propertyUnlisted() {
		return
	}
	// Met when the last missing list arrived, if all have by now.
	var listed *time.Time
	pending := false
	for _, p := range c.Property {
		switch {
		case p.ListedAt != nil && !p.ListedAt.After(c.AcceptedAt):
			// came with the case
		case p.ListedAt == nil || p.ListedAt.After(e.now):
			pending = true
		case listed == nil || p.ListedAt.After(*listed):
			listed = p.ListedAt
		}
	}
	if pending {
		listed = nil
	}
	e.addFollowing(Deadline{Rule: "R20", Key: "R20", Stage: "补送涉案财物随案移送清单（7日，本系统设定）",
		Start: c.AcceptedAt, LegalDays: 7, DueAt: e.cal.DueDays(c.AcceptedAt, 7, false), MetAt: listed}, true)
}

// propertyUnlisted reports whether some property did not come with its
// list when the case was received.
func (e *evaluator) propertyUnlisted() bool {
	for _, p := range e.c.Property {
		if p.ListedAt == nil || p.ListedAt.After(e.c.AcceptedAt) {
			return true
		}
	}
	return false
}

// propertyDisposal is R21: on a non-prosecution the property is released
// at the same time (刑诉法第177条第3款); still undisposed 30 days after
// the decision (a period this system sets) it is overdue.
func (e *evaluator) propertyDisposal() {
	c := e.c
	if len(c.Property) == 0 {
		return
	}
	decided := e.at(domain.EvNotProsecuted, c.AcceptedAt)
	if decided == nil {
		return
	}
	var done *time.Time
	for _, p := range c.Property {
		if p.DisposedAt == nil || p.DisposedAt.After(e.now) {
			done = nil
			break
		}
		if done == nil || p.DisposedAt.After(*done) {
			done = p.DisposedAt
		}
	}
	e.addFollowing(Deadline{Rule: "R21", Key: "R21", Stage: "不起诉案件涉案财物解除查封扣押冻结（应同时处理，30日为本系统设定）",
		Start: *decided, LegalDays: 30, DueAt: e.cal.DueDays(*decided, 30, false), MetAt: done}, true)
}
