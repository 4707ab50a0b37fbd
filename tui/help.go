package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/theme"
)

// screenKeys returns the keys of the screen under the help overlay.
func (m *model) screenKeys() keyHelp {
	if m.wall.on {
		return m.wall.keys(&m.common)
	}
	km := m.keys
	km.Ack.SetEnabled(!m.opts.ReadOnly)
	for _, b := range []*key.Binding{&km.Notices.Issue, &km.Notices.Close, &km.Notices.Reopen} {
		b.SetEnabled(!m.opts.ReadOnly) // pressed anyway, they say why not
	}
	nav := []key.Binding{km.Up, km.Down, km.PageUp, km.PageDown, km.Top, km.Bottom}
	global := []key.Binding{km.Refresh, km.Help, km.Quit}
	return m.top().help(&km, nav, global)
}

// helpBox draws the full help over the body in r: the keys hk of the
// screen under it (drawn with hm), the legend, and what is wrong.
func (c *common) helpBox(hm help.Model, hk keyHelp, r rect) []string {
	in := inner(r)
	hm.SetWidth(in.w)
	var lines []string
	lines = append(lines, strings.Split(hm.FullHelpView(hk.full), "\n")...)
	lines = append(lines, c.legendLines(in.w)...)
	s := c.styles
	if len(lines)+2 > in.h {
		lines = append(lines, s.Muted.Render(c.cat.T("help.close"))) // no room for the blank line
	} else {
		lines = append(lines, "", s.Muted.Render(c.cat.T("help.close")))
	}
	for i := range lines {
		lines[i] = fitLine(lines[i], in.w)
	}
	return c.box(r.w, r.h, c.cat.T("panel.help"), "", s.Muted, true, lines)
}

// legendLines are the help's legend (the one place that says what each
// glyph means) and what is wrong, for a help in.w cells wide.
func (c *common) legendLines(w int) []string {
	s := c.styles
	in := rect{w: w}
	var lines []string
	lines = append(lines, "")
	lines = append(lines, s.Title.Render(c.cat.T("help.legend")))
	// Deadline levels on one line, the statuses of findings that are not
	// deadlines (never 超期) on the next.
	for _, set := range [][]string{api.DeadlineLevels, api.FindingLevels} {
		var b strings.Builder
		for _, l := range set {
			s.Level(l).Paint(&b, theme.LevelGlyph(l)+" "+c.cat.Level(l))
			b.WriteString("  ")
		}
		lines = append(lines, b.String())
	}
	marks := s.New.Render(glyphNew) + " " + c.cat.T("legend.new") + "  " +
		s.Pending.Render(glyphPending) + " " + c.cat.T("legend.pending") + "  " +
		s.OK.Render(glyphAcked) + " " + c.cat.T("legend.acked")
	if notice := s.Accent.Render(glyphNotice) + " " + c.cat.T("legend.notice"); textWidth(marks+notice)+2 <= in.w {
		lines = append(lines, marks+"  "+notice)
	} else {
		lines = append(lines, marks, notice)
	}
	lines = append(lines, s.Flag.Render(c.cat.T("flag.bottom")+" / "+c.cat.T("flag.volatile"))+"  "+c.cat.T("legend.flags"))
	lines = append(lines, s.Flag.Render(c.cat.T("flag.sim.short"))+"  "+c.cat.T("legend.sim"))
	lines = append(lines, c.cat.F("legend.stale", staleFactor))
	if o := c.offline; o.active {
		lines = append(lines, "", s.Title.Render(c.cat.T("help.link")),
			s.Warning.Render(c.bannerText()), s.Muted.Render(c.failDetail(o.fail)))
	}
	if c.opts.ReadOnly {
		lines = append(lines, s.Warning.Render(c.cat.T("ack.readonly")))
	}
	if c.demoData() {
		lines = append(lines, s.Badge.Render(" "+c.cat.T("badge.demo")+" ")+" "+c.cat.T("legend.demo"))
	}
	return lines
}
