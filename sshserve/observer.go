package sshserve

import (
	"io"
	"sync/atomic"
	"time"
)

// Observer is told of the server's events; package metrics counts them
// for Prometheus. Its methods are called from the connections' and
// sessions' goroutines, concurrently, and must return quickly.
type Observer interface {
	// SessionStarted: a session was admitted and its dashboard starts;
	// role is "viewer" or "triage".
	SessionStarted(role string)
	// SessionEnded: an admitted session ended for reason ("quit",
	// "disconnect", "idle", "shutdown", "error") after d, having written
	// frames writes of bytes bytes to its client.
	SessionEnded(role, reason string, frames, bytes int64, d time.Duration)
	// Written: a session wrote one frame (the renderer writes each frame
	// at once) of n bytes to its client.
	Written(n int)
	// SessionRefused: a session or connection was refused for reason
	// ("key-not-authorized", "no-pty", "command", "limit", "shutdown",
	// "connections").
	SessionRefused(reason string)
	// AuthFailed: a key or certificate offered was refused ("key",
	// "cert-…" for a certificate: see the audit log's cert-refused
	// reasons), or a connection failed to log in ("handshake").
	AuthFailed(reason string)
}

// nopObserver is the Observer when none is configured.
type nopObserver struct{}

func (nopObserver) SessionStarted(string)                                    {}
func (nopObserver) SessionEnded(string, string, int64, int64, time.Duration) {}
func (nopObserver) Written(int)                                              {}
func (nopObserver) SessionRefused(string)                                    {}
func (nopObserver) AuthFailed(string)                                        {}

// countingWriter is a session's output: it counts the writes (the
// renderer writes each frame at once) and the bytes.
type countingWriter struct {
	w             io.Writer
	obs           Observer
	frames, bytes atomic.Int64
}

// Write implements io.Writer.
func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.frames.Add(1)
	c.bytes.Add(int64(n))
	c.obs.Written(n)
	return n, err
}
