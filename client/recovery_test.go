package client

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/casewatch/casewatch/api"
)

// The recovery tests run the poller with its default intervals and the
// client with its default timeouts inside a synctest bubble, over an
// in-memory transport: time is virtual, so minutes of outage take
// milliseconds and every bound is exact.

// memMode is how memNet treats a request.
type memMode int

const (
	memUp          memMode = iota
	memRefused             // every request: connection refused
	memReset               // every request: connection reset
	memHang                // every request hangs until its context ends
	memHangData            // every request but /health hangs
	memErrorData           // every request but /health answers 500
	memTruncData           // every request but /health answers a cut body
	memRetryAfter          // every request but /health answers 503, Retry-After: 30
	memMalformData         // every request but /health answers invalid JSON
	memHangUnits           // the per-unit data sets (indicators, coverage) hang
)

// memNet is an http.RoundTripper that serves a handler in memory, for
// synctest bubbles (real sockets are not allowed to block there), and
// fails on demand.
type memNet struct {
	h    http.Handler
	mu   sync.Mutex
	mode memMode
	hits map[string]int // path → requests
}

func newMemNet(h http.Handler) *memNet { return &memNet{h: h, hits: map[string]int{}} }

func (n *memNet) set(m memMode) {
	n.mu.Lock()
	n.mode = m
	n.mu.Unlock()
}

// counts returns a copy of the hits per path.
func (n *memNet) counts() map[string]int {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make(map[string]int, len(n.hits))
	for k, v := range n.hits {
		out[k] = v
	}
	return out
}

// RoundTrip implements http.RoundTripper.
func (n *memNet) RoundTrip(req *http.Request) (*http.Response, error) {
	path := strings.TrimPrefix(req.URL.Path, api.BasePath)
	n.mu.Lock()
	n.hits[path]++
	if u := req.URL.Query().Get("unit"); u != "" {
		n.hits[path+"?unit="+u]++
	}
	mode := n.mode
	n.mu.Unlock()
	data := path != "/health"
	rec := httptest.NewRecorder()
	switch {
	case mode == memRefused:
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	case mode == memReset:
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	case mode == memHang, mode == memHangData && data,
		mode == memHangUnits && (path == "/indicators" || path == "/coverage"):
		<-req.Context().Done()
		return nil, req.Context().Err()
	case mode == memErrorData && data:
		problem(rec, http.StatusInternalServerError, "injected", "", "")
	case mode == memRetryAfter && data:
		rec.Header().Set("Retry-After", "30")
		problem(rec, http.StatusServiceUnavailable, "injected", "", "")
	case mode == memTruncData && data:
		full := httptest.NewRecorder()
		n.h.ServeHTTP(full, req)
		rec.Header().Set("Content-Type", "application/json")
		_, _ = rec.Write(full.Body.Bytes()[:full.Body.Len()/2])
	case mode == memMalformData && data:
		rec.Header().Set("Content-Type", "application/json")
		_, _ = rec.WriteString(`{"alerts": [}`)
	default:
		n.h.ServeHTTP(rec, req)
	}
	return rec.Result(), nil
}

