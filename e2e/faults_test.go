package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/faults"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui"
)

// The fault suite runs the dashboard model, fed by the real poller and
// client, against the real reference case system behind the fault
// injector, one fault kind at a time: the fault is switched on once the
// dashboard shows data, an acknowledgement is made through the dashboard's
// keys while the fault lasts, and the fault is switched off again (or its
// outage window ends).
//
// Timings are short so that the suite stays lean on a 2-core machine.
// What depends on the machine's speed (the per-attempt timeout, the slack
// of the recovery bound, the waits) is multiplied by faultScale, 3 under
// the race detector.
const (
	faultInterval   = 200 * time.Millisecond // alerts and health polling
	faultMaxBackoff = 200 * time.Millisecond // = the interval: recovery within one interval
	faultRetries    = 1
	faultRetryMax   = 50 * time.Millisecond
	faultBodyLimit  = 1 << 20
	faultHold       = 600 * time.Millisecond // how long a fault lasts once it shows
	faultWidth      = 240
	faultHeight     = 40
	faultUser       = "e2e-fault"
)

var (
	faultScale   = faultLoadScale()
	faultTimeout = time.Second * faultScale // per attempt
	// faultSlack is what the machine may add to a computed bound: a
	// request's own time, goroutine scheduling on a busy machine.
	faultSlack = time.Second * faultScale
)

// faultLoadScale is 3 under the race detector, which slows everything
// down, else 1.
func faultLoadScale() time.Duration {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" && s.Value == "true" {
				return 3
			}
		}
	}
	return 1
}

// faultStart is the simulation time of the suite's system.
var faultStart = time.Date(2024, 3, 4, 9, 0, 0, 0, sim.Zone)

// faultCase is one fault kind and what the dashboard must make of it.
type faultCase struct {
	name string
	spec string
	// kind is the fault the injector must have injected.
	kind faults.Kind
	// want matches the alerts error while the fault lasts; nil when the
	// fault must not break polling at all.
	want *regexp.Regexp
	// held: an acknowledgement cannot get through while the fault lasts
	// and must stay pending.
	held bool
	// lasts, when set, is the length of an outage window that ends by
	// itself (the switch stays on).
	lasts time.Duration
	// slowAttempt is how long an attempt already under way when the fault
	// ends may still take.
	slowAttempt time.Duration
	// retryAfter is the server's Retry-After, which the poller honours.
	retryAfter time.Duration
}

func faultCases() []faultCase {
	attempt := time.Duration(faultRetries+1)*faultTimeout + faultRetryMax
	return []faultCase{
		{name: "latency", spec: "latency=40ms,jitter=40ms", kind: faults.Latency},
		{name: "timeout", spec: "latency=10s", kind: faults.Latency, held: true, slowAttempt: attempt,
			want: regexp.MustCompile(`timed out after \S+ waiting for /alerts`)},
		{name: "error", spec: "error=1", kind: faults.Error, held: true,
			want: regexp.MustCompile(`server error 500 from /alerts: injected fault`)},
		{name: "unavailable", spec: "unavailable=1,retry-after=1s", kind: faults.Unavailable, held: true, retryAfter: time.Second,
			want: regexp.MustCompile(`server error 503 from /alerts: .*retry after 1s`)},
		{name: "reset", spec: "reset=1", kind: faults.Reset, held: true,
			want: regexp.MustCompile(`connection (reset by server|closed mid-response) \(/alerts\)`)},
		{name: "truncate", spec: "truncate=1", kind: faults.Truncate,
			want: regexp.MustCompile(`truncated JSON in /alerts`)},
		{name: "malformed", spec: "malformed=1", kind: faults.Malformed,
			want: regexp.MustCompile(`malformed JSON in /alerts at offset \d+`)},
		{name: "oversize", spec: "oversize=1,oversize-bytes=3MiB", kind: faults.Oversize, held: true,
			want: regexp.MustCompile(`response from /alerts exceeds 1 MiB limit`)},
		{name: "drip", spec: "drip=1,drip-rate=20B/s", kind: faults.Drip, held: true, slowAttempt: attempt,
			want: regexp.MustCompile(`timed out after \S+ waiting for /alerts`)},
		{name: "stale-cursor", spec: "stale-cursor=1", kind: faults.StaleCursor},
		{name: "outage", spec: fmt.Sprintf("outage=%v@0s", 2*time.Second*faultScale), kind: faults.Outage, held: true, lasts: 2 * time.Second * faultScale,
			want: regexp.MustCompile(`connection (reset by server|closed mid-response) \(/(alerts|health)\)`)},
	}
}

