package config

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
)

// TestPrecedence checks flag > environment > file > default for one
// setting of every kind, in all eight combinations of sources.
func TestPrecedence(t *testing.T) {
	type values struct{ def, file, env, flag any }
	for _, tc := range []struct {
		kind, key              string
		fileLit, envTxt, flagT string
		want                   values
	}{
		{"string (URL)", "api", `"http://file:1"`, "http://env:2", "http://flag:3",
			values{"", "http://file:1", "http://env:2", "http://flag:3"}},
		{"path", "token_file", `"/file/token"`, "/env/token", "/flag/token",
			values{"", "/file/token", "/env/token", "/flag/token"}},
		{"duration", "poll.alerts", `"7s"`, "8s", "1m30s",
			values{5 * time.Second, 7 * time.Second, 8 * time.Second, 90 * time.Second}},
		{"bool", "wall.kiosk", `true`, "false", "true",
			values{false, true, false, true}},
		{"int", "ssh.max_sessions", `5`, "6", "7",
			values{64, 5, 6, 7}},
		{"enum (language)", "lang", `"en"`, "zh", "en",
			values{i18n.ZH, i18n.EN, i18n.ZH, i18n.EN}},
		{"enum (theme)", "theme", `"dark"`, "light", "hc",
			values{theme.Auto, theme.Dark, theme.Light, theme.HighContrast}},
		{"list", "wall.panels", `["coverage"]`, "indicators", "alerts, coverage",
			values{[]string{"alerts", "indicators", "coverage"}, []string{"coverage"}, []string{"indicators"}, []string{"alerts", "coverage"}}},
	} {
		s := Lookup(tc.key)
		for mask := 0; mask < 8; mask++ {
			inFile, inEnv, inFlag := mask&1 != 0, mask&2 != 0, mask&4 != 0
			name := tc.kind + "/" + strings.Join(present(inFile, "file", inEnv, "env", inFlag, "flag"), "+")
			t.Run(name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "config.toml")
				doc := "# casewatch\n"
				if inFile {
					doc += fileLine(tc.key, tc.fileLit)
				}
				if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
					t.Fatal(err)
				}
				env := map[string]string{}
				if inEnv {
					env[s.Env] = tc.envTxt
				}
				flags := map[string]string{}
				if inFlag {
					flags[tc.key] = tc.flagT
				}
				c, err := Load(Options{Path: path, Getenv: mapEnv(env), Flags: flags})
				if err != nil {
					t.Fatal(err)
				}
				want, src := tc.want.def, "default"
				switch {
				case inFlag:
					want, src = tc.want.flag, "flag:--"+s.Flag
				case inEnv:
					want, src = tc.want.env, "env:"+s.Env
				case inFile:
					want, src = tc.want.file, "file:"+path+":"+map[bool]string{true: "3", false: "2"}[strings.Contains(tc.key, ".")]
				}
				if got := c.Value(tc.key); !reflect.DeepEqual(got, want) {
					t.Errorf("value %#v, want %#v", got, want)
				}
				if got := c.Source(tc.key).String(); got != src {
					t.Errorf("source %s, want %s", got, src)
				}
			})
		}
	}
}

func present(pairs ...any) []string {
	out := []string{}
	for i := 0; i < len(pairs); i += 2 {
		if pairs[i].(bool) {
			out = append(out, pairs[i+1].(string))
		}
	}
	if len(out) == 0 {
		return []string{"none"}
	}
	return out
}

// fileLine writes key = lit, in its table.
func fileLine(key, lit string) string {
	if sec, name, ok := strings.Cut(key, "."); ok {
		return "[" + sec + "]\n" + name + " = " + lit + "\n"
	}
	return key + " = " + lit + "\n"
}

// TestDefaults checks the defaults that depend on the environment.
func TestDefaults(t *testing.T) {
	c := Defaults(mapEnv(map[string]string{"LANG": "en_US.UTF-8", "NO_COLOR": "1", "XDG_STATE_HOME": "/state"}))
	if c.Lang != i18n.EN || c.Source("lang").String() != "default (LANG=en_US.UTF-8)" {
		t.Errorf("lang %v from %v", c.Lang, c.Source("lang"))
	}
	if c.Theme != theme.Mono || c.Source("theme").String() != "default (NO_COLOR is set)" {
		t.Errorf("theme %v from %v", c.Theme, c.Source("theme"))
	}
	if c.SSH.HostKey != "/state/casewatch/ssh_host_ed25519_key" {
		t.Errorf("host key %q", c.SSH.HostKey)
	}
	c = Defaults(mapEnv(map[string]string{"LC_ALL": "C", "LANG": "C.UTF-8", "HOME": "/home/u"}))
	if c.Lang != i18n.ZH || c.Source("lang").String() != "default" || c.Theme != theme.Auto {
		t.Errorf("C locale: lang %v from %v, theme %v", c.Lang, c.Source("lang"), c.Theme)
	}
	if c.SSH.HostKey != "/home/u/.local/state/casewatch/ssh_host_ed25519_key" {
		t.Errorf("host key %q", c.SSH.HostKey)
	}
	if c.Wall.Interval != 20*time.Second || c.Wall.Pin != time.Minute || c.SSH.Addr != "127.0.0.1:2222" ||
		c.SSH.IdleTimeout != 30*time.Minute || c.SSH.MaxSessions != 64 || len(c.Wall.Panels) != 3 {
		t.Errorf("defaults %+v", c)
	}
}

