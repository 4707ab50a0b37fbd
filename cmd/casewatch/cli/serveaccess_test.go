package cli

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/casewatch/casewatch/sshserve"
)

// The certificate and PROXY protocol flags reach sshserve.Options; with
// a CA, no --authorized-keys is needed.
func TestServeSSHAccessFlags(t *testing.T) {
	var got sshserve.Options
	serveSSH = func(_ context.Context, o sshserve.Options) error { got = o; return nil }
	t.Cleanup(func() { serveSSH = sshserve.Serve })
	r := run(t, map[string]string{"XDG_STATE_HOME": t.TempDir()}, "serve-ssh", "--api", seeded(t),
		"--trusted-user-ca-keys", "/etc/casewatch/ca.pub", "--revoked-keys", "/etc/casewatch/revoked",
		"--proxy-protocol", "--proxy-protocol-from", "10.0.0.5,10.1.0.0/16")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if got.TrustedUserCAKeysPath != "/etc/casewatch/ca.pub" || got.RevokedKeysPath != "/etc/casewatch/revoked" ||
		!got.ProxyProtocol || !slices.Equal(got.ProxyFrom, []string{"10.0.0.5", "10.1.0.0/16"}) || got.AuthorizedKeysPath != "" {
		t.Errorf("options %+v", got)
	}
	// The same from the config file's [ssh] table.
	cfgFile := tempFile(t, t.TempDir(), "config.toml", "[ssh]\ntrusted_user_ca_keys = \"/etc/ca.pub\"\nrevoked_keys = \"/etc/revoked\"\nproxy_protocol = true\n")
	got = sshserve.Options{}
	r = run(t, map[string]string{"XDG_STATE_HOME": t.TempDir()}, "serve-ssh", "--api", seeded(t), "--config", cfgFile)
	if r.code != 0 || got.TrustedUserCAKeysPath != "/etc/ca.pub" || got.RevokedKeysPath != "/etc/revoked" || !got.ProxyProtocol {
		t.Errorf("from the config file: exit %d %s; options %+v", r.code, r.stderr, got)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--authorized-keys", "k", "--proxy-protocol-from", "10.0.0.5"}, "--proxy-protocol-from needs --proxy-protocol"},
		{[]string{"--authorized-keys", "k", "--proxy-protocol", "--proxy-protocol-from", "lb.example"}, "want an IP address or a CIDR block"},
		{[]string{"--revoked-keys", "r"}, "or --trusted-user-ca-keys"},
	} {
		r := run(t, nil, append([]string{"serve-ssh"}, tc.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}
