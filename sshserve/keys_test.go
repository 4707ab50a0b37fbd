package sshserve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/casewatch/casewatch/tui"
)

func TestHostKeyCreatedPrivateAndReused(t *testing.T) {
	dir := t.TempDir()
	auth := filepath.Join(dir, "authorized_keys")
	writeFile(t, auth, newKeyPair(t, "a").line, 0o600)
	opts := Options{HostKeyPath: filepath.Join(dir, "state", "casewatch", HostKeyFile), AuthorizedKeysPath: auth,
		Dashboard: tui.Options{Source: &fakeSource{}}, Audit: &syncBuffer{}}
	s1, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(opts.HostKeyPath)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("host key mode %04o, want 0600", fi.Mode().Perm())
	}
	if di, _ := os.Stat(filepath.Dir(opts.HostKeyPath)); di.Mode().Perm() != 0o700 {
		t.Errorf("state directory mode %04o, want 0700", di.Mode().Perm())
	}
	data, _ := os.ReadFile(opts.HostKeyPath)
	if !strings.HasPrefix(string(data), "-----BEGIN OPENSSH PRIVATE KEY-----") {
		t.Errorf("host key is not an OpenSSH PEM key: %.40q", data)
	}
	if k, err := gossh.ParsePrivateKey(data); err != nil || k.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Errorf("host key: %v", err)
	}
	s2, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	if s1.HostKeyFingerprint() != s2.HostKeyFingerprint() {
		t.Error("the host key was not reused")
	}

	if err := os.Chmod(opts.HostKeyPath, 0o640); err != nil {
		t.Fatal(err)
	}
	_, err = NewServer(opts)
	if err == nil || !strings.Contains(err.Error(), opts.HostKeyPath) || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("group-readable host key: %v", err)
	}
}

func TestOptionsChecked(t *testing.T) {
	dir := t.TempDir()
	good := newKeyPair(t, "ok").line
	path := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		writeFile(t, p, content, mode)
		return p
	}
	src := tui.Options{Source: &fakeSource{}}
	hk := filepath.Join(dir, "hk")
	cases := []struct {
		name string
		opts Options
		want []string
	}{
		{"no authorized keys", Options{HostKeyPath: hk, Dashboard: src}, []string{"authorized_keys file is required"}},
		{"missing file", Options{HostKeyPath: hk, AuthorizedKeysPath: filepath.Join(dir, "nope"), Dashboard: src}, []string{"nope", "no such file"}},
		{"empty file", Options{HostKeyPath: hk, AuthorizedKeysPath: path("empty", "# nobody\n\n", 0o600), Dashboard: src}, []string{"empty", "no public keys"}},
		{"bad line", Options{HostKeyPath: hk, AuthorizedKeysPath: path("bad", good+"ssh-ed25519 AAAAnotbase64!!\n", 0o600), Dashboard: src}, []string{"bad:2:", "not a public key"}},
		{"bad triage line", Options{HostKeyPath: hk, AuthorizedKeysPath: path("ok1", good, 0o600),
			TriageKeysPath: path("tri", "\n\nhello\n", 0o600), Dashboard: src}, []string{"tri:3:"}},
		{"from= option", Options{HostKeyPath: hk, AuthorizedKeysPath: path("from", `from="10.0.0.0/8" `+good, 0o600), Dashboard: src},
			[]string{"from:1:", `"from" is not supported`}},
		{"world-writable", Options{HostKeyPath: hk, AuthorizedKeysPath: path("ww", good, 0o666), Dashboard: src}, []string{"ww", "writable by group or others"}},
		{"no source", Options{HostKeyPath: hk, AuthorizedKeysPath: path("ok2", good, 0o600)}, []string{"Source"}},
		{"fps", Options{HostKeyPath: hk, AuthorizedKeysPath: path("ok3", good, 0o600), Dashboard: src, FPS: 100}, []string{"fps 100"}},
		{"esc timeout", Options{HostKeyPath: hk, AuthorizedKeysPath: path("ok4", good, 0o600), Dashboard: src, EscTimeout: 2 * time.Second}, []string{"ESC timeout 2s"}},
	}
	for _, c := range cases {
		_, err := NewServer(c.opts)
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v, want it to mention %q", c.name, err, w)
			}
		}
	}
	// Harmless options and triage-only keys are fine.
	if _, err := NewServer(Options{HostKeyPath: hk, AuthorizedKeysPath: path("e", "", 0o600),
		TriageKeysPath: path("r", "restrict,no-agent-forwarding "+good, 0o644), Dashboard: src}); err != nil {
		t.Errorf("restrict option: %v", err)
	}
}

// Removing a key from the file refuses it from then on, without a restart;
// a file broken meanwhile refuses everyone.
func TestKeyFilesReloaded(t *testing.T) {
	ts := startServer(t, nil)
	ts.login(t, "alice", ts.viewer)
	// Promote the viewer to triage and drop the old triage key.
	later := time.Now().Add(2 * time.Second)
	writeFile(t, ts.triagePath, ts.viewer.line, 0o600)
	if err := os.Chtimes(ts.triagePath, later, later); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.dial("tom", gossh.PublicKeys(ts.triage.signer)); err == nil {
		t.Error("a removed triage key still logs in")
	}
	if info, ok := ts.srv.keys.lookup(ts.viewer.signer.PublicKey()); !ok || info.role != triage || info.name != "viewer@test" {
		t.Errorf("viewer promoted: %+v, %v", info, ok)
	}
	writeFile(t, ts.authPath, "garbage\n", 0o600)
	if err := os.Chtimes(ts.authPath, later, later); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.dial("alice", gossh.PublicKeys(ts.viewer.signer)); err == nil {
		t.Error("logged in while the key file is broken")
	}
	if l := ts.auditLines("keys"); len(l) != 2 || !strings.Contains(l[1], "authorized_keys:1") {
		t.Errorf("keys audit lines: %q", l)
	}
}

func TestAuditValuesQuoted(t *testing.T) {
	for in, want := range map[string]string{
		"alice":          "alice",
		"":               `""`,
		"a b":            `"a b"`,
		"x\nevent=forge": `"x\nevent=forge"`,
		"李明":             "李明",
		"a\u202eb":       `"a\u202eb"`,
	} {
		if got := logValue(in); got != want {
			t.Errorf("logValue(%q) = %s, want %s", in, got, want)
		}
	}
}
