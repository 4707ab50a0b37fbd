package rules

import (
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

func TestRigidIndicatorsQueueTheCaseForReview(t *testing.T) {
	at := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 10, 0, 0, 0, sim.Zone) }
	closed := at(3, 10)
	mk := func(outcome string) *sim.Case {
		return &sim.Case{ID: "C1", Type: domain.TypeProsecutionReview, Line: api.LineCriminal, UnitID: "U11", LeadID: "P1",
			AcceptedAt: at(2, 20), ClosedAt: &closed,
			Events: []sim.Event{{At: at(2, 20), Type: domain.EvAccepted}, {At: closed, Type: domain.EvProsecuted}, {At: closed, Type: domain.EvClosed}},
			Court:  &sim.Court{Kind: sim.KindJudgment, Outcome: outcome, PronouncedAt: at(4, 15), ServedAt: at(4, 16)}}
	}
	find := func(c *sim.Case, now time.Time) *Finding {
		for _, f := range Evaluate(c, now).Findings {
			if f.Rule == "R15" {
				return &f
			}
		}
		return nil
	}
	for _, outcome := range []string{sim.OutcomeAcquitted, sim.OutcomeWithdrawn} {
		c := mk(outcome)
		if f := find(c, at(4, 14)); f != nil {
			t.Errorf("%s: R15 before the pronouncement: %+v", outcome, f)
		}
		f := find(c, at(4, 20)) // the case is closed: R15 follows the matter
		if f == nil || f.Level != api.LevelRectify || f.Category != api.CategoryQuality || !f.DetectedAt.Equal(at(4, 15)) || f.PersonID != "P1" {
			t.Fatalf("%s: R15 after the pronouncement: %+v", outcome, f)
		}
		if f := find(c, at(5, 20)); f == nil || f.Level != api.LevelRectifyOverdue {
			t.Errorf("%s: R15 after %d days without review: %+v", outcome, ReviewDays, f)
		}
	}
	if f := find(mk(sim.OutcomeConvicted), at(5, 20)); f != nil {
		t.Errorf("a conviction raised R15: %+v", f)
	}
}
