package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
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

// TestSimClockOnNarrowTabs: at 80 columns the simulation clock sits on the
// tabs line; where it does not fit whole, the speed goes first, then the
// date, never the word saying it stands still (English, paused).
func TestSimClockOnNarrowTabs(t *testing.T) {
	for _, tc := range []struct {
		lang  i18n.Lang
		speed float64
		want  string
	}{
		{i18n.EN, 0, "sim 09:59 paused"},
		{i18n.ZH, 0, "模拟 05-10 09:59 已暂停"},
		{i18n.ZH, 60, "模拟 05-10 09时 ×60"},
	} {
		s := fixtureState(5)
		s.Health.FetchedAt = fixedNow
		s.Health.Data.SimTime = fixedNow.Add(-30 * time.Second)
		s.Health.Data.SimSpeed = tc.speed
		h := newHarness(t, 80, 24, s, withLang(tc.lang))
		lines := strings.Split(h.view(), "\n")
		if len(lines) < 2 || !strings.Contains(lines[1], tc.want) || strings.Contains(lines[1], "…") {
			t.Errorf("%s, speed %v: tabs line %q, want %q whole", tc.lang, tc.speed, lines[1], tc.want)
		}
	}
}
