package sim_test

import (
	"strings"
	"testing"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// TestDecisionsFollowTheList: two years of decisions are dispositive kinds the
// catalog knows, beyond authority rarely (under about 0.5 % per power) and
// only in the three ways it happens; a province list that lets a 检察官
// refuse an arrest makes the simulation's prosecutors decide it.
func TestDecisionsFollowTheList(t *testing.T) {
	g := sim.NewGenerator(1)
	first := sim.DayIndex(sim.DayStart(2300))
	n, over := map[string]int{}, map[string]int{}
	ways := map[string]int{}
	for d := first; d < first+730; d++ {
		for _, c := range g.ArrivalsOn(d) {
			for _, dc := range c.Decisions {
				if _, ok := domain.KindByCode(dc.Kind); !ok {
					t.Fatalf("%s: unknown kind %q", dc.ID, dc.Kind)
				}
				n[dc.Kind]++
				j := domain.DefaultPowers().Judge(dc.Kind, dc.Role, deputyInCharge(g, c, dc.By))
				if j.Verdict == api.VerdictOver {
					over[dc.Kind]++
					switch {
					case strings.Contains(j.Reason, "检委会"):
						ways["committee bypassed"]++
					case strings.Contains(j.Reason, "分管"):
						ways["deputy outside his line"]++
					case dc.Role == api.RoleProsecutor:
						ways["prosecutor deciding for the chief"]++
					default:
						t.Errorf("%s: beyond authority another way: %s", dc.ID, j.Reason)
					}
				}
			}
		}
	}
	total := 0
	for k, o := range over {
		total += o
		// 0.3 % expected; allow for chance.
		if r := float64(o) / float64(n[k]); n[k] >= 1000 && r > 0.007 {
			t.Errorf("%s: %d of %d beyond authority (%.2f %%)", k, o, n[k], 100*r)
		}
	}
	t.Logf("decisions %v; beyond authority %v; ways %v", n, over, ways)
	if total == 0 || len(ways) != 3 {
		t.Errorf("beyond authority %d in %d ways, want some in all three", total, len(ways))
	}
	for _, k := range []string{"arrest_approve", "arrest_refuse", "prosecute", "non_prosecution", "protest", "flow_notice", "complaint_conclusion", "custody_review_recommend", "pil_recommend"} {
		if n[k] == 0 {
			t.Errorf("no %s decision in two years", k)
		}
	}

	prov, err := domain.ParsePowers("prov.csv", stringsReader("id,line,name,name_en,allowed,kinds,basis\n"+
		"A1,criminal,不批准逮捕,Refuse arrest,prosecutor|chief,arrest_refuse,本省授权\n"))
	if err != nil {
		t.Fatal(err)
	}
	g2 := sim.NewGenerator(1)
	g2.Powers = prov
	refused, byProsecutor := 0, 0
	for d := first; d < first+30; d++ {
		for _, c := range g2.ArrivalsOn(d) {
			for _, dc := range c.Decisions {
				if dc.Kind == "arrest_refuse" {
					refused++
					if dc.Role == api.RoleProsecutor || dc.By == c.LeadID {
						byProsecutor++
					}
				}
			}
		}
	}
	if refused == 0 || byProsecutor != refused {
		t.Errorf("province list: %d of %d refusals by the 承办检察官", byProsecutor, refused)
	}
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
