package tui

import (
	"strings"
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
	failing  bool // its fetches fail, or the API cannot be reached
	down     bool // the API cannot be reached (offline, not merely failing)
	interval time.Duration
}

// fresh computes the freshness of a feed's metadata; its interval (the
// poller's, which every feed carries) is the yardstick of STALE. While the
// API cannot be reached, every data set is failing, whether or not its own
// poll has failed yet.
func (m *model) fresh(has bool, fetched time.Time, interval time.Duration, failures int, err error) freshness {
	own := failures > 0 && err != nil
	f := freshness{has: has, interval: interval, failing: own || m.offline.down,
		down: m.offline.down || (own && client.IsUnreachable(err))}
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
	return m.fresh(s.HasData, s.FetchedAt, s.Interval, s.Failures, s.Err)
}

// indicatorsFresh returns the freshness of the scope's indicators.
func (m *model) indicatorsFresh() freshness {
	s := m.inds.snap
	return m.fresh(s.HasData, s.FetchedAt, s.Interval, s.Failures, s.Err)
}

// coverageFresh returns the freshness of the scope's coverage.
func (m *model) coverageFresh() freshness {
	s := m.cov.snap
	return m.fresh(s.HasData, s.FetchedAt, s.Interval, s.Failures, s.Err)
}

// ageText says how old data is: "刚刚", "12秒", "12秒 离线", "过时 5分" or
// "无数据", with its ink. Data whose fetches fail is never live: it shows
// its true age and why (离线 when the API cannot be reached, 出错 when
// it answers badly).
func (m *model) ageText(f freshness) (string, theme.Ink) {
	txt, mark, ink := m.ageParts(f)
	if mark != "" {
		txt += " " + mark
	}
	return txt, ink
}

// ageParts is ageText in two parts: the age and the mark of a failing
// data set ("" when it is not failing).
func (m *model) ageParts(f freshness) (txt, mark string, ink theme.Ink) {
	switch {
	case f.down:
		mark = m.cat.T("offline.mark")
	case f.failing:
		mark = m.cat.T("link.failing")
	}
	switch {
	case !f.has && mark != "":
		return m.cat.T("age.none"), mark, m.styles.Warning
	case !f.has:
		return m.cat.T("age.none"), "", m.styles.Muted
	case f.stale:
		return m.cat.F("stale", m.cat.Age(f.age)), mark, m.styles.Stale
	case f.failing:
		return m.cat.Age(f.age), mark, m.styles.Warning
	}
	if f.interval > 0 && f.age <= liveFactor*f.interval {
		// Within two polls of its interval the data is as fresh as polling
		// makes it: say so without a seconds count that would repaint the
		// screen every second.
		return m.cat.T("age.live"), "", m.styles.Muted
	}
	return m.cat.Age(f.age), "", m.styles.Muted
}

// offlineInfo says whether the case system fails the dashboard (the
// banner), whether it cannot be reached at all, since when and when the
// poller tries again.
type offlineInfo struct {
	active bool
	down   bool // unreachable: every panel is offline
	since  time.Time
	next   time.Time
	fail   failure // the failure the banner names
}

// failure is an error as the screen names it, in comparable form: its
// code, HTTP status and English message.
type failure struct {
	code   client.Code
	status int
	detail string
}

// failureOf reduces err to a failure; the zero failure for nil.
func failureOf(err error) failure {
	if err == nil {
		return failure{}
	}
	return failure{code: client.CodeOf(err), status: client.StatusOf(err), detail: errLine(err)}
}

// linkState is the failure metadata of one snapshot.
type linkState struct {
	failures    int
	err         error
	since, next time.Time
}

func linkOf[T any](s client.Feed[T]) linkState {
	return linkState{failures: s.Failures, err: s.Err, since: s.FailingSince, next: s.NextAttempt}
}

