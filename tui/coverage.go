package tui

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui/vtable"
)

// Coverage table columns: the decisions the list governs, the 越权 among
// them and their share, and apart from them the decisions of kinds the
// list does not govern (清单未列事项), which are never part of the share.
const (
	ccName = iota
	ccRole
	ccDecisions
	ccOver
	ccRate
	ccNotOnList
)

// coveragePanel is the view-state of the responsibility-list panel.
type coveragePanel struct {
	table    vtable.Model
	byPerson bool
	snap     client.Feed[api.Coverage]
	unit     string
	rows     []int // indexes into snap.Data.Rows, most 越权 first
	selKey   string
	multi    bool // the scope spans several units: rows name theirs
	// period is indMonth (the poller's coverage, the last complete month),
	// indMTD or indYTD (fetched on demand into alt).
	period         int
	alt            client.Feed[api.Coverage]
	altUnit, altBy string
	altAsked       string
	altReq         int
	area           rect // the panel's inside (see fit)
}

func newCoveragePanel() coveragePanel { return coveragePanel{table: vtable.New(nil)} }

// columns returns the coverage table's columns.
func (p *coveragePanel) columns(c *common) []vtable.Column {
	t := c.cat.T
	name := t("col.dept")
	roleMin, roleMax := 0, 0
	if p.byPerson {
		name = t("col.person")
		roleMin, roleMax = 6, 10
		for _, r := range []string{"chief", "deputy", "dept_head", "prosecutor", "assistant", "clerk"} {
			roleMax = max(roleMax, textWidth(c.cat.Role(r))) // "chief prosecutor" whole (D17)
		}
	}
	nameMax := 18
	if p.multi {
		name = t("col.unit") + " · " + name
		nameMax = 30
	}
	return []vtable.Column{
		ccName:      {Title: name, Min: 8, Max: nameMax, Flex: true, Priority: 100},
		ccRole:      {Title: t("col.role"), Min: roleMin, Max: roleMax, Priority: 40},
		ccDecisions: {Title: t("col.decisions"), Min: 5, Priority: 90, Right: true},
		ccOver:      {Title: t("col.over"), Min: max(4, textWidth(t("col.over"))), Priority: 88, Right: true},
		ccRate:      {Title: t("col.overrate"), Min: max(6, textWidth(t("col.overrate"))), Priority: 80, Right: true},
		ccNotOnList: {Title: t("col.notonlist"), Min: max(6, textWidth(t("col.notonlist"))), Priority: 60, Right: true},
	}
}

