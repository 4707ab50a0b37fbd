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
	// writable by group or others. Key options other than restrict,
	// no-port-forwarding, no-agent-forwarding, no-x11-forwarding and
	// no-user-rc (from=, command=, expiry-time=...) are refused rather than
	// ignored. Both key files are re-read when they change: a key removed
	// is refused from the next login on.
	AuthorizedKeysPath string
	// TriageKeysPath lists the public keys that may also acknowledge
	// alerts (they need not be repeated in AuthorizedKeysPath). Optional.
	TriageKeysPath string
	// IdleTimeout ends a session with no input for this long (default 30
	// min); output does not reset it. Negative disables it (a wall display
	// that never types).
	IdleTimeout time.Duration
	// MaxSessions bounds concurrent sessions (default 64); the next one is
	// told why it is refused.
	MaxSessions int
	// Audit receives one logfmt line per session (key fingerprint, user,
	// role, remote address, start, end, why it ended, acknowledgements
	// made), per refused session or key, per failed login and per reload
	// of the key files; default os.Stderr.
	Audit io.Writer
	// Dashboard is the template of every session's dashboard: Source (the
	// one poller; required) and Fetcher are shared, ReadOnly is forced for
	// viewers, User becomes "<ssh user> (<8 characters of the key's
	// fingerprint>)", and Lang follows the client's LC_ALL, LC_MESSAGES or
	// LANG when it sends one.
	Dashboard tui.Options
	// FPS caps each session's frame rate (default 10).
	FPS int
	// ShutdownTimeout bounds the graceful shutdown of Serve: how long
	// sessions get to restore their terminals and read the farewell line
	// before their connections are closed (default 5 s).
	ShutdownTimeout time.Duration
}
