package metrics

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/casewatch/casewatch/client"
)

// StateSource is what the casewatch metrics read at each scrape: the
// poller's latest State (client.Poller satisfies it).
type StateSource interface {
	Current() client.State
}

// Freshness: a data set is fresh while its last good data is at most
// StaleFactor intervals plus StaleSlack old.
const (
	StaleFactor = 3
	StaleSlack  = 30 * time.Second
)

// Casewatch holds the metrics of casewatch serve-ssh. It is the
// sshserve.Observer of the server (sessions, logins, frames) and its
// OnPoll is the poller's client.Options.OnPoll (requests and latency);
// what the poller holds (the age of each data set, the outbox) is read
// from the StateSource at each scrape. Build it with NewCasewatch, then
// call Watch once the poller exists.
type Casewatch struct {
	reg  *prometheus.Registry
	now  func() time.Time
	src  StateSource
	sets map[string]bool // the data sets judged (nil: all)

	sessionsActive  prometheus.Gauge
	sessionsTotal   *prometheus.CounterVec
	sessionsEnded   *prometheus.CounterVec
	sessionsRefused *prometheus.CounterVec
	authFailures    *prometheus.CounterVec
	frames          prometheus.Counter
	bytes           prometheus.Counter
	sessionBytes    prometheus.Histogram
	sessionFrames   prometheus.Histogram
	sessionDuration prometheus.Histogram
	polls           *prometheus.CounterVec
	pollSeconds     *prometheus.HistogramVec

	webhookPosts   *prometheus.CounterVec
	webhookPending prometheus.Gauge
}

// NewCasewatch creates the metrics on their own registry, with the Go
// runtime's and the process's; version labels casewatch_build_info.
func NewCasewatch(version string) *Casewatch {
	m := &Casewatch{reg: newRegistry(), now: time.Now}
	f := factory{m.reg}
	f.gaugeFunc("casewatch_build_info", "Always 1; the version label is the casewatch version.", prometheus.Labels{"version": version}, func() float64 { return 1 })
	m.sessionsActive = f.gauge("casewatch_ssh_sessions_active", "SSH sessions running a dashboard now.")
	m.sessionsTotal = f.counterVec("casewatch_ssh_sessions_total", "SSH sessions admitted, by the key's role (viewer, triage).", "role")
	m.sessionsEnded = f.counterVec("casewatch_ssh_sessions_ended_total", "SSH sessions ended, by why (quit, disconnect, idle, shutdown, error).", "reason")
	m.sessionsRefused = f.counterVec("casewatch_ssh_sessions_refused_total", "SSH sessions or connections refused, by why (key-not-authorized, no-pty, command, limit, shutdown, connections).", "reason")
	m.authFailures = f.counterVec("casewatch_ssh_auth_failures_total", "Keys or certificates offered and refused (key, cert-…), and connections that failed to log in (handshake).", "reason")
	m.frames = f.counter("casewatch_ssh_frames_written_total", "Frames written to SSH clients (each a write of the renderer).")
	m.bytes = f.counter("casewatch_ssh_bytes_written_total", "Bytes written to SSH clients by the dashboards.")
	m.sessionBytes = f.histogram("casewatch_ssh_session_bytes_written", "Bytes written to the client over one session, at its end.", prometheus.ExponentialBuckets(4096, 4, 10))
	m.sessionFrames = f.histogram("casewatch_ssh_session_frames_written", "Frames written to the client over one session, at its end.", prometheus.ExponentialBuckets(10, 4, 10))
	m.sessionDuration = f.histogram("casewatch_ssh_session_duration_seconds", "How long sessions lasted, at their end.", []float64{10, 60, 300, 900, 1800, 3600, 4 * 3600, 12 * 3600, 24 * 3600, 7 * 24 * 3600})
	m.polls = f.counterVec("casewatch_poll_requests_total", "Requests of the shared poller to the case system, by data set and outcome (ok, not_modified, http_<code>, network, timeout, body, invalid, too-large, …).", "dataset", "status")
	m.pollSeconds = f.histogramVec("casewatch_poll_duration_seconds", "Latency of the poller's requests, retries included, by data set.", []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}, "dataset")
	m.webhookPosts = f.counterVec("casewatch_webhook_posts_total", "Webhook posts, by outcome: ok (delivered), retry (failed; the alerts stay queued and are tried again).", "result")
	m.webhookPending = f.gauge("casewatch_webhook_pending", "Alerts waiting in the webhook's state file to be posted.")
	m.reg.MustRegister(&stateCollector{m: m})
	return m
}

