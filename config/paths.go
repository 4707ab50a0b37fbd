package config

import "github.com/casewatch/casewatch/paths"

// DefaultPath returns the default config file: config.toml in
// $CONFIGURATION_DIRECTORY (systemd), $XDG_CONFIG_HOME/casewatch or
// ~/.config/casewatch (package paths decides).
func DefaultPath(getenv func(string) string) (string, error) {
	return paths.ConfigFile(getenv)
}

// StateDir returns the state directory: $STATE_DIRECTORY (systemd),
// $XDG_STATE_HOME/casewatch or ~/.local/state/casewatch (package paths).
func StateDir(getenv func(string) string) (string, error) {
	return paths.StateDir(getenv)
}
