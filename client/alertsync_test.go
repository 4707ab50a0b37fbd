package client

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
)

// ptrs returns the client's form of alerts.
func ptrs(alerts ...api.Alert) []*Alert {
	out := make([]*Alert, len(alerts))
	for i := range alerts {
		out[i] = NewAlert(alerts[i])
	}
	return out
}

func ids(list []*Alert) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.ID
	}
	return out
}

// frozen is a deep copy of a published set, to prove it was not modified:
// neither its slots nor the alerts they point to.
type frozen struct {
	slots  []*Alert
	values []api.Alert
}

func freeze(list []*Alert) frozen {
	f := frozen{slots: slices.Clone(list)}
	for _, a := range list {
		f.values = append(f.values, a.API())
	}
	return f
}

func (f frozen) check(t *testing.T, list []*Alert) {
	t.Helper()
	if len(list) != len(f.slots) {
		t.Fatalf("published set changed length: %d, was %d", len(list), len(f.slots))
	}
	for i := range list {
		if list[i] != f.slots[i] {
			t.Fatalf("published slot %d replaced", i)
		}
		if !reflect.DeepEqual(list[i].API(), f.values[i]) {
			t.Fatalf("published alert %s modified:\n%+v\n%+v", list[i].ID, list[i].API(), f.values[i])
		}
	}
}

func TestMergeAlerts(t *testing.T) {
	later := t0.Add(time.Hour)
	at := func(i int, mut func(a *api.Alert)) api.Alert {
		a := fxAlert(i)
		a.Status, a.Ack, a.UpdatedAt = api.StatusOpen, nil, later
		if mut != nil {
			mut(&a)
		}
		return a
	}
	old := ptrs(at(2, nil), at(4, nil), at(6, nil), at(8, nil))
	rectified := func(a *api.Alert) { a.Status, a.RectifiedAt = api.StatusRectified, &later }
	overdue := func(a *api.Alert) { a.Level, a.UpdatedAt = api.LevelOverdue, later.Add(time.Minute) }
	older := func(a *api.Alert) { a.Level, a.UpdatedAt = api.LevelOverdue, t0 }
	cases := []struct {
		name    string
		changes []*Alert
		want    []string // nil: unchanged, the very same slice
		check   func(t *testing.T, out []*Alert)
	}{
		{name: "empty delta"},
		{name: "same alert again", changes: ptrs(at(4, nil))},
		{name: "stale update ignored", changes: ptrs(at(4, older))},
		{name: "rectified but never held", changes: ptrs(at(5, rectified))},
		{name: "new first", changes: ptrs(at(1, nil)), want: []string{"A0000001", "A0000002", "A0000004", "A0000006", "A0000008"}},
		{name: "new last", changes: ptrs(at(9, nil)), want: []string{"A0000002", "A0000004", "A0000006", "A0000008", "A0000009"}},
		{name: "rectified removed", changes: ptrs(at(2, rectified), at(8, rectified)), want: []string{"A0000004", "A0000006"}},
		{name: "everything removed", changes: ptrs(at(2, rectified), at(4, rectified), at(6, rectified), at(8, rectified)), want: []string{}},
		{name: "changed in place", changes: ptrs(at(6, overdue)), want: []string{"A0000002", "A0000004", "A0000006", "A0000008"},
			check: func(t *testing.T, out []*Alert) {
				if out[2].Level != api.LevelOverdue {
					t.Errorf("change not applied: %+v", *out[2])
				}
				if out[0] != old[0] || out[1] != old[1] || out[3] != old[3] {
					t.Error("unchanged alerts not shared with the previous set")
				}
			}},
		{name: "duplicates: last wins", changes: ptrs(at(6, overdue), at(3, nil), at(6, rectified), at(3, rectified), at(3, overdue)),
			want: []string{"A0000002", "A0000003", "A0000004", "A0000008"},
			check: func(t *testing.T, out []*Alert) {
				if out[1].Level != api.LevelOverdue {
					t.Errorf("not the last of the duplicates: %+v", *out[1])
				}
			}},
		{name: "duplicates: last wins even if it is a no-op", changes: ptrs(at(4, overdue), at(4, nil)), want: nil},
		{name: "mixed, unsorted", changes: ptrs(at(7, nil), at(2, older), at(4, rectified), at(1, nil), at(8, overdue), at(10, rectified)),
			want: []string{"A0000001", "A0000002", "A0000006", "A0000007", "A0000008"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := freeze(old)
			in := freeze(tc.changes)
			out, changed := mergeAlerts(old, tc.changes)
			before.check(t, old)
			in.check(t, tc.changes)
			if tc.want == nil {
				if changed || len(out) != len(old) || &out[0] != &old[0] {
					t.Fatalf("changed=%v: want the very same slice", changed)
				}
				return
			}
			if !changed {
				t.Fatal("changed=false")
			}
			if got := ids(out); !slices.Equal(got, tc.want) {
				t.Fatalf("ids %v, want %v", got, tc.want)
			}
			if len(out) > 0 && &out[0] == &old[0] {
				t.Fatal("a changed set reuses the old backing array")
			}
			if tc.check != nil {
				tc.check(t, out)
			}
		})
	}
}

