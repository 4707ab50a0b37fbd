package sshserve

import (
	"encoding/pem"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// opensshCmd runs the system's OpenSSH client against the test server with
// key, checking the host key against a known_hosts file.
func (ts *testServer) opensshCmd(t *testing.T, key keyPair, user string, extra ...string) *exec.Cmd {
	t.Helper()
	bin, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("no OpenSSH client (ssh) in PATH")
	}
	dir := t.TempDir()
	block, err := gossh.MarshalPrivateKey(key.priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(dir, "id_ed25519")
	writeFile(t, keyPath, string(pem.EncodeToMemory(block)), 0o600)
	hostKey, err := os.ReadFile(ts.srv.opts.HostKeyPath)
	if err != nil {
		t.Fatal(err)
	}
	hs, err := gossh.ParsePrivateKey(hostKey)
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(ts.addr)
	known := filepath.Join(dir, "known_hosts")
	writeFile(t, known, "["+host+"]:"+port+" "+string(gossh.MarshalAuthorizedKey(hs.PublicKey())), 0o600)
	args := append([]string{"-F", "/dev/null", "-i", keyPath, "-p", port,
		"-o", "UserKnownHostsFile=" + known, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
		"-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "ConnectTimeout=5"}, extra...)
	args = append(args, user+"@"+host)
	return exec.Command(bin, args...)
}

// A real `ssh -tt` from openssh-client sees the dashboard and quits with q.
func TestOpenSSHClient(t *testing.T) {
	ts := startServer(t, nil)
	cmd := ts.opensshCmd(t, ts.viewer, "alice", "-tt", "-o", "SendEnv=LANG")
	cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8")
	tm := &term{out: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = tm.out, tm.out
	var err error
	if tm.in, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	go func() { tm.done <- cmd.Wait() }()
	tm.waitText(t, headerEN, 10*time.Second)
	tm.send(t, "q")
	select {
	case err := <-tm.done:
		if err != nil {
			t.Errorf("ssh exited with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ssh did not exit after q")
	}
}

// OpenSSH is told that public key is the only method, and a stranger's key
// is refused.
func TestOpenSSHUnknownKeyRefused(t *testing.T) {
	ts := startServer(t, nil)
	cmd := ts.opensshCmd(t, ts.unknown, "mallory", "-tt",
		"-o", "PreferredAuthentications=publickey,password,keyboard-interactive")
	cmd.Stdin = strings.NewReader("")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 255 {
		t.Fatalf("ssh: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "Permission denied (publickey)") {
		t.Errorf("output %q, want the server to offer publickey only", out)
	}
}
