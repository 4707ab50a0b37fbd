package rules

import (
	"fmt"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
)

// custodyExtensions are the extensions of the investigation custody limit
// that a case may record, in the order the law allows them.
var custodyExtensions = []struct {
	event  string
	months int
	label  string
}{
	{domain.EvCustodyExtended, 1, "第156条延长1个月"},
	{domain.EvCustodyExtended158, 2, "第158条延长2个月"},
	{domain.EvCustodyExtended159, 2, "第159条再延长2个月"},
}

// investigationCustody is R7: the investigation custody limit (侦查羁押期限)
// of 刑诉法第156条, 2 months counted from the execution of the arrest (执行
// 逮捕), extended as the case records it: +1 month (第156条, 上一级院),
// +2 (第158条, 省级院), +2 more (第159条, 省级院). An extension counts only
// when recorded before the period it extends ran out. It follows the
// person after the arrest-review case is closed, until the matter is
// transferred for 审查起诉; the person is in custody, so the period never
// extends over a holiday.
func (e *evaluator) investigationCustody() {
	c := e.c
	approved := e.at(domain.EvArrestApproved, c.AcceptedAt)
	if approved == nil {
		return
	}
	start, stage := approved, "侦查羁押期限（执行逮捕后2个月"
	if x := e.at(domain.EvArrestExecuted, *approved); x != nil {
		start = x
	} else {
		stage = "侦查羁押期限（未录入执行逮捕时间，自批准逮捕起算2个月"
	}
	base := e.cal.DueMonths(*start, 2, true)
	due := base
	for _, x := range custodyExtensions {
		at := e.at(x.event, *start)
		if at == nil || at.After(due) {
			continue
		}
		due = e.cal.DueMonths(due, x.months, true)
		stage += "，" + x.label
	}
	stage += "）"
	e.addFollowing(Deadline{
		Rule: "R7", Key: "R7", Stage: stage, Start: *start,
		LegalDays: wholeDays(*start, base), ExtensionDays: wholeDays(base, due), DueAt: due,
		Period: 2, PeriodUnit: api.PeriodMonths,
		MetAt: e.at(domain.EvTransferred, *start),
	}, false)
}

// measures is R16: a suspect on 取保候审 (at most 12 months) or 监视居住 (at
// most 6 months, 刑诉法第79条) in an open case, counted from the decision
// the party records (a party with no recorded start cannot be counted and
// is left out). When a 审查起诉 case came on such a measure decided by the
// investigating organ, this procuratorate decides anew within 7 days and
// the period counts again from its decision; the old period is watched
// until then.
func (e *evaluator) measures() {
	c := e.c
	if !c.OpenAt(e.now) {
		return // a measure of this organ ends with the case
	}
	renewAsked := false
	for _, p := range c.Parties {
		if p.Role != "犯罪嫌疑人" || p.MeasureFrom == nil {
			continue
		}
		var months int
		switch p.Measure {
		case "取保候审":
			months = 12
		case "监视居住":
			months = 6
		default:
			continue
		}
		renewed := p.MeasureRenewedAt
		if renewed != nil && renewed.After(e.now) {
			renewed = nil
		}
		if !renewAsked && c.Type == domain.TypeProsecutionReview {
			renewAsked = true
			e.addPeriod("R16", "R16#renew", "移送审查起诉后重新作出"+p.Measure+"决定（7日）", c.AcceptedAt,
				period{7, api.PeriodDays}, 7, 0, e.cal.DueDays(c.AcceptedAt, 7, false), renewed, true)
			// The 7 days come from the 两高两部 regulation, not the statute.
			e.res.Deadlines[len(e.res.Deadlines)-1].SetBy = api.SetByRule
		}
		// The old period ends with this procuratorate's new decision.
		met := renewed
		due := e.cal.DueMonths(*p.MeasureFrom, months, false)
		e.addPeriod("R16", fmt.Sprintf("R16#%s#1", p.ID), fmt.Sprintf("%s%s（最长%d个月，侦查机关决定之日起）", p.Name, p.Measure, months),
			*p.MeasureFrom, period{months, api.PeriodMonths}, wholeDays(*p.MeasureFrom, due), 0, due, met, true)
		if renewed != nil {
			due := e.cal.DueMonths(*renewed, months, false)
			e.addPeriod("R16", fmt.Sprintf("R16#%s#2", p.ID), fmt.Sprintf("%s%s（最长%d个月，本院重新决定之日起）", p.Name, p.Measure, months),
				*renewed, period{months, api.PeriodMonths}, wholeDays(*renewed, due), 0, due, nil, true)
		}
	}
}
