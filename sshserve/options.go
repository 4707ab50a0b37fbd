// Package sshserve serves the casewatch dashboard over SSH with
// charm.land/wish/v2: every session gets its own dashboard model and all
// sessions share one poller.
package sshserve

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/casewatch/casewatch/tui"
)

// Options configures the SSH server.
type Options struct {
	// Addr is the listen address (default 127.0.0.1:2222).
	Addr string
	// HostKeyPath is the server's private host key, created (mode 0600) on
	// first run and reused.
	HostKeyPath string
	// AuthorizedKeysPath lists the public keys allowed in (viewers);
	// required: there is no password, keyboard-interactive or anonymous
	// access.
	AuthorizedKeysPath string
	// TriageKeysPath lists the public keys that may also acknowledge
	// alerts (they need not be repeated in AuthorizedKeysPath). Optional.
	TriageKeysPath string
	// IdleTimeout ends a session with no input for this long (default 30
	// min); output does not reset it.
	IdleTimeout time.Duration
	// MaxSessions bounds concurrent sessions (default 64); the next one is
	// told why it is refused.
	MaxSessions int
	// Audit receives one line per session (key fingerprint, user, remote
	// address, start, end, acknowledgements made).
	Audit io.Writer
	// Dashboard is the template of every session's dashboard: Source and
	// Fetcher are shared, ReadOnly is forced for viewers, and Lang follows
	// the client's LANG when it sends one.
	Dashboard tui.Options
	// FPS caps each session's frame rate (default 10).
	FPS int
}

// Serve runs the SSH server until ctx ends, then shuts down gracefully,
// telling connected sessions.
func Serve(ctx context.Context, opts Options) error {
	return errors.New("sshserve: not implemented yet")
}
