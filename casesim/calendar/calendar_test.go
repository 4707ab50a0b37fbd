package calendar

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func at(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, Zone) }

// endOfDate is the due instant this package promises: the end of the date.
func endOfDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 23, 59, 59, int(time.Second-time.Nanosecond), Zone)
}

func wantDue(t *testing.T, what string, got time.Time, y int, m time.Month, d int) {
	t.Helper()
	if want := endOfDate(y, m, d); !got.Equal(want) {
		t.Errorf("%s = %s, want %s", what, got.In(Zone).Format(time.RFC3339Nano), want.Format(time.RFC3339Nano))
	}
}

func TestDueDaysEndsAtMidnightOfTheLastDay(t *testing.T) {
	c := Default()
	// Accepted Thursday 19 Nov 2026 at 11:46: 7 days, the 19th not counted,
	// last day Thursday 26 Nov, to 24:00.
	due := c.DueDays(at(2026, 11, 19, 11, 46), 7, false)
	wantDue(t, "DueDays(19 Nov, 7)", due, 2026, 11, 26)
	if late := at(2026, 11, 26, 23, 59); late.After(due) {
		t.Errorf("an act at 23:59 of the last day is late")
	}
	if late := at(2026, 11, 26, 16, 52); late.After(due) {
		t.Errorf("an act at 16:52 of the last day is late")
	}
	if onTime := at(2026, 11, 27, 0, 1); !onTime.After(due) {
		t.Errorf("an act at 00:01 of the next day is on time")
	}
	if midnight := at(2026, 11, 27, 0, 0); !midnight.After(due) {
		t.Errorf("an act at 00:00 of the next day is on time")
	}
	// The hour of acceptance does not matter: 00:05 and 23:55 give the same due.
	if a, b := c.DueDays(at(2026, 11, 19, 0, 5), 7, false), c.DueDays(at(2026, 11, 19, 23, 55), 7, false); !a.Equal(b) {
		t.Errorf("due depends on the hour: %s vs %s", a, b)
	}
	// A start given in another zone is counted in China time: 20:00 UTC on
	// the 19th is 04:00 on the 20th in Beijing.
	wantDue(t, "DueDays(19 Nov 20:00 UTC, 7)", c.DueDays(time.Date(2026, 11, 19, 20, 0, 0, 0, time.UTC), 7, false), 2026, 11, 27)
}

func TestDueDaysHolidayLastDay(t *testing.T) {
	c := Default()
	tests := []struct {
		name    string
		start   time.Time
		n       int
		custody bool
		y       int
		m       time.Month
		d       int
	}{
		{"ordinary Saturday, at large: to Monday", at(2026, 11, 21, 10, 0), 7, false, 2026, 11, 30},
		{"ordinary Saturday, in custody: no extension", at(2026, 11, 21, 10, 0), 7, true, 2026, 11, 28},
		{"国庆 1 Oct 2026, at large: after the whole week, Thu 8 Oct", at(2026, 9, 24, 10, 0), 7, false, 2026, 10, 8},
		{"国庆 1 Oct 2026, in custody: 1 Oct", at(2026, 9, 24, 10, 0), 7, true, 2026, 10, 1},
		{"国庆 week ends on a 调休 Saturday: 10 Oct 2026 is a working day", at(2026, 10, 3, 10, 0), 7, false, 2026, 10, 10},
		{"春节 15 Feb 2026, at large: Tue 24 Feb", at(2026, 2, 8, 10, 0), 7, false, 2026, 2, 24},
		{"春节 15 Feb 2026, in custody: 15 Feb", at(2026, 2, 8, 10, 0), 7, true, 2026, 2, 15},
		{"调休 Sunday 4 Jan 2026 is a working day", at(2025, 12, 28, 10, 0), 7, false, 2026, 1, 4},
		{"元旦 2026 (Thu–Sat) then 调休 Sunday: to Sun 4 Jan", at(2025, 12, 25, 10, 0), 7, false, 2026, 1, 4},
		{"劳动节 2025 (1–5 May), at large: Tue 6 May", at(2025, 4, 28, 9, 0), 3, false, 2025, 5, 6},
		{"zero days: end of the start day", at(2026, 11, 19, 11, 46), 0, false, 2026, 11, 19},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantDue(t, "DueDays", c.DueDays(tc.start, tc.n, tc.custody), tc.y, tc.m, tc.d)
		})
	}
}

