package cli

import (
	"github.com/spf13/cobra"

	"github.com/casewatch/casewatch/config"
)

// Groups of config settings, by the commands that take them as flags.
var (
	connectionKeys = []string{"api", "token_file", "ca_file", "cert_file", "key_file"}
	pollKeys       = []string{"poll.alerts", "poll.indicators", "poll.coverage", "max_alerts"}
	wallKeys       = []string{"wall.enabled", "wall.interval", "wall.panels", "wall.pin", "wall.kiosk"}
	sshKeys        = []string{"ssh.addr", "ssh.host_key", "ssh.authorized_keys", "ssh.triage_keys",
		"ssh.idle_timeout", "ssh.max_sessions", "ssh.audit_log",
		"ssh.trusted_user_ca_keys", "ssh.revoked_keys", "ssh.proxy_protocol"}
)

func keys(groups ...[]string) []string {
	var out []string
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// settingValue is a flag bound to a config setting: it checks its text as
// the setting would, and leaves the value to config.Load.
type settingValue struct {
	s    *config.Setting
	text string
}

func (v *settingValue) String() string { return v.text }
func (v *settingValue) Type() string   { return v.s.Type() }

func (v *settingValue) Set(text string) error {
	if err := v.s.Check(text); err != nil {
		return err
	}
	v.text = text
	return nil
}

// settingFlags are the config-backed flags of a command.
type settingFlags struct {
	cmd    *cobra.Command
	values map[string]*settingValue // by setting key
}

// addSettings defines a flag for each setting key on cmd.
func addSettings(cmd *cobra.Command, keys ...string) *settingFlags {
	sf := &settingFlags{cmd: cmd, values: map[string]*settingValue{}}
	for _, k := range keys {
		s := config.Lookup(k)
		if s == nil {
			panic("cli: no setting " + k)
		}
		v := &settingValue{s: s, text: s.DefaultText()}
		f := cmd.Flags().VarPF(v, s.Flag, "", s.Usage)
		if s.IsBool() {
			f.NoOptDefVal = "true"
		}
		sf.values[k] = v
	}
	return sf
}

// given returns the text of the flags given on the command line, by key.
func (sf *settingFlags) given() map[string]string {
	out := map[string]string{}
	for k, v := range sf.values {
		if sf.cmd.Flags().Changed(v.s.Flag) {
			out[k] = v.text
		}
	}
	return out
}

// loadConfig reads the configuration of a command: its flags, e's
// environment and the --config file. Every error is bad usage.
func loadConfig(e *Env, cmd *cobra.Command, sf *settingFlags) (*config.Config, error) {
	path, _ := cmd.Flags().GetString("config")
	cfg, err := config.Load(config.Options{Path: path, Getenv: e.Getenv, Flags: sf.given()})
	if err != nil {
		return nil, configError(err)
	}
	return cfg, nil
}

// choiceValue is a flag with a value checked by parse.
type choiceValue struct {
	text  string
	typ   string
	parse func(string) error
}

func (v *choiceValue) String() string { return v.text }
func (v *choiceValue) Type() string   { return v.typ }

func (v *choiceValue) Set(s string) error {
	if err := v.parse(s); err != nil {
		return err
	}
	v.text = s
	return nil
}

// noArgs refuses positional arguments as bad usage, suggesting a
// subcommand for a misspelt one.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := "unknown command %q for %q"
	if !cmd.HasSubCommands() {
		msg = "unexpected argument %q (%s takes only flags; see --help)"
	}
	err := usagef(cmd, msg, args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		err = usagef(cmd, msg+"; did you mean %q?", args[0], cmd.CommandPath(), s[0])
	}
	return err
}
