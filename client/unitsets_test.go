package client

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/casewatch/casewatch/client/sanitize"
)

// setsPoller starts a poller (memPoller) on a fake API with the sets
// requests, in a synctest bubble, and waits for its first data.
func setsPoller(t *testing.T) (*fakeAPI, *memNet, *Poller) {
	t.Helper()
	f := newFakeAPI(5)
	f.sets = true
	n := newMemNet(f)
	p := memPoller(t, n)
	await(t, p, time.Minute, "first data", freshSince(time.Time{}))
	return f, n, p
}

// TestPollerAsksEveryUnitAtOnce: against a server with the sets requests,
// the per-unit data sets cost one request each per interval whatever the
// number of units (3 a minute instead of 3 per unit), and every unit's
// feed holds its own data.
func TestPollerAsksEveryUnitAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, n, p := setsPoller(t)
		st := p.Current()
		for _, u := range fxUnits {
			if st.Indicators[u].Data.UnitID != u || st.CoverageByDept[u].Data.UnitID != u || st.CoverageByPerson[u].Data.By != ByPerson {
				t.Errorf("unit %s: indicators %q, coverage %q/%q", u, st.Indicators[u].Data.UnitID,
					st.CoverageByDept[u].Data.UnitID, st.CoverageByPerson[u].Data.By)
			}
			if st.Indicators[u].Interval != DefaultIndicatorsInterval || st.Indicators[u].Err != nil {
				t.Errorf("unit %s: interval %v, err %v", u, st.Indicators[u].Interval, st.Indicators[u].Err)
			}
		}
		before := n.counts()
		time.Sleep(10 * time.Minute)
		after := n.counts()
		for _, path := range []string{"/indicators", "/coverage"} {
			if d := after[path] - before[path]; d != 0 {
				t.Errorf("%d requests of %s, want none", d, path)
			}
		}
		// Ten minutes: ten polls a data set (an early one may add one).
		if d := after[pathIndicatorSets] - before[pathIndicatorSets]; d < 10 || d > 11 {
			t.Errorf("%d requests of %s in 10 minutes, want 10", d, pathIndicatorSets)
		}
		if d := after[pathCoverageSets] - before[pathCoverageSets]; d < 20 || d > 22 {
			t.Errorf("%d requests of %s in 10 minutes, want 20 (two groupings)", d, pathCoverageSets)
		}
		if st := p.Current(); time.Since(st.Indicators[fxUnits[3]].FetchedAt) > DefaultIndicatorsInterval+time.Second {
			t.Errorf("unit %s last fetched %v ago", fxUnits[3], time.Since(st.Indicators[fxUnits[3]].FetchedAt))
		}
	})
}

// TestPollerOneBadUnitSet: a unit whose set breaks the contract, or that
// the answer leaves out, fails on its own and keeps its last good data;
// the other units' sets are used.
func TestPollerOneBadUnitSet(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f, _, p := setsPoller(t)
		bad, gone := fxUnits[2], fxUnits[4]
		f.mu.Lock()
		f.badSet, f.leftOut, f.extraSet = bad, gone, "999999"
		f.mu.Unlock()
		mark := time.Now()
		st := p.Current()
		await(t, p, 2*time.Minute, "the bad sets noticed", func(s State) bool {
			st = s
			return s.Indicators[bad].Err != nil && s.Indicators[gone].Err != nil && s.CoverageByDept[gone].Err != nil
		})
		if e := st.Indicators[bad].Err.Error(); !strings.Contains(e, bad) || !strings.Contains(e, pathIndicatorSets) {
			t.Errorf("the bad set's error %q names neither the unit nor the request", e)
		}
		if e := st.CoverageByDept[gone].Err.Error(); !strings.Contains(e, "no set for unit "+gone) {
			t.Errorf("the left-out unit's error: %q", e)
		}
		for _, u := range []string{bad, gone} {
			if f := st.Indicators[u]; !f.HasData || f.Data.UnitID != u || f.Failures != 1 || f.FetchedAt.After(mark) {
				t.Errorf("unit %s: data %v (%q), %d failures, fetched %v", u, f.HasData, f.Data.UnitID, f.Failures, f.FetchedAt)
			}
		}
		if _, ok := st.Indicators["999999"]; ok {
			t.Error("a set of a unit the units list does not name got a feed")
		}
		if f := st.CoverageByDept[bad]; f.Err != nil || f.FetchedAt.Before(mark) {
			t.Errorf("unit %s's good coverage: err %v, fetched before the change", bad, f.Err)
		}
		for _, u := range []string{fxUnits[0], fxUnits[6]} {
			if f := st.Indicators[u]; f.Err != nil || f.FetchedAt.Before(mark) {
				t.Errorf("unit %s: err %v, fetched %v (before %v)", u, f.Err, f.FetchedAt, mark)
			}
		}
		// Mended, the unit's feed is well again.
		f.mu.Lock()
		f.badSet, f.leftOut = "", ""
		f.mu.Unlock()
		await(t, p, 2*time.Minute, "the sets mended", func(s State) bool {
			return s.Indicators[bad].Err == nil && s.Indicators[gone].Err == nil && s.Indicators[bad].Failures == 0
		})
	})
}

