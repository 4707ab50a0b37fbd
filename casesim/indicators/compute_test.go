package indicators

import (
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/calendar"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

func at(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 10, 0, 0, 0, sim.Zone) }

func suspects(n int, custody bool) []sim.Party {
	out := make([]sim.Party, n)
	for i := range out {
		out[i] = sim.Party{Role: "犯罪嫌疑人", Custody: custody}
	}
	return out
}

// value finds one computed value.
func value(t *testing.T, vals []Value, unit, id, period string) Value {
	t.Helper()
	for _, v := range vals {
		if v.UnitID == unit && v.IndicatorID == id && v.Period == period {
			return v
		}
	}
	t.Fatalf("no %s %s %s", unit, id, period)
	return Value{}
}

func TestBuildCountsTheMatter(t *testing.T) {
	ev := func(m, d int, typ string) sim.Event { return sim.Event{At: at(m, d), Type: typ} }
	closedMay := at(5, 20)
	cases := []*sim.Case{
		// Two arrest reviews in May: one approved (2 suspects), one refused.
		{ID: "a1", Type: domain.TypeArrestReview, Line: api.LineCriminal, UnitID: "U11", AcceptedAt: at(5, 1),
			Parties: suspects(2, true), Events: []sim.Event{ev(5, 3, domain.EvArrestApproved)}},
		{ID: "a2", Type: domain.TypeArrestReview, Line: api.LineCriminal, UnitID: "U11", AcceptedAt: at(5, 1), LeaderCase: true,
			Parties: suspects(1, false), Events: []sim.Event{ev(5, 4, domain.EvArrestRefused)}},
		// The approved one's prosecution: returned in April (10 days out),
		// prosecuted in May, acquitted in June; the suspects are in custody.
		{ID: "a1S", MatterID: "a1", Type: domain.TypeProsecutionReview, Line: api.LineCriminal, UnitID: "U11", AcceptedAt: at(4, 1),
			Parties: suspects(2, true), ClosedAt: &closedMay,
			Events: []sim.Event{ev(4, 10, domain.EvReturned), ev(4, 20, domain.EvResubmitted), ev(5, 20, domain.EvProsecuted)},
			Court:  &sim.Court{Outcome: sim.OutcomeAcquitted, PronouncedAt: at(6, 10)}},
		// A prosecution on bail not prosecuted in May, in a city's own caseload.
		{ID: "c1", Type: domain.TypeProsecutionReview, Line: api.LineCriminal, UnitID: "U10", AcceptedAt: at(5, 2), Plea: true,
			Parties: suspects(1, false), Events: []sim.Event{ev(5, 12, domain.EvNotProsecuted)}},
		// A petition answered late (more than 7 working days).
		{ID: "p1", Type: domain.TypePetition, Line: api.LineComplaint, UnitID: "U11", AcceptedAt: at(5, 4),
			Events: []sim.Event{ev(5, 25, domain.EvProceduralReply)}},
	}
	vals := Build(1, cases, []string{"2026-04", "2026-05", "2026-06"}, at(6, 30), calendar.Default())
	checks := []struct {
		unit, id, period string
		num, den         float64
	}{
		{"U11", "I02", "2026-05", 1, 3},       // 不捕率: 1 refused of 3 persons
		{"U11", "I03", "2026-05", 0, 2},       // 不诉率
		{"U10", "I03", "2026-05", 1, 3},       // the city adds its own case
		{"U00", "I03", "2026-05", 1, 3},       // and the province the city's
		{"U11", "I04", "2026-05", 2, 2},       // 诉前羁押率: both in custody
		{"U11", "I05", "2026-05", 0, 2},       // 捕后不诉
		{"U11", "I11", "2026-04", 1, 0},       // the return counts when it happens
		{"U11", "I11", "2026-05", 0, 1},       // the conclusion in May
		{"U11", "I14", "2026-06", 2, 0},       // 无罪判决: 2 persons, in June
		{"U11", "I14", "2026-05", 0, 2},       // prosecuted persons
		{"U11", "I17", "2026-05", 49 - 10, 1}, // 1 Apr → 20 May less 10 days out
		{"U11", "I01", "2026-05", 2, 2},       // two 案 end in May (refusal, prosecution)
		{"U11", "I01", "2026-04", 1, 0},       // the return is an extra 件
		{"U11", "I28", "2026-05", 0, 1},       // late reply
		{"U11", "I25", "2026-05", 1, 3},       // a leader's case of 3 accepted in May
		{"U11", "I06", "2026-06", 0, 2},       // an acquittal is no light sentence
	}
	for _, c := range checks {
		v := value(t, vals, c.unit, c.id, c.period)
		if v.Numerator != c.num || v.Denominator != c.den {
			t.Errorf("%s %s %s = %v/%v, want %v/%v", c.unit, c.id, c.period, v.Numerator, v.Denominator, c.num, c.den)
		}
	}
	if v := value(t, vals, "U11", "I14", "2026-06"); v.Value != 2 {
		t.Errorf("a rigid indicator's value is its count: %v", v.Value)
	}
	// Nothing counts after now.
	early := Build(1, cases, []string{"2026-06"}, at(6, 5), calendar.Default())
	if v := value(t, early, "U11", "I14", "2026-06"); v.Numerator != 0 {
		t.Errorf("an acquittal after now counted: %+v", v)
	}
}

