package tui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
)

// searchFetcher is a fakeFetcher that also searches cases (a
// CaseSearcher), over cases of its own: some with alerts held, some not.
type searchFetcher struct {
	*fakeFetcher
	mu      sync.Mutex
	cases   []api.CaseSummary
	queries []string
	failing error // every search answers this
}

func newSearchFetcher() *searchFetcher {
	return &searchFetcher{fakeFetcher: newFakeFetcher(), cases: []api.CaseSummary{
		{ID: "C02430", CaseNo: "南检民监受[2023]02430号", Title: "钱某与孙某民间借贷纠纷", UnitID: "b21", UnitName: "南湖区人民检察院", LeadName: "周敏"},
		{ID: "C12430", CaseNo: "东检刑诉受[2023]12430号", Title: "吴某盗窃案", UnitID: "b11", UnitName: "东州市城关区人民检察院", LeadName: "李明"},
		{ID: "C00007", CaseNo: "东检刑诉受[2023]00007号", Title: "郑某诈骗案", UnitID: "b12", UnitName: "北山县人民检察院", LeadName: "王芳"},
	}}
}

func (f *searchFetcher) Cases(_ context.Context, q client.CaseQuery) (*api.CasePage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queries = append(f.queries, q.Q)
	if f.failing != nil {
		return nil, f.failing
	}
	page := &api.CasePage{Cases: []api.CaseSummary{}}
	for _, c := range f.cases {
		if strings.Contains(c.CaseNo, q.Q) || strings.Contains(c.Title, q.Q) || strings.Contains(c.LeadName, q.Q) {
			page.Cases = append(page.Cases, c)
		}
	}
	return page, nil
}

func withSearch(f *searchFetcher) harnessOpt { return func(o *Options) { o.Fetcher = f } }

// cmd opens the command line, types line and presses enter.
func (h *harness) cmd(line string) {
	h.t.Helper()
	h.keys(":")
	h.typeText(line)
	h.keys("enter")
}

