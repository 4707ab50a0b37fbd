package client

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestTLSWithCAFileAndClientCert(t *testing.T) {
	dir := t.TempDir()
	f := newFakeAPI(1)
	srv := httptest.NewUnstartedServer(f)
	// A client CA and a client certificate it signed.
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test client CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	cliKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	cliTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "casewatch"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	cliDER, err := x509.CreateCertificate(rand.Reader, cliTmpl, caCert, &cliKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(cliKey)
	certFile, keyFile := filepath.Join(dir, "client.pem"), filepath.Join(dir, "client.key")
	writePEM(t, certFile, "CERTIFICATE", cliDER)
	writePEM(t, keyFile, "EC PRIVATE KEY", keyDER)

	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool}
	var conns atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.StartTLS()
	defer srv.Close()
	caFile := filepath.Join(dir, "server-ca.pem")
	writePEM(t, caFile, "CERTIFICATE", srv.Certificate().Raw)

	c, err := New(Config{BaseURL: srv.URL, CAFile: caFile, CertFile: certFile, KeyFile: keyFile})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Units(context.Background()); err != nil {
		t.Fatalf("mutual TLS: %v", err)
	}

	// Without the CA file the server is not trusted, and that is not retried.
	bare, _ := New(Config{BaseURL: srv.URL, CertFile: certFile, KeyFile: keyFile, RetryWait: time.Millisecond})
	defer bare.Close()
	n := conns.Load()
	_, err = bare.Units(context.Background())
	if err == nil || !strings.Contains(err.Error(), "TLS certificate not trusted ("+srv.URL+"): signed by an unknown authority") {
		t.Fatalf("untrusted server: %v", err)
	}
	if IsTemporary(err) || conns.Load() != n+1 {
		t.Error("certificate failure treated as temporary")
	}

	// A CA file that holds no certificate is a configuration error.
	junk := filepath.Join(dir, "junk.pem")
	if err := os.WriteFile(junk, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{BaseURL: srv.URL, CAFile: junk}); err == nil || !strings.Contains(err.Error(), "holds no PEM certificate") {
		t.Errorf("junk CA file: %v", err)
	}
}
