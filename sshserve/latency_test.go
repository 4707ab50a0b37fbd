package sshserve

import (
	"testing"
	"time"
)

// TestKeyAnsweredAtOnceOverSSH checks the SSH path with the carried Bubble
// Tea patch (third_party/README.md): at one frame a second, a key pressed
// after a quiet spell is on the client's screen at once, not at the next of
// the session's frame ticks (up to a second later with Bubble Tea v2.1.1:
// three keys in a row all answered within 300 ms would happen by chance
// about one time in 37).
func TestKeyAnsweredAtOnceOverSSH(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.FPS = 1 })
	tm := openTerm(t, ts.login(t, "alice", ts.viewer), true, nil)
	tm.waitText(t, "东检刑诉受[2023]00001号", 5*time.Second)
	for i, key := range []string{"\x1b[B", "\x1b[A", "\x1b[B"} { // down, up, down
		tm.quiet(t, 1500*time.Millisecond, 10*time.Second)
		before := tm.out.Len()
		sent := time.Now()
		tm.send(t, key)
		for tm.out.Len() == before {
			if time.Since(sent) > 2*time.Second {
				t.Fatalf("key %d: nothing on screen 2 s after it was sent", i)
			}
			time.Sleep(time.Millisecond)
		}
		if lag := time.Since(sent); lag > 300*time.Millisecond {
			t.Errorf("key %d: screen answered %v after the key, want < 300 ms at 1 fps", i, lag)
		}
	}
}

// quiet waits until the session has written nothing for d.
func (tm *term) quiet(t testing.TB, d, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	n, since := tm.out.Len(), time.Now()
	for time.Since(since) < d {
		if time.Now().After(deadline) {
			t.Fatalf("session never quiet for %v", d)
		}
		time.Sleep(10 * time.Millisecond)
		if m := tm.out.Len(); m != n {
			n, since = m, time.Now()
		}
	}
}

// Len is how many bytes were written so far.
func (s *syncBuffer) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Len()
}
