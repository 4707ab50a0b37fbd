package indicators

import (
	"sync"
	"time"

	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// HistoryMonths is how many months of values the system keeps before the
// running month: 24 months of history for the last complete month, one
// more for its first change, and the same months a year earlier for 同比
// of a year-to-date period.
const HistoryMonths = 26

// LeadDays is how long before the first month of the history the
// simulation starts, so that the first month already counts the later
// stages of matters that arrived before it (custody, court).
const LeadDays = 240

// HistoryStart is the first simulation day to generate so that every
// month of the history window ending with the month of now is complete.
func HistoryStart(now time.Time) int {
	now = now.In(sim.Zone)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, sim.Zone).AddDate(0, -HistoryMonths, 0)
	return sim.DayIndex(first) - LeadDays
}

// Simulate generates the arrivals of days first … last (inclusive) with
// g, in day order (see SimulateEach). These cases feed the indicators of
// the history window; they are not stored.
func Simulate(g *sim.Generator, first, last int) []*sim.Case {
	var out []*sim.Case
	SimulateEach(g, first, last, func(cs []*sim.Case) { out = append(out, cs...) })
	return out
}

// chunkDays is how many days SimulateEach generates before handing them
// over: the history is counted and dropped a chunk at a time, so the
// memory it takes stays that of one chunk.
const chunkDays = 32

// SimulateEach generates the arrivals of days first … last (inclusive)
// with g on two goroutines (the generator is safe for concurrent use) and
// hands them to fn a chunk of days at a time, in day order, on the calling
// goroutine.
func SimulateEach(g *sim.Generator, first, last int, fn func([]*sim.Case)) {
	const workers = 2
	for from := first; from <= last; from += chunkDays {
		n := min(chunkDays, last-from+1)
		days := make([][]*sim.Case, n)
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := w; i < n; i += workers {
					days[i] = g.ArrivalsOn(from + i)
				}
			}(w)
		}
		wg.Wait()
		var chunk []*sim.Case
		for _, d := range days {
			chunk = append(chunk, d...)
		}
		fn(chunk)
	}
}

// RefreshFrom is the first instant of the months refreshed at t (the
// previous month and the running one).
func RefreshFrom(t time.Time) time.Time {
	t = t.In(sim.Zone)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, sim.Zone).AddDate(0, -1, 0)
}

// StillCounting keeps the cases that may still count towards an indicator
// at or after from: something of theirs happens then (an event, an
// outcome, a card error's rectification deadline, a petition's reply).
func StillCounting(cases []*sim.Case, from time.Time) []*sim.Case {
	var out []*sim.Case
	for _, c := range cases {
		if lastCounted(c).Before(from) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// lastCounted is the latest time anything of c counts towards an
// indicator.
func lastCounted(c *sim.Case) time.Time {
	last := c.AcceptedAt.Add(30 * 24 * time.Hour) // a petition's reply deadline
	later := func(t *time.Time) {
		if t != nil && t.After(last) {
			last = *t
		}
	}
	if n := len(c.Events); n > 0 {
		later(&c.Events[n-1].At)
	}
	for _, e := range c.Events {
		if e.Type == domain.EvNoticeIssued {
			t := e.At.Add(RectifyWindow)
			later(&t)
		}
	}
	for _, ce := range c.CardErrors {
		t := ce.FoundAt.Add(RectifyWindow)
		later(&t)
	}
	if c.Court != nil {
		later(&c.Court.PronouncedAt)
	}
	if o := c.Outcomes; o != nil {
		later(o.ProtestDecidedAt)
		later(o.RetrialRepliedAt)
		later(o.SuitJudgedAt)
	}
	return last
}
