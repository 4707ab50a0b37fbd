package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// schedClock is the simulation clock of a scheduling test: at real time
// base the simulation stood at base-lag and runs at speed.
type schedClock struct {
	base  time.Time
	lag   time.Duration
	speed float64
}

// at is the simulation time at real time now.
func (c schedClock) at(now time.Time) time.Time {
	return c.base.Add(-c.lag).Add(time.Duration(float64(now.Sub(c.base)) * c.speed))
}

// polled is the fixture state as just fetched at now: every data set
// fetched then, /health reading the simulation clock c.
func polled(n int, now time.Time, c schedClock) client.State {
	s := fixtureState(n)
	s.Health.FetchedAt = now
	s.Health.Data.SimTime, s.Health.Data.SimSpeed = c.at(now), c.speed
	s.Alerts.FetchedAt = now
	s.Alerts.Data.AsOf, s.Alerts.Data.SimSpeed = c.at(now), c.speed
	for id, v := range s.Indicators {
		v.FetchedAt = now
		s.Indicators[id] = v
	}
	for id, v := range s.CoverageByDept {
		v.FetchedAt = now
		s.CoverageByDept[id] = v
	}
	for id, v := range s.CoverageByPerson {
		v.FetchedAt = now
		s.CoverageByPerson[id] = v
	}
	return s
}

// at is fixedNow (10:00:00) plus d.
func at(d time.Duration) time.Time { return fixedNow.Add(d) }

// content is the screen with its colours: an ink change is a change.
func (h *harness) content() string { return h.m.View().Content }

// fireTick delivers the armed tick at its time.
func (h *harness) fireTick(clk *fakeClock) {
	h.t.Helper()
	if !h.m.tickArmed {
		h.t.Fatal("no tick armed")
	}
	clk.t = h.m.tickDue
	h.send(tickMsg{gen: h.m.tickGen, at: clk.t})
}

