package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// armTick arms the clock's next tick when none is armed. The screen always
// shows the clock (with seconds) and data ages, so the dashboard ticks once
// a second, on the second; nothing else ticks. A tick carries the
// generation it was armed with, and ticks of an older generation are
// dropped, so at most one timer chain runs.
func (m *model) armTick() tea.Cmd {
	if m.tickArmed || m.width <= 0 {
		return nil
	}
	now := m.now()
	d := now.Truncate(time.Second).Add(time.Second).Sub(now)
	if d <= 0 {
		d = time.Second
	}
	m.tickGen++
	m.tickArmed = true
	gen := m.tickGen
	return tickFunc(d, func(t time.Time) tea.Msg { return tickMsg{gen: gen, at: t} })
}

// tickFunc arms a timer; tests replace it to keep the clock still.
var tickFunc = tea.Tick
