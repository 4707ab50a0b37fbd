package tui

import (
	"strings"
	"testing"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
)

// findingsState is fixtureState(40) with three alerts turned into findings
// that are not deadlines: an overdue one into 逾期未整改, a warning due today
// into 达到积分上限, a notice into 待整改.
func findingsState() client.State {
	s := fixtureState(40)
	as := s.Alerts.Data.Alerts
	as[0].Level, as[0].Category, as[0].Rule = api.LevelRectifyOverdue, api.CategoryCard, "R11"
	as[1].Level, as[1].Category, as[1].Rule = api.LevelPointsLimit, api.CategoryQuality, "R14"
	as[2].Level, as[2].Category, as[2].Rule = api.LevelRectify, api.CategoryRectification, "R12"
	return s
}

func TestFindingsNeverCountAsOverdue(t *testing.T) {
	s := findingsState()
	if s.Alerts.Data.Alerts[0].Level == api.LevelOverdue {
		t.Fatal("fixture")
	}
	h := newHarness(t, 120, 30, s, withLang(i18n.ZH))
	v := h.view()
	for _, w := range []string{"超期 7", "预警 15", "积分上限 1", "逾期未改 1", "待整改 1", "整改 1", "质量 1"} {
		if !strings.Contains(v, w) {
			t.Errorf("alerts panel lacks %q:\n%s", w, v)
		}
	}
	h.keys("s") // earliest due first: the former overdue alert, now 逾期未整改
	if v := h.view(); !strings.Contains(v, "◆ 逾期未改") {
		t.Errorf("the level column does not show the finding's status:\n%s", v)
	}
	// Without findings the finding statuses and categories stay off the
	// summary and the level column keeps its width.
	plain := newHarness(t, 120, 30, fixtureState(40), withLang(i18n.ZH)).view()
	for _, w := range []string{"待整改", "逾期未改", "积分上限", "质量 0"} {
		if strings.Contains(plain, w) {
			t.Errorf("no findings, yet the panel shows %q", w)
		}
	}
	// The wall counts 超期 and 今日到期 from deadlines only.
	wall, _ := newWall(t, 80, 24, s, WallOptions{})
	wv := wall.view()
	for _, w := range []string{"超期 7", "今日到期 15"} {
		if !strings.Contains(wv, w) {
			t.Errorf("wall strip lacks %q:\n%s", w, wv)
		}
	}
}

func TestDeadlinePeriodSaysWhoSetIt(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(1), withLang(i18n.ZH))
	m := h.m.model
	for _, tc := range []struct {
		dl   api.Deadline
		want string
	}{
		{api.Deadline{LegalDays: 30, Period: 1, PeriodUnit: api.PeriodMonths, SetBy: api.SetByLaw}, "法定 1 个月"},
		{api.Deadline{LegalDays: 7, Period: 7, PeriodUnit: api.PeriodDays, SetBy: api.SetBySystem}, "本系统设定 7 日"},
		{api.Deadline{LegalDays: 7, Period: 7, PeriodUnit: api.PeriodWorkingDays, SetBy: api.SetByRule}, "规定 7 个工作日"},
		{api.Deadline{LegalDays: 30}, "期限 30 天"},
	} {
		if got := m.deadlinePeriod(tc.dl); got != tc.want {
			t.Errorf("deadlinePeriod(%+v) = %q, want %q", tc.dl, got, tc.want)
		}
	}
}
