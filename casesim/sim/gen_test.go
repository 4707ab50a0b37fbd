package sim_test

import (
	"reflect"
	"testing"

	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/rules"
	"github.com/casewatch/casewatch/casesim/sim"
)

func TestArrivalsAreDeterministic(t *testing.T) {
	a := sim.NewGenerator(7).ArrivalsOn(2300)
	b := sim.NewGenerator(7).ArrivalsOn(2300)
	if len(a) == 0 || !reflect.DeepEqual(a, b) {
		t.Fatalf("same seed and day gave different cases (%d vs %d)", len(a), len(b))
	}
	c := sim.NewGenerator(8).ArrivalsOn(2300)
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same cases")
	}
}

// TestSimulatedVolumes checks that 120 days of simulation give a plausible
// picture: open cases, alerts of every level, and a few mis-routed decisions.
func TestSimulatedVolumes(t *testing.T) {
	g := sim.NewGenerator(1)
	first := sim.DayIndex(sim.DayStart(2300))
	var cases []*sim.Case
	for d := first; d < first+120; d++ {
		cases = append(cases, g.ArrivalsOn(d)...)
	}
	now := sim.DayStart(first + 120).Add(10 * 60 * 60 * 1e9)
	open, decisions, over, uncovered := 0, 0, 0, 0
	levels := map[string]int{}
	ruleSeen := map[string]int{}
	for _, c := range cases {
		if c.OpenAt(now) {
			open++
		}
		for _, f := range rules.Evaluate(c, now).Findings {
			levels[f.Level]++
			ruleSeen[f.Rule]++
		}
		for _, d := range c.Decisions {
			if d.At.After(now) {
				continue
			}
			decisions++
			if d.PowerID == "" {
				uncovered++
			} else if p, _ := domain.PowerByID(d.PowerID); !p.Allows(d.Role) {
				over++
			}
		}
	}
	t.Logf("cases %d, open %d, alerts %v, by rule %v, decisions %d, over %d, uncovered %d", len(cases), open, levels, ruleSeen, decisions, over, uncovered)
	if open < 300 || levels["notice"] == 0 || levels["warning"] == 0 || levels["overdue"] == 0 {
		t.Fatalf("implausible simulation: open %d, levels %v", open, levels)
	}
	if r := float64(over) / float64(decisions); r < 0.005 || r > 0.04 {
		t.Fatalf("over-authority share %.3f, want about 1-3%%", r)
	}
}
