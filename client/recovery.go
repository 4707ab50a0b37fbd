package client

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/casewatch/casewatch/api"
)

// The poller's recovery rules (see Poller): how long a failing data set
// waits, when the API counts as unreachable, and what its return triggers.
// Everything here runs on the scheduler goroutine.

// retryAt is when task t tries again after its latest failure, err, at
// now: after the doubling backoff, capped at the data set's own interval
// (for /health, the probing interval) and at MaxBackoff; later only when
// the server asked for it with Retry-After (notBefore, zero without one).
// A probe of /health that timed out already waited its interval: the
// next one starts at once.
func (p *Poller) retryAt(t *task, err error, now time.Time) (next, notBefore time.Time) {
	limit := t.interval
	if t.kind == dsHealth {
		limit = p.probe
	}
	limit = min(limit, p.opts.MaxBackoff)
	d := backoffDelay(t.failures, min(p.opts.MinBackoff, limit), limit)
	next = now.Add(d)
	if t.kind == dsHealth && CodeOf(err) == CodeTimeout {
		next = t.started.Add(d)
		if next.Before(now) {
			next = now
		}
	}
	if ra := RetryAfterOf(err); ra > 0 {
		notBefore = now.Add(ra)
		if notBefore.After(next) {
			next = notBefore
		}
	}
	return next, notBefore
}

// hasSlot reports whether task t may start now: health, units and alerts
// always may; a per-unit data set within the concurrency.
func (p *Poller) hasSlot(t *task) bool { return t.unit == "" || p.inflight < p.opts.Concurrency }

// parked reports whether task t waits for /health to answer before it
// polls again: every data set does while the API is unreachable.
func (p *Poller) parked(t *task) bool { return p.down && t.kind != dsHealth }

// linkNews draws the consequences of task t's latest result (err, at):
// whether the API is reachable, and which data sets to poll at once.
// recovered says the result is a success after failures (or /health's
// first answer after the API was unreachable).
func (p *Poller) linkNews(t *task, err error, at time.Time, recovered bool) {
	switch {
	case t.kind == dsHealth && err != nil:
		p.down = IsUnreachable(err)
		return
	case t.kind == dsHealth && p.down:
		// The API answers again: refresh every data set at once.
		p.down = false
		p.dueNow(at, func(*task) bool { return true })
		return
	case err != nil && IsUnreachable(err) && !p.down:
		// A data set could not reach the API: ask /health now, so that
		// the others wait (or go on) at once.
		p.dueNow(at, func(x *task) bool { return x.kind == dsHealth })
		return
	}
	if recovered {
		// The API answers again: retry every other failing data set now.
		p.dueNow(at, func(x *task) bool { return x.failures > 0 })
	}
}

// dueNow makes the idle tasks that match due at now, unless the server
// asked them to wait longer (Retry-After).
func (p *Poller) dueNow(now time.Time, match func(*task) bool) {
	for _, t := range p.tasks {
		if t.inFlight || t.removed || !match(t) || !t.next.After(now) {
			continue
		}
		t.next = now
		if t.notBefore.After(now) {
			t.next = t.notBefore
		}
	}
}

// handleAttempt publishes an attempt that timed out while its call goes
// on: the data set is failing now, not only once every retry is spent.
func (p *Poller) handleAttempt(ev attemptEvent) {
	t := ev.t
	if !t.inFlight || t.removed {
		return
	}
	since := t.failingSince
	if since.IsZero() {
		since = ev.at
	}
	n := t.failures + 1
	switch t.kind {
	case dsHealth:
		p.st.Health = failing(p.st.Health, ev.err, n, since, ev.at)
		p.down = true
	case dsUnits:
		p.st.Units = failing(p.st.Units, ev.err, n, since, ev.at)
	case dsAlerts:
		p.st.Alerts = failing(p.st.Alerts, ev.err, n, since, ev.at)
	case dsIndicators:
		p.st.Indicators = failingUnits(p.st.Indicators, t, ev.err, n, since, ev.at)
	case dsCovDept:
		p.st.CoverageByDept = failingUnits(p.st.CoverageByDept, t, ev.err, n, since, ev.at)
	case dsCovPerson:
		p.st.CoverageByPerson = failingUnits(p.st.CoverageByPerson, t, ev.err, n, since, ev.at)
	}
	if t.kind != dsHealth && !p.down {
		p.dueNow(ev.at, func(x *task) bool { return x.kind == dsHealth })
	}
}

// failingUnits marks the feed of task t's unit as failing (see failing),
// or every unit's feed when t asks for every unit at once.
func failingUnits[T any](m map[string]Feed[T], t *task, err error, n int, since, now time.Time) map[string]Feed[T] {
	m = maps.Clone(m)
	if !t.all {
		m[t.unit] = failing(m[t.unit], err, n, since, now)
		return m
	}
	for k, f := range m {
		m[k] = failing(f, err, n, since, now)
	}
	return m
}

// failing marks a feed as failing with err (its n-th consecutive
// failure, the run begun at since), its call retrying at once; its data
// stays.
func failing[T any](s Feed[T], err error, n int, since, now time.Time) Feed[T] {
	s.Err, s.Failures, s.FailingSince, s.NextAttempt = err, n, since, now
	return s
}

// probeHealth asks GET /health; a probe (while the API is unreachable)
// gives up after the probing interval, so that a server that accepts and
// then hangs is asked again every interval rather than every timeout.
func (p *Poller) probeHealth(ctx context.Context, probe bool) (*api.Health, bool, error) {
	if !probe {
		return get(ctx, p.c, "/health", nil, true, decodeHealth)
	}
	pctx, cancel := context.WithTimeout(ctx, p.probe)
	defer cancel()
	v, fresh, err := get(pctx, p.c, "/health", nil, true, decodeHealth)
	if err != nil && pctx.Err() != nil && ctx.Err() == nil {
		err = &Error{Kind: KindTimeout, code: CodeTimeout, Path: "/health", err: err,
			msg: fmt.Sprintf("no answer from /health within %s", durString(p.probe))}
	}
	return v, fresh, err
}