// memPoller starts a poller with default options (read-only) on a client
// with default timeouts over n (a memNet, or a wrapper of one); it closes
// at the end of the bubble's test.
func memPoller(t *testing.T, n http.RoundTripper) *Poller {
	t.Helper()
	c, err := New(Config{BaseURL: "http://casesim.test", WrapTransport: func(http.RoundTripper) http.RoundTripper { return n }})
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPoller(Options{Client: c, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	p.Start(context.Background())
	t.Cleanup(func() { p.Close(); c.Close() })
	return p
}

// await steps virtual time by 100 ms until ok holds of the poller's state,
// and returns how long that took; it fails the test after limit.
func await(t *testing.T, p *Poller, limit time.Duration, what string, ok func(State) bool) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		synctest.Wait()
		if ok(p.Current()) {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			st := p.Current()
			t.Fatalf("%s: not within %v; health err %v, alerts err %v (failures %d, next in %v)", what, limit,
				st.Health.Err, st.Alerts.Err, st.Alerts.Failures, time.Until(st.Alerts.NextAttempt))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// setMeta is what the recovery tests look at in a snapshot.
type setMeta struct {
	name     string
	fetched  time.Time
	err      error
	interval time.Duration
}

func metaOf[T any](name string, s Feed[T]) setMeta {
	return setMeta{name: name, fetched: s.FetchedAt, err: s.Err, interval: s.Interval}
}

// everySet applies ok to every data set of st.
func everySet(st State, ok func(setMeta) bool) bool {
	all := ok(metaOf("health", st.Health)) && ok(metaOf("units", st.Units)) && ok(metaOf("alerts", st.Alerts)) &&
		len(st.Indicators) == len(fxUnits)
	for _, u := range fxUnits {
		all = all && ok(metaOf("indicators "+u, st.Indicators[u])) && ok(metaOf("coverage "+u, st.CoverageByDept[u])) &&
			ok(metaOf("coverage by person "+u, st.CoverageByPerson[u]))
	}
	return all
}

// freshSince reports whether every data set is fresh: without error, and
// fetched after since or within its interval (a data set that had no
// reason to poll during a fault is as fresh as its schedule makes it).
func freshSince(since time.Time) func(State) bool {
	return func(st State) bool {
		return everySet(st, func(m setMeta) bool {
			return m.err == nil && !m.fetched.IsZero() && (m.fetched.After(since) || time.Since(m.fetched) <= m.interval)
		})
	}
}

// TestPollerRecoversWithinOneInterval: after a long outage of every kind,
// every data set (alerts every 5 s, indicators and coverage every minute,
// units every 10 minutes) is fresh within one alerts interval (+1 s) of
// the API answering again. Before, the backoff had doubled to 60 s.
func TestPollerRecoversWithinOneInterval(t *testing.T) {
	for _, c := range []struct {
		name string
		mode memMode
	}{
		{"refused", memRefused}, {"reset", memReset}, {"hang", memHang}, {"hang-data", memHangData},
		{"error-data", memErrorData}, {"truncated-data", memTruncData}, {"malformed-data", memMalformData},
	} {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				n := newMemNet(newFakeAPI(5))
				p := memPoller(t, n)
				await(t, p, time.Minute, "first data", freshSince(time.Time{}))
				n.set(c.mode)
				time.Sleep(5 * time.Minute)
				n.set(memUp)
				took := await(t, p, 2*time.Minute, "every data set fresh", freshSince(time.Now()))
				bound := DefaultAlertsInterval + time.Second
				if c.mode == memHangData {
					// The attempt under way toward a hanging data endpoint
					// runs out its timeout first.
					bound = DefaultTimeout + time.Second
				}
				t.Logf("every data set fresh %v after the API answered again", took)
				if took > bound {
					t.Errorf("recovery took %v, more than %v", took, bound)
				}
			})
		})
	}
}

// TestPollerProbesHealthWhileDown: while the API is unreachable, the data
// sets wait and only /health is asked, at the alerts' interval.
func TestPollerProbesHealthWhileDown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newMemNet(newFakeAPI(5))
		p := memPoller(t, n)
		await(t, p, time.Minute, "first data", freshSince(time.Time{}))
		n.set(memRefused)
		await(t, p, time.Minute, "health failing", func(st State) bool { return st.Health.Err != nil })
		time.Sleep(10 * time.Second) // the data sets in flight end
		before := n.counts()
		time.Sleep(time.Minute)
		after := n.counts()
		for path, k := range after {
			if path != "/health" && k != before[path] {
				t.Errorf("%s asked %d times while the API was down", path, k-before[path])
			}
		}
		// One call a probe, each of three attempts (two retries); one
		// probe every 2.5 to 5 s.
		calls := (after["/health"] - before["/health"]) / (DefaultRetries + 1)
		if calls < 12 || calls > 25 {
			t.Errorf("%d probes of /health in a minute, want one every 2.5 to 5 s", calls)
		}
		if st := p.Current(); CodeOf(st.Health.Err) != CodeRefused {
			t.Errorf("health error %v (%s), want %s", st.Health.Err, CodeOf(st.Health.Err), CodeRefused)
		}
	})
}

// TestPollerTimeoutShownWithinOneTimeout: a server that accepts and hangs
// is reported as timing out one attempt timeout after the attempt began,
// not at the end of the call's retries (30 s).
func TestPollerTimeoutShownWithinOneTimeout(t *testing.T) {
	for _, c := range []struct {
		name string
		mode memMode
		set  func(State) error
	}{
		{"data", memHangData, func(st State) error { return st.Alerts.Err }},
		{"everything", memHang, func(st State) error { return st.Health.Err }},
	} {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				n := newMemNet(newFakeAPI(5))
				p := memPoller(t, n)
				await(t, p, time.Minute, "first data", freshSince(time.Time{}))
				n.set(c.mode)
				// The next poll starts within its interval (health: 10 s),
				// then its first attempt runs out after 10 s.
				bound := DefaultHealthInterval + DefaultTimeout + time.Second
				took := await(t, p, time.Minute, "timeout shown", func(st State) bool { return CodeOf(c.set(st)) == CodeTimeout })
				t.Logf("timeout shown %v after the server began to hang: %v", took, c.set(p.Current()))
				if took > bound {
					t.Errorf("timeout shown after %v, more than %v", took, bound)
				}
			})
		})
	}
}

