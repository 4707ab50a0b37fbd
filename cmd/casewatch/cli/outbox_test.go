package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casewatch/casewatch/sshserve"
)

// A damaged outbox is not set aside silently: the command says so on
// standard error with both paths when it starts, again as its last line,
// and exits 1; the entries that could be read are queued again.
func TestDamagedOutboxIsSaid(t *testing.T) {
	serveSSH = func(context.Context, sshserve.Options) error { return nil }
	t.Cleanup(func() { serveSSH = sshserve.Serve })
	dir := t.TempDir()
	outbox := filepath.Join(dir, "outbox.json")
	if err := os.WriteFile(outbox, []byte(`{"version":1,"pending":[
 {"alert_id":"A1","by":"张三","note":"","key":"k-1","queued_at":"2026-12-03T07:47:04Z","attempts":0},
 {"alert_id":"A2","by":"张`), 0o600); err != nil {
		t.Fatal(err)
	}
	r := run(t, map[string]string{"XDG_STATE_HOME": dir}, "serve-ssh", "--api", "http://127.0.0.1:1",
		"--authorized-keys", "/etc/keys", "--triage-keys", "/etc/triage", "--outbox", outbox)
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	aside, _ := filepath.Glob(outbox + ".corrupt-*")
	if len(aside) != 1 {
		t.Fatalf("damaged file not kept: %v", aside)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	first, last := lines[0], lines[len(lines)-1]
	for _, l := range []string{first, last} {
		if !strings.Contains(l, outbox) || !strings.Contains(l, aside[0]) || !strings.Contains(l, "1 acknowledgement(s) recovered") {
			t.Errorf("stderr line %q", l)
		}
	}
	if b, _ := os.ReadFile(outbox); !strings.Contains(string(b), `"key": "k-1"`) {
		t.Errorf("recovered outbox:\n%s", b)
	}
}
