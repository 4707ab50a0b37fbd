package cli

import "testing"

// envWith is an environment holding only name=v.
func envWith(name, v string) func(string) string {
	return func(k string) string {
		if k == name {
			return v
		}
		return ""
	}
}

// TestWallRunsOnOneProc: a wall display runs with GOMAXPROCS=1 unless the
// environment sets GOMAXPROCS; an interactive dashboard keeps the runtime's
// default; and a wall's frame rate is wallFPS unless --fps was given.
func TestWallRunsOnOneProc(t *testing.T) {
	env := func(v string) func(string) string { return envWith("GOMAXPROCS", v) }
	cases := []struct {
		wall   bool
		procs  string
		want   bool
		fpsSet bool
		fps    int
	}{
		{wall: true, want: true, fps: wallFPS},
		{wall: true, procs: "2", want: false, fpsSet: true, fps: 10},
		{wall: false, want: false, fps: 10},
		{wall: false, procs: "1", want: false, fpsSet: true, fps: 10},
	}
	for _, c := range cases {
		if got := oneProc(c.wall, env(c.procs)); got != c.want {
			t.Errorf("wall %v, GOMAXPROCS %q: one proc %v, want %v", c.wall, c.procs, got, c.want)
		}
		f := dashFlags{fps: 10, fpsSet: c.fpsSet}
		if got := f.frameRate(c.wall); got != c.fps {
			t.Errorf("wall %v, --fps given %v: frame rate %d, want %d", c.wall, c.fpsSet, got, c.fps)
		}
	}
}

// TestServeGC: serve-ssh collects at ServeGCPercent unless GOGC is set.
func TestServeGC(t *testing.T) {
	env := func(v string) func(string) string { return envWith("GOGC", v) }
	if pct, ok := serveGC(env("")); !ok || pct != ServeGCPercent {
		t.Errorf("GOGC unset: %d %v, want %d", pct, ok, ServeGCPercent)
	}
	if _, ok := serveGC(env("100")); ok {
		t.Error("GOGC=100 set: serve-ssh overrides it")
	}
}
