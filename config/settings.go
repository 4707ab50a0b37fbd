package config

import (
	"os/user"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
)

// Defaults that are not the client's.
const (
	DefaultWallInterval = 20 * time.Second
	DefaultWallPin      = 60 * time.Second
	DefaultSSHAddr      = "127.0.0.1:2222"
	DefaultIdleTimeout  = 30 * time.Minute
	DefaultMaxSessions  = 64
	// HostKeyName is the file name of the default SSH host key, in the
	// state directory.
	HostKeyName = "ssh_host_ed25519_key"

	minInterval      = time.Second
	maxSessionsLimit = 10000
	maxAlertsLimit   = 100_000_000
	envPrefix        = "CASEWATCH_"
)

// WallPanels are the panel names of a wall display, in their default order.
var WallPanels = []string{"alerts", "indicators", "coverage"}

// Sections are the tables of the file.
var Sections = []string{"poll", "wall", "ssh"}

// Setting describes one configurable value: its key in the file, its flag,
// its environment variable, its kind and its default.
type Setting struct {
	// Key is the file key, with its section: "api", "wall.interval".
	Key string
	// Flag is the command-line flag, without dashes.
	Flag string
	// Env is the environment variable: CASEWATCH_ and the key in upper
	// case, dots as underscores.
	Env string
	// Usage is the flag's help text.
	Usage string

	kind kind
	def  func(getenv func(string) string) (v any, note string)
	ptr  func(c *Config) any
}

// store sets the setting's field of c to v.
func (s *Setting) store(c *Config, v any) {
	reflect.ValueOf(s.ptr(c)).Elem().Set(reflect.ValueOf(v))
}

// Check validates the text of a flag or an environment variable.
func (s *Setting) Check(text string) error {
	_, err := s.kind.fromText(text)
	return err
}

// Type names the kind of value for help texts: string, duration, bool,
// int, lang, theme or panels.
func (s *Setting) Type() string { return s.kind.typ() }

// IsBool reports whether the flag takes no value.
func (s *Setting) IsBool() bool { return s.kind.typ() == "bool" }

// Want says what a valid value is, for messages and help.
func (s *Setting) Want() string { return s.kind.want() }

// DefaultText is the default as a flag would take it, empty when the
// default depends on the environment (language, theme, host key).
func (s *Setting) DefaultText() string {
	switch s.Key {
	case "lang", "theme", "ssh.host_key", "user", "export_dir":
		return ""
	}
	v, _ := s.def(func(string) string { return "" })
	return s.kind.text(v)
}

// Settings returns every setting, in the order of the file.
func Settings() []*Setting { return append([]*Setting(nil), settings...) }

// Lookup returns the setting of a key, nil when there is none.
func Lookup(key string) *Setting {
	for _, s := range settings {
		if s.Key == key {
			return s
		}
	}
	return nil
}

// LookupFlag returns the setting of a flag name (without dashes).
func LookupFlag(flag string) *Setting {
	for _, s := range settings {
		if s.Flag == flag {
			return s
		}
	}
	return nil
}

// section returns the section of a key ("" for top-level keys).
func section(key string) string {
	if i := strings.IndexByte(key, '.'); i >= 0 {
		return key[:i]
	}
	return ""
}

func fixed(v any) func(func(string) string) (any, string) {
	return func(func(string) string) (any, string) { return v, "" }
}

func newSetting(key, flag, usage string, k kind, def func(func(string) string) (any, string), ptr func(*Config) any) *Setting {
	return &Setting{Key: key, Flag: flag, Usage: usage, kind: k, def: def, ptr: ptr,
		Env: envPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))}
}

