package client

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/casewatch/casewatch/api"
)

// fastOptions are poller options for tests: everything in milliseconds.
func fastOptions(c *Client, dir string) Options {
	return Options{
		Client:         c,
		AlertsInterval: 20 * time.Millisecond, IndicatorsInterval: 40 * time.Millisecond,
		CoverageInterval: 40 * time.Millisecond, UnitsInterval: 40 * time.Millisecond,
		HealthInterval: 40 * time.Millisecond,
		MinBackoff:     10 * time.Millisecond, MaxBackoff: 60 * time.Millisecond,
		Stagger: 10 * time.Millisecond, RefreshGap: 5 * time.Millisecond,
		OutboxPath: filepath.Join(dir, "outbox.json"),
	}
}

func startPoller(t *testing.T, opts Options) *Poller {
	t.Helper()
	p, err := NewPoller(opts)
	if err != nil {
		t.Fatal(err)
	}
	p.Start(context.Background())
	t.Cleanup(func() { p.Close() })
	return p
}

// waitState waits for a published State that satisfies ok.
func waitState(t *testing.T, p *Poller, what string, ok func(State) bool) State {
	t.Helper()
	ch, cancel := p.Subscribe()
	defer cancel()
	deadline := time.After(15 * time.Second)
	var last State
	for {
		select {
		case st, open := <-ch:
			if !open {
				t.Fatalf("%s: subscription closed", what)
			}
			last = st
			if ok(st) {
				return st
			}
		case <-deadline:
			t.Fatalf("%s: not reached in 15s; last state: alerts err=%v failures=%d hasData=%v pending=%d",
				what, last.Alerts.Err, last.Alerts.Failures, last.Alerts.HasData, len(last.Pending))
		}
	}
}

func allLoaded(n int) func(State) bool {
	return func(st State) bool {
		if !st.Health.HasData || !st.Units.HasData || !st.Alerts.HasData || len(st.Indicators) != n {
			return false
		}
		for _, u := range fxUnits {
			if !st.Indicators[u].HasData || !st.CoverageByDept[u].HasData || !st.CoverageByPerson[u].HasData {
				return false
			}
		}
		return true
	}
}

func TestPollerLoadsEverything(t *testing.T) {
	f := newFakeAPI(30)
	c, _ := newTestClient(t, f, nil)
	p := startPoller(t, fastOptions(c, t.TempDir()))
	st := waitState(t, p, "all data sets", allLoaded(len(fxUnits)))
	if got := len(st.Alerts.Data.Alerts); got != 30 {
		t.Errorf("%d alerts, want 30", got)
	}
	if st.Alerts.Data.SimSpeed != 1440 && st.Alerts.Data.SimSpeed != 1 {
		t.Errorf("sim speed %v", st.Alerts.Data.SimSpeed)
	}
	if st.CoverageByPerson["330106"].Data.By != ByPerson || st.CoverageByDept["330106"].Data.By != ByDepartment {
		t.Error("coverage groupings mixed up")
	}
	if st.Alerts.Interval != 20*time.Millisecond || st.Indicators["330106"].Interval != 40*time.Millisecond {
		t.Error("intervals not published")
	}
	// Delta sync: a change, a new alert and a rectification show up.
	a := fxAlert(3)
	a.Level = api.LevelOverdue
	f.put(a)
	f.put(fxAlert(1000))
	f.rectify("A0000004")
	waitState(t, p, "delta merged", func(st State) bool {
		as := st.Alerts.Data.Alerts
		return len(as) == 30 && as[len(as)-1].ID == "A0001000" && as[3].Level == api.LevelOverdue && as[4].ID == "A0000005"
	})
	// Conditional polling: the units answer was confirmed by 304s.
	time.Sleep(100 * time.Millisecond)
	f.mu.Lock()
	nm := f.notMod
	f.mu.Unlock()
	if nm == 0 {
		t.Error("no 304 seen while polling unchanged data sets")
	}
}

