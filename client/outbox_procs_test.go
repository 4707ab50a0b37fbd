package client

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim"
)

// The outbox shared by separate OS processes: this test binary is run again
// as the child processes (TestOutboxChildProcess, selected by
// CASEWATCH_OUTBOX_CHILD).

const childEnv = "CASEWATCH_OUTBOX_CHILD"

// ackRecorder passes requests to the reference system and records, per
// Idempotency-Key, the answers to POST /alerts/{id}/ack.
type ackRecorder struct {
	h  http.Handler
	mu sync.Mutex
	// answers maps a key to the updated_at of each 200 answer: a repeat
	// the server deduplicated answers with the first updated_at again.
	answers map[string][]time.Time
	alertOf map[string]string
	refused []string // answers other than 200
}

func (rec *ackRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/ack") {
		rec.h.ServeHTTP(w, r)
		return
	}
	rr := httptest.NewRecorder()
	rec.h.ServeHTTP(rr, r)
	key := r.Header.Get("Idempotency-Key")
	if rr.Code != http.StatusOK {
		rec.mu.Lock()
		rec.refused = append(rec.refused, fmt.Sprintf("%s %s: %d %s", key, r.URL.Path, rr.Code, strings.TrimSpace(rr.Body.String())))
		rec.mu.Unlock()
	}
	if rr.Code == http.StatusOK {
		body := rr.Body.Bytes()
		if rr.Header().Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err == nil {
				body, _ = io.ReadAll(zr)
			}
		}
		var a api.Alert
		if err := json.Unmarshal(body, &a); err != nil {
			rec.mu.Lock()
			rec.refused = append(rec.refused, fmt.Sprintf("%s: unreadable answer: %v", key, err))
			rec.mu.Unlock()
		} else {
			rec.mu.Lock()
			rec.answers[key] = append(rec.answers[key], a.UpdatedAt)
			rec.alertOf[key] = a.ID
			rec.mu.Unlock()
		}
	}
	for k, v := range rr.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rr.Code)
	w.Write(rr.Body.Bytes())
}

// child is a running child process and the acknowledgements it reported
// queued (durable in the outbox).
type child struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	queued map[string]string // key → alert id
	lines  chan string
}

func startChild(t *testing.T, mode string, env ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestOutboxChildProcess$", "-test.count=1", "-test.timeout=120s")
	cmd.Env = append(os.Environ(), append([]string{childEnv + "=" + mode}, env...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, queued: map[string]string{}, lines: make(chan string, 1024)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if f := strings.Fields(line); len(f) == 3 && f[0] == "queued" {
				c.mu.Lock()
				c.queued[f[2]] = f[1]
				c.mu.Unlock()
			}
			select {
			case c.lines <- line:
			default:
			}
		}
		close(c.lines)
	}()
	t.Cleanup(func() { c.kill() })
	return c
}

func (c *child) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.queued)
}

// kill ends the child with SIGKILL: no deferred code, no flush, no unlock.
func (c *child) kill() {
	if c.cmd.ProcessState != nil {
		return
	}
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	_ = c.cmd.Wait()
}

