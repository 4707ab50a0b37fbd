package cli

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportCommand: a month's circular in JSON and HTML (to a file), one
// notice printed, and the exit statuses of a bad period and a dead API.
func TestReportCommand(t *testing.T) {
	api := seeded(t)
	r := run(t, nil, "report", "--api", api, "--period", "2026-Q4", "--format", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rep struct {
		SchemaVersion int  `json:"schema_version"`
		Simulated     bool `json:"simulated"`
		Notices       struct {
			Issued int `json:"issued"`
		} `json:"notices"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.SchemaVersion != 1 || !rep.Simulated {
		t.Fatalf("report %+v: %v", rep, err)
	}
	out := filepath.Join(t.TempDir(), "通报.html")
	if r := run(t, nil, "report", "--api", api, "--format", "html", "--out", out); r.code != 0 {
		t.Fatalf("html: exit %d: %s", r.code, r.stderr)
	}
	if b, err := os.ReadFile(out); err != nil || !strings.Contains(string(b), "@page { size: A4") || !strings.Contains(string(b), "流程监控通报") {
		t.Errorf("html file: %v", err)
	}
	if r := run(t, nil, "report", "--api", api, "--period", "2026-13"); r.code != 2 {
		t.Errorf("bad period: exit %d", r.code)
	}
	if r := run(t, nil, "report", "--api", api, "--notice", "nope"); r.code != 1 || !strings.Contains(r.stderr, "nope") {
		t.Errorf("unknown notice: exit %d %q", r.code, r.stderr)
	}
	srv := httptest.NewServer(nil)
	srv.Close()
	if r := run(t, nil, "report", "--api", srv.URL, "--period", "2026-11"); r.code != 1 {
		t.Errorf("API down: exit %d", r.code)
	}
}

// TestReportScope: --scope takes a unit's id or name, as the dashboard's
// --scope and the config file's scope do (河阳市院), and an unknown one is
// bad usage (exit 2) listing the units, not a failure of the case system.
func TestReportScope(t *testing.T) {
	api := seeded(t)
	r := run(t, nil, "report", "--api", api, "--period", "2026-11", "--scope", "河阳市院")
	if r.code != 0 || !strings.Contains(r.stdout, "# 河阳市人民检察院流程监控通报") {
		t.Errorf("--scope 河阳市院: exit %d %q", r.code, r.stderr)
	}
	r = run(t, nil, "report", "--api", api, "--period", "2026-11", "--scope", "U99")
	if r.code != 2 || !strings.Contains(r.stderr, "--scope U99: no such unit (units: U00 ") {
		t.Errorf("--scope U99: exit %d %q", r.code, r.stderr)
	}
}
