package e2e

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui"
)

// TestRecoveryTimes measures, per fault kind, how long the dashboard
// (the real client, poller and TUI model, with their default timeouts and
// intervals) takes to say what is wrong once a fault starts, and to show
// every panel fresh again once it ends, against the real reference system
// behind the fault injector on a loopback port. It takes a few minutes,
// so it runs only when CASEWATCH_RECOVERY is set:
//
//	CASEWATCH_RECOVERY=1 go test ./e2e -run TestRecoveryTimes -v
//
// CASEWATCH_RECOVERY_HOLD sets how long each fault lasts (default 75s, more than the indicators' and coverage's 1-minute interval).
// The figures are in docs/FAULTS.md.
func TestRecoveryTimes(t *testing.T) { //nolint:tparallel // a measurement: its fault kinds run side by side, the test alone
	if os.Getenv("CASEWATCH_RECOVERY") == "" {
		t.Skip("measurement; set CASEWATCH_RECOVERY=1 to run it (takes minutes)")
	}
	hold := 75 * time.Second // longer than the indicators' and coverage's interval
	if v := os.Getenv("CASEWATCH_RECOVERY_HOLD"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatal(err)
		}
		hold = d
	}
	sys, err := casesim.Open(t.Context(), casesim.Options{DBPath: ":memory:", Seed: 1, Speed: 0, Start: faultStart, WarmupDays: 60})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close() })
	kinds := []recoveryKind{
		{name: "refused", refuse: true},
		{name: "outage", spec: fmt.Sprintf("outage=%v@0s", hold), lasts: true},
		{name: "unavailable", spec: "unavailable=1,retry-after=5s"},
		{name: "error", spec: "error=1"},
		{name: "reset", spec: "reset=1"},
		{name: "truncate", spec: "truncate=1"},
		{name: "malformed", spec: "malformed=1"},
		{name: "latency", spec: "latency=15s"},
		{name: "drip", spec: "drip=1,drip-rate=20B/s"},
	}
	var (
		mu   sync.Mutex
		rows []string
	)
	t.Cleanup(func() {
		slices.Sort(rows)
		t.Logf("hold %v; kind | failure shown after | banner | alerts / indicators / coverage fresh after the end | screen clean after the end\n%s",
			hold, strings.Join(rows, "\n"))
	})
	for i, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			t.Parallel()
			row := recoveryRun(t, sys, fmt.Sprintf("127.0.0.1:%d", 18310+i), k, hold)
			mu.Lock()
			rows = append(rows, row)
			mu.Unlock()
		})
	}
}

// recoveryKind is one fault of the measurement.
type recoveryKind struct {
	name string
	spec string
	// refuse stops the server instead (connection refused), and starts it
	// again at the end.
	refuse bool
	// lasts: the spec's outage window ends by itself.
	lasts bool
}

