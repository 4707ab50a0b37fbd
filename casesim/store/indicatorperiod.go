package store

import (
	"context"
	"regexp"
	"strconv"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/sim"
)

// IndicatorPeriodRE matches the period forms of the indicator endpoints:
// YYYY-MM (a month), YYYY-MM-mtd (the running month so far), YYYY-ytd (累计,
// January to the last complete month).
var IndicatorPeriodRE = regexp.MustCompile(`^(\d{4})-(?:(\d{2})(-mtd)?|(ytd))$`)

// indicatorPeriod is a resolved period: the months it sums and how to
// compare it.
type indicatorPeriod struct {
	canon        string   // as answered: 2026-11, 2026-12-mtd, 2026-ytd
	kind         string   // api.Period*
	months       []string // YYYY-MM months summed, oldest first
	lastComplete string   // the last complete month the history ends with
	from         time.Time
	through      time.Time // the last day covered
}

// previous is the period 环比 compares with: the month before, for a
// month only (a month-to-date or a year-to-date figure has no like-for-like
// previous period here).
func (p indicatorPeriod) previous() []string {
	if p.kind != api.PeriodMonth {
		return nil
	}
	return monthsUpTo(p.months[0], 2)[:1]
}

// yearAgo is the period 同比 compares with: the same months a year
// earlier, for a month or a year-to-date figure.
func (p indicatorPeriod) yearAgo() []string {
	if p.kind == api.PeriodMTD {
		return nil
	}
	out := make([]string, len(p.months))
	for i, m := range p.months {
		y, _ := strconv.Atoi(m[:4])
		out[i] = strconv.Itoa(y-1) + m[4:]
	}
	return out
}

// resolveIndicatorPeriod resolves raw at now (in the simulation's zone):
// "" is the last complete month; YYYY-MM of the running month is its
// month-to-date figure. A period not yet begun, a month-to-date of a month
// that is not running, a year with no complete month, or months without
// stored values are not found.
func resolveIndicatorPeriod(ctx context.Context, q queryer, raw string, now time.Time) (indicatorPeriod, error) {
	now = now.In(sim.Zone)
	running := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, sim.Zone)
	lastComplete := running.AddDate(0, -1, 0)
	notFound := &NotFoundError{What: "period", ID: raw}
	var p indicatorPeriod
	month := func(t time.Time) string { return t.Format("2006-01") }
	defaulted := raw == ""
	if defaulted {
		raw = month(lastComplete)
	}
	sm := IndicatorPeriodRE.FindStringSubmatch(raw)
	if sm == nil {
		return p, notFound
	}
	year, _ := strconv.Atoi(sm[1])
	switch {
	case sm[4] == "ytd":
		last := time.Date(year, 12, 1, 0, 0, 0, 0, sim.Zone)
		if year == now.Year() {
			last = lastComplete
		}
		if year > now.Year() || last.Year() != year {
			return p, notFound // no complete month of that year yet
		}
		p.kind, p.canon, p.lastComplete = api.PeriodYTD, sm[1]+"-ytd", month(last)
		for m := time.Date(year, 1, 1, 0, 0, 0, 0, sim.Zone); !m.After(last); m = m.AddDate(0, 1, 0) {
			p.months = append(p.months, month(m))
		}
		p.from, p.through = time.Date(year, 1, 1, 0, 0, 0, 0, sim.Zone), last.AddDate(0, 1, -1)
	default:
		mo, _ := strconv.Atoi(sm[2])
		if mo < 1 || mo > 12 {
			return p, notFound
		}
		start := time.Date(year, time.Month(mo), 1, 0, 0, 0, 0, sim.Zone)
		switch {
		case start.After(running):
			return p, notFound
		case start.Equal(running):
			p.kind, p.canon, p.lastComplete = api.PeriodMTD, month(start)+"-mtd", month(lastComplete)
			p.from, p.through = start, time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, sim.Zone)
		case sm[3] != "":
			return p, notFound // month-to-date of a month that is over
		default:
			p.kind, p.canon, p.lastComplete = api.PeriodMonth, month(start), month(start)
			p.from, p.through = start, start.AddDate(0, 1, -1)
		}
		p.months = []string{month(start)}
	}
	if defaulted {
		// The default period always answers: a system of imported data
		// with no reported values has an empty set, not a missing period.
		return p, nil
	}
	for _, m := range []string{p.months[0], p.months[len(p.months)-1]} {
		ok, err := monthStored(ctx, q, m)
		if err != nil {
			return p, err
		}
		if !ok {
			return p, notFound
		}
	}
	return p, nil
}

func monthStored(ctx context.Context, q queryer, m string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM indicator_values WHERE period = ? LIMIT 1)`, m).Scan(&n)
	return n > 0, err
}
