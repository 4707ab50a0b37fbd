package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/i18n"
)

// TestCaseViewShowsTheMatter: the case view lists the matter's cases, this
// one marked, the court outcome with its dates, and the seized property
// with a missing transfer list flagged; a case of its own shows none.
func TestCaseViewShowsTheMatter(t *testing.T) {
	h := newHarness(t, 100, 40, fixtureState(10))
	c := fixtureCase()
	at := func(d int) *time.Time { v := fixedNow.AddDate(0, 0, d); return &v }
	c.Matter = &api.Matter{ID: "C00000", Cases: []api.MatterCase{
		{ID: "C00000", CaseNo: "东检刑捕受[2023]00007号", Type: "arrest_review", Stage: "已结案", AcceptedAt: *at(-80), ClosedAt: at(-75)},
		{ID: c.ID, CaseNo: c.CaseNo, Type: "prosecution_review", Stage: "已结案", AcceptedAt: *at(-20), ClosedAt: at(-6)},
	}, Court: &api.Court{CaseID: c.ID, Court: "东州人民法院（模拟）", Procedure: "简易程序", FiledAt: *at(-5),
		Kind: api.CourtJudgment, Outcome: api.OutcomeAcquitted, PronouncedAt: at(-2), ServedAt: at(-1)}}
	c.Property = []api.Property{{ID: "P1", Kind: "手机", Measure: "扣押", Value: 3000}}
	h.keys("enter")
	h.m.caseView.data = c
	lines := strings.Join(h.m.caseView.lines(&h.m.common, 96), "\n")
	for _, want := range []string{"同一案件（捕诉一体）", "东检刑捕受[2023]00007号", "审查逮捕", "本案",
		"东州人民法院（模拟）", "判决：无罪", "本院收到", "涉案财物", "未随案移送清单"} {
		if !strings.Contains(lines, want) {
			t.Errorf("case view lacks %q:\n%s", want, lines)
		}
	}
	c.Matter = &api.Matter{ID: c.ID, Cases: c.Matter.Cases[1:]}
	c.Property = nil
	h.m.caseView.data = c
	if lines := strings.Join(h.m.caseView.lines(&h.m.common, 96), "\n"); strings.Contains(lines, "同一案件") || strings.Contains(lines, "涉案财物") {
		t.Errorf("a case of its own shows a matter section:\n%s", lines)
	}
}

// TestUnmonitoredCategorySaysSo: a category the case system says no rule
// watches reads 未监控, not a reassuring 0; a system that does not say
// keeps the counts.
func TestUnmonitoredCategorySaysSo(t *testing.T) {
	h := newHarness(t, 120, 40, fixtureState(10))
	if line := h.m.alerts.categoryLine(&h.m.common, 118); strings.Contains(line, "未监控") {
		t.Fatalf("no monitored list, yet: %s", line)
	}
	h.m.state.Health.HasData = true
	h.m.state.Health.Data.MonitoredCategories = []string{api.CategoryDeadline, api.CategoryCard, api.CategoryDocument,
		api.CategoryRights, api.CategoryMeasure}
	line := h.m.alerts.categoryLine(&h.m.common, 118)
	if !strings.Contains(line, "财物 未监控") || strings.Contains(line, "财物 0") || !strings.Contains(line, "期限 ") {
		t.Errorf("category line: %q", line)
	}
}

// TestCaseViewFlagsInTheLanguage: the case's flags are joined as the
// language lists things (", " in English, 、 in Chinese).
func TestCaseViewFlagsInTheLanguage(t *testing.T) {
	for _, tt := range []struct {
		lang      i18n.Lang
		want, not string
	}{{i18n.EN, "major, plea", "、"}, {i18n.ZH, "、", ", "}} {
		h := newHarness(t, 100, 40, fixtureState(10), withLang(tt.lang))
		c := fixtureCase()
		c.Major, c.Plea = true, true
		h.keys("enter")
		h.m.caseView.data = c
		lines := strings.Join(h.m.caseView.lines(&h.m.common, 96), "\n")
		flagLine := ""
		for _, l := range strings.Split(lines, "\n") {
			if strings.Contains(l, h.m.cat.T("case.flags")) {
				flagLine = l
			}
		}
		if !strings.Contains(flagLine, tt.want) || strings.Contains(flagLine, tt.not) {
			t.Errorf("%v: flags line %q, want %q", tt.lang, flagLine, tt.want)
		}
	}
}
