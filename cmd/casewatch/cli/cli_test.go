package cli

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/version"
)

// seededAPI is one reference case system for the package's tests (seed 1,
// frozen at 2026-11-02 09:00 China time).
var seededAPI = sync.OnceValues(func() (string, error) {
	sys, err := casesim.Open(context.Background(), casesim.Options{DBPath: ":memory:", Seed: 1,
		Start: time.Date(2026, 11, 2, 9, 0, 0, 0, sim.Zone)})
	if err != nil {
		return "", err
	}
	return httptest.NewServer(sys.Handler()).URL, nil
})

func seeded(t *testing.T) string {
	t.Helper()
	url, err := seededAPI()
	if err != nil {
		t.Fatal(err)
	}
	return url
}

// fixedNow is the clock of the tests' reports.
func fixedNow() time.Time { return time.Date(2026, 11, 2, 9, 30, 0, 0, sim.Zone) }

// result is what a run printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// run runs the command line with an environment holding only env and a
// HOME of its own (so no real config file is read).
func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	home := t.TempDir()
	var out, errb bytes.Buffer
	code := Run(context.Background(), Env{Args: args, Stdout: &out, Stderr: &errb, Now: fixedNow,
		Getenv: func(k string) string {
			if v, ok := env[k]; ok {
				return v
			}
			if k == "HOME" {
				return home
			}
			return ""
		}})
	return result{code, out.String(), errb.String()}
}

func TestVersion(t *testing.T) {
	r := run(t, nil, "--version")
	want := "casewatch " + version.Read().String() + "\n"
	if r.code != 0 || r.stdout != want || !strings.Contains(r.stdout, "; API "+api.Version+")") {
		t.Errorf("got %d %q %q, want %q", r.code, r.stdout, r.stderr, want)
	}
}

// TestHelp: every command has --help, exit 0, naming its flags.
func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, []string{"serve-ssh", "snapshot", "config", "completion", "--wall", "--wall-interval", "--wall-panels", "--wall-pin", "--kiosk", "--api", "--read-only", "--demo-speed"}},
		{[]string{"serve-ssh", "--help"}, []string{"--addr", "--host-key", "--authorized-keys", "--triage-keys", "--idle-timeout", "--max-sessions", "--audit-log", "--api", "--alerts-interval"}},
		{[]string{"snapshot", "--help"}, []string{"--format", "--out", "--scope", "--lang", "--api", "--config"}},
		{[]string{"config", "--help"}, []string{"--api", "--wall-panels", "--authorized-keys"}},
		{[]string{"completion", "bash", "--help"}, []string{"bash"}},
	} {
		r := run(t, nil, tc.args...)
		if r.code != 0 {
			t.Errorf("%v: exit %d, %s", tc.args, r.code, r.stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("%v: help lacks %s", tc.args, w)
			}
		}
	}
	if r := run(t, nil, "completion", "zsh"); r.code != 0 || !strings.Contains(r.stdout, "#compdef casewatch") {
		t.Errorf("completion zsh: %d %.100q", r.code, r.stdout)
	}
}

// TestUsageErrors: bad flags, arguments and configuration exit 2 and say
// what is wrong.
func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	bad := tempFile(t, dir, "bad.toml", "[wall]\npanels = [\"alerts\", \"map\"]\n")
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"--bogus"}, "casewatch: unknown flag: --bogus\nTry 'casewatch --help' for usage.\n"},
		{nil, []string{"snapshott"}, `unknown command "snapshott" for "casewatch"; did you mean "snapshot"?`},
		{nil, []string{"--wall-panels", "alerts,map"}, `invalid argument "alerts,map" for "--wall-panels" flag: unknown panel "map"`},
		{nil, []string{"--wall-interval", "-5s"}, `invalid argument "-5s" for "--wall-interval" flag: negative; want at least 1s`},
		{nil, []string{"--lang", "fr"}, `invalid argument "fr" for "--lang" flag: want zh or en`},
		{nil, []string{"--fps", "0"}, "--fps 0: want 1 to 60"},
		{nil, []string{"--esc-timeout", "0s"}, "--esc-timeout 0s: want 1ms to 1s"},
		{nil, []string{"--esc-timeout", "2s"}, "--esc-timeout 2s: want 1ms to 1s"},
		{nil, []string{"--config", bad}, bad + `:2: wall.panels = ["alerts", "map"]: unknown panel "map"`},
		{nil, []string{"--config", dir + "/none.toml"}, "cannot read " + dir + "/none.toml: no such file or directory"},
		{map[string]string{"CASEWATCH_THEME": "neon"}, []string{"config"}, `CASEWATCH_THEME="neon": want auto, dark, light, high-contrast or mono`},
		{nil, []string{"snapshot", "extra"}, `unexpected argument "extra"`},
		{nil, []string{"snapshot", "--format", "html"}, `unknown format "html" (want text, markdown, json or csv)`},
		{nil, []string{"snapshot", "--api", "localhost:8470"}, `want an http(s) URL`},
		{nil, []string{"serve-ssh"}, "serve-ssh needs --authorized-keys"},
		{nil, []string{"serve-ssh", "--max-sessions", "0", "--authorized-keys", "k"}, "want an integer from 1 to 10000"},
		{nil, []string{"serve-ssh", "--authorized-keys", "k", "--metrics-addr", "0.0.0.0:9464"}, "is not a loopback address"},
		{nil, []string{"serve-ssh", "--authorized-keys", "k", "--metrics-addr", "9464"}, "want host:port"},
		{nil, []string{"serve-ssh", "--authorized-keys", "k", "--metrics-allow-remote"}, "--metrics-allow-remote needs --metrics-addr"},
	} {
		r := run(t, tc.env, tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}

func TestExitCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{nil, 0}, {context.Canceled, 1}, {configError(context.Canceled), 2},
		{errString("unknown command \"x\" for \"casewatch\""), 2}, {errString("GET /health: connection refused"), 1},
	} {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// TestManPage: the man page of the whole tree, on the command's output.
func TestManPage(t *testing.T) {
	r := run(t, nil, "man")
	if r.code != 0 || !strings.HasPrefix(r.stdout, ".TH CASEWATCH 1") || !strings.Contains(r.stdout, `\fBserve-ssh\fP`) || !strings.Contains(r.stdout, `\fB--api\fP`) {
		t.Errorf("man: exit %d, %.300q %q", r.code, r.stdout, r.stderr)
	}
}