// TestFaults is the table: every fault kind against one shared system.
func TestFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end fault suite")
	}
	sys, err := casesim.Open(t.Context(), casesim.Options{DBPath: ":memory:", Seed: 1, Speed: 0, Start: faultStart, WarmupDays: 60})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close() })
	acks := &faultAckLog{next: sys.Handler()}
	used := map[string]bool{}
	for _, c := range faultCases() {
		t.Run(c.name, func(t *testing.T) { faultRun(t, sys, acks, used, c) })
	}
}

func faultRun(t *testing.T, sys *casesim.System, acks *faultAckLog, used map[string]bool, c faultCase) {
	sw := &faultSwitch{api: acks}
	srv := httptest.NewServer(sw)
	t.Cleanup(srv.Close)
	e := faultStartDashboard(t, srv.URL)

	// 1. Data arrives and shows.
	if !e.d.pump(10*time.Second*faultScale, func() bool {
		s := e.p.Current().Alerts
		return s.HasData && s.Err == nil && len(s.Data.Alerts) > 0 && e.d.viewHas(faultShowing(len(s.Data.Alerts)))
	}) {
		t.Fatalf("no alerts before the fault: %+v\n%s", faultSnapInfo(e.p.Current().Alerts), e.d.view())
	}
	base := e.p.Current().Alerts
	n := len(base.Data.Alerts)
	target := faultPickAlert(t, base.Data.Alerts, used)
	e.d.checkFrame()

	// 2. The fault starts.
	in := sw.set(t, c.spec)
	on := time.Now()
	if c.want != nil {
		// The alerts fail, or (outage) /health does first and the data
		// sets wait for it.
		failure := func() error {
			st := e.p.Current()
			switch {
			case st.Alerts.Err != nil && st.Alerts.Failures > 0:
				return st.Alerts.Err
			case st.Health.Err != nil && st.Health.Failures > 0:
				return st.Health.Err
			}
			return nil
		}
		if !e.d.pump(2*time.Second*faultScale+2*faultTimeout, func() bool {
			return failure() != nil && bannerLine(e.d.view()) != ""
		}) {
			t.Fatalf("no failure shown %v into the fault: %+v", time.Since(on), faultSnapInfo(e.p.Current().Alerts))
		}
		s := e.p.Current().Alerts
		err := failure()
		t.Logf("failure shown after %v: %v", time.Since(on).Round(time.Millisecond), err)
		if !c.want.MatchString(err.Error()) {
			t.Errorf("error %q does not match %q", err, c.want)
		}
		if !s.HasData || len(s.Data.Alerts) != n || s.FetchedAt.After(on) {
			t.Errorf("last good data not kept: has %v, %d alerts (want %d), fetched %v after the fault began",
				s.HasData, len(s.Data.Alerts), n, s.FetchedAt.Sub(on))
		}
		// The banner names the kind of failure (of the health check when
		// it fails, else of the alerts) in the UI's words, and the data
		// stays on screen, marked offline or failing, with its time.
		view := e.d.checkFrame()
		if !strings.Contains(view, "showing data as of") || !(strings.Contains(view, "offline") || strings.Contains(view, "failing")) {
			t.Errorf("no banner, or no offline or failing mark, in the view:\n%s", view)
		}
		st := e.p.Current()
		if !faultViewNames(view, st.Alerts.Err) && !faultViewNames(view, st.Health.Err) {
			t.Errorf("the banner names neither the alerts' failure %q nor the health check's %v:\n%s", s.Err, st.Health.Err, view)
		}
		if !strings.Contains(view, faultShowing(n)) {
			t.Errorf("the alerts left the screen:\n%s", view)
		}
	} else {
		// Polling goes on through the fault.
		if !e.d.pump(3*time.Second*faultScale, func() bool {
			s := e.p.Current().Alerts
			return in.Count(c.kind) > 0 && s.Err == nil && s.FetchedAt.After(on.Add(faultInterval))
		}) {
			t.Fatalf("polling stalled under %s: %d injected, %+v", c.name, in.Count(c.kind), faultSnapInfo(e.p.Current().Alerts))
		}
		if s := e.p.Current().Alerts; len(s.Data.Alerts) != n {
			t.Errorf("%d alerts under %s, want %d", len(s.Data.Alerts), c.name, n)
		}
		if view := e.d.checkFrame(); bannerLine(view) != "" {
			t.Errorf("banner under a harmless fault:\n%s", view)
		}
	}

	// 3. An acknowledgement is made through the dashboard during the fault.
	note := "fault " + c.name
	key := e.ackThroughUI(target, note)
	if c.held {
		e.d.pump(faultHold, nil)
		st := e.p.Current()
		if !slices.ContainsFunc(st.Pending, func(p client.PendingAck) bool { return p.Key == key }) {
			t.Errorf("the acknowledgement left the outbox during the fault: pending %+v, results %+v", st.Pending, st.AckResults)
		}
		if slices.ContainsFunc(st.AckResults, func(r client.AckResult) bool { return r.Key == key }) {
			t.Errorf("the acknowledgement has a result during the fault: %+v", st.AckResults)
		}
	} else {
		e.waitAckDone(key, 3*time.Second*faultScale)
		e.d.pump(faultHold/2, nil)
	}

	// 4. The fault ends: the error clears within one poll interval plus
	// backoff (plus an attempt still under way and the server's
	// Retry-After).
	var off time.Time
	if c.lasts > 0 {
		off = on.Add(c.lasts)
		e.d.pump(time.Until(off), nil)
		if in.InOutage() {
			t.Fatal("the outage window did not end")
		}
	} else {
		sw.off()
		off = time.Now()
	}
	if got := in.Count(c.kind); got == 0 {
		t.Errorf("the injector never injected %s: %v", c.kind, in.Counts())
	}
	// While failing, the poller never schedules its next attempt further
	// than MaxBackoff (or the server's Retry-After) after its last failure,
	// which happened before now.
	if s, now := e.p.Current().Alerts, time.Now(); s.Failures > 0 && s.NextAttempt.Sub(now) > max(faultMaxBackoff, c.retryAfter) {
		t.Errorf("after %d failures the next attempt is %v away, more than %v", s.Failures, s.NextAttempt.Sub(now), max(faultMaxBackoff, c.retryAfter))
	}
	bound := faultInterval + faultMaxBackoff + c.retryAfter + c.slowAttempt + faultSlack
	if !e.d.pump(bound+2*time.Second*faultScale, func() bool {
		st := e.p.Current()
		return st.Alerts.Err == nil && st.Alerts.FetchedAt.After(off) && st.Health.Err == nil && bannerLine(e.d.view()) == ""
	}) {
		t.Fatalf("no recovery %v after the fault ended: %+v", time.Since(off), faultSnapInfo(e.p.Current().Alerts))
	}
	took := e.p.Current().Alerts.FetchedAt.Sub(off)
	t.Logf("recovered %v after the fault ended (bound %v); injected %v", took.Round(time.Millisecond), bound, in.Counts())
	if took > bound {
		t.Errorf("recovery took %v, more than %v", took, bound)
	}
	if s := e.p.Current().Alerts; len(s.Data.Alerts) != n {
		t.Errorf("%d alerts after recovery, want %d", len(s.Data.Alerts), n)
	}
	e.d.checkFrame()

	// 5. The acknowledgement is delivered once, and the dashboard sees it.
	res := e.waitAckDone(key, 5*time.Second*faultScale)
	t.Logf("acknowledgement done %v after the fault ended", time.Since(off).Round(time.Millisecond))
	if res.Rejected {
		t.Errorf("acknowledgement rejected: %v", res.Err)
	}
	if !e.d.pump(3*time.Second*faultScale, func() bool {
		for _, a := range e.p.Current().Alerts.Data.Alerts {
			if a.ID == target.ID {
				return a.Ack != nil && a.Ack.Note == note
			}
		}
		return false
	}) {
		t.Errorf("the dashboard's data never showed the acknowledgement of %s", target.ID)
	}
	got := faultServerAlert(t, sys, target.ID)
	if got.Ack == nil || got.Ack.By != faultUser || got.Ack.Note != note || got.Status != api.StatusAcknowledged {
		t.Errorf("server holds %s with status %s, ack %+v; want acknowledged by %s with note %q", got.ID, got.Status, got.Ack, faultUser, note)
	}
	if keys := acks.keys(target.ID); len(keys) != 1 || keys[0] != key {
		t.Errorf("the server acknowledged %s under keys %v, want exactly [%s]", target.ID, keys, key)
	}
	if n := len(e.results(key)); n != 1 {
		t.Errorf("%d results for the acknowledgement, want 1", n)
	}
	if e.d.quit {
		t.Error("the dashboard asked to quit")
	}
}

