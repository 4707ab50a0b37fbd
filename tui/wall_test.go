package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
)

// fakeClock is a fake clock for wall tests: the harness reads it, tick
// advances it and delivers the clock's tick.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// newWall builds a wall display of size w×h on state s, with the clock at
// fixedNow.
func newWall(t *testing.T, w, h int, s client.State, wo WallOptions, opts ...harnessOpt) (*harness, *fakeClock) {
	t.Helper()
	clk := &fakeClock{t: fixedNow}
	wo.Enabled = true
	all := append([]harnessOpt{func(o *Options) { o.Wall = wo; o.Now = clk.now; o.Theme = theme.Auto }}, opts...)
	return newHarness(t, w, h, s, all...), clk
}

// tick moves the fake clock on by d and delivers the clock's tick.
func (h *harness) tick(clk *fakeClock, d time.Duration) {
	h.t.Helper()
	clk.t = clk.t.Add(d)
	h.send(tickMsg{gen: h.m.tickGen, at: clk.t})
}

// withAlerts returns s with the alert set replaced by a fresh slice (as
// the poller publishes a changed set) holding alerts.
func withAlerts(s client.State, alerts []*client.Alert) client.State {
	s.Seq++
	s.Alerts.Data.Alerts = slices.Clone(alerts)
	return s
}

// newAlert is an alert that was not in the fixture, at level in unit.
func newAlert(id, level, unit, unitName string) *client.Alert {
	a := fixtureAlerts(1)[0]
	a.ID, a.Level, a.UnitID, a.UnitName = id, level, unit, unitName
	a.CaseNo = "东检刑诉受[2023]" + id + "号"
	a.DueAt = fixedNow.Add(-time.Hour)
	if level != api.LevelOverdue {
		a.DueAt = fixedNow.Add(48 * time.Hour)
	}
	return client.NewAlert(a)
}

func TestWallRotation(t *testing.T) {
	h, clk := newWall(t, 80, 24, fixtureState(20), WallOptions{Interval: 20 * time.Second, Panels: []string{"indicators", "nonsense", "alerts", "indicators"}})
	if got := h.m.wall.order; !slices.Equal(got, []panel{panelIndicators, panelAlerts}) {
		t.Fatalf("order %v: unknown names and repeats should drop", got)
	}
	want := func(p panel) {
		t.Helper()
		if h.m.wall.panel() != p || h.m.focus != p {
			t.Fatalf("at +%v: panel %v (focus %v), want %v", clk.t.Sub(fixedNow), h.m.wall.panel(), h.m.focus, p)
		}
		if title := "━ " + h.m.cat.T(panelKeys[p]) + " ━"; !strings.Contains(h.view(), title) {
			t.Fatalf("at +%v: %q not on screen:\n%s", clk.t.Sub(fixedNow), title, h.view())
		}
	}
	want(panelIndicators)
	for range 19 {
		h.tick(clk, time.Second)
	}
	want(panelIndicators)
	if !strings.Contains(h.view(), "轮播 1/2 · 每20秒") || strings.Contains(h.view(), "下一屏") {
		t.Fatalf("the rotation line should say where the rotation stands, without a countdown:\n%s", h.view())
	}
	h.tick(clk, time.Second)
	want(panelAlerts)
	if !strings.Contains(h.view(), "轮播 2/2 · 每20秒") {
		t.Fatalf("the rotation line should move on with the panel:\n%s", h.view())
	}
	h.tick(clk, 19*time.Second)
	want(panelAlerts)
	h.tick(clk, time.Second)
	want(panelIndicators)
	// A long gap (a suspended machine) moves one panel, not several.
	h.tick(clk, 5*time.Minute)
	want(panelAlerts)

	// Defaults: all three panels, 20 s each.
	h, clk = newWall(t, 80, 24, fixtureState(5), WallOptions{})
	for _, p := range []panel{panelAlerts, panelIndicators, panelCoverage, panelAlerts} {
		want(p)
		h.tick(clk, 20*time.Second)
	}
}

