package sshserve

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/pires/go-proxyproto"
	gossh "golang.org/x/crypto/ssh"
)

// dialProxied connects to ts as a load balancer would: a PROXY protocol
// v1 header naming the client's address first, then SSH.
func dialProxied(t *testing.T, ts *testServer, client string, key gossh.Signer) (*gossh.Client, error) {
	return dialProxiedVersion(t, ts, 1, client, key)
}

// dialProxiedVersion is dialProxied with a header of PROXY protocol
// version 1 (text, HAProxy and nginx) or 2 (binary, cloud load balancers).
func dialProxiedVersion(t *testing.T, ts *testServer, version byte, client string, key gossh.Signer) (*gossh.Client, error) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", ts.addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(client)
	_, sport, _ := net.SplitHostPort(ts.addr)
	if version == 1 {
		_, err = fmt.Fprintf(conn, "PROXY TCP4 %s 127.0.0.1 %s %s\r\n", host, port, sport)
	} else {
		src, _ := net.ResolveTCPAddr("tcp", client)
		dst, _ := net.ResolveTCPAddr("tcp", ts.addr)
		h := proxyproto.HeaderProxyFromAddrs(2, src, dst)
		_, err = h.WriteTo(conn)
	}
	if err != nil {
		t.Fatal(err)
	}
	cfg := &gossh.ClientConfig{User: "lb-user", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second}
	c, chans, reqs, err := gossh.NewClientConn(conn, ts.addr, cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return gossh.NewClient(c, chans, reqs), nil
}

// Behind a load balancer speaking the PROXY protocol, version 1 (text:
// HAProxy, nginx) or 2 (binary: cloud load balancers), the audit log names
// the client's address, and a certificate's source-address is checked
// against it; a connection without the header is closed.
func TestProxyProtocol(t *testing.T) {
	for _, version := range []byte{1, 2} {
		ts, ca, _ := certServer(t, func(o *Options) { o.ProxyProtocol = true; o.ProxyFrom = []string{"127.0.0.0/8"} })
		cert, _ := issue(t, ca.signer, newKeyPair(t, ""), certOpts{keyID: "王五", principals: []string{ViewerPrincipal},
			critical: map[string]string{"source-address": "10.20.0.0/16"}})

		c, err := dialProxiedVersion(t, ts, version, "10.20.30.40:51234", cert)
		if err != nil {
			t.Fatalf("v%d: proxied login from an admitted source: %v\n%s", version, err, ts.audit.String())
		}
		tm := openTerm(t, c, true, nil)
		tm.waitText(t, "东检刑诉受[2023]00001号", 5*time.Second)
		tm.send(t, "q")
		tm.wait(t, 5*time.Second)
		c.Close()
		eventually(t, 5*time.Second, "the session line", func() bool { return strings.Contains(ts.audit.String(), "event=session ") })
		if line := auditLine(t, ts.audit.String(), "event=session "); !strings.Contains(line, "remote=10.20.30.40:51234") {
			t.Errorf("v%d: session line without the client's address: %s", version, line)
		}

		// The same certificate from an address its source-address does not list.
		if _, err := dialProxiedVersion(t, ts, version, "192.0.2.9:40000", cert); err == nil {
			t.Errorf("v%d: source-address not enforced on the proxied address", version)
		}
		if line := auditLine(t, ts.audit.String(), "reason=cert-source"); !strings.Contains(line, "remote=192.0.2.9:40000") {
			t.Errorf("v%d: refusal without the client's address: %s", version, line)
		}

		// Without a header: closed.
		if _, err := ts.dial("x", gossh.PublicKeys(cert)); err == nil {
			t.Errorf("v%d: a connection without a PROXY header logged in", version)
		}
	}

	// A header from a peer that is not a trusted balancer: closed.
	other, ca2, _ := certServer(t, func(o *Options) { o.ProxyProtocol = true; o.ProxyFrom = []string{"192.0.2.1"} })
	cert2, _ := issue(t, ca2.signer, newKeyPair(t, ""), certOpts{keyID: "王五", principals: []string{ViewerPrincipal}})
	if _, err := dialProxied(t, other, "10.20.30.40:51234", cert2); err == nil {
		t.Error("a PROXY header from an untrusted peer was believed")
	}
}

// The PROXY protocol's trusted sources are checked at start.
func TestProxyFromChecked(t *testing.T) {
	for _, o := range []Options{{ProxyProtocol: true, ProxyFrom: []string{"10.0.0.0/33"}}, {ProxyFrom: []string{"10.0.0.1"}}} {
		o.AuthorizedKeysPath = "k"
		o.Dashboard.Source = &fakeSource{}
		if _, err := o.withDefaults(); err == nil {
			t.Errorf("%v accepted", o.ProxyFrom)
		}
	}
}
