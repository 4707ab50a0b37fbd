package tui

import (
	"math"
	"time"

	"github.com/casewatch/casewatch/api"
)

// The clock's schedule: when can what the screen shows change by the
// passage of time alone? Each part of the screen that draws a time says
// when its text next differs from the text it shows now, and the clock
// ticks at the earliest of those moments (see ticker). Everything here is
// arithmetic on the model's state, cheap enough to redo after every
// message: no IO, nothing drawn.

// tickSlack is how much later than the earliest change the tick may come
// to show, in one repaint, the changes that follow closely: a countdown
// due on the minute changes a nanosecond after the clock does.
const tickSlack = 10 * time.Millisecond

// changes collects the moments something on screen changes; the zero time
// is "never". Its slice is reused from one schedule to the next.
type changes struct{ ts []time.Time }

// at offers moment t.
func (c *changes) at(t time.Time) {
	if !t.IsZero() {
		c.ts = append(c.ts, t)
	}
}

// pick returns the earliest moment offered and the latest within slack of
// it; zero times when none was.
func (c *changes) pick(slack time.Duration) (first, last time.Time) {
	for _, t := range c.ts {
		if first.IsZero() || t.Before(first) {
			first = t
		}
	}
	last = first
	for _, t := range c.ts {
		if t.After(last) && !t.After(first.Add(slack)) {
			last = t
		}
	}
	return first, last
}

// nextChange returns when the clock should tick next: the first moment
// after now at which the screen can differ from the screen at now (or,
// when more changes follow within tickSlack, the last of those), or the
// zero time when nothing on it depends on time. It considers what is on
// screen:
//   - the clock (HH:MM, in the header and on a wall's strip);
//   - the data ages of the header and the panels: live (刚刚) until two
//     intervals, then an age, STALE past three intervals (with the wall's
//     alarm banner);
//   - the API-unreachable banner's countdown to the next try;
//   - a wall display's rotation, the end of a pin (and the minutes of its
//     countdown), and the simulation day its due-today count is of;
//   - the countdowns and ages of the alert rows on screen and of the case
//     on screen, which run on the simulation clock: at speed 0 they never
//     change, at speed 1 once a real minute, at speed 1440 every 1/24 s.
func (m *model) nextChange(now time.Time) time.Time {
	next, sim := &m.sched[0], &m.sched[1]
	next.ts, sim.ts = next.ts[:0], sim.ts[:0]
	next.at(now.Truncate(time.Minute).Add(time.Minute))
	alerts := m.panelFresh(&m.common, panelAlerts)
	freshNext(alerts, now, next)
	freshNext(m.panelFresh(&m.common, panelIndicators), now, next)
	freshNext(m.panelFresh(&m.common, panelCoverage), now, next)
	if o := m.offline; o.active {
		if !o.next.IsZero() {
			next.at(downNext(now, o.next.Sub(now)))
		}
		if m.wall.on && alerts.has && !alerts.at.IsZero() {
			next.at(now.Add(ageUp(now.Sub(alerts.at)))) // the alarm gives the alerts' age
		}
	}
	simNow := m.simNow()
	if m.wall.on {
		m.wall.next(now, next)
		y, mo, d := simNow.Date()
		sim.at(time.Date(y, mo, d+1, 0, 0, 0, 0, simNow.Location())) // due today counts another day
	}
	switch {
	case m.showHelp:
	case !m.wall.on:
		m.top().next(&m.common, simNow, sim)
		m.headerClockNext(simNow, sim)
	case m.wall.panel() == panelAlerts && m.state.Alerts.HasData:
		m.alerts.next(simNow, sim)
	}
	if speed := m.simSpeed(); speed > 0 {
		first, last := sim.pick(time.Duration(float64(tickSlack) * speed))
		next.at(m.realAt(first, now))
		next.at(m.realAt(last, now))
	}
	first, last := next.pick(tickSlack)
	m.schedFirst = first
	return last
}

// next offers the moments a wall display changes: the rotation to the
// next panel, the end of the quiet round when alerts wait to be pinned,
// and while pinned each step of the pin banner's countdown (minutes, then
// ten seconds in the last minute) and the pin's end.
func (ws *wallState) next(now time.Time, next *changes) {
	switch {
	case ws.pinned != nil:
		next.at(pinTextNext(now, ws.pinUntil))
	case len(ws.order) > 1:
		next.at(ws.since.Add(ws.interval))
	}
	if ws.pinned == nil && len(ws.waiting) > 0 {
		next.at(ws.quietUntil) // the waiting alerts' pin
	}
}

