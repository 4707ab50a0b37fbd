package snapshot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// DefaultLimit bounds the lists of most overdue cases and coverage gaps.
const DefaultLimit = 10

// maxAlertPages bounds the paging through /alerts.
const maxAlertPages = 10000

// API is what Build needs of the case system; *client.Client has it.
type API interface {
	Health(ctx context.Context) (*api.Health, error)
	Units(ctx context.Context) (*api.UnitList, error)
	Alerts(ctx context.Context, q client.AlertQuery) (*client.AlertPage, error)
	Indicators(ctx context.Context, unit, period string) (*api.IndicatorSet, error)
	Coverage(ctx context.Context, unit, by string) (*api.Coverage, error)
}

// Options configure Build.
type Options struct {
	// Scope is a unit id: the report covers it and its subtree. Empty for
	// the root of the org tree (the province).
	Scope string
	// Demo marks the report as demonstration data even when the system's
	// /health does not (the caller started the embedded demo system).
	Demo bool
	// Now is the clock of GeneratedAt (default time.Now).
	Now func() time.Time
	// Limit bounds the most-overdue and coverage-gap lists (default
	// DefaultLimit).
	Limit int
	// All lists every most-overdue case and coverage gap (Limit unused).
	All bool
}

// ScopeError reports a scope that names no unit of the case system.
type ScopeError struct {
	Scope string
	Known []string
}

// Error implements error.
func (e *ScopeError) Error() string {
	return fmt.Sprintf("--scope %s: no such unit (units: %s)", e.Scope, strings.Join(e.Known, ", "))
}

// Build fetches the report from the API: /health, /units, every page of
// the active alerts of the scope, /indicators and /coverage by department
// of the scope unit. An unknown scope is a *ScopeError.
func Build(ctx context.Context, c API, o Options) (*Report, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	switch {
	case o.All:
		o.Limit = math.MaxInt
	case o.Limit <= 0:
		o.Limit = DefaultLimit
	}
	h, err := c.Health(ctx)
	if err != nil {
		return nil, fmt.Errorf("GET /health: %w", err)
	}
	units, err := c.Units(ctx)
	if err != nil {
		return nil, fmt.Errorf("GET /units: %w", err)
	}
	scope, err := findScope(units.Units, o.Scope)
	if err != nil {
		return nil, err
	}
	alerts, asOf, rejected, err := allAlerts(ctx, c, scope.UnitID)
	if err != nil {
		return nil, fmt.Errorf("GET /alerts: %w", err)
	}
	ind, err := c.Indicators(ctx, scope.UnitID, "")
	if err != nil {
		return nil, fmt.Errorf("GET /indicators: %w", err)
	}
	cov, err := c.Coverage(ctx, scope.UnitID, client.ByDepartment)
	if err != nil {
		return nil, fmt.Errorf("GET /coverage: %w", err)
	}
	nameEn := map[string]string{}
	for _, u := range units.Units {
		nameEn[u.ID] = u.NameEn
	}
	summary := summariseAlerts(alerts, asOf, nameEn, o.Limit)
	summary.Unmonitored = unmonitored(h.MonitoredCategories)
	return &Report{
		SchemaVersion: SchemaVersion,
		GeneratedAt:   o.Now(),
		DataAsOf:      h.DataAsOf,
		Demo:          h.Demo || o.Demo,
		Scope:         scope,
		Alerts:        withRejected(summary, rejected),
		Indicators:    summariseIndicators(ind, nameEn),
		Coverage:      summariseCoverage(cov, nameEn, o.Limit),
	}, nil
}

// unmonitored lists the categories the system says no rule watches (none
// when it does not say).
func unmonitored(monitored []string) []string {
	if monitored == nil {
		return nil
	}
	var out []string
	for _, c := range categories {
		if !slices.Contains(monitored, c) {
			out = append(out, c)
		}
	}
	return out
}

// findScope returns the unit of id, or the root when id is empty.
func findScope(units []api.Unit, id string) (Scope, error) {
	known := make([]string, 0, len(units))
	for _, u := range units {
		if (id == "" && u.ParentID == "") || u.ID == id {
			return Scope{UnitID: u.ID, Name: u.Name, NameEn: u.NameEn, Level: u.Level}, nil
		}
		known = append(known, u.ID)
	}
	if id == "" {
		return Scope{}, errors.New("GET /units: the case system lists no root unit")
	}
	return Scope{}, &ScopeError{Scope: id, Known: known}
}

