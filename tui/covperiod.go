package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// CoverageFetcher is implemented by a Fetcher that can fetch the
// responsibility-list coverage for a period other than the default
// (client.Client does).
type CoverageFetcher interface {
	CoverageIn(ctx context.Context, unit, by, period string) (*api.Coverage, error)
}

// coverageLoadedMsg answers the fetch of a month-to-date or year-to-date
// coverage.
type coverageLoadedMsg struct {
	req      int
	want     string
	unit, by string
	Data     *api.Coverage
	Err      error
}

// by is the coverage grouping the panel shows.
func (p *coveragePanel) by() string {
	if p.byPerson {
		return client.ByPerson
	}
	return client.ByDepartment
}

// base is the poller's coverage of unit in the panel's grouping (the last
// complete month).
func (p *coveragePanel) base(c *common, unit string) client.Feed[api.Coverage] {
	if p.byPerson {
		return c.state.CoverageByPerson[unit]
	}
	return c.state.CoverageByDept[unit]
}

// periodWant names the alternative coverage the panel needs (unit,
// grouping, period and the default's as_of, so that a new poll fetches it
// again); "" when the default is shown or not yet known.
func (p *coveragePanel) periodWant(c *common) string {
	if p.period == indMonth {
		return ""
	}
	base := p.base(c, c.scopeUnit())
	if !base.HasData {
		return ""
	}
	q := periodQuery(p.period, base.Data.Period)
	if q == "" {
		return ""
	}
	return c.scopeUnit() + "|" + p.by() + "|" + q + "|" + base.Data.AsOf.Format(time.RFC3339Nano)
}

// periodFetch returns the fetch of the alternative coverage when
// the panel needs one it has not asked for yet.
func (p *coveragePanel) periodFetch(c *common) tea.Cmd {
	want := p.periodWant(c)
	if want == "" || want == p.altAsked {
		return nil
	}
	p.altAsked, p.altReq = want, c.nextReq()
	req, unit, by := p.altReq, c.scopeUnit(), p.by()
	base := p.base(c, unit)
	q := periodQuery(p.period, base.Data.Period)
	return c.fetch(coverageLoadedMsg{req: req, want: want, Err: errNoFetcher}, func(ctx context.Context, f Fetcher) tea.Msg {
		cf, ok := f.(CoverageFetcher)
		if !ok {
			return coverageLoadedMsg{req: req, want: want, Err: errNoFetcher}
		}
		cov, err := cf.CoverageIn(ctx, unit, by, q)
		return coverageLoadedMsg{req: req, want: want, unit: unit, by: by, Data: cov, Err: err}
	})
}

// loaded stores a fetched alternative coverage if it is still wanted.
func (p *coveragePanel) loaded(c *common, msg coverageLoadedMsg) {
	if msg.req != p.altReq {
		return
	}
	p.alt.Err = msg.Err
	if msg.Err == nil && msg.Data != nil {
		iv := p.base(c, msg.unit).Interval // stale by the poller's own feed
		p.alt = client.Feed[api.Coverage]{Data: *msg.Data, HasData: true, FetchedAt: c.now(), Interval: iv}
		p.altUnit, p.altBy = msg.unit, msg.by
	}
	p.sync(c, true)
}

// snapshot returns the coverage the panel shows for unit: the poller's for
// the last complete month, else the fetched alternative once it has come
// (until then none, with the fetch's error if any).
func (p *coveragePanel) snapshot(c *common, unit string) client.Feed[api.Coverage] {
	if p.period == indMonth {
		return p.base(c, unit)
	}
	if p.altUnit == unit && p.altBy == p.by() && p.alt.HasData &&
		p.alt.Data.PeriodKind == [...]string{api.PeriodMonth, api.PeriodMTD, api.PeriodYTD}[p.period] {
		return p.alt
	}
	return client.Feed[api.Coverage]{Err: p.alt.Err}
}
