package cli

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/config"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/sshserve"
	"github.com/casewatch/casewatch/tui"
)

func tempFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSnapshotExitStatus: 0 with a report, 1 when the API is down, 2 for
// an unknown scope.
func TestSnapshotExitStatus(t *testing.T) {
	api := seeded(t)
	r := run(t, nil, "snapshot", "--api", api, "--scope", "U11", "--format", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rep struct {
		SchemaVersion int       `json:"schema_version"`
		GeneratedAt   time.Time `json:"generated_at"`
		Demo          bool      `json:"demo"`
		Scope         struct {
			UnitID string `json:"unit_id"`
		} `json:"scope"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.SchemaVersion != 1 || !rep.GeneratedAt.Equal(fixedNow()) ||
		!rep.Demo || rep.Scope.UnitID != "U11" {
		// The seeded system simulates: its /health says demo, and so
		// does the report of it.
		t.Errorf("report %+v, %v", rep, err)
	}

	srv := httptest.NewServer(nil)
	srv.Close()
	r = run(t, nil, "snapshot", "--api", srv.URL)
	if r.code != 1 || !strings.HasPrefix(r.stderr, "casewatch: snapshot: the case system failed: GET /health: ") || r.stdout != "" {
		t.Errorf("API down: exit %d, stderr %q, stdout %q", r.code, r.stderr, r.stdout)
	}

	r = run(t, nil, "snapshot", "--api", api, "--scope", "U99")
	if r.code != 2 || !strings.Contains(r.stderr, "--scope U99: no such unit") {
		t.Errorf("unknown scope: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestSnapshotOut: --out writes the file, the same bytes as stdout, and
// the config file's API and language apply.
func TestSnapshotOut(t *testing.T) {
	dir := t.TempDir()
	cfg := tempFile(t, dir, "c.toml", "api = \""+seeded(t)+"\"\nlang = \"en\"\n")
	out := filepath.Join(dir, "report.md")
	r := run(t, nil, "snapshot", "--config", cfg, "--format", "md", "--out", out)
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(got), "# Case supervision snapshot · Qinchuan Provincial Procuratorate\n") {
		t.Errorf("report starts %.80q", got)
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
	r = run(t, nil, "snapshot", "--config", cfg, "--format", "markdown")
	if r.stdout != string(got) {
		t.Error("stdout and --out differ")
	}
}

// TestSnapshotDemo: without an API the embedded demo system reports, and
// says so.
func TestSnapshotDemo(t *testing.T) {
	r := run(t, nil, "snapshot", "--scope", "U11")
	if r.code != 0 || !strings.Contains(r.stdout, "** 演示数据：模拟数据，单位与人员均为虚构 **") {
		t.Errorf("exit %d, stderr %s, stdout %.300s", r.code, r.stderr, r.stdout)
	}
}

// TestConfigCommand: sources of each kind, and never the token.
func TestConfigCommand(t *testing.T) {
	dir := t.TempDir()
	cfg := tempFile(t, dir, "c.toml", "theme = \"dark\"\n[wall]\npin = \"2m\"\n")
	env := map[string]string{"CASEWATCH_TOKEN": "tok-3141", "CASEWATCH_API": "http://env:1", "XDG_CONFIG_HOME": "/nonexistent"}
	r := run(t, env, "config", "--config", cfg, "--wall-interval", "45s")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"# token: (set, from CASEWATCH_TOKEN)", `api = "http://env:1"`, "# env:CASEWATCH_API",
		`theme = "dark"`, "# file:" + cfg + ":1", `pin = "2m"`, "# file:" + cfg + ":3", `interval = "45s"`, "# flag:--wall-interval",
		`addr = "127.0.0.1:2222"`, "# default"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout+r.stderr, "tok-3141") {
		t.Error("the token is printed")
	}
}

// TestUserIdentity: acknowledgements are recorded under the configured
// user, by default the OS user, never a made-up "casewatch"; casewatch
// config lists it with its source.
func TestUserIdentity(t *testing.T) {
	var got *config.Config
	var gotFlags dashFlags
	runDash = func(_ context.Context, _ *Env, c *config.Config, f dashFlags) error { got, gotFlags = c, f; return nil }
	t.Cleanup(func() { runDash = runDashboard })
	dir := t.TempDir()
	file := tempFile(t, dir, "c.toml", "user = \"值班员张三\"\n")
	for _, tc := range []struct {
		env  map[string]string
		args []string
		user string
	}{
		{map[string]string{"USER": "zhangsan"}, nil, "zhangsan"},
		{map[string]string{"USER": "zhangsan"}, []string{"--config", file}, "值班员张三"},
		{map[string]string{"USER": "zhangsan", "CASEWATCH_USER": "李四"}, []string{"--config", file}, "李四"},
		{map[string]string{"USER": "zhangsan"}, []string{"--user", "王五"}, "王五"},
	} {
		if r := run(t, tc.env, tc.args...); r.code != 0 {
			t.Fatalf("%v %v: exit %d %s", tc.env, tc.args, r.code, r.stderr)
		}
		if o := dashboardOptions(got, gotFlags); o.User != tc.user {
			t.Errorf("%v %v: user %q, want %q", tc.env, tc.args, o.User, tc.user)
		}
	}
	// Without USER or LOGNAME: the user database, not "casewatch".
	run(t, nil)
	if o := dashboardOptions(got, gotFlags); o.User == "casewatch" {
		t.Errorf("default user %q", o.User)
	}
	r := run(t, map[string]string{"USER": "zhangsan"}, "config")
	if !strings.Contains(r.stdout, `user = "zhangsan"`) || !strings.Contains(r.stdout, "# default (USER=zhangsan)") {
		t.Errorf("config does not list the user:\n%s", r.stdout)
	}
	if r := run(t, nil, "--user", "a\x1b[31mb"); r.code != 2 || !strings.Contains(r.stderr, "--user") {
		t.Errorf("control characters in --user: exit %d %s", r.code, r.stderr)
	}
}

// TestDashboardSettings: the dashboard with no subcommand, its API from
// nowhere (demo), the environment or the file, and the wall flags.
func TestDashboardSettings(t *testing.T) {
	var got *config.Config
	var gotFlags dashFlags
	runDash = func(_ context.Context, _ *Env, c *config.Config, f dashFlags) error { got, gotFlags = c, f; return nil }
	t.Cleanup(func() { runDash = runDashboard })

	dir := t.TempDir()
	file := tempFile(t, dir, "c.toml", "api = \"http://file:3\"\n[wall]\nkiosk = true\n")
	for _, tc := range []struct {
		env  map[string]string
		args []string
		api  string
	}{
		{nil, nil, ""},
		{map[string]string{"CASEWATCH_API": "http://env:2"}, nil, "http://env:2"},
		{nil, []string{"--config", file}, "http://file:3"},
		{map[string]string{"CASEWATCH_API": "http://env:2"}, []string{"--config", file, "--api", "http://flag:1"}, "http://flag:1"},
	} {
		if r := run(t, tc.env, tc.args...); r.code != 0 || got.API != tc.api {
			t.Errorf("%v %v: exit %d (%s), API %q, want %q", tc.env, tc.args, r.code, r.stderr, got.API, tc.api)
		}
	}
	// kiosk = true in the file does nothing without wall mode.
	run(t, nil, "--config", file)
	if o := dashboardOptions(got, gotFlags); o.Wall.Enabled || o.ReadOnly {
		t.Errorf("file kiosk alone: %+v", o.Wall)
	}
	run(t, nil, "--kiosk", "--wall-panels", "coverage,alerts", "--wall-interval", "30s", "--scope", "U11", "--lang", "en")
	o := dashboardOptions(got, gotFlags)
	want := tui.WallOptions{Enabled: true, Interval: 30 * time.Second, Panels: []string{"coverage", "alerts"}, PinFor: time.Minute, Kiosk: true}
	if !reflect.DeepEqual(o.Wall, want) || !o.ReadOnly || o.Scope != "U11" || o.Lang != i18n.EN {
		t.Errorf("--kiosk: wall %+v, read-only %v, scope %q, lang %v", o.Wall, o.ReadOnly, o.Scope, o.Lang)
	}
	run(t, nil, "--wall", "--wall-pin", "5m")
	if o := dashboardOptions(got, gotFlags); !o.Wall.Enabled || o.Wall.Kiosk || o.Wall.PinFor != 5*time.Minute || len(o.Wall.Panels) != 3 || !o.ReadOnly {
		t.Errorf("--wall: %+v", o.Wall)
	}
	// Export folder, notifications and the clipboard: flag, environment, default.
	run(t, map[string]string{"CASEWATCH_CLIPBOARD": "true", "XDG_STATE_HOME": dir}, "--export-dir", dir+"/x", "--notify")
	if o := dashboardOptions(got, gotFlags); o.ExportDir != dir+"/x" || !o.Notify || !o.Clipboard {
		t.Errorf("--export-dir, --notify, CASEWATCH_CLIPBOARD: %q %v %v", o.ExportDir, o.Notify, o.Clipboard)
	}
	run(t, map[string]string{"XDG_STATE_HOME": dir})
	if o := dashboardOptions(got, gotFlags); o.ExportDir != dir+"/casewatch/exports" || o.Notify || o.Clipboard {
		t.Errorf("defaults: %q %v %v", o.ExportDir, o.Notify, o.Clipboard)
	}
}

// TestServeSSHOptions: the flags reach sshserve.Options, with one shared
// poller as the source of every session.
func TestServeSSHOptions(t *testing.T) {
	var got sshserve.Options
	serveSSH = func(_ context.Context, o sshserve.Options) error {
		got = o
		if o.Dashboard.Source == nil || o.Dashboard.Fetcher == nil {
			t.Error("no source or fetcher")
		}
		return nil
	}
	t.Cleanup(func() { serveSSH = sshserve.Serve })
	dir := t.TempDir()
	audit := filepath.Join(dir, "audit.log")
	r := run(t, map[string]string{"XDG_STATE_HOME": dir, "LANG": "en_US.UTF-8"}, "serve-ssh", "--api", seeded(t),
		"--authorized-keys", "/etc/keys", "--triage-keys", "/etc/triage", "--addr", ":2022",
		"--idle-timeout", "0", "--max-sessions", "3", "--audit-log", audit, "--scope", "U10", "--fps", "5", "--esc-timeout", "30ms")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if got.Addr != ":2022" || got.HostKeyPath != filepath.Join(dir, "casewatch", "ssh_host_ed25519_key") ||
		got.AuthorizedKeysPath != "/etc/keys" || got.TriageKeysPath != "/etc/triage" || got.IdleTimeout >= 0 ||
		got.MaxSessions != 3 || got.FPS != 5 || got.EscTimeout != 30*time.Millisecond || got.Dashboard.Scope != "U10" || got.Dashboard.Lang != i18n.EN ||
		got.Dashboard.Demo || got.Dashboard.Wall.Enabled {
		t.Errorf("options %+v", got)
	}
	if f, ok := got.Audit.(*os.File); !ok || f.Name() != audit {
		t.Errorf("audit writer %T", got.Audit)
	}
	if !strings.Contains(r.stderr, "serving the dashboard over SSH on :2022") {
		t.Errorf("stderr %q", r.stderr)
	}
}

// An unknown --scope stops the dashboard with exit status 2 listing the
// units, as snapshot --scope does; a name of exactly one unit is taken
// for its id (issue 14, D12).
func TestDashboardScope(t *testing.T) {
	api := seeded(t)
	cfg := &config.Config{API: api}
	err := runDashboard(context.Background(), &Env{}, cfg, dashFlags{scope: "U99"})
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "--scope U99: no such unit (units: U00 ") {
		t.Fatalf("unknown scope: exit %d, %v", exitCode(err), err)
	}
	b, err := connect(cfg, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	list, err := b.client.Units(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	u := list.Units[len(list.Units)-1]
	for _, name := range []string{u.ID, u.Name, strings.TrimSuffix(u.Name, "人民检察院") + "院", u.NameEn} {
		if id, err := checkScope(context.Background(), b.client, name); err != nil || id != u.ID {
			t.Errorf("--scope %q: %q, %v; want %s", name, id, err, u.ID)
		}
	}
	// The case system down: the scope goes through unchecked.
	srv := httptest.NewServer(nil)
	srv.Close()
	down, err := connect(&config.Config{API: srv.URL}, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer down.close()
	if id, err := checkScope(context.Background(), down.client, "U21"); id != "U21" || !errors.Is(err, errScopeUnchecked) {
		t.Errorf("API down: %q, %v", id, err)
	}
}

// TestScopeByName: snapshot and notify take --scope as the dashboard
// does, by a unit's short name too (the config file's example is scope =
// "河阳市院"); notify with an unknown scope exits 2 at once instead of
// watching and posting nothing.
func TestScopeByName(t *testing.T) {
	api := seeded(t)
	r := run(t, nil, "snapshot", "--api", api, "--scope", "河阳市院", "--format", "json")
	var rep struct {
		Scope struct {
			UnitID string `json:"unit_id"`
		} `json:"scope"`
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &rep) != nil || rep.Scope.UnitID != "U20" {
		t.Errorf("snapshot --scope 河阳市院: exit %d, scope %q, stderr %q", r.code, rep.Scope.UnitID, r.stderr)
	}
	r = run(t, nil, "notify", "--api", api, "--webhook", "http://127.0.0.1:9/hook", "--webhook-state", filepath.Join(t.TempDir(), "s.json"), "--scope", "U99")
	if r.code != 2 || !strings.Contains(r.stderr, "--scope U99: no such unit (units: U00 ") {
		t.Errorf("notify --scope U99: exit %d, stderr %q", r.code, r.stderr)
	}
	// The webhook's URL from CASEWATCH_WEBHOOK: the same check is reached.
	r = run(t, map[string]string{"CASEWATCH_WEBHOOK": "http://127.0.0.1:9/hook"}, "notify", "--api", api, "--webhook-state", filepath.Join(t.TempDir(), "s.json"), "--scope", "U99")
	if r.code != 2 || !strings.Contains(r.stderr, "--scope U99: no such unit") {
		t.Errorf("notify with CASEWATCH_WEBHOOK: exit %d, stderr %q", r.code, r.stderr)
	}
	r = run(t, nil, "notify", "--api", api)
	if r.code != 2 || !strings.Contains(r.stderr, "CASEWATCH_WEBHOOK") {
		t.Errorf("notify without a webhook: exit %d, stderr %q", r.code, r.stderr)
	}
}