func TestWallPinsNewOverdueAlerts(t *testing.T) {
	s := fixtureState(20)
	base := s.Alerts.Data.Alerts
	h, clk := newWall(t, 80, 24, s, WallOptions{Interval: 20 * time.Second, PinFor: time.Minute, Panels: []string{"indicators", "coverage"}})
	if h.m.wall.pinned != nil {
		t.Fatal("alerts already there at start must not pin")
	}
	h.tick(clk, 20*time.Second)
	if h.m.wall.panel() != panelCoverage {
		t.Fatal("rotation should have reached coverage")
	}
	h.tick(clk, 5*time.Second)

	// A new notice, and the overdue alerts already known: no pin.
	s1 := withAlerts(s, append(slices.Clone(base), newAlert("A900001", api.LevelNotice, "b21", "南湖区人民检察院")))
	h.send(stateMsg{state: s1})
	if h.m.wall.pinned != nil || h.m.wall.panel() != panelCoverage {
		t.Fatal("a new notice must not pin")
	}

	// A new overdue alert: the wall jumps to the alerts, the alert on top,
	// highlighted, with a banner saying how many and where.
	s2 := withAlerts(s1, append(slices.Clone(s1.Alerts.Data.Alerts), newAlert("A900002", api.LevelOverdue, "b21", "南湖区人民检察院")))
	h.send(stateMsg{state: s2})
	if h.m.wall.panel() != panelAlerts || !h.m.alerts.isPinned("A900002") {
		t.Fatalf("a new overdue alert should pin the alerts panel (panel %v)", h.m.wall.panel())
	}
	if top := h.m.alerts.all[h.m.alerts.rows[0]]; top.ID != "A900002" {
		t.Fatalf("the pinned alert should float to the top, got %s", top.ID)
	}
	v := h.view()
	for _, w := range []string{"南湖区院新增超期1件", "已置顶，60秒后恢复轮播", glyphPinned + " ✖ 超期"} {
		if !strings.Contains(v, w) {
			t.Fatalf("pinned view lacks %q:\n%s", w, v)
		}
	}
	if raw := h.m.View().Content; !strings.Contains(raw, h.m.styles.Pinned.Render(glyphPinned)) {
		t.Fatal("the pinned row should be highlighted")
	}
	// The rotation holds while pinned; the countdown moves; a warning
	// turning overdue joins the pin but does not extend it.
	h.tick(clk, 18*time.Second)
	if !strings.Contains(h.view(), "已置顶，50秒后恢复轮播") {
		t.Fatalf("the countdown should move:\n%s", h.view())
	}
	h.tick(clk, 22*time.Second)
	if h.m.wall.panel() != panelAlerts {
		t.Fatal("the pin should hold the alerts panel")
	}
	s3 := withAlerts(s2, s2.Alerts.Data.Alerts)
	for i, a := range s3.Alerts.Data.Alerts {
		if a.ID == "A000002" {
			c := *a // published alerts are immutable: replace, never modify
			c.Level = api.LevelOverdue
			s3.Alerts.Data.Alerts[i] = &c
		}
	}
	h.send(stateMsg{state: s3})
	if !h.m.alerts.isPinned("A000002") || !h.m.alerts.isPinned("A900002") {
		t.Fatal("a warning turned overdue is a new overdue alert")
	}
	if v := h.view(); !strings.Contains(v, "南湖区院、北山县院新增超期2件") && !strings.Contains(v, "北山县院、南湖区院新增超期2件") {
		t.Fatalf("banner should count both:\n%s", v)
	}
	h.tick(clk, 19*time.Second)
	if h.m.wall.pinned == nil {
		t.Fatal("the pin should last PinFor")
	}
	// The same set again, a poll later: nothing new.
	h.send(stateMsg{state: s3})
	h.tick(clk, time.Second)
	if h.m.wall.pinned != nil {
		t.Fatal("the pin should end PinFor after it began, a second arrival does not extend it")
	}
	// Rotation resumes with the panel it left, for a whole interval.
	if h.m.wall.panel() != panelCoverage {
		t.Fatalf("resumed on %v, want coverage", h.m.wall.panel())
	}
	if strings.Contains(h.view(), glyphPinned+" ✖") {
		t.Fatal("no row stays highlighted after the pin")
	}
	h.tick(clk, 19*time.Second)
	if h.m.wall.panel() != panelCoverage {
		t.Fatal("the resumed panel gets a whole interval")
	}
	h.tick(clk, time.Second)
	if h.m.wall.panel() != panelIndicators {
		t.Fatal("then the rotation goes on")
	}
	// Known overdue alerts stay known: the same set does not pin again.
	h.send(stateMsg{state: withAlerts(s3, s3.Alerts.Data.Alerts)})
	if h.m.wall.pinned != nil {
		t.Fatal("an overdue alert already known pinned again")
	}
}

