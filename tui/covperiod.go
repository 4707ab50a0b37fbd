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
func (p *coveragePanel) base(m *model, unit string) client.Feed[api.Coverage] {
	if p.byPerson {
		return m.state.CoverageByPerson[unit]
	}
	return m.state.CoverageByDept[unit]
}

// periodWant names the alternative coverage the panel needs (unit,
// grouping, period and the default's as_of, so that a new poll fetches it
// again); "" when the default is shown or not yet known.
func (p *coveragePanel) periodWant(m *model) string {
	if p.period == indMonth {
		return ""
	}
	base := p.base(m, m.scopeUnit())
	if !base.HasData {
		return ""
	}
	q := periodQuery(p.period, base.Data.Period)
	if q == "" {
		return ""
	}
	return m.scopeUnit() + "|" + p.by() + "|" + q + "|" + base.Data.AsOf.Format(time.RFC3339Nano)
}

// coveragePeriodFetch returns the fetch of the alternative coverage when
// the panel needs one it has not asked for yet.
func (m *model) coveragePeriodFetch() tea.Cmd {
	p := &m.cov
	want := p.periodWant(m)
	if want == "" || want == p.altAsked {
		return nil
	}
	p.altAsked, p.altReq = want, m.nextReq()
	req, unit, by := p.altReq, m.scopeUnit(), p.by()
	base := p.base(m, unit)
	q := periodQuery(p.period, base.Data.Period)
	return m.fetch(coverageLoadedMsg{req: req, want: want, Err: errNoFetcher}, func(ctx context.Context, f Fetcher) tea.Msg {
		cf, ok := f.(CoverageFetcher)
		if !ok {
			return coverageLoadedMsg{req: req, want: want, Err: errNoFetcher}
		}
		c, err := cf.CoverageIn(ctx, unit, by, q)
		return coverageLoadedMsg{req: req, want: want, unit: unit, by: by, Data: c, Err: err}
	})
}

// coverageLoaded stores a fetched alternative coverage if it is still
// wanted.
func (m *model) coverageLoaded(msg coverageLoadedMsg) {
	p := &m.cov
	if msg.req != p.altReq {
		return
	}
	p.alt.Err = msg.Err
	if msg.Err == nil && msg.Data != nil {
		iv := p.base(m, msg.unit).Interval // stale by the poller's own feed
		p.alt = client.Feed[api.Coverage]{Data: *msg.Data, HasData: true, FetchedAt: m.now(), Interval: iv}
		p.altUnit, p.altBy = msg.unit, msg.by
	}
	p.sync(m, true)
}

// snapshot returns the coverage the panel shows for unit: the poller's for
// the last complete month, else the fetched alternative once it has come
// (until then none, with the fetch's error if any).
func (p *coveragePanel) snapshot(m *model, unit string) client.Feed[api.Coverage] {
	if p.period == indMonth {
		return p.base(m, unit)
	}
	if p.altUnit == unit && p.altBy == p.by() && p.alt.HasData &&
		p.alt.Data.PeriodKind == [...]string{api.PeriodMonth, api.PeriodMTD, api.PeriodYTD}[p.period] {
		return p.alt
	}
	return client.Feed[api.Coverage]{Err: p.alt.Err}
}