func TestCommandLine(t *testing.T) {
	tests := []struct {
		name  string
		lang  i18n.Lang
		run   func(h *harness)
		check func(t *testing.T, h *harness)
	}{
		{"case across cases opens one no alert points at", i18n.ZH, func(h *harness) { h.cmd("case 2430") }, func(t *testing.T, h *harness) {
			// 02430 is a serial number match, 12430 only a part of one: 02430 wins.
			if h.m.current() != screenCase || h.m.caseView.id != "C02430" {
				t.Fatalf("screen %v case %q, want the case C02430", h.m.current(), h.m.caseView.id)
			}
		}},
		{"case by its alerts", i18n.ZH, func(h *harness) { h.cmd("case 00012") }, func(t *testing.T, h *harness) {
			if h.m.caseView.id != "C00012" {
				t.Fatalf("case %q, want C00012", h.m.caseView.id)
			}
		}},
		{"case by title", i18n.ZH, func(h *harness) { h.cmd("c 诈骗") }, func(t *testing.T, h *harness) {
			if h.m.caseView.id != "C00007" {
				t.Fatalf("case %q, want C00007", h.m.caseView.id)
			}
		}},
		{"case not found", i18n.ZH, func(h *harness) { h.cmd("case 无此案") }, func(t *testing.T, h *harness) {
			wantStatus(t, h, "没有与“无此案”相符的案件", true)
			if h.m.current() != screenDash {
				t.Fatal("left the dashboard")
			}
		}},
		{"case without text", i18n.EN, func(h *harness) { h.cmd("case") }, func(t *testing.T, h *harness) {
			wantStatus(t, h, "usage: :case", true)
		}},
		{"unit by name", i18n.ZH, func(h *harness) { h.cmd("unit 南湖") }, func(t *testing.T, h *harness) {
			if h.m.scopeUnit() != "b21" {
				t.Fatalf("scope %s", h.m.scopeUnit())
			}
			wantStatus(t, h, "范围：南湖区人民检察院", false)
		}},
		{"unit by id, any case", i18n.EN, func(h *harness) { h.cmd("scope B12") }, func(t *testing.T, h *harness) {
			if h.m.scopeUnit() != "b12" {
				t.Fatalf("scope %s", h.m.scopeUnit())
			}
		}},
		{"unit in English", i18n.EN, func(h *harness) { h.cmd("unit xiling") }, func(t *testing.T, h *harness) {
			if h.m.scopeUnit() != "c2" {
				t.Fatalf("scope %s", h.m.scopeUnit())
			}
		}},
		{"unit ambiguous", i18n.ZH, func(h *harness) { h.cmd("unit 东州") }, func(t *testing.T, h *harness) {
			wantStatus(t, h, "“东州”对应多个单位", true)
			if h.m.scopeUnit() != "p0" {
				t.Fatal("the scope moved")
			}
		}},
		{"unit by its place, not the districts named after it", i18n.ZH, func(h *harness) { h.cmd("unit 东州市") }, func(t *testing.T, h *harness) {
			// 东州市城关区人民检察院 holds 东州市 only as its parent's place.
			if h.m.scopeUnit() != "c1" {
				t.Fatalf("scope %s, status %q", h.m.scopeUnit(), h.m.status)
			}
		}},
		{"unit ambiguous in English", i18n.EN, func(h *harness) { h.cmd("unit Dongzhou") }, func(t *testing.T, h *harness) {
			wantStatus(t, h, "matches several units", true)
			if strings.Contains(h.m.status, "、") {
				t.Fatalf("Chinese list comma in English: %q", h.m.status)
			}
		}},
		{"unit unknown", i18n.EN, func(h *harness) { h.cmd("unit Atlantis") }, func(t *testing.T, h *harness) {
			wantStatus(t, h, "no unit matches “Atlantis”", true)
		}},
		{"scope alone opens the picker", i18n.ZH, func(h *harness) { h.cmd("scope") }, func(t *testing.T, h *harness) {
			if !h.m.picker.open || !strings.Contains(h.view(), "选择范围") {
				t.Fatalf("picker not open:\n%s", h.view())
			}
		}},
		{"panel by number", i18n.ZH, func(h *harness) { h.cmd("panel 2") }, func(t *testing.T, h *harness) {
			if h.m.focus != panelIndicators {
				t.Fatal(h.m.focus)
			}
		}},
		{"panel by Chinese name from a case", i18n.EN, func(h *harness) { h.keys("enter"); h.cmd("panel 权责") }, func(t *testing.T, h *harness) {
			if h.m.focus != panelCoverage || h.m.current() != screenDash {
				t.Fatal(h.m.focus, h.m.current())
			}
		}},
		{"panel unknown", i18n.EN, func(h *harness) { h.cmd("panel zz") }, func(t *testing.T, h *harness) {
			wantStatus(t, h, "no panel “zz”", true)
		}},
		{"notices", i18n.EN, func(h *harness) { h.keys("enter"); h.cmd("notices") }, func(t *testing.T, h *harness) {
			if h.m.current() != screenNotices {
				t.Fatalf("screen %v, want the notices", h.m.current())
			}
		}},
		{"unknown command", i18n.ZH, func(h *harness) { h.cmd("frob 1") }, func(t *testing.T, h *harness) {
			wantStatus(t, h, "未知命令“frob”", true)
		}},
		{"group", i18n.EN, func(h *harness) { h.cmd("group person") }, func(t *testing.T, h *harness) {
			if h.m.alerts.group != groupPerson {
				t.Fatal(h.m.alerts.group)
			}
		}},
		{"quit", i18n.ZH, func(h *harness) { h.cmd("q") }, func(t *testing.T, h *harness) {
			if !h.m.quitting {
				t.Fatal("did not quit")
			}
		}},
		{"esc cancels and keys never leak", i18n.ZH, func(h *harness) {
			h.keys(":")
			h.typeText("sl2a")
			h.keys("esc")
		}, func(t *testing.T, h *harness) {
			p := &h.m.alerts
			if h.m.cmd.open || p.sort != sortLevel || p.level != "" || h.m.focus != panelAlerts || h.m.prompt != promptNone {
				t.Fatalf("open %v sort %v level %q focus %v prompt %v", h.m.cmd.open, p.sort, p.level, h.m.focus, h.m.prompt)
			}
		}},
		{"tab completes the command", i18n.ZH, func(h *harness) {
			h.keys(":")
			h.typeText("pa")
			h.keys("tab")
			h.typeText("3")
			h.keys("enter")
		}, func(t *testing.T, h *harness) {
			if h.m.focus != panelCoverage {
				t.Fatal(h.m.focus)
			}
		}},
		{"tab completes a unit, twice the next one", i18n.ZH, func(h *harness) {
			h.keys(":")
			h.typeText("unit 东州市")
			h.keys("tab", "tab", "enter")
		}, func(t *testing.T, h *harness) {
			if h.m.scopeUnit() != "b11" { // 东州市院, then 东州市城关区院
				t.Fatal(h.m.scopeUnit())
			}
		}},
		{"tab completes a case from the search", i18n.ZH, func(h *harness) {
			h.keys(":")
			h.typeText("case 2430")
			h.keys("tab", "tab", "enter")
		}, func(t *testing.T, h *harness) {
			if h.m.caseView.id != "C12430" {
				t.Fatal(h.m.caseView.id)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, 100, 30, fixtureState(60), withLang(tc.lang), withSearch(newSearchFetcher()))
			tc.run(h)
			tc.check(t, h)
			checkFrame(t, h.view(), 100, 30)
		})
	}
}

