package indicators

import (
	"testing"
	"time"

	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

func TestSynthIsDeterministicAndInRange(t *testing.T) {
	u, _ := domain.UnitByID("U11")
	for _, spec := range domain.Indicators {
		a := Synth(3, u, spec, "2026-05")
		b := Synth(3, u, spec, "2026-05")
		if a != b {
			t.Fatalf("%s: not deterministic", spec.ID)
		}
		span := spec.Hi - spec.Lo
		if a.Value < spec.Lo-span*0.25 || a.Value > spec.Hi+span*0.25 {
			t.Errorf("%s: value %v far outside %v..%v", spec.ID, a.Value, spec.Lo, spec.Hi)
		}
	}
}

func TestFromCasesCountsDecisions(t *testing.T) {
	at := func(d int) time.Time { return time.Date(2026, 5, d, 10, 0, 0, 0, sim.Zone) }
	mk := func(id, typ string, evs ...sim.Event) *sim.Case {
		return &sim.Case{ID: id, Type: typ, Line: "criminal", UnitID: "U11", AcceptedAt: at(1), Events: evs}
	}
	cases := []*sim.Case{
		mk("a", domain.TypeArrestReview, sim.Event{At: at(3), Type: domain.EvArrestApproved}),
		mk("b", domain.TypeArrestReview, sim.Event{At: at(4), Type: domain.EvArrestRefused}),
		mk("c", domain.TypeArrestReview, sim.Event{At: at(5), Type: domain.EvArrestApproved}),
		mk("d", domain.TypeArrestReview, sim.Event{At: at(5), Type: domain.EvArrestApproved}),
		mk("e", domain.TypeArrestReview, sim.Event{At: at(25), Type: domain.EvArrestRefused}), // after now
	}
	vals := FromCases(cases, "2026-05", at(20))
	for _, v := range vals {
		if v.UnitID == "U11" && v.IndicatorID == "I02" {
			if v.Numerator != 1 || v.Denominator != 4 || v.Value != 25 {
				t.Fatalf("I02 = %+v, want 1/4 = 25%%", v)
			}
			return
		}
	}
	t.Fatal("no I02 value for U11")
}

func TestAggregateSumsUpTheTree(t *testing.T) {
	vals := []Value{
		{UnitID: "U11", IndicatorID: "I02", Period: "2026-05", Numerator: 1, Denominator: 4},
		{UnitID: "U12", IndicatorID: "I02", Period: "2026-05", Numerator: 3, Denominator: 4},
		{UnitID: "U21", IndicatorID: "I02", Period: "2026-05", Numerator: 0, Denominator: 2},
	}
	got := map[string]Value{}
	for _, v := range Aggregate(vals) {
		got[v.UnitID] = v
	}
	if got["U10"].Value != 50 || got["U20"].Value != 0 || got["U00"].Numerator != 4 || got["U00"].Denominator != 10 {
		t.Fatalf("aggregates wrong: %+v", got)
	}
}
