// Package config is the casewatch configuration: the settings that may be
// given in a TOML file, in the environment or on the command line, their
// defaults, their validation, and where each effective value came from.
//
// Precedence, highest first: command-line flags, environment variables
// (CASEWATCH_<KEY>, dots as underscores: CASEWATCH_WALL_INTERVAL), the
// file, defaults. The file is $XDG_CONFIG_HOME/casewatch/config.toml
// (~/.config/casewatch/config.toml when XDG_CONFIG_HOME is unset), or the
// one named with --config; a missing default file is fine, a missing named
// file is an error. Unknown keys and bad values are errors that name the
// file, the line and what was expected.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"time"

	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
)

// Config is the effective configuration.
type Config struct {
	// API is the case-system URL; empty runs the embedded demo system.
	API string
	// User is the name recorded with acknowledgements made here (by);
	// by default the OS user. Over SSH the key's name is used instead.
	User string
	// TokenFile holds the bearer token (else CASEWATCH_TOKEN is used).
	TokenFile string
	// CAFile, CertFile and KeyFile are PEM files for https.
	CAFile, CertFile, KeyFile string
	// Lang is the display language.
	Lang i18n.Lang
	// Theme is the theme family of the dashboard.
	Theme theme.Kind
	// MaxAlerts caps the alerts held in memory (client.Options.MaxAlerts).
	MaxAlerts int
	// DefaultView names the view the dashboard starts in ("" for none).
	DefaultView string
	// ExportDir is where the dashboard's export writes CSV files.
	ExportDir string
	// Notify adds a desktop notification to the bell of a new overdue alert.
	Notify bool
	// Clipboard lets y copy a case number with OSC 52.
	Clipboard bool
	// Views are the saved views ([[view]] tables of the file).
	Views []View
	// Poll holds the poll intervals.
	Poll Poll
	// Wall holds the wall-display settings.
	Wall Wall
	// SSH holds the settings of casewatch serve-ssh.
	SSH SSH

	// File is the configuration file that was read; empty when none was.
	File string
	// FileNote says why no file was read (the default file is missing).
	FileNote string

	sources map[string]Source
}

// Poll holds the poll intervals of the data sets ([poll]).
type Poll struct {
	Alerts, Indicators, Coverage time.Duration
}

// Wall holds the wall-display settings ([wall]).
type Wall struct {
	// Enabled turns the dashboard into a wall display.
	Enabled bool
	// Interval is how long each panel stays on screen.
	Interval time.Duration
	// Panels lists the panels to rotate through, in order.
	Panels []string
	// Pin is how long the alerts panel stays pinned after a new overdue alert.
	Pin time.Duration
	// Kiosk ignores every key but ctrl+c.
	Kiosk bool
}

// SSH holds the settings of casewatch serve-ssh ([ssh]).
type SSH struct {
	// Addr is the listen address.
	Addr string
	// HostKey is the server's private host key file.
	HostKey string
	// AuthorizedKeys lists the public keys of viewers.
	AuthorizedKeys string
	// TriageKeys lists the public keys that may also acknowledge alerts.
	TriageKeys string
	// IdleTimeout ends a session with no input for this long; 0 never does.
	IdleTimeout time.Duration
	// MaxSessions bounds concurrent sessions.
	MaxSessions int
	// AuditLog is the audit file; empty for standard error.
	AuditLog string
	// TrustedUserCAKeys lists the CA keys whose user certificates log in.
	TrustedUserCAKeys string
	// RevokedKeys lists keys, serials and key ids refused.
	RevokedKeys string
	// ProxyProtocol expects a PROXY protocol header on every connection.
	ProxyProtocol bool
}

// Options say where Load finds the configuration.
type Options struct {
	// Path is the file named with --config; empty for the default file.
	Path string
	// Getenv reads the environment (default os.Getenv).
	Getenv func(string) string
	// Flags holds the text of the flags given on the command line, by
	// setting key ("api", "wall.interval"). Flags not given are absent.
	Flags map[string]string
}