// allAlerts pages through the active alerts of unit. Records the client
// refused are counted in rejected, not fatal.
func allAlerts(ctx context.Context, c API, unit string) ([]api.Alert, time.Time, client.Rejections, error) {
	var (
		out      []api.Alert
		asOf     time.Time
		rejected client.Rejections
	)
	seen := map[string]bool{}
	cursor := ""
	for range maxAlertPages {
		p, err := c.Alerts(ctx, client.AlertQuery{Unit: unit, Status: "active", Cursor: cursor, Limit: 1000})
		if err != nil {
			return nil, asOf, rejected, err
		}
		if asOf.IsZero() {
			asOf = p.AsOf
		}
		if rejected.Count == 0 {
			rejected.First = p.Rejected.First
		}
		rejected.Count += p.Rejected.Count
		for _, a := range p.Alerts {
			if !seen[a.ID] {
				seen[a.ID] = true
				out = append(out, a.API())
			}
		}
		if p.NextCursor == "" {
			return out, asOf, rejected, nil
		}
		if p.NextCursor == cursor {
			return nil, asOf, rejected, errors.New("the server repeated a page cursor")
		}
		cursor = p.NextCursor
	}
	return nil, asOf, rejected, fmt.Errorf("more than %d pages", maxAlertPages)
}

// withRejected records the refused records in the summary.
func withRejected(a Alerts, r client.Rejections) Alerts {
	a.Rejected = r.Count
	if r.Count > 0 {
		a.FirstRejected = r.First.String()
	}
	return a
}

var (
	levels     = api.Levels
	categories = api.Categories
)

func summariseAlerts(alerts []api.Alert, asOf time.Time, nameEn map[string]string, limit int) Alerts {
	s := Alerts{AsOf: asOf, Total: len(alerts), ByLevel: map[string]int{}, ByCategory: map[string]int{},
		ByUnit: []UnitCount{}, MostOverdue: []OverdueCase{}}
	for _, l := range levels {
		s.ByLevel[l] = 0
	}
	for _, c := range categories {
		s.ByCategory[c] = 0
	}
	byUnit := map[string]*UnitCount{}
	byCase := map[string]*OverdueCase{}
	for _, a := range alerts {
		s.ByLevel[a.Level]++
		s.ByCategory[a.Category]++
		u := byUnit[a.UnitID]
		if u == nil {
			u = &UnitCount{UnitID: a.UnitID, UnitName: a.UnitName, UnitNameEn: nameEn[a.UnitID]}
			byUnit[a.UnitID] = u
		}
		u.Total++
		switch a.Level {
		case api.LevelOverdue:
			u.Overdue++
		case api.LevelWarning:
			u.Warning++
		case api.LevelNotice:
			u.Notice++
		default: // 待整改, 逾期未整改, 达到积分上限: findings, never 超期
			u.Findings++
		}
		if a.Level == api.LevelOverdue {
			addOverdue(byCase, a, asOf)
		}
	}
	for _, u := range byUnit {
		s.ByUnit = append(s.ByUnit, *u)
	}
	slices.SortFunc(s.ByUnit, func(a, b UnitCount) int {
		return cmp.Or(b.Overdue-a.Overdue, b.Total-a.Total, strings.Compare(a.UnitID, b.UnitID))
	})
	for _, c := range byCase {
		c.UnitNameEn = nameEn[c.UnitID]
		s.MostOverdue = append(s.MostOverdue, *c)
	}
	s.OverdueCases = len(s.MostOverdue)
	slices.SortFunc(s.MostOverdue, func(a, b OverdueCase) int {
		return cmp.Or(a.DueAt.Compare(b.DueAt), strings.Compare(a.CaseNo, b.CaseNo), strings.Compare(a.CaseID, b.CaseID))
	})
	if len(s.MostOverdue) > limit {
		s.MostOverdue = s.MostOverdue[:limit]
	}
	return s
}

