package tui

import (
	"errors"
	"image/color"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
)

// selectedAlert returns the id of the alert under the cursor.
func (h *harness) selectedAlert() string {
	if a := h.m.alerts.selected(); a != nil {
		return a.ID
	}
	return ""
}

// rowIDs returns the alert ids of the table in order.
func (h *harness) rowIDs() []string {
	ids := make([]string, len(h.m.alerts.rows))
	for k, i := range h.m.alerts.rows {
		ids[k] = h.m.alerts.all[i].ID
	}
	return ids
}

func TestNavigation(t *testing.T) {
	tests := []struct {
		name   string
		keys   []string
		cursor int
		offset int
	}{
		{"start", nil, 0, 0},
		{"down", []string{"down"}, 1, 0},
		{"j twice", []string{"j", "j"}, 2, 0},
		{"up at top", []string{"up"}, 0, 0},
		{"down then k", []string{"down", "down", "k"}, 1, 0},
		{"page down", []string{"pgdown"}, 14, 0},
		{"bottom", []string{"G"}, 39, 25},
		{"bottom then top", []string{"G", "g"}, 0, 0},
		{"scrolls", []string{"pgdown", "pgdown"}, 28, 14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, 80, 24, fixtureState(40))
			h.keys(tt.keys...)
			tab := &h.m.alerts.table
			if tab.Cursor() != tt.cursor || tab.Offset() != tt.offset {
				t.Fatalf("cursor %d offset %d, want %d %d", tab.Cursor(), tab.Offset(), tt.cursor, tt.offset)
			}
			if h.selectedAlert() != h.m.alerts.all[h.m.alerts.rows[tt.cursor]].ID {
				t.Fatal("selection does not follow the cursor")
			}
		})
	}
}

func TestPanelsAndTabs(t *testing.T) {
	tests := []struct {
		keys  []string
		focus panel
	}{
		{nil, panelAlerts},
		{[]string{"tab"}, panelIndicators},
		{[]string{"tab", "tab"}, panelCoverage},
		{[]string{"tab", "tab", "tab"}, panelAlerts},
		{[]string{"shift+tab"}, panelCoverage},
		{[]string{"3"}, panelCoverage},
		{[]string{"3", "2"}, panelIndicators},
		{[]string{"2", "1"}, panelAlerts},
	}
	for _, tt := range tests {
		h := newHarness(t, 80, 24, fixtureState(10))
		h.keys(tt.keys...)
		if h.m.focus != tt.focus {
			t.Errorf("keys %v: focus %d, want %d", tt.keys, h.m.focus, tt.focus)
		}
	}
	// Narrow: only the focused panel is drawn; wide: all three.
	h := newHarness(t, 80, 24, fixtureState(10))
	h.keys("2")
	v := h.view()
	if !strings.Contains(v, "┏━ 评价指标") || strings.Contains(v, "╭─ 流程监控预警") {
		t.Errorf("narrow view should show only the indicators panel:\n%s", v)
	}
	h = newHarness(t, 140, 40, fixtureState(10))
	v = h.view()
	for _, want := range []string{"流程监控预警", "评价指标", "权责清单"} {
		if !strings.Contains(v, "━ "+want) && !strings.Contains(v, "─ "+want) {
			t.Errorf("wide view lacks panel %s", want)
		}
	}
	if h.m.lay.tabsY != -1 {
		t.Error("wide view should have no tabs")
	}
}

func TestSorting(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(40))
	all := h.m.alerts.all
	byID := func(id string) *client.Alert {
		for _, a := range all {
			if a.ID == id {
				return a
			}
		}
		return nil
	}
	check := func(name string, less func(a, b *client.Alert) bool) {
		t.Helper()
		ids := h.rowIDs()
		for i := 1; i < len(ids); i++ {
			if less(byID(ids[i]), byID(ids[i-1])) {
				t.Fatalf("%s: row %d (%s) sorts before row %d (%s)", name, i, ids[i], i-1, ids[i-1])
			}
		}
	}
	check("level", func(a, b *client.Alert) bool { return api.LevelRank(a.Level) > api.LevelRank(b.Level) })
	h.keys("s")
	if h.m.alerts.sort != sortDeadline {
		t.Fatal("s should move to the deadline sort")
	}
	check("deadline", func(a, b *client.Alert) bool { return a.DueAt().Before(b.DueAt()) })
	h.keys("s")
	check("unit", func(a, b *client.Alert) bool { return h.m.units.idx[a.UnitID] < h.m.units.idx[b.UnitID] })
	h.keys("s")
	check("age", func(a, b *client.Alert) bool { return a.DetectedAt().Before(b.DetectedAt()) })
	h.keys("s")
	if h.m.alerts.sort != sortLevel {
		t.Fatal("s should cycle back to the level sort")
	}
	if !strings.Contains(h.view(), "排序 级别") {
		t.Error("the sort in force is not shown")
	}
}

