package tui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// errNoFetcher is the error of a drill-down without a Fetcher.
var errNoFetcher = errors.New("no fetcher configured")

// open shows the case id on the case screen and fetches it.
func (v *caseView) open(c *common, id, caseNo string) tea.Cmd {
	*v = caseView{id: id, caseNo: caseNo}
	return v.refresh(c)
}

// refresh (re)loads the case on the case screen.
func (v *caseView) refresh(c *common) tea.Cmd {
	v.req, v.loading = c.nextReq(), true
	req, id := v.req, v.id
	return c.fetch(caseLoadedMsg{req: req, id: id, Err: errNoFetcher}, func(ctx context.Context, f Fetcher) tea.Msg {
		cs, err := f.Case(ctx, id)
		return caseLoadedMsg{req: req, id: id, Data: cs, Err: err}
	})
}

// fetch returns a command that calls get with the Fetcher, bounded by the
// fetch timeout; without a Fetcher it answers noFetcher instead.
func (c *common) fetch(noFetcher tea.Msg, get func(context.Context, Fetcher) tea.Msg) tea.Cmd {
	f, timeout := c.opts.Fetcher, c.opts.FetchTimeout
	return func() tea.Msg {
		if f == nil {
			return noFetcher
		}
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		return get(ctx, f)
	}
}

// loaded stores a fetched case if it is the one still wanted.
func (v *caseView) loaded(msg caseLoadedMsg) {
	if msg.req != v.req {
		return
	}
	v.loading = false
	v.err = msg.Err
	if msg.Err == nil {
		v.data = msg.Data
	}
}

// open shows indicator ind of the panel from on the indicator screen and
// fetches its ranking.
func (v *indicatorView) open(c *common, ind api.Indicator, from *indicatorsPanel) tea.Cmd {
	// The peers are always the province's basic units: a basic unit is
	// marked among them, a city or the province marks the units below it.
	*v = indicatorView{ind: ind, unit: c.scopeUnit(), period: from.snap.Data.Period, from: from}
	return v.refresh(c)
}

// refresh (re)loads the ranking on the indicator screen.
func (v *indicatorView) refresh(c *common) tea.Cmd {
	v.req, v.loading = c.nextReq(), true
	req, id, period, parent := v.req, v.ind.ID, v.period, v.parent
	return c.fetch(rankingLoadedMsg{req: req, Err: errNoFetcher}, func(ctx context.Context, f Fetcher) tea.Msg {
		r, err := f.Ranking(ctx, id, period, parent)
		return rankingLoadedMsg{req: req, Data: r, Err: err}
	})
}

// loaded stores a fetched ranking if it is the one still wanted.
func (v *indicatorView) loaded(msg rankingLoadedMsg) {
	if msg.req != v.req {
		return
	}
	v.loading = false
	v.err = msg.Err
	if msg.Err == nil {
		v.ranking = msg.Data
	}
}

// open shows the 越权 decisions of a row of the coverage panel from, in the
// period the panel shows, and fetches them.
func (v *decisionsView) open(c *common, row api.CoverageRow, from *coveragePanel) tea.Cmd {
	q := client.DecisionQuery{Unit: row.UnitID, Verdict: api.VerdictOver, Period: from.snap.Data.Period}
	if q.Unit == "" {
		q.Unit = c.scopeUnit()
	}
	if from.byPerson {
		q.Person = row.Key
	} else {
		q.Dept = row.Key
	}
	v.row, v.q, v.from = row, q, from
	v.page, v.err = nil, nil
	v.table.SetLen(0)
	v.table.SetCursor(0)
	return v.refresh(c)
}

// refresh (re)loads the decisions screen.
func (v *decisionsView) refresh(c *common) tea.Cmd {
	v.req, v.loading = c.nextReq(), true
	req, q := v.req, v.q
	return c.fetch(decisionsLoadedMsg{req: req, Err: errNoFetcher}, func(ctx context.Context, f Fetcher) tea.Msg {
		p, err := f.Decisions(ctx, q)
		return decisionsLoadedMsg{req: req, Data: p, Err: err}
	})
}

// loaded stores fetched decisions if they are the ones wanted.
func (v *decisionsView) loaded(c *common, msg decisionsLoadedMsg) {
	if msg.req != v.req {
		return
	}
	v.loading = false
	v.err = msg.Err
	if msg.Err == nil && msg.Data != nil {
		sel := v.selID
		v.page = msg.Data
		v.table.SetColumns(v.columns(c)) // sized by what the page holds (decisioncols.go)
		v.table.SetLen(len(v.page.Decisions))
		for i := range v.page.Decisions {
			if v.page.Decisions[i].ID == sel {
				v.table.SetCursor(i)
			}
		}
		v.pick()
	}
}

// fetchTimeoutDefault bounds on-demand fetches when Options leave it unset.
const fetchTimeoutDefault = 15 * time.Second