// sync re-derives the rows when the scope's coverage changed.
func (p *coveragePanel) sync(c *common, force bool) {
	unit := c.scopeUnit()
	if multi := c.multiUnit(); multi != p.multi {
		p.multi = multi
		p.table.SetColumns(p.columns(c))
		force = true
	}
	snap := p.snapshot(c, unit)
	x, y := p.snap.Data.Rows, snap.Data.Rows
	same := p.snap.HasData == snap.HasData && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0]) &&
		len(p.snap.Data.Unexercised) == len(snap.Data.Unexercised) && len(p.snap.Data.NotOnList) == len(snap.Data.NotOnList) &&
		p.snap.Data.AsOf.Equal(snap.Data.AsOf)
	p.snap = snap
	if !force && unit == p.unit && same {
		return
	}
	p.unit = unit
	line := p.table.ScreenLine()
	rows := snap.Data.Rows
	p.rows = p.rows[:0]
	for i := range rows {
		p.rows = append(p.rows, i)
	}
	slices.SortStableFunc(p.rows, func(i, j int) int {
		a, b := &rows[i], &rows[j]
		if c := cmp.Compare(b.Over, a.Over); c != 0 {
			return c
		}
		if c := cmp.Compare(overRate(b), overRate(a)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Decisions, a.Decisions); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	p.fit() // the list of unexercised items may have grown
	p.table.SetLen(len(p.rows))
	for k, i := range p.rows {
		if rows[i].Key == p.selKey {
			p.table.Anchor(k, line)
			break
		}
	}
	p.pick()
}

// selected returns the row under the cursor, or nil.
func (p *coveragePanel) selected() *api.CoverageRow {
	return cursorItem(p.snap.Data.Rows, p.rows, &p.table)
}

// pick records the row under the cursor.
func (p *coveragePanel) pick() {
	if r := p.selected(); r != nil {
		p.selKey = r.Key
	}
}

// fit sizes the table to the panel's inside (area, set by the root's
// dashboard.fit), leaving room for the summary line and the lists under it.
func (p *coveragePanel) fit() {
	p.table.SetSize(p.area.w, max(p.area.h-1-p.listLines(p.area.h), 0))
}

// listLines is how many lines the lists under the table take in a panel of
// inner height h: the 清单未列事项 (list maintenance) and the items not
// exercised in the period.
func (p *coveragePanel) listLines(h int) int {
	if !p.snap.HasData {
		return 0
	}
	n := 0
	if g := len(p.snap.Data.NotOnList); g > 0 {
		n += g + 1
	}
	if u := len(p.snap.Data.Unexercised); u > 0 {
		n += u + 1
	}
	if n == 0 {
		return 0
	}
	return min(n, max(2, h/3))
}

// coverageRows is the vtable.Source of the coverage table.
type coverageRows struct {
	p *coveragePanel
	c *common
}

// Len implements vtable.Source.
func (r coverageRows) Len() int { return len(r.p.rows) }

// Row implements vtable.Source.
func (r coverageRows) Row(i int, cells []string, inks []theme.Ink) {
	c, p := r.c, r.p
	s := c.styles
	row := &p.snap.Data.Rows[p.rows[i]]
	cells[ccName] = coverageRowName(c, p.multi, row)
	if row.Role != "" {
		cells[ccRole] = c.cat.Role(row.Role)
	}
	cells[ccDecisions] = strconv.Itoa(row.Decisions)
	cells[ccOver] = strconv.Itoa(row.Over)
	cells[ccRate] = ratePct(overRate(row))
	cells[ccNotOnList] = strconv.Itoa(row.NotOnList)
	inks[ccNotOnList] = s.Muted
	if row.Over > 0 {
		inks[ccOver], inks[ccRate] = s.Flag, s.Flag
	}
}

// coverageRowName names a department or person, with its unit's short
// name in front when the scope spans several units (twelve 第二检察部
// would read alike), which multi says.
func coverageRowName(c *common, multi bool, row *api.CoverageRow) string {
	name := c.cat.Code(i18n.KindDept, row.Name) // English for the standard departments (D19)
	if !multi || (row.UnitID == "" && row.UnitName == "") {
		return name
	}
	return c.units.short(row.UnitID, row.UnitName) + " " + name
}

// body returns the lines inside the coverage panel's border; focused says
// whether the panel has the keyboard.
func (p *coveragePanel) body(c *common, w, h int, focused bool) []string {
	s := c.styles
	lines := make([]string, 0, h)
	if !p.snap.HasData {
		all := c.state.CoverageByDept
		if p.byPerson {
			all = c.state.CoverageByPerson
		}
		if _, ok := all[p.unit]; !ok && c.hasState && len(all) > 0 {
			return append(lines, s.Muted.Render(c.cat.T("nodata.scope")))
		}
		return append(lines, c.waitLines(p.snap.Err)...)
	}
	t := &p.snap.Data.Totals
	cut := c.cat.T("by.dept")
	if p.byPerson {
		cut = c.cat.T("by.person")
	}
	sum := s.Accent.Render(cut) + s.Muted.Render(" · "+c.coveragePeriodLabel(&p.snap.Data)+" · ") +
		c.cat.F("cov.totals", t.Decisions, t.Over, ratePct(overRate(t)))
	if p.snap.Data.List.Example {
		sum += s.Muted.Render(" · " + c.cat.T("cov.example"))
	}
	sum += s.Muted.Render(" · " + c.cat.T("cov.order")) // the order is said, as the indicators' is (D21)
	lines = append(lines, fitLine(sum, w))
	p.table.SetFocused(focused)
	lines = p.table.Lines(coverageRows{p: p, c: c}, lines)
	if len(p.rows) == 0 && len(lines) > 2 {
		lines[2] = s.Muted.Render(c.cat.T("nodata"))
	}
	k := p.listLines(h)
	if k == 0 {
		return lines
	}
	var extra []string
	if gaps := p.snap.Data.NotOnList; len(gaps) > 0 {
		extra = append(extra, s.Title.Render(fitLine(c.cat.F("cov.notonlist", len(gaps), t.NotOnList), w)))
		for i := range gaps {
			g := &gaps[i]
			txt := "· " + c.cat.Name(g.Name, g.NameEn) + "  " + c.cat.F("cov.gapcount", g.Decisions, g.Units) +
				"  " + s.Muted.Render(c.cat.Line(g.Line))
			extra = append(extra, fitLine(txt, w))
		}
	}
	if un := p.snap.Data.Unexercised; len(un) > 0 {
		extra = append(extra, s.Title.Render(fitLine(c.cat.F("cov.unexercised", len(un)), w)))
		for i := range un {
			pw := &un[i]
			txt := "· " + c.cat.Name(pw.Name, pw.NameEn) + "  " + s.Muted.Render(c.cat.Line(pw.Line))
			extra = append(extra, fitLine(txt, w))
		}
	}
	if len(extra) > k {
		more := len(extra) - (k - 1)
		extra = append(extra[:k-1], s.Muted.Render(c.cat.F("cov.more", more)))
	}
	return append(lines, extra...)
}

// overRate is a row's share of 越权 among the decisions the list governs,
// 0 to 1: its OverRate, or Over / Decisions when the server sent none.
func overRate(r *api.CoverageRow) float64 {
	if r.OverRate == 0 && r.Over > 0 && r.Decisions > 0 {
		return float64(r.Over) / float64(r.Decisions)
	}
	return min(max(r.OverRate, 0), 1)
}

// ratePct formats a share as a percentage with two decimals (越权 is rare:
// 0.4 % must not read as 0 %).
func ratePct(x float64) string {
	return strconv.FormatFloat(x*100, 'f', 2, 64) + "%"
}

// coveragePeriodLabel names the coverage's period the way the indicators
// name theirs: 2026-11; 2026-12 本月至今（1–3日）; 2026年1–11月累计.
func (c *common) coveragePeriodLabel(cv *api.Coverage) string {
	if cv.From.IsZero() || !cv.To.After(cv.From) {
		return cv.Period
	}
	from, through := cv.From.In(cv.To.Location()), cv.To.Add(-time.Nanosecond)
	switch cv.PeriodKind {
	case api.PeriodMTD:
		return c.cat.F("period.mtd", from.Format("2006-01"), through.Day())
	case api.PeriodYTD:
		return c.cat.F("period.ytd", from.Year(), int(from.Month()), int(through.Month()))
	}
	return from.Format("2006-01")
}