// computeOffline derives the banner from the health and alert snapshots
// and those of the panels on screen (more): the banner shows while any
// keeps failing, naming the first failure of /health, the alerts, then
// the others. The API counts as unreachable while /health fails, or while
// the alerts fail to reach it (refused, reset, timed out…).
func computeOffline(s client.State, more ...linkState) offlineInfo {
	var o offlineInfo
	consider := func(failures int, err error, since, next time.Time) {
		if failures <= 0 || err == nil {
			return
		}
		if !o.active || (!since.IsZero() && since.Before(o.since)) {
			o.since = since
		}
		// While /health fails, the data sets wait for it: its next probe
		// is the next try.
		healthFails := s.Health.Failures > 0 && s.Health.Err != nil
		if !o.active || (!healthFails && !next.IsZero() && (o.next.IsZero() || next.Before(o.next))) {
			o.next = next
		}
		if o.fail.code == "" {
			o.fail = failureOf(err)
		}
		o.active = true
	}
	consider(s.Health.Failures, s.Health.Err, s.Health.FailingSince, s.Health.NextAttempt)
	consider(s.Alerts.Failures, s.Alerts.Err, s.Alerts.FailingSince, s.Alerts.NextAttempt)
	for _, l := range more {
		consider(l.failures, l.err, l.since, l.next)
	}
	o.down = (s.Health.Failures > 0 && s.Health.Err != nil) ||
		(s.Alerts.Failures > 0 && client.IsUnreachable(s.Alerts.Err))
	return o
}

// failText names the kind of a failure in the UI language ("连接被拒绝"),
// without the English detail of the error (see failDetail).
func (m *model) failText(f failure) string {
	if f.code == "" {
		return ""
	}
	key := "fail." + string(f.code)
	switch {
	case f.code == client.CodeUnknown || !m.cat.Has(key):
		// Not an error of the client: its own words are all there is.
		return m.cat.T("fail.unknown") + m.cat.F("paren", f.detail)
	case f.code == client.CodeServerError || f.code == client.CodeStatus:
		return m.cat.F(key, f.status)
	}
	return m.cat.T(key)
}

// failDetail is the error's own message, the detail for a secondary place
// (a muted line under a panel's failure, the help screen).
func (m *model) failDetail(f failure) string {
	if f.code == "" {
		return ""
	}
	return m.cat.F("link.detail", f.detail)
}

// clockText is a time of day on the banner: HH:MM:SS today, with the date
// otherwise.
func (m *model) clockText(t time.Time) string {
	now := m.now()
	t = t.In(now.Location())
	if y, mo, d := t.Date(); y == now.Year() && mo == now.Month() && d == now.Day() {
		return t.Format("15:04:05")
	}
	return t.Format("01-02 15:04:05")
}

// bannerText is the connection banner: what fails, since when, when the
// next try is, and the age of the data on screen (or that there is none).
func (m *model) bannerText() string {
	o := m.offline
	now := m.now()
	parts := []string{m.failText(o.fail)}
	if !o.since.IsZero() {
		parts = append(parts, m.cat.F("link.since", m.clockText(o.since)))
	}
	switch {
	case o.next.IsZero():
	case o.next.Sub(now) < time.Second:
		parts = append(parts, m.cat.T("link.now"))
	default:
		parts = append(parts, m.cat.F("link.next", m.clockText(o.next), m.cat.Age(o.next.Sub(now))))
	}
	if a := m.state.Alerts; a.HasData && !a.FetchedAt.IsZero() {
		parts = append(parts, m.cat.F("link.kept", m.clockText(a.FetchedAt)))
	} else {
		parts = append(parts, m.cat.T("link.nodata"))
	}
	return strings.Join(parts, " · ")
}

// waitLines is the body of a panel without data: loading, or why it
// failed (its own failure, or the API's when it cannot be reached) with
// the error's detail on a muted second line.
func (m *model) waitLines(err error) []string {
	f := failureOf(err)
	if err == nil && m.offline.down {
		f = m.offline.fail
	}
	if f.code == "" {
		return []string{m.styles.Muted.Render(m.cat.T("loading"))}
	}
	return []string{m.styles.Muted.Render(m.cat.F("err.fetch", m.failText(f))), m.styles.Muted.Render(m.failDetail(f))}
}
