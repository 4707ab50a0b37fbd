package tui

import (
	"strings"
	"testing"

	"github.com/casewatch/casewatch/i18n"
)

// TestGoldenAct holds the screens of acting from the keyboard: the
// command line open (with command and case completions), the scope
// picker open (whole and filtered), the alerts grouped and the
// acknowledged hidden, at 80x24 and 200x50 in both languages.
func TestGoldenAct(t *testing.T) {
	type step struct {
		keys  []string
		typed string
	}
	screens := []struct {
		name  string
		steps []step
	}{
		{"cmd", []step{{keys: []string{":"}}}},
		{"cmdcase", []step{{keys: []string{":"}, typed: "case 2430"}}},
		{"picker", []step{{keys: []string{"u"}}}},
		{"pickerfilter", []step{{keys: []string{"u"}, typed: "北山"}}},
		{"grouped", []step{{keys: []string{"b", "down"}}}},
		{"groupedunit", []step{{keys: []string{"h", "h", "b", "b"}}}},
	}
	for _, sc := range screens {
		for _, size := range [][2]int{{80, 24}, {200, 50}} {
			for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
				name := sc.name + "_" + lang.String() + "_" + itoa(size[0]) + "x" + itoa(size[1])
				t.Run(name, func(t *testing.T) {
					h := newHarness(t, size[0], size[1], fixtureState(60), withLang(lang), withSearch(newSearchFetcher()))
					for _, s := range sc.steps {
						h.keys(s.keys...)
						h.typeText(s.typed)
					}
					v := h.m.View().Content
					checkFrame(t, v, size[0], size[1])
					golden(t, "act_"+name, v)
				})
			}
		}
	}
}

// TestActViewsNeverBreak opens the command line, the picker and the
// grouped list at sizes from tiny to large: the frame holds.
func TestActViewsNeverBreak(t *testing.T) {
	flows := []struct {
		keys  []string
		typed string
	}{{[]string{":"}, ""}, {[]string{":"}, "case 0"}, {[]string{":"}, "unit "}, {[]string{"u"}, ""}, {[]string{"u"}, "东"}, {[]string{"b"}, ""}, {[]string{"h", "h", "b", "b", "b"}, ""}}
	sizes := [][2]int{{80, 24}, {100, 30}, {140, 40}, {200, 60}, {60, 16}, {40, 10}, {20, 6}}
	for _, sz := range sizes {
		for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
			for _, f := range flows {
				h := newHarness(t, sz[0], sz[1], hostileState(), withLang(l), withSearch(newSearchFetcher()))
				h.keys(f.keys...)
				h.typeText(f.typed)
				checkFrameName(t, strings.Join(f.keys, ",")+f.typed, h.m.View().Content, sz[0], sz[1])
			}
		}
	}
}
