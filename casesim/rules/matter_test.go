package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// endOf is 24:00 of the given day of 2026 (the last instant of the day).
func endOf(m time.Month, d int) time.Time {
	return on(m, d, 0, 0).AddDate(0, 0, 1).Add(-time.Nanosecond)
}

func evOn(typ string, t time.Time, actor string) sim.Event {
	return sim.Event{Type: typ, At: t, Actor: actor}
}

// boundary checks a finding's level one minute before and one minute after
// the end of the last day.
func boundary(t *testing.T, c *sim.Case, key string, last time.Time, before, after string) {
	t.Helper()
	if got := levelOn(c, key, last.Add(-time.Minute)); got != before {
		t.Errorf("%s at %s: %s, want %s", key, last.Add(-time.Minute).Format("01-02 15:04"), got, before)
	}
	if got := levelOn(c, key, last.Add(time.Minute)); got != after {
		t.Errorf("%s at %s: %s, want %s", key, last.Add(time.Minute).Format("01-02 15:04"), got, after)
	}
}

// R7 counts from the execution of the arrest, not the decision: approved
// on 2 March at 23:00 and executed at 02:00 on 3 March, the 2 months end on
// 3 May at 24:00 (a holiday, but the person is in custody).
func TestR7CountsFromExecution(t *testing.T) {
	closed := on(3, 2, 23, 0)
	c := &sim.Case{ID: "C1", UnitID: "U11", Type: domain.TypeArrestReview, AcceptedAt: on(2, 26, 9, 0), LeadID: "P1",
		ClosedAt: &closed, Parties: []sim.Party{{Role: "犯罪嫌疑人", Custody: true}},
		Events: []sim.Event{evOn(domain.EvAccepted, on(2, 26, 9, 0), ""), evOn(domain.EvArrestApproved, closed, "P1"),
			evOn(domain.EvClosed, closed, "P1"), evOn(domain.EvArrestExecuted, on(3, 3, 2, 0), "")}}
	d := deadlineOf(t, c, "R7", on(3, 10, 9, 0))
	if !d.DueAt.Equal(endOf(5, 3)) || !d.Start.Equal(on(3, 3, 2, 0)) {
		t.Fatalf("R7: start %v due %v, want from 3 March 02:00 to the end of 3 May", d.Start, d.DueAt)
	}
	// The arrest-review case is closed, yet the custody limit follows the person.
	boundary(t, c, "R7", endOf(5, 3), api.LevelWarning, api.LevelOverdue)
	c.Events = append(c.Events, evOn(domain.EvTransferred, on(5, 1, 10, 0), ""))
	if got := levelOn(c, "R7", on(5, 4, 9, 0)); got != "-" {
		t.Errorf("transferred in time: %s, want no finding", got)
	}
}

// Extensions chain from the end of the period they extend, each only when
// recorded before that period ran out: 2 months from 3 March (3 May), +1
// (第156条: 3 June), +2 (第158条: 3 August), +2 (第159条: 3 October).
func TestR7Extensions(t *testing.T) {
	base := []sim.Event{evOn(domain.EvAccepted, on(2, 26, 9, 0), ""), evOn(domain.EvArrestApproved, on(3, 2, 23, 0), "P1"),
		evOn(domain.EvArrestExecuted, on(3, 3, 2, 0), "")}
	mk := func(extra ...sim.Event) *sim.Case {
		return &sim.Case{ID: "C1", Type: domain.TypeArrestReview, AcceptedAt: on(2, 26, 9, 0), LeadID: "P1",
			Parties: []sim.Party{{Role: "犯罪嫌疑人", Custody: true}}, Events: append(append([]sim.Event{}, base...), extra...)}
	}
	all := mk(evOn(domain.EvCustodyExtended, on(4, 28, 10, 0), ""), evOn(domain.EvCustodyExtended158, on(5, 30, 10, 0), ""),
		evOn(domain.EvCustodyExtended159, on(7, 30, 10, 0), ""))
	d := deadlineOf(t, all, "R7", on(8, 1, 9, 0))
	if !d.DueAt.Equal(endOf(10, 3)) || !strings.Contains(d.Stage, "第159条") {
		t.Errorf("all three extensions: due %v (%s), want the end of 3 October", d.DueAt, d.Stage)
	}
	boundary(t, all, "R7", endOf(10, 3), api.LevelWarning, api.LevelOverdue)
	late := mk(evOn(domain.EvCustodyExtended, on(5, 4, 10, 0), ""))
	if d := deadlineOf(t, late, "R7", on(5, 5, 9, 0)); !d.DueAt.Equal(endOf(5, 3)) {
		t.Errorf("an extension recorded after the limit ran out counts: due %v", d.DueAt)
	}
}

