package client

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/api/apitest"
)

func TestEveryEndpointValidated(t *testing.T) {
	v := apitest.NewValidator(t)
	f := newFakeAPI(5)
	c, _ := newTestClient(t, f, func(cfg *Config) { cfg.WrapTransport = v.Transport })
	ctx := context.Background()

	h, err := c.Health(ctx)
	if err != nil || h.SimSpeed != 1440 {
		t.Fatalf("health: %v %+v", err, h)
	}
	units, err := c.Units(ctx)
	if err != nil || len(units.Units) != len(fxUnits) {
		t.Fatalf("units: %v", err)
	}
	page, err := c.Alerts(ctx, AlertQuery{Status: "active", Limit: 2})
	if err != nil || len(page.Alerts) != 2 || page.NextCursor == "" {
		t.Fatalf("alerts: %v %+v", err, page)
	}
	if _, err := c.Alerts(ctx, AlertQuery{Since: page.SyncCursor}); err != nil {
		t.Fatalf("alerts delta: %v", err)
	}
	a, err := c.Ack(ctx, "A0000001", NewIdempotencyKey(), api.AckRequest{By: "刘主任", Note: "已督促"})
	if err != nil || a.Status != api.StatusAcknowledged || a.Ack.By != "刘主任" {
		t.Fatalf("ack: %v %+v", err, a)
	}
	if _, err := c.Indicators(ctx, "330106", ""); err != nil {
		t.Fatalf("indicators: %v", err)
	}
	if _, err := c.Ranking(ctx, "I01", "2025-02", ""); err != nil {
		t.Fatalf("ranking: %v", err)
	}
	if _, err := c.Coverage(ctx, "330106", ByPerson); err != nil {
		t.Fatalf("coverage: %v", err)
	}
	if _, err := c.Decisions(ctx, DecisionQuery{Unit: "330106", Verdict: "over"}); err != nil {
		t.Fatalf("decisions: %v", err)
	}
	if _, err := c.Cases(ctx, CaseQuery{Unit: "330106", Q: "盗窃"}); err != nil {
		t.Fatalf("cases: %v", err)
	}
	cs, err := c.Case(ctx, "C1")
	if err != nil || len(cs.Alerts) != 1 {
		t.Fatalf("case: %v", err)
	}
	_, err = c.Case(ctx, "C404")
	if StatusOf(err) != http.StatusNotFound || !strings.Contains(err.Error(), "not found (404): /cases/C404") {
		t.Fatalf("missing case: %v", err)
	}
	v.Check(t)
}

func TestConditionalGet(t *testing.T) {
	f := newFakeAPI(1)
	c, _ := newTestClient(t, f, nil)
	ctx := context.Background()
	u1, err := c.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u2, err := c.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if u1 != u2 {
		t.Error("304 did not hand back the previous value")
	}
	if f.notMod != 1 {
		t.Errorf("server answered %d 304s, want 1", f.notMod)
	}
	if got := f.reqs[1].Header.Get("If-None-Match"); got == "" {
		t.Error("no If-None-Match on the second request")
	}
	// A different resource has its own ETag.
	i1, _ := c.Indicators(ctx, "330106", "")
	i2, _ := c.Indicators(ctx, "330102", "")
	if i1 == i2 || i1.UnitID == i2.UnitID {
		t.Error("resources share a cache entry")
	}
}

func TestAuth(t *testing.T) {
	f := newFakeAPI(1)
	f.token = "s3cret-token"
	dir := t.TempDir()
	good := filepath.Join(dir, "token")
	if err := os.WriteFile(good, []byte("s3cret-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad")
	if err := os.WriteFile(bad, []byte("wrong-token"), 0o600); err != nil {
		t.Fatal(err)
	}

	c, _ := newTestClient(t, f, func(cfg *Config) { cfg.TokenFile = good })
	if _, err := c.Units(context.Background()); err != nil {
		t.Fatalf("good token: %v", err)
	}
	c2, _ := newTestClient(t, f, func(cfg *Config) { cfg.TokenFile = bad })
	_, err := c2.Units(context.Background())
	if StatusOf(err) != http.StatusUnauthorized || !strings.Contains(err.Error(), "unauthorized (401) from /units") {
		t.Fatalf("wrong token: %v", err)
	}
	if strings.Contains(err.Error(), "wrong-token") || strings.Contains(err.Error(), "s3cret") {
		t.Fatal("token leaked into the error")
	}
	if IsTemporary(err) {
		t.Error("401 must not count as temporary")
	}
	if f.hit("/units") != 2 {
		t.Errorf("401 was retried: %d requests", f.hit("/units"))
	}

	t.Setenv(TokenEnv, "s3cret-token")
	c3, _ := newTestClient(t, f, nil)
	if _, err := c3.Units(context.Background()); err != nil {
		t.Fatalf("env token: %v", err)
	}

	_, err = New(Config{BaseURL: "http://127.0.0.1:1", TokenFile: filepath.Join(dir, "missing")})
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindConfig || !strings.Contains(err.Error(), "cannot read token file") {
		t.Fatalf("missing token file: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "empty"), []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{BaseURL: "http://x", TokenFile: filepath.Join(dir, "empty")}); err == nil {
		t.Fatal("empty token file accepted")
	}
}

// A token file others may read is refused as ssh refuses such a private
// key, naming the file and the fix; through a symbolic link too.
func TestTokenFileModeRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "token")
	if err := os.WriteFile(path, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{BaseURL: "http://x", TokenFile: path}); err != nil {
		t.Fatalf("mode 0600: %v", err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{path, link} {
			_, err := New(Config{BaseURL: "http://x", TokenFile: f})
			var e *Error
			if !errors.As(err, &e) || e.Kind != KindConfig || !strings.Contains(err.Error(), "token file "+f) ||
				!strings.Contains(err.Error(), "chmod 600 "+f) || strings.Contains(err.Error(), "s3cret") {
				t.Errorf("mode %04o via %s: %v", mode, filepath.Base(f), err)
			}
		}
	}
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{BaseURL: "http://x", TokenFile: link}); err != nil {
		t.Fatalf("mode 0400: %v", err)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{
		{},
		{BaseURL: "ftp://x"},
		{BaseURL: "http://user:pw@x"},
		{BaseURL: "http://x", CAFile: "/nonexistent/ca.pem"},
		{BaseURL: "http://x", CertFile: "a.pem"},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v) accepted", cfg)
		}
	}
	c, err := New(Config{BaseURL: "http://127.0.0.1:8470/"})
	if err != nil || c.BaseURL() != "http://127.0.0.1:8470/api/v1" {
		t.Fatalf("base: %v %q", err, c.BaseURL())
	}
	c, _ = New(Config{BaseURL: "https://h/x/api/v1"})
	if c.BaseURL() != "https://h/x/api/v1" {
		t.Fatalf("base with path: %q", c.BaseURL())
	}
}

