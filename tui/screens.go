package tui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The drill-down screens (an indicator's ranking, a row's decisions, a
// case) open over the dashboard on a stack (push, pop). The router asks the
// one on top through screenView: keys (handleKey), drawing (render),
// their keys in the footer and the help (screenKeys), the wheel
// (update), clicks (handleClick), r (refresh) and the clock's schedule (nextChange).
// Adding a screen is a screen constant, a type that implements screenView
// and one entry in drillDowns; the router does not change.
//
// A screen keeps its state in its own struct (caseView, indicatorView,
// decisionsView, held by the root) and reads only that and the shared
// context (common); what it wants of the root (back, open a case) it
// returns from key as a message upward (upward.go). A drill-down may hold
// the panel it was opened from, read only (indicatorView.from).

// screenView is what a screen does.
type screenView interface {
	// key handles a key press the common keys (quit, help, back, refresh)
	// left; it returns a message upward, or nil.
	key(c *common, k tea.KeyPressMsg) tea.Msg
	// draw draws the screen in the body rectangle r.
	draw(c *common, r rect) []string
	// help lists its keys, given the navigation and global ones.
	help(km *KeyMap, nav, global []key.Binding) keyHelp
	// click handles a click of the left button at (x, y) on the body; it
	// returns a message upward, or nil.
	click(c *common, x, y int) tea.Msg
	// wheel scrolls what is under the pointer at (x, y) by step lines.
	wheel(c *common, x, y, step int)
	// refresh reloads what it shows.
	refresh(c *common) tea.Cmd
	// next offers the simulation times at which what it shows changes by
	// the passage of time alone (see nextChange).
	next(c *common, sim time.Time, ch *changes)
}

// screenStack is the stack of drill-downs over the dashboard.
type screenStack struct {
	stack []screen // empty is the dashboard
}

// current returns the screen on top of the stack.
func (s *screenStack) current() screen {
	if len(s.stack) == 0 {
		return screenDash
	}
	return s.stack[len(s.stack)-1]
}

// push opens screen sc over the one on top, unless it is already there; it
// reports whether that covers the dashboard.
func (s *screenStack) push(sc screen) (leftDash bool) {
	leftDash = s.current() == screenDash
	if s.current() != sc {
		s.stack = append(s.stack, sc)
	}
	return leftDash
}

// pop returns to the previous screen, exactly as it was left.
func (s *screenStack) pop() {
	if len(s.stack) > 0 {
		s.stack = s.stack[:len(s.stack)-1]
	}
}

// screens maps each screen to its state on the root.
var screens = map[screen]func(m *model) screenView{
	screenDash:      func(m *model) screenView { return &m.dashboard },
	screenIndicator: func(m *model) screenView { return &m.indView },
	screenDecisions: func(m *model) screenView { return &m.decView },
	screenCase:      func(m *model) screenView { return &m.caseView },

	screenNotices:       func(m *model) screenView { return &m.notices.list },
	screenNotice:        func(m *model) screenView { return &m.notices.detail },
	screenNoticeForm:    func(m *model) screenView { return &m.notices.form },
	screenNoticeConfirm: func(m *model) screenView { return &m.notices.confirm },
}

// top returns the screen on top of the stack.
func (m *model) top() screenView { return screens[m.current()](m) }

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
func documentKey(c *common, k tea.KeyPressMsg, scroll *int, total, height int) tea.Msg {
	if c.scrollKey(k, scroll, total, height) {
		return nil
	}
	if key.Matches(k, c.keys.Back) {
		return popMsg{}
	}
	return nil
}

func (v *caseView) help(km *KeyMap, nav, global []key.Binding) keyHelp {
	h := scrolledHelp(km, nav, global)
	h.short = append(h.short, km.Ack, km.Notices.Issue)
	h.full[1] = append(h.full[1], km.Ack, km.Notices.Issue, km.Yank)
	return h
}

func (v *caseView) click(*common, int, int) tea.Msg { return nil }

func (v *caseView) wheel(c *common, _, _, step int) {
	in := inner(c.lay.body)
	scrollBy(&v.scroll, step, len(v.lines(c, in.w)), in.h)
}

func (v *indicatorView) help(km *KeyMap, nav, global []key.Binding) keyHelp {
	return scrolledHelp(km, nav, global)
}

func (v *indicatorView) click(*common, int, int) tea.Msg { return nil }

func (v *indicatorView) wheel(c *common, _, _, step int) {
	in := inner(c.lay.body)
	scrollBy(&v.scroll, step, len(v.lines(c, in.w)), in.h)
}

func (v *indicatorView) next(*common, time.Time, *changes) {}

func (v *decisionsView) help(km *KeyMap, nav, global []key.Binding) keyHelp {
	return keyHelp{
		short: []key.Binding{km.Up, km.Down, km.Enter, km.Back, km.Refresh},
		full:  [][]key.Binding{nav, {km.Enter, km.Back}, global},
	}
}

// click selects the decision clicked; clicking the selected one opens its
// case, like enter.
func (v *decisionsView) click(c *common, x, y int) tea.Msg {
	if in := inner(c.lay.body); in.contains(x, y) {
		return clickRow(&v.table, y-in.y-1, true, v.pick, v.openSelected)
	}
	return nil
}

// openSelected asks for the case of the decision under the cursor.
func (v *decisionsView) openSelected() tea.Msg {
	if d := v.selected(); d != nil {
		return openCaseMsg{id: d.CaseID, caseNo: d.CaseNo}
	}
	return nil
}

func (v *decisionsView) wheel(_ *common, _, _, step int) {
	v.table.Scroll(step)
	v.pick()
}

func (v *decisionsView) next(*common, time.Time, *changes) {}
