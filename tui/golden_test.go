package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	goldenfile "github.com/charmbracelet/x/exp/golden"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
)

// goldenName gives goldenfile.RequireEqual the file name: testdata/name.golden,
// the files this package has always kept, rather than one named after the
// test (golden uses tb.Name()).
type goldenName struct {
	testing.TB
	name string
}

// Name is the golden file's name without its extension.
func (g goldenName) Name() string { return g.name }

// golden compares the ANSI-stripped view with testdata/name.golden
// (go test ./tui/ -run TestGolden -update rewrites it).
func golden(t *testing.T, name, view string) {
	t.Helper()
	goldenfile.RequireEqual(goldenName{t, name}, ansi.Strip(view))
}

func TestGolden(t *testing.T) {
	offline := func() client.State {
		s := fixtureState(40)
		s.Alerts.FetchedAt = fixedNow.Add(-3 * time.Minute)
		s.Alerts.Err = realError(t, client.CodeRefused)
		s.Alerts.Failures = 6
		s.Alerts.FailingSince = fixedNow.Add(-3 * time.Minute)
		s.Alerts.NextAttempt = fixedNow.Add(20 * time.Second)
		return s
	}
	tests := []struct {
		name  string
		w, h  int
		lang  i18n.Lang
		state func() client.State
		keys  []string
	}{
		{"dash_zh_80x24", 80, 24, i18n.ZH, nil, nil},
		{"dash_en_80x24", 80, 24, i18n.EN, nil, nil},
		{"dash_zh_160x48", 160, 48, i18n.ZH, nil, []string{"down", "down"}},
		{"dash_en_160x48", 160, 48, i18n.EN, nil, []string{"tab", "down"}},
		{"indicators_zh_80x24", 80, 24, i18n.ZH, nil, []string{"2", "o"}},
		{"indicators_en_80x24", 80, 24, i18n.EN, nil, []string{"2"}},
		{"indicators_city_zh_80x24", 80, 24, i18n.ZH, nil, []string{"]", "2"}},
		{"indicators_basic_en_80x24", 80, 24, i18n.EN, nil, []string{"]", "]", "]", "2"}},
		{"indicators_basic_zh_80x24", 80, 24, i18n.ZH, nil, []string{"]", "]", "]", "2"}},
		{"indicators_city_en_80x24", 80, 24, i18n.EN, nil, []string{"]", "2"}},
		{"indicator_basic_zh_80x24", 80, 24, i18n.ZH, nil, []string{"]", "]", "]", "2", "enter"}},
		{"indicators_ytd_zh_80x24", 80, 24, i18n.ZH, nil, []string{"2", "p", "p"}},
		{"indicator_city_en_160x48", 160, 48, i18n.EN, nil, []string{"]", "2", "enter"}},
		{"coverage_zh_80x24", 80, 24, i18n.ZH, nil, []string{"3"}},
		{"coverage_en_80x24", 80, 24, i18n.EN, nil, []string{"3", "b"}},
		{"filtered_zh_80x24", 80, 24, i18n.ZH, nil, []string{"l", "c", "s"}},
		{"case_zh_80x24", 80, 24, i18n.ZH, nil, []string{"enter"}},
		{"case_en_80x24", 80, 24, i18n.EN, nil, []string{"enter", "pgdown"}},
		{"case_zh_160x48", 160, 48, i18n.ZH, nil, []string{"enter"}},
		{"case_en_160x48", 160, 48, i18n.EN, nil, []string{"enter"}},
		{"indicator_zh_80x24", 80, 24, i18n.ZH, nil, []string{"2", "enter"}},
		{"indicator_en_160x48", 160, 48, i18n.EN, nil, []string{"2", "enter"}},
		{"decisions_zh_80x24", 80, 24, i18n.ZH, nil, []string{"3", "enter"}},
		{"decisions_en_160x48", 160, 48, i18n.EN, nil, []string{"3", "enter"}},
		{"help_zh_80x24", 80, 24, i18n.ZH, nil, []string{"?"}},
		{"help_en_80x24", 80, 24, i18n.EN, nil, []string{"?"}},
		{"offline_zh_80x24", 80, 24, i18n.ZH, offline, nil},
		{"offline_en_160x48", 160, 48, i18n.EN, offline, nil},
		{"scope_zh_80x24", 80, 24, i18n.ZH, nil, []string{"]", "]", "]"}},
		{"hostile_zh_80x24", 80, 24, i18n.ZH, hostileState, nil},
		{"hostile_en_160x48", 160, 48, i18n.EN, hostileState, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixtureState(40)
			if tt.state != nil {
				s = tt.state()
			}
			h := newHarness(t, tt.w, tt.h, s, withLang(tt.lang))
			h.keys(tt.keys...)
			v := h.m.View().Content
			checkFrame(t, v, tt.w, tt.h)
			golden(t, tt.name, v)
		})
	}
}

type errTest string

func (e errTest) Error() string { return string(e) }

// TestViewsNeverBreak renders every screen at sizes from tiny to large and
// checks the frame holds.
func TestViewsNeverBreak(t *testing.T) {
	flows := [][]string{nil, {"2"}, {"3"}, {"enter"}, {"2", "enter"}, {"3", "enter"}, {"?"}, {"/"}, {"a"}}
	sizes := [][2]int{{80, 24}, {100, 30}, {139, 39}, {140, 40}, {200, 60}, {60, 16}, {40, 10}, {20, 6}}
	for _, sz := range sizes {
		for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
			for _, f := range flows {
				h := newHarness(t, sz[0], sz[1], hostileState(), withLang(l))
				h.keys(f...)
				checkFrameName(t, strings.Join(f, ","), h.m.View().Content, sz[0], sz[1])
			}
		}
	}
}

func checkFrameName(t *testing.T, name, v string, w, h int) {
	t.Helper()
	t.Run(name, func(t *testing.T) { checkFrame(t, v, w, h) })
}
