package tui

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
)

// TestOrdererMatchesPairSort: packed or not, the orderer gives the order of
// a stable sort by (after, key) over the indexes, with many equal keys.
func TestOrdererMatchesPairSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		n       int
		keyBits uint
		packed  bool
	}{
		{0, 36, true}, {1, 36, true}, {1000, 36, true}, {5000, 34, true},
		{3000, 52, false}, {2000, 60, false}, {1<<11 - 1, 52, true}, {1 << 11, 52, false},
	} {
		o := newOrderer(tc.n, tc.keyBits)
		if o.pack != tc.packed {
			t.Fatalf("n %d, %d-bit keys: packed %v, want %v", tc.n, tc.keyBits, o.pack, tc.packed)
		}
		type entry struct {
			after bool
			key   int64
			i     int32
		}
		want := make([]entry, tc.n)
		for i := range want {
			// Few distinct keys, so ties are common, and the largest key.
			key := rng.Int64N(8) << (tc.keyBits - 3)
			if i%7 == 0 {
				key = 1<<tc.keyBits - 1
			}
			want[i] = entry{after: rng.IntN(3) == 0, key: key, i: int32(i)}
			o.add(key, int32(i), want[i].after)
		}
		slices.SortStableFunc(want, func(x, y entry) int {
			if x.after != y.after {
				if x.after {
					return 1
				}
				return -1
			}
			return cmp.Compare(x.key, y.key)
		})
		got := o.appendSorted([]int32{-1}) // appends
		if len(got) != tc.n+1 || got[0] != -1 {
			t.Fatalf("n %d: appended %d, want %d after the existing one", tc.n, len(got)-1, tc.n)
		}
		for k, w := range want {
			if got[k+1] != w.i {
				t.Fatalf("n %d, %d-bit keys: position %d holds %d, want %d", tc.n, tc.keyBits, k, got[k+1], w.i)
			}
		}
	}
}

// TestSortKeysFitTheirBits: every order's keys, for every level (and an
// unknown one) and times far in the past and future, are non-negative and
// below 1<<sortKeyBits, which the packed sort relies on.
func TestSortKeysFitTheirBits(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(10), withLang(i18n.ZH))
	p, c := h.m.alerts, &h.m.common
	times := []time.Time{time.Unix(-1<<40, 0), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), fixedNow, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)}
	levels := []string{api.LevelOverdue, api.LevelWarning, api.LevelNotice, api.LevelRectifyOverdue, api.LevelPointsLimit, "bogus"}
	units := []string{"U01", "nowhere"}
	defer func(s alertSort) { p.sort = s }(p.sort)
	for s := range sortCount {
		p.sort = s
		limit := int64(1) << p.sortKeyBits()
		for _, tm := range times {
			for _, lv := range levels {
				for _, u := range units {
					a := client.NewAlert(api.Alert{ID: "A1", Level: lv, UnitID: u, DueAt: tm, DetectedAt: tm, UpdatedAt: tm})
					if k := p.sortKey(c, a); k < 0 || k >= limit {
						t.Errorf("sort %d, level %q, time %v, unit %s: key %d outside [0, 1<<%d)", s, lv, tm, u, k, p.sortKeyBits())
					}
				}
			}
		}
	}
}