// settings is the table of every setting, in the order of the file.
var settings = []*Setting{
	newSetting("api", "api", "the case system's URL, e.g. http://127.0.0.1:8470 (empty: the embedded demo system)",
		urlKind{}, fixed(""), func(c *Config) any { return &c.API }),
	newSetting("token_file", "token-file", "file holding the bearer token (else env "+client.TokenEnv+")",
		pathKind{}, fixed(""), func(c *Config) any { return &c.TokenFile }),
	newSetting("ca_file", "ca-file", "the CA certificates (PEM) to trust for https",
		pathKind{}, fixed(""), func(c *Config) any { return &c.CAFile }),
	newSetting("cert_file", "cert-file", "the client certificate (PEM, with --key-file)",
		pathKind{}, fixed(""), func(c *Config) any { return &c.CertFile }),
	newSetting("key_file", "key-file", "the client key (PEM, with --cert-file)",
		pathKind{}, fixed(""), func(c *Config) any { return &c.KeyFile }),
	newSetting("user", "user", "name recorded with acknowledgements (default: the OS user, from USER, LOGNAME or the user database)",
		nameKind{}, defaultUser, func(c *Config) any { return &c.User }),
	newSetting("lang", "lang", "display language: zh or en (default: from LC_ALL/LC_MESSAGES/LANG, Chinese when none names one)",
		langKind{}, defaultLang, func(c *Config) any { return &c.Lang }),
	newSetting("theme", "theme", "theme: auto (from the terminal background), dark, light, high-contrast or mono (default auto; mono when NO_COLOR is set)",
		themeKind{}, defaultTheme, func(c *Config) any { return &c.Theme }),
	newSetting("max_alerts", "max-alerts", "most alerts held in memory; past it the most urgent are held and the dashboard says how many of how many",
		intKind{min: 1, max: maxAlertsLimit}, fixed(client.DefaultMaxAlerts), func(c *Config) any { return &c.MaxAlerts }),
	newSetting("default_view", "view", "saved view to start in: the name of a [[view]] of the config file",
		viewNameKind{}, fixed(""), func(c *Config) any { return &c.DefaultView }),
	newSetting("export_dir", "export-dir", "folder the dashboard's e writes CSV files into (default <state dir>/exports)",
		pathKind{}, defaultExportDir, func(c *Config) any { return &c.ExportDir }),
	newSetting("notify", "notify", "with the bell, a desktop notification (OSC 9/777) when a new overdue alert arrives in scope; a wall display rings and notifies only with it",
		boolKind{}, fixed(false), func(c *Config) any { return &c.Notify }),
	newSetting("clipboard", "clipboard", "let y copy the case number to the clipboard with OSC 52 (off: some terminals and SSH setups misbehave)",
		boolKind{}, fixed(false), func(c *Config) any { return &c.Clipboard }),

	newSetting("poll.alerts", "alerts-interval", "poll interval of the alerts",
		durKind{min: minInterval}, fixed(client.DefaultAlertsInterval), func(c *Config) any { return &c.Poll.Alerts }),
	newSetting("poll.indicators", "indicators-interval", "poll interval of the indicators",
		durKind{min: minInterval}, fixed(client.DefaultIndicatorsInterval), func(c *Config) any { return &c.Poll.Indicators }),
	newSetting("poll.coverage", "coverage-interval", "poll interval of the coverage",
		durKind{min: minInterval}, fixed(client.DefaultCoverageInterval), func(c *Config) any { return &c.Poll.Coverage }),

	newSetting("wall.enabled", "wall", "wall display: read-only, full screen, rotating through the panels",
		boolKind{}, fixed(false), func(c *Config) any { return &c.Wall.Enabled }),
	newSetting("wall.interval", "wall-interval", "how long each panel stays on a wall display",
		durKind{min: minInterval}, fixed(DefaultWallInterval), func(c *Config) any { return &c.Wall.Interval }),
	newSetting("wall.panels", "wall-panels", "panels of a wall display, in order: a comma list of alerts, indicators, coverage",
		panelsKind{}, func(func(string) string) (any, string) { return append([]string(nil), WallPanels...), "" },
		func(c *Config) any { return &c.Wall.Panels }),
	newSetting("wall.pin", "wall-pin", "how long a wall display stays on the alerts after a new overdue alert",
		durKind{min: minInterval}, fixed(DefaultWallPin), func(c *Config) any { return &c.Wall.Pin }),
	newSetting("wall.kiosk", "kiosk", "wall display that ignores every key but ctrl+c",
		boolKind{}, fixed(false), func(c *Config) any { return &c.Wall.Kiosk }),

	newSetting("ssh.addr", "addr", "listen address of the SSH server",
		addrKind{}, fixed(DefaultSSHAddr), func(c *Config) any { return &c.SSH.Addr }),
	newSetting("ssh.host_key", "host-key", "private host key, created on first run (default <state dir>/"+HostKeyName+")",
		pathKind{}, defaultHostKey, func(c *Config) any { return &c.SSH.HostKey }),
	newSetting("ssh.authorized_keys", "authorized-keys", "public keys allowed in, read-only (required)",
		pathKind{}, fixed(""), func(c *Config) any { return &c.SSH.AuthorizedKeys }),
	newSetting("ssh.triage_keys", "triage-keys", "public keys that may also acknowledge alerts",
		pathKind{}, fixed(""), func(c *Config) any { return &c.SSH.TriageKeys }),
	newSetting("ssh.idle_timeout", "idle-timeout", "end a session after this long without input (0: never)",
		durKind{min: minInterval, zeroOK: true}, fixed(DefaultIdleTimeout), func(c *Config) any { return &c.SSH.IdleTimeout }),
	newSetting("ssh.max_sessions", "max-sessions", "most concurrent sessions",
		intKind{min: 1, max: maxSessionsLimit}, fixed(DefaultMaxSessions), func(c *Config) any { return &c.SSH.MaxSessions }),
	newSetting("ssh.audit_log", "audit-log", "append one line per session to this file (default: standard error)",
		pathKind{}, fixed(""), func(c *Config) any { return &c.SSH.AuditLog }),
	newSetting("ssh.trusted_user_ca_keys", "trusted-user-ca-keys", "CA public keys whose SSH user certificates may log in (principal casewatch-viewer or casewatch-triage; the key id names the holder)",
		pathKind{}, fixed(""), func(c *Config) any { return &c.SSH.TrustedUserCAKeys }),
	newSetting("ssh.revoked_keys", "revoked-keys", "keys (and their certificates), serial:N or id:KEY-ID refused even when a key file or a CA admits them",
		pathKind{}, fixed(""), func(c *Config) any { return &c.SSH.RevokedKeys }),
	newSetting("ssh.proxy_protocol", "proxy-protocol", "expect a PROXY protocol header from a load balancer on every connection (the audit log then shows the client's address)",
		boolKind{}, fixed(false), func(c *Config) any { return &c.SSH.ProxyProtocol }),
}