func TestFiltering(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		text string
		want func(a *client.Alert) bool
	}{
		{"level overdue", []string{"l"}, "", func(a *client.Alert) bool { return a.Level == api.LevelOverdue }},
		{"level warning", []string{"l", "l"}, "", func(a *client.Alert) bool { return a.Level == api.LevelWarning }},
		{"level cycles off", []string{"l", "l", "l", "l"}, "", func(*client.Alert) bool { return true }},
		{"category deadline", []string{"c"}, "", func(a *client.Alert) bool { return a.Category == api.CategoryDeadline }},
		{"category card + overdue", []string{"c", "c", "l"}, "", func(a *client.Alert) bool {
			return a.Category == api.CategoryCard && a.Level == api.LevelOverdue
		}},
		{"text person", []string{"/"}, "王芳", func(a *client.Alert) bool { return a.PersonName == "王芳" }},
		{"text case no", []string{"/"}, "00012", func(a *client.Alert) bool { return strings.Contains(a.CaseNo, "00012") }},
		{"text english rule, any case", []string{"/"}, "ARREST", func(a *client.Alert) bool { return a.Rule == "R1" }},
		{"text unit name", []string{"/"}, "北山", func(a *client.Alert) bool { return a.UnitID == "b12" }},
		{"esc clears everything", []string{"l", "c", "esc"}, "", func(*client.Alert) bool { return true }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, 80, 24, fixtureState(40))
			h.keys(tt.keys...)
			if tt.text != "" {
				if h.m.prompt != promptFilter {
					t.Fatal("/ should open the filter prompt")
				}
				h.typeText(tt.text)
				h.keys("enter")
				if h.m.prompt != promptNone {
					t.Fatal("enter should close the prompt")
				}
			}
			want := 0
			for i := range h.m.alerts.all {
				if tt.want(h.m.alerts.all[i]) {
					want++
				}
			}
			if len(h.m.alerts.rows) != want || want == 0 {
				t.Fatalf("%d rows, want %d (>0)", len(h.m.alerts.rows), want)
			}
			for _, i := range h.m.alerts.rows {
				if !tt.want(h.m.alerts.all[i]) {
					t.Fatalf("row %s does not match", h.m.alerts.all[i].ID)
				}
			}
			checkFrame(t, h.view(), 80, 24)
		})
	}
	// esc in the prompt clears the text filter.
	h := newHarness(t, 80, 24, fixtureState(40))
	h.keys("/")
	h.typeText("王芳")
	h.keys("esc")
	if h.m.alerts.query != "" || len(h.m.alerts.rows) != 40 {
		t.Fatalf("esc should clear the text filter, query %q rows %d", h.m.alerts.query, len(h.m.alerts.rows))
	}
	// No match says so.
	h.keys("/")
	h.typeText("不存在的内容")
	h.keys("enter")
	if !strings.Contains(h.view(), "没有符合条件的预警") {
		t.Error("an empty result should say so")
	}
}

