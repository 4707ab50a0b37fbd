package tui

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui/termtext"
	"github.com/casewatch/casewatch/tui/vtable"
)

// Coverage table columns.
const (
	ccName = iota
	ccRole
	ccBar
	ccDecisions
	ccOver
	ccUncovered
)

// coveragePanel is the view-state of the responsibility-list panel.
type coveragePanel struct {
	table    vtable.Model
	byPerson bool
	snap     client.Feed[api.Coverage]
	unit     string
	rows     []int // indexes into snap.Data.Rows, gaps first
	selKey   string
	multi    bool // the scope spans several units: rows name theirs
}

func newCoveragePanel() coveragePanel { return coveragePanel{table: vtable.New(nil)} }

// coverageColumns returns the coverage table's columns.
func (m *model) coverageColumns() []vtable.Column {
	t := m.cat.T
	name := t("col.dept")
	roleMin, roleMax := 0, 0
	if m.cov.byPerson {
		name = t("col.person")
		roleMin, roleMax = 6, 10
	}
	nameMax := 18
	if m.cov.multi {
		name = t("col.unit") + " · " + name
		nameMax = 30
	}
	return []vtable.Column{
		ccName:      {Title: name, Min: 8, Max: nameMax, Flex: true, Priority: 100},
		ccRole:      {Title: t("col.role"), Min: roleMin, Max: roleMax, Priority: 40},
		ccBar:       {Title: t("col.coverage"), Min: 10, Max: 18, Priority: 80},
		ccDecisions: {Title: t("col.decisions"), Min: 5, Priority: 90, Right: true},
		ccOver:      {Title: t("col.over"), Min: 4, Priority: 86, Right: true},
		ccUncovered: {Title: t("col.uncovered"), Min: 6, Priority: 85, Right: true},
	}
}

// snapshot returns the coverage snapshot of the scope in the chosen cut.
func (p *coveragePanel) snapshot(m *model, unit string) client.Feed[api.Coverage] {
	if p.byPerson {
		return m.state.CoverageByPerson[unit]
	}
	return m.state.CoverageByDept[unit]
}

// sync re-derives the rows when the scope's coverage changed.
func (p *coveragePanel) sync(m *model, force bool) {
	unit := m.scopeUnit()
	if multi := m.multiUnit(); multi != p.multi {
		p.multi = multi
		p.table.SetColumns(m.coverageColumns())
		force = true
	}
	snap := p.snapshot(m, unit)
	x, y := p.snap.Data.Rows, snap.Data.Rows
	same := p.snap.HasData == snap.HasData && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0]) &&
		len(p.snap.Data.Unexercised) == len(snap.Data.Unexercised) && p.snap.Data.AsOf.Equal(snap.Data.AsOf)
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
		if c := cmp.Compare(b.Over+b.Uncovered, a.Over+a.Uncovered); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Ratio, b.Ratio); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	m.sizeTables() // the list of unexercised items may have grown
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

// listLines is how many lines the never-exercised list takes in a panel of
// inner height h.
func (p *coveragePanel) listLines(h int) int {
	n := len(p.snap.Data.Unexercised)
	if !p.snap.HasData || n == 0 {
		return 0
	}
	return min(n+1, max(2, h/3))
}

// coverageRows is the vtable.Source of the coverage table.
type coverageRows struct{ m *model }

// Len implements vtable.Source.
func (r coverageRows) Len() int { return len(r.m.cov.rows) }

// Row implements vtable.Source.
func (r coverageRows) Row(i int, cells []string, inks []theme.Ink) {
	m := r.m
	s := m.styles
	row := &m.cov.snap.Data.Rows[m.cov.rows[i]]
	cells[ccName] = m.coverageRowName(row)
	if row.Role != "" {
		cells[ccRole] = m.cat.Role(row.Role)
	}
	cells[ccBar] = coverageBar(row, m.cov.table.ColumnWidth(ccBar))
	inks[ccBar] = s.BarFill
	if row.Over+row.Uncovered > 0 {
		inks[ccBar] = s.Warning
	}
	cells[ccDecisions] = strconv.Itoa(row.Decisions)
	cells[ccOver] = strconv.Itoa(row.Over)
	cells[ccUncovered] = strconv.Itoa(row.Uncovered)
	if row.Over > 0 {
		inks[ccOver] = s.Flag
	}
	if row.Uncovered > 0 {
		inks[ccUncovered] = s.Flag
	}
}

