package sshserve

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/tui"
)

// requestCounter counts requests per path.
type requestCounter struct {
	h  http.Handler
	mu sync.Mutex
	n  map[string]int
}

func (c *requestCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.n[r.URL.Path]++
	c.mu.Unlock()
	c.h.ServeHTTP(w, r)
}

func (c *requestCounter) snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.n))
	for k, v := range c.n {
		out[k] = v
	}
	return out
}

func diff(a, b map[string]int) (map[string]int, int) {
	d, total := map[string]int{}, 0
	for k, v := range b {
		if v-a[k] != 0 {
			d[k] = v - a[k]
			total += v - a[k]
		}
	}
	return d, total
}

// Ten sessions cost the API what one does: they all read one poller.
//
// It runs in a synctest bubble over in-memory transports (the API's
// handler called directly, SSH over net.Pipe): the poll intervals and the
// measuring windows are virtual time, so the counts are exact whatever the
// machine's load, and the test does not wait them out.
func TestSessionsShareOnePoller(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the reference case system")
	}
	synctest.Test(t, sessionsShareOnePoller)
}

// handlerTransport is an http.RoundTripper that serves requests with a
// handler, in memory.
type handlerTransport struct{ h http.Handler }

// RoundTrip serves req with the handler.
func (tr handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	tr.h.ServeHTTP(rec, req)
	res := rec.Result()
	res.Request = req
	return res, nil
}

func sessionsShareOnePoller(t *testing.T) {
	sys, err := casesim.Open(t.Context(), casesim.Options{DBPath: ":memory:", Seed: 7, WarmupDays: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close() })
	api := &requestCounter{h: sys.Handler(), n: map[string]int{}}
	cl, err := client.New(client.Config{BaseURL: "http://casesim.test",
		WrapTransport: func(http.RoundTripper) http.RoundTripper { return handlerTransport{api} }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	// Fast alerts and health; per-unit data sets polled once in the test.
	p, err := client.NewPoller(client.Options{Client: cl, ReadOnly: true, OutboxPath: filepath.Join(t.TempDir(), "outbox.json"),
		AlertsInterval: 400 * time.Millisecond, HealthInterval: 400 * time.Millisecond,
		IndicatorsInterval: time.Hour, CoverageInterval: time.Hour, UnitsInterval: time.Hour, Stagger: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	p.Start(t.Context())
	t.Cleanup(func() { p.Close() })
	eventually(t, 15*time.Second, "first poll of every data set", func() bool {
		s := p.Current()
		if !s.Units.HasData || len(s.Indicators) == 0 {
			return false
		}
		for u := range s.Indicators {
			if s.Indicators[u].FetchedAt.IsZero() && s.Indicators[u].Err == nil ||
				s.CoverageByDept[u].FetchedAt.IsZero() && s.CoverageByDept[u].Err == nil ||
				s.CoverageByPerson[u].FetchedAt.IsZero() && s.CoverageByPerson[u].Err == nil {
				return false
			}
		}
		return true
	})

	ts := startServerInMemory(t, func(o *Options) { o.Dashboard = tui.Options{Source: p} })
	const window = 2 * time.Second
	measure := func() (map[string]int, int) {
		before := api.snapshot()
		time.Sleep(window)
		return diff(before, api.snapshot())
	}
	openTerm(t, ts.login(t, "alice", ts.viewer), true, nil).waitText(t, "│ viewer@test", 10*time.Second)
	one, oneTotal := measure()
	for range 9 {
		openTerm(t, ts.login(t, "alice", ts.viewer), true, nil).waitText(t, "│ viewer@test", 10*time.Second)
	}
	ten, tenTotal := measure()
	t.Logf("requests in %v: 1 session %d %v; 10 sessions %d %v", window, oneTotal, one, tenTotal, ten)
	if oneTotal == 0 {
		t.Fatal("the poller made no requests")
	}
	// Polls at 400 ms give 5±1 per path in a window; sessions add nothing.
	for path, n := range ten {
		if d := n - one[path]; d > 2 || d < -2 {
			t.Errorf("%s: %d requests with 10 sessions, %d with 1", path, n, one[path])
		}
	}
	if tenTotal > oneTotal+3 {
		t.Errorf("10 sessions made %d requests, 1 made %d", tenTotal, oneTotal)
	}
}