func TestWallPinOutOfScope(t *testing.T) {
	s := fixtureState(10)
	h, _ := newWall(t, 80, 24, s, WallOptions{}, func(o *Options) { o.Scope = "c2" })
	h.send(stateMsg{state: withAlerts(s, append(slices.Clone(s.Alerts.Data.Alerts), newAlert("A900003", api.LevelOverdue, "b11", "东州市城关区人民检察院")))})
	if h.m.wall.pinned != nil {
		t.Fatal("an overdue alert outside the scope must not pin")
	}
	h.send(stateMsg{state: withAlerts(s, append(slices.Clone(s.Alerts.Data.Alerts), newAlert("A900004", api.LevelOverdue, "b21", "南湖区人民检察院")))})
	if !h.m.alerts.isPinned("A900004") {
		t.Fatal("an overdue alert inside the scope should pin")
	}
	// When every pinned alert went away (rectified), the pin ends.
	h.send(stateMsg{state: withAlerts(s, s.Alerts.Data.Alerts)})
	if h.m.wall.pinned != nil {
		t.Fatal("a pin without alerts should end")
	}
}

func TestWallKiosk(t *testing.T) {
	h, clk := newWall(t, 80, 24, fixtureState(10), WallOptions{Kiosk: true})
	before := h.view()
	for _, k := range []string{"q", "1", "2", "3", "tab", "enter", "esc", "?", "a", "/", "u", "r", "down", "b"} {
		nm, cmd := h.m.Update(keyMsg(k))
		h.m = nm.(Model)
		if cmd != nil {
			if msg := cmd(); msg != nil {
				if _, ok := msg.(tea.QuitMsg); ok {
					t.Fatalf("%q quit a kiosk", k)
				}
			}
		}
	}
	if after := h.view(); after != before || h.src.refresh != 0 || len(h.src.acks) != 0 {
		t.Fatalf("keys changed a kiosk:\n%s\n%s", before, after)
	}
	if !strings.Contains(before, "键盘已锁定") {
		t.Fatalf("the footer should say the keys are locked:\n%s", before)
	}
	h.tick(clk, 20*time.Second)
	if h.m.wall.panel() != panelIndicators {
		t.Fatal("a kiosk still rotates")
	}
	_, cmd := h.m.Update(keyMsg("ctrl+c"))
	if cmd == nil {
		t.Fatal("ctrl+c should quit a kiosk")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("ctrl+c should quit a kiosk")
	}
}