// TestPollerBackoffCappedAtInterval: a data set failing for minutes is
// still retried within its own interval; only a Retry-After makes it
// wait longer, and then at least as long as the server asked.
func TestPollerBackoffCappedAtInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newMemNet(newFakeAPI(5))
		p := memPoller(t, n)
		await(t, p, time.Minute, "first data", freshSince(time.Time{}))
		n.set(memErrorData)
		time.Sleep(3 * time.Minute)
		var worst time.Duration
		for range 600 { // a minute in steps of 100 ms
			st := p.Current()
			if st.Alerts.Failures < 10 {
				t.Fatalf("only %d failures of the alerts after 3 minutes of errors", st.Alerts.Failures)
			}
			worst = max(worst, time.Until(st.Alerts.NextAttempt))
			time.Sleep(100 * time.Millisecond)
			synctest.Wait()
		}
		if worst > DefaultAlertsInterval {
			t.Errorf("after %d failures the next attempt was %v away, more than the %v interval", p.Current().Alerts.Failures, worst, DefaultAlertsInterval)
		}

		n.set(memRetryAfter)
		await(t, p, time.Minute, "503 seen", func(st State) bool { return CodeOf(st.Alerts.Err) == CodeUnavailable })
		seen := time.Now()
		hits := n.counts()["/alerts"]
		time.Sleep(29 * time.Second)
		synctest.Wait()
		if k := n.counts()["/alerts"]; k != hits {
			t.Errorf("/alerts asked %d times within the 30 s the server asked for", k-hits)
		}
		if next := p.Current().Alerts.NextAttempt.Sub(seen); next < 29*time.Second {
			t.Errorf("next attempt %v after a Retry-After of 30 s", next)
		}
	})
}

// TestPollerOtherFailingSetsRetriedOnRecovery: when the API answers again,
// the data sets whose last attempt failed (indicators and coverage,
// polled once a minute) are retried at once, not a minute later.
func TestPollerOtherFailingSetsRetriedOnRecovery(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newMemNet(newFakeAPI(5))
		p := memPoller(t, n)
		await(t, p, time.Minute, "first data", freshSince(time.Time{}))
		n.set(memErrorData)
		await(t, p, 3*time.Minute, "every data set failing", func(st State) bool {
			return everySet(st, func(m setMeta) bool { return m.name == "health" || m.name == "units" || m.err != nil })
		})
		n.set(memUp)
		took := await(t, p, 2*time.Minute, "every data set fresh", freshSince(time.Now()))
		if bound := DefaultAlertsInterval + time.Second; took > bound {
			t.Errorf("recovery took %v, more than %v", took, bound)
		}
	})
}

// TestPollerAlertsNotBehindUnitSets: while the per-unit data sets hang
// (21 of them, each call 30 s of timeouts, four at a time), the alerts
// still poll on their interval: a new alert shows within it.
func TestPollerAlertsNotBehindUnitSets(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeAPI(5)
		n := newMemNet(f)
		p := memPoller(t, n)
		await(t, p, time.Minute, "first data", freshSince(time.Time{}))
		n.set(memHangUnits)
		time.Sleep(3 * time.Minute)
		f.put(fxAlert(1000))
		took := await(t, p, time.Minute, "the new alert", func(st State) bool {
			as := st.Alerts.Data.Alerts
			return len(as) > 0 && as[len(as)-1].ID == "A0001000"
		})
		if bound := DefaultAlertsInterval + time.Second; took > bound {
			t.Errorf("the new alert showed %v after it was made, more than %v", took, bound)
		}
	})
}

// TestPollerProvinceFirstWhenSlow: when the server is too slow for every
// per-unit data set (each call 30 s of timeouts, 21 data sets, four at a
// time), the first unit's (the province's, the default scope) still poll
// about once a minute and a half rather than waiting their turn behind
// every other unit's.
func TestPollerProvinceFirstWhenSlow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newMemNet(newFakeAPI(5))
		p := memPoller(t, n)
		await(t, p, time.Minute, "first data", freshSince(time.Time{}))
		n.set(memHangUnits)
		time.Sleep(time.Minute)
		key := "/indicators?unit=" + fxUnits[0]
		before := n.counts()[key]
		time.Sleep(10 * time.Minute)
		calls := (n.counts()[key] - before) / (DefaultRetries + 1)
		t.Logf("%d calls of %s in 10 minutes", calls, key)
		if calls < 6 {
			t.Errorf("%d calls of %s in 10 minutes, want one every 90 s at least", calls, key)
		}
	})
}
