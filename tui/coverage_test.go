package tui

import (
	"strings"
	"testing"
)

func TestCoverageNamesUnitsInWideScopes(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(3))
	h.keys("3")
	if v := h.view(); !strings.Contains(v, "城关区院 第三检察部") || !strings.Contains(v, "东州省院 第一检察部") {
		t.Fatalf("province scope should name units:\n%s", v)
	}
	h.keys("b")
	if v := h.view(); !strings.Contains(v, "城关区院 李明") {
		t.Fatalf("persons should name units:\n%s", v)
	}
	// A basic unit's scope has one unit: no prefix.
	h.keys("]", "]", "]")
	if h.m.scopeUnit() != "b11" {
		t.Fatal(h.m.scopeUnit())
	}
	if v := h.view(); strings.Contains(v, "城关区院 李明") || !strings.Contains(v, "李明") {
		t.Fatalf("a single unit's scope should not repeat its name:\n%s", v)
	}
}
