package faults

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
)

func TestParseExample(t *testing.T) {
	const text = "latency=200ms,jitter=100ms,error=0.2,unavailable=0.1,retry-after=5s,reset=0.05,truncate=0.05," +
		"malformed=0.05,oversize=0.02,oversize-bytes=64MiB,drip=0.05,drip-rate=1KiB/s,stale-cursor=0.1," +
		"outage=30s@60s, outage=10s@every=5m"
	s, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	want := Spec{Latency: 200 * time.Millisecond, Jitter: 100 * time.Millisecond, Error: 0.2, Unavailable: 0.1,
		RetryAfter: 5 * time.Second, Reset: 0.05, Truncate: 0.05, Malformed: 0.05, Oversize: 0.02,
		OversizeBytes: 64 << 20, Drip: 0.05, DripRate: 1024, StaleCursor: 0.1,
		Outages: []OutageWindow{{Duration: 30 * time.Second, Start: time.Minute}, {Duration: 10 * time.Second, Every: 5 * time.Minute}}}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("Parse:\n got %+v\nwant %+v", s, want)
	}
	again, err := Parse(s.String())
	if err != nil || !reflect.DeepEqual(again, s) {
		t.Fatalf("round trip through %q: %+v, %v", s.String(), again, err)
	}
	for text, want := range map[string]Spec{
		"":                          {},
		"  ":                        {},
		"error=20%":                 {Error: 0.2},
		"OVERSIZE-BYTES=1.5KB":      {OversizeBytes: 1500},
		"drip-rate=100":             {DripRate: 100},
		"drip-rate=2MiB/s":          {DripRate: 2 << 20},
		"outage=1s@0s,outage=1s@5s": {Outages: []OutageWindow{{Duration: time.Second}, {Duration: time.Second, Start: 5 * time.Second}}},
	} {
		got, err := Parse(text)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", text, got, err, want)
		}
	}
	if !(Spec{}).IsZero() || s.IsZero() {
		t.Error("IsZero")
	}
}

func TestParseErrors(t *testing.T) {
	for text, want := range map[string]string{
		"error=1.5":                          `item 1 "error=1.5": 1.5 is not a share in [0, 1]`,
		"latency=1s,error=x":                 `item 2 "error=x": "x" is not a number`,
		"latency=fast":                       `item 1 "latency=fast": "fast" is not a duration`,
		"latency=-1s":                        `item 1 "latency=-1s": -1s is negative`,
		"latency=1s,,error=0.1":              `item 2 "": empty item`,
		"error=0.1,":                         `item 2 "": empty item`,
		"bogus=1":                            `item 1 "bogus=1": unknown key "bogus"`,
		"error":                              `item 1 "error": want key=value`,
		"error=":                             `item 1 "error=": no value for error`,
		"error=0.1,error=0.2":                `item 2 "error=0.2": error is already given by item 1`,
		"retry-after=500ms":                  `item 1 "retry-after=500ms": 500ms is below 1s`,
		"oversize-bytes=10":                  `item 1 "oversize-bytes=10": 10 bytes is below the minimum of 64`,
		"oversize-bytes=5furlongs":           `unknown unit "furlongs"`,
		"oversize-bytes=-5":                  `-5 is negative`,
		"oversize-bytes=2TiB":                `unknown unit`,
		"oversize-bytes=2000GiB":             `more than 1 TiB`,
		"drip-rate=0/s":                      `at least 1 byte per second`,
		"outage=30s":                         `item 1 "outage=30s": want DURATION@START or DURATION@every=PERIOD`,
		"outage=0s@1s":                       `the duration must be positive`,
		"outage=30s@soon":                    `start: "soon" is not a duration`,
		"outage=30s@every=20s":               `the period 20s must be longer than the outage 30s`,
		"outage=1s@1s,outage=5s@every=x":     `item 2 "outage=5s@every=x": period:`,
		"error=0.5,unavailable=0.4,drip=0.2": "add up to 1.1",
		"stale-cursor=NaN":                   `is not a number`,
	} {
		_, err := Parse(text)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q): %v; want an error containing %q", text, err, want)
		}
	}
	var se *SpecError
	if _, err := Parse("latency=1s,jitter=oops"); !errors.As(err, &se) || se.Pos != 2 || se.Item != "jitter=oops" {
		t.Errorf("SpecError: %#v", se)
	}
}

