package tui

import (
	"testing"

	"github.com/casewatch/casewatch/api"
)

// TestFilterFollowsRenamedUnit: the text filter matches the units' names
// as the case system gives them now: after a unit is renamed in /units, a
// query for the new name finds its alerts and one for the old name no
// longer does through the unit list (the search text is rebuilt).
func TestFilterFollowsRenamedUnit(t *testing.T) {
	h := newHarness(t, 120, 40, fixtureState(40))
	h.keys("/")
	h.typeText("北山")
	h.keys("enter")
	before := len(h.m.alerts.rows)
	if before == 0 {
		t.Fatal("no alert of 北山县院 matched")
	}
	s := h.m.state // the very same alerts: only the unit list changes
	s.Seq = 2
	units := fixtureUnits()
	for i := range units {
		if units[i].ID == "b12" {
			units[i].Name, units[i].NameEn = "北岭县人民检察院", "Beiling County"
		}
	}
	s.Units.Data = api.UnitList{Units: units}
	// The alerts still carry the old unit name: only the unit list knows
	// the new one.
	h.send(stateMsg{state: s})
	h.keys("esc", "/")
	h.typeText("北岭")
	h.keys("enter")
	if got := len(h.m.alerts.rows); got != before {
		t.Fatalf("after the rename, 北岭 matched %d alerts, want %d as 北山 did", got, before)
	}
}
