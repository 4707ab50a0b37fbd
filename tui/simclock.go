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
// simulation clock must be to count as a reset of the clock (a new
// database, a restarted simulation) rather than jitter of fetch latency:
// smaller steps back are absorbed, so countdowns never run backwards.
const simBackJump = 10 * time.Minute

// anchorSim takes the simulation clock from a new state. /health carries
// the clock (sim_time and sim_speed, as of Health.FetchedAt); alert sets
// carry as_of, which a 304 may confirm up to an hour of simulated time
// late (see casesim/server), so as_of is only the fallback when /health
// never answered. A reading re-anchors only when its time changed: a body
// confirmed again by a 304 keeps the anchor of its first fetch, whose
// FetchedAt matched it.
func (m *model) anchorSim(s client.State) {
	h := s.Health
	switch {
	case h.HasData && !h.Data.SimTime.IsZero():
		if m.simSrc != simFromHealth || !h.Data.SimTime.Equal(m.simAt.sim) || h.Data.SimSpeed != m.simAt.speed {
			m.simAt = simAnchor{sim: h.Data.SimTime, real: h.FetchedAt, speed: h.Data.SimSpeed}
			m.simSrc = simFromHealth
		}
	case s.Alerts.HasData && !s.Alerts.Data.AsOf.IsZero():
		speed := s.Alerts.Data.SimSpeed
		if speed <= 0 {
			speed = 1 // unknown without /health: a real system's clock
		}
		if m.simSrc != simFromAlerts || !s.Alerts.Data.AsOf.Equal(m.simAt.sim) {
			m.simAt = simAnchor{sim: s.Alerts.Data.AsOf, real: s.Alerts.FetchedAt, speed: speed}
			m.simSrc = simFromAlerts
		}
		m.simAt.speed = speed
	}
}

// Sources of the simulation clock.
const (
	simFromNone = iota
	simFromHealth
	simFromAlerts
)

// simNow estimates the simulation's current time for local countdowns
// between polls (see anchorSim). Without any reading it is the real
// clock. It never runs behind a time it already showed (see simFloor),
// unless the clock was reset.
func (m *model) simNow() time.Time {
	if m.simSrc == simFromNone {
		return m.now()
	}
	t := m.simAt.at(m.now())
	if t.Before(m.simFloor) && m.simFloor.Sub(t) < simBackJump {
		return m.simFloor
	}
	return t
}

// holdSim records the simulation time shown after an update, the floor of
// the next estimates.
func (m *model) holdSim() {
	if m.simSrc != simFromNone {
		m.simFloor = m.simNow()
	}
}
