package sshserve

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/casewatch/casewatch/client/sanitize"
)

// Principals of a user certificate that admit it: the certificate must
// name one of them (ssh-keygen -n). The login user name is not an
// identity here, as for keys: the certificate's key id (ssh-keygen -I) is.
const (
	// ViewerPrincipal admits a certificate read-only.
	ViewerPrincipal = "casewatch-viewer"
	// TriagePrincipal admits a certificate that may also acknowledge.
	TriagePrincipal = "casewatch-triage"
)

// certRefusal is why a certificate was refused; the audit log's reason,
// and the metrics' "cert-…" label.
type certRefusal string

// Reasons a certificate is refused.
const (
	certNoCA         certRefusal = "cert-no-ca"         // no --trusted-user-ca-keys
	certType         certRefusal = "cert-type"          // a host certificate
	certUnknownCA    certRefusal = "cert-unknown-ca"    // signed by a CA not in the file
	certRevoked      certRefusal = "cert-revoked"       // its key, serial or key id is in the revoked file
	certOption       certRefusal = "cert-option"        // a critical option this server cannot honour (force-command)
	certSource       certRefusal = "cert-source"        // source-address does not admit the client's address
	certPrincipal    certRefusal = "cert-principal"     // neither casewatch principal
	certNotYetValid  certRefusal = "cert-not-yet-valid" // before valid-after
	certExpired      certRefusal = "cert-expired"       // at or past valid-before
	certKeyID        certRefusal = "cert-key-id"        // no usable key id to name its holder
	certBadSignature certRefusal = "cert-signature"     // the CA's signature does not verify
	certCAUnusable   certRefusal = "cert-ca-unusable"   // the CA or revoked file no longer parses
)

// revocations lists what the revoked-keys file names.
type revocations struct {
	keys    map[string]bool // marshalled public keys
	serials map[uint64]bool
	ids     map[string]bool
}

// revokedKey reports whether key (a plain key, or the key of a
// certificate) is revoked.
func (r *revocations) revokedKey(key gossh.PublicKey) bool {
	if r == nil {
		return false
	}
	if c, ok := key.(*gossh.Certificate); ok {
		return r.keys[string(c.Key.Marshal())] || r.keys[string(c.Marshal())] || r.serials[c.Serial] || r.ids[c.KeyId]
	}
	return r.keys[string(key.Marshal())]
}