// ---- the dashboard under test ----

// faultEnv is a client, a poller and a dashboard driven by it.
type faultEnv struct {
	t   *testing.T
	p   *client.Poller
	src *faultSource
	d   *faultDriver
}

func faultStartDashboard(t *testing.T, base string) *faultEnv {
	t.Helper()
	cl, err := client.New(client.Config{BaseURL: base, Timeout: faultTimeout, Deadline: 3 * faultTimeout,
		Retries: faultRetries, RetryWait: 20 * time.Millisecond, RetryMaxWait: faultRetryMax,
		BodyLimit: faultBodyLimit, UserAgent: "casewatch-e2e"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	p, err := client.NewPoller(client.Options{Client: cl,
		AlertsInterval: faultInterval, HealthInterval: faultInterval,
		// The per-unit data sets are spread over an hour, so that only one
		// of them polls during a case.
		IndicatorsInterval: time.Hour, CoverageInterval: time.Hour, Stagger: time.Hour,
		MinBackoff: faultInterval / 2, MaxBackoff: faultMaxBackoff, RefreshGap: faultInterval,
		OutboxPath: filepath.Join(t.TempDir(), "outbox.json")})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.Start(ctx)
	t.Cleanup(func() { cancel(); p.Close() })
	src := &faultSource{Poller: p}
	m := tui.New(tui.Options{Source: src, Fetcher: cl, Lang: i18n.EN, Theme: theme.Dark, User: faultUser})
	return &faultEnv{t: t, p: p, src: src, d: faultNewDriver(t, m)}
}

// ackThroughUI filters the alerts to a's case, acknowledges the selected
// alert with note through the keys, and returns the idempotency key.
func (e *faultEnv) ackThroughUI(a api.Alert, note string) string {
	t := e.t
	t.Helper()
	d := e.d
	d.key("/")
	d.typeText(a.CaseNo)
	d.key("enter")
	if !d.pump(time.Second*faultScale, func() bool { return d.viewHas("showing 1 / ") }) {
		t.Fatalf("alert %s (%s) not on screen after filtering:\n%s", a.ID, a.CaseNo, d.view())
	}
	d.key("a")
	if !d.pump(time.Second*faultScale, func() bool { return d.viewHas("Acknowledge ") }) {
		t.Fatalf("no acknowledgement prompt:\n%s", d.view())
	}
	d.typeText(note)
	d.key("enter")
	var key string
	if !d.pump(2*time.Second*faultScale, func() bool {
		k, ok := e.src.keyOf(a.ID)
		key = k
		return ok
	}) {
		t.Fatalf("no acknowledgement of %s queued:\n%s", a.ID, d.view())
	}
	return key
}

// waitAckDone waits until the acknowledgement under key has left the
// outbox with a result.
func (e *faultEnv) waitAckDone(key string, timeout time.Duration) client.AckResult {
	e.t.Helper()
	var res client.AckResult
	if !e.d.pump(timeout, func() bool {
		st := e.p.Current()
		if slices.ContainsFunc(st.Pending, func(p client.PendingAck) bool { return p.Key == key }) {
			return false
		}
		rs := e.results(key)
		if len(rs) == 0 {
			return false
		}
		res = rs[0]
		return true
	}) {
		st := e.p.Current()
		e.t.Fatalf("acknowledgement %s not delivered: pending %+v, results %+v", key, st.Pending, st.AckResults)
	}
	return res
}

// results returns the poller's results for key.
func (e *faultEnv) results(key string) []client.AckResult {
	var out []client.AckResult
	for _, r := range e.p.Current().AckResults {
		if r.Key == key {
			out = append(out, r)
		}
	}
	return out
}

// faultSource is the poller as the dashboard's Source, recording the
// acknowledgements the dashboard makes.
type faultSource struct {
	*client.Poller
	mu   sync.Mutex
	keys map[string]string // alert id -> idempotency key
}

// Acknowledge implements tui.Source.
func (s *faultSource) Acknowledge(alertID, by, note string) (string, error) {
	key, err := s.Poller.Acknowledge(alertID, by, note)
	if err == nil {
		s.mu.Lock()
		if s.keys == nil {
			s.keys = map[string]string{}
		}
		s.keys[alertID] = key
		s.mu.Unlock()
	}
	return key, err
}

func (s *faultSource) keyOf(alertID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[alertID]
	return k, ok
}

// faultDriver runs a Bubble Tea model without a terminal: commands run in
// goroutines, their messages come back to the test goroutine, which alone
// calls Update and View.
type faultDriver struct {
	t    *testing.T
	m    tea.Model
	msgs chan tea.Msg
	done chan struct{}
	quit bool
}

func faultNewDriver(t *testing.T, m tea.Model) *faultDriver {
	d := &faultDriver{t: t, m: m, msgs: make(chan tea.Msg, 256), done: make(chan struct{})}
	t.Cleanup(func() { close(d.done) })
	d.exec(m.Init())
	d.send(tea.WindowSizeMsg{Width: faultWidth, Height: faultHeight})
	return d
}

func (d *faultDriver) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				d.exec(c)
			}
			return
		}
		if msg == nil {
			return
		}
		select {
		case d.msgs <- msg:
		case <-d.done:
		}
	}()
}