func TestDrillDownAndBack(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(40))
	h.keys("pgdown", "pgdown", "up")
	cursor, offset, sel := h.m.alerts.table.Cursor(), h.m.alerts.table.Offset(), h.selectedAlert()
	a := h.m.alerts.selected()
	h.keys("enter")
	if h.m.current() != screenCase {
		t.Fatal("enter should open the case")
	}
	if got := h.f.calls[len(h.f.calls)-1]; got != "case:"+a.CaseID {
		t.Fatalf("fetched %q, want case:%s", got, a.CaseID)
	}
	v := h.view()
	if !strings.Contains(v, a.CaseNo) || !strings.Contains(v, "人卡罪名") {
		t.Fatalf("case view lacks the case:\n%s", v)
	}
	h.keys("down", "down", "G")
	if h.m.caseView.scroll == 0 {
		t.Error("the case should scroll")
	}
	h.keys("esc")
	if h.m.current() != screenDash {
		t.Fatal("esc should go back")
	}
	if c, o := h.m.alerts.table.Cursor(), h.m.alerts.table.Offset(); c != cursor || o != offset || h.selectedAlert() != sel {
		t.Fatalf("back at cursor %d offset %d, want %d %d", c, o, cursor, offset)
	}

	// Indicator: enter opens the ranking of the selected indicator.
	h.keys("2", "down")
	ind := h.m.inds.selected()
	h.keys("enter")
	if h.m.current() != screenIndicator {
		t.Fatal("enter should open the indicator")
	}
	if got := h.f.calls[len(h.f.calls)-1]; got != "ranking:"+ind.ID+":2023-04:" {
		t.Fatalf("fetched %q", got)
	}
	if v := h.view(); !strings.Contains(v, "全省基层院排名") || !strings.Contains(v, "历史走势") {
		t.Fatalf("indicator view incomplete:\n%s", v)
	}
	h.keys("esc")
	if h.m.current() != screenDash || h.m.focus != panelIndicators || h.m.inds.selected().ID != ind.ID {
		t.Fatal("esc should return to the same indicator")
	}

	// Coverage: enter lists the decisions behind a gap, enter opens a case,
	// esc twice comes back.
	h.keys("3")
	row := h.m.cov.selected()
	h.keys("enter")
	if h.m.current() != screenDecisions {
		t.Fatal("enter should list the decisions")
	}
	if got := h.f.calls[len(h.f.calls)-1]; got != "decisions:p0:"+row.Key+"::over:2023-04" {
		t.Fatalf("fetched %q", got)
	}
	h.keys("down", "enter")
	if h.m.current() != screenCase || h.m.caseView.id != "C00002" {
		t.Fatalf("enter should open the second decision's case, got %v %q", h.m.current(), h.m.caseView.id)
	}
	h.keys("esc")
	if h.m.current() != screenDecisions || h.m.decView.table.Cursor() != 1 {
		t.Fatal("esc should return to the decisions, same row")
	}
	h.keys("esc")
	if h.m.current() != screenDash || h.m.focus != panelCoverage {
		t.Fatal("esc should return to the coverage panel")
	}

	// By person.
	h.keys("b")
	if !h.m.cov.byPerson || !strings.Contains(h.view(), "按人员") {
		t.Fatal("b should switch to persons")
	}
	h.keys("enter")
	if got := h.f.calls[len(h.f.calls)-1]; got != "decisions:b11::P0:over:2023-04" {
		t.Fatalf("fetched %q", got)
	}
}

func TestFetchErrorShowsAndRetries(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(10))
	h.f.err = errors.New("connection refused")
	h.keys("enter")
	v := h.view()
	if !strings.Contains(v, "加载失败：请求失败（connection refused）") {
		t.Fatalf("fetch error not shown:\n%s", v)
	}
	checkFrame(t, v, 80, 24)
	h.f.err = nil
	h.keys("r")
	if h.m.caseView.data == nil || h.m.caseView.err != nil {
		t.Fatal("r should reload the case")
	}
	if h.src.refresh != 1 {
		t.Error("r should also ask the poller to refresh")
	}
	// A late answer to an older request is dropped.
	h.send(caseLoadedMsg{req: h.m.caseView.req - 1, Err: errors.New("old")})
	if h.m.caseView.err != nil {
		t.Error("a stale answer overwrote the case")
	}
}

func TestAcknowledge(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(10))
	h.keys("down")
	id := h.selectedAlert()
	h.keys("a")
	if h.m.prompt != promptAck {
		t.Fatal("a should open the note prompt")
	}
	h.typeText("已电话督办")
	h.keys("enter")
	if len(h.src.acks) != 1 || h.src.acks[0].AlertID != id || h.src.acks[0].Note != "已电话督办" || h.src.acks[0].By != "测试员" {
		t.Fatalf("acks %+v", h.src.acks)
	}
	if !h.m.pending[id] {
		t.Fatal("the ack should be marked pending")
	}
	v := h.view()
	if !strings.Contains(v, "待服务器确认") || !strings.Contains(v, glyphPending) {
		t.Fatalf("pending ack not shown:\n%s", v)
	}
	// The poller reports it in its outbox, then delivered.
	s := fixtureState(10)
	s.Seq = 2
	s.Pending = []client.PendingAck{h.src.acks[0]}
	h.send(stateMsg{state: s})
	if !h.m.pending[id] || len(h.m.pendingLocal) != 0 {
		t.Fatalf("pending %v local %v", h.m.pending, h.m.pendingLocal)
	}
	s = fixtureState(10)
	s.Seq = 3
	ack := s.Alerts.Data.Alerts[1].API()
	ack.Ack = &api.Ack{By: "测试员", At: fixedNow}
	s.AckResults = []client.AckResult{{AlertID: id, Key: "key-1", Alert: &ack, At: fixedNow}}
	h.send(stateMsg{state: s})
	if h.m.pending[id] {
		t.Fatal("a delivered ack is no longer pending")
	}
	if !strings.Contains(h.m.status, "已送达") {
		t.Fatalf("status %q", h.m.status)
	}
	// A rejection says why.
	s.Seq = 4
	s.AckResults = append(s.AckResults, client.AckResult{AlertID: id, Key: "key-2", Rejected: true, Err: errors.New("409 rectified"), At: fixedNow.Add(time.Second)})
	h.send(stateMsg{state: s})
	if !strings.Contains(h.m.status, "被拒绝") || !strings.Contains(h.m.status, "409 rectified") {
		t.Fatalf("status %q", h.m.status)
	}

	// esc cancels.
	h.keys("down", "a", "esc")
	if h.m.prompt != promptNone || len(h.src.acks) != 1 {
		t.Fatal("esc should cancel the acknowledgement")
	}
	// An outbox error is reported and unmarks the alert.
	h.src.ackErr = errors.New("outbox full")
	h.keys("down")
	id = h.selectedAlert()
	h.keys("a", "enter")
	if h.m.pending[id] || !strings.Contains(h.m.status, "outbox full") {
		t.Fatalf("pending %v status %q", h.m.pending[id], h.m.status)
	}
}

