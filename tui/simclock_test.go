package tui

import (
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// TestSimClock checks the local countdowns between polls: the simulation
// clock comes from /health, not from an alert set's as_of (which a 304
// can confirm an hour late), falls back to as_of without /health, and
// never runs backwards.
func TestSimClock(t *testing.T) {
	now := fixedNow
	sim := fixedNow.Add(-48 * time.Hour) // the simulation runs its own calendar
	s := fixtureState(5)
	s.Health.FetchedAt = now.Add(-10 * time.Second)
	s.Health.Data.SimTime = sim
	s.Health.Data.SimSpeed = 60
	s.Alerts.FetchedAt = now                 // just confirmed by a 304…
	s.Alerts.Data.AsOf = sim.Add(-time.Hour) // …with an old body
	s.Alerts.Data.SimSpeed = 60
	h := newHarness(t, 80, 24, s, func(o *Options) { o.Now = func() time.Time { return now } })
	if got, want := h.m.simNow(), sim.Add(10*time.Minute); !got.Equal(want) {
		t.Fatalf("simNow = %v, want %v (sim_time + 10 s × 60)", got, want)
	}
	// Between polls the clock runs locally.
	now = now.Add(5 * time.Second)
	h.send(tickMsg{gen: h.m.tickGen})
	if got, want := h.m.simNow(), sim.Add(15*time.Minute); !got.Equal(want) {
		t.Fatalf("after 5 s: %v, want %v", got, want)
	}
	// A new reading a little behind the estimate (latency) does not turn
	// the countdowns back.
	shown := h.m.simNow()
	s2 := s
	s2.Health.FetchedAt = now
	s2.Health.Data.SimTime = shown.Add(-30 * time.Second)
	h.send(stateMsg{state: s2})
	if got := h.m.simNow(); got.Before(shown) {
		t.Fatalf("clock ran backwards: %v after %v", got, shown)
	}
	now = now.Add(time.Second)
	if got := h.m.simNow(); !got.After(shown) {
		t.Fatalf("clock stopped: %v", got)
	}
	// A reset of the simulation (days back) is taken as it is.
	s3 := s2
	s3.Health.Data.SimTime = sim.Add(-72 * time.Hour)
	s3.Health.FetchedAt = now
	h.send(stateMsg{state: s3})
	if got := h.m.simNow(); !got.Equal(sim.Add(-72 * time.Hour)) {
		t.Fatalf("after a reset: %v", got)
	}

	// Without /health: as_of, counted from when it was first fetched; a
	// 304 confirming the same body later does not move the clock back.
	now = fixedNow
	s4 := fixtureState(5)
	s4.Health = client.Feed[api.Health]{}
	s4.Alerts.FetchedAt = now
	s4.Alerts.Data.AsOf = sim
	s4.Alerts.Data.SimSpeed = 0 // unknown: a real clock
	h = newHarness(t, 80, 24, s4, func(o *Options) { o.Now = func() time.Time { return now } })
	now = now.Add(30 * time.Second)
	s5 := s4
	s5.Alerts.FetchedAt = now // 304: same body, fetched again
	h.send(stateMsg{state: s5})
	if got, want := h.m.simNow(), sim.Add(30*time.Second); !got.Equal(want) {
		t.Fatalf("fallback: %v, want %v", got, want)
	}
	// Before any reading, the real clock.
	h = newHarness(t, 80, 24, client.State{}, func(o *Options) { o.Now = func() time.Time { return now } })
	if got := h.m.simNow(); !got.Equal(now) {
		t.Fatalf("no data: %v", got)
	}
}