func TestWallKeys(t *testing.T) {
	s := fixtureState(10)
	h, clk := newWall(t, 80, 24, s, WallOptions{})
	h.tick(clk, 5*time.Second)
	h.keys("3")
	if h.m.wall.panel() != panelCoverage {
		t.Fatal("3 should show the coverage")
	}
	h.tick(clk, 19*time.Second)
	if h.m.wall.panel() != panelCoverage {
		t.Fatal("a jump restarts the interval")
	}
	h.keys("tab")
	if h.m.wall.panel() != panelAlerts {
		t.Fatal("tab should go on with the rotation")
	}
	h.keys("enter", "a")
	if h.m.current() != screenDash || h.m.prompt != promptNone || len(h.src.acks) != 0 {
		t.Fatal("a wall has no drill-downs and no acknowledgements")
	}
	// esc ends a pin.
	h.send(stateMsg{state: withAlerts(s, append(slices.Clone(s.Alerts.Data.Alerts), newAlert("A900005", api.LevelOverdue, "b21", "南湖区人民检察院")))})
	if h.m.wall.pinned == nil || !strings.Contains(h.view(), "esc 取消置顶") {
		t.Fatalf("pinned, with esc in the footer:\n%s", h.view())
	}
	h.keys("esc")
	if h.m.wall.pinned != nil {
		t.Fatal("esc should unpin")
	}
	h.keys("?")
	if !h.m.showHelp || !strings.Contains(h.view(), "取消置顶") {
		t.Fatalf("? should show the wall's keys:\n%s", h.view())
	}
	h.keys("?")
	_, cmd := h.m.Update(keyMsg("q"))
	if cmd == nil {
		t.Fatal("q should quit a wall that is not a kiosk")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q should quit a wall that is not a kiosk")
	}
}

func TestWallAlarm(t *testing.T) {
	s := fixtureState(10)
	h, clk := newWall(t, 80, 24, s, WallOptions{})
	if h.m.wall.alarm || strings.Contains(h.view(), "⚠") {
		t.Fatal("no alarm while all is well")
	}
	// The API goes away: an inverse banner with the age; data stays.
	down := s
	down.Seq++
	down.Alerts.Err = realError(t, client.CodeRefused)
	down.Alerts.Failures = 3
	down.Alerts.FailingSince = clk.t.Add(-20 * time.Second)
	down.Alerts.NextAttempt = clk.t.Add(8 * time.Second)
	h.send(stateMsg{state: down})
	v := h.view()
	for _, w := range []string{"⚠ 连接中断 · 数据已 12秒 未更新", "8秒后重试", "东检刑诉受"} {
		if !strings.Contains(v, w) {
			t.Fatalf("offline view lacks %q:\n%s", w, v)
		}
	}
	if raw := h.m.View().Content; !strings.Contains(raw, h.m.styles.Banner.Render(" ⚠")[:8]) {
		t.Fatal("the banner should be inverse")
	}
	// The age grows on the clock alone.
	h.tick(clk, time.Minute)
	if !strings.Contains(h.view(), "数据已 1分 未更新") {
		t.Fatalf("the age should grow:\n%s", h.view())
	}
	// Back: the banner goes by itself.
	up := s
	up.Seq += 2
	up.Alerts.FetchedAt = clk.t
	up.Health.FetchedAt = clk.t
	up.Indicators, up.CoverageByDept = freshMaps(s, clk.t)
	h.send(stateMsg{state: up})
	if h.m.wall.alarm || strings.Contains(h.view(), "⚠") {
		t.Fatalf("the banner should go when the API is back:\n%s", h.view())
	}
	// Data that stops coming without errors turns STALE on the clock.
	h.tick(clk, 31*time.Second)
	if !strings.Contains(h.view(), "⚠ 数据过时 · 预警 31秒") {
		t.Fatalf("stale alerts should raise the banner:\n%s", h.view())
	}
}

// freshMaps returns s's indicator and department-coverage maps fetched at.
func freshMaps(s client.State, at time.Time) (map[string]client.Feed[api.IndicatorSet], map[string]client.Feed[api.Coverage]) {
	inds := map[string]client.Feed[api.IndicatorSet]{}
	for k, v := range s.Indicators {
		v.FetchedAt = at
		inds[k] = v
	}
	cov := map[string]client.Feed[api.Coverage]{}
	for k, v := range s.CoverageByDept {
		v.FetchedAt = at
		cov[k] = v
	}
	return inds, cov
}