// TestTickSchedule checks where the next tick lands in each situation, that
// the screen does not change before it, and that it changes at it.
func TestTickSchedule(t *testing.T) {
	const ns = time.Nanosecond
	staleInds := func(s *client.State) { // indicators polled every 50 s, fetched 2m25s before 10:00:30
		for id, v := range s.Indicators {
			v.Interval, v.FetchedAt = 50*time.Second, at(30*time.Second-145*time.Second)
			s.Indicators[id] = v
		}
	}
	tests := []struct {
		name    string
		now     time.Time  // the clock when the last tick fired
		fetched time.Time  // when every data set was fetched
		sim     schedClock // the simulation clock
		w, h    int
		keys    []string
		mutate  func(*client.State)
		want    time.Time
		ticked  bool // a tick fired at now (the next comes a second later at the earliest)
		early   bool // held back by the one-second floor: the screen changes before the tick
	}{{
		name: "static data at speed 0: the clock's next minute",
		now:  at(50 * time.Second), fetched: at(45 * time.Second), sim: schedClock{speed: 0},
		w: 80, h: 24,
		want: at(time.Minute),
	}, {
		name: "static data at speed 0, all three panels: the clock's next minute",
		now:  at(50 * time.Second), fetched: at(45 * time.Second), sim: schedClock{speed: 0},
		w: 200, h: 50,
		want: at(time.Minute),
	}, {
		name: "alerts on screen at speed 1440: a countdown minute every 1/24 s, capped at a tick a second",
		now:  at(50 * time.Second), fetched: at(45 * time.Second), sim: schedClock{base: at(45 * time.Second), speed: 1440},
		w: 200, h: 50,
		ticked: true, want: at(51 * time.Second), early: true,
	}, {
		// The simulation's clock (the tabs line, zone.go) shows the hour: at
		// 12:00:45 simulated it turns 13时 2.47 s later.
		name: "alerts off screen at speed 1440: the simulation clock's next hour",
		now:  at(50 * time.Second), fetched: at(45 * time.Second), sim: schedClock{base: at(45 * time.Second), speed: 1440},
		w: 80, h: 24, keys: []string{"2"},
		want: at(52*time.Second + 468750*time.Microsecond),
	}, {
		name: "alerts on screen at speed 1, the simulation 20 s behind: countdowns change 20 s past the minute",
		now:  at(65 * time.Second), fetched: at(64 * time.Second), sim: schedClock{base: at(64 * time.Second), lag: 20 * time.Second, speed: 1},
		w: 80, h: 24,
		want: at(80*time.Second + ns), // due times fall on the minute; a countdown changes the instant after
	}, {
		name: "alerts on screen at speed 1 in step with the clock: one tick for both",
		now:  at(50 * time.Second), fetched: at(45 * time.Second), sim: schedClock{base: at(45 * time.Second), speed: 1},
		w: 80, h: 24,
		want: at(time.Minute + ns),
	}, {
		name: "data age: live until two intervals, then an age",
		now:  at(30 * time.Second), fetched: at(28 * time.Second), sim: schedClock{speed: 0},
		w: 80, h: 24,
		mutate: func(s *client.State) { s.Alerts.FetchedAt = at(15 * time.Second) }, // every 10 s
		want:   at(35*time.Second + ns),
	}, {
		name: "data age: an age in seconds changes every second",
		now:  at(30 * time.Second), fetched: at(28 * time.Second), sim: schedClock{speed: 0},
		w: 80, h: 24,
		mutate: func(s *client.State) { s.Alerts.FetchedAt = at(5*time.Second - 300*time.Millisecond) }, // 25.3 s old
		want:   at(30*time.Second + 700*time.Millisecond),
	}, {
		name: "data age: an age in seconds changes every second, a second after the last tick",
		now:  at(30 * time.Second), fetched: at(28 * time.Second), sim: schedClock{speed: 0},
		w: 80, h: 24, ticked: true,
		mutate: func(s *client.State) { s.Alerts.FetchedAt = at(5*time.Second - 300*time.Millisecond) }, // 25.3 s old
		want:   at(31 * time.Second), early: true,
	}, {
		name: "data age: STALE past three intervals",
		now:  at(30 * time.Second), fetched: at(28 * time.Second), sim: schedClock{speed: 0},
		w: 80, h: 24, keys: []string{"2"}, mutate: staleInds,
		want: at(35*time.Second + ns),
	}, {
		name: "offline banner: the next try in 1m30s reads 1分 until 59秒",
		// Every panel is offline and shows its true age: in minutes here.
		now: at(0), fetched: at(-10 * time.Minute), sim: schedClock{speed: 0},
		w: 80, h: 24,
		mutate: func(s *client.State) {
			s.Alerts.Interval = time.Minute
			s.Health.Failures, s.Health.Err = 2, errTest("connection refused")
			s.Health.FailingSince, s.Health.NextAttempt = at(-time.Minute), at(90*time.Second)
		},
		want: at(30*time.Second + ns),
	}, {
		name: "offline banner: the next try is due, it reads 正在重试 for good",
		now:  at(0), fetched: at(-10 * time.Minute), sim: schedClock{speed: 0},
		w: 80, h: 24,
		mutate: func(s *client.State) {
			s.Alerts.Interval = time.Minute
			s.Health.Failures, s.Health.Err = 2, errTest("connection refused")
			s.Health.FailingSince, s.Health.NextAttempt = at(-time.Minute), at(-time.Second)
		},
		want: at(time.Minute),
	}, {
		name: "case on screen at speed 240: its overdue count reaches the next hour",
		now:  at(100 * time.Second), fetched: at(95 * time.Second), sim: schedClock{base: at(95 * time.Second), speed: 240},
		w: 80, h: 24, keys: []string{"enter"},
		// At 10:01:40 the simulation reads 10:06:35; the case's overdue
		// alert and deadline read an hour more at 11:00:00, 3505 simulated
		// seconds after 10:01:35.
		want: at(95*time.Second + 14604166667*ns),
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := &fakeClock{t: tc.now}
			if tc.sim.base.IsZero() {
				tc.sim.base = tc.fetched
			}
			s := polled(40, tc.fetched, tc.sim)
			if tc.mutate != nil {
				tc.mutate(&s)
			}
			h := newHarness(t, tc.w, tc.h, s, func(o *Options) { o.Now = clk.now })
			h.keys(tc.keys...)
			if tc.ticked {
				h.send(tickMsg{gen: h.m.tickGen, at: clk.t})
			}
			if got := h.m.tickDue; !got.Equal(tc.want) {
				t.Fatalf("next tick at %s, want %s", got.Format("15:04:05.000000000"), tc.want.Format("15:04:05.000000000"))
			}
			checkTick(t, h, clk, tc.early)
		})
	}
}