func TestPollerFaultMatrix(t *testing.T) {
	f := newFakeAPI(20)
	// One attempt per poll, so that the slow body costs one timeout; the
	// in-call retries are tested in TestRetries.
	c, _ := newTestClient(t, f, func(cfg *Config) { cfg.Timeout, cfg.Retries = time.Second, -1 })
	p := startPoller(t, fastOptions(c, t.TempDir()))
	waitState(t, p, "first data", func(st State) bool { return st.Alerts.HasData })

	onAlerts := func(fn func(w http.ResponseWriter, r *http.Request)) func(w http.ResponseWriter, r *http.Request) bool {
		return func(w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path != api.BasePath+"/alerts" {
				return false
			}
			fn(w, r)
			return true
		}
	}
	raw := func(status int, ct string, body string) func(w http.ResponseWriter, r *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			if ct != "" {
				w.Header().Set("Content-Type", ct)
			}
			w.WriteHeader(status)
			w.Write([]byte(body))
		}
	}
	page := string(fxPageJSON(fxAlerts(3), "0.999", true))
	cases := []struct {
		name  string
		fault func(w http.ResponseWriter, r *http.Request)
		want  string
	}{
		{"reset mid-body", func(w http.ResponseWriter, r *http.Request) {
			conn, buf, _ := w.(http.Hijacker).Hijack()
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n%s", page[:100])
			buf.Flush()
			_ = conn.(*net.TCPConn).SetLinger(0)
			conn.Close()
		}, "(/alerts)"},
		{"500", func(w http.ResponseWriter, r *http.Request) {
			problem(w, 500, "database is locked", "", "")
		}, "server error 500 from /alerts: database is locked"},
		{"503 with Retry-After", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "1")
			problem(w, 503, "maintenance", "", "")
		}, "server error 503 from /alerts: maintenance, retry after 1s"},
		{"slow body past the timeout", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", fmt.Sprint(len(page)))
			w.Write([]byte(page[:50]))
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(3 * time.Second):
			}
		}, "timed out after 1s waiting for /alerts"},
		{"truncated JSON", raw(200, "application/json", page[:len(page)/2]), "truncated JSON in /alerts"},
		{"malformed JSON", raw(200, "application/json", `{"alerts":[}`), "malformed JSON in /alerts at offset 11"},
		{"100 MB body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", fmt.Sprint(100<<20))
			w.Write([]byte(`{"alerts":[`))
		}, "response from /alerts exceeds 32 MiB limit"},
		{"100 MB body of unknown length", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			chunk := []byte(strings.Repeat(" ", 1<<20))
			for i := 0; i < 100; i++ {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}, "response from /alerts exceeds 32 MiB limit"},
		{"wrong content type", raw(200, "text/html; charset=utf-8", "<html>login</html>"), "unexpected content type text/html from /alerts"},
		{"200 with an empty body", raw(200, "application/json", ""), "empty body from /alerts"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := p.Current().Alerts.Data.Alerts
			f.setFault(onAlerts(tc.fault))
			st := waitState(t, p, "failure published", func(st State) bool { return st.Alerts.Err != nil })
			f.setFault(nil)
			if got := st.Alerts.Err.Error(); !strings.Contains(got, tc.want) {
				t.Errorf("error %q, want it to contain %q", got, tc.want)
			}
			if !st.Alerts.HasData || len(st.Alerts.Data.Alerts) != len(before) || &st.Alerts.Data.Alerts[0] != &before[0] {
				t.Error("previous data not kept")
			}
			if st.Alerts.Failures < 1 || st.Alerts.FailingSince.IsZero() || !st.Alerts.NextAttempt.After(st.Alerts.FailingSince) {
				t.Errorf("failure not described: %+v", st.Alerts)
			}
			if RetryAfterOf(st.Alerts.Err) > 0 && st.Alerts.NextAttempt.Sub(st.Alerts.FailingSince) < time.Second {
				t.Errorf("Retry-After not honoured: next attempt %v after the failure", st.Alerts.NextAttempt.Sub(st.Alerts.FailingSince))
			}
			waitState(t, p, "recovery", func(st State) bool { return st.Alerts.Err == nil && st.Alerts.Failures == 0 })
		})
	}
}