func TestWallOptions(t *testing.T) {
	h, _ := newWall(t, 80, 24, fixtureState(3), WallOptions{})
	if !h.m.opts.ReadOnly || !h.m.opts.NoMouse || h.m.styles.Kind != theme.HighContrast {
		t.Fatalf("wall: read-only %v, no mouse %v, theme %v", h.m.opts.ReadOnly, h.m.opts.NoMouse, h.m.styles.Kind)
	}
	if h.m.View().MouseMode != tea.MouseModeNone || h.m.View().Cursor != nil {
		t.Fatal("a wall captures no mouse and shows no cursor")
	}
	h, _ = newWall(t, 80, 24, fixtureState(3), WallOptions{}, func(o *Options) { o.Theme = theme.Dark })
	if h.m.styles.Kind != theme.Dark {
		t.Fatal("a chosen theme stays")
	}
	// The summary strip counts what matters.
	h, _ = newWall(t, 80, 24, fixtureState(40), WallOptions{})
	v := h.view()
	// The 越权 tile is the responsibility-list panel's own total (the
	// fixture's 4 decisions beyond authority), never mixed with the
	// decisions of kinds not on the list.
	for _, w := range []string{"超期 8", "今日到期 16", "排名靠后 2", "越权 4"} {
		if !strings.Contains(v, w) {
			t.Fatalf("strip lacks %q:\n%s", w, v)
		}
	}
}

func TestWallViewsNeverBreak(t *testing.T) {
	sizes := [][2]int{{80, 24}, {100, 34}, {160, 44}, {200, 50}, {60, 16}, {40, 10}, {20, 6}, {3, 2}}
	for _, sz := range sizes {
		for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
			s := hostileState()
			s.Alerts.Err, s.Alerts.Failures = errTest("refused"), 2
			h, _ := newWall(t, sz[0], sz[1], s, WallOptions{}, withLang(l))
			h.send(stateMsg{state: withAlerts(s, append(slices.Clone(s.Alerts.Data.Alerts), newAlert("A900006", api.LevelOverdue, "b21", evilLong)))})
			for _, k := range []string{"", "2", "3", "?"} {
				if k != "" {
					h.keys(k)
				}
				checkFrameName(t, fmt.Sprintf("%dx%d/%v/%s", sz[0], sz[1], l, k), h.m.View().Content, sz[0], sz[1])
			}
			assertPlain(t, h.m.View().Content)
		}
	}
}