// checkTick asserts that the screen does not change before the armed tick
// (sampled every 100 ms and just before it; unless early, when the one-
// second floor held the tick back) and that the tick shows a change.
func checkTick(t *testing.T, h *harness, clk *fakeClock, early bool) {
	t.Helper()
	now, due := clk.t, h.m.tickDue
	before := h.content()
	if !early {
		samples := []time.Time{}
		for s := now.Add(100 * time.Millisecond); s.Before(due.Add(-tickSlack)); s = s.Add(100 * time.Millisecond) {
			samples = append(samples, s)
		}
		if last := due.Add(-tickSlack - 1); last.After(now) {
			samples = append(samples, last)
		}
		for _, s := range samples {
			clk.t = s
			if h.content() != before {
				t.Fatalf("the screen changed at %s, the tick comes at %s:\n%s", s.Format("15:04:05.000000000"), due.Format("15:04:05.000000000"), h.view())
			}
		}
		clk.t = now
	}
	h.fireTick(clk)
	if h.content() == before {
		t.Fatalf("nothing changed at the tick at %s:\n%s", due.Format("15:04:05.000000000"), h.view())
	}
}

// TestTickScheduleRuns runs dashboards for minutes of fake time, with or
// without a poller, and checks every tick: the screen never changes
// between two ticks (sampled every 250 ms and just before each tick),
// unless the one-second floor held the tick back; every tick changes the
// screen; ticks are at least a second apart.
func TestTickScheduleRuns(t *testing.T) {
	newOverdue := func(s client.State) client.State {
		a := newAlert("N1", api.LevelOverdue, "b11", "东州市城关区人民检察院")
		return withAlerts(s, append(s.Alerts.Data.Alerts, a))
	}
	tests := []struct {
		name   string
		w, h   int
		sim    schedClock
		poll   bool // a poller refreshes the data (alerts every 10 s, the rest every minute)
		wall   *WallOptions
		keys   []string
		run    time.Duration
		mutate func(now time.Duration, s client.State) client.State // the poller's state at now
		ticks  [2]int                                               // bounds of the ticks in the run
	}{
		{name: "speed 0, polled", w: 200, h: 50, poll: true, run: 10 * time.Minute, ticks: [2]int{10, 10}},
		{name: "speed 1, 20 s behind, polled", w: 200, h: 50, sim: schedClock{speed: 1, lag: 20 * time.Second}, poll: true, run: 10 * time.Minute, ticks: [2]int{20, 20}},
		{name: "speed 1, the poller stopped", w: 80, h: 24, sim: schedClock{speed: 1, lag: 7 * time.Second}, run: 6 * time.Minute, ticks: [2]int{40, 120}},
		{name: "speed 1440, polled", w: 200, h: 50, sim: schedClock{speed: 1440}, poll: true, run: 2 * time.Minute, ticks: [2]int{110, 120}},
		{name: "speed 60, case on screen", w: 80, h: 24, sim: schedClock{speed: 60, lag: 13 * time.Second}, poll: true, keys: []string{"enter"}, run: 3 * time.Minute, ticks: [2]int{3, 12}},
		{name: "wall, speed 60, a new overdue alert at 1m30s", w: 200, h: 50, sim: schedClock{speed: 60}, poll: true,
			// The alerts' countdowns change every real second at speed 60,
			// on screen 140 s of the 300 (20 s of each 60 s of rotation,
			// and the 60 s of the pin); the rotation line and the pin
			// banner count no seconds.
			wall: &WallOptions{Interval: 20 * time.Second, PinFor: time.Minute}, run: 5 * time.Minute, ticks: [2]int{140, 165},
			mutate: func(now time.Duration, s client.State) client.State {
				if now >= 90*time.Second {
					return newOverdue(s)
				}
				return s
			}},
		{name: "wall, one panel, speed 0", w: 120, h: 40, poll: true, wall: &WallOptions{Panels: []string{"coverage"}}, run: 5 * time.Minute, ticks: [2]int{5, 5}},
		{name: "offline, next try in 2 minutes", w: 100, h: 30, run: 5 * time.Minute, ticks: [2]int{100, 200},
			mutate: func(_ time.Duration, s client.State) client.State {
				s.Alerts.Failures, s.Alerts.Err = 3, errTest("connection refused")
				s.Alerts.FailingSince, s.Alerts.NextAttempt = at(-time.Minute), at(2*time.Minute+500*time.Millisecond)
				return s
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && tc.run > 3*time.Minute {
				t.Skip("long run")
			}
			start := at(7*time.Second + 250*time.Millisecond)
			clk := &fakeClock{t: start}
			tc.sim.base = start
			// The poller's state at ev: the alerts (and /health) fetched
			// every 10 s, the rest every minute.
			state := func(ev time.Time) client.State {
				s := polled(40, ev, tc.sim)
				others := start.Add(ev.Sub(start).Truncate(time.Minute))
				for id, v := range s.Indicators {
					v.FetchedAt = others
					s.Indicators[id] = v
				}
				for id, v := range s.CoverageByDept {
					v.FetchedAt = others
					s.CoverageByDept[id] = v
				}
				for id, v := range s.CoverageByPerson {
					v.FetchedAt = others
					s.CoverageByPerson[id] = v
				}
				if tc.mutate != nil {
					s = tc.mutate(ev.Sub(start), s)
				}
				return s
			}
			opts := []harnessOpt{func(o *Options) { o.Now = clk.now }}
			if tc.wall != nil {
				wo := *tc.wall
				wo.Enabled = true
				opts = append(opts, func(o *Options) { o.Wall = wo })
			}
			h := newHarness(t, tc.w, tc.h, state(start), opts...)
			h.keys(tc.keys...)
			nextPoll := start.Add(10 * time.Second)
			if !tc.poll {
				nextPoll = time.Time{}
			}
			end := start.Add(tc.run)
			ticks := 0
			before := h.content()
			for clk.t.Before(end) {
				due := h.m.tickDue
				if !h.m.tickArmed || !due.After(clk.t) && ticks > 0 {
					t.Fatalf("at %s: tick armed %v for %s", clk.t.Format("15:04:05.000"), h.m.tickArmed, due.Format("15:04:05.000"))
				}
				if !h.m.tickLast.IsZero() && due.Sub(h.m.tickLast) < time.Second-tickSlack {
					t.Fatalf("ticks %v apart", due.Sub(h.m.tickLast))
				}
				held := !h.m.tickLast.IsZero() && due.Equal(h.m.tickLast.Add(time.Second))
				ev := due
				if !nextPoll.IsZero() && nextPoll.Before(due) {
					ev = nextPoll
				}
				now := clk.t
				for s := now.Add(250 * time.Millisecond); ; s = s.Add(250 * time.Millisecond) {
					if !s.Before(ev.Add(-tickSlack)) {
						s = ev.Add(-tickSlack - 1)
						if !s.After(now) {
							break
						}
					}
					clk.t = s
					if h.content() != before && !(held && due.Sub(s) < time.Second) {
						t.Fatalf("the screen changed at %s, the tick comes at %s:\n%s", s.Format("15:04:05.000000000"), due.Format("15:04:05.000000000"), h.view())
					}
					if s.Equal(ev.Add(-tickSlack - 1)) {
						break
					}
				}
				clk.t = ev
				if ev.Equal(due) {
					h.send(tickMsg{gen: h.m.tickGen, at: ev})
					ticks++
					if h.content() == before {
						t.Fatalf("nothing changed at the tick at %s (+%v):\n%s", ev.Format("15:04:05.000000000"), ev.Sub(start), h.view())
					}
				} else {
					h.send(stateMsg{state: state(ev)})
					nextPoll = ev.Add(10 * time.Second)
				}
				before = h.content()
			}
			if ticks < tc.ticks[0] || ticks > tc.ticks[1] {
				t.Fatalf("%d ticks in %v, want %d to %d", ticks, tc.run, tc.ticks[0], tc.ticks[1])
			}
			t.Logf("%d ticks in %v", ticks, tc.run)
		})
	}
}