// defaultLang follows the locale (i18n.Detect) and names the variable
// that decided.
func defaultLang(getenv func(string) string) (any, string) {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(name)
		code := strings.ToLower(strings.TrimSpace(v))
		if i := strings.IndexAny(code, "_-.@:"); i >= 0 {
			code = code[:i]
		}
		if code != "" && code != "c" && code != "posix" {
			return i18n.Detect(getenv), name + "=" + v
		}
	}
	return i18n.ZH, ""
}

// defaultTheme is auto, or mono when NO_COLOR is set (https://no-color.org:
// the file and the flags still override it).
func defaultTheme(getenv func(string) string) (any, string) {
	if k := theme.Detect(getenv, theme.Auto); k != theme.Auto {
		return k, "NO_COLOR is set"
	}
	return theme.Auto, ""
}

// defaultUser is the login name of the OS user: $USER, $LOGNAME, else the
// user database (os/user). Never a made-up name: "" when there is none,
// and acknowledging then asks for one.
func defaultUser(getenv func(string) string) (any, string) {
	for _, name := range []string{"USER", "LOGNAME"} {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			if n, err := (nameKind{}).fromText(v); err == nil {
				return n, name + "=" + v
			}
		}
	}
	if u, err := user.Current(); err == nil {
		if n, err := (nameKind{}).fromText(u.Username); err == nil {
			return n, "OS user"
		}
	}
	return "", "no OS user name found"
}

// defaultExportDir is the exports folder in the state directory.
func defaultExportDir(getenv func(string) string) (any, string) {
	dir, err := StateDir(getenv)
	if err != nil {
		return "", ""
	}
	return filepath.Join(dir, "exports"), ""
}

func defaultHostKey(getenv func(string) string) (any, string) {
	dir, err := StateDir(getenv)
	if err != nil {
		return "", ""
	}
	return filepath.Join(dir, HostKeyName), ""
}