func bailCase(measure string, from time.Time, renewed *time.Time) *sim.Case {
	return &sim.Case{ID: "C2", UnitID: "U11", Type: domain.TypeProsecutionReview, AcceptedAt: on(3, 2, 9, 0), LeadID: "P1",
		Parties: []sim.Party{{ID: "C2-R1", Role: "犯罪嫌疑人", Name: "王某", Measure: measure, MeasureFrom: &from, MeasureRenewedAt: renewed}},
		Events:  []sim.Event{evOn(domain.EvAccepted, on(3, 2, 9, 0), "")}}
}

// R16: bail decided by the police on 10 March 2025 runs 12 months to 10
// March 2026 (a Tuesday); the procuratorate's new decision is due within 7
// days of receiving the case (9 March, a Monday) and restarts the count.
func TestR16BailAndItsRenewal(t *testing.T) {
	c := bailCase("取保候审", time.Date(2025, 3, 10, 15, 0, 0, 0, sim.Zone), nil)
	boundary(t, c, "R16#renew", endOf(3, 9), api.LevelWarning, api.LevelOverdue)
	boundary(t, c, "R16#C2-R1#1", endOf(3, 10), api.LevelWarning, api.LevelOverdue)
	renewed := on(3, 6, 10, 0)
	c = bailCase("取保候审", time.Date(2025, 3, 10, 15, 0, 0, 0, sim.Zone), &renewed)
	for _, f := range Evaluate(c, on(3, 11, 9, 0)).Findings {
		if f.Rule == "R16" {
			t.Errorf("renewed in time: %+v", f)
		}
	}
	// 12 months from 6 March 2026: Saturday 6 March 2027, out of custody
	// Monday 8 March; 2027's holidays are not published, and the deadline
	// says so.
	d := deadlineOf(t, c, "R16#C2-R1#2", on(3, 11, 9, 0))
	if want := time.Date(2027, 3, 9, 0, 0, 0, 0, sim.Zone).Add(-time.Nanosecond); !d.DueAt.Equal(want) || len(d.CalendarGap) == 0 {
		t.Errorf("renewed period: due %v gap %v, want %v with 2027 uncovered", d.DueAt, d.CalendarGap, want)
	}
	// A closed case raises nothing about measures.
	closed := on(3, 5, 9, 0)
	c = bailCase("取保候审", time.Date(2025, 3, 10, 15, 0, 0, 0, sim.Zone), nil)
	c.ClosedAt = &closed
	if got := levelOn(c, "R16#C2-R1#1", on(3, 11, 9, 0)); got != "-" {
		t.Errorf("closed case: %s", got)
	}
}

// R16: 6 months of 监视居住 from 1 November 2025 end on 1 May 2026, a
// holiday; out of custody the period runs to the first working day after
// the 劳动节 holiday, 6 May.
func TestR16SurveillanceOverAHoliday(t *testing.T) {
	renewedLate := on(5, 20, 9, 0) // after the old period ran out
	c := bailCase("监视居住", time.Date(2025, 11, 1, 10, 0, 0, 0, sim.Zone), &renewedLate)
	c.AcceptedAt = on(4, 27, 9, 0)
	boundary(t, c, "R16#C2-R1#1", endOf(5, 6), api.LevelWarning, api.LevelOverdue)
	if got := levelOn(c, "R16#C2-R1#1", on(5, 2, 0, 1)); got == api.LevelOverdue {
		t.Error("overdue on 2 May: a holiday last day out of custody extends")
	}
	d := deadlineOf(t, c, "R16#C2-R1#1", on(5, 25, 9, 0))
	if d.Status(on(5, 25, 9, 0)) != api.DeadlineMetLate {
		t.Errorf("renewed after expiry: status %s, want met_late", d.Status(on(5, 25, 9, 0)))
	}
}

