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

// freshOf computes the freshness of a feed; its interval (the poller's,
// which every feed carries) is the yardstick of STALE. While the API cannot
// be reached, every data set is failing, whether or not its own poll has
// failed yet.
func freshOf[T any](c *common, s client.Feed[T]) freshness {
	own := s.Failures > 0 && s.Err != nil
	f := freshness{has: s.HasData, interval: s.Interval, failing: own || c.offline.down,
		down: c.offline.down || (own && client.IsUnreachable(s.Err))}
	if !s.HasData || s.FetchedAt.IsZero() {
		return f
	}
	f.at = s.FetchedAt
	f.age = max(c.now().Sub(s.FetchedAt), 0)
	f.stale = s.Interval > 0 && f.age > staleFactor*s.Interval
	return f
}

// ageText says how old data is: "刚刚", "12秒", "12秒 离线", "过时 5分" or
// "无数据", with its ink. Data whose fetches fail is never live: it shows
// its true age and why (离线 when the API cannot be reached, 出错 when
// it answers badly).
func (c *common) ageText(f freshness) (string, theme.Ink) {
	txt, mark, ink := c.ageParts(f)
	if mark != "" {
		txt += " " + mark
	}
	return txt, ink
}

// ageParts is ageText in two parts: the age and the mark of a failing
// data set ("" when it is not failing).
func (c *common) ageParts(f freshness) (txt, mark string, ink theme.Ink) {
	switch {
	case f.down:
		mark = c.cat.T("offline.mark")
	case f.failing:
		mark = c.cat.T("link.failing")
	}
	switch {
	case !f.has && mark != "":
		return c.cat.T("age.none"), mark, c.styles.Warning
	case !f.has:
		return c.cat.T("age.none"), "", c.styles.Muted
	case f.stale:
		return c.cat.F("stale", c.cat.Age(f.age)), mark, c.styles.Stale
	case f.failing:
		return c.cat.Age(f.age), mark, c.styles.Warning
	}
	if f.interval > 0 && f.age <= liveFactor*f.interval {
		// Within two polls of its interval the data is as fresh as polling
		// makes it: say so without a seconds count that would repaint the
		// screen every second.
		return c.cat.T("age.live"), "", c.styles.Muted
	}
	return c.cat.Age(f.age), "", c.styles.Muted
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
func (c *common) failText(f failure) string {
	if f.code == "" {
		return ""
	}
	key := "fail." + string(f.code)
	switch {
	case f.code == client.CodeUnknown || !c.cat.Has(key):
		// Not an error of the client: its own words are all there is.
		return c.cat.T("fail.unknown") + c.cat.F("paren", f.detail)
	case f.code == client.CodeServerError || f.code == client.CodeStatus:
		return c.cat.F(key, f.status)
	}
	return c.cat.T(key)
}

// failDetail is the error's own message, the detail for a secondary place
// (a muted line under a panel's failure, the help screen).
func (c *common) failDetail(f failure) string {
	if f.code == "" {
		return ""
	}
	return c.cat.F("link.detail", f.detail)
}

// clockText is a time of day on the banner: HH:MM:SS today, with the date
// otherwise.
func (c *common) clockText(t time.Time) string {
	now := c.zoneNow()
	t = t.In(now.Location())
	if y, mo, d := t.Date(); y == now.Year() && mo == now.Month() && d == now.Day() {
		return t.Format("15:04:05")
	}
	return t.Format("01-02 15:04:05")
}

// bannerText is the connection banner: what fails, since when, when the
// next try is, and the age of the data on screen (or that there is none).
func (c *common) bannerText() string {
	o := c.offline
	now := c.now()
	parts := []string{c.failText(o.fail)}
	if !o.since.IsZero() {
		parts = append(parts, c.cat.F("link.since", c.clockText(o.since)))
	}
	switch {
	case o.next.IsZero():
	case o.next.Sub(now) < time.Second:
		parts = append(parts, c.cat.T("link.now"))
	default:
		parts = append(parts, c.cat.F("link.next", c.clockText(o.next), c.cat.Age(o.next.Sub(now))))
	}
	if a := c.state.Alerts; a.HasData && !a.FetchedAt.IsZero() {
		parts = append(parts, c.cat.F("link.kept", c.clockText(a.FetchedAt)))
	} else {
		parts = append(parts, c.cat.T("link.nodata"))
	}
	return strings.Join(parts, " · ")
}

// waitLines is the body of a panel without data: loading, or why it
// failed (its own failure, or the API's when it cannot be reached) with
// the error's detail on a muted second line.
func (c *common) waitLines(err error) []string {
	f := failureOf(err)
	if err == nil && c.offline.down {
		f = c.offline.fail
	}
	if f.code == "" {
		return []string{c.styles.Muted.Render(c.cat.T("loading"))}
	}
	return []string{c.styles.Muted.Render(c.cat.F("err.fetch", c.failText(f))), c.styles.Muted.Render(c.failDetail(f))}
}
