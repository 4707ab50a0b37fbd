package sshserve

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	gossh "golang.org/x/crypto/ssh"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/client/sanitize"
)

// role is what an authorized key may do.
type role int

// Roles of authorized keys.
const (
	// viewer keys see the dashboard read-only.
	viewer role = iota
	// triage keys may also acknowledge alerts.
	triage
)

// String returns "viewer" or "triage".
func (r role) String() string {
	if r == triage {
		return "triage"
	}
	return "viewer"
}

// harmlessKeyOptions are authorized_keys options that only withhold what
// this server never grants (forwarding, X11, rc files), so a key carrying
// them may be used as is. Any other option (from=, command=, expiry-time=,
// no-pty, cert-authority...) would be a restriction this server cannot
// honour, so such a line is refused rather than silently widened.
var harmlessKeyOptions = map[string]bool{
	"restrict":            true,
	"no-port-forwarding":  true,
	"no-agent-forwarding": true,
	"no-x11-forwarding":   true,
	"no-user-rc":          true,
}

// authorizedKey is one line of an authorized_keys file.
type authorizedKey struct {
	key     gossh.PublicKey
	comment string
	// name is who holds the key: the name="…" option (a casewatch
	// option), else the comment; "" when the line has neither.
	name string
	line int
}

// keyInfo is what an authorized key may do and whose it is.
type keyInfo struct {
	role role
	name string
}

// nameOption is the casewatch key option naming the key's holder:
// name="值班员张三" before the key type, as OpenSSH options are written.
const nameOption = "name"

// keyName checks a holder's name from a key file: the name recorded with
// the holder's acknowledgements and audit lines.
func keyName(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case utf8.RuneCountInString(s) > client.MaxAckBy:
		return "", fmt.Errorf("name %q is longer than %d characters", sanitize.Line(s, 20)+"…", client.MaxAckBy)
	case sanitize.Line(s, 0) != s:
		return "", fmt.Errorf("name %q holds control or invisible characters", sanitize.Line(s, 0))
	}
	return s, nil
}

// parseAuthorizedKeys reads an authorized_keys file. Errors name the file
// and the line. The file must not be writable by group or others: anyone
// who can write it can let themselves in.
func parseAuthorizedKeys(path string) ([]authorizedKey, error) {
	data, err := readKeyFile(path)
	if err != nil {
		return nil, err
	}
	var keys []authorizedKey
	err = eachKeyLine(path, data, func(n int, key gossh.PublicKey, comment string, opts []string) error {
		holder := ""
		for _, o := range opts {
			name, val, _ := strings.Cut(o, "=")
			if strings.EqualFold(name, nameOption) {
				if uq, err := strconv.Unquote(val); err == nil {
					val = uq
				}
				var err error
				if holder, err = keyName(val); err != nil || holder == "" {
					if err == nil {
						err = errors.New("name is empty")
					}
					return fmt.Errorf("%s:%d: %v", path, n, err)
				}
				continue
			}
			if !harmlessKeyOptions[strings.ToLower(name)] {
				return fmt.Errorf("%s:%d: key option %q is not supported by casewatch serve-ssh (remove it, or the line)", path, n, name)
			}
		}
		if holder == "" {
			var err error
			if holder, err = keyName(comment); err != nil {
				return fmt.Errorf("%s:%d: the comment is taken as the key's name: %v (or give name=\"…\")", path, n, err)
			}
		}
		keys = append(keys, authorizedKey{key: key, comment: comment, name: holder, line: n})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return keys, nil
}

// eachKeyLine calls fn for each key line of an authorized_keys-format
// file (path names it in errors): blank lines and comments skipped, a line
// that is not one public key refused with its number. fn's error stops it.
func eachKeyLine(path string, data []byte, fn func(n int, key gossh.PublicKey, comment string, opts []string) error) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, comment, opts, rest, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return fmt.Errorf("%s:%d: not a public key: %w", path, n, err)
		}
		if len(bytes.TrimSpace(rest)) > 0 {
			return fmt.Errorf("%s:%d: one key per line", path, n)
		}
		if err := fn(n, key, comment, opts); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readKeyFile reads an authorized_keys file after checking its mode.
func readKeyFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return nil, fmt.Errorf("%s: writable by group or others (mode %04o); chmod go-w it", path, fi.Mode().Perm())
	}
	return os.ReadFile(path)
}

// stamp identifies a version of a file cheaply.
type stamp struct {
	ok   bool
	mod  time.Time
	size int64
}

