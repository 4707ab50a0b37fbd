package tui

import (
	"strings"
	"testing"

	"github.com/casewatch/casewatch/i18n"
)

func withViews(def string, vs ...View) harnessOpt {
	return func(o *Options) { o.Views, o.DefaultView = vs, def }
}

var testViews = []View{
	{Name: "本院", Scope: "南湖区院", Panel: "alerts", Level: "overdue", Group: "case"},
	{Name: "measures", Category: "measure", Query: "王芳", Sort: "deadline", Acked: "hide"},
	{Name: "indicators here", Scope: "c1", Panel: "indicators", Group: "off"},
	{Name: "nowhere", Scope: "亚特兰蒂斯"},
}

func TestSavedViews(t *testing.T) {
	h := newHarness(t, 100, 30, fixtureState(60), withViews("本院", testViews...))
	p := &h.m.alerts
	// The default view applies once the units are known (its scope is a name).
	if h.m.scopeUnit() != "b21" || p.level != "overdue" || p.group != groupCase || h.m.view != 0 {
		t.Fatalf("default view: scope %s level %q group %v view %d", h.m.scopeUnit(), p.level, p.group, h.m.view)
	}
	for _, i := range p.rows {
		if i >= 0 && (p.all[i].Level != "overdue" || p.all[i].UnitID != "b21") {
			t.Fatalf("row %s %s outside the view", p.all[i].Level, p.all[i].UnitID)
		}
	}
	h.keys("v") // measures: filters replaced, scope kept
	if h.m.scopeUnit() != "b21" || p.level != "" || p.category != "measure" || p.query != "王芳" ||
		p.sort != sortDeadline || p.acked != ackedHidden || p.group != groupCase {
		t.Fatalf("measures: scope %s level %q cat %q q %q sort %v acked %v group %v",
			h.m.scopeUnit(), p.level, p.category, p.query, p.sort, p.acked, p.group)
	}
	wantStatus(t, h, "视图：measures", false)
	h.keys("v")
	if h.m.scopeUnit() != "c1" || h.m.focus != panelIndicators || p.group != groupNone {
		t.Fatalf("indicators here: scope %s focus %v group %v", h.m.scopeUnit(), h.m.focus, p.group)
	}
	h.keys("v") // a scope that names no unit: said, the scope stays
	wantStatus(t, h, "没有与“亚特兰蒂斯”相符的单位", true)
	if h.m.scopeUnit() != "c1" {
		t.Fatal(h.m.scopeUnit())
	}
	h.keys("v")
	if h.m.view != 0 || h.m.scopeUnit() != "b21" {
		t.Fatal("v should wrap around to the first view")
	}
	h.cmd("view ind")
	if h.m.view != 2 {
		t.Fatalf(":view by prefix: view %d", h.m.view)
	}
	h.cmd("view zzz")
	wantStatus(t, h, "没有名为“zzz”的视图", true)
	// :view completes the names.
	h.keys(":")
	h.typeText("view me")
	h.keys("tab", "enter")
	if h.m.view != 1 {
		t.Fatalf("completed view %d", h.m.view)
	}
}

// Without views, v says how to make some; with a --scope, the dashboard
// offers "my unit" and the province.
func TestBuiltInViews(t *testing.T) {
	h := newHarness(t, 100, 30, fixtureState(20), withLang(i18n.EN))
	h.keys("v")
	wantStatus(t, h, "no saved views", true)

	h = newHarness(t, 100, 30, fixtureState(20), withLang(i18n.EN), func(o *Options) { o.Scope = "b12" })
	if len(h.m.views) != 2 || h.m.views[0].Name != "my unit" {
		t.Fatalf("views %+v", h.m.views)
	}
	h.keys("v")
	if h.m.scopeUnit() != "b12" {
		t.Fatal(h.m.scopeUnit())
	}
	h.keys("v")
	if h.m.scopeUnit() != "p0" || !strings.Contains(h.view(), "view: Province") {
		t.Fatalf("scope %s\n%s", h.m.scopeUnit(), h.view())
	}
}

// A --scope wins over the default view's scope; the rest of the view
// still applies.
func TestScopeFlagWinsOverDefaultView(t *testing.T) {
	h := newHarness(t, 100, 30, fixtureState(20), withViews("本院", testViews...), func(o *Options) { o.Scope = "c2" })
	if h.m.scopeUnit() != "c2" || h.m.alerts.level != "overdue" {
		t.Fatalf("scope %s level %q", h.m.scopeUnit(), h.m.alerts.level)
	}
}