// coverageRowName names a department or person, with its unit's short
// name in front when the scope spans several units (twelve 第二检察部
// would read alike).
func (m *model) coverageRowName(row *api.CoverageRow) string {
	if !m.cov.multi || (row.UnitID == "" && row.UnitName == "") {
		return row.Name
	}
	return m.units.short(row.UnitID, row.UnitName) + " " + row.Name
}

// coverageBar draws the share of decisions within the list as a w-cell bar
// followed by the percentage, in plain block characters.
func coverageBar(row *api.CoverageRow, w int) string {
	ratio := coverageRatio(row)
	pct := strconv.Itoa(int(math.Round(ratio*100))) + "%"
	bw := w - 5
	if bw < 3 {
		return pct
	}
	eighths := int(math.Round(min(max(ratio, 0), 1) * float64(bw*8)))
	full, part := eighths/8, eighths%8
	s := strings.Repeat("█", full) + hblocks[part]
	s += strings.Repeat("░", bw-termtext.Width(s))
	return s + termtext.FitRight(pct, 5)
}

// coverageBody returns the lines inside the coverage panel's border.
func (m *model) coverageBody(w, h int) []string {
	p := &m.cov
	s := m.styles
	lines := make([]string, 0, h)
	if !p.snap.HasData {
		all := m.state.CoverageByDept
		if p.byPerson {
			all = m.state.CoverageByPerson
		}
		if _, ok := all[p.unit]; !ok && m.hasState && len(all) > 0 {
			return append(lines, s.Muted.Render(m.cat.T("nodata.scope")))
		}
		return append(lines, m.waitLines(p.snap.Err)...)
	}
	t := &p.snap.Data.Totals
	cut := m.cat.T("by.dept")
	if p.byPerson {
		cut = m.cat.T("by.person")
	}
	sum := s.Accent.Render(cut) + s.Muted.Render(" · ") +
		m.cat.F("cov.totals", t.Decisions, t.Over, t.Uncovered, coveragePct(t))
	lines = append(lines, fitLine(sum, w))
	p.table.SetFocused(!m.wall.on && m.focus == panelCoverage)
	lines = p.table.Lines(coverageRows{m}, lines)
	if len(p.rows) == 0 && len(lines) > 2 {
		lines[2] = s.Muted.Render(m.cat.T("nodata"))
	}
	k := p.listLines(h)
	if k == 0 {
		return lines
	}
	un := p.snap.Data.Unexercised
	lines = append(lines, s.Title.Render(fitLine(m.cat.F("cov.unexercised", len(un)), w)))
	for i := 0; i < k-1 && i < len(un); i++ {
		if i == k-2 && len(un) > k-1 {
			lines = append(lines, s.Muted.Render(m.cat.F("cov.more", len(un)-i)))
			break
		}
		pw := &un[i]
		txt := "· " + m.cat.Name(pw.Name, pw.NameEn) + "  " + s.Muted.Render(m.cat.Line(pw.Line))
		lines = append(lines, fitLine(txt, w))
	}
	return lines
}

// coveragePct formats a row's share of decisions within the list.
func coveragePct(r *api.CoverageRow) string {
	return strconv.FormatFloat(coverageRatio(r)*100, 'f', 1, 64) + "%"
}

// coverageRatio is a row's share of decisions within the list, 0 to 1:
// its Ratio, or Within / Decisions when the server sent none, and a Ratio
// sent as a percentage scaled down.
func coverageRatio(r *api.CoverageRow) float64 {
	ratio := r.Ratio
	if ratio == 0 && r.Decisions > 0 {
		ratio = float64(r.Within) / float64(r.Decisions)
	}
	if ratio > 1.0001 { // a percentage
		ratio /= 100
	}
	return ratio
}
