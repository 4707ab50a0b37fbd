package tui

import (
	"strings"
	"testing"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/i18n"
)

// TestCountLinesWrapNotCut: in English at 80x24 the nine category counts
// do not fit on one line, and under a filter neither do the level counts
// ("shown/total"); they wrap onto a second line instead of hiding the
// last ones behind an ellipsis, the table gives up the rows, and the
// frame stays 80x24. In Chinese they fit on one line each.
func TestCountLinesWrapNotCut(t *testing.T) {
	alerts := fixtureAlerts(70)
	findings := []struct{ cat, level string }{
		{api.CategoryRectification, api.LevelRectify}, {api.CategoryQuality, api.LevelPointsLimit},
		{api.CategoryAuthority, api.LevelRectify}, {api.CategoryCard, api.LevelRectifyOverdue}}
	for i, f := range findings {
		alerts[i].Category, alerts[i].Level = f.cat, f.level
	}
	s := fixtureState(0)
	s.Alerts.Data.Alerts = alertPtrs(alerts)
	for _, tt := range []struct {
		lang          i18n.Lang
		want          []string
		rows, filtRow int // count lines, before and under the category filter
	}{
		{i18n.EN, []string{"deadline ", "card ", "doc ", "rights ", "measure ", "property ", "rectify ", "quality ", "authority "}, 3, 4},
		{i18n.ZH, []string{"期限 ", "案卡 ", "文书 ", "权利 ", "强制 ", "财物 ", "整改 ", "质量 ", "越权 "}, 2, 3},
	} {
		h := newHarness(t, 80, 24, s, withLang(tt.lang))
		view := h.view()
		checkFrame(t, view, 80, 24)
		for _, w := range tt.want {
			if !strings.Contains(view, w) {
				t.Errorf("%s: %q hidden:\n%s", tt.lang, w, view)
			}
		}
		if strings.Contains(strings.Join(strings.Split(view, "\n")[3:6], "\n"), "…") {
			t.Errorf("%s: a count line is cut:\n%s", tt.lang, view)
		}
		if got := h.m.alerts.countRows; got != tt.rows {
			t.Errorf("%s: count lines %d, want %d", tt.lang, got, tt.rows)
		}
		h.keys("c") // filter on the first category: the counts read shown/total
		view = h.view()
		checkFrame(t, view, 80, 24)
		if got := h.m.alerts.countRows; got != tt.filtRow {
			t.Errorf("%s: count lines under a filter %d, want %d:\n%s", tt.lang, got, tt.filtRow, view)
		}
		if strings.Contains(strings.Join(strings.Split(view, "\n")[3:3+tt.filtRow], "\n"), "…") {
			t.Errorf("%s: a count line is cut under a filter:\n%s", tt.lang, view)
		}
		h.keys("esc")
		if got := h.m.alerts.countRows; got != tt.rows {
			t.Errorf("%s: count lines after esc %d, want %d", tt.lang, got, tt.rows)
		}
	}
}
