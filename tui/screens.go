package tui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The drill-down screens (an indicator's ranking, a row's decisions, a
// case) open over the dashboard on a stack (push, pop). The router asks the
// one on top through drillDown: keys (handleKey), drawing (bodyLines),
// their keys in the footer and the help (screenKeys), the wheel
// (handleWheel), r (refresh) and the clock's schedule (nextChange).
// Adding a screen is a screen constant, a type that implements drillDown
// and one entry in drillDowns; the router does not change.
//
// A drill-down keeps its state in its own view struct on the model
// (caseView, indicatorView, decisionsView) and its methods still take the
// model: the shared context the review proposes (catalog, styles, keys,
// units, clocks) is not carved out yet.

// drillDown is what a screen pushed over the dashboard does.
type drillDown interface {
	// key handles a key press the common keys (quit, help, back, refresh)
	// left.
	key(m *model, k tea.KeyPressMsg) tea.Cmd
	// box draws the screen in the body rectangle r.
	box(m *model, r rect) []string
	// help lists its keys, given the navigation and global ones.
	help(km *KeyMap, nav, global []key.Binding) keyHelp
	// wheel scrolls it by step lines; in is the body's inside.
	wheel(m *model, in rect, step int)
	// refresh reloads what it shows.
	refresh(m *model) tea.Cmd
	// next offers the simulation times at which what it shows changes by
	// the passage of time alone (see nextChange).
	next(m *model, sim time.Time, c *changes)
}

// drillDowns maps each drill-down screen to its behaviour; the dashboard
// (screenDash) has none.
var drillDowns = map[screen]drillDown{
	screenIndicator: indicatorScreen{},
	screenDecisions: decisionsScreen{},
	screenCase:      caseScreen{},
}

// scrolledHelp is the keys of a scrolling document screen.
func scrolledHelp(km *KeyMap, nav, global []key.Binding) keyHelp {
	return keyHelp{
		short: []key.Binding{km.Up, km.Down, km.Back, km.Refresh},
		full:  [][]key.Binding{nav, {km.Back}, global},
	}
}

// scrollBy moves a document's scroll position by step, within its lines.
func scrollBy(scroll *int, step, total, height int) {
	*scroll = min(max(*scroll+step, 0), max(total-height, 0))
}

// documentKey handles a key on a scrolling document screen: the scroll
// keys, and back.
func documentKey(m *model, k tea.KeyPressMsg, scroll *int, total, height int) tea.Cmd {
	if m.scrollKey(k, scroll, total, height) {
		return nil
	}
	if key.Matches(k, m.keys.Back) {
		m.pop()
	}
	return nil
}

// caseScreen is the case screen (caseview.go).
type caseScreen struct{}

func (caseScreen) help(km *KeyMap, nav, global []key.Binding) keyHelp {
	return scrolledHelp(km, nav, global)
}

func (caseScreen) wheel(m *model, in rect, step int) {
	scrollBy(&m.caseView.scroll, step, len(m.caseLines(in.w)), in.h)
}

func (caseScreen) refresh(m *model) tea.Cmd { return m.fetchCase() }

// indicatorScreen is the indicator screen (indicatorview.go).
type indicatorScreen struct{}

func (indicatorScreen) help(km *KeyMap, nav, global []key.Binding) keyHelp {
	return scrolledHelp(km, nav, global)
}

func (indicatorScreen) wheel(m *model, in rect, step int) {
	scrollBy(&m.indView.scroll, step, len(m.indicatorLines(in.w)), in.h)
}

func (indicatorScreen) refresh(m *model) tea.Cmd { return m.fetchRanking() }

func (indicatorScreen) next(*model, time.Time, *changes) {}

// decisionsScreen is the decisions screen of a coverage row (decisions.go).
type decisionsScreen struct{}

func (decisionsScreen) help(km *KeyMap, nav, global []key.Binding) keyHelp {
	return keyHelp{
		short: []key.Binding{km.Up, km.Down, km.Enter, km.Back, km.Refresh},
		full:  [][]key.Binding{nav, {km.Enter, km.Back}, global},
	}
}

func (decisionsScreen) wheel(m *model, _ rect, step int) {
	m.decView.table.Scroll(step)
	m.decView.pick()
}

func (decisionsScreen) refresh(m *model) tea.Cmd { return m.fetchDecisions() }

func (decisionsScreen) next(*model, time.Time, *changes) {}
