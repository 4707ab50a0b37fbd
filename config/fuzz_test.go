package config

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	toml "github.com/pelletier/go-toml/v2"
)

// FuzzConfig feeds arbitrary documents to ParseFile. It must never panic,
// every error must be an *Error with a line, and a document it accepts
// must be valid TOML holding only known keys with valid values, each of
// which the configuration then holds.
//
//	go test ./config -run '^$' -fuzz FuzzConfig -fuzztime 1m
func FuzzConfig(f *testing.F) {
	for _, seed := range []string{
		"",
		"api = \"http://127.0.0.1:8470\"\nlang = \"en\"\ntheme = \"dark\"\n",
		"[poll]\nalerts = \"5s\"\nindicators = \"1m\"\ncoverage = \"2m\"\n",
		"[wall]\nenabled = true\ninterval = \"20s\"\npanels = [\"alerts\", \"coverage\"]\npin = \"1m\"\nkiosk = true\n",
		"[ssh]\naddr = \"0.0.0.0:2222\"\nmax_sessions = 8\nidle_timeout = \"10m\"\n",
		"wall = { interval = \"5s\", panels = [\"indicators\"] }\n",
		"wall.kiosk = true\npoll.alerts = \"3s\"\n",
		"[wall]\ninterval = 20\n",
		"[[wall]]\n",
		"lang = \"zh\nx",
		"[wall]\npanels = [\"alerts\", \"alerts\"]\n",
		"\"api\" = 'http://h'\n[ ssh ]\n'addr' = \"[::1]:22\"\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseFile("f.toml", data)
		if err != nil {
			var ce *Error
			if e, ok := err.(*Error); ok {
				ce = e
			}
			if ce == nil || ce.Source.Kind != FromFile || ce.Source.Line < 1 || !strings.HasPrefix(err.Error(), "f.toml:") {
				t.Fatalf("error %#v is not an *Error with the file and line", err)
			}
			return
		}
		var doc map[string]any
		if err := toml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("accepted invalid TOML (%v)", err)
		}
		checkDoc(t, c, doc, "")
		if err := validate(c); err != "" {
			t.Fatalf("accepted an invalid configuration: %s", err)
		}
	})
}

// checkDoc checks that every key of the decoded document is a setting
// whose value the configuration holds.
func checkDoc(t *testing.T, c *Config, m map[string]any, prefix string) {
	for k, v := range m {
		key := prefix + k
		if sub, ok := v.(map[string]any); ok && prefix == "" && slices.Contains(Sections, k) {
			checkDoc(t, c, sub, key+".")
			continue
		}
		s := Lookup(key)
		if s == nil {
			t.Fatalf("accepted unknown key %q", key)
		}
		want, err := s.kind.fromTOML(v)
		if err != nil {
			t.Fatalf("accepted %s = %v: %v", key, v, err)
		}
		if got := c.Value(key); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: config holds %#v, file says %#v", key, got, want)
		}
		if c.Source(key).Kind != FromFile {
			t.Fatalf("%s: source %v", key, c.Source(key))
		}
	}
}

// validate checks the invariants of a configuration independently of the
// parsing code.
func validate(c *Config) string {
	for _, d := range []time.Duration{c.Poll.Alerts, c.Poll.Indicators, c.Poll.Coverage, c.Wall.Interval, c.Wall.Pin} {
		if d < time.Second {
			return "duration below 1s"
		}
	}
	if c.SSH.IdleTimeout != 0 && c.SSH.IdleTimeout < time.Second {
		return "idle timeout below 1s"
	}
	if len(c.Wall.Panels) == 0 {
		return "no wall panel"
	}
	seen := map[string]bool{}
	for _, p := range c.Wall.Panels {
		if !slices.Contains(WallPanels, p) || seen[p] {
			return "bad wall panel " + p
		}
		seen[p] = true
	}
	if c.SSH.MaxSessions < 1 || c.SSH.MaxSessions > maxSessionsLimit {
		return "max sessions out of range"
	}
	if api := strings.ToLower(c.API); api != "" && !strings.HasPrefix(api, "http://") && !strings.HasPrefix(api, "https://") {
		return "API is not an http(s) URL"
	}
	if (c.CertFile == "") != (c.KeyFile == "") {
		return "certificate without key"
	}
	return ""
}
