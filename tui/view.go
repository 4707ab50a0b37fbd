package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
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
		return m.wall.render(&m.common, &m.dashboard, m.help, m.showHelp)
	}
	lines := make([]string, 0, h)
	fr := m.freshAll(&m.common)
	lines = append(lines, m.headerLine(fr, w))
	if m.lay.banner {
		lines = append(lines, m.styles.Banner.Render(termtext.Fit("⚠ "+m.bannerText(), w)))
	}
	if m.lay.outbox {
		lines = append(lines, m.styles.Banner.Render(termtext.Fit("⚠ "+m.outboxBannerText(), w)))
	}
	if m.lay.tabsY >= 0 {
		lines = append(lines, m.simClockOnTabs(m.tabsLine(&m.common, w, m.current() == screenDash), fr, w))
	}
	// The body: the help, the scope picker, or the screen on top (the
	// dashboard or a drill-down).
	switch r := m.lay.body; {
	case r.h <= 0:
	case m.showHelp:
		lines = append(lines, m.fullHelpBox(m.screenKeys(), r, m.helpOff)...) // every key of every panel (help_all.go)
	case m.picker.open:
		lines = append(lines, m.picker.draw(&m.common, r)...)
	default:
		lines = append(lines, m.top().draw(&m.common, r)...)
	}
	return fitScreen(m.cmd.overlay(&m.common, lines, w, h), m.footerLine(w), w, h)
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

// headerLine is the top line: product, scope, data ages (of the panels,
// fr), clocks, badge.
func (c *common) headerLine(fr [panelCount]freshness, w int) string {
	l, _ := c.header(fr, w)
	return l
}

// header draws the top line and reports whether it has room for the
// simulation's clock (else the tabs line shows it, simClockOnTabs).
func (c *common) header(fr [panelCount]freshness, w int) (string, bool) {
	s := c.styles
	name := c.cat.T("app.name")
	clock, simLong := c.headerClock(), c.simClock() // zone.go
	badge := ""
	if c.demoData() {
		badge = s.Badge.Render(" " + c.cat.T("badge.demo") + " ")
	}
	var ages, compact strings.Builder
	frs := []struct {
		key string
		fr  freshness
	}{{"age.alerts", fr[panelAlerts]}, {"age.indicators", fr[panelIndicators]}, {"age.coverage", fr[panelCoverage]}}
	// When every data set is offline, the header says so once, first.
	allDown := frs[0].fr.down && frs[1].fr.down && frs[2].fr.down
	if allDown {
		mark := s.Warning.Render(c.cat.T("offline.mark"))
		ages.WriteString(mark + " ")
		compact.WriteString(mark + " ")
	}
	for i, f := range frs {
		if i > 0 {
			ages.WriteString(s.Muted.Render(" · "))
			compact.WriteString(s.Muted.Render("·"))
		}
		txt, mark, ink := c.ageParts(f.fr)
		if mark != "" && !allDown {
			txt += " " + mark
		}
		ages.WriteString(s.Muted.Render(c.cat.T(f.key)+" ") + ink.Render(txt))
		compact.WriteString(s.Muted.Render(c.cat.T(f.key)+" ") + ink.Render(txt)) // "alerts live", never "alertslive" (D18)
	}
	right := func(a, sim string) string {
		r := s.Text.Render(clock)
		if sim != "" {
			r = s.Accent.Render(sim) + "  " + r
		}
		if a != "" {
			r = a + "  " + r
		}
		if badge != "" {
			r += " " + badge
		}
		return r
	}
	who := ""
	if c.opts.Identity != "" {
		who = s.Muted.Render(" │ ") + termtext.Truncate(c.opts.Identity, 24)
	}
	left := func(n, sc string) string {
		return " " + s.Accent.Render(n) + s.Muted.Render(" │ ") + c.cat.T("scope.label") + " " + sc + who
	}
	long, short := c.scopeName(), c.scopeShortName()
	full, brief, wide, tight := name, c.cat.T("app.short"), ages.String(), compact.String()
	for _, c := range []struct{ name, scope, ages, sim string }{
		{full, long, wide, simLong}, {brief, long, wide, simLong}, {brief, short, wide, simLong}, {brief, short, tight, simLong},
		{full, long, wide, ""}, {brief, long, wide, ""}, {brief, short, wide, ""}, {brief, short, tight, ""},
		{full, long, "", ""}, {brief, long, "", ""}, {brief, short, "", ""},
	} {
		l, r := left(c.name, c.scope), right(c.ages, c.sim)
		if textWidth(l)+1+textWidth(r) <= w {
			return l + termtext.Spaces(w-textWidth(l)-textWidth(r)) + r, c.sim != ""
		}
	}
	// Too narrow: keep the badge and clock, cut the scope.
	r := right("", "")
	return fitLine(fitLine(left(brief, short), max(w-textWidth(r)-1, 0))+" "+r, w), false
}

// footerLine is the bottom line: the open prompt, or a status message and
// the keys that work here.
func (m *model) footerLine(w int) string {
	if m.cmd.open {
		return m.cmd.footer(&m.common, w)
	}
	if m.prompt == promptAck {
		c := m.ackCounter()
		return fitLine(m.input.View(), max(w-len(c), 0)) + m.styles.Muted.Render(c)
	}
	if m.prompt == promptRefused {
		return m.refusedLine(w)
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
	if m.notices.captures(&m.screenStack) || m.picker.open {
		tail = "" // a form, a confirmation or the picker's filter takes q and ? as text
	}
	hm.SetWidth(max(w-textWidth(left)-textWidth(tail)-5, 0))
	short := []key.Binding{m.keys.Back} // the help is open: back closes it
	switch {
	case m.picker.open:
		short = m.picker.footerKeys(&m.common)
	case !m.showHelp:
		short = m.screenKeys().short
	}
	keys := hm.ShortHelpView(short)
	if keys != "" && tail != "" {
		keys += m.styles.HelpSep.Render(" • ")
	}
	return fitLine(" "+left+keys+tail, w)
}