// wantStatus checks the footer's message and whether it is an error.
func wantStatus(t *testing.T, h *harness, sub string, bad bool) {
	t.Helper()
	if !strings.Contains(h.m.status, sub) || h.m.statusBad != bad {
		t.Fatalf("status %q (bad %v), want %q (bad %v)", h.m.status, h.m.statusBad, sub, bad)
	}
	if !strings.Contains(h.view(), sub) {
		t.Fatalf("status not on screen:\n%s", h.view())
	}
}

func TestCommandHistory(t *testing.T) {
	h := newHarness(t, 100, 30, fixtureState(20))
	h.cmd("panel 2")
	h.cmd("panel 1")
	h.cmd("panel 1") // not twice in the history
	h.keys(":")
	h.typeText("pan")
	h.keys("up")
	if v := h.m.cmd.input.Value(); v != "panel 1" {
		t.Fatalf("up: %q", v)
	}
	h.keys("up", "up")
	if v := h.m.cmd.input.Value(); v != "panel 2" {
		t.Fatalf("up up up: %q", v)
	}
	h.keys("down", "down")
	if v := h.m.cmd.input.Value(); v != "pan" {
		t.Fatalf("back to the draft: %q", v)
	}
	h.keys("up", "up", "enter")
	if h.m.focus != panelIndicators {
		t.Fatal(h.m.focus)
	}
}