func courtCase(kind, outcome string, served time.Time, custody bool, extra ...sim.Event) *sim.Case {
	closed := served.AddDate(0, 0, -20)
	return &sim.Case{ID: "C3", UnitID: "U11", Type: domain.TypeProsecutionReview, AcceptedAt: closed.AddDate(0, 0, -20),
		LeadID: "P1", ClosedAt: &closed, Parties: []sim.Party{{Role: "犯罪嫌疑人", Custody: custody}},
		Court: &sim.Court{Kind: kind, Outcome: outcome, FiledAt: closed.Add(day), PronouncedAt: served, ServedAt: served},
		Events: append([]sim.Event{evOn(domain.EvAccepted, closed.AddDate(0, 0, -20), ""), evOn(domain.EvProsecuted, closed, "P1"),
			evOn(domain.EvClosed, closed, "P1"), evOn(domain.EvJudgmentServed, served, "P1")}, extra...)}
}

// R17: a judgment received on Monday 2 March: 10 days from the next day, to
// 12 March at 24:00. The case was closed at 起诉; the period still runs.
func TestR17ProtestPeriodForAJudgment(t *testing.T) {
	c := courtCase(sim.KindJudgment, sim.OutcomeConvicted, on(3, 2, 15, 0), false)
	boundary(t, c, "R17", endOf(3, 12), api.LevelWarning, api.LevelOverdue)
	c.Events = append(c.Events, evOn(domain.EvProtestReviewed, on(3, 12, 16, 0), "P1"))
	if got := levelOn(c, "R17", on(3, 13, 9, 0)); got != "-" {
		t.Errorf("decided on the last day: %s, want no finding", got)
	}
	// Received 21 September: the 10th day is 1 October (国庆). At large the
	// period runs to 8 October; in custody it ends on 1 October.
	free := courtCase(sim.KindJudgment, sim.OutcomeConvicted, on(9, 21, 15, 0), false)
	boundary(t, free, "R17", endOf(10, 8), api.LevelWarning, api.LevelOverdue)
	held := courtCase(sim.KindJudgment, sim.OutcomeConvicted, on(9, 21, 15, 0), true)
	boundary(t, held, "R17", endOf(10, 1), api.LevelWarning, api.LevelOverdue)
}

// R17: a ruling has 5 days; received Monday 2 March, the 5th day is
// Saturday 7 March: at large to Monday 9 March, in custody 7 March. A
// ruling granting this procuratorate's own withdrawal is not watched.
func TestR17ProtestPeriodForARuling(t *testing.T) {
	boundary(t, courtCase(sim.KindRuling, sim.OutcomeTerminated, on(3, 2, 15, 0), false), "R17", endOf(3, 9), api.LevelWarning, api.LevelOverdue)
	boundary(t, courtCase(sim.KindRuling, sim.OutcomeTerminated, on(3, 2, 15, 0), true), "R17", endOf(3, 7), api.LevelWarning, api.LevelOverdue)
	if got := levelOn(courtCase(sim.KindRuling, sim.OutcomeWithdrawn, on(3, 2, 15, 0), false), "R17", on(3, 20, 9, 0)); got != "-" {
		t.Errorf("withdrawal ruling: %s, want nothing", got)
	}
	if got := levelOn(courtCase(sim.KindJudgment, sim.OutcomeConvicted, on(3, 2, 15, 0), false), "R17", on(3, 2, 14, 0)); got != "-" {
		t.Errorf("before the judgment was received: %s", got)
	}
}