func recoveryRun(t *testing.T, sys *casesim.System, addr string, k recoveryKind, hold time.Duration) string {
	sw := &faultSwitch{api: sys.Handler()}
	srv := &toggleServer{addr: addr, h: sw}
	srv.start(t)
	t.Cleanup(srv.stop)

	cl, err := client.New(client.Config{BaseURL: "http://" + addr, UserAgent: "casewatch-recovery"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	p, err := client.NewPoller(client.Options{Client: cl, ReadOnly: true, OutboxPath: filepath.Join(t.TempDir(), "outbox.json")})
	if err != nil {
		t.Fatal(err)
	}
	p.Start(t.Context())
	t.Cleanup(func() { p.Close() })
	m := tui.New(tui.Options{Source: &faultSource{Poller: p}, Fetcher: cl, Lang: i18n.EN, Theme: theme.Dark, User: faultUser})
	d := faultNewDriver(t, m)

	root := func() string {
		for _, u := range p.Current().Units.Data.Units {
			if u.ParentID == "" {
				return u.ID
			}
		}
		return ""
	}
	// fresh reports, per panel, whether its data is fresh: without error,
	// and fetched after since or (indicators and coverage, polled once a
	// minute) within its interval, when the fault gave it no reason to
	// poll.
	fresh := func(since time.Time) [3]bool {
		st := p.Current()
		r := root()
		ok := func(has bool, at time.Time, err error, iv time.Duration) bool {
			return has && err == nil && (at.After(since) || time.Since(at) <= iv)
		}
		a, in, c := st.Alerts, st.Indicators[r], st.CoverageByDept[r]
		return [3]bool{ok(a.HasData, a.FetchedAt, a.Err, 0), ok(in.HasData, in.FetchedAt, in.Err, in.Interval),
			ok(c.HasData, c.FetchedAt, c.Err, c.Interval)}
	}
	all := func(f [3]bool) bool { return f[0] && f[1] && f[2] }
	if !d.pump(90*time.Second, func() bool { return root() != "" && all(fresh(time.Time{})) }) {
		t.Fatalf("no data before the fault:\n%s", d.view())
	}
	d.pump(time.Second, nil)

	// The fault starts.
	on := time.Now()
	var in interface{ InOutage() bool }
	if k.refuse {
		srv.stop()
	} else {
		in = sw.set(t, k.spec)
	}
	shown, banner := time.Duration(-1), ""
	d.pump(hold, func() bool {
		if shown < 0 {
			if b := bannerLine(d.view()); b != "" {
				shown, banner = time.Since(on), b
				if os.Getenv("CASEWATCH_RECOVERY_DEBUG") != "" {
					st := p.Current()
					t.Logf("shown: health %v; alerts %v; indicators %v", st.Health.Err, st.Alerts.Err, st.Indicators[root()].Err)
				}
			}
		}
		return false
	})

	if os.Getenv("CASEWATCH_RECOVERY_DEBUG") != "" {
		st := p.Current()
		t.Logf("end of fault: alerts err %v failures %d fetched %v; health err %v; injected %v", st.Alerts.Err, st.Alerts.Failures, time.Since(st.Alerts.FetchedAt), st.Health.Err, in)
	}
	// The fault ends.
	switch {
	case k.refuse:
		srv.start(t)
	case k.lasts:
		for in.InOutage() {
			d.pump(50*time.Millisecond, nil)
		}
	default:
		sw.off()
	}
	off := time.Now()
	took := [3]time.Duration{-1, -1, -1}
	clean := time.Duration(-1)
	d.pump(120*time.Second, func() bool {
		f := fresh(off)
		for i := range f {
			if f[i] && took[i] < 0 {
				took[i] = time.Since(off)
			}
		}
		if clean < 0 && all(f) && recoveryClean(d.view()) {
			clean = time.Since(off)
		}
		return all(f) && clean >= 0
	})
	ms := func(d time.Duration) string {
		if d < 0 {
			return "never"
		}
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	if len(banner) > 90 {
		banner = banner[:90] + "…"
	}
	row := fmt.Sprintf("%-11s | %6s | %s | %s / %s / %s | %s", k.name, ms(shown), banner, ms(took[0]), ms(took[1]), ms(took[2]), ms(clean))
	t.Log(row)
	if clean < 0 {
		t.Errorf("the screen never recovered:\n%s", d.view())
	}
	return row
}

// bannerLine returns the line of view that holds a warning banner, or "".
func bannerLine(view string) string {
	for _, l := range strings.Split(view, "\n") {
		if i := strings.Index(l, "⚠"); i >= 0 {
			return strings.TrimSpace(l[i:])
		}
	}
	return ""
}

// recoveryClean reports whether view shows no banner and no panel marked
// failing, offline or STALE.
func recoveryClean(view string) bool {
	if bannerLine(view) != "" {
		return false
	}
	for _, w := range []string{"offline", "STALE", "failed", "error"} {
		if strings.Contains(view, w) {
			return false
		}
	}
	return true
}

// toggleServer serves h on a fixed loopback address and can be stopped
// (connections refused) and started again.
type toggleServer struct {
	addr string
	h    http.Handler
	mu   sync.Mutex
	srv  *http.Server
}

func (s *toggleServer) start(t *testing.T) {
	t.Helper()
	var (
		ln  net.Listener
		err error
	)
	for range 50 { // the port may linger a moment after a stop
		if ln, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: s.h}
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve %s: %v", s.addr, err)
		}
	}()
}

func (s *toggleServer) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		s.srv.Close()
		s.srv = nil
	}
}