// parseRevoked reads a revoked-keys file: one entry a line, a public key
// in authorized_keys format (the key and every certificate of it), or
// serial:N, or id:KEY-ID; # starts a comment.
func parseRevoked(path string) (*revocations, error) {
	data, err := readKeyFile(path)
	if err != nil {
		return nil, err
	}
	r := &revocations{keys: map[string]bool{}, serials: map[uint64]bool{}, ids: map[string]bool{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#':
		case strings.HasPrefix(line, "serial:"):
			v, err := strconv.ParseUint(strings.TrimSpace(strings.TrimPrefix(line, "serial:")), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: serial: want a decimal number", path, n)
			}
			r.serials[v] = true
		case strings.HasPrefix(line, "id:"):
			id := strings.TrimSpace(strings.TrimPrefix(line, "id:"))
			if id == "" {
				return nil, fmt.Errorf("%s:%d: id: is empty", path, n)
			}
			r.ids[id] = true
		default:
			key, _, _, rest, err := gossh.ParseAuthorizedKey([]byte(line))
			if err != nil {
				return nil, fmt.Errorf("%s:%d: want a public key, serial:N or id:KEY-ID: %w", path, n, err)
			}
			if len(bytes.TrimSpace(rest)) > 0 {
				return nil, fmt.Errorf("%s:%d: one key per line", path, n)
			}
			r.keys[string(key.Marshal())] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// parseCAKeys reads a trusted-user-CA-keys file: CA public keys in
// authorized_keys format, one a line; options are refused (this server
// honours none of them on a CA line).
func parseCAKeys(path string) (map[string]bool, error) {
	data, err := readKeyFile(path)
	if err != nil {
		return nil, err
	}
	cas := map[string]bool{}
	err = eachKeyLine(path, data, func(n int, key gossh.PublicKey, _ string, opts []string) error {
		if len(opts) > 1 || len(opts) == 1 && !strings.EqualFold(opts[0], "cert-authority") {
			return fmt.Errorf("%s:%d: options are not supported on a CA key (%s)", path, n, strings.Join(opts, ","))
		}
		if _, ok := key.(*gossh.Certificate); ok {
			return fmt.Errorf("%s:%d: a certificate cannot be a CA key", path, n)
		}
		cas[string(key.Marshal())] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	return cas, nil
}

// authority checks user certificates against the trusted CA keys and
// checks every key against the revoked-keys file. Both files are re-read
// when they change; a file that no longer parses refuses every
// certificate (CA file) or every key (revoked file) until it is fixed.
type authority struct {
	caPath, revokedPath string
	report              func(msg string, err error)
	now                 func() time.Time

	mu       sync.Mutex
	caStamp  stamp
	revStamp stamp
	cas      map[string]bool
	revoked  *revocations
	err      error
}

// newAuthority loads the files once and fails on any problem; either path
// may be empty.
func newAuthority(caPath, revokedPath string, report func(string, error)) (*authority, error) {
	a := &authority{caPath: caPath, revokedPath: revokedPath, report: report, now: time.Now}
	a.caStamp, a.revStamp = stampOf(caPath), stampOf(revokedPath)
	if err := a.load(); err != nil {
		return nil, err
	}
	if caPath != "" && len(a.cas) == 0 {
		return nil, fmt.Errorf("%s: no CA public keys (one per line, as ssh-keygen writes ca.pub)", caPath)
	}
	return a, nil
}

func (a *authority) load() error {
	a.cas, a.revoked = nil, nil
	if a.caPath != "" {
		cas, err := parseCAKeys(a.caPath)
		if err != nil {
			return err
		}
		a.cas = cas
	}
	if a.revokedPath != "" {
		r, err := parseRevoked(a.revokedPath)
		if err != nil {
			return err
		}
		a.revoked = r
	}
	return nil
}

// refresh re-reads the files if they changed; call with a.mu held.
func (a *authority) refresh() {
	c, r := stampOf(a.caPath), stampOf(a.revokedPath)
	if c == a.caStamp && r == a.revStamp {
		return
	}
	a.caStamp, a.revStamp = c, r
	a.err = a.load()
	if a.report != nil {
		if a.err != nil {
			a.report("CA or revoked keys unusable, refusing every certificate and key until fixed", a.err)
		} else {
			a.report(fmt.Sprintf("CA keys reloaded: %d; revoked entries: %d", len(a.cas), a.revoked.count()), nil)
		}
	}
}

func (r *revocations) count() int {
	if r == nil {
		return 0
	}
	return len(r.keys) + len(r.serials) + len(r.ids)
}

// revokedKey reports whether a plain key is revoked (or the files are
// unusable, which refuses everyone).
func (a *authority) revokedKey(key gossh.PublicKey) bool {
	if a == nil || a.revokedPath == "" && a.caPath == "" {
		return false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.refresh()
	return a.err != nil || a.revoked.revokedKey(key)
}

// check admits cert from remote, or says why not. The holder's name is
// the certificate's key id; the role is triage when the certificate names
// TriagePrincipal, viewer when it names ViewerPrincipal.
func (a *authority) check(cert *gossh.Certificate, remote net.Addr) (keyInfo, certRefusal) {
	if a == nil || a.caPath == "" {
		return keyInfo{}, certNoCA
	}
	a.mu.Lock()
	a.refresh()
	cas, revoked, err := a.cas, a.revoked, a.err
	a.mu.Unlock()
	switch {
	case err != nil:
		return keyInfo{}, certCAUnusable
	case cert.CertType != gossh.UserCert:
		return keyInfo{}, certType
	case !cas[string(cert.SignatureKey.Marshal())]:
		return keyInfo{}, certUnknownCA
	case revoked.revokedKey(cert):
		return keyInfo{}, certRevoked
	}
	for opt, val := range cert.CriticalOptions {
		if opt != "source-address" {
			return keyInfo{}, certOption
		}
		if !sourceAllowed(val, remote) {
			return keyInfo{}, certSource
		}
	}
	info := keyInfo{role: viewer}
	principal := ViewerPrincipal
	switch {
	case containsString(cert.ValidPrincipals, TriagePrincipal):
		info.role, principal = triage, TriagePrincipal
	case containsString(cert.ValidPrincipals, ViewerPrincipal):
	default:
		return keyInfo{}, certPrincipal
	}
	now := a.now().Unix()
	if int64(cert.ValidAfter) < 0 || now < int64(cert.ValidAfter) {
		return keyInfo{}, certNotYetValid
	}
	if cert.ValidBefore != gossh.CertTimeInfinity && (int64(cert.ValidBefore) < 0 || now >= int64(cert.ValidBefore)) {
		return keyInfo{}, certExpired
	}
	name, err := keyName(cert.KeyId)
	if err != nil || name == "" {
		return keyInfo{}, certKeyID
	}
	info.name = name
	checker := &gossh.CertChecker{SupportedCriticalOptions: []string{"source-address"},
		Clock: a.now}
	if err := checker.CheckCert(principal, cert); err != nil {
		return keyInfo{}, certBadSignature
	}
	return info, ""
}

// sourceAllowed reports whether a source-address critical option (a comma
// list of addresses and CIDR blocks) admits remote.
func sourceAllowed(list string, remote net.Addr) bool {
	host, _, err := net.SplitHostPort(addrString(remote))
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if _, n, err := net.ParseCIDR(s); err == nil {
			if n.Contains(ip) {
				return true
			}
			continue
		}
		if p := net.ParseIP(s); p != nil && p.Equal(ip) {
			return true
		}
	}
	return false
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// certFields describes a certificate for an audit line.
func certFields(cert *gossh.Certificate) []field {
	return []field{
		{"key_id", sanitize.Line(cert.KeyId, 64)},
		{"serial", strconv.FormatUint(cert.Serial, 10)},
		{"principals", sanitize.Line(strings.Join(cert.ValidPrincipals, ","), 200)},
		{"ca", gossh.FingerprintSHA256(cert.SignatureKey)},
		{"valid", certValidity(cert)},
	}
}

// certValidity is the certificate's validity window, as ssh-keygen -L
// shows it.
func certValidity(cert *gossh.Certificate) string {
	from := "always"
	if cert.ValidAfter != 0 {
		from = time.Unix(int64(cert.ValidAfter), 0).UTC().Format(time.RFC3339)
	}
	to := "forever"
	if cert.ValidBefore != gossh.CertTimeInfinity {
		to = time.Unix(int64(cert.ValidBefore), 0).UTC().Format(time.RFC3339)
	}
	return from + "/" + to
}
