// Package calendar counts procedural periods the way the criminal procedure
// law does (刑事诉讼法（2018年修正）第105条): the day a period starts on is
// not counted, a period ends at 24:00 of its last day, and a period whose
// last day is a holiday ends on the first working day after it — except while
// the person is in custody (在押), where the period never extends. Working
// days skip the State Council's public holidays and weekends and count its
// make-up working days (调休).
//
// The holidays come from a data file (holidays_cn.txt, embedded; or a file
// loaded with Load). A year the file does not declare is not covered: dates
// in it are counted with weekends only, and Covers, UncoveredYears and the
// OnUncovered hook say so, so that a guess is never silent.
//
// End of a period: every Due… and AddWorkingDays result is the last
// representable instant of the period's last day, 23:59:59.999999999 in
// Zone. An act at or before that instant is on time (compare with
// !act.After(due)); 00:00 of the next day is late. Displayed to the minute,
// the due time reads 23:59.
package calendar

import (
	_ "embed"
	"sort"
	"sync"
	"time"
)

// Zone is the zone days are counted in: China Standard Time (UTC+08:00).
var Zone = time.FixedZone("CST", 8*3600)

//go:embed holidays_cn.txt
var embedded string

// Calendar knows which days are working days in the years it covers.
type Calendar struct {
	source  string
	years   map[int]bool
	holiday map[int]string // yyyymmdd → label
	workday map[int]string // yyyymmdd → label (调休上班)

	mu     sync.Mutex
	warned map[int]bool
	warn   func(year int)
}

var (
	defaultOnce sync.Once
	defaultCal  *Calendar
)

// Default returns the embedded calendar (holidays_cn.txt). It is shared:
// set its OnUncovered hook only from a program's start-up.
func Default() *Calendar {
	defaultOnce.Do(func() { defaultCal = NewDefault() })
	return defaultCal
}

// NewDefault returns a private copy of the embedded calendar, for a program
// that sets its own OnUncovered hook.
func NewDefault() *Calendar {
	c, err := parse("holidays_cn.txt (embedded)", embedded)
	if err != nil {
		panic("calendar: embedded holidays_cn.txt: " + err.Error())
	}
	return c
}

// Source names where the calendar was loaded from.
func (c *Calendar) Source() string { return c.source }

// Years returns the covered years in ascending order.
func (c *Calendar) Years() []int {
	out := make([]int, 0, len(c.years))
	for y := range c.years {
		out = append(out, y)
	}
	sort.Ints(out)
	return out
}

// OnUncovered sets a function called once per year, the first time a count
// consults a day of a year the calendar does not cover (a program logs it).
func (c *Calendar) OnUncovered(f func(year int)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.warn = f
}

// Covers reports whether the calendar has the holidays of t's year (in Zone).
func (c *Calendar) Covers(t time.Time) bool {
	return c.years[t.In(Zone).Year()]
}

// UncoveredYears returns the years from from to to (inclusive, in Zone)
// that the calendar does not cover; nil when all are covered.
func (c *Calendar) UncoveredYears(from, to time.Time) []int {
	a, b := from.In(Zone).Year(), to.In(Zone).Year()
	if b < a {
		a, b = b, a
	}
	var out []int
	for y := a; y <= b; y++ {
		if !c.years[y] {
			out = append(out, y)
		}
	}
	return out
}

// IsWorkingDay reports whether t's date (in Zone) is a working day: a
// Monday to Friday that is not a public holiday, or a Saturday or Sunday
// that is a make-up working day. In a year the calendar does not cover,
// Monday to Friday (and the OnUncovered hook is told).
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	t = t.In(Zone)
	k := key(t)
	if !c.years[t.Year()] {
		c.noteUncovered(t.Year())
	}
	if _, ok := c.holiday[k]; ok {
		return false
	}
	if _, ok := c.workday[k]; ok {
		return true
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// HolidayName returns the label of t's date when it is a public holiday.
func (c *Calendar) HolidayName(t time.Time) (string, bool) {
	name, ok := c.holiday[key(t.In(Zone))]
	return name, ok
}

// DueDays returns the end of a period of n days that starts at start: the
// start day is not counted, so the last day is start's date + n, and the
// period ends at the end of that day. When the last day is not a working
// day the period ends at the end of the first working day after it, unless
// inCustody. n < 0 counts as 0.
func (c *Calendar) DueDays(start time.Time, n int, inCustody bool) time.Time {
	if n < 0 {
		n = 0
	}
	s := start.In(Zone)
	last := time.Date(s.Year(), s.Month(), s.Day()+n, 12, 0, 0, 0, Zone)
	return c.endOf(last, inCustody)
}

// DueMonths returns the end of a period of n months that starts at start:
// from a day of a month to the same day of the n-th month after it; from the
// last day of a month to the last day of the target month; where the same
// day does not exist, to the last day of the target month. The end-of-day
// and holiday rules are those of DueDays. n < 0 counts as 0.
func (c *Calendar) DueMonths(start time.Time, n int, inCustody bool) time.Time {
	if n < 0 {
		n = 0
	}
	s := start.In(Zone)
	y, m, d := s.Year(), s.Month(), s.Day()
	ty, tm := y, m+time.Month(n)
	first := time.Date(ty, tm, 1, 12, 0, 0, 0, Zone) // normalises the month
	ty, tm = first.Year(), first.Month()
	lastOfTarget := daysIn(ty, tm)
	if d == daysIn(y, m) || d > lastOfTarget {
		d = lastOfTarget
	}
	return c.endOf(time.Date(ty, tm, d, 12, 0, 0, 0, Zone), inCustody)
}

// AddWorkingDays returns the end of the n-th working day after start's date
// (start's own day is not counted). n < 0 counts as 0: the end of start's
// day.
func (c *Calendar) AddWorkingDays(start time.Time, n int) time.Time {
	s := start.In(Zone)
	d := time.Date(s.Year(), s.Month(), s.Day(), 12, 0, 0, 0, Zone)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return EndOfDay(d)
}

// EndOfDay returns the last instant of t's date in Zone
// (23:59:59.999999999).
func EndOfDay(t time.Time) time.Time {
	t = t.In(Zone)
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, Zone).Add(-time.Nanosecond)
}

// endOf is the end of the period whose last day is last, moved past
// non-working days unless inCustody.
func (c *Calendar) endOf(last time.Time, inCustody bool) time.Time {
	if !inCustody {
		for !c.IsWorkingDay(last) {
			last = last.AddDate(0, 0, 1)
		}
	}
	return EndOfDay(last)
}

func (c *Calendar) noteUncovered(year int) {
	c.mu.Lock()
	if c.warn == nil || c.warned[year] {
		c.mu.Unlock()
		return
	}
	if c.warned == nil {
		c.warned = map[int]bool{}
	}
	c.warned[year] = true
	f := c.warn
	c.mu.Unlock()
	if f != nil {
		f(year)
	}
}

func key(t time.Time) int { return t.Year()*10000 + int(t.Month())*100 + t.Day() }

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 12, 0, 0, 0, Zone).Day()
}
