package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// Bounds of the clock's schedule (see ticker).
const (
	tickMinGap = time.Second // two ticks are this far apart at least (less tickSlack)
	tickMaxGap = time.Minute // never sleep longer than this (a safety net)
)

// ticker is the clock's one pending tick: its generation, when it is due,
// how to cancel it, and when the last one fired.
//
// The clock ticks at the next moment the screen can change by the passage
// of time alone (see nextChange): nothing ticks while nothing it draws
// would change. Update arms it after every message (but before the first
// window size and after quit), so new data, a key, a resize or a fetch
// answer recompute the schedule; the armed tick is kept when the schedule
// did not move, and cancelled and replaced when it did, so at most one
// timer is pending. Ticks come a second apart at least (a change due
// sooner waits for the whole second; one due within tickSlack of it does
// not) and at most tickMaxGap from now. A tick carries the generation it
// was armed with, and ticks of an older generation (one that fired as it
// was cancelled) are dropped.
type ticker struct {
	tickGen   int           // generation of the armed tick
	tickArmed bool          // a tick is armed…
	tickDue   time.Time     // …for then,
	tickStop  chan struct{} // closing this cancels it
	tickLast  time.Time     // when the last tick fired
}

// arm arms the tick for next, the next change after now (see ticker),
// unless it is armed for then already; done is the end of the
// subscription.
func (t *ticker) arm(now, next time.Time, done <-chan struct{}) tea.Cmd {
	if !t.tickLast.IsZero() && next.Before(t.tickLast.Add(tickMinGap-tickSlack)) {
		next = t.tickLast.Add(tickMinGap) // wait a whole second after the last
	}
	if ceil := now.Add(tickMaxGap); next.IsZero() || next.After(ceil) {
		next = ceil
	}
	if t.tickArmed && next.Equal(t.tickDue) {
		return nil
	}
	t.stopTick()
	t.tickGen++
	t.tickArmed, t.tickDue = true, next
	stop := make(chan struct{})
	t.tickStop = stop
	gen := t.tickGen
	return tickFunc(max(next.Sub(now), 0), stop, done, func(at time.Time) tea.Msg { return tickMsg{gen: gen, at: at} })
}

// tickFired takes the armed tick's message: the next is armed after this
// update, at least tickMinGap after this one.
func (t *ticker) tickFired(msg tickMsg, now time.Time) {
	if msg.gen != t.tickGen || !t.tickArmed {
		return // a superseded timer
	}
	t.tickArmed, t.tickStop = false, nil
	t.tickLast = t.tickDue
	if now.Before(t.tickLast) {
		t.tickLast = now
	}
}

// stopTick cancels the armed tick, if any.
func (t *ticker) stopTick() {
	if t.tickStop != nil {
		close(t.tickStop)
		t.tickStop = nil
	}
	t.tickArmed = false
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