func TestValidate(t *testing.T) {
	for _, s := range []Spec{
		{Error: -0.1}, {Drip: 2}, {Latency: -time.Second}, {RetryAfter: time.Millisecond},
		{OversizeBytes: 3}, {Outages: []OutageWindow{{Duration: 0}}}, {Outages: []OutageWindow{{Duration: time.Second, Every: time.Second}}},
	} {
		if s.Validate() == nil {
			t.Errorf("%+v validated", s)
		}
		if _, err := New(s, 1, nil); err == nil {
			t.Errorf("New(%+v) accepted it", s)
		}
	}
}

func TestOutageWindow(t *testing.T) {
	once := OutageWindow{Duration: 2 * time.Second, Start: 5 * time.Second}
	every := OutageWindow{Duration: 2 * time.Second, Every: 10 * time.Second}
	for _, c := range []struct {
		at          time.Duration
		once, every bool
	}{
		{0, false, false}, {4999 * time.Millisecond, false, false}, {5 * time.Second, true, false},
		{6999 * time.Millisecond, true, false}, {7 * time.Second, false, false},
		{10 * time.Second, false, true}, {11 * time.Second, false, true}, {12 * time.Second, false, false},
		{31 * time.Second, false, true},
	} {
		if got := once.Active(c.at); got != c.once {
			t.Errorf("%v at %v: %v", once, c.at, got)
		}
		if got := every.Active(c.at); got != c.every {
			t.Errorf("%v at %v: %v", every, c.at, got)
		}
	}
}

// testBody is what the test API answers.
const testBody = `{"alerts":[{"id":"A1","title":"a, \"quoted\" [title]"},{"id":"A2"}],"sync_cursor":"c1"}` + "\n"

// testAPI answers testBody (304 to a matching If-None-Match) and counts
// the requests that reach it.
type testAPI struct {
	mu    sync.Mutex
	paths []string
}

