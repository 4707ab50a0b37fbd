package tui

import (
	"testing"

	"github.com/casewatch/casewatch/i18n"
)

// `:view` completes the views v cycles through, the two built-in ones of a
// dashboard started on a unit without saved views included (the command
// line reads them from common, where startViews adds them).
func TestViewCompletionKnowsBuiltInViews(t *testing.T) {
	h := newHarness(t, 100, 30, fixtureState(20), withLang(i18n.EN), func(o *Options) { o.Scope = "b12" })
	h.keys(":")
	h.typeText("view ")
	var got []string
	for _, c := range h.m.cmd.cands {
		got = append(got, c.label)
	}
	if len(got) != 2 || got[0] != "my unit" || got[1] != "Province" {
		t.Fatalf(":view completes %q, want the built-in views [my unit Province]", got)
	}
	h.keys("tab", "enter")
	if h.m.view != 0 || h.m.scopeUnit() != "b12" {
		t.Fatalf("completed view %d, scope %s", h.m.view, h.m.scopeUnit())
	}
}