func TestAcknowledgeReadOnly(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(10), readOnly())
	h.keys("a")
	// The refusal takes the keys typed next (refused.go, issue 14 D3).
	if h.m.prompt != promptRefused || len(h.src.acks) != 0 {
		t.Fatal("read-only must not acknowledge")
	}
	if v := h.view(); !strings.Contains(v, "只读模式") {
		t.Fatalf("read-only not said:\n%s", v)
	}
	if strings.Contains(h.view(), "a 确认") {
		t.Error("the footer should not offer a")
	}
}

// An acknowledged alert: a says who acknowledged it and when, and opens
// the prompt with the old note, so that what the officer types next
// amends the note and is never taken as commands (UX review D3).
func TestAcknowledgeAlreadyAcked(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(10))
	for h.selectedAlert() != "A000004" {
		h.keys("down")
	}
	sort, cat := h.m.alerts.sort, h.m.alerts.category
	h.keys("a")
	if h.m.prompt != promptAck || h.m.input.Value() != "已督办" {
		t.Fatalf("acked alert: prompt %v value %q", h.m.prompt, h.m.input.Value())
	}
	v := h.view()
	if !strings.Contains(v, "已由 赵敏 于 09:28 确认") {
		t.Fatalf("prompt does not say who and when:\n%s", v)
	}
	h.typeText("，second sc")
	h.keys("enter")
	if h.m.current() != screenDash || h.m.alerts.sort != sort || h.m.alerts.category != cat {
		t.Fatal("the typed note was taken as commands")
	}
	if len(h.src.acks) != 1 || h.src.acks[0].AlertID != "A000004" || h.src.acks[0].Note != "已督办，second sc" {
		t.Fatalf("re-acknowledgement: %+v", h.src.acks)
	}
	// While it waits in the outbox, a opens the prompt again with its note.
	s := fixtureState(10)
	s.Seq = 2
	s.Pending = []client.PendingAck{h.src.acks[0]}
	h.send(stateMsg{state: s})
	h.keys("a")
	if h.m.prompt != promptAck || h.m.input.Value() != "已督办，second sc" || !strings.Contains(h.view(), "待送达") {
		t.Fatalf("pending alert: prompt %v value %q\n%s", h.m.prompt, h.m.input.Value(), h.view())
	}
	h.keys("esc")
}

// The note takes up to the contract's 500 characters, with a counter.
func TestAcknowledgeNoteCounter(t *testing.T) {
	h := newHarness(t, 100, 24, fixtureState(10))
	h.keys("a")
	h.typeText("已电话督促")
	if v := h.view(); !strings.Contains(v, " 5/500") {
		t.Fatalf("no counter:\n%s", v)
	}
	h.typeText(strings.Repeat("长", 600))
	if n := len([]rune(h.m.input.Value())); n != 500 {
		t.Fatalf("note holds %d characters, want 500", n)
	}
	if v := h.view(); !strings.Contains(v, "500/500") {
		t.Fatalf("counter at the limit:\n%s", v)
	}
	checkFrame(t, h.view(), 100, 24)
	h.keys("enter")
	if len(h.src.acks) != 1 || len([]rune(h.src.acks[0].Note)) != 500 {
		t.Fatalf("sent %d acks, note of %d", len(h.src.acks), len([]rune(h.src.acks[0].Note)))
	}
}

// Without a name to record, a says how to give one instead of failing
// later.
func TestAcknowledgeWithoutUser(t *testing.T) {
	h := newHarness(t, 100, 24, fixtureState(10), func(o *Options) { o.User = "" })
	h.keys("a")
	if v := h.view(); h.m.prompt != promptRefused || !strings.Contains(v, "未设置确认人姓名") {
		t.Fatalf("no user:\n%s", v)
	}
}