// TestSchemaMatchesSettings keeps the file schema and the settings table
// in step: every setting is a field of the schema and every field a
// setting.
func TestSchemaMatchesSettings(t *testing.T) {
	var keys []string
	var walk func(reflect.Type, string)
	walk = func(ty reflect.Type, prefix string) {
		for f := range ty.Fields() {
			key := prefix + f.Tag.Get("toml")
			if key == "view" {
				continue // [[view]] tables: not settings (views.go)
			}
			if f.Type.Kind() == reflect.Struct {
				walk(f.Type, key+".")
				continue
			}
			keys = append(keys, key)
		}
	}
	walk(reflect.TypeFor[fileSchema](), "")
	var want []string
	for _, s := range Settings() {
		want = append(want, s.Key)
		if s.Env != "CASEWATCH_"+strings.ToUpper(strings.ReplaceAll(s.Key, ".", "_")) || LookupFlag(s.Flag) != s {
			t.Errorf("setting %s: env %s, flag %s", s.Key, s.Env, s.Flag)
		}
	}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("schema keys %v\nsettings    %v", keys, want)
	}
}

// TestWrite checks `casewatch config`: sources, and no token.
func TestWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte("lang = \"en\"\n\n[wall]\npanels = [\"alerts\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"CASEWATCH_TOKEN": "s3cr3t-token", "CASEWATCH_WALL_INTERVAL": "30s", "HOME": "/home/u"}
	c, err := Load(Options{Path: path, Getenv: mapEnv(env), Flags: map[string]string{"api": "http://127.0.0.1:8470"}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := c.Write(&b, mapEnv(env)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"# file: " + path + "\n",
		"# token: (set, from CASEWATCH_TOKEN)\n",
		`api = "http://127.0.0.1:8470"`, "# flag:--api\n",
		`lang = "en"`, "# file:" + path + ":1\n",
		`interval = "30s"`, "# env:CASEWATCH_WALL_INTERVAL\n",
		`panels = ["alerts"]`, "# file:" + path + ":4\n",
		`idle_timeout = "30m"`, "# default\n",
		"\n[ssh]\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "s3cr3t") {
		t.Errorf("output shows the token:\n%s", out)
	}
	c.TokenFile = "/etc/casewatch/token"
	if got := c.TokenStatus(mapEnv(env)); got != "(file /etc/casewatch/token)" {
		t.Errorf("TokenStatus %q", got)
	}
	if got := (&Config{}).TokenStatus(mapEnv(nil)); got != "(none)" {
		t.Errorf("TokenStatus %q", got)
	}
	// What Write prints is a valid file giving the same configuration.
	again, err := ParseFile("printed.toml", b.Bytes())
	if err != nil {
		t.Fatalf("printed configuration does not parse: %v\n%s", err, out)
	}
	for _, s := range Settings() {
		if !reflect.DeepEqual(again.Value(s.Key), c.Value(s.Key)) && s.Key != "token_file" {
			t.Errorf("%s: printed %#v, was %#v", s.Key, again.Value(s.Key), c.Value(s.Key))
		}
	}
}

// TestDocumentedExample: the example file of docs/CLI.md is valid.
func TestDocumentedExample(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "CLI.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```toml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/CLI.md has no toml block")
	}
	c, err := ParseFile("CLI.md", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	if c.API != "https://cases.example.internal:8470" || c.SSH.MaxSessions != 64 || c.Source("ssh.audit_log").Kind != FromFile {
		t.Errorf("example read as %+v", c)
	}
}

// The user recorded with acknowledgements: the OS user by default, with
// where it came from; a name with control characters, an empty or an
// overlong one is refused.
func TestUserSetting(t *testing.T) {
	_, err := Load(Options{Path: filepath.Join(t.TempDir(), "none.toml"), Getenv: mapEnv(map[string]string{"LOGNAME": "lisi"})})
	if err == nil {
		t.Fatal("a missing named file should fail")
	}
	c := Defaults(mapEnv(map[string]string{"LOGNAME": "lisi"}))
	if c.User != "lisi" || c.Source("user").String() != "default (LOGNAME=lisi)" {
		t.Errorf("from LOGNAME: %q %s", c.User, c.Source("user"))
	}
	c = Defaults(mapEnv(map[string]string{"USER": "zhangsan", "LOGNAME": "lisi"}))
	if c.User != "zhangsan" || c.Source("user").String() != "default (USER=zhangsan)" {
		t.Errorf("from USER: %q %s", c.User, c.Source("user"))
	}
	if c = Defaults(mapEnv(nil)); c.User == "" || c.User == "casewatch" {
		t.Errorf("from the user database: %q %s", c.User, c.Source("user"))
	}
	for _, bad := range []string{`""`, `"  "`, `"a\u001b[31mb"`, `"` + strings.Repeat("名", 65) + `"`, `"x\u202Ey"`} {
		if _, err := ParseFile("c.toml", []byte("user = "+bad+"\n")); err == nil || !strings.Contains(err.Error(), "c.toml:1") {
			t.Errorf("user = %s: %v", bad, err)
		}
	}
	c, err = ParseFile("c.toml", []byte("user = \" 值班员张三 \"\n"))
	if err != nil || c.User != "值班员张三" {
		t.Errorf("trimmed name: %q %v", c.User, err)
	}
}
