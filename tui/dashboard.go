package tui

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/tui/vtable"
)

// dashboard is the first screen, at the bottom of the stack: the three
// panels, one of them in focus. It is a screenView like the drill-downs;
// the root embeds it, so the panels read as m.alerts, m.inds, m.cov.
type dashboard struct {
	focus  panel
	onWall bool // a wall display: no panel has the keyboard (see focused)
	alerts alertsPanel
	inds   indicatorsPanel
	cov    coveragePanel
}

// dashPanel is what a panel of the dashboard does. Its state is its own;
// it reads the shared context (common) and nothing of another panel, and
// what it wants of the root it returns as a message upward (upward.go).
type dashPanel interface {
	// key handles a key while the panel has the focus.
	key(c *common, k tea.KeyPressMsg) tea.Msg
	// body draws the inside of the panel, w×h; focused says whether its
	// cursor shows.
	body(c *common, w, h int, focused bool) []string
	// fresh is the freshness of the data it shows (the age on its border).
	fresh(c *common) freshness
	// grid is its table; above, how many lines its body draws above it.
	grid() *vtable.Model
	above(c *common) int
	// pick records the row under the table's cursor.
	pick()
	// open is what enter (or a click on the cursor's row) asks of the
	// root; nil when there is no row.
	open() tea.Msg
	// ownKeys are its keys, for the footer and the help.
	ownKeys(km *KeyMap) []key.Binding
}

// panel returns the panel p.
func (d *dashboard) panel(p panel) dashPanel {
	switch p {
	case panelIndicators:
		return &d.inds
	case panelCoverage:
		return &d.cov
	}
	return &d.alerts
}

// panelFresh returns the freshness of the data panel p shows.
func (d *dashboard) panelFresh(c *common, p panel) freshness { return d.panel(p).fresh(c) }

// freshAll returns how fresh the data of each panel is.
func (d *dashboard) freshAll(c *common) [panelCount]freshness {
	return [panelCount]freshness{d.panelFresh(c, panelAlerts), d.panelFresh(c, panelIndicators), d.panelFresh(c, panelCoverage)}
}

// focused reports whether panel p has the keyboard: never on a wall
// display, which has no cursor.
func (d *dashboard) focused(p panel) bool { return !d.onWall && d.focus == p }

// setFocus moves the focus to panel p.
func (d *dashboard) setFocus(p panel) {
	if p != d.focus {
		d.leaveAlerts()
	}
	d.focus = p
}

// leaveAlerts is called when the alerts panel loses focus (or the
// dashboard is left): what was on it has been looked at.
func (d *dashboard) leaveAlerts() {
	if d.focus == panelAlerts {
		d.alerts.markAllSeen()
	}
}

// key handles a key on the dashboard: panels and scope here, the rest in
// the panel in focus.
func (d *dashboard) key(c *common, k tea.KeyPressMsg) tea.Msg {
	km := &c.keys
	switch {
	case key.Matches(k, km.NextPanel):
		d.setFocus((d.focus + 1) % panelCount)
		return nil
	case key.Matches(k, km.PrevPanel):
		d.setFocus((d.focus + panelCount - 1) % panelCount)
		return nil
	case key.Matches(k, km.Panel1):
		d.setFocus(panelAlerts)
		return nil
	case key.Matches(k, km.Panel2):
		d.setFocus(panelIndicators)
		return nil
	case key.Matches(k, km.Panel3):
		d.setFocus(panelCoverage)
		return nil
	case key.Matches(k, km.Scope):
		return openPickerMsg{}
	case key.Matches(k, km.ScopeNext):
		return scopeMsg{step: 1}
	case key.Matches(k, km.View):
		return nextViewMsg{}
	case key.Matches(k, km.ScopeBack):
		return scopeMsg{step: -1}
	case key.Matches(k, km.Notices.Open):
		return openNoticesMsg{}
	case key.Matches(k, km.Export):
		return d.exportPanel(c, d.focus)
	case key.Matches(k, km.Yank) && d.focus == panelAlerts:
		if a := d.alerts.selected(); a != nil {
			return yankMsg{caseNo: a.CaseNo}
		}
		return nil
	}
	return d.panel(d.focus).key(c, k)
}

// draw draws the dashboard in the body r: the panel in focus, or all three
// when the layout is wide.
func (d *dashboard) draw(c *common, r rect) []string {
	if !c.lay.wide {
		return d.panelBox(c, d.focus, r, true)
	}
	top := d.panelBox(c, panelAlerts, c.lay.panels[panelAlerts], d.focus == panelAlerts)
	bottom := joinColumns(
		d.panelBox(c, panelIndicators, c.lay.panels[panelIndicators], d.focus == panelIndicators),
		d.panelBox(c, panelCoverage, c.lay.panels[panelCoverage], d.focus == panelCoverage),
	)
	return append(top, bottom...)
}