func TestDueMonths(t *testing.T) {
	c := Default()
	tests := []struct {
		name    string
		start   time.Time
		n       int
		custody bool
		y       int
		m       time.Month
		d       int
	}{
		{"2 Mar + 1 month = 2 Apr", at(2026, 3, 2, 9, 0), 1, false, 2026, 4, 2},
		{"31 Jan + 1 month = last day of Feb (29 Feb 2024)", at(2024, 1, 31, 9, 0), 1, false, 2024, 2, 29},
		{"31 Jan 2026 + 1 month = 28 Feb, a 调休 Saturday (working)", at(2026, 1, 31, 9, 0), 1, false, 2026, 2, 28},
		{"30 Jan 2026 + 1 month: 30 Feb does not exist, 28 Feb", at(2026, 1, 30, 9, 0), 1, true, 2026, 2, 28},
		{"29 Feb 2024 (last day) + 1 month = 31 Mar, in custody", at(2024, 2, 29, 9, 0), 1, true, 2024, 3, 31},
		{"29 Feb 2024 + 1 month = 31 Mar, a Sunday, at large: Mon 1 Apr", at(2024, 2, 29, 9, 0), 1, false, 2024, 4, 1},
		{"29 Feb 2024 + 12 months = 28 Feb 2025", at(2024, 2, 29, 9, 0), 12, false, 2025, 2, 28},
		{"28 Feb 2025 (last day) + 1 month = 31 Mar", at(2025, 2, 28, 9, 0), 1, false, 2025, 3, 31},
		{"30 Apr 2026 (last day) + 1 month = 31 May, a Sunday, in custody", at(2026, 4, 30, 9, 0), 1, true, 2026, 5, 31},
		{"15 Nov 2025 + 2 months crosses the year: 15 Jan 2026", at(2025, 11, 15, 9, 0), 2, false, 2026, 1, 15},
		{"1 Aug 2026 + 2 months = 1 Oct (国庆), at large: 8 Oct", at(2026, 8, 1, 9, 0), 2, false, 2026, 10, 8},
		{"1 Aug 2026 + 2 months = 1 Oct (国庆), in custody: 1 Oct", at(2026, 8, 1, 9, 0), 2, true, 2026, 10, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantDue(t, "DueMonths", c.DueMonths(tc.start, tc.n, tc.custody), tc.y, tc.m, tc.d)
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := Default()
	tests := []struct {
		name  string
		start time.Time
		n     int
		y     int
		m     time.Month
		d     int
	}{
		{"Mon 2 Mar 2026 + 10 = Mon 16 Mar", at(2026, 3, 2, 9, 0), 10, 2026, 3, 16},
		{"Fri 18 Sep 2026 + 2: Sun 20 Sep is a 调休 working day", at(2026, 9, 18, 9, 0), 2, 2026, 9, 21},
		{"Fri 18 Sep 2026 + 1 = Sun 20 Sep (调休)", at(2026, 9, 18, 9, 0), 1, 2026, 9, 20},
		{"Wed 30 Sep 2026 + 1 skips 国庆 week: Thu 8 Oct", at(2026, 9, 30, 9, 0), 1, 2026, 10, 8},
		{"Wed 30 Sep 2026 + 3 = Sat 10 Oct (调休)", at(2026, 9, 30, 9, 0), 3, 2026, 10, 10},
		{"Fri 13 Feb 2026 + 1 = Sat 14 Feb (调休 before 春节)", at(2026, 2, 13, 9, 0), 1, 2026, 2, 14},
		{"Fri 13 Feb 2026 + 2 skips 春节 15–23 Feb: Tue 24 Feb", at(2026, 2, 13, 9, 0), 2, 2026, 2, 24},
		{"Thu 26 Nov 2026 + 7 = Mon 7 Dec", at(2026, 11, 26, 9, 0), 7, 2026, 12, 7},
		{"accepted on a holiday, 1 Oct 2025 + 1 = Thu 9 Oct", at(2025, 10, 1, 9, 0), 1, 2025, 10, 9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantDue(t, "AddWorkingDays", c.AddWorkingDays(tc.start, tc.n), tc.y, tc.m, tc.d)
		})
	}
}

func TestCoverageAndWarning(t *testing.T) {
	c, err := Parse("test", embedded) // a private copy: the hook is per calendar
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range []int{2023, 2024, 2025, 2026} {
		if !c.Covers(at(y, 6, 1, 9, 0)) {
			t.Errorf("%d is not covered", y)
		}
	}
	if c.Covers(at(2027, 1, 5, 9, 0)) {
		t.Error("2027 must not be covered: its notice is not in the file")
	}
	if got := c.UncoveredYears(at(2026, 12, 3, 9, 0), at(2028, 3, 1, 9, 0)); len(got) != 2 || got[0] != 2027 || got[1] != 2028 {
		t.Errorf("UncoveredYears = %v, want [2027 2028]", got)
	}
	if got := c.UncoveredYears(at(2024, 1, 3, 9, 0), at(2026, 3, 1, 9, 0)); got != nil {
		t.Errorf("UncoveredYears(2024..2026) = %v, want none", got)
	}
	var warned []int
	c.OnUncovered(func(y int) { warned = append(warned, y) })
	c.DueDays(at(2026, 12, 20, 9, 0), 30, false) // last day in 2027
	c.AddWorkingDays(at(2026, 12, 28, 9, 0), 10)
	if len(warned) != 1 || warned[0] != 2027 {
		t.Errorf("warnings %v, want one for 2027", warned)
	}
	// In custody nothing is consulted, so nothing is guessed.
	d, _ := Parse("test", embedded)
	var n int
	d.OnUncovered(func(int) { n++ })
	d.DueDays(at(2026, 12, 20, 9, 0), 30, true)
	if n != 0 {
		t.Errorf("an in-custody count consulted the calendar (%d warnings)", n)
	}
	if !d.IsWorkingDay(at(2027, 1, 1, 9, 0)) || n != 1 {
		t.Errorf("an uncovered year counts weekends only and warns")
	}
}

func TestLoadFileAndLineNumberedErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "h.txt")
	text := "# test\nyear 2027\nholiday 2027-02-05..2027-02-11 春节\nworkday 2027-02-14 调休\n"
	if err := os.WriteFile(good, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(good)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Covers(at(2027, 3, 1, 9, 0)) || c.Covers(at(2026, 3, 1, 9, 0)) {
		t.Errorf("years %v", c.Years())
	}
	if c.IsWorkingDay(at(2027, 2, 8, 9, 0)) || !c.IsWorkingDay(at(2027, 2, 14, 9, 0)) {
		t.Error("the loaded holidays are not used")
	}
	for _, tc := range []struct{ text, want string }{
		{"year 2027\nholiday 2027-13-01\n", ":2: \"2027-13-01\" is not a date"},
		{"year 2027\n\nworkday 2027-02-10\n", ":3: 2027-02-10 is a Wednesday"},
		{"year 2027\nholiday 2028-01-01\n", ":2: 2028-01-01 lies in 2028"},
		{"year 2027\nholidays 2027-01-01\n", ":2: unknown item \"holidays\""},
		{"year 2027\nyear 2027\n", ":2: year 2027 is declared twice"},
		{"year 2027\nholiday 2027-02-11..2027-02-05\n", ":2: range"},
		{"year 2027\nholiday 2027-01-01..2027-06-01\n", "longer than a month"},
		{"year 2027\nworkday 2027-02-13\nholiday 2027-02-13\n", ":3: 2027-02-13 is already a working day"},
		{"year twenty\n", ":1: year \"twenty\""},
		{"# nothing\n", "no \"year\" line"},
	} {
		p := filepath.Join(dir, "bad.txt")
		if err := os.WriteFile(p, []byte(tc.text), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Load(p)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) {
			t.Errorf("Load(%q) = %v, want an error naming the file and containing %q", tc.text, err, tc.want)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.txt")); err == nil {
		t.Error("a missing file loads")
	}
}

// TestEmbeddedFileMatchesTheNotices spot-checks the embedded data against
// the State Council's notices, one fact per holiday season.
func TestEmbeddedFileMatchesTheNotices(t *testing.T) {
	c := Default()
	rest := []time.Time{at(2024, 2, 10, 9, 0), at(2024, 2, 17, 9, 0), at(2024, 6, 10, 9, 0), at(2025, 1, 28, 9, 0),
		at(2025, 10, 8, 9, 0), at(2026, 1, 2, 9, 0), at(2026, 2, 23, 9, 0), at(2026, 5, 5, 9, 0), at(2026, 6, 19, 9, 0),
		at(2026, 9, 25, 9, 0), at(2026, 10, 7, 9, 0), at(2023, 1, 2, 9, 0)}
	for _, d := range rest {
		if c.IsWorkingDay(d) {
			t.Errorf("%s should be a holiday", d.Format(time.DateOnly))
		}
	}
	work := []time.Time{at(2024, 2, 4, 9, 0), at(2024, 2, 18, 9, 0), at(2024, 5, 11, 9, 0), at(2025, 1, 26, 9, 0),
		at(2025, 2, 8, 9, 0), at(2025, 4, 27, 9, 0), at(2026, 2, 14, 9, 0), at(2026, 2, 28, 9, 0), at(2026, 5, 9, 9, 0),
		at(2026, 9, 20, 9, 0), at(2026, 10, 10, 9, 0), at(2023, 10, 8, 9, 0)}
	for _, d := range work {
		if !c.IsWorkingDay(d) {
			t.Errorf("%s should be a make-up working day", d.Format(time.DateOnly))
		}
	}
	if name, ok := c.HolidayName(at(2026, 10, 3, 9, 0)); !ok || name != "国庆节" {
		t.Errorf("HolidayName(3 Oct 2026) = %q, %v", name, ok)
	}
}
