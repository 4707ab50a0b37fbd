package client

import (
	"context"
	"net/http/httptest"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
)

// mostUrgent returns the ids of the n most urgent active alerts of f,
// sorted by id.
func mostUrgent(f *fakeAPI, n int) []string {
	f.mu.Lock()
	var all []*Alert
	for _, fa := range f.alerts {
		if isActive(fa.a.Status) {
			all = append(all, NewAlert(fa.a))
		}
	}
	f.mu.Unlock()
	slices.SortFunc(all, compareUrgency)
	out := ids(all[:min(n, len(all))])
	slices.Sort(out)
	return out
}

// TestAlertCap: past the cap, an AlertSync holds the most urgent alerts
// and counts the others exactly, through a paged listing and deltas that
// add, rectify and promote alerts; once rectifications free a tenth of
// the room, it lists again to fill it.
func TestAlertCap(t *testing.T) {
	f := newFakeAPI(50)
	f.pageSize = 7
	c, _ := newTestClient(t, f, nil)
	s := NewAlertSync(c, "")
	s.SetMaxAlerts(20)
	ctx := context.Background()
	check := func(step string, total int) AlertSet {
		t.Helper()
		set, _, err := s.Sync(ctx)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if set.Total != total || len(set.Alerts) != 20 {
			t.Fatalf("%s: holding %d of %d, want 20 of %d", step, len(set.Alerts), set.Total, total)
		}
		if got, want := ids(set.Alerts), mostUrgent(f, 20); !slices.Equal(got, want) {
			t.Fatalf("%s: held %v, want the most urgent %v", step, got, want)
		}
		return set
	}
	check("listing", 50)

	// A new alert more urgent than any held joins and evicts one.
	a := fxAlert(100)
	a.Level, a.DueAt = api.LevelOverdue, t0.Add(-100*time.Hour)
	f.put(a)
	if set := check("new urgent alert", 51); !slices.Contains(ids(set.Alerts), "A0000100") {
		t.Fatal("the new overdue alert is not held")
	}
	// A new alert less urgent than all held is counted, not held.
	b := fxAlert(101)
	b.Level, b.DueAt = api.LevelNotice, t0.Add(1000*time.Hour)
	f.put(b)
	check("new quiet alert", 52)
	// A rectified alert that was left out leaves the count.
	f.rectify("A0000101")
	check("rectified, left out", 51)
	// An alert left out that becomes overdue is promoted.
	held := s.Set().Alerts
	var out api.Alert
	for _, x := range fxAlerts(50) {
		if !slices.ContainsFunc(held, func(h *Alert) bool { return h.ID == x.ID }) && x.Status == api.StatusOpen {
			out = x
			break
		}
	}
	out.Level, out.DueAt = api.LevelOverdue, t0.Add(-200*time.Hour)
	f.put(out)
	if set := check("promoted", 51); !slices.Contains(ids(set.Alerts), out.ID) {
		t.Fatalf("%s not promoted", out.ID)
	}
	// Rectifying three held alerts frees more than a tenth: the next Sync
	// lists again and holds 20.
	for _, x := range s.Set().Alerts[:3] {
		f.rectify(x.ID)
	}
	set, _, err := s.Sync(ctx)
	if err != nil || len(set.Alerts) != 17 || set.Total != 48 {
		t.Fatalf("after rectifying 3 held: holding %d of %d (%v)", len(set.Alerts), set.Total, err)
	}
	check("refilled", 48)
}

// TestAlertSyncKeepsGoodRecords: one bad record in a listing over HTTP is
// rejected, counted and named; the others are held.
func TestAlertSyncKeepsGoodRecords(t *testing.T) {
	f := newFakeAPI(30)
	bad := fxAlert(7)
	bad.ID = "A0000007\x1b]0;x\x07"
	f.put(bad)
	c, _ := newTestClient(t, f, nil)
	s := NewAlertSync(c, "")
	set, _, err := s.Sync(context.Background())
	if err != nil {
		t.Fatalf("the listing failed: %v", err)
	}
	if len(set.Alerts) != 30 || set.Total != 30 {
		t.Fatalf("holding %d of %d, want the 30 good alerts", len(set.Alerts), set.Total)
	}
	if r := set.Rejected; r.Count != 1 || r.First.String() != "A0000007 id: has control characters, bad UTF-8 or more than 128 characters" {
		t.Fatalf("rejected %d: %q", r.Count, r.First)
	}
}

// TestAlertMemoryPerAlert: a listing of 20,000 realistic alerts held by an
// AlertSync costs under 300 bytes an alert of live heap (an api.Alert
// with strings of its own cost about 1 KB).
func TestAlertMemoryPerAlert(t *testing.T) {
	const n = 20000
	srv := httptest.NewServer(newPagedAlerts(n))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s := NewAlertSync(c, "")
	set, _, err := s.Sync(context.Background())
	if err != nil || len(set.Alerts) != n {
		t.Fatal(err, len(set.Alerts))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / n
	t.Logf("%d bytes of live heap an alert", per)
	if per > 300 {
		t.Errorf("%d bytes an alert, want at most 300", per)
	}
	runtime.KeepAlive(s)
}

// TestBigListingReleasesTwice: after a listing of bigListing alerts or
// more, the garbage is handed back at once and again a moment later, when
// the dashboard has derived its rows (issue 9: RSS at 100,000 alerts).
func TestBigListingReleasesTwice(t *testing.T) {
	var calls atomic.Int32
	oldRelease, oldAfter := releaseMemory, freeAgainAfter
	releaseMemory, freeAgainAfter = func() { calls.Add(1) }, 20*time.Millisecond
	defer func() { releaseMemory, freeAgainAfter = oldRelease, oldAfter }()
	for _, n := range []int{bigListing - 1, bigListing} {
		calls.Store(0)
		srv := httptest.NewServer(newPagedAlerts(n))
		c, err := New(Config{BaseURL: srv.URL})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := NewAlertSync(c, "").Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		want := int32(0)
		if n >= bigListing {
			want = 2
		}
		deadline := time.Now().Add(2 * time.Second)
		for calls.Load() < want && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond) // and no more than that
		if got := calls.Load(); got != want {
			t.Errorf("%d alerts: memory handed back %d times, want %d", n, got, want)
		}
		c.Close()
		srv.Close()
	}
}
