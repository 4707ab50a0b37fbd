package sim_test

import (
	"testing"

	"github.com/casewatch/casewatch/casesim/sim"
)

// TestCaseNumbersAreUnique checks that no two cases share a case number
// over more than a year of simulation, the 审查起诉 cases an arrest hands on
// included: two arrests of one unit with the same index on their days,
// transferred on the same day, used to get the same number (the demo showed
// two 芷滨检诉受〔2026〕8340号 with different prosecutors).
func TestCaseNumbersAreUnique(t *testing.T) {
	g := sim.NewGenerator(1)
	first := sim.DayIndex(sim.DayStart(2300))
	seen := map[string]string{}
	for d := first; d < first+400; d++ {
		for _, c := range g.ArrivalsOn(d) {
			if other, ok := seen[c.No]; ok && other != c.ID {
				t.Fatalf("case number %s held by %s and %s", c.No, other, c.ID)
			}
			seen[c.No] = c.ID
		}
	}
	if len(seen) < 1000 {
		t.Fatalf("only %d cases in 400 days", len(seen))
	}
}
