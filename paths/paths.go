// Package paths is the one place that decides where casewatch and casesim
// keep their files: the configuration directory and the state directory
// (the acknowledgement outbox, the SSH host key, casesim's database).
//
// In order, the state directory is:
//
//  1. $STATE_DIRECTORY, which systemd sets for a unit with StateDirectory=
//     (its first entry when it lists several), used as it is;
//  2. $XDG_STATE_HOME/casewatch;
//  3. $HOME/.local/state/casewatch.
//
// and the configuration directory $CONFIGURATION_DIRECTORY (systemd's
// ConfigurationDirectory=), $XDG_CONFIG_HOME/casewatch or
// $HOME/.config/casewatch. As the XDG Base Directory specification says, a
// relative path in any of these variables is ignored; so is a relative
// $HOME, and with nothing usable left the answer is an error, never a path
// relative to the working directory.
package paths

import (
	"errors"
	"path/filepath"
	"strings"
)

// App is the directory name under the XDG base directories.
const App = "casewatch"

// ConfigFileName is the configuration file's name in ConfigDir.
const ConfigFileName = "config.toml"

// StateDir returns the state directory (see the package comment).
func StateDir(getenv func(string) string) (string, error) {
	return dir(getenv, "STATE_DIRECTORY", "XDG_STATE_HOME", filepath.Join(".local", "state"))
}

// ConfigDir returns the configuration directory (see the package comment).
func ConfigDir(getenv func(string) string) (string, error) {
	return dir(getenv, "CONFIGURATION_DIRECTORY", "XDG_CONFIG_HOME", ".config")
}

// ConfigFile returns ConfigDir/config.toml.
func ConfigFile(getenv func(string) string) (string, error) {
	d, err := ConfigDir(getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(d, ConfigFileName), nil
}

// StateFile returns StateDir/name.
func StateFile(getenv func(string) string, name string) (string, error) {
	d, err := StateDir(getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(d, name), nil
}

func dir(getenv func(string) string, systemd, xdg, fallback string) (string, error) {
	// systemd joins several directories with colons.
	if d, _, _ := strings.Cut(getenv(systemd), ":"); d != "" && filepath.IsAbs(d) {
		return filepath.Clean(d), nil
	}
	if d := getenv(xdg); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, App), nil
	}
	home := getenv("HOME")
	if home == "" || !filepath.IsAbs(home) {
		return "", errors.New("no directory for casewatch's files: $" + xdg + " and $HOME are unset or not absolute paths")
	}
	return filepath.Join(home, fallback, App), nil
}
