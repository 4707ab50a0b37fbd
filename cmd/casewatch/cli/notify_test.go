package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casewatch/casewatch/webhook"
)

// notify posts the overdue alerts of the reference system to a webhook
// (with --webhook-post-existing), once: a second run with the same state
// posts nothing.
func TestNotifyPostsOnce(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
	}))
	defer hook.Close()
	posts := func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), bodies...) }
	state := filepath.Join(t.TempDir(), "hook.json")
	api := seeded(t)

	settled := func(string) bool {
		st, err := os.ReadFile(state)
		return err == nil && bytes.Contains(st, []byte(`"pending": []`)) && len(posts()) > 0
	}
	notify := func(until func(stderr string) bool, extra ...string) (int, string) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var out bytes.Buffer
		errb := &lockedBuffer{}
		args := append([]string{"notify", "--api", api, "--webhook", hook.URL, "--webhook-state", state}, extra...)
		done := make(chan int, 1)
		go func() {
			done <- Run(ctx, Env{Args: args, Stdout: &out, Stderr: errb, Now: fixedNow, Getenv: func(string) string { return "" }})
		}()
		deadline := time.Now().Add(20 * time.Second)
		for !until(errb.String()) && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(300 * time.Millisecond)
		cancel()
		return <-done, errb.String()
	}
	code, stderr := notify(settled, "--webhook-post-existing")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := posts()
	if len(got) == 0 {
		t.Fatalf("nothing posted; stderr:\n%s", stderr)
	}
	var p webhook.Payload
	if err := json.Unmarshal([]byte(got[0]), &p); err != nil {
		t.Fatal(err)
	}
	if p.New == 0 || p.OverdueTotal < p.New || p.Alerts[0].Level != "overdue" || p.Alerts[0].PersonName != "" {
		t.Errorf("payload %+v", p)
	}
	if !strings.Contains(stderr, "posting new overdue alerts to "+hook.URL) {
		t.Errorf("stderr %q", stderr)
	}
	n := len(got)
	code, stderr = notify(func(stderr string) bool { return strings.Contains(stderr, "watching the province") })
	if !strings.Contains(stderr, "0 not posted before, 0 queued from before") {
		t.Errorf("second run: %s", stderr)
	}
	if code != 0 {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	if len(posts()) != n {
		t.Errorf("the second run posted again: %d posts, want %d", len(posts()), n)
	}
}

// lockedBuffer is a bytes.Buffer safe for concurrent use.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// Webhook flags are checked before anything starts.
func TestNotifyUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"notify"}, "notify needs --webhook URL"},
		{[]string{"notify", "--webhook", "hooks.example/x"}, "want an http(s) URL"},
		{[]string{"notify", "--webhook", "http://h/x", "--webhook-format", "slack"}, `webhook format "slack"`},
		{[]string{"serve-ssh", "--authorized-keys", "k", "--webhook-format", "dingtalk"}, "--webhook-format needs --webhook"},
		{[]string{"serve-ssh", "--authorized-keys", "k", "--webhook-scope", "U1"}, "--webhook-scope needs --webhook"},
	} {
		r := run(t, nil, tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}