// next offers the simulation times at which a countdown (due) or an age of
// the alert rows on screen changes.
func (p *alertsPanel) next(sim time.Time, next *changes) {
	t := &p.table
	due, age := t.Shown(acDue), t.Shown(acAge)
	if !due && !age {
		return
	}
	end := min(t.Offset()+t.Height(), len(p.rows))
	for i := t.Offset(); i < end; i++ {
		a := p.alertAt(i)
		if a == nil {
			continue // a group header
		}
		if due {
			next.at(spanNext(a.DueAt(), sim))
		}
		if age {
			next.at(sim.Add(ageUp(sim.Sub(a.DetectedAt()))))
		}
	}
}

// next offers the simulation times at which a countdown of the case on
// screen changes: its alerts' and its running deadlines'.
func (v *caseView) next(_ *common, sim time.Time, next *changes) {
	c := v.data
	if c == nil {
		return
	}
	for i := range c.Alerts {
		next.at(spanNext(c.Alerts[i].DueAt, sim))
	}
	for _, dl := range c.Deadlines {
		if dl.Status != api.DeadlineMet && dl.Status != api.DeadlineMetLate {
			next.at(spanNext(dl.DueAt, sim))
		}
	}
	for i := range c.Notices { // their reply countdowns (notices_marks.go)
		if n := &c.Notices[i]; n.Status == api.NoticeIssued || n.Status == api.NoticeOverdue {
			next.at(spanNext(n.DueAt, sim))
		}
	}
}

// simSpeed is how many simulated seconds pass in a real second; 0 when
// the simulation is frozen.
func (c *common) simSpeed() float64 {
	switch {
	case c.simSrc == simFromNone:
		return 1 // the real clock
	case c.simAt.real.IsZero(), c.simFrozen(c.now()):
		return 0
	}
	return max(c.simAt.speed, 0)
}

// realAt returns the real time at which the simulation clock (see simNow)
// reaches sim, a time after the one it shows, when it runs (simSpeed > 0);
// the zero time for a zero sim.
func (c *common) realAt(sim, now time.Time) time.Time {
	if sim.IsZero() || c.simSrc == simFromNone {
		return sim
	}
	a := c.simAt
	r := a.real.Add(time.Duration(math.Ceil(float64(sim.Sub(a.sim)) / a.speed)))
	// The division rounds; step on to the first instant the estimate
	// really reaches sim.
	for step := time.Duration(1); a.at(r).Before(sim) && step < time.Second; step *= 2 {
		r = r.Add(step)
	}
	if r.Before(now) {
		return now
	}
	return r
}

// freshNext offers when the age text of a data set (see ageText) changes:
// live turns into an age past two intervals and STALE past three, and an
// age shown changes with its unit (every second below a minute).
func freshNext(f freshness, now time.Time, next *changes) {
	if !f.has || f.at.IsZero() {
		return
	}
	if f.interval > 0 && !f.stale {
		next.at(f.at.Add(staleFactor*f.interval + 1)) // the first instant past
	}
	if f.interval > 0 && !f.stale && !f.failing && f.age <= liveFactor*f.interval {
		next.at(f.at.Add(liveFactor*f.interval + 1)) // live until then
	} else {
		next.at(now.Add(ageUp(now.Sub(f.at))))
	}
}

// ageUnit is the unit i18n.Catalog.Age shows d in.
func ageUnit(d time.Duration) time.Duration {
	switch {
	case d < time.Minute:
		return time.Second
	case d < time.Hour:
		return time.Minute
	case d < 24*time.Hour:
		return time.Hour
	}
	return 24 * time.Hour
}

// ageUp returns how long until Catalog.Age's text of an age d that grows
// with time changes: when d reaches the next whole unit. A negative d
// reads 0 until it reaches a second.
func ageUp(d time.Duration) time.Duration {
	if d < 0 {
		return time.Second - d
	}
	u := ageUnit(d)
	return d.Truncate(u) + u - d
}

// downNext returns when Catalog.Age's text of a duration d that shrinks
// with time (a countdown) changes: the first instant d falls below its
// whole units. Below a second it reads 0 for good: never.
func downNext(now time.Time, d time.Duration) time.Time {
	if d < time.Second {
		return time.Time{}
	}
	return now.Add(d - d.Truncate(ageUnit(d)) + 1)
}

// spanUnit is the finest unit Catalog.Span shows d in: hours from a day
// up, minutes below.
func spanUnit(d time.Duration) time.Duration {
	if d >= 24*time.Hour {
		return time.Hour
	}
	return time.Minute
}

// spanNext returns the simulation time after sim at which dueText(due,
// sim) changes: a countdown ("剩 05时12分") changes the instant the time
// left falls below its whole units, and turns overdue ("超") the instant
// after due; an overdue count grows by whole units.
func spanNext(due, sim time.Time) time.Time {
	if due.IsZero() {
		return time.Time{}
	}
	if d := due.Sub(sim); d >= 0 {
		return due.Add(-d.Truncate(spanUnit(d)) + 1)
	}
	over := sim.Sub(due)
	u := spanUnit(over)
	return due.Add(over.Truncate(u) + u)
}