// The history comes from the same simulation: the months before and after
// the first stored day are computed alike, so the level does not step.
func TestHistoryHasNoStep(t *testing.T) {
	g := sim.NewGenerator(7)
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, sim.Zone)
	cases := Simulate(g, HistoryStart(now), sim.DayIndex(now))
	months := Months(now, HistoryMonths+1)
	vals := Build(7, cases, months, now, g.Cal)
	// The province's 不诉率 in the first and last 12 complete months.
	mean := func(ms []string) float64 {
		num, den := 0.0, 0.0
		for _, m := range ms {
			v := value(t, vals, "U00", "I03", m)
			num, den = num+v.Numerator, den+v.Denominator
		}
		return 100 * num / den
	}
	first, last := mean(months[1:13]), mean(months[13:25])
	if d := first - last; d > 3 || d < -3 || first < 12 || first > 28 {
		t.Errorf("不诉率 %.1f%% then %.1f%%: a step, or out of the band", first, last)
	}
	for _, m := range months[:len(months)-1] {
		if v := value(t, vals, "U00", "I02", m); v.Denominator < 100 {
			t.Errorf("%s: the province decided on only %v arrests", m, v.Denominator)
		}
	}
}

// TestWithdrawalCountsWhenDecided: 撤回起诉 counts in the month the
// procuratorate decided it (the decision the responsibility list counts as
// P13), not the month the court ruled.
func TestWithdrawalCountsWhenDecided(t *testing.T) {
	closed := at(9, 1)
	c := &sim.Case{ID: "w1", Type: domain.TypeProsecutionReview, Line: api.LineCriminal, UnitID: "U11", AcceptedAt: at(8, 1),
		Parties: suspects(1, false), ClosedAt: &closed,
		Events:    []sim.Event{{At: at(9, 1), Type: domain.EvProsecuted}},
		Decisions: []sim.Decision{{ID: "w1-D1", Kind: "withdraw_prosecution", Action: "撤回起诉", At: at(10, 30)}},
		Court:     &sim.Court{Outcome: sim.OutcomeWithdrawn, PronouncedAt: at(11, 2)}}
	vals := Build(1, []*sim.Case{c}, []string{"2026-10", "2026-11"}, at(11, 30), calendar.Default())
	if oct, nov := value(t, vals, "U11", "I13", "2026-10"), value(t, vals, "U11", "I13", "2026-11"); oct.Numerator != 1 || nov.Numerator != 0 {
		t.Errorf("I13: October %v, November %v; want the withdrawal in October", oct.Numerator, nov.Numerator)
	}
}
