package config

import (
	"errors"
	"path/filepath"
)

// DefaultPath returns $XDG_CONFIG_HOME/casewatch/config.toml, or
// ~/.config/casewatch/config.toml when XDG_CONFIG_HOME is unset or not an
// absolute path.
func DefaultPath(getenv func(string) string) (string, error) {
	return xdgPath(getenv, "XDG_CONFIG_HOME", ".config", "config.toml")
}

// StateDir returns $XDG_STATE_HOME/casewatch, or ~/.local/state/casewatch.
func StateDir(getenv func(string) string) (string, error) {
	return xdgPath(getenv, "XDG_STATE_HOME", filepath.Join(".local", "state"), "")
}

func xdgPath(getenv func(string) string, env, fallback, name string) (string, error) {
	if d := getenv(env); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "casewatch", name), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("no home directory ($HOME is not set) and no " + env)
	}
	return filepath.Join(home, fallback, "casewatch", name), nil
}
