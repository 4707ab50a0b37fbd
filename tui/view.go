package tui

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/tui/termtext"
)

// View implements tea.Model. It only reads: Update has drawn the frame
// (see present in framecache.go).
func (m Model) View() tea.View {
	v := tea.NewView(m.frame)
	v.AltScreen = true
	v.WindowTitle = m.cat.T("app.name")
	if !m.opts.NoMouse {
		v.MouseMode = tea.MouseModeCellMotion
	}
	return v
}

// render draws the whole screen: exactly height lines of width cells.
func (m *model) render() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if m.wall.on {
		return m.renderWall()
	}
	lines := make([]string, 0, h)
	lines = append(lines, m.headerLine(w))
	if m.lay.banner {
		lines = append(lines, m.styles.Banner.Render(termtext.Fit("⚠ "+m.bannerText(), w)))
	}
	if m.lay.outbox {
		lines = append(lines, m.styles.Banner.Render(termtext.Fit("⚠ "+m.outboxBannerText(), w)))
	}
	if m.lay.tabsY >= 0 {
		lines = append(lines, m.tabsLine(w))
	}
	lines = append(lines, m.bodyLines()...)
	return fitScreen(lines, m.footerLine(w), w, h)
}

// fitScreen joins lines and footer into a screen of exactly h lines: the
// lines, padded with blank lines of width w or cut to h-1, then the footer.
func fitScreen(lines []string, footer string, w, h int) string {
	for len(lines) < h-1 {
		lines = append(lines, termtext.Spaces(w))
	}
	if len(lines) > h-1 {
		lines = lines[:max(h-1, 0)]
	}
	lines = append(lines, footer)
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

// headerLine is the top line: product, scope, data ages, clock, badge.
func (m *model) headerLine(w int) string {
	s := m.styles
	name := m.cat.T("app.name")
	clock := m.now().Format("15:04")
	badge := ""
	if m.demoData() {
		badge = s.Badge.Render(" " + m.cat.T("badge.demo") + " ")
	}
	var ages, compact strings.Builder
	frs := []struct {
		key string
		fr  freshness
	}{{"age.alerts", m.panelFresh(panelAlerts)}, {"age.indicators", m.panelFresh(panelIndicators)}, {"age.coverage", m.panelFresh(panelCoverage)}}
	// When every data set is offline, the header says so once, first.
	allDown := frs[0].fr.down && frs[1].fr.down && frs[2].fr.down
	if allDown {
		mark := s.Warning.Render(m.cat.T("offline.mark"))
		ages.WriteString(mark + " ")
		compact.WriteString(mark + " ")
	}
	for i, f := range frs {
		if i > 0 {
			ages.WriteString(s.Muted.Render(" · "))
			compact.WriteString(s.Muted.Render("·"))
		}
		txt, mark, ink := m.ageParts(f.fr)
		if mark != "" && !allDown {
			txt += " " + mark
		}
		ages.WriteString(s.Muted.Render(m.cat.T(f.key)+" ") + ink.Render(txt))
		compact.WriteString(s.Muted.Render(m.cat.T(f.key)) + ink.Render(txt))
	}
	right := func(a string) string {
		r := s.Text.Render(clock)
		if a != "" {
			r = a + "  " + r
		}
		if badge != "" {
			r += " " + badge
		}
		return r
	}
	who := ""
	if m.opts.Identity != "" {
		who = s.Muted.Render(" │ ") + termtext.Truncate(m.opts.Identity, 24)
	}
	left := func(n, sc string) string {
		return " " + s.Accent.Render(n) + s.Muted.Render(" │ ") + m.cat.T("scope.label") + " " + sc + who
	}
	long, short := m.scopeName(), m.scopeShortName()
	full, brief, wide, tight := name, m.cat.T("app.short"), ages.String(), compact.String()
	for _, c := range []struct{ name, scope, ages string }{
		{full, long, wide}, {brief, long, wide}, {brief, short, wide}, {brief, short, tight},
		{full, long, ""}, {brief, long, ""}, {brief, short, ""},
	} {
		l, r := left(c.name, c.scope), right(c.ages)
		if textWidth(l)+1+textWidth(r) <= w {
			return l + termtext.Spaces(w-textWidth(l)-textWidth(r)) + r
		}
	}
	// Too narrow: keep the badge and clock, cut the scope.
	r := right("")
	return fitLine(fitLine(left(brief, short), max(w-textWidth(r)-1, 0))+" "+r, w)
}

// tabLabel is the text of panel p's tab.
func (m *model) tabLabel(p panel) string {
	label := strconv.Itoa(int(p)+1) + " " + m.cat.T(panelKeys[p])
	if p == panelAlerts && m.alerts.newCount > 0 {
		label += " " + glyphNew + strconv.Itoa(m.alerts.newCount)
	}
	return label
}

var panelKeys = [panelCount]string{"panel.alerts", "panel.indicators", "panel.coverage"}

// tabWidth is the width a tab takes on the tabs line.
func tabWidth(label string) int { return textWidth(label) + 2 }

// tabAt returns the tab under column x of the tabs line.
func (m *model) tabAt(x int) (panel, bool) {
	pos := 1
	for p := panel(0); p < panelCount; p++ {
		tw := tabWidth(m.tabLabel(p))
		if x >= pos && x < pos+tw {
			return p, true
		}
		pos += tw + 1
	}
	return 0, false
}

// tabsLine draws the panel tabs of the narrow layout.
func (m *model) tabsLine(w int) string {
	var b strings.Builder
	b.WriteString(" ")
	for p := panel(0); p < panelCount; p++ {
		if p > 0 {
			b.WriteString(" ")
		}
		ink := m.styles.TabOff
		if p == m.focus && m.current() == screenDash {
			ink = m.styles.TabOn
		}
		ink.Paint(&b, " "+m.tabLabel(p)+" ")
	}
	return fitLine(b.String(), w)
}

// footerLine is the bottom line: the open prompt, or a status message and
// the keys that work here.
func (m *model) footerLine(w int) string {
	if m.prompt == promptAck {
		c := m.ackCounter()
		return fitLine(m.input.View(), max(w-len(c), 0)) + m.styles.Muted.Render(c)
	}
	if m.prompt != promptNone {
		return fitLine(m.input.View(), w)
	}
	var left string
	if m.status != "" {
		ink := m.styles.OK
		if m.statusBad {
			ink = m.styles.Flag
		}
		left = ink.Render(termtext.Truncate(m.status, max(w*2/3, 10))) + "  "
	}
	hm := m.help
	tail := hm.ShortHelpView([]key.Binding{m.keys.Help, m.keys.Quit})
	hm.SetWidth(max(w-textWidth(left)-textWidth(tail)-5, 0))
	keys := hm.ShortHelpView(m.helpKeys().short)
	if keys != "" {
		keys += m.styles.HelpSep.Render(" • ")
	}
	return fitLine(" "+left+keys+tail, w)
}

// bodyLines draws the body: the dashboard panels, a drill-down screen or
// the help.
func (m *model) bodyLines() []string {
	r := m.lay.body
	if r.h <= 0 {
		return nil
	}
	if m.showHelp {
		return m.helpBox(r)
	}
	if d := m.drillDown(); d != nil {
		return d.box(&m.common, r)
	}
	if !m.lay.wide {
		return m.panelBox(m.focus, r, true)
	}
	top := m.panelBox(panelAlerts, m.lay.panels[panelAlerts], m.focus == panelAlerts)
	bottom := joinColumns(
		m.panelBox(panelIndicators, m.lay.panels[panelIndicators], m.focus == panelIndicators),
		m.panelBox(panelCoverage, m.lay.panels[panelCoverage], m.focus == panelCoverage),
	)
	return append(top, bottom...)
}

// panelBox draws one dashboard panel in r.
func (m *model) panelBox(p panel, r rect, focused bool) []string {
	in := inner(r)
	var body []string
	var fr freshness
	title := m.cat.T(panelKeys[p])
	switch p {
	case panelAlerts:
		body, fr = m.alerts.body(&m.common, in.w, in.h, m.focused(panelAlerts)), m.panelFresh(panelAlerts)
	case panelIndicators:
		body, fr = m.inds.body(&m.common, in.w, in.h, m.focused(panelIndicators)), m.panelFresh(panelIndicators)
	case panelCoverage:
		body, fr = m.cov.body(&m.common, in.w, in.h, m.focused(panelCoverage)), m.panelFresh(panelCoverage)
	}
	note, ink := m.ageText(fr)
	return m.box(r.w, r.h, title, note, ink, focused, body)
}
