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
	lines = append(lines, p.levelLine(c, w), p.categoryLine(c, w), p.chipLine(c, w))
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

// levelLine is the first summary line: counts by level ("shown/total"
// while filters narrow them) and new alerts. The filters, the sort and
// the scope are on the chip line (chips.go).
func (p *alertsPanel) levelLine(c *common, w int) string {
	s := c.styles
	var b strings.Builder
	for k, l := range levels {
		// The deadline levels always show; a finding status (待整改 …) only
		// when there is one, or when it is the filter.
		if !api.IsDeadlineLevel(l) && p.byLevel[k] == 0 && p.level != l {
			continue
		}
		if k > 0 {
			b.WriteString("  ")
		}
		txt := theme.LevelGlyph(l) + c.cat.LevelShort(l) + " " + countText(p.shownLevel[k], p.byLevel[k], p.narrowed())
		p.levelInk(c, l).Paint(&b, txt)
	}
	if p.newCount > 0 {
		b.WriteString("  ")
		s.New.Paint(&b, glyphNew+c.cat.F("alerts.new", p.newCount))
	}
	return fitLine(b.String(), w)
}

// categoryLine is the second summary line: counts by category.
func (p *alertsPanel) categoryLine(c *common, w int) string {
	s := c.styles
	var b strings.Builder
	for k, cat := range categories {
		// 监控整改, 办案质量 and 越权决定 hold findings, not deadlines: shown
		// when there is one, or when filtered on.
		if findingCategory(cat) && p.byCat[k] == 0 && p.category != cat {
			continue
		}
		if k > 0 {
			b.WriteString("  ")
		}
		txt := c.cat.Code("category_short", cat) + " " + countText(p.shownCat[k], p.byCat[k], p.narrowed())
		if !c.monitored(cat) {
			txt = c.cat.Code("category_short", cat) + " " + c.cat.T("cat.unmonitored")
		}
		switch {
		case p.category == cat:
			s.TabOn.Paint(&b, txt)
		case p.byCat[k] == 0:
			s.Muted.Paint(&b, txt)
		default:
			b.WriteString(txt)
		}
	}
	return fitLine(b.String(), w)
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
