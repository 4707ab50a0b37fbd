package rules

import (
	"fmt"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// Authority checks one decision of a case against the responsibility list
// in force, naming its decider (the store's org knows names and the deputy
// chiefs' lines).
type Authority func(c *sim.Case, d sim.Decision) (j domain.Judgement, deciderName string)

// SetAuthority sets the check R30 uses; without one R30 raises nothing.
func (en *Engine) SetAuthority(a Authority) { en.authority = a }

// overreach raises R30 for every decision taken by now beyond the
// authority the list gives (越权): one alert per decision, naming the case
// (the alert's), the decision and the decider. The decision stands once
// taken, so the alert stays after the case closes; it is dealt with by
// acknowledging it (and by whatever 追责 follows). It is a finding, not a
// deadline: its level is 待整改 (api.LevelRectify), never 预警 or 超期.
func (e *evaluator) overreach() {
	if e.authority == nil {
		return
	}
	for _, d := range e.c.Decisions {
		if d.At.After(e.now) {
			continue
		}
		j, name := e.authority(e.c, d)
		if j.Verdict != api.VerdictOver {
			continue
		}
		basis := domain.Rules["R30"].Basis
		if j.Basis != "" {
			basis = j.PowerID + " " + j.PowerName + "：" + j.Basis + "；" + basis
		}
		e.res.Findings = append(e.res.Findings, Finding{
			Key: "R30#" + d.ID, Rule: "R30", Category: api.CategoryAuthority, Level: api.LevelRectify,
			PersonID: d.By, DueAt: d.At, DetectedAt: d.At, Basis: basis,
			Message: fmt.Sprintf("越权：%s（%s %s）由%s（%s）决定；%s", d.Action, j.PowerID, j.PowerName,
				name, domain.RoleNames[d.Role], j.Reason),
		})
	}
}
