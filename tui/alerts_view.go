package tui

import (
	"slices"
	"strconv"
	"strings"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/theme"
)

// alertsBody returns the lines inside the alerts panel's border.
func (m *model) alertsBody(w, h int) []string {
	p := &m.alerts
	lines := make([]string, 0, h)
	if !m.state.Alerts.HasData {
		return append(lines, m.waitLines(m.state.Alerts.Err)...)
	}
	lines = append(lines, m.alertsLevelLine(w), m.alertsCategoryLine(w))
	if m.alertsNotice() != "" {
		lines = append(lines, m.alertsNoticeLine(w))
	}
	p.table.SetFocused(m.focused(panelAlerts))
	lines = p.table.Lines(alertRows{m: m, sim: m.simNow()}, lines)
	if n := m.alertsSummaryLines(); len(p.rows) == 0 && len(lines) > n+1 {
		lines[n+1] = m.styles.Muted.Render(m.cat.T("alerts.none"))
	}
	return lines
}

// alertsLevelLine is the first summary line: counts by level, new alerts,
// and on the right the sort and filters in force.
func (m *model) alertsLevelLine(w int) string {
	p := &m.alerts
	s := m.styles
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
		txt := theme.LevelGlyph(l) + m.cat.LevelShort(l) + " " + strconv.Itoa(p.byLevel[k])
		ink := s.Level(l)
		if p.level == l {
			ink = s.TabOn
		}
		ink.Paint(&b, txt)
	}
	if p.newCount > 0 {
		b.WriteString("  ")
		s.New.Paint(&b, glyphNew+m.cat.F("alerts.new", p.newCount))
	}
	b.WriteString("  ")
	s.Muted.Paint(&b, m.cat.F("alerts.count", len(p.rows), p.total))
	left := b.String()

	right := m.cat.F("alerts.sort", m.cat.T(sortKeys[p.sort]))
	var f []string
	if p.level != "" {
		f = append(f, m.cat.Level(p.level))
	}
	if p.category != "" {
		f = append(f, m.cat.Category(p.category))
	}
	if p.query != "" {
		f = append(f, "“"+p.query+"”")
	}
	if len(f) > 0 {
		right += "  " + m.cat.F("alerts.filter", strings.Join(f, "·"))
	}
	return spread(left, s.Accent.Render(right), w)
}

// alertsCategoryLine is the second summary line: counts by category.
func (m *model) alertsCategoryLine(w int) string {
	p := &m.alerts
	s := m.styles
	var b strings.Builder
	for k, c := range categories {
		// 监控整改, 办案质量 and 越权决定 hold findings, not deadlines: shown
		// when there is one, or when filtered on.
		if findingCategory(c) && p.byCat[k] == 0 && p.category != c {
			continue
		}
		if k > 0 {
			b.WriteString("  ")
		}
		txt := m.cat.Code("category_short", c) + " " + strconv.Itoa(p.byCat[k])
		if !m.monitored(c) {
			txt = m.cat.Code("category_short", c) + " " + m.cat.T("cat.unmonitored")
		}
		switch {
		case p.category == c:
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
// alert category c; true when it does not say (an older system).
func (m *model) monitored(c string) bool {
	h := m.state.Health
	if !h.HasData || h.Data.MonitoredCategories == nil {
		return true
	}
	return slices.Contains(h.Data.MonitoredCategories, c)
}
