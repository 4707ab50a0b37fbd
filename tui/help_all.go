package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The full help (?) lists every key of every panel and screen (issue 14,
// D15): the screen's own keys first, then everywhere, each panel, the
// detail views and the notices, then the legend, the one place that says
// what each glyph means. Each section lays its keys out in as many columns
// as fit; what does not fit the screen scrolls (↑/↓, pgup/pgdn, g/G).

// helpSection is one titled group of keys of the full help.
type helpSection struct {
	title string
	keys  []key.Binding
}

// helpSections are the sections of the full help: the keys of the screen
// on top (hk) first, then every panel's and screen's.
func (c *common) helpSections(hk keyHelp) []helpSection {
	km := c.keys
	km.Ack.SetEnabled(!c.opts.ReadOnly)
	for _, b := range []*key.Binding{&km.Notices.Issue, &km.Notices.Close, &km.Notices.Reopen} {
		b.SetEnabled(!c.opts.ReadOnly)
	}
	var ap alertsPanel
	var ip indicatorsPanel
	var cp coveragePanel
	nk := &km.Notices
	global := helpSection{c.cat.T("help.global"), []key.Binding{km.Up, km.Down, km.PageUp, km.PageDown, km.Top, km.Bottom,
		km.NextPanel, km.PrevPanel, km.Panel1, km.Panel2, km.Panel3, km.Scope, km.ScopeNext, km.ScopeBack,
		km.Command, km.View, nk.Open, km.Export, km.Refresh, km.Help, km.Quit}}
	rest := []helpSection{
		{c.cat.T("help.alerts"), append(ap.ownKeys(&km), km.Group, km.Hide, km.Yank)},
		{c.cat.T("help.inds"), ip.ownKeys(&km)},
		{c.cat.T("help.cov"), cp.ownKeys(&km)},
		{c.cat.T("help.views"), []key.Binding{km.Enter, km.Back, km.Ack, nk.Issue, km.Yank}},
		{c.cat.T("help.notices"), []key.Binding{km.Enter, nk.Status, nk.Unit, km.Filter, nk.Close, nk.Reopen, km.Back}},
	}
	// This screen's own keys first: the section that holds them all moves
	// to the top, else they get a section of their own.
	isGlobal := map[string]bool{}
	for _, b := range global.keys {
		isGlobal[b.Help().Key] = true
	}
	var here []key.Binding
	for _, g := range hk.full {
		for _, b := range g {
			if !isGlobal[b.Help().Key] {
				here = append(here, b)
			}
		}
	}
	for i, sec := range rest {
		if holdsAll(sec.keys, here) {
			out := append([]helpSection{sec, global}, rest[:i]...)
			return append(out, rest[i+1:]...)
		}
	}
	return append([]helpSection{{c.cat.T("help.here"), here}, global}, rest...)
}

// holdsAll reports whether every key of want is in keys (by its help key).
func holdsAll(keys, want []key.Binding) bool {
	have := map[string]bool{}
	for _, b := range keys {
		have[b.Help().Key] = true
	}
	for _, b := range want {
		if !have[b.Help().Key] {
			return false
		}
	}
	return true
}

// helpKeyLines lays a section's keys out in columns w cells wide: the key,
// then what it does; a key shown twice in a section is listed once.
func (c *common) helpKeyLines(sec helpSection, w int) []string {
	type entry struct{ k, d string }
	var es []entry
	seen := map[string]bool{}
	kw, dw := 0, 0
	for _, b := range sec.keys {
		if !b.Enabled() || b.Help().Key == "" {
			continue
		}
		e := entry{b.Help().Key, b.Help().Desc}
		if seen[e.k+"\x00"+e.d] {
			continue
		}
		seen[e.k+"\x00"+e.d] = true
		es = append(es, e)
		kw, dw = max(kw, textWidth(e.k)), max(dw, textWidth(e.d))
	}
	if len(es) == 0 {
		return nil
	}
	s := c.styles
	colW := kw + 1 + dw
	cols := max((w+2)/(colW+2), 1)
	rows := (len(es) + cols - 1) / cols
	lines := []string{s.Title.Render(sec.title)}
	for r := range rows {
		var b strings.Builder
		for k := range cols {
			i := k*rows + r // down the columns, like a printed index
			if i >= len(es) {
				break
			}
			if k > 0 {
				b.WriteString("  ")
			}
			s.Accent.Paint(&b, fitLine(es[i].k, kw))
			b.WriteString(" " + fitLine(es[i].d, dw))
		}
		lines = append(lines, b.String())
	}
	return lines
}

// helpLines is the whole full help, w cells wide.
func (c *common) helpLines(hk keyHelp, w int) []string {
	var lines []string
	for i, sec := range c.helpSections(hk) {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, c.helpKeyLines(sec, w)...)
	}
	lines = append(lines, c.legendLines(w)...)
	lines = append(lines, "", c.styles.Muted.Render(c.cat.T("help.scroll")))
	for i := range lines {
		lines[i] = fitLine(lines[i], w)
	}
	return lines
}

// fullHelpBox draws the full help in r, scrolled to off.
func (c *common) fullHelpBox(hk keyHelp, r rect, off int) []string {
	in := inner(r)
	return c.docBox(r, c.cat.T("panel.help"), "", c.styles.Muted, c.helpLines(hk, in.w), off)
}

// helpScroll scrolls the open help, of the keys hk and scrolled to *off,
// by a navigation key.
func (c *common) helpScroll(k tea.KeyPressMsg, hk keyHelp, off *int) {
	in := inner(c.lay.body)
	c.scrollKey(k, off, len(c.helpLines(hk, in.w)), in.h)
}