func TestRetries(t *testing.T) {
	f := newFakeAPI(1)
	c, _ := newTestClient(t, f, nil)
	ctx := context.Background()

	// Two 503s without Retry-After, then success: one call succeeds.
	var n atomic.Int32
	f.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if n.Add(1) <= 2 {
			problem(w, http.StatusServiceUnavailable, "busy", "", "")
			return true
		}
		return false
	})
	if _, err := c.Health(ctx); err != nil {
		t.Fatalf("retried 503: %v", err)
	}
	if n.Load() != 3 {
		t.Errorf("%d attempts, want 3", n.Load())
	}

	// A short Retry-After is honoured within the call.
	n.Store(0)
	f.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			problem(w, http.StatusTooManyRequests, "slow down", "", "")
			return true
		}
		return false
	})
	if _, err := c.Units(ctx); err != nil || n.Load() != 2 {
		t.Fatalf("429: %v after %d attempts", err, n.Load())
	}

	// A long Retry-After ends the call at once, carrying the pause.
	n.Store(0)
	f.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		n.Add(1)
		w.Header().Set("Retry-After", "7")
		problem(w, http.StatusServiceUnavailable, "maintenance", "", "")
		return true
	})
	start := time.Now()
	_, err := c.Indicators(ctx, "330106", "")
	if time.Since(start) > time.Second || n.Load() != 1 {
		t.Errorf("long Retry-After waited in the call (%d attempts)", n.Load())
	}
	if RetryAfterOf(err) != 7*time.Second || err.Error() != "server error 503 from /indicators: maintenance, retry after 7s" {
		t.Fatalf("got %q (retry after %v)", err, RetryAfterOf(err))
	}

	// Other 4xx are not retried.
	n.Store(0)
	f.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		n.Add(1)
		problem(w, http.StatusBadRequest, "bad unit", "unit", "")
		return true
	})
	_, err = c.Coverage(ctx, "x", ByDepartment)
	if n.Load() != 1 || StatusOf(err) != 400 {
		t.Errorf("400 retried %d times: %v", n.Load(), err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Problem == nil || e.Problem.Param != "unit" {
		t.Errorf("problem not decoded: %+v", e)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"":                              0,
		"7":                             7 * time.Second,
		"-1":                            0,
		"abc":                           0,
		"999999":                        time.Hour,
		"Wed, 01 Jan 2025 00:00:30 GMT": 30 * time.Second,
		"Tue, 31 Dec 2024 00:00:30 GMT": 0,
	} {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestAckValidation(t *testing.T) {
	f := newFakeAPI(3)
	c, _ := newTestClient(t, f, nil)
	ctx := context.Background()
	if _, err := c.Ack(ctx, "A0000001", "k", api.AckRequest{By: ""}); err == nil {
		t.Error("empty by accepted")
	}
	if _, err := c.Ack(ctx, "A0000001", "k", api.AckRequest{By: "x", Note: strings.Repeat("注", 501)}); err == nil {
		t.Error("501-rune note accepted")
	}
	if _, err := c.Ack(ctx, "A0000001", "", api.AckRequest{By: "x"}); err == nil {
		t.Error("empty key accepted")
	}
	a, err := c.Ack(ctx, "A0000001", "k1", api.AckRequest{By: "刘\x1b[31m主任", Note: "a\r\nb"})
	if err != nil || a.Ack.By != "刘主任" || a.Ack.Note != "a\nb" {
		t.Fatalf("ack: %v %+v", err, a)
	}
	// Same key: the server's first answer, applied once.
	if _, err := c.Ack(ctx, "A0000001", "k1", api.AckRequest{By: "x"}); err != nil {
		t.Fatal(err)
	}
	if f.acked("A0000001") != 1 {
		t.Errorf("applied %d times", f.acked("A0000001"))
	}
	f.rectify("A0000002")
	_, err = c.Ack(ctx, "A0000002", "k2", api.AckRequest{By: "x"})
	if StatusOf(err) != http.StatusConflict || !strings.Contains(err.Error(), "conflict (409) on /alerts/A0000002/ack") {
		t.Fatalf("rectified: %v", err)
	}
}
