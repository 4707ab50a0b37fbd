package rules

import (
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, sim.Zone) // a Monday

func at(days float64) time.Time { return t0.Add(time.Duration(days * float64(day))) }

func ev(typ string, days float64) sim.Event { return sim.Event{Type: typ, At: at(days)} }

func find(res Result, key string) (Finding, bool) {
	for _, f := range res.Findings {
		if f.Key == key {
			return f, true
		}
	}
	return Finding{}, false
}

func levelAt(c *sim.Case, key string, days float64) string {
	f, ok := find(Evaluate(c, at(days)), key)
	if !ok {
		return "-"
	}
	return f.Level
}

func arrestCase(custody, major bool, events ...sim.Event) *sim.Case {
	return &sim.Case{
		ID: "C1", Type: domain.TypeArrestReview, AcceptedAt: t0, LeadID: "P1", Major: major,
		Parties: []sim.Party{{Role: "犯罪嫌疑人", Custody: custody}},
		Events:  append([]sim.Event{ev(domain.EvAccepted, 0), ev(domain.EvRightsNotice, 1)}, events...),
	}
}

func TestR1ArrestReviewBoundaries(t *testing.T) {
	tests := []struct {
		name    string
		custody bool
		major   bool
		days    float64
		want    string
	}{
		{"detained, day 4: nothing yet", true, false, 4, "-"},
		{"detained, day 6 (last day): due now", true, false, 6.5, api.LevelWarning},
		{"detained, exactly day 7: still due, not overdue", true, false, 7, api.LevelWarning},
		{"detained, day 8: overdue", true, false, 7.01, api.LevelOverdue},
		{"at large, day 8: not even approaching", false, false, 8, "-"},
		{"at large, day 12.5: approaching", false, false, 12.5, api.LevelNotice},
		{"at large, day 15.5: overdue", false, false, 15.5, api.LevelOverdue},
		{"major at large, day 15.5: approaching, not overdue", false, true, 15.5, api.LevelNotice},
		{"major at large, day 20.5: overdue", false, true, 20.5, api.LevelOverdue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := arrestCase(tc.custody, tc.major)
			if got := levelAt(c, "R1", tc.days); got != tc.want {
				t.Errorf("level = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestR1MetDecisionRectifies(t *testing.T) {
	c := arrestCase(true, false, ev(domain.EvArrestApproved, 9))
	if got := levelAt(c, "R1", 8); got != api.LevelOverdue {
		t.Fatalf("before the decision: %s, want overdue", got)
	}
	res := Evaluate(c, at(10))
	if _, ok := find(res, "R1"); ok {
		t.Fatal("the late decision should clear R1")
	}
	for _, d := range res.Deadlines {
		if d.Key == "R1" && d.Status(at(10)) != api.DeadlineMetLate {
			t.Fatalf("R1 status %s, want met_late", d.Status(at(10)))
		}
	}
}

func TestR4RightsNoticeWithinThreeDays(t *testing.T) {
	c := &sim.Case{ID: "C2", Type: domain.TypeProsecutionReview, AcceptedAt: t0, LeadID: "P1",
		Events: []sim.Event{ev(domain.EvAccepted, 0), ev(domain.EvRightsNotice, 3.5)}}
	if got := levelAt(c, "R4", 2.5); got != api.LevelWarning {
		t.Errorf("day 3 (last day): %s, want warning", got)
	}
	if got := levelAt(c, "R4", 3); got != api.LevelWarning {
		t.Errorf("exactly 3 days: %s, want warning", got)
	}
	if got := levelAt(c, "R4", 3.2); got != api.LevelOverdue {
		t.Errorf("day 3.2: %s, want overdue", got)
	}
	if got := levelAt(c, "R4", 3.5); got != "-" {
		t.Errorf("after the notice: %s, want none", got)
	}
}

func TestR2ExtensionAndFastTrack(t *testing.T) {
	// 1 month from 2 March is 2 April (31 days).
	plain := &sim.Case{ID: "C3", Type: domain.TypeProsecutionReview, AcceptedAt: t0, LeadID: "P1",
		Events: []sim.Event{ev(domain.EvAccepted, 0), ev(domain.EvRightsNotice, 1)}}
	if got := levelAt(plain, "R2#0", 31.1); got != api.LevelOverdue {
		t.Errorf("plain, day 31.1: %s, want overdue", got)
	}
	extended := &sim.Case{ID: "C4", Type: domain.TypeProsecutionReview, AcceptedAt: t0, LeadID: "P1",
		Events: []sim.Event{ev(domain.EvAccepted, 0), ev(domain.EvRightsNotice, 1), ev(domain.EvExtended, 25)}}
	if got := levelAt(extended, "R2#0", 31.1); got != "-" {
		t.Errorf("extended, day 31.1: %s, want none", got)
	}
	if got := levelAt(extended, "R2#0", 45.5); got != api.LevelWarning {
		t.Errorf("extended, day 45.5 (last day of +15): %s, want warning", got)
	}
	if got := levelAt(extended, "R2#0", 46.1); got != api.LevelOverdue {
		t.Errorf("extended, day 46.1: %s, want overdue", got)
	}
	fast := &sim.Case{ID: "C5", Type: domain.TypeProsecutionReview, AcceptedAt: t0, LeadID: "P1", FastTrack: true,
		Events: []sim.Event{ev(domain.EvAccepted, 0), ev(domain.EvRightsNotice, 1)}}
	if got := levelAt(fast, "R2#0", 10); got != api.LevelWarning {
		t.Errorf("fast track day 10: %s, want warning", got)
	}
	if got := levelAt(fast, "R2#0", 10.5); got != api.LevelOverdue {
		t.Errorf("fast track day 10.5: %s, want overdue", got)
	}
	fast.HeavyTerm = true
	if got := levelAt(fast, "R2#0", 10.5); got != api.LevelNotice {
		t.Errorf("fast track over 1 year, day 10.5: %s, want notice", got)
	}
	if got := levelAt(fast, "R2#0", 15.5); got != api.LevelOverdue {
		t.Errorf("fast track over 1 year, day 15.5: %s, want overdue", got)
	}
}

func TestR2ClockRestartsAfterResubmission(t *testing.T) {
	c := &sim.Case{ID: "C6", Type: domain.TypeProsecutionReview, AcceptedAt: t0, LeadID: "P1",
		Events: []sim.Event{ev(domain.EvAccepted, 0), ev(domain.EvRightsNotice, 1),
			ev(domain.EvReturned, 20), ev(domain.EvResubmitted, 45)}}
	if got := levelAt(c, "R2#0", 40); got != "-" {
		t.Errorf("the return stops the first clock: %s", got)
	}
	if got := levelAt(c, "R3#0", 49); got != "-" {
		t.Errorf("resubmitted within a month: %s", got)
	}
	if got := levelAt(c, "R2#1", 60); got != "-" {
		t.Errorf("day 60, 15 days into the restarted clock: %s, want none", got)
	}
	if got := levelAt(c, "R2#1", 70); got != api.LevelNotice {
		t.Errorf("day 70, 25 days into the restarted clock: %s, want notice", got)
	}
	if got := levelAt(c, "R2#1", 76.5); got != api.LevelOverdue {
		t.Errorf("day 76.5, past one month after resubmission: %s, want overdue", got)
	}
}

func TestR3ThirdReturnIsFlagged(t *testing.T) {
	c := &sim.Case{ID: "C7", Type: domain.TypeProsecutionReview, AcceptedAt: t0, LeadID: "P1",
		Events: []sim.Event{ev(domain.EvAccepted, 0), ev(domain.EvRightsNotice, 1),
			ev(domain.EvReturned, 5), ev(domain.EvResubmitted, 20), ev(domain.EvReturned, 25),
			ev(domain.EvResubmitted, 40), ev(domain.EvReturned, 45)}}
	if got := levelAt(c, "R3#limit", 44); got != "-" {
		t.Errorf("before the third return: %s", got)
	}
	if got := levelAt(c, "R3#limit", 46); got != api.LevelOverdue {
		t.Errorf("after the third return: %s, want overdue", got)
	}
}

func TestR5WorkingDays(t *testing.T) {
	c := &sim.Case{ID: "C8", Type: domain.TypeCustodyReview, AcceptedAt: t0, LeadID: "P1"}
	// 10 working days from Monday 2 March is Monday 16 March.
	res := Evaluate(c, at(1))
	if len(res.Deadlines) != 1 || !res.Deadlines[0].DueAt.Equal(at(14)) {
		t.Fatalf("deadlines %+v, want due %v", res.Deadlines, at(14))
	}
	if got := levelAt(c, "R5", 14.1); got != api.LevelOverdue {
		t.Errorf("day 14.1: %s, want overdue", got)
	}
}

func TestCardErrorsAndClosedCases(t *testing.T) {
	closed := at(40)
	c := &sim.Case{ID: "C9", Type: domain.TypeCivilSupervision, AcceptedAt: t0, LeadID: "P1", ClosedAt: &closed,
		CardErrors: []sim.CardError{{ID: "K1", Rule: "R11", Field: "charge", Message: "人卡罪名与案卡罪名不一致", FoundAt: at(2)}}}
	if got := levelAt(c, "R11#K1", 3); got != api.LevelNotice {
		t.Errorf("found: %s, want notice", got)
	}
	if got := levelAt(c, "R11#K1", 20); got != api.LevelWarning {
		t.Errorf("15+ days unfixed: %s, want warning", got)
	}
	if got := levelAt(c, "R11#K1", 33); got != api.LevelOverdue {
		t.Errorf("30+ days unfixed: %s, want overdue", got)
	}
	if res := Evaluate(c, at(41)); len(res.Findings) != 0 {
		t.Errorf("a closed case raises nothing, got %+v", res.Findings)
	}
}

func TestEventsInTheFutureAreIgnored(t *testing.T) {
	c := arrestCase(true, false, ev(domain.EvArrestApproved, 30))
	if got := levelAt(c, "R1", 8); got != api.LevelOverdue {
		t.Errorf("a decision scheduled for day 30 has not happened on day 8: %s", got)
	}
}

func TestDaysRemaining(t *testing.T) {
	due := at(3)
	for _, tc := range []struct {
		now  float64
		want int
	}{{0, 3}, {0.5, 2}, {2.9, 0}, {3, 0}, {3.01, -1}, {4, -1}, {4.01, -2}} {
		if got := DaysRemaining(due, at(tc.now)); got != tc.want {
			t.Errorf("DaysRemaining at day %v = %d, want %d", tc.now, got, tc.want)
		}
	}
}

func TestAdministrativeSupervisionHasItsOwnRule(t *testing.T) {
	c := &sim.Case{ID: "C10", Type: domain.TypeAdminSupervision, AcceptedAt: t0, LeadID: "P1"}
	res := Evaluate(c, at(95))
	f, ok := find(res, "R8A")
	if !ok || f.Level != api.LevelOverdue || f.Basis != domain.Rules["R8A"].Basis {
		t.Fatalf("findings %+v", res.Findings)
	}
	if _, civil := find(res, "R8"); civil {
		t.Fatal("an administrative case must not cite the civil procedure law")
	}
}
