package tui

import (
	"time"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/theme"
)

// staleFactor is how many polling intervals old data may be before it is
// called STALE.
const staleFactor = 3

// liveFactor is how many polling intervals old data may be and still be
// called live (刚刚): the normal lag of polling.
const liveFactor = 2

// freshness is what the screen says about one data set's age.
type freshness struct {
	has      bool
	at       time.Time // when it was fetched (zero when unknown)
	age      time.Duration
	stale    bool
	failing  bool
	interval time.Duration
}

// fresh computes the freshness of a snapshot's metadata, with fallback as
// the interval when the snapshot carries none.
func (m *model) fresh(has bool, fetched time.Time, interval, fallback time.Duration, failures int) freshness {
	if interval <= 0 {
		interval = fallback
	}
	f := freshness{has: has, interval: interval, failing: failures > 0}
	if !has || fetched.IsZero() {
		return f
	}
	f.at = fetched
	f.age = max(m.now().Sub(fetched), 0)
	f.stale = interval > 0 && f.age > staleFactor*interval
	return f
}

// alertsFresh returns the freshness of the alerts.
func (m *model) alertsFresh() freshness {
	s := m.state.Alerts
	return m.fresh(s.HasData, s.FetchedAt, s.Interval, m.opts.AlertsInterval, s.Failures)
}

// indicatorsFresh returns the freshness of the scope's indicators.
func (m *model) indicatorsFresh() freshness {
	s := m.inds.snap
	return m.fresh(s.HasData, s.FetchedAt, s.Interval, m.opts.IndicatorsInterval, s.Failures)
}

// coverageFresh returns the freshness of the scope's coverage.
func (m *model) coverageFresh() freshness {
	s := m.cov.snap
	return m.fresh(s.HasData, s.FetchedAt, s.Interval, m.opts.CoverageInterval, s.Failures)
}

// ageText says how old data is: "12秒", "STALE 5分" or "无数据", with its ink.
func (m *model) ageText(f freshness) (string, theme.Ink) {
	switch {
	case !f.has:
		return m.cat.T("age.none"), m.styles.Muted
	case f.stale:
		return m.cat.F("stale", m.cat.Age(f.age)), m.styles.Stale
	case f.failing:
		return m.cat.Age(f.age) + " " + m.cat.T("offline.mark"), m.styles.Warning
	}
	if f.interval > 0 && f.age <= liveFactor*f.interval {
		// Within two polls of its interval the data is as fresh as polling
		// makes it: say so without a seconds count that would repaint the
		// screen every second.
		return m.cat.T("age.live"), m.styles.Muted
	}
	return m.cat.Age(f.age), m.styles.Muted
}

// offlineInfo says whether the API is unreachable, since when and when the
// poller tries again.
type offlineInfo struct {
	active bool
	since  time.Time
	next   time.Time
	err    string
}

// computeOffline derives the banner from the health and alert snapshots:
// the API counts as unreachable while either keeps failing.
func computeOffline(s client.State) offlineInfo {
	var o offlineInfo
	consider := func(failures int, err error, since, next time.Time) {
		if failures <= 0 || err == nil {
			return
		}
		if !o.active || (!since.IsZero() && since.Before(o.since)) {
			o.since = since
		}
		if !o.active || (!next.IsZero() && (o.next.IsZero() || next.Before(o.next))) {
			o.next = next
		}
		if o.err == "" {
			o.err = err.Error()
		}
		o.active = true
	}
	consider(s.Health.Failures, s.Health.Err, s.Health.FailingSince, s.Health.NextAttempt)
	consider(s.Alerts.Failures, s.Alerts.Err, s.Alerts.FailingSince, s.Alerts.NextAttempt)
	return o
}

// bannerText is the API-unreachable banner.
func (m *model) bannerText() string {
	o := m.offline
	since := "—"
	if !o.since.IsZero() {
		since = o.since.In(m.now().Location()).Format("15:04:05")
	}
	next, in := "—", "—"
	if !o.next.IsZero() {
		next = o.next.In(m.now().Location()).Format("15:04:05")
		in = m.cat.Age(o.next.Sub(m.now()))
	}
	txt := m.cat.F("offline.banner", since, next, in)
	if o.err != "" {
		txt += " · " + clean(o.err)
	}
	return txt
}