// Registry returns the registry, for Handler.
func (m *Casewatch) Registry() *prometheus.Registry { return m.reg }

// Watch makes the scrape read src (the poller) for the age of each data
// set, the outbox and the alerts held; until then those are absent and
// /readyz says so. sets names the data sets the poller polls, when not
// all (client.Options.AlertsOnly: health, units, alerts).
func (m *Casewatch) Watch(src StateSource, sets ...string) {
	m.src = src
	if len(sets) > 0 {
		m.sets = map[string]bool{}
		for _, s := range sets {
			m.sets[s] = true
		}
	}
}

// SessionStarted implements sshserve.Observer.
func (m *Casewatch) SessionStarted(role string) {
	m.sessionsActive.Inc()
	m.sessionsTotal.WithLabelValues(role).Inc()
}

// SessionEnded implements sshserve.Observer.
func (m *Casewatch) SessionEnded(_, reason string, frames, bytes int64, d time.Duration) {
	m.sessionsActive.Dec()
	m.sessionsEnded.WithLabelValues(reason).Inc()
	m.sessionBytes.Observe(float64(bytes))
	m.sessionFrames.Observe(float64(frames))
	m.sessionDuration.Observe(d.Seconds())
}

// Written implements sshserve.Observer.
func (m *Casewatch) Written(n int) {
	m.frames.Inc()
	m.bytes.Add(float64(n))
}

// SessionRefused implements sshserve.Observer.
func (m *Casewatch) SessionRefused(reason string) { m.sessionsRefused.WithLabelValues(reason).Inc() }

// AuthFailed implements sshserve.Observer.
func (m *Casewatch) AuthFailed(reason string) { m.authFailures.WithLabelValues(reason).Inc() }

// OnPoll counts one finished request of the poller (client.Options.OnPoll).
func (m *Casewatch) OnPoll(e client.PollEvent) {
	m.polls.WithLabelValues(e.DataSet, e.Status()).Inc()
	m.pollSeconds.WithLabelValues(e.DataSet).Observe(e.Duration.Seconds())
}

// WebhookPosted counts one webhook post's outcome: "ok" or "retry" (it
// failed; its alerts stay queued and are tried again).
func (m *Casewatch) WebhookPosted(result string) { m.webhookPosts.WithLabelValues(result).Inc() }

// WebhookPending sets how many alerts wait to be posted.
func (m *Casewatch) WebhookPending(n int) { m.webhookPending.Set(float64(n)) }

// Ready is /readyz: every data set has fresh data (see Freshness).
func (m *Casewatch) Ready() error {
	if m.src == nil {
		return errors.New("the poller has not started")
	}
	var bad []string
	for _, f := range freshness(m.src.Current(), m.now()) {
		if m.sets != nil && !m.sets[f.dataset] {
			continue
		}
		if !f.fresh {
			bad = append(bad, f.dataset+": "+f.why)
		}
	}
	if len(bad) > 0 {
		return errors.New(strings.Join(bad, "\n"))
	}
	return nil
}

// feedAge is what the scrape and /readyz say about one data set.
type feedAge struct {
	dataset string
	hasData bool          // every feed of the set has had good data
	age     time.Duration // of the oldest last good data (when hasData)
	fresh   bool
	why     string // when not fresh
}

// feedInfo is the part of a client.Feed that freshness reads.
type feedInfo struct {
	has      bool
	at       time.Time
	interval time.Duration
	err      error
}

func info[T any](f client.Feed[T]) feedInfo {
	return feedInfo{has: f.HasData, at: f.FetchedAt, interval: f.Interval, err: f.Err}
}

func infos[T any](m map[string]client.Feed[T]) []feedInfo {
	out := make([]feedInfo, 0, len(m))
	for _, f := range m {
		out = append(out, info(f))
	}
	return out
}