// TestWallRotationTick checks that a wall display's rotation and the end of
// its pin come exactly on a tick, and that neither the rotation line nor
// the pin banner asks for a tick a second: only the rotation itself, the
// pin's end and the minutes of the pin's countdown are scheduled.
func TestWallRotationTick(t *testing.T) {
	h, clk := newWall(t, 120, 40, fixtureState(20), WallOptions{Interval: 20 * time.Second, Panels: []string{"alerts", "indicators"}})
	start := clk.t
	h.tick(clk, 13*time.Second) // the rotation is due in 7 s
	var rot changes
	h.m.wall.next(clk.t, &rot)
	if len(rot.ts) != 1 || !rot.ts[0].Equal(start.Add(20*time.Second)) {
		t.Fatalf("the wall should wake for the rotation at +20s only, got %v", rot.ts)
	}
	if v := h.view(); !strings.Contains(v, "轮播 1/2 · 每20秒") {
		t.Fatalf("the rotation line should say where the rotation stands:\n%s", v)
	}
	for h.m.wall.panel() == panelAlerts {
		h.fireTick(clk)
	}
	if got := clk.t.Sub(start); got != 20*time.Second {
		t.Fatalf("rotated at +%v, want +20s", got)
	}
	// A pin ends on a tick exactly PinFor after it began.
	// (Fresh data, so that no age on screen ticks at another phase.)
	clk.t = clk.t.Add(300 * time.Millisecond)
	pinAt := clk.t
	s := polled(20, pinAt, schedClock{base: pinAt, speed: 1})
	s = withAlerts(s, append(s.Alerts.Data.Alerts, newAlert("N1", api.LevelOverdue, "b11", "东州市城关区人民检察院")))
	h.send(stateMsg{state: s})
	if h.m.wall.pinned == nil {
		t.Fatal("the new overdue alert did not pin")
	}
	rot.ts = rot.ts[:0]
	h.m.wall.next(clk.t, &rot)
	if len(rot.ts) != 1 || !rot.ts[0].Equal(pinAt.Add(10*time.Second)) {
		t.Fatalf("a pin of a minute should wake the wall when its countdown falls to 50 s, got %v", rot.ts)
	}
	for h.m.wall.pinned != nil {
		h.fireTick(clk)
	}
	if got := clk.t.Sub(pinAt); got != wallPinForDefault {
		t.Fatalf("unpinned after %v, want %v", got, wallPinForDefault)
	}
}