// TestPollerAsksUnitByUnitWhenNoSets: a server older than contract 1.5.0
// answers the sets requests 404; the poller asks it once each and then
// unit by unit, and every unit's data arrives. A failing sets request
// that is not a 404 fails every unit's feed instead, with its data kept.
func TestPollerAsksUnitByUnitWhenNoSets(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newMemNet(newFakeAPI(5))
		p := memPoller(t, n)
		await(t, p, time.Minute, "first data", freshSince(time.Time{}))
		time.Sleep(5 * time.Minute)
		c := n.counts()
		if c[pathIndicatorSets] != 1 || c[pathCoverageSets] != 2 {
			t.Errorf("sets asked %d and %d times, want once each", c[pathIndicatorSets], c[pathCoverageSets])
		}
		for _, u := range fxUnits {
			if c["/indicators?unit="+u] < 5 || c["/coverage?unit="+u] < 10 {
				t.Errorf("unit %s asked %d and %d times in 5 minutes", u, c["/indicators?unit="+u], c["/coverage?unit="+u])
			}
		}
	})
	synctest.Test(t, func(t *testing.T) {
		_, n, p := setsPoller(t)
		n.set(memErrorData)
		await(t, p, 2*time.Minute, "every unit failing", func(s State) bool {
			for _, u := range fxUnits {
				if f := s.Indicators[u]; f.Err == nil || !f.HasData || StatusOf(f.Err) != 500 {
					return false
				}
			}
			return true
		})
		if c := n.counts(); c["/indicators"] != 0 {
			t.Errorf("a 500 made the poller ask unit by unit (%d requests)", c["/indicators"])
		}
	})
}

// TestSetsDecodeKeepsGoodSets: the decoder keeps each good set, turns a
// set that breaks the contract into its unit's error, leaves out one that
// names no unit or repeats one, and refuses an answer without sets.
func TestSetsDecodeKeepsGoodSets(t *testing.T) {
	body := `{"unit_id":"U1","as_of":"2025-03-01T00:00:00+08:00","sets":[
		{"unit_id":"U1","unit_name":"一","period":"2025-02","period_kind":"month","from":"2025-02-01","through":"2025-02-28","as_of":"2025-03-01T00:00:00+08:00","indicators":[]},
		{"unit_id":"U2","unit_name":"二","indicators":[{"id":""}]},
		{"unit_name":"无"},
		{"unit_id":"U1","unit_name":"again","indicators":[]},
		{"unit_id":"U3","indicators":"not a list"}]}`
	got, err := decodeIndicatorSets([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	var units []string
	for _, s := range got.sets {
		units = append(units, s.unit)
	}
	if strings.Join(units, " ") != "U1 U2 U3" {
		t.Fatalf("units %v, want U1 U2 U3", units)
	}
	if s := got.sets[0]; s.err != nil || s.v == nil || s.v.UnitName != "一" {
		t.Errorf("U1: %+v", s)
	}
	for _, s := range got.sets[1:] {
		if s.err == nil || s.v != nil || !strings.Contains(s.err.Error(), "unit "+s.unit) {
			t.Errorf("%s: err %v, value %v", s.unit, s.err, s.v)
		}
	}
	for _, b := range []string{`{"unit_id":"U1"}`, `{"sets":null}`, `[]`} {
		if _, err := decodeIndicatorSets([]byte(b)); err == nil {
			t.Errorf("%s: no error", b)
		}
	}
	if _, err := decodeCoverageSets([]byte(`{"sets":[]}`)); err != nil {
		t.Errorf("no sets at all: %v", err)
	}
}

// TestSetsUnsupported: 404, 405 and 501 and a body over the limit make
// the poller ask unit by unit; a 500, a timeout or a 401 do not.
func TestSetsUnsupported(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&Error{Kind: KindStatus, Status: 404}, true},
		{&Error{Kind: KindStatus, Status: 405}, true},
		{&Error{Kind: KindStatus, Status: 501}, true},
		{&Error{Kind: KindTooLarge, Status: 200}, true},
		{&Error{Kind: KindStatus, Status: 500}, false},
		{&Error{Kind: KindStatus, Status: 401}, false},
		{&Error{Kind: KindTimeout}, false},
		{nil, false},
	} {
		if got := setsUnsupported(c.err); got != c.want {
			t.Errorf("%v: %v, want %v", c.err, got, c.want)
		}
	}
}

// FuzzDecodeSets: whatever the body, the sets decoder does not panic,
// every unit it keeps is named and clean, and every error it gives (the
// body's or one set's) carries no control or bidi character.
func FuzzDecodeSets(f *testing.F) {
	f.Add([]byte(`{"sets":[{"unit_id":"U1","indicators":[]},{"unit_id":"U2\u001b[31m","indicators":[{"id":""}]}]}`))
	f.Add([]byte(`{"sets":[{"unit_id":"\u202eU3","indicators":7},{"unit_id":"U1"},null,5]}`))
	f.Add([]byte(`{"sets":{"unit_id":"U1"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := decodeIndicatorSets(body)
		if err != nil {
			checkMessage(t, decodeError(pathIndicatorSets, body, err).Error())
			return
		}
		for _, s := range got.sets {
			if s.unit == "" || (s.err == nil) == (s.v == nil) {
				t.Fatalf("set %+v", s)
			}
			checkMessage(t, s.unit)
			if s.err != nil {
				checkMessage(t, s.err.Error())
			}
		}
	})
}

// checkMessage fails when s carries a rune the sanitiser forbids.
func checkMessage(t *testing.T, s string) {
	t.Helper()
	for _, r := range s {
		if sanitize.Forbidden(r) {
			t.Fatalf("%U in %q", r, s)
		}
	}
}
