package tui

import (
	"strings"
	"testing"

	"github.com/casewatch/casewatch/i18n"
)

// A change of scope or of filter puts the cursor on the top row, the
// worst, and every list says where the cursor is (issue 14, D7).
func TestScopeAndFilterChangesGoToTheTop(t *testing.T) {
	tests := []struct {
		name  string
		panel string   // key focusing the panel
		keys  []string // after moving the cursor down
	}{
		{"alerts scope ]", "1", []string{"]"}},
		{"alerts scope U", "1", []string{"U"}},
		{"alerts level filter", "1", []string{"l"}},
		{"alerts category filter", "1", []string{"c"}},
		{"alerts esc clears filter", "1", []string{"l", "down", "down", "esc"}},
		{"alerts text filter", "1", []string{"/", "0", "enter"}},
		{"indicators scope", "2", []string{"]"}},
		{"coverage scope", "3", []string{"]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, 80, 24, fixtureState(40))
			h.keys(tt.panel, "down", "down", "down")
			h.keys(tt.keys...)
			var cur int
			switch tt.panel {
			case "1":
				cur = h.m.alerts.table.Cursor()
				if a := h.m.alerts.selected(); a != nil && a.ID != h.m.alerts.selID {
					t.Errorf("selection %s does not follow the cursor (%s)", h.m.alerts.selID, a.ID)
				}
			case "2":
				cur = h.m.inds.table.Cursor()
			case "3":
				cur = h.m.cov.table.Cursor()
			}
			if cur != 0 {
				t.Fatalf("cursor on row %d after %v, want the top row", cur, tt.keys)
			}
			if !strings.Contains(h.view(), " 1 / ") {
				t.Errorf("no position note:\n%s", h.view())
			}
		})
	}
}

// A data change (a poll) keeps the cursor where it was: only a change of
// scope or filter moves it.
func TestPollKeepsTheCursor(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(40))
	h.keys("down", "down", "down")
	h.send(stateMsg{state: fixtureState(41)})
	if h.m.alerts.table.Cursor() == 0 {
		t.Fatal("a poll moved the cursor to the top")
	}
	if !strings.Contains(h.view(), " 4 / 41 ") && !strings.Contains(h.view(), " 5 / 41 ") {
		t.Errorf("position note:\n%s", h.view())
	}
}

// The filters in force, the sort and the scope are on the chip line at
// every width, counts read shown / total, and a scope change says which
// filters carried over (issue 14, D4).
func TestChipLine(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, w := range []int{60, 80, 120, 200} {
			h := newHarness(t, w, 30, fixtureState(40), withLang(lang))
			h.keys("/", "0", "0", "0", "1", "enter", "l")
			v := h.view()
			want := []string{"“0001”", "/ 40"}
			if lang == i18n.ZH {
				want = append(want, "级别 超期")
			} else {
				want = append(want, "level overdue")
			}
			for _, s := range want {
				if !strings.Contains(v, s) {
					t.Errorf("%v %d: %q not on screen:\n%s", lang, w, s, v)
				}
			}
			h.keys("]")
			carried := "筛选保留"
			if lang == i18n.EN {
				carried = "filters kept"
			}
			if !strings.Contains(h.m.status, carried) {
				t.Errorf("%v %d: scope change status %q does not say what carried over", lang, w, h.m.status)
			}
		}
	}
}

// t switches the due column between the countdown and the date and time
// in the case system's zone, labelled in the header (issue 14, D8).
func TestAbsoluteDueTimes(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(40))
	a := h.m.alerts.selected()
	abs := a.DueAt().Format("01-02 15:04")
	if strings.Contains(h.view(), abs) {
		t.Fatalf("at 80 columns the due time is a countdown, yet %s shows", abs)
	}
	h.keys("t")
	v := h.view()
	if !strings.Contains(v, abs) || !strings.Contains(v, "到期时间") || !strings.Contains(v, "UTC+8") {
		t.Fatalf("t: want %s under 到期时间, the zone in the header:\n%s", abs, v)
	}
	h.keys("t")
	if strings.Contains(h.view(), abs) {
		t.Error("t again: the countdown should come back")
	}
}

// English mode is English for the fixed vocabularies the case system
// sends in Chinese: the stage, the card's field labels, the standard
// departments (issue 14, D19); an unknown word stays as sent.
func TestEnglishVocabularies(t *testing.T) {
	h := newHarness(t, 120, 60, fixtureState(10), withLang(i18n.EN))
	c := fixtureCase()
	c.Stage = "办理中"
	h.f.cases[c.ID] = c
	h.send(openCaseMsg{id: c.ID, caseNo: c.CaseNo})
	v := h.view()
	for _, want := range []string{"in progress", "Charge (card)", "Compulsory measure", "Dept. 1", "人卡罪名"} {
		if !strings.Contains(v, want) {
			t.Errorf("%q not on the English case view:\n%s", want, v)
		}
	}
	for _, zh := range []string{"办理中", "第一检察部", "强制措施 "} {
		if strings.Contains(v, zh) {
			t.Errorf("%q left in Chinese on the English case view", zh)
		}
	}
}