func (d *faultDriver) send(msg tea.Msg) {
	if _, ok := msg.(tea.QuitMsg); ok {
		d.quit = true
		return
	}
	m, cmd := d.m.Update(msg)
	d.m = m
	d.exec(cmd)
}

// pump applies messages until cond holds (checked before each one) or
// timeout passes; with a nil cond it pumps for the whole timeout.
func (d *faultDriver) pump(timeout time.Duration, cond func() bool) bool {
	timer := time.NewTimer(max(timeout, 0))
	defer timer.Stop()
	for {
		if cond != nil && cond() {
			return true
		}
		select {
		case msg := <-d.msgs:
			d.send(msg)
		case <-timer.C:
			return cond == nil || cond()
		}
	}
}

// key sends a key press: a single character, "enter" or "esc".
func (d *faultDriver) key(k string) {
	switch k {
	case "enter":
		d.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	case "esc":
		d.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	default:
		r := []rune(k)[0]
		d.send(tea.KeyPressMsg{Code: r, Text: k})
	}
}

func (d *faultDriver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// view renders the model as plain text.
func (d *faultDriver) view() string { return ansi.Strip(d.m.View().Content) }

func (d *faultDriver) viewHas(s string) bool { return strings.Contains(d.view(), s) }

// checkFrame renders the model and checks that it fills the window
// exactly, and returns the text.
func (d *faultDriver) checkFrame() string {
	d.t.Helper()
	v := d.view()
	lines := strings.Split(v, "\n")
	if len(lines) != faultHeight {
		d.t.Errorf("frame of %d lines, want %d:\n%s", len(lines), faultHeight, v)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > faultWidth {
			d.t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, w, faultWidth, l)
		}
	}
	return v
}

