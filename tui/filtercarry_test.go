package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/casewatch/casewatch/client"
)

// deltaOf returns a new alert set like a delta makes it: k alerts changed
// (every other one made to match "12", the others made not to), one in
// seven of those removed, and a new alert after each removed one; the rest
// are the very same pointers, ordered by id as the poller's sets are.
func deltaOf(all []*client.Alert, k, round int) []*client.Alert {
	next := make([]*client.Alert, 0, len(all)+k)
	step := len(all) / k
	for i, a := range all {
		if i%step != round%step {
			next = append(next, a)
			continue
		}
		n := i / step
		switch {
		case n%7 == 3: // leaves; a new one arrives
			fresh := *a
			fresh.ID = a.ID + fmt.Sprintf("n%d", round)
			fresh.PersonName = "钱新到12"
			next = append(next, &fresh)
		case n%2 == 0:
			changed := *a
			changed.PersonName = fmt.Sprintf("赵新人12-%d", round)
			next = append(next, &changed)
		default:
			changed := *a
			changed.PersonName, changed.CaseNo, changed.Message, changed.RuleName = "孙", "无", "无", "无"
			next = append(next, &changed)
		}
	}
	return next
}

// TestFilterAfterDeltasMatchesFullScan delivers deltas through the poller's
// path with a query standing, with none, after a level filter and a scope
// change, and checks after each that the rows are what a full scan gives,
// and that the carried matches were what answered.
func TestFilterAfterDeltasMatchesFullScan(t *testing.T) {
	s := fixtureState(3000)
	h := newHarness(t, 160, 48, s)
	p := &h.m.alerts
	check := func(step string) {
		t.Helper()
		p = &h.m.alerts
		got := slices.DeleteFunc(slices.Clone(p.rows), func(i int32) bool { return i < 0 })
		want := fullScan(p)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("after %s (query %q): %d rows, a full scan gives %d", step, p.query, len(got), len(want))
		}
	}
	round := 0
	delta := func(step string) {
		t.Helper()
		round++
		s.Alerts.Data.Alerts = deltaOf(h.m.alerts.all, 100, round)
		h.send(stateMsg{state: s})
		check(step)
	}
	h.keys("/")
	h.typeText("12")
	check("typing 12")
	delta("a delta under a standing query")
	if c := h.m.alerts.memo.carry; c == nil || c.entries[0].query != "12" {
		t.Fatal("the matches of 12 were not carried across the delta")
	}
	delta("a second delta under a standing query")
	h.keys("backspace")
	check("backspace")
	h.keys("backspace")
	delta("a delta with no query")
	delta("another delta with no query (carried twice)")
	if c := h.m.alerts.memo.carry; c == nil || len(c.entries) < 2 {
		t.Fatal("the queries' matches were not carried across two deltas")
	}
	// The carried matches answer, not a scan: a carried row the full scan
	// would also give is kept without its text being looked at.
	h.typeText("1")
	check("1 after two deltas")
	h.typeText("2")
	check("12 after two deltas")
	if !strings.Contains(strings.Join(h.rowIDs(), " "), "n") {
		t.Log("no new alert among the first rows (fine: the check above is over all rows)")
	}
	h.keys("enter", "l") // the level filter changes: the carry no longer holds
	check("level filter")
	delta("a delta after the level filter changed")
	h.keys("u") // another scope
	check("scope")
	delta("a delta after a scope change")
}

// TestCarriedMatchesAreUsed checks that after a delta the first key tests
// the text of only the alerts that changed: with the carried knowledge
// poisoned for one unchanged alert, that alert's row follows the carried
// answer of the same query (so the full scan was not what answered).
func TestCarriedMatchesAreUsed(t *testing.T) {
	s := fixtureState(1000)
	h := newHarness(t, 160, 48, s)
	h.keys("/")
	h.typeText("12")
	h.keys("backspace", "backspace")
	s.Alerts.Data.Alerts = deltaOf(h.m.alerts.all, 10, 1)
	h.send(stateMsg{state: s})
	p := &h.m.alerts
	c := p.memo.carry
	if c == nil {
		t.Fatal("nothing carried")
	}
	k := slices.IndexFunc(c.entries, func(e carriedRows) bool { return e.query == "1" })
	if k < 0 {
		t.Fatal("the matches of 1 were not carried")
	}
	// An unchanged alert in scope not matching 1: claim it matched.
	victim := int32(-1)
	for _, i := range p.order {
		if c.entries[k].known.has(i) && !c.entries[k].hit.has(i) && p.passes(i) {
			victim = i
			break
		}
	}
	if victim < 0 {
		t.Fatal("no unchanged alert outside the matches of 1")
	}
	c.entries[k].hit.set(victim)
	h.typeText("1")
	if !slices.Contains(p.rows, victim) {
		t.Fatal("the first key after a delta scanned every alert instead of using the carried matches")
	}
}