// TestPinCountdown checks the pin banner's countdown: minutes rounded up
// above a minute, then seconds in steps of ten, and the moment each changes.
func TestPinCountdown(t *testing.T) {
	until := fixedNow.Add(5 * time.Minute)
	for _, tc := range []struct {
		left time.Duration
		n    int
		secs bool
		next time.Duration // before until
	}{
		{5 * time.Minute, 5, false, 4 * time.Minute},
		{4*time.Minute + 30*time.Second, 5, false, 4 * time.Minute},
		{4 * time.Minute, 4, false, 3 * time.Minute},
		{61 * time.Second, 2, false, time.Minute},
		{time.Minute, 60, true, 50 * time.Second},
		{42 * time.Second, 50, true, 40 * time.Second},
		{10 * time.Second, 10, true, 0},
		{time.Second, 10, true, 0},
		{0, 10, true, 0},
	} {
		now := until.Add(-tc.left)
		if n, secs := pinLeft(tc.left); n != tc.n || secs != tc.secs {
			t.Errorf("pinLeft(%v) = %d, %v, want %d, %v", tc.left, n, secs, tc.n, tc.secs)
		}
		if got := pinTextNext(now, until); !got.Equal(until.Add(-tc.next)) {
			t.Errorf("%v left: next change %v before the end, want %v", tc.left, until.Sub(got), tc.next)
		}
	}
}

// TestStoppableTick checks that a cancelled timer delivers nothing and a
// running one its message.
func TestStoppableTick(t *testing.T) {
	stop := make(chan struct{})
	cmd := stoppableTick(time.Hour, stop, nil, func(time.Time) tea.Msg { return "tick" })
	close(stop)
	if msg := cmd(); msg != nil {
		t.Fatalf("a cancelled tick delivered %v", msg)
	}
	done := make(chan struct{})
	cmd = stoppableTick(time.Hour, make(chan struct{}), done, func(time.Time) tea.Msg { return "tick" })
	close(done)
	if msg := cmd(); msg != nil {
		t.Fatalf("a tick outlived the subscription: %v", msg)
	}
	cmd = stoppableTick(time.Millisecond, make(chan struct{}), nil, func(time.Time) tea.Msg { return "tick" })
	if msg := cmd(); msg != "tick" {
		t.Fatalf("got %v", msg)
	}
}

