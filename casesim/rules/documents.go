package rules

import (
	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
)

// returnPeriods are the documents whose proof of service or execution
// receipt must come back, with the days allowed and the stage label.
var returnPeriods = map[string]struct {
	days  int
	stage string
	setBy string
}{
	"不批准逮捕决定书": {3, "不批准逮捕决定书执行回执（3日）", api.SetByRule}, // 《公安机关办理刑事案件程序规定》
	"不起诉决定书":   {7, "不起诉决定书送达回证（7日，本系统设定）", api.SetBySystem},
}

// decisionReturns is R22: a 不批准逮捕决定书 whose execution receipt has
// not come back within 3 days, or a 不起诉决定书 whose proof of service is
// not on file within 7 days (a period this system sets).
func (e *evaluator) decisionReturns() {
	if e.c.Imported {
		return // the import format carries no service records
	}
	for _, d := range e.c.Documents {
		p, ok := returnPeriods[d.Type]
		if !ok || d.IssuedAt.After(e.now) {
			continue
		}
		met := d.ReturnedAt
		if met != nil && met.After(e.now) {
			met = nil
		}
		e.addFollowing(Deadline{Rule: "R22", Key: "R22#" + d.ID, Stage: p.stage, Start: d.IssuedAt,
			LegalDays: p.days, SetBy: p.setBy, DueAt: e.cal.DueDays(d.IssuedAt, p.days, false), MetAt: met}, true)
	}
}

// pleaBond is R23: an indictment of a case with 认罪认罚 goes to court with
// the signed 具结书 (刑诉法第174条、第176条第2款); one missing at 起诉 is
// to be supplied within 3 days, a period this system sets.
func (e *evaluator) pleaBond() {
	c := e.c
	if !c.Plea {
		return
	}
	prosecuted := e.at(domain.EvProsecuted, c.AcceptedAt)
	if prosecuted == nil {
		return
	}
	for _, d := range c.Documents {
		if d.Type == "认罪认罚具结书" && !d.IssuedAt.After(*prosecuted) {
			return
		}
	}
	e.addFollowing(Deadline{Rule: "R23", Key: "R23", Stage: "认罪认罚具结书随案移送（3日，本系统设定）",
		Start: *prosecuted, LegalDays: 3, DueAt: e.cal.DueDays(*prosecuted, 3, false),
		MetAt: e.at(domain.EvPleaBondFiled, *prosecuted)}, true)
}