// freshness judges every data set of st at now. A per-unit data set
// (indicators, coverage) is as old as its oldest unit's, and fresh only
// when every unit's is.
func freshness(st client.State, now time.Time) []feedAge {
	sets := []struct {
		name  string
		feeds []feedInfo
	}{
		{client.DataSetHealth, []feedInfo{info(st.Health)}},
		{client.DataSetUnits, []feedInfo{info(st.Units)}},
		{client.DataSetAlerts, []feedInfo{info(st.Alerts)}},
		{client.DataSetNotices, []feedInfo{info(st.Notices)}},
		{client.DataSetIndicators, infos(st.Indicators)},
		{client.DataSetCoverageDept, infos(st.CoverageByDept)},
		{client.DataSetCoveragePerson, infos(st.CoverageByPerson)},
	}
	out := make([]feedAge, 0, len(sets))
	for _, s := range sets {
		fa := feedAge{dataset: s.name, hasData: len(s.feeds) > 0, fresh: true}
		missing, stale := 0, 0
		var lastErr error
		for _, f := range s.feeds {
			if !f.has {
				missing++
				fa.hasData = false
				if f.err != nil {
					lastErr = f.err
				}
				continue
			}
			age := max(now.Sub(f.at), 0)
			fa.age = max(fa.age, age)
			if age > StaleFactor*f.interval+StaleSlack {
				stale++
				if f.err != nil {
					lastErr = f.err
				}
			}
		}
		switch {
		case len(s.feeds) == 0:
			fa.fresh, fa.why = false, "no data yet"
		case missing > 0 || stale > 0:
			fa.fresh = false
			if len(s.feeds) == 1 && missing == 1 {
				fa.why = "no data yet"
			} else if len(s.feeds) == 1 {
				fa.why = fmt.Sprintf("last good data %s old", fa.age.Round(time.Second))
			} else {
				fa.why = fmt.Sprintf("%d of %d units without data, %d stale (oldest %s)", missing, len(s.feeds), stale, fa.age.Round(time.Second))
			}
			if lastErr != nil {
				fa.why += " (last error: " + lastErr.Error() + ")"
			}
		}
		out = append(out, fa)
	}
	return out
}

// stateCollector reads the poller's State at each scrape.
type stateCollector struct{ m *Casewatch }

var (
	descAge = prometheus.NewDesc("casewatch_data_age_seconds",
		"Age of the last good data of each data set (of its oldest unit for per-unit sets); absent until every feed of the set has had data.",
		[]string{"dataset"}, nil)
	descFresh = prometheus.NewDesc("casewatch_data_fresh",
		"1 when the data set's last good data is at most 3 intervals + 30 s old (for every unit), else 0; /readyz wants all 1.",
		[]string{"dataset"}, nil)
	descOutbox = prometheus.NewDesc("casewatch_outbox_pending",
		"Acknowledgements and notices in the outbox, not yet confirmed by the case system.", nil, nil)
	descOutboxErr = prometheus.NewDesc("casewatch_outbox_damaged",
		"1 when the outbox file was found damaged and set aside during this run, else 0.", nil, nil)
	descAlerts = prometheus.NewDesc("casewatch_alerts_active",
		"Active alerts of the scope as the case system last counted them.", nil, nil)
)

// Describe implements prometheus.Collector.
func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descAge, descFresh, descOutbox, descOutboxErr, descAlerts} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	if c.m.src == nil {
		return
	}
	st := c.m.src.Current()
	for _, f := range freshness(st, c.m.now()) {
		if c.m.sets != nil && !c.m.sets[f.dataset] {
			continue
		}
		if f.hasData {
			ch <- prometheus.MustNewConstMetric(descAge, prometheus.GaugeValue, f.age.Seconds(), f.dataset)
		}
		ch <- prometheus.MustNewConstMetric(descFresh, prometheus.GaugeValue, b2f(f.fresh), f.dataset)
	}
	ch <- prometheus.MustNewConstMetric(descOutbox, prometheus.GaugeValue, float64(len(st.Pending)))
	ch <- prometheus.MustNewConstMetric(descOutboxErr, prometheus.GaugeValue, b2f(st.OutboxErr != nil))
	if st.Alerts.HasData {
		ch <- prometheus.MustNewConstMetric(descAlerts, prometheus.GaugeValue, float64(st.Alerts.Data.Total))
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
