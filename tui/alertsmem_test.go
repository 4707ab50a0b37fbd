package tui

import (
	"maps"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/casewatch/casewatch/client"
)

// TestAlertsPanelBytesPerAlert holds the alerts panel's own state (what it
// keeps beside the poller's alerts) to a few bytes an alert: its row
// indexes. A set of every id looked at and kept sort keys cost about 60
// (issue 9: 100,000 alerts within 60 MB).
func TestAlertsPanelBytesPerAlert(t *testing.T) {
	const n = 50000
	h := newHarness(t, 200, 50, fixtureState(n))
	h.keys("s") // a new order: the panel re-sorts once more
	if len(h.m.alerts.order) != n {
		t.Fatalf("%d alerts in order, want %d", len(h.m.alerts.order), n)
	}
	var with, without runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&with)
	table := h.m.alerts.table
	h.m.alerts = alertsPanel{table: table}
	runtime.GC()
	runtime.ReadMemStats(&without)
	per := float64(int64(with.HeapAlloc)-int64(without.HeapAlloc)) / n
	t.Logf("alerts panel: %.1f bytes an alert", per)
	if per > 12 {
		t.Errorf("the alerts panel keeps %.1f bytes an alert, want at most 12", per)
	}
	runtime.KeepAlive(h)
}

// TestArrivals: an alert is new when it was not in the previous set or was
// new there and not looked at; one that left and came back is new again;
// the poller's order (by id) and any other order give the same answer.
func TestArrivals(t *testing.T) {
	set := func(ids ...string) []*client.Alert {
		out := make([]*client.Alert, len(ids))
		for i, id := range ids {
			a := fixtureAlerts(1)[0]
			a.ID = id
			out[i] = client.NewAlert(a)
		}
		return out
	}
	prev := set("A1", "A2", "A4", "A6")
	cur := set("A0", "A2", "A3", "A4", "A5", "A7")
	unseen := map[string]struct{}{"A4": {}, "A6": {}}
	want := []string{"A0", "A3", "A4", "A5", "A7"}
	got := slices.Sorted(maps.Keys(arrivals(prev, cur, unseen)))
	if !slices.Equal(got, want) {
		t.Errorf("sorted sets: new %v, want %v", got, want)
	}
	slices.Reverse(cur)
	got = slices.Sorted(maps.Keys(arrivals(prev, cur, unseen)))
	if !slices.Equal(got, want) {
		t.Errorf("unsorted sets: new %v, want %v", got, want)
	}
	if a := arrivals(prev, prev, nil); len(a) != 0 {
		t.Errorf("the same set: new %v, want none", a)
	}
}

// TestNewAfterStartOnly: the alerts there at start are not new; one that
// arrives later is, until it is looked at.
func TestNewAfterStartOnly(t *testing.T) {
	h := newHarness(t, 120, 40, fixtureState(30))
	if h.m.alerts.newCount != 0 || len(h.m.alerts.unseen) != 0 {
		t.Fatalf("at start %d new (%d ids), want none", h.m.alerts.newCount, len(h.m.alerts.unseen))
	}
	s := fixtureState(31)
	s.Seq = 2
	s.Alerts.Data.AsOf = s.Alerts.Data.AsOf.Add(time.Second)
	h.send(stateMsg{state: s})
	if h.m.alerts.newCount != 1 {
		t.Fatalf("after one arrival %d new, want 1", h.m.alerts.newCount)
	}
	id := s.Alerts.Data.Alerts[30].ID
	if !h.m.alerts.isNew(id) {
		t.Fatalf("%s is not marked new", id)
	}
	h.m.alerts.markAllSeen()
	if h.m.alerts.isNew(id) || h.m.alerts.newCount != 0 {
		t.Fatalf("after looking: %s new %v, count %d", id, h.m.alerts.isNew(id), h.m.alerts.newCount)
	}
}
