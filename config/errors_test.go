package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFileErrors checks every message of a bad file: each names the file,
// the line and what was expected.
func TestFileErrors(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"unknown key", "api = \"http://h\"\n\n[wall]\nintervall = \"20s\"\n",
			`c.toml:4: unknown key "wall.intervall"; did you mean "wall.interval"?`},
		{"unknown key listing its table", "[wall]\nspeed = 2\n",
			`c.toml:2: unknown key "wall.speed" (keys of [wall]: enabled, interval, panels, pin, kiosk)`},
		{"unknown top-level key", "colour = \"red\"\n",
			`c.toml:1: unknown key "colour" (top-level keys: api, token_file, ca_file, cert_file, key_file, user, lang, theme, max_alerts, default_view, export_dir, notify, clipboard; tables: [poll], [wall], [ssh], [[view]])`},
		{"key in the wrong table", "[poll]\npin = \"5s\"\n", `c.toml:2: unknown key "poll.pin"; did you mean "wall.pin"?`},
		{"every unknown key", "[wall]\nfoo = 1\nbar = 2\n",
			"c.toml:2: unknown key \"wall.foo\" (keys of [wall]: enabled, interval, panels, pin, kiosk)\nc.toml:3: unknown key \"wall.bar\" (keys of [wall]: enabled, interval, panels, pin, kiosk)"},
		{"unknown table", "\n[colours]\nfg = 1\n", `c.toml:2: unknown table [colours] (tables: [poll], [wall], [ssh], [[view]])`},
		{"wrong type: integer for a duration", "[wall]\ninterval = 20\n",
			`c.toml:2: wall.interval: want a duration string such as "20s", found an integer`},
		{"wrong type: string for a bool", "[wall]\nkiosk = \"yes\"\n", `c.toml:2: wall.kiosk: want true or false, found a string`},
		{"wrong type: float for an integer", "[ssh]\nmax_sessions = 1.5\n", `c.toml:2: ssh.max_sessions: want an integer, found a float`},
		{"wrong type: string for a list", "[wall]\npanels = \"alerts,coverage\"\n",
			`c.toml:2: wall.panels: want an array of panel names such as ["alerts", "coverage"], found a string`},
		{"wrong type in a list", "[wall]\npanels = [\"alerts\", 2]\n",
			`c.toml:2: wall.panels: want an array of panel names such as ["alerts", "coverage"], found an array holding an integer`},
		{"wrong type in an inline table", "wall = { pin = \"5s\", kiosk = 1 }\n", `c.toml:1: wall.kiosk: want true or false, found an integer`},
		{"value for a table", "wall = true\n", `c.toml:1: wall: want a table [wall], found a boolean`},
		{"table for a value", "[api]\n", `c.toml:1: api: want a string, found a table`},
		{"array of tables", "[[ssh]]\naddr = \":22\"\n", `c.toml:1: ssh: want a table [ssh], found an array of tables`},
		{"bad theme", "theme = \"neon\"\n", `c.toml:1: theme = "neon": want auto, dark, light, high-contrast or mono`},
		{"bad lang", "lang = \"fr\"\n", `c.toml:1: lang = "fr": want zh or en`},
		{"bad wall panel", "[wall]\npanels = [\"alerts\", \"map\"]\n",
			`c.toml:2: wall.panels = ["alerts", "map"]: unknown panel "map": want alerts, indicators or coverage`},
		{"repeated wall panel", "[wall]\npanels = [\"alerts\", \"alerts\"]\n",
			`c.toml:2: wall.panels = ["alerts", "alerts"]: panel alerts listed twice`},
		{"no wall panel", "[wall]\npanels = []\n", `c.toml:2: wall.panels = []: want at least one of alerts, indicators, coverage`},
		{"bad duration", "[poll]\nalerts = \"5\"\n", `c.toml:2: poll.alerts = "5": want a duration such as "20s", "5m" or "1h30m"`},
		{"negative interval", "[poll]\n\nindicators = \"-1m\"\n", `c.toml:3: poll.indicators = "-1m": negative; want at least 1s`},
		{"interval too short", "[wall]\npin = \"10ms\"\n", `c.toml:2: wall.pin = "10ms": want at least 1s`},
		{"integer out of range", "[ssh]\nmax_sessions = 0\n", `c.toml:2: ssh.max_sessions = 0: want an integer from 1 to 10000`},
		{"bad URL", "api = \"cases.example:8470\"\n", `c.toml:1: api = "cases.example:8470": want an http(s) URL such as "http://127.0.0.1:8470"`},
		{"credentials in the URL are not echoed", "api = \"http://u:hunter2@h\"\n",
			`c.toml:1: api = "http://u:xxxxx@h": the URL must not carry credentials; use a token file or CASEWATCH_TOKEN`},
		{"bad address", "[ssh]\naddr = \"2222\"\n", `c.toml:2: ssh.addr = "2222": want host:port such as "127.0.0.1:2222"`},
		{"certificate without key", "cert_file = \"/c.pem\"\n",
			`c.toml:1: cert_file (file:c.toml:1) and key_file (default) go together: set both or neither`},
		{"malformed: unterminated string", "lang = \"zh\ntheme = \"dark\"\n", `c.toml:1:11: malformed TOML: basic strings cannot have new lines`},
		{"malformed: duplicate key", "lang = \"zh\"\nlang = \"en\"\n", `c.toml:2:1: malformed TOML: key lang is already defined`},
		{"malformed: no value", "[wall]\nkiosk =\n", `c.toml:2:8: malformed TOML: unexpected character U+000A at start of value`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseFile("c.toml", []byte(tc.doc))
			if err == nil {
				t.Fatalf("no error; config %+v", c)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("error\n got: %s\nwant: %s", got, tc.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Error("the message shows the password")
			}
			var ce *Error
			if !errors.As(err, &ce) || ce.Source.Kind != FromFile || ce.Source.Line < 1 {
				t.Errorf("error %#v: want an *Error with the file and line", err)
			}
		})
	}
}

