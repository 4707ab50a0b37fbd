package tui

import (
	"strings"
	"testing"

	"github.com/casewatch/casewatch/api"
)

// TestDemoLabelFollowsHealth: the DEMO badge shows exactly when /health
// says the data is simulated, whatever the caller guessed (the dashboard
// reached with --api guesses "not demo", the embedded one "demo").
func TestDemoLabelFollowsHealth(t *testing.T) {
	for _, tc := range []struct {
		guess, health, want bool
	}{{true, true, true}, {true, false, false}, {false, true, true}, {false, false, false}} {
		s := fixtureState(3)
		s.Health.Data.Demo = tc.health
		h := newHarness(t, 120, 30, s, func(o *Options) { o.Demo = tc.guess })
		top := strings.SplitN(h.view(), "\n", 2)[0]
		if got := strings.Contains(top, "演示数据"); got != tc.want {
			t.Errorf("guess %v, health demo %v: badge shown %v, want %v (header %q)", tc.guess, tc.health, got, tc.want, top)
		}
	}
	// Before /health ever answered, the caller's guess stands.
	s := fixtureState(3)
	s.Health.HasData = false
	h := newHarness(t, 120, 30, s)
	if top := strings.SplitN(h.view(), "\n", 2)[0]; !strings.Contains(top, "演示数据") {
		t.Errorf("embedded demo without /health yet: no badge in %q", top)
	}
}

// TestCaseViewSaysDataMissing: an imported case without the data a rule
// needs says so in its view, per rule.
func TestCaseViewSaysDataMissing(t *testing.T) {
	h := newHarness(t, 100, 40, fixtureState(10))
	c := fixtureCase()
	h.keys("enter")
	h.m.caseView.data = c
	if lines := strings.Join(h.m.caseView.lines(&h.m.common, 96), "\n"); strings.Contains(lines, "缺少数据") {
		t.Fatalf("a case with all its data says data is missing:\n%s", lines)
	}
	c.DataMissing = []api.DataMissing{{Rule: "R7", Need: "执行逮捕（arrest_executed）未导入：侦查羁押期限从批准逮捕起算"}}
	h.m.caseView.data = c
	if lines := strings.Join(h.m.caseView.lines(&h.m.common, 96), "\n"); !strings.Contains(lines, "R7 缺少数据 · 执行逮捕") {
		t.Errorf("case view does not say data is missing for R7:\n%s", lines)
	}
}
