package metrics_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	gossh "golang.org/x/crypto/ssh"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/metrics"
	"github.com/casewatch/casewatch/sshserve"
	"github.com/casewatch/casewatch/tui"
)

// failingAlerts answers GET /alerts with 500 while fail is set, and passes
// everything else to the reference case system.
type failingAlerts struct {
	h    http.Handler
	fail atomic.Bool
}

func (f *failingAlerts) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if f.fail.Load() && strings.HasSuffix(r.URL.Path, "/alerts") {
		http.Error(w, "injected", http.StatusInternalServerError)
		return
	}
	f.h.ServeHTTP(w, r)
}

func newSigner(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A scrape of serve-ssh's metrics follows the poller (requests, failures,
// fresh data, /readyz) and the SSH sessions (open, frames, close, refused
// keys), against the real reference case system and a real SSH server.
func TestCasewatchScrape(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the reference case system")
	}
	sys, err := casesim.Open(t.Context(), casesim.Options{DBPath: ":memory:", Seed: 7, WarmupDays: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer sys.Close()
	api := &failingAlerts{h: sys.Handler()}
	apiSrv := httptest.NewServer(api)
	defer apiSrv.Close()

	m := metrics.NewCasewatch("test")
	ms := httptest.NewServer(metrics.Handler(m.Registry(), m.Ready))
	defer ms.Close()
	url := ms.URL + "/metrics"

	// Before the poller: not ready, no data metrics.
	if code, body := get(t, ms.URL+"/readyz"); code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz before the poller: %d %q", code, body)
	}
	if code, body := get(t, ms.URL+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Fatalf("/healthz: %d %q", code, body)
	}

	cl, err := client.New(client.Config{BaseURL: apiSrv.URL, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	p, err := client.NewPoller(client.Options{Client: cl, ReadOnly: true, OnPoll: m.OnPoll,
		AlertsInterval: 100 * time.Millisecond, HealthInterval: 200 * time.Millisecond, Stagger: 100 * time.Millisecond,
		MinBackoff: 50 * time.Millisecond, MaxBackoff: 100 * time.Millisecond, Concurrency: 8})
	if err != nil {
		t.Fatal(err)
	}
	m.Watch(p)
	p.Start(t.Context())
	defer p.Close()

	fams := waitFor(t, url, "every data set fresh", 30*time.Second, func(f map[string]*dto.MetricFamily) bool {
		for _, ds := range client.DataSets {
			if v, ok := value(f, "casewatch_data_fresh", "dataset", ds); !ok || v != 1 {
				return false
			}
		}
		return true
	})
	if v, _ := value(fams, "casewatch_poll_requests_total", "dataset", "alerts", "status", "ok"); v < 1 {
		t.Errorf("alerts ok requests = %v, want ≥ 1", v)
	}
	if v, _ := value(fams, "casewatch_poll_duration_seconds", "dataset", "indicators"); v < 1 {
		t.Errorf("indicators latency samples = %v, want ≥ 1", v)
	}
	if _, ok := value(fams, "casewatch_data_age_seconds", "dataset", "coverage_person"); !ok {
		t.Error("no casewatch_data_age_seconds for coverage_person")
	}
	if v, ok := value(fams, "casewatch_alerts_active"); !ok || v < 0 {
		t.Errorf("casewatch_alerts_active = %v, %v", v, ok)
	}
	if code, body := get(t, ms.URL+"/readyz"); code != http.StatusOK {
		t.Fatalf("/readyz with every data set fresh: %d %q", code, body)
	}

	// The alerts fail: counted by status, while older data stays.
	api.fail.Store(true)
	waitFor(t, url, "alerts answering 500 counted", 10*time.Second, func(f map[string]*dto.MetricFamily) bool {
		v, _ := value(f, "casewatch_poll_requests_total", "dataset", "alerts", "status", "http_500")
		return v >= 2
	})
	api.fail.Store(false)

	// SSH: a session opens, draws, closes; an unknown key is refused.
	dir := t.TempDir()
	viewer, stranger := newSigner(t), newSigner(t)
	keys := filepath.Join(dir, "viewers")
	if err := os.WriteFile(keys, []byte(strings.TrimSpace(string(gossh.MarshalAuthorizedKey(viewer.PublicKey())))+" 值班员甲\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, err := sshserve.NewServer(sshserve.Options{AuthorizedKeysPath: keys, HostKeyPath: filepath.Join(dir, "hostkey"),
		Audit: ioDiscard{}, Observer: m, Dashboard: tui.Options{Source: p}})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	addr := ln.Addr().String()

	if _, err := dialSSH(addr, stranger); err == nil {
		t.Fatal("an unknown key logged in")
	}
	conn, err := dialSSH(addr, viewer)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	out := &countWriter{}
	sess.Stdout = out
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	// The first writes set the terminal up; the dashboard's frame is
	// kilobytes.
	fams = waitFor(t, url, "one active session that drew its dashboard", 20*time.Second, func(f map[string]*dto.MetricFamily) bool {
		active, _ := value(f, "casewatch_ssh_sessions_active")
		frames, _ := value(f, "casewatch_ssh_frames_written_total")
		bytes, _ := value(f, "casewatch_ssh_bytes_written_total")
		return active == 1 && frames >= 2 && bytes >= 1000
	})
	if v, _ := value(fams, "casewatch_ssh_sessions_total", "role", "viewer"); v != 1 {
		t.Errorf("viewer sessions = %v, want 1", v)
	}
	if v, _ := value(fams, "casewatch_ssh_auth_failures_total", "reason", "key"); v < 1 {
		t.Errorf("refused keys = %v, want ≥ 1", v)
	}
	conn.Close()
	waitFor(t, url, "the session ended", 10*time.Second, func(f map[string]*dto.MetricFamily) bool {
		active, _ := value(f, "casewatch_ssh_sessions_active")
		ended, _ := value(f, "casewatch_ssh_sessions_ended_total")
		perSession, _ := value(f, "casewatch_ssh_session_bytes_written")
		return active == 0 && ended == 1 && perSession == 1
	})
}

func dialSSH(addr string, key gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "ops", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
}

type ioDiscard struct{}

func (ioDiscard) Write(p []byte) (int, error) { return len(p), nil }

type countWriter struct{ n atomic.Int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n.Add(int64(len(p))); return len(p), nil }
