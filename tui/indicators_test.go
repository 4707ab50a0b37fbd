package tui

import (
	"strings"
	"testing"

	"github.com/casewatch/casewatch/i18n"
)

// D9: at a basic unit, the detail's rank and value come from the ranking
// answer beneath them, not from the (possibly older) indicator set.
func TestIndicatorDetailRankFromRanking(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(40), withLang(i18n.ZH))
	h.keys("]", "]", "]", "2", "enter") // 城关区院, a basic unit; the set says 10/12
	v := h.view()
	if !strings.Contains(v, "排名 1/3") || strings.Contains(v, "排名 10/12") {
		t.Fatalf("header rank not from the ranking:\n%s", v)
	}
	if !strings.Contains(v, "数值 1.1%") {
		t.Errorf("header value not from the ranking:\n%s", v)
	}
}

// At a city the panel shows how its basic units stand, not a rank among
// no peers, and the period key fetches the year to date.
func TestIndicatorsCityAndPeriods(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(40), withLang(i18n.ZH))
	h.keys("]", "2")
	v := h.view()
	if !strings.Contains(v, "下辖靠后") || !strings.Contains(v, "下辖3个基层院") || strings.Contains(v, "1/1 ") {
		t.Fatalf("city scope:\n%s", v)
	}
	h.keys("p")
	if v := h.view(); !strings.Contains(v, "本月至今") {
		t.Errorf("month to date not shown:\n%s", v)
	}
	h.keys("p")
	if v := h.view(); !strings.Contains(v, "2023年1–4月累计") || strings.Contains(v, "波动较大") {
		t.Errorf("year to date not shown (or flagged volatile):\n%s", v)
	}
	h.keys("p")
	if v := h.view(); !strings.Contains(v, "2023-04 ·") {
		t.Errorf("back to the month:\n%s", v)
	}
}

// D7: after a scope change the indicators start from the top (the worst
// first), not at the row selected before.
func TestIndicatorsScopeChangeGoesToTop(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(40), withLang(i18n.ZH))
	h.keys("2", "down", "down", "down")
	if h.m.inds.table.Cursor() == 0 {
		t.Fatal("the cursor did not move")
	}
	h.keys("]")
	if c := h.m.inds.table.Cursor(); c != 0 {
		t.Errorf("after u the cursor is on row %d, want 0", c)
	}
}

func TestSignedChangeHasNoNegativeZero(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(1), withLang(i18n.ZH))
	if got := h.m.signedChange(-0.004, "%"); got != "0.0个百分点" {
		t.Errorf("signedChange(-0.004) = %q", got)
	}
	if got := h.m.signedChange(1.26, "%"); got != "+1.3个百分点" {
		t.Errorf("signedChange(1.26) = %q", got)
	}
}
