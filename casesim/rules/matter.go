package rules

import (
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// matterRules adds the deadlines that follow the person and the matter
// (R7, R16–R19) and the property and document checks (R20–R23) of c.
func (e *evaluator) matterRules() {
	switch e.c.Type {
	case domain.TypeArrestReview:
		e.measures()
		e.decisionReturns()
	case domain.TypeProsecutionReview:
		e.measures()
		e.protestPeriod()
		e.victimProtestRequest()
		e.nonProsecutionReconsideration()
		e.propertyList()
		e.propertyDisposal()
		e.decisionReturns()
		e.pleaBond()
	}
	// A process-monitoring notice about a duty that runs after the close
	// (R12) follows it too.
	if cl := e.c.ClosedAt; cl != nil {
		for i := range e.res.Deadlines {
			if d := &e.res.Deadlines[i]; d.Rule == "R12" && d.Start.After(*cl) {
				d.AfterClose = true
			}
		}
	}
}

// event returns the first event of typ at or after from and at or before
// now.
func (e *evaluator) event(typ string, from time.Time) *sim.Event {
	for i, ev := range e.c.Events {
		if ev.At.After(e.now) {
			break
		}
		if ev.Type == typ && !ev.At.Before(from) {
			return &e.c.Events[i]
		}
	}
	return nil
}

// addFollowing adds a deadline that follows the person or the matter past
// the case's close, owned by person (the case's lead when empty) of the
// case's unit, or of unit and dept when set. consulted says whether its due
// time depended on the holiday calendar (see add).
func (e *evaluator) addFollowing(d Deadline, consulted bool) {
	if d.Start.After(e.now) {
		return
	}
	if consulted {
		d.CalendarGap = e.cal.UncoveredYears(d.Start, d.DueAt)
	}
	d.AfterClose = true
	if d.PeriodUnit == "" { // a period of days unless the caller said otherwise
		d.Period, d.PeriodUnit = d.LegalDays, api.PeriodDays
	}
	if d.SetBy == "" {
		d.SetBy = domain.SetBy[d.Rule]
	}
	if d.Basis == "" {
		d.Basis = domain.Rules[d.Rule].Basis
	}
	if d.PersonID == "" {
		d.PersonID = e.c.LeadID
	}
	e.res.Deadlines = append(e.res.Deadlines, d)
}

// upperUnit is the 上一级院 of the case's unit: its id and the id of its
// 第一检察部 (捕诉).
func (e *evaluator) upperUnit() (unit, dept string, ok bool) {
	u, found := domain.UnitByID(e.c.UnitID)
	if !found || u.ParentID == "" {
		return "", "", false
	}
	return u.ParentID, u.ParentID + "-D1", true
}

// wholeDays is the length of [from, to) in whole days, for LegalDays.
func wholeDays(from, to time.Time) int {
	return int(to.Sub(from) / day)
}

// suspectInCustody reports whether a suspect of c is in custody (在押).
func suspectInCustody(c *sim.Case) bool {
	for _, p := range c.Parties {
		if p.Role == "犯罪嫌疑人" && p.Custody {
			return true
		}
	}
	return false
}

// Findings returns the findings of c at now, as Evaluate(c, now).Findings
// does, but for a case closed at now it evaluates only the deadlines that
// follow the person or the matter past the close: the system's clock tick
// re-evaluates closed cases for those alone, many times a minute.
func (en *Engine) Findings(c *sim.Case, now time.Time) []Finding {
	if c.OpenAt(now) {
		return en.Evaluate(c, now).Findings
	}
	e := evaluator{c: c, now: now, cal: en.cal, authority: en.authority}
	if c.Type == domain.TypeArrestReview {
		e.nonArrestReconsideration()
		e.investigationCustody()
	}
	if c.Type == domain.TypeCustodyReview {
		e.custodyAdviceReply()
	}
	e.notices()
	e.matterRules()
	var out []Finding
	for _, d := range e.res.Deadlines {
		if !d.AfterClose {
			continue
		}
		if f, ok := deadlineFinding(d, now); ok {
			out = append(out, f)
		}
	}
	e.overreach() // a decision beyond authority stands after the close
	out = append(out, e.res.Findings...)
	return append(out, e.rigidIndicators()...) // R15 follows the matter
}