// TestAgeSteps checks the arithmetic of the age and countdown steps
// against the catalog's own formatting.
func TestAgeSteps(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(1))
	cat := h.m.cat
	for _, d := range []time.Duration{-5 * time.Second, 0, 300 * time.Millisecond, time.Second, 59*time.Second + 999*time.Millisecond, time.Minute, 61 * time.Minute, 23*time.Hour + 59*time.Minute, 24 * time.Hour, 50 * time.Hour} {
		// An age that grows: the text holds until the step, then changes.
		up := ageUp(d)
		if up <= 0 || cat.Age(d+up-1) != cat.Age(d) || cat.Age(d+up) == cat.Age(d) {
			t.Errorf("ageUp(%v) = %v: %q, %q, %q", d, up, cat.Age(d), cat.Age(d+up-1), cat.Age(d+up))
		}
		// A countdown that shrinks.
		now := fixedNow
		if next := downNext(now, d); next.IsZero() {
			if d >= time.Second {
				t.Errorf("downNext(%v) never", d)
			}
		} else if step := next.Sub(now); cat.Age(d-step+1) != cat.Age(d) || cat.Age(d-step) == cat.Age(d) {
			t.Errorf("downNext(%v) = +%v: %q, %q, %q", d, step, cat.Age(d), cat.Age(d-step+1), cat.Age(d-step))
		}
		// A due time d ahead of the simulation clock, and d behind it.
		for _, due := range []time.Time{now.Add(d), now.Add(-d)} {
			next := spanNext(due, now)
			shown := func(sim time.Time) string { txt, ink := h.m.dueText(due, sim); return ink.Render(txt) }
			if !next.After(now) {
				t.Errorf("spanNext(due %v) = %v, not after now", due.Sub(now), next.Sub(now))
				continue
			}
			if shown(next.Add(-1)) != shown(now) || shown(next) == shown(now) {
				t.Errorf("spanNext(due %v) = +%v: %q, %q, %q", due.Sub(now), next.Sub(now), shown(now), shown(next.Add(-1)), shown(next))
			}
		}
	}
}

// TestTickEndsWithSubscription checks that the armed timer ends when the
// subscription does (a host that stops the program from outside ends the
// subscription), and that a dashboard still running without one keeps its
// clock on a timer of its own.
func TestTickEndsWithSubscription(t *testing.T) {
	var dones []<-chan struct{}
	old := tickFunc
	tickFunc = func(_ time.Duration, _, done <-chan struct{}, _ func(time.Time) tea.Msg) tea.Cmd {
		dones = append(dones, done)
		return nil
	}
	defer func() { tickFunc = old }()
	src := newFakeSource(fixtureState(5))
	m := New(Options{Source: src, Now: func() time.Time { return fixedNow }})
	ch, cancel := src.Subscribe()
	nm, wait := m.Update(subscribedMsg{ch: ch, cancel: cancel, current: src.Current()})
	m = nm.(Model)
	nm, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m = nm.(Model)
	if len(dones) != 1 || dones[0] == nil {
		t.Fatalf("the tick is not tied to the subscription: %v", dones)
	}
	close(src.ch)
	msg := wait()
	select {
	case <-dones[0]:
	default:
		t.Fatal("the end of the subscription did not end the timer")
	}
	nm, _ = m.Update(msg)
	m = nm.(Model)
	if !m.tickArmed || len(dones) != 2 || dones[1] != nil {
		t.Fatalf("no clock after the subscription closed: armed %v, %d timers", m.tickArmed, len(dones))
	}
}

// TestViewCacheKeepsIdleFrame checks when View may keep the frame it drew
// last: after a publication that changes nothing on screen, and never
// after one that does, nor after any other message. (Every test of the
// package checks each kept frame against a fresh one: see TestMain.)
func TestViewCacheKeepsIdleFrame(t *testing.T) {
	for _, wall := range []bool{false, true} {
		s := fixtureState(20)
		var opts []harnessOpt
		if wall {
			opts = append(opts, func(o *Options) { o.Wall = WallOptions{Enabled: true} })
		}
		h := newHarness(t, 200, 50, s, opts...)
		publish := func(s client.State, keep bool, what string) {
			t.Helper()
			h.send(stateMsg{state: s})
			if h.m.frameKept != keep {
				t.Fatalf("wall %v: %s: frame kept %v, want %v", wall, what, h.m.frameKept, keep)
			}
			_ = h.m.View()
		}
		_ = h.m.View()
		s.Alerts.FetchedAt = fixedNow.Add(-2 * time.Second)
		publish(s, true, "a 304 of the alerts")
		s.Alerts.FetchedAt = fixedNow.Add(-25 * time.Second)
		publish(s, false, "the alerts' age turns from live to an age")
		publish(s, true, "the same again")
		s = withAlerts(s, append(slices.Clone(s.Alerts.Data.Alerts), newAlert("N1", api.LevelWarning, "b11", "东州市城关区人民检察院")))
		publish(s, false, "a new alert")
		s.Alerts.Failures, s.Alerts.Err = 1, errTest("connection refused")
		publish(s, false, "a failed poll")
		h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
		if h.m.frameKept {
			t.Fatal("a resize must draw the frame again")
		}
		_ = h.m.View()
		h.send(tickMsg{gen: h.m.tickGen})
		if h.m.frameKept {
			t.Fatal("a tick must draw the frame again")
		}
	}
}
