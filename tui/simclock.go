package tui

import (
	"time"

	"github.com/casewatch/casewatch/client"
)

// simAnchor pins the simulation clock to the real clock: at real time
// real, the simulation stood at sim and ran at speed simulated seconds per
// real second.
type simAnchor struct {
	sim   time.Time
	real  time.Time
	speed float64
}

// at extrapolates the simulation time at real time now; elapsed time never
// counts negative.
func (a simAnchor) at(now time.Time) time.Time {
	elapsed := now.Sub(a.real)
	if a.real.IsZero() || elapsed < 0 {
		elapsed = 0
	}
	return a.sim.Add(time.Duration(float64(elapsed) * a.speed))
}

// simBackJump is how far behind the running estimate a new reading of the
// simulation clock must be, at least, to count as a reset of the clock (a
// new database, a restarted simulation) rather than jitter of fetch
// latency or a clock that paused while its server was down: smaller steps
// back are absorbed, so countdowns never run backwards. At high speeds
// the estimate can run further ahead (see simAhead), and the bound grows
// with it.
const simBackJump = 10 * time.Minute

// simHorizon is how many intervals of its source the clock is
// extrapolated past the source's last answer while the source keeps
// answering: the normal lag of polling. Past it, and at once while the
// source fails or the API cannot be reached, the clock stands still at
// the last answer (D10: the countdowns of last-good data do not tick on
// while nothing confirms them, only to jump back when the server, whose
// clock paused, answers again).
const simHorizon = 2

// simSource returns when the clock's source last answered, its interval,
// and whether it is failing now.
func (c *common) simSource() (fetched time.Time, interval time.Duration, failing bool) {
	switch c.simSrc {
	case simFromHealth:
		h := c.state.Health
		fetched, interval, failing = h.FetchedAt, h.Interval, h.Failures > 0
	case simFromAlerts:
		a := c.state.Alerts
		fetched, interval, failing = a.FetchedAt, a.Interval, a.Failures > 0
	}
	if interval <= 0 {
		interval = client.DefaultHealthInterval
	}
	return fetched, interval, failing || c.offline.down
}

// simLimit is the real time past which the clock is not extrapolated (see
// simHorizon); zero when there is no limit (no reading: the real clock).
func (c *common) simLimit() time.Time {
	if c.simSrc == simFromNone {
		return time.Time{}
	}
	fetched, interval, failing := c.simSource()
	if failing || fetched.IsZero() {
		return fetched
	}
	return fetched.Add(simHorizon * interval)
}

// simFrozen reports whether the clock stands still at real time now.
func (c *common) simFrozen(now time.Time) bool {
	lim := c.simLimit()
	return !lim.IsZero() && !now.Before(lim)
}

// simAhead is how far the estimate can run ahead of a server whose clock
// stopped: the extrapolation horizon at the clock's speed.
func (c *common) simAhead() time.Duration {
	_, interval, _ := c.simSource()
	return time.Duration(float64(simHorizon*interval) * max(c.simAt.speed, 0))
}

// anchorSim takes the simulation clock from a new state. /health carries
// the clock (sim_time and sim_speed, as of Health.FetchedAt); alert sets
// carry as_of, which a 304 may confirm up to an hour of simulated time
// late (see casesim/server), so as_of is only the fallback when /health
// never answered. A reading re-anchors only when its time changed: a body
// confirmed again by a 304 keeps the anchor of its first fetch, whose
// FetchedAt matched it.
func (c *common) anchorSim(s client.State) {
	h := s.Health
	switch {
	case h.HasData && !h.Data.SimTime.IsZero():
		if c.simSrc != simFromHealth || !h.Data.SimTime.Equal(c.simAt.sim) || h.Data.SimSpeed != c.simAt.speed {
			c.simAt = simAnchor{sim: h.Data.SimTime, real: h.FetchedAt, speed: h.Data.SimSpeed}
			c.simSrc = simFromHealth
		}
	case s.Alerts.HasData && !s.Alerts.Data.AsOf.IsZero():
		speed := s.Alerts.Data.SimSpeed
		if speed <= 0 {
			speed = 1 // unknown without /health: a real system's clock
		}
		if c.simSrc != simFromAlerts || !s.Alerts.Data.AsOf.Equal(c.simAt.sim) {
			c.simAt = simAnchor{sim: s.Alerts.Data.AsOf, real: s.Alerts.FetchedAt, speed: speed}
			c.simSrc = simFromAlerts
		}
		c.simAt.speed = speed
	}
}

// Sources of the simulation clock.
const (
	simFromNone = iota
	simFromHealth
	simFromAlerts
)

// simNow estimates the simulation's current time for local countdowns
// between polls (see anchorSim), up to simHorizon intervals past its
// source's last answer and not past it while the source fails. Without any
// reading it is the real clock. It never runs behind a time it already
// showed (see simFloor), unless the clock was reset.
func (c *common) simNow() time.Time {
	if c.simSrc == simFromNone {
		return c.now()
	}
	now := c.now()
	if lim := c.simLimit(); !lim.IsZero() && now.After(lim) {
		now = lim
	}
	t := c.simAt.at(now)
	if t.Before(c.simFloor) && c.simFloor.Sub(t) < max(simBackJump, 2*c.simAhead()) {
		return c.simFloor
	}
	return t
}

// holdSim records the simulation time shown after an update, the floor of
// the next estimates.
func (c *common) holdSim() {
	if c.simSrc != simFromNone {
		c.simFloor = c.simNow()
	}
}
