package tui

import (
	"context"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// Periods the indicators panel shows: the poller's default (the last
// complete month), the running month so far, or the year to date (累计).
const (
	indMonth = iota
	indMTD
	indYTD
	indPeriods
)

// IndicatorFetcher is implemented by a Fetcher that can fetch an
// indicator set for a period other than the default (client.Client does).
type IndicatorFetcher interface {
	Indicators(ctx context.Context, unit, period string) (*api.IndicatorSet, error)
}

// indicatorsLoadedMsg answers the fetch of a month-to-date or year-to-date
// indicator set.
type indicatorsLoadedMsg struct {
	req  int
	want string
	Data *api.IndicatorSet
	Err  error
}

// periodQuery is the period parameter of mode (indMonth, indMTD, indYTD)
// for the indicators and the coverage alike, derived from the period of the
// default answer (the last complete month, YYYY-MM); "" for the default.
func periodQuery(mode int, base string) string {
	t, err := time.Parse("2006-01", base)
	if err != nil {
		return ""
	}
	switch mode {
	case indMTD:
		return t.AddDate(0, 1, 0).Format("2006-01") + "-mtd"
	case indYTD:
		return strconv.Itoa(t.Year()) + "-ytd"
	}
	return ""
}

// periodWant names the alternative set the panel needs (unit, period and
// the default set's as_of, so that a new poll fetches it again); "" when
// the default set is shown or not yet known.
func (p *indicatorsPanel) periodWant(c *common) string {
	if p.period == indMonth {
		return ""
	}
	base := c.state.Indicators[c.scopeUnit()]
	if !base.HasData {
		return ""
	}
	q := periodQuery(p.period, base.Data.Period)
	if q == "" {
		return ""
	}
	return c.scopeUnit() + "|" + q + "|" + base.Data.AsOf.Format(time.RFC3339Nano)
}

// periodFetch returns the fetch of the alternative set when the panel
// needs one it has not asked for yet.
func (p *indicatorsPanel) periodFetch(c *common) tea.Cmd {
	want := p.periodWant(c)
	if want == "" || want == p.altAsked {
		return nil
	}
	p.altAsked, p.altReq = want, c.nextReq()
	req, unit := p.altReq, c.scopeUnit()
	base := c.state.Indicators[unit]
	q := periodQuery(p.period, base.Data.Period)
	return c.fetch(indicatorsLoadedMsg{req: req, want: want, Err: errNoFetcher}, func(ctx context.Context, f Fetcher) tea.Msg {
		inf, ok := f.(IndicatorFetcher)
		if !ok {
			return indicatorsLoadedMsg{req: req, want: want, Err: errNoFetcher}
		}
		s, err := inf.Indicators(ctx, unit, q)
		return indicatorsLoadedMsg{req: req, want: want, Data: s, Err: err}
	})
}

// loaded stores a fetched alternative set if it is still wanted.
func (p *indicatorsPanel) loaded(c *common, msg indicatorsLoadedMsg) {
	if msg.req != p.altReq {
		return
	}
	p.alt.Err = msg.Err
	if msg.Err == nil && msg.Data != nil {
		// Stale by the yardstick of the poller's own feed of the unit's indicators.
		iv := c.state.Indicators[msg.Data.UnitID].Interval
		p.alt = client.Feed[api.IndicatorSet]{Data: *msg.Data, HasData: true, FetchedAt: c.now(), Interval: iv}
		p.altUnit = msg.Data.UnitID
	}
	p.sync(c, true)
}

// shownSet is the snapshot the panel shows: the poller's for the default
// period, else the fetched alternative of the scope unit (none while it
// loads).
func (p *indicatorsPanel) shownSet(c *common) client.Feed[api.IndicatorSet] {
	unit := c.scopeUnit()
	if p.period == indMonth {
		return c.state.Indicators[unit]
	}
	if p.altUnit == unit && p.alt.HasData && p.alt.Data.PeriodKind == [...]string{api.PeriodMonth, api.PeriodMTD, api.PeriodYTD}[p.period] {
		return p.alt
	}
	return client.Feed[api.IndicatorSet]{Err: p.alt.Err}
}

// periodLabel describes the set's period: 2026-11; 2026-12 月初至3日; 2026年1–11月累计.
func (c *common) periodLabel(s *api.IndicatorSet) string {
	from, err1 := time.Parse(time.DateOnly, s.From)
	through, err2 := time.Parse(time.DateOnly, s.Through)
	if err1 != nil || err2 != nil {
		return s.Period
	}
	switch s.PeriodKind {
	case api.PeriodMTD:
		return c.cat.F("period.mtd", from.Format("2006-01"), through.Day())
	case api.PeriodYTD:
		return c.cat.F("period.ytd", from.Year(), int(from.Month()), int(through.Month()))
	}
	return from.Format("2006-01")
}