// A viewer's SSH key: a says why nothing happens.
func TestAcknowledgeViewerKey(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		h := newHarness(t, 80, 24, fixtureState(10), readOnly(), func(o *Options) { o.ViewerKey = true; o.Lang = lang })
		h.keys("a")
		want := map[i18n.Lang]string{i18n.ZH: "只读：此密钥无确认权限", i18n.EN: "Read-only: this key cannot acknowledge"}[lang]
		if v := h.view(); h.m.prompt != promptRefused || !strings.Contains(v, want) || len(h.src.acks) != 0 {
			t.Fatalf("%v: viewer not told:\n%s", lang, v)
		}
	}
}

// The case view says who acknowledged each alert, when they acted, when
// the server recorded it (if later) and the note.
func TestCaseViewShowsAck(t *testing.T) {
	h := newHarness(t, 100, 60, fixtureState(10))
	c := fixtureCase()
	c.Alerts[0].Status = api.StatusAcknowledged
	c.Alerts[0].Ack = &api.Ack{By: "张三", Note: "已电话督促承办人", ActedAt: fixedNow.Add(-133 * time.Minute), At: fixedNow.Add(-13 * time.Minute)}
	h.f.cases = map[string]*api.Case{h.m.alerts.selected().CaseID: c}
	h.keys("enter")
	v := h.view()
	for _, want := range []string{"✓ 张三 于 07:47 确认 · 服务器记录于 09:47", "“已电话督促承办人”"} {
		if !strings.Contains(v, want) {
			t.Errorf("case view lacks %q:\n%s", want, v)
		}
	}
}

// A damaged outbox is said on screen with the path of the kept file.
func TestOutboxDamageBanner(t *testing.T) {
	s := fixtureState(10)
	h := newHarness(t, 200, 24, s)
	if strings.Contains(h.view(), "确认队列") {
		t.Fatal("banner without damage")
	}
	s.Seq = 2
	s.OutboxErr = &client.OutboxDamage{Path: "/s/outbox.json", Aside: "/s/outbox.json.corrupt-20261203T074704.000Z", Recovered: 2, Cause: errors.New("unexpected end of JSON input")}
	h.send(stateMsg{state: s})
	v := h.view()
	if !strings.Contains(v, "确认队列文件已损坏：已恢复 2 条确认并重新排队，损坏的文件保留为 /s/outbox.json.corrupt-20261203T074704.000Z") {
		t.Fatalf("no banner:\n%s", v)
	}
	checkFrame(t, v, 200, 24)
}

func TestScopeChange(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(40))
	want := []string{"c1", "c2", "b11", "b12", "b21", "p0"}
	for _, id := range want {
		h.keys("]")
		if h.m.scopeUnit() != id {
			t.Fatalf("scope %s, want %s", h.m.scopeUnit(), id)
		}
		for _, i := range h.m.alerts.rows {
			a := h.m.alerts.all[i]
			if !h.m.units.within(a.UnitID, id) {
				t.Fatalf("scope %s shows alert of unit %s", id, a.UnitID)
			}
		}
		if h.m.inds.unit != id || h.m.cov.unit != id {
			t.Fatalf("panels show %s/%s, want %s", h.m.inds.unit, h.m.cov.unit, id)
		}
	}
	h.keys("]") // c1: b11, b12 and c1 itself
	n := 0
	for i := range h.m.alerts.all {
		if u := h.m.alerts.all[i].UnitID; u == "b11" || u == "b12" || u == "c1" {
			n++
		}
	}
	if len(h.m.alerts.rows) != n {
		t.Fatalf("c1 scope shows %d alerts, want %d", len(h.m.alerts.rows), n)
	}
	if !strings.Contains(h.view(), "范围 东州市人民检察院") && !strings.Contains(h.view(), "范围 东州市院") {
		t.Errorf("scope not in header:\n%s", h.view())
	}
	h.keys("U")
	if h.m.scopeUnit() != "p0" {
		t.Fatal("U should go back")
	}
	// The initial scope comes from Options.
	h = newHarness(t, 80, 24, fixtureState(40), func(o *Options) { o.Scope = "b21" })
	for _, i := range h.m.alerts.rows {
		if h.m.alerts.all[i].UnitID != "b21" {
			t.Fatal("Options.Scope not applied")
		}
	}
}