// reservePort returns a loopback address nothing listens on.
func reservePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// serveOn serves h on addr.
func serveOn(t *testing.T, addr string, h http.Handler) *httptest.Server {
	var l net.Listener
	var err error
	for i := 0; i < 50; i++ {
		if l, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	return srv
}

func TestPollerConnectionRefused(t *testing.T) {
	addr := reservePort(t)
	f := newFakeAPI(5)
	srv := serveOn(t, addr, f)
	c, err := New(Config{BaseURL: "http://" + addr, RetryWait: time.Millisecond, RetryMaxWait: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	p := startPoller(t, fastOptions(c, t.TempDir()))
	waitState(t, p, "first data", allLoaded(len(fxUnits)))
	srv.Close()
	want := "connection refused (http://" + addr + ")"
	// Which request meets the closed port first is a race: when /health
	// does, the other data sets are parked before they fail (the dashboard
	// then shows every panel offline from /health alone); when the alerts
	// do, they carry the error too.
	st := waitState(t, p, "outage published", func(st State) bool {
		return st.Health.Err != nil && st.Health.Failures >= 3
	})
	if st.Health.Err.Error() != want {
		t.Errorf("health error %q, want %q", st.Health.Err, want)
	}
	if st.Alerts.Err != nil {
		if st.Alerts.Err.Error() != want {
			t.Errorf("alerts error %q, want %q", st.Alerts.Err, want)
		}
		// The data sets wait for /health; the alerts wait at least a moment.
		if d := st.Alerts.NextAttempt.Sub(st.Alerts.FailingSince); d <= 0 {
			t.Errorf("no backoff: %v", d)
		}
	}
	if !st.Alerts.HasData || !st.Units.HasData || len(st.Indicators) != len(fxUnits) || !st.Indicators["330106"].HasData {
		t.Error("data lost during the outage")
	}
	srv = serveOn(t, addr, f)
	defer srv.Close()
	waitState(t, p, "recovery", func(st State) bool {
		return st.Alerts.Err == nil && st.Units.Err == nil && st.Health.Err == nil
	})
}

func TestPoller410Relist(t *testing.T) {
	f := newFakeAPI(10)
	c, _ := newTestClient(t, f, nil)
	p := startPoller(t, fastOptions(c, t.TempDir()))
	waitState(t, p, "first data", func(st State) bool { return st.Alerts.HasData })
	f.mu.Lock()
	delete(f.alerts, "A0000001") // gone in the "new database"
	f.mu.Unlock()
	f.newEpoch()
	waitState(t, p, "relisted", func(st State) bool {
		return st.Alerts.HasData && len(st.Alerts.Data.Alerts) == 9 && st.Alerts.Err == nil
	})
	if p.sync.Relists() != 1 {
		t.Errorf("relists = %d", p.sync.Relists())
	}
}

func TestSlowSubscriberDoesNotBlock(t *testing.T) {
	f := newFakeAPI(5)
	c, _ := newTestClient(t, f, nil)
	p := startPoller(t, fastOptions(c, t.TempDir()))
	slow, cancelSlow := p.Subscribe() // never read until the end
	defer cancelSlow()
	st := waitState(t, p, "many publications", func(st State) bool { return st.Seq > 30 })
	// The slow subscriber holds one State: the latest at the time, not the
	// first.
	got := <-slow
	if got.Seq < 2 {
		t.Errorf("slow subscriber got Seq %d", got.Seq)
	}
	if st.Seq <= 30 {
		t.Fatal("poller stalled")
	}
	if p.Current().Seq < st.Seq {
		t.Error("Current is behind")
	}
}

// TestPollerRefreshAndCoalescing: twenty refreshes at once make one poll;
// one more within RefreshGap is deferred to the gap's end, not dropped.
// In virtual time (synctest), so the bounds are exact on any machine.
func TestPollerRefreshAndCoalescing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newMemNet(newFakeAPI(5))
		p := memPoller(t, n)
		await(t, p, time.Minute, "units", func(st State) bool { return st.Units.HasData })
		n0 := n.counts()["/units"]
		for range 20 {
			p.Refresh()
		}
		synctest.Wait()
		n1 := n.counts()["/units"]
		if n1 != n0+1 {
			t.Errorf("20 refreshes made %d polls of /units, want 1", n1-n0)
		}
		p.Refresh() // within the gap: deferred to its end, not dropped
		time.Sleep(DefaultRefreshGap - time.Millisecond)
		synctest.Wait()
		if k := n.counts()["/units"]; k != n1 {
			t.Errorf("%d polls within the refresh gap, want none", k-n1)
		}
		time.Sleep(2 * time.Millisecond)
		synctest.Wait()
		if k := n.counts()["/units"]; k != n1+1 {
			t.Errorf("deferred refresh made %d polls, want 1", k-n1)
		}
	})
}

func TestBackoffDelay(t *testing.T) {
	base, maxN := 2*time.Second, 60*time.Second
	for n, want := range map[int]time.Duration{1: 2 * time.Second, 2: 4 * time.Second, 3: 8 * time.Second, 6: 60 * time.Second, 50: 60 * time.Second} {
		for i := 0; i < 50; i++ {
			d := backoffDelay(n, base, maxN)
			if d < want/2 || d > want {
				t.Fatalf("backoffDelay(%d) = %v, want in [%v, %v]", n, d, want/2, want)
			}
		}
	}
}

