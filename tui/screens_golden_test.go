package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
)

// longCaseNumbers is fixtureState(n) with case numbers as long as real ones
// (〔〕 brackets, a 民监 or 行公 type word: 26 cells), the ones that lost
// their digits at 80 columns (issue 14, D1).
func longCaseNumbers(n int) client.State {
	s := fixtureState(n)
	words := []string{"检民监受", "检行公受", "检刑诉受", "检信受"}
	places := []string{"城关", "北山", "南湖", "东州"}
	for i, a := range s.Alerts.Data.Alerts {
		a.CaseNo = fmt.Sprintf("%s%s〔2026〕%d号", places[i%len(places)], words[i%len(words)], 2700+i*7)
	}
	return s
}

// TestGoldenScreens: the screens of issue 14's "never hide what matters"
// at 80x24, 120x40 and 200x50 in both languages: case numbers whole, the
// chip line (filters, shown / total, sort, scope), list positions, a
// scope change that keeps the filters and says so, the refused action,
// the full help, absolute due times, the clocks in the case system's zone
// (go test ./tui/ -run TestGoldenScreens -update rewrites them).
func TestGoldenScreens(t *testing.T) {
	flows := []struct {
		name string
		keys []string
		opts []harnessOpt
	}{
		{"dash", nil, nil},
		{"filtered", []string{"down", "down", "l", "c", "]"}, nil},
		{"refused", []string{"a", "s", "e", "c"}, []harnessOpt{readOnly()}},
		{"help", []string{"?"}, nil},
		{"abstime", []string{"t"}, nil},
	}
	for _, f := range flows {
		for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
			for _, sz := range [][2]int{{80, 24}, {120, 40}, {200, 50}} {
				name := fmt.Sprintf("screens_%s_%s_%dx%d", f.name, l, sz[0], sz[1])
				t.Run(name, func(t *testing.T) {
					h := newHarness(t, sz[0], sz[1], longCaseNumbers(40), append([]harnessOpt{withLang(l)}, f.opts...)...)
					h.keys(f.keys...)
					v := h.m.View().Content
					checkFrame(t, v, sz[0], sz[1])
					for _, i := range h.m.alerts.rows[:min(5, len(h.m.alerts.rows))] {
						if no := h.m.alerts.all[i].CaseNo; f.name != "help" && !containsStripped(v, no) {
							t.Errorf("case number %s cut", no)
						}
					}
					golden(t, name, v)
				})
			}
		}
	}
}

// containsStripped reports whether the view, without its escapes, holds s.
func containsStripped(view, s string) bool { return strings.Contains(ansi.Strip(view), s) }