// TestMergeAlertsRandom checks mergeAlerts against a plain map model on
// random sets and deltas.
func TestMergeAlertsRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	statuses := []string{api.StatusOpen, api.StatusAcknowledged, api.StatusRectified}
	for round := 0; round < 500; round++ {
		var old []*Alert
		for i := 0; i < 60; i++ {
			if r.IntN(2) == 0 {
				a := fxAlert(i)
				a.UpdatedAt = t0.Add(time.Duration(r.IntN(5)) * time.Minute)
				old = append(old, NewAlert(a))
			}
		}
		var changes []*Alert
		for k := r.IntN(12); k > 0; k-- {
			a := fxAlert(r.IntN(60))
			a.Status = statuses[r.IntN(len(statuses))]
			a.Level = fxLevels[r.IntN(len(fxLevels))]
			a.UpdatedAt = t0.Add(time.Duration(r.IntN(5)) * time.Minute)
			changes = append(changes, NewAlert(a))
		}
		// The model: the last change of each ID counts, unless older than
		// the alert held.
		want := map[string]*Alert{}
		for _, a := range old {
			want[a.ID] = a
		}
		last := map[string]*Alert{}
		for _, c := range changes {
			last[c.ID] = c
		}
		for id, c := range last {
			if h, ok := want[id]; ok && c.UpdatedAt().Before(h.UpdatedAt()) {
				continue
			}
			if isActive(c.Status) {
				want[id] = c
			} else {
				delete(want, id)
			}
		}
		before := freeze(old)
		out, changed := mergeAlerts(old, changes)
		before.check(t, old)
		if !slices.IsSortedFunc(out, func(a, b *Alert) int { return cmp.Compare(a.ID, b.ID) }) {
			t.Fatalf("round %d: not sorted: %v", round, ids(out))
		}
		if len(out) != len(want) {
			t.Fatalf("round %d: %d alerts, want %d", round, len(out), len(want))
		}
		same := true
		for i, a := range out {
			w := want[a.ID]
			if w == nil || !alertEqual(a, w) {
				t.Fatalf("round %d: %s is %+v, want %+v", round, a.ID, *a, w)
			}
			same = same && i < len(old) && alertEqual(a, old[i])
		}
		same = same && len(out) == len(old)
		if changed == same {
			t.Fatalf("round %d: changed=%v for a set that is the same: %v", round, changed, same)
		}
		if !changed && (len(old) > 0 && &out[0] != &old[0]) {
			t.Fatalf("round %d: unchanged but a new slice", round)
		}
	}
}

// TestReplaceAndApply covers a full listing (inactive alerts dropped,
// duplicates: the later wins) and Apply (stale answers ignored).
func TestReplaceAndApply(t *testing.T) {
	s := &AlertSync{max: DefaultMaxAlerts}
	a3 := fxAlert(3)
	a3b := a3
	a3b.Level, a3b.UpdatedAt = api.LevelOverdue, a3.UpdatedAt.Add(time.Minute)
	gone := fxAlert(2)
	gone.Status = api.StatusRectified
	sel := &selector{max: 10}
	sel.add(&AlertPage{Alerts: ptrs(a3, fxAlert(9), gone, fxAlert(1), a3b)})
	set, changed, err := s.replace(&AlertPage{SyncCursor: "s1", AsOf: t0}, sel)
	if err != nil || !changed {
		t.Fatal(changed, err)
	}
	if got := ids(set.Alerts); !slices.Equal(got, []string{"A0000001", "A0000003", "A0000009"}) {
		t.Fatalf("listing %v", got)
	}
	if set.Alerts[1].Level != api.LevelOverdue {
		t.Errorf("duplicate in a listing: not the later one: %+v", *set.Alerts[1])
	}
	before := freeze(set.Alerts)
	stale := a3
	stale.Status = api.StatusAcknowledged
	if got, changed := s.Apply(stale); changed || &got.Alerts[0] != &set.Alerts[0] {
		t.Error("a stale answer was applied")
	}
	acked := a3b
	acked.Status, acked.UpdatedAt = api.StatusAcknowledged, a3b.UpdatedAt.Add(time.Minute)
	acked.Ack = &api.Ack{By: "x", At: acked.UpdatedAt}
	got, changed := s.Apply(acked)
	if !changed || got.Alerts[1].Status != api.StatusAcknowledged || got.Alerts[0] != set.Alerts[0] {
		t.Errorf("ack answer not applied: %v %+v", changed, *got.Alerts[1])
	}
	before.check(t, set.Alerts)
	if s.Set().Alerts[1] != got.Alerts[1] {
		t.Error("Set does not return the merged copy")
	}
}

// ExampleAlertSet shows how a reader tells that a new AlertSet is the
// very same as the one it already looked at.
func ExampleAlertSet() {
	same := func(a, b []*Alert) bool {
		return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
	}
	x := fxAlert(1)
	old := []*Alert{NewAlert(x)}
	y := x
	y.Level, y.UpdatedAt = api.LevelOverdue, x.UpdatedAt.Add(time.Second)
	merged, _ := mergeAlerts(old, []*Alert{NewAlert(y)})
	noop, _ := mergeAlerts(old, []*Alert{NewAlert(x)})
	fmt.Println(same(old, noop), same(old, merged))
	// Output: true false
}