func TestStableOrderAcrossPolls(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(40))
	h.keys("pgdown", "down", "down")
	sel, line := h.selectedAlert(), h.m.alerts.table.ScreenLine()
	// A poll brings new alerts that sort before the selected one.
	s := fixtureState(40)
	s.Seq = 2
	extra := fixtureAlerts(45)[40:]
	for i := range extra {
		extra[i].ID = "Z" + extra[i].ID
		extra[i].Level = api.LevelOverdue
	}
	s.Alerts.Data.Alerts = append(s.Alerts.Data.Alerts, alertPtrs(extra)...)
	s.Alerts.Data.AsOf = s.Alerts.Data.AsOf.Add(time.Second)
	h.send(stateMsg{state: s})
	if h.selectedAlert() != sel || h.m.alerts.table.ScreenLine() != line {
		t.Fatalf("after a poll the cursor is on %s at line %d, want %s at %d", h.selectedAlert(), h.m.alerts.table.ScreenLine(), sel, line)
	}
	// The new ones are marked and counted.
	if h.m.alerts.newCount != 5 {
		t.Fatalf("new count %d, want 5", h.m.alerts.newCount)
	}
	if !strings.Contains(h.view(), "新 5") {
		t.Error("the new count is not shown")
	}
	// Looking at one clears its mark; leaving the panel clears all.
	h.keys("g")
	for h.m.alerts.selected().ID[0] != 'Z' {
		h.keys("down")
	}
	if h.m.alerts.newCount != 4 {
		t.Fatalf("new count %d after looking at one, want 4", h.m.alerts.newCount)
	}
	h.keys("tab", "1")
	if h.m.alerts.newCount != 0 {
		t.Fatalf("new count %d after leaving, want 0", h.m.alerts.newCount)
	}
	// Same data again: nothing re-derived, order identical.
	before := h.rowIDs()
	s.Seq = 3
	h.send(stateMsg{state: s})
	if !slices.Equal(before, h.rowIDs()) {
		t.Fatal("order changed without a data change")
	}
}

func TestFreshness(t *testing.T) {
	s := fixtureState(10)
	s.Alerts.FetchedAt = fixedNow.Add(-45 * time.Second) // > 3 × 10s
	h := newHarness(t, 80, 24, s)
	v := h.view()
	if !strings.Contains(v, "过时 45秒") {
		t.Fatalf("stale alerts not marked:\n%s", v)
	}
	if strings.Contains(v, "无法连接") {
		t.Fatal("no banner while the API answers")
	}
	// API unreachable: banner with since and next try, data still visible.
	s.Alerts.Err = realError(t, client.CodeRefused)
	s.Alerts.Failures = 3
	s.Alerts.FailingSince = fixedNow.Add(-2 * time.Minute)
	s.Alerts.NextAttempt = fixedNow.Add(8 * time.Second)
	s.Seq = 2
	h.send(stateMsg{state: s})
	v = h.view()
	for _, want := range []string{"连接被拒绝 · 自 09:58:00 起 · 下次重试 10:00:08（8秒后）", "✖ 超期"} {
		if !strings.Contains(v, want) {
			t.Errorf("offline view lacks %q:\n%s", want, v)
		}
	}
	checkFrame(t, v, 80, 24)
	// English.
	h = newHarness(t, 160, 48, s, withLang(i18n.EN))
	v = h.view()
	if !strings.Contains(v, "STALE 45s") || !strings.Contains(v, "since 09:58:00") {
		t.Fatalf("english offline view:\n%s", v)
	}
	checkFrame(t, v, 160, 48)
}

func TestNoDataYet(t *testing.T) {
	h := newHarness(t, 80, 24, client.State{})
	v := h.view()
	if !strings.Contains(v, "加载中") {
		t.Fatalf("empty state should say loading:\n%s", v)
	}
	checkFrame(t, v, 80, 24)
	h.keys("enter", "a", "s", "2", "enter", "3", "enter", "b", "u")
	checkFrame(t, h.view(), 80, 24)
}

func TestMouse(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(40))
	// Line 0 header, 1 tabs, 2 border, 3-5 summary and chips, 6 table
	// header, 7 first row.
	h.send(tea.MouseClickMsg{X: 10, Y: 10, Button: tea.MouseLeft})
	if h.m.alerts.table.Cursor() != 3 {
		t.Fatalf("click selected row %d, want 3", h.m.alerts.table.Cursor())
	}
	h.send(tea.MouseClickMsg{X: 10, Y: 10, Button: tea.MouseLeft})
	if h.m.current() != screenCase {
		t.Fatal("clicking the selected row should open it")
	}
	h.keys("esc")
	h.send(tea.MouseWheelMsg{X: 10, Y: 10, Button: tea.MouseWheelDown})
	if h.m.alerts.table.Offset() != 3 {
		t.Fatalf("wheel scrolled to %d, want 3", h.m.alerts.table.Offset())
	}
	// Tabs.
	x := 1 + tabWidth(h.m.tabLabel(&h.m.common, panelAlerts)) + 1 + 2
	h.send(tea.MouseClickMsg{X: x, Y: 1, Button: tea.MouseLeft})
	if h.m.focus != panelIndicators {
		t.Fatalf("tab click focused %d", h.m.focus)
	}
	// --no-mouse.
	h = newHarness(t, 80, 24, fixtureState(40), func(o *Options) { o.NoMouse = true })
	h.send(tea.MouseClickMsg{X: 10, Y: 9, Button: tea.MouseLeft})
	if h.m.alerts.table.Cursor() != 0 {
		t.Fatal("mouse should be ignored with NoMouse")
	}
	if h.m.View().MouseMode != tea.MouseModeNone {
		t.Fatal("NoMouse should not enable mouse reporting")
	}
}