// panelBox draws panel p in r, with a thick border when thick.
func (d *dashboard) panelBox(c *common, p panel, r rect, thick bool) []string {
	in := inner(r)
	pn := d.panel(p)
	body := pn.body(c, in.w, in.h, d.focused(p))
	note, ink := c.ageText(pn.fresh(c))
	return c.withBottomNote(c.box(r.w, r.h, c.cat.T(panelKeys[p]), note, ink, thick, body), r.w, thick, d.position(c, p))
}

// help lists the dashboard's keys: the panel's own, then the panels and
// scope.
func (d *dashboard) help(km *KeyMap, nav, global []key.Binding) keyHelp {
	panels := []key.Binding{km.NextPanel, km.PrevPanel, km.Panel1, km.Panel2, km.Panel3, km.Scope, km.ScopeNext, km.ScopeBack,
		km.Command, km.View, km.Notices.Open, km.Export}
	local := d.panel(d.focus).ownKeys(km)
	short := append([]key.Binding{}, local...)
	if d.focus == panelAlerts {
		local = append(local, km.Group, km.Hide, km.Yank) // in the full help only: the footer is full
	}
	short = append(short, km.NextPanel, km.Scope, km.Refresh)
	return keyHelp{short: short, full: [][]key.Binding{nav, local, panels, global}}
}

// click selects what was clicked at (x, y): a panel, a row; clicking the
// cursor's row of the panel in focus opens it, like enter.
func (d *dashboard) click(c *common, x, y int) tea.Msg {
	for p := panel(0); p < panelCount; p++ {
		if !c.lay.wide && p != d.focus {
			continue
		}
		r := c.lay.panels[p]
		if !r.contains(x, y) {
			continue
		}
		wasFocused := d.focus == p
		d.setFocus(p)
		pn := d.panel(p)
		return clickRow(pn.grid(), y-inner(r).y-pn.above(c), wasFocused, pn.pick, pn.open)
	}
	return nil
}

// clickRow handles a click on line y of table t (counted from the top of
// the table, its header included): a second click on the cursor's row
// (again: the table had the keyboard) returns what open asks; any other
// moves the cursor there and picks the row.
func clickRow(t *vtable.Model, y int, again bool, pick func(), open func() tea.Msg) tea.Msg {
	i, ok := t.RowAt(y)
	if !ok {
		return nil
	}
	if again && i == t.Cursor() {
		if msg := open(); msg != nil {
			return msg
		}
	}
	t.SetCursor(i)
	pick()
	return nil
}

// wheel scrolls the panel under the pointer (x, y) by step rows.
func (d *dashboard) wheel(c *common, x, y, step int) {
	p := d.focus
	if c.lay.wide {
		for q := panel(0); q < panelCount; q++ {
			if c.lay.panels[q].contains(x, y) {
				p = q
			}
		}
	}
	pn := d.panel(p)
	pn.grid().Scroll(step)
	pn.pick()
}

// refresh reloads nothing of its own: the poller's refresh is the root's.
func (d *dashboard) refresh(*common) tea.Cmd { return nil }

// next offers the simulation times at which the alert rows on screen
// change (see nextChange).
func (d *dashboard) next(c *common, sim time.Time, ch *changes) {
	if c.state.Alerts.HasData && (c.lay.wide || d.focus == panelAlerts) {
		d.alerts.next(sim, ch)
	}
}

// tabLabel is the text of panel p's tab.
func (d *dashboard) tabLabel(c *common, p panel) string {
	label := strconv.Itoa(int(p)+1) + " " + c.cat.T(panelKeys[p])
	if p == panelAlerts && d.alerts.newCount > 0 {
		label += " " + glyphNew + strconv.Itoa(d.alerts.newCount)
	}
	return label
}

var panelKeys = [panelCount]string{"panel.alerts", "panel.indicators", "panel.coverage"}

// tabWidth is the width a tab takes on the tabs line.
func tabWidth(label string) int { return textWidth(label) + 2 }

// tabAt returns the tab under column x of the tabs line.
func (d *dashboard) tabAt(c *common, x int) (panel, bool) {
	pos := 1
	for p := panel(0); p < panelCount; p++ {
		tw := tabWidth(d.tabLabel(c, p))
		if x >= pos && x < pos+tw {
			return p, true
		}
		pos += tw + 1
	}
	return 0, false
}

// tabsLine draws the panel tabs of the narrow layout; the tab in focus is
// lit while the dashboard is on screen (onTop).
func (d *dashboard) tabsLine(c *common, w int, onTop bool) string {
	var b strings.Builder
	b.WriteString(" ")
	for p := panel(0); p < panelCount; p++ {
		if p > 0 {
			b.WriteString(" ")
		}
		ink := c.styles.TabOff
		if p == d.focus && onTop {
			ink = c.styles.TabOn
		}
		ink.Paint(&b, " "+d.tabLabel(c, p)+" ")
	}
	return fitLine(b.String(), w)
}
