package tui

import (
	"slices"
	"strings"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/theme"
)

// body returns the lines inside the alerts panel's border; focused says
// whether the panel has the keyboard (its cursor shows).
func (p *alertsPanel) body(c *common, w, h int, focused bool) []string {
	lines := make([]string, 0, h)
	if !c.state.Alerts.HasData {
		return append(lines, c.waitLines(c.state.Alerts.Err)...)
	}
	lines = append(lines, p.levelLines(c, w)...)
	lines = append(lines, p.categoryLines(c, w)...)
	lines = append(lines, p.chipLine(c, w))
	if p.notice(c) != "" {
		lines = append(lines, p.noticeLine(c, w))
	}
	p.table.SetFocused(focused)
	lines = p.table.Lines(alertRows{p: p, c: c, sim: c.simNow()}, lines)
	if n := p.summaryLines(c); len(p.rows) == 0 && len(lines) > n+1 {
		lines[n+1] = c.styles.Muted.Render(c.cat.T("alerts.none"))
	}
	return lines
}

// levelLines are the counts by level ("shown/total" while filters narrow
// them) and the new alerts, wrapped like the category counts. The
// filters, the sort and the scope are on the chip line (chips.go).
func (p *alertsPanel) levelLines(c *common, w int) []string {
	return wrapItems(p.levelItems(c), w, maxCountLines)
}

// levelItems are the painted items of the level counts.
func (p *alertsPanel) levelItems(c *common) []string {
	items := make([]string, 0, len(levels)+1)
	for k, l := range levels {
		// The deadline levels always show; a finding status (待整改 …) only
		// when there is one, or when it is the filter.
		if !api.IsDeadlineLevel(l) && p.byLevel[k] == 0 && p.level != l {
			continue
		}
		txt := theme.LevelGlyph(l) + c.cat.LevelShort(l) + " " + countText(p.shownLevel[k], p.byLevel[k], p.narrowed())
		var b strings.Builder
		p.levelInk(c, l).Paint(&b, txt)
		items = append(items, b.String())
	}
	if p.newCount > 0 {
		var b strings.Builder
		c.styles.New.Paint(&b, glyphNew+c.cat.F("alerts.new", p.newCount))
		items = append(items, b.String())
	}
	return items
}

// categoryLine is the second summary line, counts by category, cut to
// one line of w cells (see categoryLines for the panel's).
func (p *alertsPanel) categoryLine(c *common, w int) string {
	return fitLine(strings.Join(p.categoryItems(c), "  "), w)
}

// categoryLines are the counts by category as the panel shows them.
func (p *alertsPanel) categoryLines(c *common, w int) []string {
	return wrapItems(p.categoryItems(c), w, maxCountLines)
}

// wrapItems joins items with two spaces on one line when they fit in w
// cells, else wraps between items onto at most most lines (the last cut),
// so that no count hides behind an ellipsis: English at 80 columns needs
// two lines for the categories, and two for the levels under a filter.
func wrapItems(items []string, w, most int) []string {
	return packItems(items, "  ", "", w, most)
}

// packItems joins items with sep, starting a new line (with indent)
// before an item that would pass w cells, on at most most lines (0: no
// limit); every line is cut to w. The items carry their own styles.
func packItems(items []string, sep, indent string, w, most int) []string {
	var lines []string
	line, lw := "", 0
	sw := textWidth(sep)
	for i, it := range items {
		iw := textWidth(it)
		switch {
		case i == 0:
		case lw+sw+iw > w && (most == 0 || len(lines) < most-1):
			lines = append(lines, fitLine(line, w))
			line, lw = indent, textWidth(indent)
		default:
			line += sep
			lw += sw
		}
		line += it
		lw += iw
	}
	return append(lines, fitLine(line, w))
}

// maxCountLines bounds the lines of the level counts, and those of the
// category counts, above the table.
const maxCountLines = 2

// categoryItems are the painted "category count" items of the category
// counts.
func (p *alertsPanel) categoryItems(c *common) []string {
	s := c.styles
	items := make([]string, 0, len(categories))
	for k, cat := range categories {
		// 监控整改, 办案质量 and 越权决定 hold findings, not deadlines: shown
		// when there is one, or when filtered on.
		if findingCategory(cat) && p.byCat[k] == 0 && p.category != cat {
			continue
		}
		txt := c.cat.Code("category_short", cat) + " " + countText(p.shownCat[k], p.byCat[k], p.narrowed())
		if !c.monitored(cat) {
			txt = c.cat.Code("category_short", cat) + " " + c.cat.T("cat.unmonitored")
		}
		var b strings.Builder
		switch {
		case p.category == cat:
			s.TabOn.Paint(&b, txt)
		case p.byCat[k] == 0:
			s.Muted.Paint(&b, txt)
		default:
			b.WriteString(txt)
		}
		items = append(items, b.String())
	}
	return items
}

// fitSummary counts the lines the level and category counts need at the
// panel's width and sizes the table below the summary: after a layout
// change, and after the counts changed (refilter), which can change how
// many lines they take.
func (p *alertsPanel) fitSummary(c *common) {
	a := inner(c.lay.panels[panelAlerts])
	p.countRows = p.summaryRows(c)
	p.table.SetSize(a.w, max(a.h-p.summaryLines(c), 0))
}

// refitSummary sizes the table again when the counts now take another
// number of lines.
func (p *alertsPanel) refitSummary(c *common) {
	if p.summaryRows(c) != p.countRows {
		p.fitSummary(c)
	}
}

// summaryRows is how many lines the level and the category counts need
// together at the panel's width (2 when each fits on one).
func (p *alertsPanel) summaryRows(c *common) int {
	if w := inner(c.lay.panels[panelAlerts]).w; w > 0 {
		return len(p.levelLines(c, w)) + len(p.categoryLines(c, w))
	}
	return 2
}

// monitored reports whether the case system says some rule watches the
// alert category; true when it does not say (an older system).
func (c *common) monitored(category string) bool {
	h := c.state.Health
	if !h.HasData || h.Data.MonitoredCategories == nil {
		return true
	}
	return slices.Contains(h.Data.MonitoredCategories, category)
}
