package rules

import (
	"strings"
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

// on is a time in 2026, China time.
func on(m time.Month, d, hh, mm int) time.Time { return time.Date(2026, m, d, hh, mm, 0, 0, sim.Zone) }

func levelOn(c *sim.Case, key string, t time.Time) string {
	f, ok := find(Evaluate(c, t), key)
	if !ok {
		return "-"
	}
	return f.Level
}

func deadlineOf(t *testing.T, c *sim.Case, key string, now time.Time) Deadline {
	t.Helper()
	for _, d := range Evaluate(c, now).Deadlines {
		if d.Key == key {
			return d
		}
	}
	t.Fatalf("no deadline %s", key)
	return Deadline{}
}

// Accepted Monday 2 March 2026 at 09:00 (t0). 刑诉法第105条: 2 March is not
// counted; a 7-day period's last day is 9 March and it ends at 24:00.
func TestR1ArrestReviewBoundaries(t *testing.T) {
	tests := []struct {
		name    string
		custody bool
		major   bool
		now     time.Time
		want    string
	}{
		{"detained, day 4: nothing yet", true, false, on(3, 6, 9, 0), "-"},
		{"detained, the day before the last: approaching", true, false, on(3, 8, 23, 59), api.LevelNotice},
		{"detained, last day 00:00: due now", true, false, on(3, 9, 0, 0), api.LevelWarning},
		{"detained, last day 23:59: still due, not overdue", true, false, on(3, 9, 23, 59), api.LevelWarning},
		{"detained, next day 00:01: overdue", true, false, on(3, 10, 0, 1), api.LevelOverdue},
		{"at large, day 8: not even approaching", false, false, on(3, 10, 9, 0), "-"},
		{"at large, 14 March: approaching", false, false, on(3, 14, 21, 0), api.LevelNotice},
		{"at large, last day 17 March 23:59: due now", false, false, on(3, 17, 23, 59), api.LevelWarning},
		{"at large, 18 March 00:01: overdue", false, false, on(3, 18, 0, 1), api.LevelOverdue},
		{"major at large, 18 March: approaching, not overdue", false, true, on(3, 18, 12, 0), api.LevelNotice},
		// 20 days end on Sunday 22 March: at large, the period runs to Monday 23 March.
		{"major at large, Sunday 22 March (the 20th day): not yet due", false, true, on(3, 22, 23, 59), api.LevelNotice},
		{"major at large, Monday 23 March 23:59: due now", false, true, on(3, 23, 23, 59), api.LevelWarning},
		{"major at large, 24 March 00:01: overdue", false, true, on(3, 24, 0, 1), api.LevelOverdue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := arrestCase(tc.custody, tc.major)
			if got := levelOn(c, "R1", tc.now); got != tc.want {
				t.Errorf("level = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestR1MetDecisionRectifies(t *testing.T) {
	c := arrestCase(true, false, sim.Event{Type: domain.EvArrestApproved, At: on(3, 10, 0, 1)})
	if got := levelOn(c, "R1", on(3, 10, 0, 0)); got != api.LevelOverdue {
		t.Fatalf("before the decision: %s, want overdue", got)
	}
	res := Evaluate(c, on(3, 11, 9, 0))
	if _, ok := find(res, "R1"); ok {
		t.Fatal("the late decision should clear R1")
	}
	if st := deadlineOf(t, c, "R1", on(3, 11, 9, 0)).Status(on(3, 11, 9, 0)); st != api.DeadlineMetLate {
		t.Fatalf("a decision at 00:01 after the last day: status %s, want met_late", st)
	}
	onTime := arrestCase(true, false, sim.Event{Type: domain.EvArrestApproved, At: on(3, 9, 23, 59)})
	if st := deadlineOf(t, onTime, "R1", on(3, 11, 9, 0)).Status(on(3, 11, 9, 0)); st != api.DeadlineMet {
		t.Fatalf("a decision at 23:59 of the last day: status %s, want met", st)
	}
}

// TestHolidayLastDayInAndOutOfCustody: a 3-day rights notice on a case
// accepted on Monday 28 September 2026 has its last day on 1 October (国庆).
// At large, the period runs to the first working day after the holiday
// (Thursday 8 October); in custody it never extends.
func TestHolidayLastDayInAndOutOfCustody(t *testing.T) {
	mk := func(custody bool) *sim.Case {
		return &sim.Case{ID: "C11", Type: domain.TypeProsecutionReview, AcceptedAt: on(9, 28, 10, 0), LeadID: "P1",
			Parties: []sim.Party{{Role: "犯罪嫌疑人", Custody: custody}},
			Events:  []sim.Event{{Type: domain.EvAccepted, At: on(9, 28, 10, 0)}}}
	}
	atLarge, held := mk(false), mk(true)
	if got := levelOn(held, "R4", on(10, 2, 0, 1)); got != api.LevelOverdue {
		t.Errorf("in custody, 2 October 00:01: %s, want overdue", got)
	}
	if got := levelOn(atLarge, "R4", on(10, 2, 0, 1)); got == api.LevelOverdue {
		t.Errorf("at large, 2 October: overdue, but the period runs past 国庆")
	}
	if got := levelOn(atLarge, "R4", on(10, 8, 23, 59)); got != api.LevelWarning {
		t.Errorf("at large, 8 October 23:59: %s, want warning", got)
	}
	if got := levelOn(atLarge, "R4", on(10, 9, 0, 1)); got != api.LevelOverdue {
		t.Errorf("at large, 9 October 00:01: %s, want overdue", got)
	}
	if d := deadlineOf(t, atLarge, "R4", on(10, 1, 9, 0)); d.LegalDays != 3 || !d.DueAt.Equal(on(10, 9, 0, 0).Add(-time.Nanosecond)) {
		t.Errorf("at large: %+v", d)
	}
}

func TestR4RightsNoticeWithinThreeDays(t *testing.T) {
	late := &sim.Case{ID: "C2", Type: domain.TypeProsecutionReview, AcceptedAt: t0, LeadID: "P1",
		Events: []sim.Event{ev(domain.EvAccepted, 0), {Type: domain.EvRightsNotice, At: on(3, 6, 0, 1)}}}
	if got := levelOn(late, "R4", on(3, 4, 23, 0)); got != api.LevelNotice {
		t.Errorf("the day before the last: %s, want notice", got)
	}
	if got := levelOn(late, "R4", on(3, 5, 0, 0)); got != api.LevelWarning {
		t.Errorf("last day (5 March) 00:00: %s, want warning", got)
	}
	if got := levelOn(late, "R4", on(3, 5, 23, 59)); got != api.LevelWarning {
		t.Errorf("last day 23:59: %s, want warning", got)
	}
	if got := levelOn(late, "R4", on(3, 6, 0, 0).Add(30*time.Second)); got != api.LevelOverdue {
		t.Errorf("6 March 00:00:30: %s, want overdue", got)
	}
	if got := levelOn(late, "R4", on(3, 6, 0, 1)); got != "-" {
		t.Errorf("after the notice: %s, want none", got)
	}
	if st := deadlineOf(t, late, "R4", on(3, 7, 9, 0)).Status(on(3, 7, 9, 0)); st != api.DeadlineMetLate {
		t.Errorf("notice at 00:01 after the last day: %s, want met_late", st)
	}
	// The review's case: a notice at 16:52 on the last day is on time.
	onTime := &sim.Case{ID: "C2b", Type: domain.TypeProsecutionReview, AcceptedAt: t0, LeadID: "P1",
		Events: []sim.Event{ev(domain.EvAccepted, 0), {Type: domain.EvRightsNotice, At: on(3, 5, 16, 52)}}}
	if st := deadlineOf(t, onTime, "R4", on(3, 7, 9, 0)).Status(on(3, 7, 9, 0)); st != api.DeadlineMet {
		t.Errorf("notice at 16:52 of the last day: %s, want met", st)
	}
}

func TestR2ExtensionAndFastTrack(t *testing.T) {
	// 1 month from 2 March is 2 April (Thursday), to 24:00.
	plain := &sim.Case{ID: "C3", Type: domain.TypeProsecutionReview, AcceptedAt: t0, LeadID: "P1",
		Events: []sim.Event{ev(domain.EvAccepted, 0), ev(domain.EvRightsNotice, 1)}}
	if got := levelOn(plain, "R2#0", on(4, 2, 23, 59)); got != api.LevelWarning {
		t.Errorf("plain, 2 April 23:59: %s, want warning", got)
	}
	if got := levelOn(plain, "R2#0", on(4, 3, 0, 1)); got != api.LevelOverdue {
		t.Errorf("plain, 3 April 00:01: %s, want overdue", got)
	}
	// Extended by 15 days from the month's last day: 17 April (Friday).
	extended := &sim.Case{ID: "C4", Type: domain.TypeProsecutionReview, AcceptedAt: t0, LeadID: "P1",
		Events: []sim.Event{ev(domain.EvAccepted, 0), ev(domain.EvRightsNotice, 1), ev(domain.EvExtended, 25)}}
	if got := levelOn(extended, "R2#0", on(4, 3, 0, 1)); got != "-" {
		t.Errorf("extended, 3 April: %s, want none", got)
	}
	if got := levelOn(extended, "R2#0", on(4, 17, 12, 0)); got != api.LevelWarning {
		t.Errorf("extended, 17 April (last day of +15): %s, want warning", got)
	}
	if got := levelOn(extended, "R2#0", on(4, 18, 0, 1)); got != api.LevelOverdue {
		t.Errorf("extended, 18 April 00:01: %s, want overdue", got)
	}
	// 速裁 10 days: 12 March (Thursday).
	fast := &sim.Case{ID: "C5", Type: domain.TypeProsecutionReview, AcceptedAt: t0, LeadID: "P1", FastTrack: true,
		Events: []sim.Event{ev(domain.EvAccepted, 0), ev(domain.EvRightsNotice, 1)}}
	if got := levelOn(fast, "R2#0", on(3, 12, 12, 0)); got != api.LevelWarning {
		t.Errorf("fast track, 12 March: %s, want warning", got)
	}
	if got := levelOn(fast, "R2#0", on(3, 13, 0, 1)); got != api.LevelOverdue {
		t.Errorf("fast track, 13 March 00:01: %s, want overdue", got)
	}
	// 可能判处有期徒刑超过一年的 15 days: 17 March.
	fast.HeavyTerm = true
	if got := levelOn(fast, "R2#0", on(3, 13, 0, 1)); got != api.LevelNotice {
		t.Errorf("fast track over 1 year, 13 March: %s, want notice", got)
	}
	if got := levelOn(fast, "R2#0", on(3, 18, 0, 1)); got != api.LevelOverdue {
		t.Errorf("fast track over 1 year, 18 March 00:01: %s, want overdue", got)
	}
}

func TestR2ClockRestartsAfterResubmission(t *testing.T) {
	// Returned 22 March, resubmitted 16 April: the new month ends on
	// Saturday 16 May, which moves to Monday 18 May (no one in custody).
	c := &sim.Case{ID: "C6", Type: domain.TypeProsecutionReview, AcceptedAt: t0, LeadID: "P1",
		Events: []sim.Event{ev(domain.EvAccepted, 0), ev(domain.EvRightsNotice, 1),
			ev(domain.EvReturned, 20), ev(domain.EvResubmitted, 45)}}
	if got := levelAt(c, "R2#0", 40); got != "-" {
		t.Errorf("the return stops the first clock: %s", got)
	}
	if got := levelAt(c, "R3#0", 49); got != "-" {
		t.Errorf("resubmitted within a month: %s", got)
	}
	if got := levelOn(c, "R2#1", on(5, 1, 9, 0)); got != "-" {
		t.Errorf("1 May, 15 days into the restarted clock: %s, want none", got)
	}
	if got := levelOn(c, "R2#1", on(5, 12, 9, 0)); got != api.LevelNotice {
		t.Errorf("12 May: %s, want notice", got)
	}
	if got := levelOn(c, "R2#1", on(5, 17, 12, 0)); got != api.LevelNotice {
		t.Errorf("Sunday 17 May, after the month's Saturday: %s, want notice (the period runs to Monday)", got)
	}
	if got := levelOn(c, "R2#1", on(5, 18, 23, 59)); got != api.LevelWarning {
		t.Errorf("Monday 18 May 23:59: %s, want warning", got)
	}
	if got := levelOn(c, "R2#1", on(5, 19, 0, 1)); got != api.LevelOverdue {
		t.Errorf("19 May 00:01: %s, want overdue", got)
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
	if got := levelAt(c, "R3#limit", 46); got != api.LevelRectify {
		t.Errorf("after the third return: %s, want rectify (a breach to rectify, not 超期)", got)
	}
}

func TestR5WorkingDays(t *testing.T) {
	c := &sim.Case{ID: "C8", Type: domain.TypeCustodyReview, AcceptedAt: t0, LeadID: "P1"}
	// 10 working days from Monday 2 March: the end of Monday 16 March.
	res := Evaluate(c, at(1))
	if want := on(3, 17, 0, 0).Add(-time.Nanosecond); len(res.Deadlines) != 1 || !res.Deadlines[0].DueAt.Equal(want) {
		t.Fatalf("deadlines %+v, want due %v", res.Deadlines, want)
	}
	if got := levelOn(c, "R5", on(3, 16, 23, 59)); got != api.LevelWarning {
		t.Errorf("16 March 23:59: %s, want warning", got)
	}
	if got := levelOn(c, "R5", on(3, 17, 0, 1)); got != api.LevelOverdue {
		t.Errorf("17 March 00:01: %s, want overdue", got)
	}
	// Across 国庆 2026 and its 调休 Saturday: accepted Wednesday 30
	// September, 10 working days are 8, 9, 10 (Sat, 调休), 12–16, 19 and 20
	// October.
	holiday := &sim.Case{ID: "C8b", Type: domain.TypeCustodyReview, AcceptedAt: on(9, 30, 10, 0), LeadID: "P1"}
	if d := deadlineOf(t, holiday, "R5", on(10, 1, 9, 0)); !d.DueAt.Equal(on(10, 21, 0, 0).Add(-time.Nanosecond)) {
		t.Errorf("10 working days from 30 September 2026: due %v, want the end of 20 October", d.DueAt)
	}
}

// TestR7CustodyNeverExtends: 2 months from an arrest on 2 March end on
// Saturday 2 May, inside the 劳动节 holiday; in custody the period ends
// there. An extension adds one month from that day.
func TestR7CustodyNeverExtends(t *testing.T) {
	c := arrestCase(true, false, ev(domain.EvArrestApproved, 0))
	if got := levelOn(c, "R7", on(5, 2, 23, 59)); got != api.LevelWarning {
		t.Errorf("2 May 23:59: %s, want warning", got)
	}
	if got := levelOn(c, "R7", on(5, 3, 0, 1)); got != api.LevelOverdue {
		t.Errorf("3 May 00:01 (a holiday, in custody): %s, want overdue", got)
	}
	c = arrestCase(true, false, ev(domain.EvArrestApproved, 0), ev(domain.EvCustodyExtended, 50))
	d := deadlineOf(t, c, "R7", on(5, 3, 9, 0))
	if !d.DueAt.Equal(on(6, 3, 0, 0).Add(-time.Nanosecond)) || d.ExtensionDays != 31 || d.LegalDays != 61 {
		t.Errorf("extended: %+v, want due at the end of 2 June, 61+31 days", d)
	}
	if len(d.CalendarGap) != 0 {
		t.Errorf("custody consults no calendar: gap %v", d.CalendarGap)
	}
}

// TestUncoveredYearIsSaid: a civil supervision accepted on 20 December 2026
// is due on 20 March 2027; the calendar has no 2027 notice, so the finding
// says the due date counts weekends only.
func TestUncoveredYearIsSaid(t *testing.T) {
	c := &sim.Case{ID: "C12", Type: domain.TypeCivilSupervision, AcceptedAt: on(12, 20, 10, 0), LeadID: "P1"}
	now := time.Date(2027, 3, 25, 9, 0, 0, 0, sim.Zone)
	f, ok := find(Evaluate(c, now), "R8")
	if !ok || f.Level != api.LevelOverdue {
		t.Fatalf("findings: %+v", Evaluate(c, now).Findings)
	}
	if !strings.Contains(f.Message, "节假日历未覆盖2027年") {
		t.Errorf("message %q does not warn that 2027 is not covered", f.Message)
	}
	covered := &sim.Case{ID: "C13", Type: domain.TypeCivilSupervision, AcceptedAt: on(3, 2, 10, 0), LeadID: "P1"}
	g, _ := find(Evaluate(covered, on(6, 10, 9, 0)), "R8")
	if strings.Contains(g.Message, "未覆盖") || !strings.Contains(g.Message, "期满日2026-06-02 24:00") {
		t.Errorf("covered year: message %q", g.Message)
	}
}

func TestCardErrorsAndClosedCases(t *testing.T) {
	closed := at(40)
	c := &sim.Case{ID: "C9", Type: domain.TypeCivilSupervision, AcceptedAt: t0, LeadID: "P1", ClosedAt: &closed,
		CardErrors: []sim.CardError{{ID: "K1", Rule: "R11", Field: "charge", Message: "人卡罪名与案卡罪名不一致", FoundAt: at(2)}}}
	// Found 4 March 09:00; the 30-day cycle ends 3 April 24:00.
	if got := levelAt(c, "R11#K1", 3); got != api.LevelRectify {
		t.Errorf("found: %s, want rectify", got)
	}
	if got := levelOn(c, "R11#K1", on(4, 3, 23, 59)); got != api.LevelRectify {
		t.Errorf("last day of the cycle: %s, want rectify", got)
	}
	if got := levelOn(c, "R11#K1", on(4, 4, 0, 1)); got != api.LevelRectifyOverdue {
		t.Errorf("30 days unfixed: %s, want rectify_overdue", got)
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

func TestR4OnlyForProsecutionReviewAndTheVictimToo(t *testing.T) {
	arrest := arrestCase(false, false)
	for _, d := range Evaluate(arrest, on(3, 20, 9, 0)).Deadlines {
		if d.Rule == "R4" {
			t.Fatalf("an arrest review has an R4 deadline %+v: 第34、46条 apply to 审查起诉", d)
		}
	}
	withVictim := &sim.Case{ID: "C14", Type: domain.TypeProsecutionReview, AcceptedAt: t0, LeadID: "P1",
		Parties: []sim.Party{{Role: "犯罪嫌疑人"}, {Role: "被害人"}},
		Events: []sim.Event{ev(domain.EvAccepted, 0), ev(domain.EvRightsNotice, 1),
			{Type: domain.EvVictimNotice, At: on(3, 6, 10, 0)}}}
	if got := levelOn(withVictim, "R4", on(3, 6, 9, 0)); got != "-" {
		t.Errorf("suspect notified on day 1: %s", got)
	}
	if got := levelOn(withVictim, "R4#victim", on(3, 6, 9, 0)); got != api.LevelOverdue {
		t.Errorf("victim not notified by 5 March 24:00: %s, want overdue", got)
	}
	if got := levelOn(withVictim, "R4#victim", on(3, 6, 10, 0)); got != "-" {
		t.Errorf("victim notified: %s, want none", got)
	}
	noVictim := &sim.Case{ID: "C15", Type: domain.TypeProsecutionReview, AcceptedAt: t0, LeadID: "P1",
		Parties: []sim.Party{{Role: "犯罪嫌疑人"}}, Events: []sim.Event{ev(domain.EvAccepted, 0)}}
	for _, d := range Evaluate(noVictim, on(3, 6, 9, 0)).Deadlines {
		if d.Key == "R4#victim" {
			t.Fatal("a case without a victim has a victim notice deadline")
		}
	}
}

// TestR10PetitionMonthlyReplies: a 信访件 accepted Monday 2 March 2026.
func TestR10PetitionMonthlyReplies(t *testing.T) {
	c := &sim.Case{ID: "C16", Type: domain.TypePetition, AcceptedAt: t0, LeadID: "P1",
		Events: []sim.Event{ev(domain.EvAccepted, 0), {Type: domain.EvProceduralReply, At: on(3, 5, 9, 0)},
			{Type: domain.EvProgressReply, At: on(5, 20, 9, 0)}, {Type: domain.EvProgressReply, At: on(6, 22, 9, 0)}}}
	// 7 working days: 11 March; 3 months: 2 June.
	if d := deadlineOf(t, c, "R10#procedural", on(3, 4, 9, 0)); !d.DueAt.Equal(on(3, 12, 0, 0).Add(-time.Nanosecond)) ||
		d.PeriodUnit != api.PeriodWorkingDays || d.SetBy != api.SetByRule {
		t.Errorf("procedural reply: %+v", d)
	}
	if d := deadlineOf(t, c, "R10#result", on(6, 1, 9, 0)); d.Status(on(6, 1, 9, 0)) != api.DeadlineMet || d.PeriodUnit != api.PeriodMonths {
		t.Errorf("a progress reply within 3 months meets the 3-month reply: %+v", d)
	}
	// Monthly from 20 May: the next reply is due 20 June 24:00 (a Saturday
	// after 端午 19–21 June: at large, to Monday 22 June).
	m1 := deadlineOf(t, c, "R10#month1", on(6, 23, 9, 0))
	if !m1.DueAt.Equal(on(6, 23, 0, 0).Add(-time.Nanosecond)) {
		t.Errorf("first monthly reply due %v, want the end of 22 June", m1.DueAt)
	}
	if m1.Status(on(6, 23, 9, 0)) != api.DeadlineMet {
		t.Errorf("replied on 22 June: %s", m1.Status(on(6, 23, 9, 0)))
	}
	// From 22 June: 22 July; nothing after it, so overdue on 23 July.
	if got := levelOn(c, "R10#month2", on(7, 23, 0, 1)); got != api.LevelOverdue {
		t.Errorf("no reply a month after 22 June: %s, want overdue", got)
	}
	closed := on(7, 1, 9, 0)
	c.ClosedAt = &closed
	c.Events = append(c.Events, sim.Event{Type: domain.EvResultReply, At: closed}, sim.Event{Type: domain.EvClosed, At: closed})
	for _, d := range Evaluate(c, on(8, 1, 9, 0)).Deadlines {
		if d.Key == "R10#month3" {
			t.Errorf("a concluded item has no further monthly reply: %+v", d)
		}
	}
}

func TestR12IsAFindingSetByThisSystem(t *testing.T) {
	c := &sim.Case{ID: "C17", Type: domain.TypeCivilSupervision, AcceptedAt: t0, LeadID: "P1",
		Events:  []sim.Event{ev(domain.EvAccepted, 0)},
		Notices: []sim.Notice{{ID: "C17-N1", Kind: sim.NoticeWritten, IssuedAt: on(3, 10, 15, 0), DueAt: endOf(3, 17)}}}
	if got := levelOn(c, "R12#C17-N1", on(3, 10, 16, 0)); got != api.LevelRectify {
		t.Errorf("notice issued: %s, want rectify", got)
	}
	if got := levelOn(c, "R12#C17-N1", on(3, 17, 23, 59)); got != api.LevelRectify {
		t.Errorf("last day: %s, want rectify", got)
	}
	if got := levelOn(c, "R12#C17-N1", on(3, 18, 0, 1)); got != api.LevelRectifyOverdue {
		t.Errorf("7 days passed: %s, want rectify_overdue", got)
	}
	f, _ := find(Evaluate(c, on(3, 18, 0, 1)), "R12#C17-N1")
	if f.Category != api.CategoryRectification || strings.Contains(f.Message, "超期") {
		t.Errorf("finding %+v", f)
	}
	if d := deadlineOf(t, c, "R12#C17-N1", on(3, 11, 9, 0)); d.SetBy != api.SetBySystem || d.Period != 7 || d.PeriodUnit != api.PeriodDays {
		t.Errorf("deadline %+v: the 7 days are this system's choice", d)
	}
	// The reply meets it; a reopened notice starts a new round, which the
	// old reply does not meet.
	replied := on(3, 12, 9, 0)
	c.Notices[0].RepliedAt = &replied
	if got := levelOn(c, "R12#C17-N1", on(3, 20, 9, 0)); got != "-" {
		t.Errorf("replied: %s, want no finding", got)
	}
	c.Notices[0].RoundAt, c.Notices[0].DueAt = on(3, 14, 9, 0), endOf(3, 24)
	if got := levelOn(c, "R12#C17-N1", on(3, 20, 9, 0)); got != api.LevelRectify {
		t.Errorf("reopened: %s, want rectify", got)
	}
	if d := deadlineOf(t, c, "R12#C17-N1", on(3, 20, 9, 0)); d.Period != 10 || !strings.Contains(d.Stage, "通知书限定10日") {
		t.Errorf("a reply date set by the officer: %+v", d)
	}
	// A verbal reminder raises nothing: the escalation is a written notice.
	c.Notices = append(c.Notices, sim.Notice{ID: "C17-N2", Kind: sim.NoticeOral, IssuedAt: on(3, 10, 15, 0), DueAt: endOf(3, 17)})
	if got := levelOn(c, "R12#C17-N2", on(3, 20, 9, 0)); got != "-" {
		t.Errorf("oral reminder: %s, want no finding", got)
	}
}

func TestR14PointsLimitIsNotOverdue(t *testing.T) {
	c := &sim.Case{ID: "C18", Type: domain.TypeProsecutionReview, AcceptedAt: t0, LeadID: "P1",
		Events:  []sim.Event{ev(domain.EvAccepted, 0), ev(domain.EvRightsNotice, 1)},
		Defects: []sim.Defect{{Points: 20, At: at(5)}, {Points: 10, At: at(8)}, {Points: 10, At: at(12)}}}
	if got := levelAt(c, "R14", 9); got != api.LevelRectify {
		t.Errorf("30 of 40 points: %s, want rectify", got)
	}
	if got := levelAt(c, "R14", 13); got != api.LevelPointsLimit {
		t.Errorf("40 of 40 points: %s, want points_limit", got)
	}
	f, _ := find(Evaluate(c, at(13)), "R14")
	if f.Category != api.CategoryQuality {
		t.Errorf("category %s, want quality", f.Category)
	}
	for _, f := range Evaluate(c, at(13)).Findings {
		if !api.IsDeadlineLevel(f.Level) && domain.Rules[f.Rule].Category == api.CategoryDeadline && f.Key != "R3#limit" {
			t.Errorf("a deadline rule raised a finding status: %+v", f)
		}
	}
}

// TestEveryRuleCitesAnArticleAndWhoSetIt: each basis names an article or a
// named rule, and every rule says who set its periods.
func TestEveryRuleCitesAnArticleAndWhoSetIt(t *testing.T) {
	for id, r := range domain.Rules {
		setBy := domain.SetBy[id]
		if setBy != api.SetByLaw && setBy != api.SetByRule && setBy != api.SetBySystem {
			t.Errorf("%s: set_by %q", id, setBy)
		}
		if setBy == api.SetByLaw && !strings.Contains(r.Basis, "第") && !strings.Contains(r.Basis, "条号未核实") {
			t.Errorf("%s: a statutory basis without an article: %s", id, r.Basis)
		}
		if setBy == api.SetBySystem && !strings.Contains(r.Basis, "本系统设定") {
			t.Errorf("%s: a system-set period not labelled 本系统设定: %s", id, r.Basis)
		}
	}
	if b := domain.Rules["R2"].Basis; !strings.Contains(b, "有期徒刑超过一年的15日") || strings.Contains(b, "第273条") {
		t.Errorf("R2 basis %s", b)
	}
	if b := domain.Rules["R8"].Basis; !strings.Contains(b, "第220条（2023年修正；原第216条）") {
		t.Errorf("R8 basis %s", b)
	}
	if b := domain.Rules["R7"].Basis; !strings.Contains(b, "第156条") || !strings.Contains(b, "第105条") {
		t.Errorf("R7 basis %s", b)
	}
	if b := domain.Rules["R5"].Basis; !strings.Contains(b, "2023") || !strings.Contains(b, "羁押必要性审查、评估工作规定") {
		t.Errorf("R5 basis %s", b)
	}
}

// TestR5OrganReplyWithinTenDays: 刑诉法第95条. A recommendation to release
// made when the review closes on Monday 16 March 2026 must be answered by
// the organ handling the case by 24:00 on 26 March, even though the review
// case is closed; the fast path for closed cases raises it too.
func TestR5OrganReplyWithinTenDays(t *testing.T) {
	done := on(3, 16, 10, 0)
	c := &sim.Case{ID: "C19", Type: domain.TypeCustodyReview, AcceptedAt: t0, LeadID: "P1", ClosedAt: &done,
		Parties: []sim.Party{{Role: "犯罪嫌疑人", Custody: true}},
		Events: []sim.Event{ev(domain.EvAccepted, 0), {Type: domain.EvCustodyDecided, At: done},
			{Type: domain.EvCustodyAdvice, At: done}, {Type: domain.EvClosed, At: done}}}
	if got := levelOn(c, "R5#reply", on(3, 26, 23, 59)); got != api.LevelWarning {
		t.Errorf("26 March 23:59: %s, want warning", got)
	}
	if got := levelOn(c, "R5#reply", on(3, 27, 0, 1)); got != api.LevelOverdue {
		t.Errorf("27 March 00:01, no answer: %s, want overdue", got)
	}
	var fast bool
	for _, f := range New(nil).Findings(c, on(3, 27, 0, 1)) {
		fast = fast || f.Key == "R5#reply"
	}
	if !fast {
		t.Error("the closed-case fast path misses R5#reply")
	}
	c.Events = append(c.Events, sim.Event{Type: domain.EvCustodyAdviceReplied, At: on(3, 25, 9, 0)})
	if got := levelOn(c, "R5#reply", on(3, 27, 0, 1)); got != "-" {
		t.Errorf("answered on 25 March: %s, want none", got)
	}
	if d := deadlineOf(t, c, "R5#reply", on(3, 27, 0, 1)); d.SetBy != api.SetByLaw || d.Status(on(3, 27, 0, 1)) != api.DeadlineMet {
		t.Errorf("deadline %+v", d)
	}
}