func TestPollerNoGoroutineLeak(t *testing.T) {
	f := newFakeAPI(5)
	srv := httptest.NewServer(f)
	defer srv.Close()
	runtime.GC()
	base := runtime.NumGoroutine()
	c, err := New(Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPoller(fastOptions(c, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	p.Start(context.Background())
	ch, _ := p.Subscribe()
	waitState(t, p, "loaded", allLoaded(len(fxUnits)))
	if _, err := p.Acknowledge("A0000001", "tester", ""); err != nil {
		t.Fatal(err)
	}
	p.Close()
	if _, open := <-ch; open {
		for range ch {
		}
	}
	c.Close() // closes the idle keep-alive connections and their goroutines
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > base {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines after Close, %d before:\n%s", n, base, buf[:runtime.Stack(buf, true)])
	}
}

func TestOptionsValidation(t *testing.T) {
	c, _ := New(Config{BaseURL: "http://x"})
	for _, o := range []Options{
		{},
		{Client: c, AlertsInterval: -1},
		{Client: c, MinBackoff: time.Minute, MaxBackoff: time.Second},
		{Client: c, Concurrency: -1},
	} {
		if _, err := NewPoller(o); err == nil {
			t.Errorf("NewPoller(%+v) accepted", o)
		}
	}
}

func TestPollerFollowsUnits(t *testing.T) {
	f := newFakeAPI(5)
	c, _ := newTestClient(t, f, nil)
	// The client's cache already holds /units: the poller's first poll of
	// it is a 304 and must still set up the per-unit data sets.
	if _, err := c.Units(context.Background()); err != nil {
		t.Fatal(err)
	}
	p := startPoller(t, fastOptions(c, t.TempDir()))
	waitState(t, p, "loaded", allLoaded(len(fxUnits)))
	f.mu.Lock()
	f.units.Units = append(f.units.Units[1:], api.Unit{ID: "330999", Name: "新院", NameEn: "New", Level: api.UnitBasic, ParentID: "330100", Departments: []api.Department{}})
	f.mu.Unlock()
	st := waitState(t, p, "units followed", func(st State) bool {
		_, gone := st.Indicators[fxUnits[0]]
		return !gone && st.Indicators["330999"].HasData && st.CoverageByPerson["330999"].HasData
	})
	if len(st.Indicators) != len(fxUnits) || len(st.CoverageByDept) != len(fxUnits) {
		t.Errorf("%d indicator and %d coverage snapshots", len(st.Indicators), len(st.CoverageByDept))
	}
}

// TestPerUnitNewsCoalesced: the per-unit data sets' answers (dozens a
// minute, mostly 304s) are published together at most every PublishGap,
// not one publication each, so subscribers (every SSH session) wake far
// less; an alerts answer is still published at once.
func TestPerUnitNewsCoalesced(t *testing.T) {
	f := newFakeAPI(5)
	c, _ := newTestClient(t, f, nil)
	opts := fastOptions(c, t.TempDir())
	opts.AlertsInterval, opts.HealthInterval, opts.UnitsInterval = time.Hour, time.Hour, time.Hour
	opts.PublishGap = 200 * time.Millisecond
	var perUnit atomic.Int32
	opts.OnPoll = func(e PollEvent) {
		if e.Unit != "" {
			perUnit.Add(1)
		}
	}
	p := startPoller(t, opts)
	waitState(t, p, "first data", allLoaded(len(fxUnits)))
	time.Sleep(100 * time.Millisecond)
	seq0, polls0 := p.Current().Seq, perUnit.Load()
	time.Sleep(time.Second)
	pubs, polls := p.Current().Seq-seq0, perUnit.Load()-polls0
	if polls < 20 {
		t.Fatalf("only %d per-unit polls in 1 s: the test tests nothing", polls)
	}
	if pubs > 8 {
		t.Errorf("%d publications for %d per-unit answers in 1 s, want at most about one per 200 ms", pubs, polls)
	}
	t.Logf("%d per-unit answers, %d publications", polls, pubs)
	// A forced poll of the alerts is published without waiting for the gap.
	before := p.Current().Seq
	p.Refresh()
	waitState(t, p, "the refresh published", func(st State) bool { return st.Seq > before })
}