// ServeHTTP implements http.Handler.
func (a *testAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.paths = append(a.paths, r.Method+" "+r.URL.Path)
	a.mu.Unlock()
	w.Header().Set("ETag", `"v1"`)
	if r.Header.Get("If-None-Match") == `"v1"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(testBody))
}

func (a *testAPI) hits() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.paths)
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func serveSpec(t *testing.T, text string, clock func() time.Time) (*httptest.Server, *Injector, *testAPI) {
	t.Helper()
	s, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	in, err := New(s, 7, clock)
	if err != nil {
		t.Fatal(err)
	}
	a := &testAPI{}
	srv := httptest.NewServer(in.Wrap(a))
	t.Cleanup(srv.Close)
	return srv, in, a
}

type result struct {
	resp *http.Response
	body []byte
	err  error
	took time.Duration
}

func fetch(t *testing.T, srv *httptest.Server, method, path string, hdr ...string) result {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	// A fresh connection each time, so that a reset does not leak.
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return result{err: err, took: time.Since(start)}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return result{resp: resp, body: b, err: err, took: time.Since(start)}
}

func wantProblem(t *testing.T, r result, status int) api.Problem {
	t.Helper()
	if r.err != nil {
		t.Fatal(r.err)
	}
	if r.resp.StatusCode != status || r.resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("status %d %q, want %d problem+json", r.resp.StatusCode, r.resp.Header.Get("Content-Type"), status)
	}
	var p api.Problem
	if err := json.Unmarshal(r.body, &p); err != nil || p.Status != status || p.Detail == "" {
		t.Fatalf("problem %s: %v", r.body, err)
	}
	return p
}

func TestStatusFaults(t *testing.T) {
	srv, in, a := serveSpec(t, "error=1", nil)
	wantProblem(t, fetch(t, srv, "GET", "/api/v1/alerts"), http.StatusInternalServerError)
	wantProblem(t, fetch(t, srv, "POST", "/api/v1/alerts/A1/ack"), http.StatusInternalServerError)
	if r := fetch(t, srv, "GET", "/api/v1/health"); r.err != nil || r.resp.StatusCode != 200 {
		t.Fatalf("health is not exempt: %+v", r)
	}
	if a.hits() != 1 || in.Count(Error) != 2 {
		t.Fatalf("hits %d, counts %v", a.hits(), in.Counts())
	}

	srv, _, _ = serveSpec(t, "unavailable=1,retry-after=1500ms", nil)
	r := fetch(t, srv, "GET", "/api/v1/alerts")
	wantProblem(t, r, http.StatusServiceUnavailable)
	if ra := r.resp.Header.Get("Retry-After"); ra != "2" {
		t.Errorf("Retry-After %q, want 2 (seconds, rounded up)", ra)
	}
	srv, _, _ = serveSpec(t, "unavailable=1", nil)
	if ra := fetch(t, srv, "GET", "/api/v1/alerts").resp.Header.Get("Retry-After"); ra != "1" {
		t.Errorf("default Retry-After %q, want 1", ra)
	}

	srv, in, a = serveSpec(t, "stale-cursor=1", nil)
	if p := wantProblem(t, fetch(t, srv, "GET", "/api/v1/alerts?since=abc"), http.StatusGone); p.Param != "since" {
		t.Errorf("param %q", p.Param)
	}
	if p := wantProblem(t, fetch(t, srv, "GET", "/api/v1/cases?cursor=abc"), http.StatusGone); p.Param != "cursor" {
		t.Errorf("param %q", p.Param)
	}
	if r := fetch(t, srv, "GET", "/api/v1/alerts?status=all"); r.err != nil || r.resp.StatusCode != 200 {
		t.Errorf("a request without cursor got %+v", r)
	}
	if a.hits() != 1 || in.Count(StaleCursor) != 2 {
		t.Errorf("hits %d, counts %v", a.hits(), in.Counts())
	}
}

func TestBodyFaults(t *testing.T) {
	// Truncate and malformed spoil a full answer even when the client holds
	// a matching ETag (the API would answer 304 without a body).
	srv, in, _ := serveSpec(t, "truncate=1", nil)
	for range 20 {
		r := fetch(t, srv, "GET", "/api/v1/alerts", "If-None-Match", `"v1"`, "Accept-Encoding", "gzip")
		if r.err != nil || r.resp.StatusCode != 200 {
			t.Fatalf("truncate: %+v", r)
		}
		if len(r.body) == 0 || len(r.body) >= len(strings.TrimSpace(testBody)) || !strings.HasPrefix(testBody, string(r.body)) ||
			json.Valid(r.body) || r.resp.ContentLength != int64(len(r.body)) {
			t.Fatalf("truncated body %q (Content-Length %d)", r.body, r.resp.ContentLength)
		}
	}
	if in.Count(Truncate) != 20 {
		t.Errorf("counts %v", in.Counts())
	}

	srv, _, _ = serveSpec(t, "malformed=1", nil)
	for range 20 {
		r := fetch(t, srv, "GET", "/api/v1/alerts", "If-None-Match", `"v1"`)
		if r.err != nil || r.resp.StatusCode != 200 || len(r.body) != len(testBody) || json.Valid(r.body) ||
			r.resp.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("malformed: %q %+v", r.body, r)
		}
	}

	srv, in, _ = serveSpec(t, "oversize=1,oversize-bytes=3MiB", nil)
	r := fetch(t, srv, "GET", "/api/v1/alerts")
	if r.err != nil || r.resp.StatusCode != 200 || len(r.body) != 3<<20 || !json.Valid(r.body) || r.resp.ContentLength != -1 {
		t.Fatalf("oversize: %d bytes, Content-Length %d, %v", len(r.body), r.resp.ContentLength, r.err)
	}
	if in.Count(Oversize) != 1 {
		t.Errorf("counts %v", in.Counts())
	}
	// A client that stops reading does not keep the server streaming.
	srv, in, _ = serveSpec(t, "oversize=1,oversize-bytes=1GiB", nil)
	resp, err := http.Get(srv.URL + "/api/v1/alerts")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.CopyN(io.Discard, resp.Body, 1<<20)
	resp.Body.Close()
	if in.Count(Oversize) != 1 {
		t.Errorf("counts %v", in.Counts())
	}

	srv, _, _ = serveSpec(t, "drip=1,drip-rate=400B/s", nil)
	r = fetch(t, srv, "GET", "/api/v1/alerts")
	if r.err != nil || string(r.body) != testBody || r.took < 150*time.Millisecond {
		t.Fatalf("drip: %q after %v: %v", r.body, r.took, r.err)
	}
}

func TestResetAndOutage(t *testing.T) {
	srv, in, a := serveSpec(t, "reset=1", nil)
	for range 10 {
		if r := fetch(t, srv, "GET", "/api/v1/alerts"); r.err == nil {
			t.Fatalf("reset: a whole answer came through: %d %q", r.resp.StatusCode, r.body)
		}
	}
	if in.Count(Reset) != 10 || a.hits() != 10 {
		t.Errorf("counts %v, hits %d", in.Counts(), a.hits())
	}

	clock := &fakeClock{t: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	srv, in, a = serveSpec(t, "outage=2s@5s,error=1", clock.now)
	if r := fetch(t, srv, "GET", "/api/v1/health"); r.err != nil || r.resp.StatusCode != 200 {
		t.Fatalf("before the outage: %+v", r)
	}
	clock.add(5 * time.Second)
	if !in.InOutage() {
		t.Fatal("not in the outage")
	}
	for _, p := range []string{"/api/v1/health", "/api/v1/alerts"} {
		if r := fetch(t, srv, "GET", p); r.err == nil {
			t.Fatalf("%s answered during the outage: %d", p, r.resp.StatusCode)
		}
	}
	clock.add(2 * time.Second)
	if r := fetch(t, srv, "GET", "/api/v1/health"); r.err != nil || r.resp.StatusCode != 200 {
		t.Fatalf("after the outage: %+v", r)
	}
	if in.Count(Outage) != 2 || a.hits() != 2 {
		t.Errorf("counts %v, hits %d", in.Counts(), a.hits())
	}
}

func TestLatency(t *testing.T) {
	srv, in, _ := serveSpec(t, "latency=150ms,jitter=50ms", nil)
	if r := fetch(t, srv, "GET", "/api/v1/alerts"); r.err != nil || r.took < 150*time.Millisecond {
		t.Fatalf("latency: %v after %v", r.err, r.took)
	}
	if r := fetch(t, srv, "GET", "/api/v1/health"); r.err != nil || r.took >= 150*time.Millisecond {
		t.Fatalf("health delayed: %v after %v", r.err, r.took)
	}
	if in.Count(Latency) != 1 { // /health is exempt
		t.Errorf("counts %v", in.Counts())
	}
	// A client that gives up during the delay never reaches the API.
	srv, in, a := serveSpec(t, "latency=5s", nil)
	c := &http.Client{Timeout: 100 * time.Millisecond}
	if resp, err := c.Get(srv.URL + "/api/v1/alerts"); err == nil {
		resp.Body.Close()
		t.Fatal("no timeout")
	}
	time.Sleep(50 * time.Millisecond)
	if a.hits() != 0 || in.Count(Latency) != 1 {
		t.Errorf("hits %d, counts %v", a.hits(), in.Counts())
	}
}

func TestDeterministic(t *testing.T) {
	s, err := Parse("error=0.2,unavailable=0.2,reset=0.1,truncate=0.1,malformed=0.1,oversize=0.1,drip=0.1,stale-cursor=0.5,jitter=1s")
	if err != nil {
		t.Fatal(err)
	}
	seq := func(seed uint64) string {
		in, err := New(s, seed, nil)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		for i := range 200 {
			path := "/api/v1/alerts"
			if i%3 == 0 {
				path += "?since=x"
			}
			p := in.draw(httptest.NewRequest("GET", path, nil))
			b.WriteString(string(p.kind) + "/" + p.delay.String() + " ")
		}
		return b.String()
	}
	a, b, c := seq(1), seq(1), seq(2)
	if a != b {
		t.Fatal("the same seed gave another sequence")
	}
	if a == c {
		t.Fatal("another seed gave the same sequence")
	}
	for _, k := range []Kind{Error, Unavailable, Reset, Truncate, Malformed, Oversize, Drip, StaleCursor} {
		if !strings.Contains(a, string(k)+"/") {
			t.Errorf("%s never drawn in 200 requests", k)
		}
	}
}

func TestStructural(t *testing.T) {
	got := structural([]byte(`{"a,b":[1,"x\"]"],"c":{}}`))
	want := []int{0, 6, 7, 9, 16, 17, 21, 22, 23, 24}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("structural = %v, want %v", got, want)
	}
}

// FuzzParse: Parse never panics, and what it accepts renders back to
// itself.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"latency=200ms,jitter=100ms,error=0.2,unavailable=0.1,retry-after=5s",
		"reset=0.05,truncate=0.05,malformed=0.05,oversize=0.02,oversize-bytes=64MiB",
		"drip=0.05,drip-rate=1KiB/s,stale-cursor=0.1,outage=30s@60s,outage=1s@every=1m",
		"error=20%", "oversize-bytes=1.5KB", ",", "outage=@", "drip-rate=/s",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := Parse(text)
		if err != nil {
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("Parse(%q) accepted an invalid spec: %v", text, err)
		}
		again, err := Parse(s.String())
		if err != nil || !reflect.DeepEqual(again, s) {
			t.Fatalf("Parse(%q) = %+v renders as %q, which parses to %+v, %v", text, s, s.String(), again, err)
		}
	})
}
