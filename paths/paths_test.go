package paths

import "testing"

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestStateDir(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"STATE_DIRECTORY": "/var/lib/casewatch", "XDG_STATE_HOME": "/x", "HOME": "/h"}, "/var/lib/casewatch"},
		{map[string]string{"STATE_DIRECTORY": "/var/lib/casewatch:/var/lib/other"}, "/var/lib/casewatch"},
		{map[string]string{"STATE_DIRECTORY": "relative", "XDG_STATE_HOME": "/x", "HOME": "/h"}, "/x/casewatch"},
		{map[string]string{"XDG_STATE_HOME": "/x", "HOME": "/h"}, "/x/casewatch"},
		{map[string]string{"XDG_STATE_HOME": "x/y", "HOME": "/home/someone"}, "/home/someone/.local/state/casewatch"},
		{map[string]string{"HOME": "/home/someone"}, "/home/someone/.local/state/casewatch"},
	} {
		if got, err := StateDir(env(tc.env)); err != nil || got != tc.want {
			t.Errorf("%v: got %q, %v; want %q", tc.env, got, err, tc.want)
		}
	}
	for _, m := range []map[string]string{{}, {"HOME": "relative"}, {"XDG_STATE_HOME": "rel", "HOME": ""}} {
		if got, err := StateDir(env(m)); err == nil {
			t.Errorf("%v: got %q, want an error (never a relative path)", m, got)
		}
	}
}

func TestConfigFile(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"CONFIGURATION_DIRECTORY": "/etc/casewatch", "XDG_CONFIG_HOME": "/c", "HOME": "/h"}, "/etc/casewatch/config.toml"},
		{map[string]string{"XDG_CONFIG_HOME": "/c", "HOME": "/h"}, "/c/casewatch/config.toml"},
		{map[string]string{"XDG_CONFIG_HOME": "c", "HOME": "/h"}, "/h/.config/casewatch/config.toml"},
		// The state directory's variable does not move the configuration.
		{map[string]string{"STATE_DIRECTORY": "/var/lib/casewatch", "HOME": "/h"}, "/h/.config/casewatch/config.toml"},
	} {
		if got, err := ConfigFile(env(tc.env)); err != nil || got != tc.want {
			t.Errorf("%v: got %q, %v; want %q", tc.env, got, err, tc.want)
		}
	}
	if got, err := StateFile(env(map[string]string{"HOME": "/h"}), "casesim.db"); err != nil || got != "/h/.local/state/casewatch/casesim.db" {
		t.Errorf("StateFile: %q, %v", got, err)
	}
}
