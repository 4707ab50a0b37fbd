package sshserve

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A certificate made by ssh-keygen -s logs in with the OpenSSH client, and
// its key id (-I) is who the header names; an expired one is refused.
func TestOpenSSHCertificate(t *testing.T) {
	keygen, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Skip("no ssh-keygen in PATH")
	}
	bin, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("no OpenSSH client (ssh) in PATH")
	}
	dir := t.TempDir()
	gen := func(args ...string) {
		t.Helper()
		if out, err := exec.Command(keygen, args...).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen %v: %v\n%s", args, err, out)
		}
	}
	ca, user := filepath.Join(dir, "ca"), filepath.Join(dir, "id_ed25519")
	gen("-q", "-t", "ed25519", "-N", "", "-C", "province-ca", "-f", ca)
	gen("-q", "-t", "ed25519", "-N", "", "-C", "", "-f", user)
	gen("-q", "-s", ca, "-I", "值班员赵六", "-n", "casewatch-viewer", "-V", "-5m:+1h", "-z", "42", user+".pub")
	expired := filepath.Join(dir, "old_ed25519")
	gen("-q", "-t", "ed25519", "-N", "", "-C", "", "-f", expired)
	gen("-q", "-s", ca, "-I", "过期者", "-n", "casewatch-viewer", "-V", "20200101:20200102", expired+".pub")
	if err := os.Chmod(ca+".pub", 0o600); err != nil {
		t.Fatal(err)
	}

	ts := startServer(t, func(o *Options) {
		o.AuthorizedKeysPath, o.TriageKeysPath, o.TrustedUserCAKeysPath = "", "", ca+".pub"
	})
	host, port, _ := net.SplitHostPort(ts.addr)
	sshArgs := func(key string, extra ...string) []string {
		return append([]string{"-F", "/dev/null", "-i", key, "-p", port, "-o", "StrictHostKeyChecking=no",
			"-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
			"-o", "IdentityAgent=none", "-o", "ConnectTimeout=5", "-o", "LogLevel=ERROR"}, append(extra, "zhao@"+host)...)
	}
	cmd := exec.Command(bin, sshArgs(user, "-tt")...)
	tm := &term{out: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = tm.out, tm.out
	if tm.in, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	go func() { tm.done <- cmd.Wait() }()
	tm.waitText(t, "值班员赵六", 10*time.Second)
	tm.send(t, "q")
	select {
	case err := <-tm.done:
		if err != nil {
			t.Errorf("ssh exited with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ssh did not exit after q")
	}

	out, err := exec.Command(bin, sshArgs(expired, "-tt")...).CombinedOutput()
	if err == nil {
		t.Fatalf("an expired certificate logged in:\n%s", out)
	}
	eventually(t, 5*time.Second, "the refusal's audit line", func() bool {
		return strings.Contains(ts.audit.String(), "reason=cert-expired") && strings.Contains(ts.audit.String(), "key_id=过期者")
	})
	if line := auditLine(t, ts.audit.String(), "event=session "); !strings.Contains(line, "serial=42") || !strings.Contains(line, "name=值班员赵六") {
		t.Errorf("session line: %s", line)
	}
}
