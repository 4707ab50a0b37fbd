package tui

import (
	"strings"
	"testing"

	"github.com/casewatch/casewatch/i18n"
)

// TestCoveragePeriods: on the responsibility-list panel the period key
// fetches the month to date and the year to date and shows them named,
// their own totals, and the decisions opened from a row are those of the
// period shown; the wall tile keeps the last complete month's 越权.
func TestCoveragePeriods(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(40), withLang(i18n.ZH))
	h.keys("3")
	if v := h.view(); !strings.Contains(v, "2023-04 · 清单内事项决定 207 · 越权 4") {
		t.Fatalf("last complete month:\n%s", v)
	}
	h.keys("p")
	if got := h.f.calls[len(h.f.calls)-1]; got != "coverage:p0:department:2023-05-mtd" {
		t.Fatalf("fetched %q", got)
	}
	if v := h.view(); !strings.Contains(v, "2023-05 本月至今（1–10日）") || !strings.Contains(v, "越权 1") {
		t.Errorf("month to date not shown:\n%s", v)
	}
	h.keys("p")
	if v := h.view(); !strings.Contains(v, "2023年1–4月累计") || !strings.Contains(v, "清单内事项决定 800 · 越权 9") {
		t.Errorf("year to date not shown:\n%s", v)
	}
	h.keys("enter")
	if got := h.f.calls[len(h.f.calls)-1]; !strings.HasSuffix(got, ":over:2023-ytd") {
		t.Errorf("decisions of the year to date not asked: %q", got)
	}
	h.keys("esc", "p")
	if v := h.view(); !strings.Contains(v, "2023-04 · 清单内事项决定 207") {
		t.Errorf("back to the month:\n%s", v)
	}
}