func TestWideMouseFocus(t *testing.T) {
	h := newHarness(t, 160, 48, fixtureState(40))
	r := h.m.lay.panels[panelCoverage]
	h.send(tea.MouseClickMsg{X: r.x + 3, Y: r.y + 3, Button: tea.MouseLeft})
	if h.m.focus != panelCoverage || h.m.cov.table.Cursor() != 0 {
		t.Fatalf("focus %d cursor %d", h.m.focus, h.m.cov.table.Cursor())
	}
	h.send(tea.MouseClickMsg{X: r.x + 3, Y: r.y + 4, Button: tea.MouseLeft})
	if h.m.cov.table.Cursor() != 1 {
		t.Fatalf("cursor %d, want 1", h.m.cov.table.Cursor())
	}
}

func TestHelpOverlay(t *testing.T) {
	h := newHarness(t, 80, 24, fixtureState(10))
	h.keys("?")
	v := h.view()
	if !h.m.showHelp || !strings.Contains(v, "a     确认") || !strings.Contains(v, "评价指标") {
		t.Fatalf("help:\n%s", v)
	}
	checkFrame(t, v, 80, 24)
	// The help scrolls (help_all.go): every panel's keys, then the legend.
	h.keys("G")
	if v := h.view(); !strings.Contains(v, "图例") || !strings.Contains(v, "✦ 上次查看后新增") {
		t.Fatalf("help at the bottom:\n%s", v)
	}
	h.keys("down") // scrolls the help, never the table under it
	if h.m.alerts.table.Cursor() != 0 {
		t.Fatal("keys leak through the help")
	}
	h.keys("esc")
	if h.m.showHelp {
		t.Fatal("esc should close the help")
	}
}

func TestQuitCancelsSubscription(t *testing.T) {
	s := fixtureState(5)
	src := newFakeSource(s)
	m := New(Options{Source: src, Now: func() time.Time { return fixedNow }})
	// Init: background colour request and subscription.
	batch, ok := m.Init()().(tea.BatchMsg)
	if !ok || len(batch) != 2 {
		t.Fatalf("Init should batch 2 commands, got %T", m.Init()())
	}
	var sub subscribedMsg
	for _, c := range batch {
		if msg, ok := c().(subscribedMsg); ok {
			sub = msg
		}
	}
	if sub.ch == nil {
		t.Fatal("Init did not subscribe")
	}
	nm, wait := m.Update(sub)
	m = nm.(Model)
	if !m.hasState || len(m.alerts.all) != 5 {
		t.Fatal("the current state is taken at once")
	}
	// The wait command returns the next published state.
	s2 := fixtureState(7)
	src.ch <- s2
	msg := wait()
	if sm, ok := msg.(stateMsg); !ok || len(sm.state.Alerts.Data.Alerts) != 7 {
		t.Fatalf("wait returned %T", msg)
	}
	nm, cmd := m.Update(keyMsg("q"))
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q should quit")
	}
	if !src.canceled {
		t.Fatal("quitting should end the subscription")
	}
	_ = nm
	// A closed subscription does not crash or quit.
	close(src.ch)
	if _, ok := wait().(subscriptionClosedMsg); !ok {
		t.Fatal("closed channel should report subscriptionClosedMsg")
	}
}