// R18: a victim's request received Monday 2 March is answered within 5
// days; the 5th day is a Saturday, so the period runs to Monday 9 March.
func TestR18VictimsRequest(t *testing.T) {
	c := courtCase(sim.KindJudgment, sim.OutcomeConvicted, on(2, 27, 15, 0), true,
		evOn(domain.EvVictimProtestReq, on(3, 2, 10, 0), ""))
	boundary(t, c, "R18", endOf(3, 9), api.LevelWarning, api.LevelOverdue)
	c.Events = append(c.Events, evOn(domain.EvVictimProtestAnswer, on(3, 6, 10, 0), "P1"))
	if got := levelOn(c, "R18", on(3, 10, 9, 0)); got != "-" {
		t.Errorf("answered: %s", got)
	}
}

// R19 and R6: 复议 by another prosecutor of the unit, 复核 by the 上一级院,
// which owns its alert.
func TestReconsiderationsAndTheirOwners(t *testing.T) {
	closed := on(3, 1, 10, 0)
	np := &sim.Case{ID: "C4", UnitID: "U11", DeptID: "U11-D1", Type: domain.TypeProsecutionReview, AcceptedAt: on(2, 1, 9, 0),
		LeadID: "P1", ClosedAt: &closed, Parties: []sim.Party{{Role: "犯罪嫌疑人"}},
		Events: []sim.Event{evOn(domain.EvAccepted, on(2, 1, 9, 0), ""), evOn(domain.EvNotProsecuted, closed, "P1"),
			evOn(domain.EvClosed, closed, "P1"), evOn(domain.EvNPReconsiderReq, on(3, 2, 10, 0), "P2")}}
	boundary(t, np, "R19", endOf(4, 1), api.LevelWarning, api.LevelOverdue)
	if f, _ := find(Evaluate(np, on(4, 1, 9, 0)), "R19"); f.PersonID != "P2" || f.UnitID != "" {
		t.Errorf("复议 owner: person %s unit %q, want P2 of the case's unit", f.PersonID, f.UnitID)
	}
	np.Events = append(np.Events, evOn(domain.EvNPReconsiderDone, on(3, 20, 10, 0), "P2"),
		evOn(domain.EvNPReviewReq, on(3, 23, 10, 0), "UP1"))
	boundary(t, np, "R19#review", endOf(4, 22), api.LevelWarning, api.LevelOverdue)
	if f, _ := find(Evaluate(np, on(4, 22, 9, 0)), "R19#review"); f.PersonID != "UP1" || f.UnitID != "U10" || f.DeptID != "U10-D1" {
		t.Errorf("复核 owner: %s %s %s, want UP1 of U10-D1", f.PersonID, f.UnitID, f.DeptID)
	}

	refused := &sim.Case{ID: "C5", UnitID: "U11", Type: domain.TypeArrestReview, AcceptedAt: on(2, 20, 9, 0), LeadID: "P1",
		ClosedAt: &closed, Parties: []sim.Party{{Role: "犯罪嫌疑人", Custody: true}},
		Events: []sim.Event{evOn(domain.EvAccepted, on(2, 20, 9, 0), ""), evOn(domain.EvArrestRefused, closed, "P1"),
			evOn(domain.EvClosed, closed, "P1"), evOn(domain.EvReconsiderReq, on(3, 2, 10, 0), "P2"),
			evOn(domain.EvReconsiderDone, on(3, 6, 10, 0), "P2"), evOn(domain.EvReviewReq, on(3, 9, 10, 0), "UP1")}}
	boundary(t, refused, "R6#review", endOf(3, 24), api.LevelWarning, api.LevelOverdue)
	if f, _ := find(Evaluate(refused, on(3, 24, 9, 0)), "R6#review"); f.UnitID != "U10" || f.PersonID != "UP1" {
		t.Errorf("不批捕复核 owner: %s %s, want UP1 of U10", f.UnitID, f.PersonID)
	}
}