func TestWallGolden(t *testing.T) {
	pinned := func(h *harness, clk *fakeClock) {
		s := fixtureState(40)
		h.send(stateMsg{state: withAlerts(s, append(slices.Clone(s.Alerts.Data.Alerts),
			newAlert("A900010", api.LevelOverdue, "b21", "南湖区人民检察院"),
			newAlert("A900011", api.LevelOverdue, "b21", "南湖区人民检察院"),
			newAlert("A900012", api.LevelOverdue, "b12", "北山县人民检察院")))})
		h.tick(clk, 3*time.Second)
	}
	// Four new overdue alerts in three units, 18 s into the pin: the banner
	// names the busiest unit and counts the others, the countdown moved.
	pinMany := func(h *harness, clk *fakeClock) {
		s := fixtureState(40)
		h.send(stateMsg{state: withAlerts(s, append(slices.Clone(s.Alerts.Data.Alerts),
			newAlert("A900010", api.LevelOverdue, "b21", "南湖区人民检察院"),
			newAlert("A900011", api.LevelOverdue, "b21", "南湖区人民检察院"),
			newAlert("A900012", api.LevelOverdue, "b12", "北山县人民检察院"),
			newAlert("A900013", api.LevelOverdue, "b11", "东州市城关区人民检察院")))})
		h.tick(clk, 18*time.Second)
	}
	offline := func(h *harness, clk *fakeClock) {
		s := fixtureState(40)
		s.Seq++
		s.Alerts.Err = realError(h.t, client.CodeRefused)
		s.Alerts.Failures = 4
		s.Alerts.FailingSince = fixedNow.Add(-time.Minute)
		s.Alerts.NextAttempt = fixedNow.Add(2*time.Minute + 40*time.Second)
		h.send(stateMsg{state: s})
		h.tick(clk, 2*time.Minute)
	}
	rotated := func(h *harness, clk *fakeClock) {
		clk.t = clk.t.Add(20 * time.Second)
		s := fixtureState(40)
		s.Seq++
		s.Alerts.FetchedAt = clk.t.Add(-2 * time.Second)
		h.send(stateMsg{state: s})
	}
	tests := []struct {
		name string
		w, h int
		lang i18n.Lang
		do   func(*harness, *fakeClock)
	}{
		{"wall_zh_80x24", 80, 24, i18n.ZH, nil},
		{"wall_en_80x24", 80, 24, i18n.EN, nil},
		{"wall_zh_200x50", 200, 50, i18n.ZH, nil},
		{"wall_en_200x50", 200, 50, i18n.EN, rotated},
		{"wall_pinned_zh_80x24", 80, 24, i18n.ZH, pinned},
		{"wall_pinned_en_200x50", 200, 50, i18n.EN, pinned},
		{"wall_pinmany_zh_80x24", 80, 24, i18n.ZH, pinMany},
		{"wall_pinmany_en_80x24", 80, 24, i18n.EN, pinMany},
		{"wall_pinmany_zh_200x50", 200, 50, i18n.ZH, pinMany},
		{"wall_pinmany_en_200x50", 200, 50, i18n.EN, pinMany},
		{"wall_offline_zh_200x50", 200, 50, i18n.ZH, offline},
		{"wall_offline_en_80x24", 80, 24, i18n.EN, offline},
		{"wall_zh_100x34", 100, 34, i18n.ZH, rotated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, clk := newWall(t, tt.w, tt.h, fixtureState(40), WallOptions{}, withLang(tt.lang))
			if tt.do != nil {
				tt.do(h, clk)
			}
			v := h.m.View().Content
			checkFrame(t, v, tt.w, tt.h)
			golden(t, tt.name, v)
		})
	}
}

func TestWallFixedPanelAndDueToday(t *testing.T) {
	h, clk := newWall(t, 80, 24, fixtureState(40), WallOptions{Panels: []string{"alerts"}})
	if !strings.Contains(h.view(), "固定显示") {
		t.Fatalf("one panel does not rotate, and says so:\n%s", h.view())
	}
	h.tick(clk, time.Minute)
	if h.m.wall.panel() != panelAlerts {
		t.Fatal("a single panel stays")
	}
	// Due today follows the simulation's calendar day: the next day other
	// alerts are due.
	count := func() int {
		sim := h.m.simNow()
		y, mo, d := sim.Date()
		day := time.Date(y, mo, d, 0, 0, 0, 0, sim.Location())
		n := 0
		for _, a := range h.m.alerts.all {
			if a.Level != api.LevelOverdue && !a.DueAt().Before(day) && a.DueAt().Before(day.AddDate(0, 0, 1)) {
				n++
			}
		}
		return n
	}
	today := h.m.wall.dueToday
	if today != count() || today == 0 {
		t.Fatalf("due today %d, want %d", today, count())
	}
	h.tick(clk, 2*24*time.Hour)
	// The poller confirms the simulation clock (as /health does every
	// 10 s); without that the clock stands still (see simHorizon).
	s := h.m.state
	s.Seq++
	s.Health.FetchedAt, s.Health.Data.SimTime = clk.t, clk.t
	h.send(stateMsg{state: s})
	if h.m.wall.dueToday != count() || h.m.wall.dueToday == today {
		t.Fatalf("two days on, due today %d, want %d (was %d)", h.m.wall.dueToday, count(), today)
	}
}