func TestTickGeneration(t *testing.T) {
	type armed struct {
		d    time.Duration
		stop <-chan struct{}
	}
	var timers []armed
	old := tickFunc
	tickFunc = func(d time.Duration, stop, _ <-chan struct{}, fn func(time.Time) tea.Msg) tea.Cmd {
		timers = append(timers, armed{d, stop})
		return func() tea.Msg { return fn(fixedNow) }
	}
	defer func() { tickFunc = old }()
	now := fixedNow.Add(300 * time.Millisecond)
	m := New(Options{Now: func() time.Time { return now }})
	nm, cmd := m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m = nm.(Model)
	if len(timers) != 1 || timers[0].d != time.Minute-300*time.Millisecond {
		t.Fatalf("armed %v, want one tick at the next minute (the clock shows HH:MM)", timers)
	}
	tick := cmd().(tickMsg)
	// Other messages do not arm more timers while the schedule holds.
	nm, _ = m.Update(keyMsg("down"))
	m = nm.(Model)
	if len(timers) != 1 {
		t.Fatalf("armed %d timers", len(timers))
	}
	// A stale tick is dropped without re-arming; the current one re-arms.
	nm, _ = m.Update(tickMsg{gen: tick.gen - 1})
	m = nm.(Model)
	if len(timers) != 1 {
		t.Fatal("a stale tick re-armed the clock")
	}
	now = fixedNow.Add(time.Minute)
	nm, _ = m.Update(tick)
	m = nm.(Model)
	if len(timers) != 2 || timers[1].d != time.Minute {
		t.Fatalf("the tick did not re-arm for the next minute: %v", timers)
	}
	// When the schedule moves, the armed timer is cancelled and replaced.
	s := client.State{}
	s.Alerts = client.Feed[client.AlertSet]{HasData: true, FetchedAt: now, Interval: 10 * time.Second}
	nm, _ = m.Update(stateMsg{state: s})
	m = nm.(Model)
	if len(timers) != 3 || timers[2].d != 20*time.Second+1 {
		t.Fatalf("new data did not re-arm for the end of 'live': %v", timers)
	}
	select {
	case <-timers[1].stop:
	default:
		t.Fatal("the superseded timer was not cancelled")
	}
	// Quitting cancels the tick and arms none.
	m.Update(keyMsg("q"))
	select {
	case <-timers[2].stop:
	default:
		t.Fatal("quitting left the tick armed")
	}
	if len(timers) != 3 {
		t.Fatal("quitting armed a tick")
	}
}

func TestCountdownRunsLocally(t *testing.T) {
	now := fixedNow
	s := fixtureState(10)
	s.Health.FetchedAt = fixedNow
	s.Health.Data.SimTime = fixedNow
	s.Health.Data.SimSpeed = 60 // a simulated minute per second
	s.Alerts.Data.SimSpeed = 60
	h := newHarness(t, 80, 24, s, func(o *Options) { o.Now = func() time.Time { return now } })
	a := h.m.alerts.all[1] // warning, due in hours
	before, _ := h.m.dueText(a.DueAt(), h.m.simNow())
	now = now.Add(10 * time.Second)
	after, _ := h.m.dueText(a.DueAt(), h.m.simNow())
	if before == after {
		t.Fatalf("countdown did not move: %q", before)
	}
	d := a.DueAt().Sub(fixedNow) - 10*time.Minute
	if want := h.m.cat.F("due.left", h.m.cat.Span(d)); after != want {
		t.Fatalf("after 10s at 60x: %q, want %q", after, want)
	}
}

func TestScopeWithoutData(t *testing.T) {
	s := fixtureState(10)
	delete(s.Indicators, "c2")
	delete(s.CoverageByDept, "c2")
	h := newHarness(t, 160, 48, s)
	h.keys("]", "]")
	if h.m.scopeUnit() != "c2" {
		t.Fatal(h.m.scopeUnit())
	}
	v := h.view()
	if strings.Count(v, "该范围暂无此项数据") != 2 {
		t.Fatalf("panels without data for the scope should say so:\n%s", v)
	}
	checkFrame(t, v, 160, 48)
}

func TestThemes(t *testing.T) {
	for _, k := range []theme.Kind{theme.Auto, theme.Dark, theme.Light, theme.HighContrast, theme.Mono} {
		for _, p := range []colorprofile.Profile{colorprofile.ANSI, colorprofile.ANSI256, colorprofile.TrueColor, colorprofile.Ascii} {
			h := newHarness(t, 80, 24, fixtureState(20), func(o *Options) { o.Theme = k })
			h.send(tea.ColorProfileMsg{Profile: p})
			h.send(tea.BackgroundColorMsg{Color: color.White})
			if k == theme.Auto && h.m.styles.Kind != theme.Light {
				t.Fatalf("auto on a white background gave %v", h.m.styles.Kind)
			}
			h.keys("?")
			checkFrame(t, h.m.View().Content, 80, 24)
			h.keys("esc", "enter")
			checkFrame(t, h.m.View().Content, 80, 24)
			if p == colorprofile.Ascii || k == theme.Mono {
				if strings.Contains(h.m.View().Content, "38;5;") || strings.Contains(h.m.View().Content, "38;2;") {
					t.Fatalf("%v/%v: colours without a colour profile", k, p)
				}
			}
		}
	}
	h := newHarness(t, 80, 24, fixtureState(5))
	h.send(tea.BackgroundColorMsg{Color: color.Black})
	if h.m.styles.Kind != theme.Dark {
		t.Fatal("a black background should give the dark theme")
	}
}
