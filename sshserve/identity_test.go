package sshserve

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// A key's holder is named in the key files, by name="…" or by the
// comment; that name, not the SSH user name, is who acknowledges.
func TestKeyNames(t *testing.T) {
	dir := t.TempDir()
	a, b, c := newKeyPair(t, ""), newKeyPair(t, "lisi@laptop"), newKeyPair(t, "")
	path := filepath.Join(dir, "keys")
	writeFile(t, path, `name="值班员 张三",restrict `+a.line+
		`no-port-forwarding `+b.line+c.line, 0o600)
	keys, err := parseAuthorizedKeys(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 3 || keys[0].name != "值班员 张三" || keys[1].name != "lisi@laptop" || keys[2].name != "" {
		t.Fatalf("names: %q %q %q", keys[0].name, keys[1].name, keys[2].name)
	}
	for _, bad := range []string{`name="" `, `name="a` + "\x1b" + `[31m" `, `name="` + strings.Repeat("名", 65) + `" `} {
		writeFile(t, path, bad+a.line, 0o600)
		if _, err := parseAuthorizedKeys(path); err == nil || !strings.Contains(err.Error(), path+":1") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	// A triage key without a name is refused at start, naming the line.
	tri := filepath.Join(dir, "triage")
	writeFile(t, tri, "# triage\n"+c.line, 0o600)
	writeFile(t, path, a.line, 0o600)
	_, err = NewServer(Options{AuthorizedKeysPath: path, TriageKeysPath: tri, HostKeyPath: filepath.Join(dir, "hk"),
		Dashboard: startServer(t, nil).srv.opts.Dashboard})
	if err == nil || !strings.Contains(err.Error(), tri+":2") || !strings.Contains(err.Error(), "name") {
		t.Errorf("nameless triage key: %v", err)
	}
}

// Whatever the client asks that the server does not grant is refused and
// written to the audit log with the key and the address: a command, a
// subsystem (sftp), local and remote port forwarding, agent forwarding.
func TestRefusedRequestsAudited(t *testing.T) {
	ts := startServer(t, nil)
	fp := gossh.FingerprintSHA256(ts.viewer.signer.PublicKey())
	c := ts.login(t, "mallory", ts.viewer)

	sess, _ := c.NewSession()
	if err := sess.RequestSubsystem("sftp"); err == nil {
		t.Error("sftp subsystem granted")
	}
	sess.Close()
	sess, _ = c.NewSession()
	out, _ := sess.CombinedOutput("cat /etc/passwd")
	if !strings.Contains(string(out), "casewatch：") {
		t.Errorf("exec answered %q", out)
	}
	if _, err := c.Dial("tcp", "127.0.0.1:22"); err == nil {
		t.Error("local port forwarding granted")
	}
	if ln, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
		ln.Close()
		t.Error("remote port forwarding granted")
	}
	sess, _ = c.NewSession()
	if err := agent.RequestAgentForwarding(sess); err != nil {
		t.Log("agent forwarding request:", err)
	}
	if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, _ := sess.StdinPipe()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	_, _ = in.Write([]byte("q"))

	want := map[string]string{"subsystem": "subsystem=sftp", "port-forwarding": "target=127.0.0.1:22",
		"remote-forwarding": "request=tcpip-forward", "agent-forwarding": ""}
	eventually(t, 5*time.Second, "audit lines", func() bool {
		return len(ts.auditLines("request-refused")) >= len(want)
	})
	lines := ts.auditLines("request-refused")
	for what, detail := range want {
		found := false
		for _, l := range lines {
			if strings.Contains(l, "what="+what+" ") && strings.Contains(l, detail) {
				found = true
				if !strings.Contains(l, "key="+fp) || !strings.Contains(l, "name=viewer@test") || !strings.Contains(l, "user=mallory") ||
					!strings.Contains(l, "remote=127.0.0.1:") {
					t.Errorf("%s: %s", what, l)
				}
			}
		}
		if !found {
			t.Errorf("no audit line for %s in:\n%s", what, strings.Join(lines, "\n"))
		}
	}
	eventually(t, 5*time.Second, "exec audit line", func() bool {
		for _, l := range ts.auditLines("session-refused") {
			if strings.Contains(l, `command="cat /etc/passwd"`) && strings.Contains(l, "key="+fp) {
				return true
			}
		}
		return false
	})
}