// Enter before the case system answered: the case opens when it does.
func TestCaseOpensWhenTheSearchAnswers(t *testing.T) {
	f := newSearchFetcher()
	h := newHarness(t, 100, 30, fixtureState(20), withSearch(f))
	var held []tea.Cmd
	press := func(k tea.KeyPressMsg) {
		nm, cmd := h.m.Update(k)
		h.m = nm.(Model)
		held = append(held, cmd)
	}
	press(keyMsg(":"))
	for _, r := range "case 郑某" {
		press(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	press(keyMsg("enter"))
	if h.m.current() != screenDash || !strings.Contains(h.view(), "正在全部案件中查找“郑某”") {
		t.Fatalf("not searching:\n%s", h.view())
	}
	for _, c := range held {
		h.run(c) // the answers, stale ones first
	}
	if h.m.current() != screenCase || h.m.caseView.id != "C00007" {
		t.Fatalf("screen %v case %q", h.m.current(), h.m.caseView.id)
	}
	if len(f.queries) == 0 || f.queries[len(f.queries)-1] != "郑某" {
		t.Fatalf("queries %q", f.queries)
	}
}

// Without a case search (a Fetcher that cannot), :case still finds the
// cases of the alerts held.
func TestCaseWithoutSearch(t *testing.T) {
	h := newHarness(t, 100, 30, fixtureState(20))
	h.cmd("case 00003")
	if h.m.caseView.id != "C00003" {
		t.Fatalf("case %q status %q", h.m.caseView.id, h.m.status)
	}
	h.keys("esc")
	h.cmd("case 2430")
	wantStatus(t, h, "没有与“2430”相符的案件", true)
}

func TestCaseRank(t *testing.T) {
	for _, tc := range []struct {
		no, title, q string
		want         int
	}{
		{"河阳检申受〔2026〕2430号", "", "河阳检申受〔2026〕2430号", 0},
		{"河阳检申受〔2026〕2430号", "", "2430", 1},
		{"东检刑诉受[2023]02430号", "", "2430", 1},
		{"东检刑诉受[2023]12430号", "", "2430", 2},
		{"河阳检申受〔2026〕2430号", "", "河阳", 2},
		{"河阳检申受〔2026〕2430号", "李某盗窃案", "盗窃", 3},
		{"河阳检申受〔2026〕2430号", "", "9999", -1},
		{"X检字[2023]1号", "Zhang San v. Li Si", "zhang s", 3},
		{"X检字[2023]1号", "Zhang San v. Li Si", "LI SI", 3},
		{"X检字[2023]1号", "Zhang San v. Li Si", "Wang", -1},
		{"Qx检字[2023]1号", "", "qX检", 2},
	} {
		if got := caseRank(tc.no, tc.title, "", tc.q); got != tc.want {
			t.Errorf("caseRank(%q, %q) = %d, want %d", tc.no, tc.q, got, tc.want)
		}
	}
}

// The best match is found wherever it lies among the alerts held, past
// any number of weaker ones.
func TestCaseCandsFindTheBestLast(t *testing.T) {
	s := fixtureState(300)
	for i, a := range s.Alerts.Data.Alerts {
		a.CaseID, a.CaseNo = fmt.Sprintf("W%04d", i), fmt.Sprintf("东检刑诉受[2023]2430%03d号", i) // "2430" inside, never the serial
	}
	last := s.Alerts.Data.Alerts[len(s.Alerts.Data.Alerts)-1]
	last.CaseID, last.CaseNo = "BEST", "西检刑诉受[2023]2430号"
	h := newHarness(t, 100, 30, s)
	h.cmd("case 2430")
	if h.m.caseView.id != "BEST" {
		t.Fatalf("opened %q, want the serial match BEST", h.m.caseView.id)
	}
}

// A failing search says why; the cases of the alerts held still open.
func TestCaseSearchFails(t *testing.T) {
	f := newSearchFetcher()
	f.failing = errTest("503 Service Unavailable")
	h := newHarness(t, 100, 30, fixtureState(20), withSearch(f))
	h.cmd("case 郑某")
	wantStatus(t, h, "查找案件失败：503 Service Unavailable", true)
	if h.m.current() != screenDash {
		t.Fatal("left the dashboard")
	}
	h.cmd("case 00003")
	if h.m.current() != screenCase || h.m.caseView.id != "C00003" {
		t.Fatalf("screen %v case %q", h.m.current(), h.m.caseView.id)
	}
}

// TestCaseCandidatesStayWhileSearching: typing a longer query keeps the
// cases of the last answer that match it on offer while the search for it
// is on its way, so tab still completes (the list emptied until the
// answer, and a quick tab did nothing: TestProgramActFlows saw it).
func TestCaseCandidatesStayWhileSearching(t *testing.T) {
	h := newHarness(t, 100, 30, fixtureState(60), withLang(i18n.EN), withSearch(newSearchFetcher()))
	h.keys(":")
	h.typeText("case 243")
	nm, cmd := h.m.Update(tea.KeyPressMsg{Code: '0', Text: "0"}) // its search not answered yet
	h.m = nm.(Model)
	if cmd == nil || !h.m.cmd.search.loading || h.m.cmd.search.q != "2430" {
		t.Fatalf("no search in flight for 2430: loading %v q %q", h.m.cmd.search.loading, h.m.cmd.search.q)
	}
	var got []string
	for _, cd := range h.m.cmd.cands {
		got = append(got, cd.caseNo)
	}
	if len(got) != 2 || got[0] != "南检民监受[2023]02430号" || got[1] != "东检刑诉受[2023]12430号" {
		t.Fatalf("candidates while searching %q, want the two cases of 243's answer that match 2430", got)
	}
	h.keys("tab")
	if v := h.m.cmd.input.Value(); v != "case 南检民监受[2023]02430号" {
		t.Fatalf("tab gave %q", v)
	}
}