// addOverdue counts an overdue alert against its case, keeping the most
// overdue alert as the case's description.
func addOverdue(byCase map[string]*OverdueCase, a api.Alert, asOf time.Time) {
	c := byCase[a.CaseID]
	if c == nil {
		c = &OverdueCase{CaseID: a.CaseID}
		byCase[a.CaseID] = c
	}
	c.OverdueAlerts++
	if c.OverdueAlerts > 1 && (a.DueAt.After(c.DueAt) || (a.DueAt.Equal(c.DueAt) && a.ID > c.AlertID)) {
		return
	}
	c.CaseNo, c.UnitID, c.UnitName, c.DeptName, c.PersonName = a.CaseNo, a.UnitID, a.UnitName, a.DeptName, a.PersonName
	c.AlertID, c.Rule, c.RuleName, c.RuleNameEn, c.Category = a.ID, a.Rule, a.RuleName, a.RuleNameEn, a.Category
	c.DueAt = a.DueAt
	c.OverdueHours = max(0, int(asOf.Sub(a.DueAt)/time.Hour))
}

func summariseIndicators(set *api.IndicatorSet, nameEn map[string]string) Indicators {
	s := Indicators{UnitID: set.UnitID, UnitName: set.UnitName, UnitNameEn: nameEn[set.UnitID], Period: set.Period,
		PeriodKind: set.PeriodKind, AsOf: set.AsOf, Count: len(set.Indicators), BottomRanked: []Indicator{}, Volatile: []Indicator{}}
	for _, in := range set.Indicators {
		row := Indicator{ID: in.ID, Name: in.Name, NameEn: in.NameEn, Line: in.Line, Direction: in.Direction, Unit: in.Unit,
			Value: in.Value, Reference: in.Reference, Source: in.Source, Previous: in.Previous, Change: in.Change,
			Volatility: in.Volatility, Rank: in.Rank, RankOf: in.RankOf}
		if sub := in.Subordinates; sub != nil {
			s.BasicUnits = max(s.BasicUnits, sub.BasicUnits)
			s.BottomCells += len(sub.Bottom)
			row.RankOf = sub.BasicUnits
			for _, e := range sub.Bottom {
				row.BottomUnits = append(row.BottomUnits, e.UnitName)
				row.BottomUnitsEn = append(row.BottomUnitsEn, nameEn[e.UnitID])
			}
		}
		if in.BottomRank {
			s.BottomRanked = append(s.BottomRanked, row)
		}
		if in.Volatile {
			s.Volatile = append(s.Volatile, row)
		}
	}
	slices.SortFunc(s.BottomRanked, func(a, b Indicator) int {
		return cmp.Or(cmp.Compare(len(b.BottomUnits), len(a.BottomUnits)), cmp.Compare(a.RankOf-a.Rank, b.RankOf-b.Rank), strings.Compare(a.ID, b.ID))
	})
	slices.SortFunc(s.Volatile, func(a, b Indicator) int {
		return cmp.Or(cmp.Compare(b.Volatility, a.Volatility), strings.Compare(a.ID, b.ID))
	})
	return s
}

func summariseCoverage(c *api.Coverage, nameEn map[string]string, limit int) Coverage {
	s := Coverage{UnitID: c.UnitID, AsOf: c.AsOf, Period: c.Period, PeriodKind: c.PeriodKind, From: c.From, To: c.To,
		ListSource: c.List.Source, ListExample: c.List.Example, Decisions: c.Totals.Decisions,
		Within: c.Totals.Within, Over: c.Totals.Over, OverRate: c.Totals.OverRate,
		Gaps: []Gap{}, NotOnList: []ListGap{}, NotOnListDecisions: c.Totals.NotOnList, Unexercised: []Power{}}
	for _, r := range c.Rows {
		if r.Over > 0 {
			s.Gaps = append(s.Gaps, Gap{DeptID: r.Key, DeptName: r.Name, UnitID: r.UnitID, UnitName: r.UnitName,
				UnitNameEn: nameEn[r.UnitID], Decisions: r.Decisions, Over: r.Over, OverRate: r.OverRate})
		}
	}
	s.OverDepartments = len(s.Gaps)
	slices.SortFunc(s.Gaps, func(a, b Gap) int {
		return cmp.Or(b.Over-a.Over, cmp.Compare(b.OverRate, a.OverRate), strings.Compare(a.DeptID, b.DeptID))
	})
	if len(s.Gaps) > limit {
		s.Gaps = s.Gaps[:limit]
	}
	for _, g := range c.NotOnList {
		s.NotOnList = append(s.NotOnList, ListGap{Kind: g.Kind, Name: g.Name, NameEn: g.NameEn, Line: g.Line,
			Decisions: g.Decisions, Units: g.Units})
	}
	for _, p := range c.Unexercised {
		s.Unexercised = append(s.Unexercised, Power{ID: p.ID, Name: p.Name, NameEn: p.NameEn, Line: p.Line})
	}
	return s
}