// R20 and R21: property that came without its list, and property left
// undisposed after a non-prosecution.
func TestPropertyRules(t *testing.T) {
	listed := on(3, 5, 10, 0)
	c := &sim.Case{ID: "C6", UnitID: "U11", Type: domain.TypeProsecutionReview, AcceptedAt: on(3, 2, 9, 0), LeadID: "P1",
		Parties:  []sim.Party{{Role: "犯罪嫌疑人"}},
		Property: []sim.Property{{ID: "C6-P1", Kind: "手机"}},
		Events:   []sim.Event{evOn(domain.EvAccepted, on(3, 2, 9, 0), "")}}
	boundary(t, c, "R20", endOf(3, 9), api.LevelWarning, api.LevelOverdue)
	c.Property[0].ListedAt = &listed
	if got := levelOn(c, "R20", on(3, 10, 9, 0)); got != "-" {
		t.Errorf("listed on 5 March: %s", got)
	}
	with := on(3, 2, 9, 0)
	c.Property[0].ListedAt = &with
	if d := Evaluate(c, on(3, 10, 9, 0)).Deadlines; len(d) > 0 {
		for _, x := range d {
			if x.Rule == "R20" {
				t.Errorf("listed with the case: %+v", x)
			}
		}
	}

	closed := on(3, 2, 11, 0)
	c.ClosedAt = &closed
	c.Events = append(c.Events, evOn(domain.EvNotProsecuted, closed, "P1"), evOn(domain.EvClosed, closed, "P1"))
	boundary(t, c, "R21", endOf(4, 1), api.LevelWarning, api.LevelOverdue)
	disposed := on(4, 3, 10, 0)
	c.Property[0].DisposedAt = &disposed
	d := deadlineOf(t, c, "R21", on(4, 5, 9, 0))
	if d.Status(on(4, 5, 9, 0)) != api.DeadlineMetLate {
		t.Errorf("disposed on 3 April: %s, want met_late", d.Status(on(4, 5, 9, 0)))
	}
}

// R22 and R23: a decision without its receipt, an indictment without the
// plea agreement.
func TestDocumentRules(t *testing.T) {
	closed := on(3, 2, 11, 0)
	refused := &sim.Case{ID: "C7", UnitID: "U11", Type: domain.TypeArrestReview, AcceptedAt: on(2, 25, 9, 0), LeadID: "P1",
		ClosedAt: &closed, Parties: []sim.Party{{Role: "犯罪嫌疑人", Custody: true}},
		Documents: []sim.Document{{ID: "C7-W1", Type: "不批准逮捕决定书", IssuedAt: closed}},
		Events: []sim.Event{evOn(domain.EvAccepted, on(2, 25, 9, 0), ""), evOn(domain.EvArrestRefused, closed, "P1"),
			evOn(domain.EvClosed, closed, "P1")}}
	boundary(t, refused, "R22#C7-W1", endOf(3, 5), api.LevelWarning, api.LevelOverdue)
	back := on(3, 4, 9, 0)
	refused.Documents[0].ReturnedAt = &back
	if got := levelOn(refused, "R22#C7-W1", on(3, 6, 9, 0)); got != "-" {
		t.Errorf("receipt back: %s", got)
	}

	plea := &sim.Case{ID: "C8", UnitID: "U11", Type: domain.TypeProsecutionReview, AcceptedAt: on(2, 20, 9, 0), LeadID: "P1",
		Plea: true, ClosedAt: &closed, Parties: []sim.Party{{Role: "犯罪嫌疑人"}},
		Documents: []sim.Document{{ID: "C8-W1", Type: "起诉书", IssuedAt: closed}},
		Events: []sim.Event{evOn(domain.EvAccepted, on(2, 20, 9, 0), ""), evOn(domain.EvProsecuted, closed, "P1"),
			evOn(domain.EvClosed, closed, "P1")}}
	boundary(t, plea, "R23", endOf(3, 5), api.LevelWarning, api.LevelOverdue)
	plea.Documents = append(plea.Documents, sim.Document{ID: "C8-W2", Type: "认罪认罚具结书", IssuedAt: closed})
	if got := levelOn(plea, "R23", on(3, 6, 9, 0)); got != "-" {
		t.Errorf("具结书 with the indictment: %s", got)
	}
}

