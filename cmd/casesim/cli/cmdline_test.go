package cli

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casewatch/casewatch/version"
)

// result is what a run printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// run runs casesim with an environment holding only env.
func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), Env{Args: args, Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }})
	return result{code, out.String(), errb.String()}
}

func TestVersionFlag(t *testing.T) {
	r := run(t, nil, "--version")
	if want := "casesim " + version.Read().String() + "\n"; r.code != 0 || r.stdout != want {
		t.Errorf("got %d %q %q, want %q", r.code, r.stdout, r.stderr, want)
	}
}

// TestHelpNamesEveryFlag: --help of every command, exit 0, with the
// two-dash flags the docs use.
func TestHelpNamesEveryFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, []string{"serve", "import", "powers", "completion", "$STATE_DIRECTORY"}},
		{[]string{"serve", "--help"}, []string{"--addr", "--db", "--seed", "--speed", "--start", "--token-file", "--holidays", "--powers", "--no-sim", "--faults"}},
		{[]string{"import", "--help"}, []string{"--db", "--mapping", "--encoding", "--events", "--org", "--indicators", "--watch"}},
		{[]string{"powers", "--help"}, []string{"FILE"}},
		{[]string{"help", "serve"}, []string{"--addr"}},
	} {
		r := run(t, nil, tc.args...)
		if r.code != 0 {
			t.Errorf("%v: exit %d: %s", tc.args, r.code, r.stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("%v: help does not name %s:\n%s", tc.args, w, r.stdout)
			}
		}
	}
}

func TestManPageAndCompletions(t *testing.T) {
	r := run(t, nil, "man")
	if r.code != 0 || !strings.HasPrefix(r.stdout, ".TH CASESIM 1") || !strings.Contains(r.stdout, "serve") || !strings.Contains(r.stdout, `\fB--addr\fP`) {
		t.Errorf("man: exit %d, %.300q %q", r.code, r.stdout, r.stderr)
	}
	// A wrapped paragraph of the help is one paragraph of the page.
	if !strings.Contains(r.stdout, "casesim is the reference case system of casewatch: the HTTP API of api/openapi\\&.yaml over a SQLite database") {
		t.Errorf("man: the description's lines are not joined:\n%.600s", r.stdout)
	}
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		if r := run(t, nil, "completion", sh); r.code != 0 || !strings.Contains(r.stdout, "casesim") {
			t.Errorf("completion %s: exit %d, %q", sh, r.code, r.stderr)
		}
	}
}

func TestOneDashLongFlagIsExplained(t *testing.T) {
	r := run(t, nil, "serve", "-addr", "127.0.0.1:1")
	if r.code != 2 || !strings.Contains(r.stderr, "long flags take two dashes: --addr") || !strings.Contains(r.stderr, "casesim serve --help") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestFailuresExitOne: what goes wrong at run time, not in the command
// line, is exit status 1.
func TestFailuresExitOne(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	r := run(t, nil, "serve", "--db", ":memory:", "--addr", ln.Addr().String())
	if r.code != 1 || !strings.Contains(r.stderr, "address already in use") {
		t.Errorf("busy port: exit %d, stderr %q", r.code, r.stderr)
	}
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	r = run(t, nil, "import", "--db", filepath.Join(notDir, "sim.db"), "../../../testdata/cases-sample.csv")
	if r.code != 1 {
		t.Errorf("database under a file: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestDefaultDatabaseInTheStateDirectory: without --db the database is
// casesim.db in $STATE_DIRECTORY (systemd) or $XDG_STATE_HOME/casewatch;
// with neither nor an absolute $HOME casesim refuses (exit 2) rather than
// write into the working directory.
func TestDefaultDatabaseInTheStateDirectory(t *testing.T) {
	state := t.TempDir()
	r := run(t, map[string]string{"STATE_DIRECTORY": state, "HOME": "/nonexistent"}, "import", "../../../testdata/cases-sample.csv")
	if r.code != 0 || !strings.Contains(r.stdout, filepath.Join(state, "casesim.db")) {
		t.Fatalf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(state, "casesim.db")); err != nil {
		t.Fatal(err)
	}
	xdg := t.TempDir()
	r = run(t, map[string]string{"XDG_STATE_HOME": xdg}, "import", "../../../testdata/cases-sample.csv")
	if r.code != 0 || !strings.Contains(r.stdout, filepath.Join(xdg, "casewatch", "casesim.db")) {
		t.Fatalf("XDG: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, map[string]string{"XDG_STATE_HOME": "relative/dir", "HOME": "also-relative"}, "import", "../../../testdata/cases-sample.csv")
	if r.code != 2 || !strings.Contains(r.stderr, "give --db") {
		t.Fatalf("no usable directory: exit %d: %s", r.code, r.stderr)
	}
}

// syncBuffer is a bytes.Buffer safe to write from the server's goroutine
// while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeAnswersAndStops: casesim serve --addr listens, answers
// /api/v1/health and exits 0 when its context ends (as on SIGTERM).
func TestServeAnswersAndStops(t *testing.T) {
	const addr = "127.0.0.1:21531"
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, Env{Args: []string{"serve", "--addr", addr, "--db", ":memory:", "--speed", "0", "--start", "2026-11-02"},
			Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }})
	}()
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/api/v1/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("health: %s", resp.Status)
			}
			break
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d before answering: %s", code, errb.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no answer on %s: %v\n%s", addr, err, errb.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "casesim listening on http://"+addr+"/api/v1") {
		t.Errorf("stdout %q", out.String())
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d after the context ended: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}