// TestAlertSetChangeSharingAlerts is a changed set from the poller that
// shares every alert but one with the previous set, the first one
// included, and keeps its length and AsOf: the panel and the wall must
// still see the change (a new backing array), and must not re-derive
// anything for the very same slice.
func TestAlertSetChangeSharingAlerts(t *testing.T) {
	s := fixtureState(20)
	h, _ := newWall(t, 80, 24, s, WallOptions{})
	overdue, ver := h.m.alerts.byLevel[0], h.m.alerts.ver

	s.Seq++ // a poll later, nothing changed: the very same slice
	h.send(stateMsg{state: s})
	if h.m.alerts.ver != ver {
		t.Fatal("the very same alert set was re-derived")
	}

	s2 := s
	s2.Seq++
	list := slices.Clone(s.Alerts.Data.Alerts)
	c := list[1].API() // a warning turns overdue: replaced, not modified
	c.Level, c.DueAt = api.LevelOverdue, fixedNow.Add(-time.Hour)
	list[1] = client.NewAlert(c)
	s2.Alerts.Data.Alerts = list
	if list[0] != s.Alerts.Data.Alerts[0] || len(list) != len(s.Alerts.Data.Alerts) {
		t.Fatal("the test wants a set sharing its first alert")
	}
	h.send(stateMsg{state: s2})
	if h.m.alerts.ver == ver || h.m.alerts.byLevel[0] != overdue+1 {
		t.Fatalf("change not seen: %d overdue, want %d", h.m.alerts.byLevel[0], overdue+1)
	}
	if !h.m.alerts.isPinned(c.ID) {
		t.Fatal("the wall did not see the alert turn overdue")
	}
	if s.Alerts.Data.Alerts[1].Level == api.LevelOverdue {
		t.Fatal("the previous set was modified")
	}
}

// TestWallRotatesUnderAStream is the demo at its default speed (D5): a new
// overdue alert every 5 s for 6 minutes. The wall still shows every panel:
// a pin lasts PinFor from its start, the rotation then has its round, and
// the alerts that came meanwhile are pinned together after it; no alert is
// pinned twice.
func TestWallRotatesUnderAStream(t *testing.T) {
	s := fixtureState(20)
	h, clk := newWall(t, 80, 24, s, WallOptions{Interval: 20 * time.Second, PinFor: time.Minute})
	shown := map[panel]time.Duration{}
	pinnedTimes := map[string]int{}
	wasPinned := false
	pins := 0
	cur := s
	for i := range 72 {
		a := newAlert(fmt.Sprintf("S%04d", i), api.LevelOverdue, "b21", "南湖区人民检察院")
		cur = withAlerts(cur, append(slices.Clone(cur.Alerts.Data.Alerts), a))
		h.send(stateMsg{state: cur})
		for range 5 {
			h.tick(clk, time.Second)
			shown[h.m.wall.panel()] += time.Second
			if p := h.m.wall.pinned != nil; p != wasPinned {
				if p {
					pins++
					for id := range h.m.wall.pinned {
						pinnedTimes[id]++
					}
				}
				wasPinned = p
				for _, line := range strings.Split(h.view(), "\n") {
					if strings.Contains(line, "轮播") {
						t.Logf("+%3ds %s", int(clk.t.Sub(fixedNow)/time.Second), strings.TrimSpace(line))
					}
				}
			}
		}
		for id := range h.m.wall.pinned {
			if pinnedTimes[id] == 0 {
				pinnedTimes[id] = 1 // joined the pin that is up
			}
		}
	}
	for _, p := range []panel{panelIndicators, panelCoverage} {
		if shown[p] < 40*time.Second {
			t.Errorf("under a stream of new overdue alerts the wall showed %v only %v in 6 minutes: %v", p, shown[p], shown)
		}
	}
	if pins < 2 || pins > 4 {
		t.Errorf("%d pins in 6 minutes, want a pin per minute of pin plus a round of rotation (2–4)", pins)
	}
	for id, n := range pinnedTimes {
		if n > 1 {
			t.Errorf("alert %s pinned %d times", id, n)
		}
	}
}