// Every new rule names its article and edition in its basis, and says
// where the period is this system's choice.
func TestMatterRuleBases(t *testing.T) {
	for _, id := range []string{"R16", "R17", "R18", "R19", "R20", "R21", "R22", "R23"} {
		r, ok := domain.Rules[id]
		if !ok {
			t.Fatalf("%s not registered", id)
		}
		if !strings.Contains(r.Basis, "第") || !(strings.Contains(r.Basis, "修正") || strings.Contains(r.Basis, "2019") || strings.Contains(r.Basis, "2022")) {
			t.Errorf("%s basis names no article and edition: %s", id, r.Basis)
		}
	}
	for id, want := range map[string][]string{"R7": {"第156条", "第158条", "第159条", "执行逮捕"}, "R6": {"上一级人民检察院", "15日"}} {
		for _, w := range want {
			if !strings.Contains(domain.Rules[id].Basis, w) {
				t.Errorf("%s basis lacks %s: %s", id, w, domain.Rules[id].Basis)
			}
		}
	}
	for _, id := range []string{"R20", "R21", "R23"} {
		if !strings.Contains(domain.Rules[id].Basis, "本系统设定") {
			t.Errorf("%s: a period the system chose is not said to be: %s", id, domain.Rules[id].Basis)
		}
	}
}

// R16 on an arrest review: a suspect at large on the police's bail is
// watched while the review is open; no new decision is asked for.
func TestR16OnArrestReview(t *testing.T) {
	from := time.Date(2025, 3, 10, 15, 0, 0, 0, sim.Zone)
	c := &sim.Case{ID: "C9", UnitID: "U11", Type: domain.TypeArrestReview, AcceptedAt: on(3, 2, 9, 0), LeadID: "P1",
		Parties: []sim.Party{{ID: "C9-R1", Role: "犯罪嫌疑人", Name: "王某", Measure: "取保候审", MeasureFrom: &from}},
		Events:  []sim.Event{evOn(domain.EvAccepted, on(3, 2, 9, 0), "")}}
	boundary(t, c, "R16#C9-R1#1", endOf(3, 10), api.LevelWarning, api.LevelOverdue)
	if got := levelOn(c, "R16#renew", on(3, 12, 9, 0)); got != "-" {
		t.Errorf("arrest review asked for a new decision: %s", got)
	}
}

// A notice issued about a duty after the case's close (here the custody
// limit) is followed like the duty: its reply deadline still raises R12.
func TestNoticeAfterCloseFollows(t *testing.T) {
	closed := on(3, 2, 23, 0)
	c := &sim.Case{ID: "C10", UnitID: "U11", Type: domain.TypeArrestReview, AcceptedAt: on(2, 26, 9, 0), LeadID: "P1",
		ClosedAt: &closed, Parties: []sim.Party{{Role: "犯罪嫌疑人", Custody: true}},
		Events: []sim.Event{evOn(domain.EvAccepted, on(2, 26, 9, 0), ""), evOn(domain.EvArrestApproved, closed, "P1"),
			evOn(domain.EvClosed, closed, "P1"), evOn(domain.EvArrestExecuted, on(3, 3, 2, 0), "")},
		Notices: []sim.Notice{{ID: "C10-N1", Kind: sim.NoticeWritten, IssuedAt: on(5, 5, 10, 0), DueAt: endOf(5, 12)}}}
	if got := levelOn(c, "R12#C10-N1", on(5, 13, 9, 0)); got != api.LevelRectifyOverdue {
		t.Errorf("unanswered notice on a closed case: %s, want rectify_overdue (逾期未整改, not 超期)", got)
	}
}

// TestFindingsMatchEvaluate: the system's fast path for closed cases gives
// exactly the findings of the full evaluation, for every case of a month
// of simulation at several times.
func TestFindingsMatchEvaluate(t *testing.T) {
	g := sim.NewGenerator(3)
	first := sim.DayIndex(on(6, 1, 0, 0))
	var cases []*sim.Case
	for d := first; d < first+30; d++ {
		cases = append(cases, g.ArrivalsOn(d)...)
	}
	en := New(nil)
	closedSeen := 0
	for _, now := range []time.Time{on(7, 1, 9, 0), on(7, 20, 23, 59), on(8, 15, 0, 1), on(10, 1, 12, 0)} {
		for _, c := range cases {
			if c.AcceptedAt.After(now) {
				continue
			}
			want, got := en.Evaluate(c, now).Findings, en.Findings(c, now)
			if !c.OpenAt(now) && len(want) > 0 {
				closedSeen++
			}
			if len(want) != len(got) {
				t.Fatalf("%s at %v: %d findings, fast path %d\nwant %+v\ngot  %+v", c.ID, now, len(want), len(got), want, got)
			}
			for i := range want {
				if want[i] != got[i] {
					t.Fatalf("%s at %v: finding %d differs:\nwant %+v\ngot  %+v", c.ID, now, i, want[i], got[i])
				}
			}
		}
	}
	if closedSeen == 0 {
		t.Fatal("no closed case with findings: the test checks nothing")
	}
}