func stampOf(path string) stamp {
	if path == "" {
		return stamp{ok: true}
	}
	fi, err := os.Stat(path)
	if err != nil {
		return stamp{}
	}
	return stamp{ok: true, mod: fi.ModTime(), size: fi.Size()}
}

// keyring maps authorized public keys to roles. It re-reads the files when
// they change (size or modification time), like sshd reads authorized_keys
// on every login, so removing a key revokes it for new sessions without a
// restart. A file that no longer parses denies everyone until it is fixed.
type keyring struct {
	authPath, triagePath string
	report               func(msg string, err error)

	mu          sync.Mutex
	auth, triag stamp
	roles       map[string]keyInfo
	err         error
}

// newKeyring loads the files once and fails on any problem. Without
// allowEmpty (no CA keys besides), the files must hold a key.
func newKeyring(authPath, triagePath string, allowEmpty bool, report func(string, error)) (*keyring, error) {
	k := &keyring{authPath: authPath, triagePath: triagePath, report: report}
	k.auth, k.triag = stampOf(authPath), stampOf(triagePath)
	roles, err := k.load()
	if err != nil {
		return nil, err
	}
	if len(roles) == 0 && !allowEmpty {
		return nil, fmt.Errorf("%s: no public keys (one per line, as in ~/.ssh/authorized_keys); without one nobody could log in", authPath)
	}
	k.roles = roles
	return k, nil
}

// load reads both files. A triage key must name its holder (name="…" or
// a comment): the name is recorded as the author of every acknowledgement
// made with the key, whatever user name the SSH client sends.
func (k *keyring) load() (map[string]keyInfo, error) {
	roles := map[string]keyInfo{}
	var auth []authorizedKey
	var err error
	if k.authPath != "" {
		if auth, err = parseAuthorizedKeys(k.authPath); err != nil {
			return nil, err
		}
	}
	for _, a := range auth {
		roles[string(a.key.Marshal())] = keyInfo{role: viewer, name: a.name}
	}
	if k.triagePath != "" {
		tri, err := parseAuthorizedKeys(k.triagePath)
		if err != nil {
			return nil, err
		}
		for _, a := range tri {
			if a.name == "" {
				return nil, fmt.Errorf("%s:%d: a triage key needs its holder's name, recorded with the acknowledgements made with it: write name=\"…\" before the key type, or a comment after the key", k.triagePath, a.line)
			}
			roles[string(a.key.Marshal())] = keyInfo{role: triage, name: a.name}
		}
	}
	return roles, nil
}

// lookup returns the role and holder of key, re-reading the files first
// if they changed.
func (k *keyring) lookup(key gossh.PublicKey) (keyInfo, bool) {
	if key == nil {
		return keyInfo{}, false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if a, t := stampOf(k.authPath), stampOf(k.triagePath); a != k.auth || t != k.triag {
		k.auth, k.triag = a, t
		roles, err := k.load()
		k.roles, k.err = roles, err
		if k.report != nil {
			if err != nil {
				k.report("keys unusable, refusing every key until fixed", err)
			} else {
				k.report(fmt.Sprintf("keys reloaded: %d", len(roles)), nil)
			}
		}
	}
	if k.err != nil {
		return keyInfo{}, false
	}
	r, ok := k.roles[string(key.Marshal())]
	return r, ok
}

// loadOrCreateHostKey returns the host key at path, creating an ed25519
// key (PEM, OpenSSH format, mode 0600, in a 0700 directory) if there is
// none. An existing key readable by group or others is refused.
func loadOrCreateHostKey(path string) (gossh.Signer, error) {
	fi, err := os.Stat(path) // a symlink is fine (Kubernetes mounts secrets so)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return createHostKey(path)
	case err != nil:
		return nil, fmt.Errorf("host key: %w", err)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("host key %s: not a regular file", path)
	case fi.Mode().Perm()&0o077 != 0:
		return nil, fmt.Errorf("host key %s: readable by group or others (mode %04o); chmod 600 it, or delete it to make a new one", path, fi.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return signer, nil
}

func createHostKey(path string) (gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "casewatch host key")
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	// Write a temporary file and link it into place: the key appears whole
	// or not at all, and a key made meanwhile by another process wins.
	tmp, err := os.CreateTemp(dir, ".hostkey-*")
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("host key: %w", err)
	}
	if _, err := tmp.Write(pem.EncodeToMemory(block)); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("host key: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("host key: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return loadOrCreateHostKey(path)
		}
		return nil, fmt.Errorf("host key: %w", err)
	}
	return gossh.NewSignerFromKey(priv)
}
