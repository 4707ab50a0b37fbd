// Package sshserve serves the casewatch dashboard over SSH with
// charm.land/wish/v2: every session gets its own dashboard model and all
// sessions share one poller.
package sshserve

import (
	"io"
	"time"

	"github.com/casewatch/casewatch/tui"
)

// Options configures the SSH server. Zero values mean the defaults; see
// NewServer for what is checked.
type Options struct {
	// Addr is the listen address (default 127.0.0.1:2222).
	Addr string
	// HostKeyPath is the server's private host key, created (ed25519, mode
	// 0600) on first run and reused; default ssh_host_ed25519_key in the
	// casewatch state directory ($XDG_STATE_HOME/casewatch). A key file
	// readable by group or others is refused.
	HostKeyPath string
	// AuthorizedKeysPath lists the public keys allowed in (viewers), in
	// authorized_keys format; required: there is no password,
	// keyboard-interactive or anonymous access. The file must not be
	// writable by group or others. Each key's holder is named by the
	// casewatch option name="…" before the key type, else by the comment
	// after the key: the name is shown in the session's header, written
	// to the audit log and recorded as the author (by) of every
	// acknowledgement made with the key, whatever user name the client
	// sends. Key options other than name, restrict, no-port-forwarding,
	// no-agent-forwarding, no-x11-forwarding and no-user-rc (from=,
	// command=, expiry-time=...) are refused rather than ignored. Both key
	// files are re-read when they change: a key removed is refused from
	// the next login on.
	AuthorizedKeysPath string
	// TrustedUserCAKeysPath lists CA public keys (authorized_keys format,
	// as ssh-keygen writes ca.pub) whose user certificates are let in
	// (OpenSSH's TrustedUserCAKeys): a certificate naming the principal
	// casewatch-triage may acknowledge, one naming casewatch-viewer may
	// look; its key id (ssh-keygen -I) names the holder for the header,
	// the audit log and every acknowledgement. Its validity window, its
	// principals and its source-address are checked; a certificate with
	// another critical option (force-command) is refused. With it,
	// AuthorizedKeysPath may be empty. Re-read when it changes.
	TrustedUserCAKeysPath string
	// RevokedKeysPath lists what is refused even when a key file or a CA
	// admits it: a public key (that key and every certificate of it),
	// serial:N (certificates with that serial) or id:KEY-ID (certificates
	// with that key id), one a line. Re-read when it changes. Optional.
	RevokedKeysPath string
	// ProxyProtocol reads a PROXY protocol (v1 or v2) header on each
	// connection, as a load balancer (HAProxy, nginx, a cloud one) sends
	// it, so the audit log and source-address see the client's address,
	// not the balancer's. Every connection must then begin with the
	// header; one that does not is closed.
	ProxyProtocol bool
	// ProxyFrom lists the balancers' addresses or CIDR blocks whose PROXY
	// headers are believed; a connection from elsewhere is closed. Empty
	// believes any peer: then only the balancer may reach the listener
	// (firewall it), or a client could claim any address.
	ProxyFrom []string
	// TriageKeysPath lists the public keys that may also acknowledge
	// alerts (they need not be repeated in AuthorizedKeysPath); each must
	// carry a name (name="…" or a comment). Optional.
	TriageKeysPath string
	// IdleTimeout ends a session with no input for this long (default 30
	// min); output does not reset it. Negative disables it (a wall display
	// that never types).
	IdleTimeout time.Duration
	// MaxSessions bounds concurrent sessions (default 64); the next one is
	// told why it is refused.
	MaxSessions int
	// Audit receives one logfmt line per session (key fingerprint, the
	// key's name, the user name the client sent, role, remote address,
	// start, end, why it ended, acknowledgements made), per
	// acknowledgement made or refused, per refused session, key or request
	// (a command, a subsystem such as sftp, port or agent forwarding; with
	// the key fingerprint and the address), per failed login and per
	// reload of the key files; default os.Stderr.
	Audit io.Writer
	// Dashboard is the template of every session's dashboard: Source (the
	// one poller; required) and Fetcher are shared, ReadOnly is forced for
	// viewers (pressing a says the key cannot acknowledge), User and
	// Identity become the key's name ("SHA256:<8 characters of the
	// fingerprint>" for a viewer key without one), and Lang follows the
	// client's LC_ALL, LC_MESSAGES or LANG when it sends one.
	Dashboard tui.Options
	// FPS caps each session's frame rate (default 10).
	FPS int
	// EscTimeout is how long a lone ESC from the client waits for the rest
	// of an escape sequence before it is read as the Esc key (default
	// DefaultEscTimeout; at most a second).
	EscTimeout time.Duration
	// Observer, when set, is told of sessions started, ended and refused
	// and of failed logins (package metrics counts them).
	Observer Observer
	// ShutdownTimeout bounds the graceful shutdown of Serve: how long
	// sessions get to restore their terminals and read the farewell line
	// before their connections are closed (default 5 s).
	ShutdownTimeout time.Duration
}