// The matter rules' deadlines say their period and who set it, so the case
// view never calls a system-set period 法定.
func TestMatterDeadlinesSayWhoSetThePeriod(t *testing.T) {
	closed := on(3, 2, 11, 0)
	refused := &sim.Case{ID: "C11", UnitID: "U11", Type: domain.TypeArrestReview, AcceptedAt: on(2, 25, 9, 0), LeadID: "P1",
		ClosedAt: &closed, Parties: []sim.Party{{Role: "犯罪嫌疑人", Custody: true}},
		Documents: []sim.Document{{ID: "C11-W1", Type: "不批准逮捕决定书", IssuedAt: closed}},
		Events: []sim.Event{evOn(domain.EvAccepted, on(2, 25, 9, 0), ""), evOn(domain.EvArrestRefused, closed, "P1"),
			evOn(domain.EvClosed, closed, "P1")}}
	if d := deadlineOf(t, refused, "R22#C11-W1", on(3, 3, 9, 0)); d.SetBy != api.SetByRule || d.Period != 3 || d.PeriodUnit != api.PeriodDays {
		t.Errorf("R22 receipt: %s %d %s", d.SetBy, d.Period, d.PeriodUnit)
	}
	c := &sim.Case{ID: "C12", UnitID: "U11", Type: domain.TypeProsecutionReview, AcceptedAt: on(3, 2, 9, 0), LeadID: "P1",
		Parties: []sim.Party{{Role: "犯罪嫌疑人"}}, Property: []sim.Property{{ID: "C12-P1", Kind: "手机"}},
		Events: []sim.Event{evOn(domain.EvAccepted, on(3, 2, 9, 0), "")}}
	if d := deadlineOf(t, c, "R20", on(3, 3, 9, 0)); d.SetBy != api.SetBySystem || d.Period != 7 {
		t.Errorf("R20: %s %d", d.SetBy, d.Period)
	}
	arrest := &sim.Case{ID: "C13", Type: domain.TypeArrestReview, AcceptedAt: on(2, 26, 9, 0), LeadID: "P1",
		Parties: []sim.Party{{Role: "犯罪嫌疑人", Custody: true}},
		Events: []sim.Event{evOn(domain.EvAccepted, on(2, 26, 9, 0), ""), evOn(domain.EvArrestApproved, on(3, 2, 9, 0), "P1"),
			evOn(domain.EvArrestExecuted, on(3, 2, 20, 0), "")}}
	if d := deadlineOf(t, arrest, "R7", on(3, 3, 9, 0)); d.SetBy != api.SetByLaw || d.Period != 2 || d.PeriodUnit != api.PeriodMonths {
		t.Errorf("R7: %s %d %s", d.SetBy, d.Period, d.PeriodUnit)
	}
	bail := bailCase("取保候审", time.Date(2025, 3, 10, 15, 0, 0, 0, sim.Zone), nil)
	if d := deadlineOf(t, bail, "R16#renew", on(3, 3, 9, 0)); d.SetBy != api.SetByRule || d.Period != 7 {
		t.Errorf("R16 renew: %s %d", d.SetBy, d.Period)
	}
	if d := deadlineOf(t, bail, "R16#C2-R1#1", on(3, 3, 9, 0)); d.SetBy != api.SetByLaw || d.Period != 12 || d.PeriodUnit != api.PeriodMonths {
		t.Errorf("R16 period: %s %d %s", d.SetBy, d.Period, d.PeriodUnit)
	}
}
