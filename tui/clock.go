package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// Bounds of the clock's schedule (see armTick).
const (
	tickMinGap = time.Second // two ticks are this far apart at least (less tickSlack)
	tickMaxGap = time.Minute // never sleep longer than this (a safety net)
)

// armTick schedules the clock's one tick for the next moment the screen
// can change by the passage of time alone (see nextChange): nothing ticks
// while nothing it draws would change. It runs after every message, so new
// data, a key, a resize or a fetch answer recompute the schedule; the
// armed tick is kept when the schedule did not move, and cancelled and
// replaced when it did, so at most one timer is pending. Ticks come a
// second apart at least (a change due sooner waits for the whole second;
// one due within tickSlack of it does not) and at most tickMaxGap from
// now. A tick carries the generation it was armed with, and ticks of an
// older generation (one that fired as it was cancelled) are dropped.
func (m *model) armTick() tea.Cmd {
	if m.width <= 0 || m.quitting {
		return nil
	}
	now := m.now()
	next := m.nextChange(now)
	if !m.tickLast.IsZero() && next.Before(m.tickLast.Add(tickMinGap-tickSlack)) {
		next = m.tickLast.Add(tickMinGap) // wait a whole second after the last
	}
	if ceil := now.Add(tickMaxGap); next.IsZero() || next.After(ceil) {
		next = ceil
	}
	if m.tickArmed && next.Equal(m.tickDue) {
		return nil
	}
	m.stopTick()
	m.tickGen++
	m.tickArmed, m.tickDue = true, next
	stop := make(chan struct{})
	m.tickStop = stop
	gen := m.tickGen
	return tickFunc(max(next.Sub(now), 0), stop, m.subDone, func(t time.Time) tea.Msg { return tickMsg{gen: gen, at: t} })
}

// tickFired takes the armed tick's message: the next is armed after this
// update, at least tickMinGap after this one.
func (m *model) tickFired(msg tickMsg) {
	if msg.gen != m.tickGen || !m.tickArmed {
		return // a superseded timer
	}
	m.tickArmed, m.tickStop = false, nil
	m.tickLast = m.tickDue
	if now := m.now(); now.Before(m.tickLast) {
		m.tickLast = now
	}
}

// stopTick cancels the armed tick, if any.
func (m *model) stopTick() {
	if m.tickStop != nil {
		close(m.tickStop)
		m.tickStop = nil
	}
	m.tickArmed = false
}

// stoppableTick is tea.Tick that can be cancelled: once stop or done is
// closed the command returns no message, so a cancelled timer costs no
// update and no render, and leaves no goroutine waiting. stop cancels this
// timer (the schedule moved, or the dashboard quit); done is the end of
// the subscription, the one sign a dashboard stopped from outside gives
// (its program's context is not the model's to see), without which the
// goroutine would wait up to tickMaxGap after the program ended.
func stoppableTick(d time.Duration, stop, done <-chan struct{}, fn func(time.Time) tea.Msg) tea.Cmd {
	t := time.NewTimer(d)
	return func() tea.Msg {
		select {
		case at := <-t.C:
			return fn(at)
		case <-stop:
		case <-done:
		}
		t.Stop()
		return nil
	}
}

// tickFunc arms a timer; tests replace it to keep the clock still.
var tickFunc = stoppableTick
