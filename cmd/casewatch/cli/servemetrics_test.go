package cli

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/casewatch/casewatch/sshserve"
	"github.com/casewatch/casewatch/version"
)

// serve-ssh --metrics-addr serves the metrics while the SSH server runs,
// hands the server its Observer, and counts the poller's requests.
func TestServeSSHMetrics(t *testing.T) {
	const addr = "127.0.0.1:21601"
	var body string
	var observer sshserve.Observer
	serveSSH = func(_ context.Context, o sshserve.Options) error {
		observer = o.Observer
		res, err := http.Get("http://" + addr + "/metrics")
		if err != nil {
			t.Error(err)
			return nil
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		body = string(b)
		return nil
	}
	t.Cleanup(func() { serveSSH = sshserve.Serve })
	dir := t.TempDir()
	r := run(t, map[string]string{"XDG_STATE_HOME": dir}, "serve-ssh", "--api", seeded(t),
		"--authorized-keys", "/etc/keys", "--metrics-addr", addr)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if observer == nil {
		t.Error("the SSH server got no Observer")
	}
	for _, want := range []string{`casewatch_build_info{version="` + version.Read().Version + `"} 1`, "casewatch_ssh_sessions_active 0", "casewatch_data_fresh{dataset=\"alerts\"}"} {
		if !strings.Contains(body, want) {
			t.Errorf("scrape lacks %q:\n%s", want, body)
		}
	}
	if !strings.Contains(r.stderr, "metrics on http://"+addr+"/metrics") {
		t.Errorf("stderr %q", r.stderr)
	}
	// Closed with the command.
	if res, err := http.Get("http://" + addr + "/metrics"); err == nil {
		res.Body.Close()
		t.Error("the metrics listener outlived serve-ssh")
	}
}