// TestOutboxTwoProcesses: two processes acknowledge alerts into one outbox
// file, interleaved, while the server is unreachable; both are killed with
// SIGKILL; two new processes then deliver the outbox to the reference
// system. Every acknowledgement reported queued must be applied by the
// server exactly once. With an outbox that each process rewrites from its
// own memory, the acknowledgements of one of the first two are lost.
func TestOutboxTwoProcesses(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		t.Skip("in a child process")
	}
	if testing.Short() {
		t.Skip("starts processes")
	}
	sys, err := casesim.Open(t.Context(), casesim.Options{DBPath: ":memory:", Seed: 3, WarmupDays: 30, Token: simToken,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close() })
	rec := &ackRecorder{h: sys.Handler(), answers: map[string][]time.Time{}, alertOf: map[string]string{}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	dir := t.TempDir()
	token := filepath.Join(dir, "token")
	if err := os.WriteFile(token, []byte(simToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{BaseURL: srv.URL, TokenFile: token})
	if err != nil {
		t.Fatal(err)
	}
	page, err := c.Alerts(t.Context(), AlertQuery{Status: api.StatusOpen, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	const perChild = 40
	if len(page.Alerts) < 2*perChild {
		t.Fatalf("only %d open alerts", len(page.Alerts))
	}
	var ids [2][]string
	for i, a := range page.Alerts[:2*perChild] {
		ids[i%2] = append(ids[i%2], a.ID)
	}
	outbox := filepath.Join(dir, "state", "outbox.json")
	down := "http://" + reservePort(t) // refused: nothing listens there

	// Round 1: two processes queue acknowledgements at the same time.
	var ackers [2]*child
	for i := range ackers {
		ackers[i] = startChild(t, "ack", "OUTBOX="+outbox, "API="+down, "TOKEN="+token,
			fmt.Sprintf("NAME=proc%d", i+1), "ALERTS="+strings.Join(ids[i], ","))
	}
	deadline := time.Now().Add(60 * time.Second)
	for ackers[0].count() < 15 || ackers[1].count() < 15 {
		if time.Now().After(deadline) {
			t.Fatalf("children queued %d and %d acknowledgements", ackers[0].count(), ackers[1].count())
		}
		time.Sleep(5 * time.Millisecond)
	}
	ackers[0].kill()
	ackers[1].kill()
	want := map[string]string{} // key → alert id
	for _, a := range ackers {
		a.mu.Lock()
		for k, id := range a.queued {
			want[k] = id
		}
		a.mu.Unlock()
	}

	// Round 2: two new processes deliver whatever the file holds, at once.
	var senders [2]*child
	for i := range senders {
		senders[i] = startChild(t, "deliver", "OUTBOX="+outbox, "API="+srv.URL, "TOKEN="+token)
	}
	deadline = time.Now().Add(60 * time.Second)
	for {
		b, err := os.ReadFile(outbox)
		var f outboxFile
		if err == nil && json.Unmarshal(b, &f) == nil && len(f.Pending) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("outbox not emptied: %d pending (%v)", len(f.Pending), err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	senders[0].kill()
	senders[1].kill()

	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, r := range rec.refused {
		t.Logf("refused: %s", r)
	}
	for key, id := range want {
		ans := rec.answers[key]
		if len(ans) == 0 {
			t.Errorf("acknowledgement %s of %s was lost", key, id)
			continue
		}
		for _, at := range ans[1:] {
			if !at.Equal(ans[0]) {
				t.Errorf("acknowledgement %s of %s applied more than once (%v)", key, id, ans)
			}
		}
		if rec.alertOf[key] != id {
			t.Errorf("key %s acknowledged %s, want %s", key, rec.alertOf[key], id)
		}
	}
	// Beyond those reported, at most the one each child was queueing when
	// it was killed.
	if extra := len(rec.answers) - len(want); extra < 0 || extra > 2 {
		t.Errorf("server saw %d keys, %d reported queued", len(rec.answers), len(want))
	}
	// And the reference system shows each one, by its author.
	acked, err := c.Alerts(t.Context(), AlertQuery{Status: api.StatusAcknowledged, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]string{}
	for _, a := range acked.Alerts {
		if a.Ack != nil {
			by[a.ID] = a.Ack.By
		}
	}
	for key, id := range want {
		if by[id] == "" {
			t.Errorf("alert %s (key %s) not acknowledged at the server", id, key)
		}
	}
	t.Logf("%d acknowledgements from two processes, %d keys at the server", len(want), len(rec.answers))
}

// TestOutboxChildProcess is a child process of TestOutboxTwoProcesses; it
// does nothing in a normal test run.
func TestOutboxChildProcess(t *testing.T) {
	mode := os.Getenv(childEnv)
	if mode == "" {
		return
	}
	c, err := New(Config{BaseURL: os.Getenv("API"), TokenFile: os.Getenv("TOKEN"),
		RetryWait: time.Millisecond, RetryMaxWait: 5 * time.Millisecond, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	opts := fastOptions(c, "")
	opts.OutboxPath = os.Getenv("OUTBOX")
	p, err := NewPoller(opts)
	if err != nil {
		t.Fatal(err)
	}
	p.Start(context.Background())
	out := bufio.NewWriter(os.Stdout)
	switch mode {
	case "ack":
		name := os.Getenv("NAME")
		for _, id := range strings.Split(os.Getenv("ALERTS"), ",") {
			key, err := p.Acknowledge(id, name, "queued by "+name)
			if err != nil {
				fmt.Fprintln(os.Stderr, "child:", err)
				os.Exit(3)
			}
			fmt.Fprintf(out, "queued %s %s\n", id, key)
			out.Flush()
			time.Sleep(time.Duration(1+rand.IntN(6)) * time.Millisecond)
		}
	case "deliver":
	}
	fmt.Fprintln(out, "idle")
	out.Flush()
	select {} // until killed
}
