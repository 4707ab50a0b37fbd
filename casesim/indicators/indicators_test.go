package indicators

import (
	"testing"

	"github.com/casewatch/casewatch/casesim/domain"
)

func TestSynthIsDeterministicAndInRange(t *testing.T) {
	u, _ := domain.UnitByID("U11")
	for _, spec := range domain.Indicators {
		if !Simulated(spec) {
			continue
		}
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