// TestEnvAndFlagErrors checks the messages of bad environment and flag
// values.
func TestEnvAndFlagErrors(t *testing.T) {
	env := map[string]string{"CASEWATCH_THEME": "neon"}
	_, err := Load(Options{Path: "/dev/null", Getenv: mapEnv(env)})
	if want := `CASEWATCH_THEME="neon": want auto, dark, light, high-contrast or mono`; err == nil || err.Error() != want {
		t.Errorf("env: got %v, want %s", err, want)
	}
	_, err = Load(Options{Path: "/dev/null", Getenv: mapEnv(nil), Flags: map[string]string{"wall.interval": "-3s"}})
	if want := `--wall-interval "-3s": negative; want at least 1s`; err == nil || err.Error() != want {
		t.Errorf("flag: got %v, want %s", err, want)
	}
	if err := Lookup("wall.panels").Check("alerts,charts"); err == nil || err.Error() != `unknown panel "charts": want alerts, indicators or coverage` {
		t.Errorf("Check: got %v", err)
	}
}

// TestConfigFileLocation: a missing default file is fine, a missing named
// file is an error, XDG_CONFIG_HOME wins over HOME.
func TestConfigFileLocation(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"HOME": filepath.Join(dir, "home")}
	c, err := Load(Options{Getenv: mapEnv(env)})
	if err != nil {
		t.Fatalf("missing default file: %v", err)
	}
	if want := filepath.Join(dir, "home", ".config", "casewatch", "config.toml") + " does not exist"; c.File != "" || c.FileNote != want {
		t.Errorf("File %q, FileNote %q; want none, %q", c.File, c.FileNote, want)
	}

	xdg := filepath.Join(dir, "xdg")
	path := filepath.Join(xdg, "casewatch", "config.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("lang = \"en\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env["XDG_CONFIG_HOME"] = xdg
	if c, err = Load(Options{Getenv: mapEnv(env)}); err != nil || c.File != path || c.Source("lang").String() != "file:"+path+":1" {
		t.Errorf("XDG file: %v, file %q, lang from %v", err, c.File, c.Source("lang"))
	}

	missing := filepath.Join(dir, "nope.toml")
	_, err = Load(Options{Path: missing, Getenv: mapEnv(env)})
	if want := "cannot read " + missing + ": no such file or directory"; err == nil || err.Error() != want {
		t.Errorf("missing named file: got %v, want %s", err, want)
	}
}

func mapEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}
