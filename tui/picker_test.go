package tui

import (
	"strings"
	"testing"

	"github.com/casewatch/casewatch/i18n"
)

func TestScopePicker(t *testing.T) {
	tests := []struct {
		name   string
		keys   []string
		typed  string
		after  []string
		scope  string
		open   bool
		screen string // on screen after
	}{
		{"enter on the current scope keeps it", []string{"u"}, "", []string{"enter"}, "p0", false, ""},
		{"down walks the tree", []string{"u"}, "", []string{"down", "down", "enter"}, "b11", false, "范围：东州市城关区人民检察院"},
		{"filter puts the cursor on the first match", []string{"u"}, "南湖", []string{"enter"}, "b21", false, ""},
		{"filter by id", []string{"u"}, "c2", []string{"enter"}, "c2", false, ""},
		{"filter in English", []string{"u"}, "beishan", []string{"enter"}, "b12", false, ""},
		{"filter keeps the ancestors", []string{"u"}, "北山", nil, "p0", true, "└─ 北山县人民检察院"},
		{"no match: enter does nothing", []string{"u"}, "无此院", []string{"enter"}, "p0", true, "没有相符的单位"},
		{"esc cancels", []string{"u"}, "南湖", []string{"esc"}, "p0", false, ""},
		{"letters filter, never act", []string{"u"}, "sqa", nil, "p0", true, "筛选：sqa"},
		{"end then enter", []string{"u"}, "", []string{"end", "enter"}, "b21", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, 80, 24, fixtureState(40), withLang(i18n.ZH))
			h.keys(tc.keys...)
			h.typeText(tc.typed)
			h.keys(tc.after...)
			if got := h.m.scopeUnit(); got != tc.scope {
				t.Errorf("scope %s, want %s", got, tc.scope)
			}
			if h.m.picker.open != tc.open {
				t.Errorf("open %v, want %v", h.m.picker.open, tc.open)
			}
			v := h.view()
			if tc.screen != "" && !strings.Contains(v, tc.screen) {
				t.Errorf("screen lacks %q:\n%s", tc.screen, v)
			}
			if h.m.alerts.sort != sortLevel || h.m.focus != panelAlerts {
				t.Errorf("keys leaked: sort %v focus %v", h.m.alerts.sort, h.m.focus)
			}
			checkFrame(t, v, 80, 24)
		})
	}
}

// A pick lands every list on its first row: the worst alerts.
func TestPickerLandsOnTop(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(60))
	h.keys("down", "down", "down", "down")
	h.keys("2", "down", "down", "1")
	h.keys("u")
	h.typeText("东州市院")
	h.keys("enter")
	if h.m.scopeUnit() != "c1" {
		t.Fatal(h.m.scopeUnit())
	}
	if c := h.m.alerts.table.Cursor(); c != 0 {
		t.Errorf("alerts cursor %d", c)
	}
	if c := h.m.inds.table.Cursor(); c != 0 {
		t.Errorf("indicators cursor %d", c)
	}
	a := h.m.alerts.selected()
	if a == nil || a.Level != "overdue" {
		t.Fatalf("selected %+v", a)
	}
}

// The tree counts overdue alerts over each unit's subtree.
func TestPickerOverdueCounts(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(60))
	h.keys("u")
	want := map[string]int{}
	for _, a := range h.m.alerts.all {
		if a.Level == "overdue" {
			for id := a.UnitID; id != ""; id = h.m.units.unit(id).ParentID {
				want[id]++
			}
		}
	}
	for _, r := range h.m.picker.tree {
		if r.overdue != want[r.id] {
			t.Errorf("%s: overdue %d, want %d", r.id, r.overdue, want[r.id])
		}
	}
	if want["p0"] == 0 {
		t.Fatal("fixture without overdue alerts")
	}
}

// While the picker is open the footer names the picker's keys, not the
// dashboard's: r, q and ? are typed into its filter there (found trying
// it: the footer offered "r refresh" and r went into the filter).
func TestPickerFooterNamesItsKeys(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		h := newHarness(t, 80, 24, fixtureState(40), withLang(lang))
		h.keys("u")
		lines := strings.Split(h.view(), "\n")
		footer := lines[len(lines)-1]
		want := map[i18n.Lang][]string{i18n.ZH: {"enter 选择", "esc 取消"}, i18n.EN: {"enter pick", "esc cancel"}}[lang]
		for _, w := range want {
			if !strings.Contains(footer, w) {
				t.Errorf("%s: footer %q lacks %q", lang, footer, w)
			}
		}
		for _, k := range []string{"r ", "q ", "? "} {
			if strings.Contains(footer, " "+k) {
				t.Errorf("%s: footer %q names %q, which the filter takes as text", lang, footer, k)
			}
		}
		h.keys("esc")
		lines = strings.Split(h.view(), "\n")
		if footer := lines[len(lines)-1]; !strings.Contains(footer, "q ") {
			t.Errorf("%s: the dashboard's footer is not back after esc: %q", lang, footer)
		}
	}
}
