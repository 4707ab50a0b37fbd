package sshserve

import (
	"crypto/rand"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// certOpts describes a user certificate to issue.
type certOpts struct {
	keyID        string
	principals   []string
	after, until time.Time // zero: always / forever
	serial       uint64
	critical     map[string]string
	host         bool
}

// issue signs a certificate of key with ca and returns a signer that logs
// in with it.
func issue(t testing.TB, ca gossh.Signer, key keyPair, o certOpts) (gossh.Signer, *gossh.Certificate) {
	t.Helper()
	cert := &gossh.Certificate{
		Key: key.signer.PublicKey(), Serial: o.serial, CertType: gossh.UserCert, KeyId: o.keyID,
		ValidPrincipals: o.principals, ValidAfter: 0, ValidBefore: gossh.CertTimeInfinity,
		Permissions: gossh.Permissions{CriticalOptions: o.critical, Extensions: map[string]string{"permit-pty": ""}},
	}
	if o.host {
		cert.CertType = gossh.HostCert
	}
	if !o.after.IsZero() {
		cert.ValidAfter = uint64(o.after.Unix())
	}
	if !o.until.IsZero() {
		cert.ValidBefore = uint64(o.until.Unix())
	}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewCertSigner(cert, key.signer)
	if err != nil {
		t.Fatal(err)
	}
	return s, cert
}

// certServer is a server admitting certificates of one CA, with a
// revoked-keys file and no authorized_keys at all.
func certServer(t *testing.T, tweak func(*Options)) (ts *testServer, ca keyPair, revoked string) {
	t.Helper()
	ca = newKeyPair(t, "dongzhou-ca")
	dir := t.TempDir()
	caPath, revoked := filepath.Join(dir, "ca.pub"), filepath.Join(dir, "revoked")
	writeFile(t, caPath, "# the province's user CA\n"+ca.line, 0o600)
	writeFile(t, revoked, "# nothing revoked yet\n", 0o600)
	ts = startServer(t, func(o *Options) {
		o.AuthorizedKeysPath, o.TriageKeysPath = "", ""
		o.TrustedUserCAKeysPath, o.RevokedKeysPath = caPath, revoked
		if tweak != nil {
			tweak(o)
		}
	})
	return ts, ca, revoked
}

// A certificate signed by the trusted CA logs in without any
// authorized_keys; its key id is who acknowledges and who the audit log
// names, its principal the role; every refusal (expired, not yet valid,
// revoked, unknown CA, no casewatch principal, source-address,
// force-command, a host certificate) is an audit line with its reason.
func TestCertificateLogin(t *testing.T) {
	ts, ca, revoked := certServer(t, nil)
	now := time.Now()
	holder := newKeyPair(t, "")

	triageCert, _ := issue(t, ca.signer, holder, certOpts{keyID: "值班员张三", principals: []string{"zhangsan", TriagePrincipal},
		after: now.Add(-time.Hour), until: now.Add(time.Hour), serial: 7})
	c, err := ts.dial("whoever", gossh.PublicKeys(triageCert))
	if err != nil {
		t.Fatalf("valid triage certificate refused: %v\n%s", err, ts.audit.String())
	}
	tr := openTerm(t, c, true, map[string]string{"LANG": "zh_CN.UTF-8"})
	tr.waitText(t, "东检刑诉受[2023]00001号", 5*time.Second)
	tr.waitText(t, "值班员张三", 5*time.Second) // the header names the certificate's holder
	tr.send(t, "a")
	tr.waitText(t, "备注", 5*time.Second)
	tr.send(t, "已督办\r")
	eventually(t, 5*time.Second, "the acknowledgement", func() bool { _, acks := ts.src.counts(); return len(acks) == 1 })
	if _, acks := ts.src.counts(); acks[0].By != "值班员张三" {
		t.Errorf("acknowledged by %q, want the key id 值班员张三", acks[0].By)
	}
	tr.send(t, "q")
	tr.wait(t, 5*time.Second)
	c.Close()
	eventually(t, 5*time.Second, "the session's audit line", func() bool { return strings.Contains(ts.audit.String(), "event=session ") })
	line := auditLine(t, ts.audit.String(), "event=session ")
	for _, want := range []string{"name=值班员张三", "role=triage", "key_id=值班员张三", "serial=7", "principals=zhangsan,casewatch-triage",
		"key=" + gossh.FingerprintSHA256(holder.signer.PublicKey()), "ca=" + gossh.FingerprintSHA256(ca.signer.PublicKey())} {
		if !strings.Contains(line, want) {
			t.Errorf("session line lacks %s: %s", want, line)
		}
	}

	// A viewer certificate may look but not acknowledge.
	viewerCert, _ := issue(t, ca.signer, newKeyPair(t, ""), certOpts{keyID: "李四", principals: []string{ViewerPrincipal}})
	c, err = ts.dial("lisi", gossh.PublicKeys(viewerCert))
	if err != nil {
		t.Fatalf("viewer certificate refused: %v", err)
	}
	v := openTerm(t, c, true, nil)
	v.waitText(t, "东检刑诉受[2023]00001号", 5*time.Second)
	v.send(t, "a")
	v.waitText(t, "只读：此密钥无确认权限", 5*time.Second)
	v.send(t, "\rq")
	v.wait(t, 5*time.Second)
	c.Close()

	stranger := newKeyPair(t, "other-ca")
	for _, tc := range []struct {
		name   string
		signer gossh.Signer
		reason certRefusal
	}{
		{"expired", must(issue(t, ca.signer, newKeyPair(t, ""), certOpts{keyID: "过期", principals: []string{ViewerPrincipal}, until: now.Add(-time.Minute)})), certExpired},
		{"not yet valid", must(issue(t, ca.signer, newKeyPair(t, ""), certOpts{keyID: "未到", principals: []string{ViewerPrincipal}, after: now.Add(time.Hour)})), certNotYetValid},
		{"unknown CA", must(issue(t, stranger.signer, newKeyPair(t, ""), certOpts{keyID: "外省", principals: []string{TriagePrincipal}})), certUnknownCA},
		{"no casewatch principal", must(issue(t, ca.signer, newKeyPair(t, ""), certOpts{keyID: "别的系统", principals: []string{"root", "zhangsan"}})), certPrincipal},
		{"source-address", must(issue(t, ca.signer, newKeyPair(t, ""), certOpts{keyID: "外网", principals: []string{ViewerPrincipal}, critical: map[string]string{"source-address": "10.0.0.0/8"}})), certSource},
		{"force-command", must(issue(t, ca.signer, newKeyPair(t, ""), certOpts{keyID: "命令", principals: []string{ViewerPrincipal}, critical: map[string]string{"force-command": "/bin/true"}})), certOption},
		{"host certificate", must(issue(t, ca.signer, newKeyPair(t, ""), certOpts{keyID: "主机", principals: []string{ViewerPrincipal}, host: true})), certType},
		{"no key id", must(issue(t, ca.signer, newKeyPair(t, ""), certOpts{principals: []string{ViewerPrincipal}})), certKeyID},
	} {
		if _, err := ts.dial("x", gossh.PublicKeys(tc.signer)); err == nil {
			t.Errorf("%s: logged in", tc.name)
			continue
		}
		if !strings.Contains(ts.audit.String(), "event=cert-refused reason="+string(tc.reason)+" ") {
			t.Errorf("%s: no cert-refused line with reason %s:\n%s", tc.name, tc.reason, ts.audit.String())
		}
	}
	if line := auditLine(t, ts.audit.String(), "reason=cert-expired"); !strings.Contains(line, "key_id=过期") || !strings.Contains(line, "valid=always/") {
		t.Errorf("expired line: %s", line)
	}

	// Revoked: by serial, by key id, by the key; the file is re-read.
	writeFile(t, revoked, "serial:7\n", 0o600)
	if _, err := ts.dial("x", gossh.PublicKeys(triageCert)); err == nil {
		t.Error("a revoked serial logged in")
	}
	writeFile(t, revoked, "# by key id\nid:李四\n", 0o600)
	if _, err := ts.dial("x", gossh.PublicKeys(viewerCert)); err == nil {
		t.Error("a revoked key id logged in")
	}
	writeFile(t, revoked, "# by key, any certificate of it\n"+holder.line, 0o600)
	again, _ := issue(t, ca.signer, holder, certOpts{keyID: "值班员张三", principals: []string{ViewerPrincipal}, serial: 8})
	if _, err := ts.dial("x", gossh.PublicKeys(again)); err == nil {
		t.Error("a certificate of a revoked key logged in")
	}
	if n := strings.Count(ts.audit.String(), "reason=cert-revoked"); n != 3 {
		t.Errorf("%d cert-revoked lines, want 3:\n%s", n, ts.audit.String())
	}
	// The plain key is not admitted by a certificate's CA either.
	if _, err := ts.dial("x", gossh.PublicKeys(holder.signer)); err == nil {
		t.Error("a bare key logged in with only a CA configured")
	}
}

// source-address admits the addresses it lists.
func TestSourceAllowed(t *testing.T) {
	addr := &net.TCPAddr{IP: net.ParseIP("10.2.3.4"), Port: 50000}
	for list, want := range map[string]bool{"10.0.0.0/8": true, "192.168.0.0/16,10.2.3.4": true, "10.2.3.5": false, "": false, "bogus": false} {
		if got := sourceAllowed(list, addr); got != want {
			t.Errorf("%q: %v, want %v", list, got, want)
		}
	}
}

// A CA file that holds no key or a certificate is refused at start, naming
// the file.
func TestCAFileChecked(t *testing.T) {
	dir := t.TempDir()
	key := newKeyPair(t, "x")
	ca := newKeyPair(t, "ca")
	empty := filepath.Join(dir, "empty")
	writeFile(t, empty, "# none\n", 0o600)
	if _, err := newAuthority(empty, "", nil); err == nil || !strings.Contains(err.Error(), empty) {
		t.Errorf("empty CA file: %v", err)
	}
	certFile := filepath.Join(dir, "cert")
	_, cert := issue(t, ca.signer, key, certOpts{keyID: "x", principals: []string{ViewerPrincipal}})
	writeFile(t, certFile, string(gossh.MarshalAuthorizedKey(cert)), 0o600)
	if _, err := newAuthority(certFile, "", nil); err == nil || !strings.Contains(err.Error(), "cannot be a CA key") {
		t.Errorf("certificate as CA: %v", err)
	}
	loose := filepath.Join(dir, "loose")
	writeFile(t, loose, ca.line, 0o666)
	if _, err := newAuthority(loose, "", nil); err == nil || !strings.Contains(err.Error(), "writable by group or others") {
		t.Errorf("group-writable CA file: %v", err)
	}
	badRevoked := filepath.Join(dir, "revoked")
	writeFile(t, badRevoked, "serial:seven\n", 0o600)
	okCA := filepath.Join(dir, "ca.pub")
	writeFile(t, okCA, ca.line, 0o600)
	if _, err := newAuthority(okCA, badRevoked, nil); err == nil || !strings.Contains(err.Error(), badRevoked+":1") {
		t.Errorf("bad revoked file: %v", err)
	}
}

func must(s gossh.Signer, _ *gossh.Certificate) gossh.Signer { return s }

// auditLine returns the first audit line containing s.
func auditLine(t testing.TB, log, s string) string {
	t.Helper()
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	t.Fatalf("no audit line with %q:\n%s", s, log)
	return ""
}
