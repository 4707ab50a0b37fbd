package tui

import (
	"slices"
	"strconv"
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
	lines = append(lines, p.levelLine(c, w), p.categoryLine(c, w))
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

// levelLine is the first summary line: counts by level, new alerts, and
// on the right the sort and filters in force.
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
		txt := theme.LevelGlyph(l) + c.cat.LevelShort(l) + " " + strconv.Itoa(p.byLevel[k])
		ink := s.Level(l)
		if p.level == l {
			ink = s.TabOn
		}
		ink.Paint(&b, txt)
	}
	if p.newCount > 0 {
		b.WriteString("  ")
		s.New.Paint(&b, glyphNew+c.cat.F("alerts.new", p.newCount))
	}
	b.WriteString("  ")
	s.Muted.Paint(&b, c.cat.F("alerts.count", len(p.rows), p.total))
	left := b.String()

	right := c.cat.F("alerts.sort", c.cat.T(sortKeys[p.sort]))
	var f []string
	if p.level != "" {
		f = append(f, c.cat.Level(p.level))
	}
	if p.category != "" {
		f = append(f, c.cat.Category(p.category))
	}
	if p.query != "" {
		f = append(f, "“"+p.query+"”")
	}
	if len(f) > 0 {
		right += "  " + c.cat.F("alerts.filter", strings.Join(f, "·"))
	}
	return spread(left, s.Accent.Render(right), w)
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
		txt := c.cat.Code("category_short", cat) + " " + strconv.Itoa(p.byCat[k])
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