// ---- the server side ----

// faultSwitch serves through a fault injector while one is set, else
// straight to the API.
type faultSwitch struct {
	api http.Handler
	cur atomic.Pointer[http.Handler]
}

// set starts injecting spec (a fresh injector, so that outage windows count
// from now) and returns the injector.
func (s *faultSwitch) set(t *testing.T, text string) *faults.Injector {
	t.Helper()
	spec, err := faults.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	in, err := faults.New(spec, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := in.Wrap(s.api)
	s.cur.Store(&h)
	return in
}

// off stops injecting.
func (s *faultSwitch) off() { s.cur.Store(nil) }

// ServeHTTP implements http.Handler.
func (s *faultSwitch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h := s.cur.Load(); h != nil {
		(*h).ServeHTTP(w, r)
		return
	}
	s.api.ServeHTTP(w, r)
}

// faultAckLog records, per alert, the idempotency keys of the
// acknowledgements the API answered 200 (repeats of a key included).
type faultAckLog struct {
	next http.Handler
	mu   sync.Mutex
	ok   map[string]map[string]int
}

// ServeHTTP implements http.Handler.
func (l *faultAckLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, isAck := strings.CutPrefix(r.URL.Path, api.BasePath+"/alerts/")
	id, isAck2 := strings.CutSuffix(id, "/ack")
	if r.Method != http.MethodPost || !isAck || !isAck2 {
		l.next.ServeHTTP(w, r)
		return
	}
	sw := &faultStatusWriter{ResponseWriter: w}
	l.next.ServeHTTP(sw, r)
	if sw.status == http.StatusOK {
		l.mu.Lock()
		if l.ok == nil {
			l.ok = map[string]map[string]int{}
		}
		if l.ok[id] == nil {
			l.ok[id] = map[string]int{}
		}
		l.ok[id][r.Header.Get("Idempotency-Key")]++
		l.mu.Unlock()
	}
}

// keys returns the distinct keys under which alert id was acknowledged.
func (l *faultAckLog) keys(id string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for k := range l.ok[id] {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// faultStatusWriter records the status of an answer.
type faultStatusWriter struct {
	http.ResponseWriter
	status int
}

// WriteHeader implements http.ResponseWriter.
func (w *faultStatusWriter) WriteHeader(s int) {
	if w.status == 0 {
		w.status = s
	}
	w.ResponseWriter.WriteHeader(s)
}

// Write implements http.ResponseWriter.
func (w *faultStatusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *faultStatusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// faultServerAlert reads alert id as the server holds it, every status,
// straight from the API (no faults).
func faultServerAlert(t *testing.T, sys *casesim.System, id string) api.Alert {
	t.Helper()
	cursor := ""
	for range 100 {
		q := url.Values{"status": {"all"}, "limit": {"1000"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		w := httptest.NewRecorder()
		sys.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, api.BasePath+"/alerts?"+q.Encode(), nil))
		var page api.AlertPage
		if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &page) != nil {
			t.Fatalf("GET /alerts?status=all: %d %.200s", w.Code, w.Body)
		}
		for _, a := range page.Alerts {
			if a.ID == id {
				return a
			}
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	t.Fatalf("alert %s not on the server", id)
	return api.Alert{}
}

// faultPickAlert chooses an open, unacknowledged alert not used before,
// the only alert of its case (so that filtering by the case number leaves
// it alone on screen).
func faultPickAlert(t *testing.T, alerts []*client.Alert, used map[string]bool) api.Alert {
	t.Helper()
	perCase := map[string]int{}
	for _, a := range alerts {
		perCase[a.CaseNo]++
	}
	for _, a := range alerts {
		if a.Status == api.StatusOpen && a.Ack == nil && perCase[a.CaseNo] == 1 && !used[a.ID] && !faultCaseNoShared(alerts, a) {
			used[a.ID] = true
			return a.API()
		}
	}
	t.Fatal("no alert left to acknowledge")
	return api.Alert{}
}

// faultCaseNoShared reports whether another alert's case number contains
// a's.
func faultCaseNoShared(alerts []*client.Alert, a *client.Alert) bool {
	for _, b := range alerts {
		if b.ID != a.ID && strings.Contains(b.CaseNo, a.CaseNo) {
			return true
		}
	}
	return false
}

// faultShowing is the alerts panel's count of n alerts, none filtered out.
func faultShowing(n int) string { return fmt.Sprintf("showing %d / %d", n, n) }

// faultViewNames reports whether the view's banner names the kind of
// err in English, as the dashboard's catalog words it.
func faultViewNames(view string, err error) bool {
	if err == nil {
		return false
	}
	cat := i18n.New(i18n.EN)
	want := cat.T("fail." + string(client.CodeOf(err)))
	if strings.Contains(want, "%d") {
		want = fmt.Sprintf(want, client.StatusOf(err))
	}
	return strings.Contains(faultFlat(bannerLine(view)), faultFlat(want))
}

// faultFlat removes white space, so that text wrapped or padded on screen
// still matches.
func faultFlat(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// faultSnapInfo summarises a snapshot for failure messages.
func faultSnapInfo(s client.Feed[client.AlertSet]) map[string]any {
	return map[string]any{"has": s.HasData, "alerts": len(s.Data.Alerts), "err": s.Err, "failures": s.Failures,
		"fetched": s.FetchedAt.Format("15:04:05.000"), "next": s.NextAttempt.Format("15:04:05.000")}
}