// Load returns the effective configuration: defaults, overridden by the
// file, by the environment, then by the flags.
func Load(o Options) (*Config, error) {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	c := Defaults(o.Getenv)
	path, named := o.Path, o.Path != ""
	if !named {
		var err error
		if path, err = DefaultPath(o.Getenv); err != nil {
			c.FileNote = err.Error()
			path = ""
		}
	}
	if path != "" {
		data, err := os.ReadFile(path)
		switch {
		case err == nil:
			if err := c.applyFile(path, data); err != nil {
				return nil, err
			}
		case !named && errors.Is(err, fs.ErrNotExist):
			c.FileNote = path + " does not exist"
		case named:
			return nil, &Error{Source: Source{Kind: FromFlag, Name: "--config"}, Msg: fileErr(path, err)}
		default:
			return nil, &Error{Msg: fileErr(path, err)}
		}
	}
	if err := c.applyEnv(o.Getenv); err != nil {
		return nil, err
	}
	if err := c.applyFlags(o.Flags); err != nil {
		return nil, err
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

// check validates what no single setting can: the client certificate and
// its key go together.
func (c *Config) check() error {
	if err := c.checkDefaultView(); err != nil {
		return err
	}
	if (c.CertFile == "") != (c.KeyFile == "") {
		key := "cert_file"
		if c.CertFile == "" {
			key = "key_file"
		}
		return &Error{Source: c.sources[key], Key: key, Msg: fmt.Sprintf(
			"cert_file (%s) and key_file (%s) go together: set both or neither", c.sources["cert_file"], c.sources["key_file"])}
	}
	return nil
}

// fileErr describes a failure to read path without Go's "open PATH:" noise.
func fileErr(path string, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Sprintf("cannot read %s: %v", path, pe.Err)
	}
	return fmt.Sprintf("cannot read %s: %v", path, err)
}

// Defaults returns the default configuration; getenv supplies the locale
// (for the language), NO_COLOR (for the theme) and the state directory
// (for the SSH host key).
func Defaults(getenv func(string) string) *Config {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	c := &Config{sources: map[string]Source{}}
	for _, s := range settings {
		v, note := s.def(getenv)
		s.store(c, v)
		c.sources[s.Key] = Source{Kind: FromDefault, Note: note}
	}
	return c
}

// ParseFile returns the defaults overridden by the TOML document data read
// from path (which only names it in messages). The environment is not
// consulted.
func ParseFile(path string, data []byte) (*Config, error) {
	c := Defaults(nil)
	if err := c.applyFile(path, data); err != nil {
		return nil, err
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

// Source returns where the value of the setting key came from.
func (c *Config) Source(key string) Source { return c.sources[key] }

// Value returns the value of the setting key (string, bool, int,
// time.Duration, []string, i18n.Lang or theme.Kind), nil for an unknown key.
func (c *Config) Value(key string) any {
	s := Lookup(key)
	if s == nil {
		return nil
	}
	return reflect.ValueOf(s.ptr(c)).Elem().Interface()
}

func (c *Config) applyEnv(getenv func(string) string) error {
	for _, s := range settings {
		text := getenv(s.Env)
		if text == "" {
			continue
		}
		src := Source{Kind: FromEnv, Name: s.Env}
		v, err := s.kind.fromText(text)
		if err != nil {
			return &Error{Source: src, Key: s.Key, Msg: fmt.Sprintf("%s=%s: %v", s.Env, shown(s, text), err)}
		}
		s.store(c, v)
		c.sources[s.Key] = src
	}
	return nil
}

func (c *Config) applyFlags(flags map[string]string) error {
	for _, s := range settings {
		text, ok := flags[s.Key]
		if !ok {
			continue
		}
		src := Source{Kind: FromFlag, Name: "--" + s.Flag}
		v, err := s.kind.fromText(text)
		if err != nil {
			return &Error{Source: src, Key: s.Key, Msg: fmt.Sprintf("--%s %s: %v", s.Flag, shown(s, text), err)}
		}
		s.store(c, v)
		c.sources[s.Key] = src
	}
	for k := range flags {
		if Lookup(k) == nil {
			return fmt.Errorf("config: no setting %q", k)
		}
	}
	return nil
}
