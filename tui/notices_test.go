package tui

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
)

// noticeSource is a fake Source with the notice outbox.
type noticeSource struct {
	*fakeSource
	nmu    sync.Mutex
	issued []client.PendingAck
	closed []client.PendingAck
	err    error
}

func (s *noticeSource) IssueNotice(alertID, by string, n client.PendingNotice) (string, error) {
	s.nmu.Lock()
	defer s.nmu.Unlock()
	if s.err != nil {
		return "", s.err
	}
	n.Op = client.NoticeOpIssue
	key := fmt.Sprintf("nkey-%d", len(s.issued)+len(s.closed)+1)
	s.issued = append(s.issued, client.PendingAck{AlertID: alertID, By: by, Key: key, QueuedAt: fixedNow, Notice: &n})
	return key, nil
}

func (s *noticeSource) CloseNotice(noticeID, by, note string, n client.PendingNotice) (string, error) {
	s.nmu.Lock()
	defer s.nmu.Unlock()
	n.Op, n.NoticeID = client.NoticeOpClose, noticeID
	key := fmt.Sprintf("nkey-%d", len(s.issued)+len(s.closed)+1)
	s.closed = append(s.closed, client.PendingAck{By: by, Note: note, Key: key, QueuedAt: fixedNow, Notice: &n})
	return key, nil
}

// withNotices makes the harness's source take notices; it returns the
// source to read what was queued.
func withNotices(ns **noticeSource) harnessOpt {
	return func(o *Options) {
		*ns = &noticeSource{fakeSource: o.Source.(*fakeSource)}
		o.Source = *ns
	}
}

// fixtureNotices are notices on the fixture's cases, one of each status
// and an oral reminder; the case numbers are the alerts'.
func fixtureNotices() []api.Notice {
	mk := func(k int, status, kind string, issuedDaysAgo int, dueIn time.Duration) api.Notice {
		caseID := fmt.Sprintf("C%05d", k)
		units := []struct{ id, name string }{{"b11", "东州市城关区人民检察院"}, {"b12", "北山县人民检察院"}, {"b21", "南湖区人民检察院"}, {"c1", "东州市人民检察院"}}
		u := units[(k-1)%len(units)]
		n := api.Notice{ID: caseID + "-N1", Kind: kind, Status: status, Origin: api.OriginAPI, CaseID: caseID,
			CaseNo: fmt.Sprintf("东检刑诉受[2023]%05d号", k), AlertID: fmt.Sprintf("A%06d", k), Rule: "R2",
			Category: api.CategoryDeadline, Text: "审查起诉超期：请说明原因，于回复期限内整改并书面回复。",
			UnitID: u.id, UnitName: u.name, DeptID: "d1", DeptName: "第一检察部", PersonID: "P0", PersonName: "李明",
			IssuedBy: "赵敏", IssuedAt: fixedNow.Add(-time.Duration(issuedDaysAgo) * 24 * time.Hour), DueAt: fixedNow.Add(dueIn),
			UpdatedAt: fixedNow.Add(-time.Hour)}
		if kind == api.NoticeWritten {
			n.Number = fmt.Sprintf("东检流监〔2023〕第%d号", k)
		}
		switch status {
		case api.NoticeReplied, api.NoticeClosed:
			at := fixedNow.Add(-26 * time.Hour)
			n.RepliedAt, n.ReplyBy, n.ReplyText = &at, "李明", "已补充审查报告并报部门负责人审批，今后按期办结。"
		}
		if status == api.NoticeClosed {
			at := fixedNow.Add(-2 * time.Hour)
			n.ClosedAt, n.ClosedBy = &at, "赵敏"
		}
		return n
	}
	return []api.Notice{
		mk(1, api.NoticeOverdue, api.NoticeWritten, 9, -2*24*time.Hour),
		mk(2, api.NoticeIssued, api.NoticeWritten, 2, 5*24*time.Hour),
		mk(3, api.NoticeReplied, api.NoticeWritten, 6, 24*time.Hour),
		mk(6, api.NoticeClosed, api.NoticeWritten, 12, -5*24*time.Hour),
		mk(7, api.NoticeIssued, api.NoticeOral, 1, 6*24*time.Hour),
	}
}

// noticeState is the fixture with the notices listed.
func noticeState() client.State {
	s := fixtureState(40)
	s.Notices = client.Feed[api.NoticePage]{HasData: true, FetchedAt: fixedNow.Add(-12 * time.Second), Interval: 10 * time.Second,
		Data: api.NoticePage{Notices: fixtureNotices(), AsOf: fixedNow.Add(-12 * time.Second)}}
	return s
}

// TestNoticesScreen: N opens the notices, overdue first, the whole case
// number on every row at 80 columns; s filters by status, f by unit, esc
// clears the filters and then goes back.
func TestNoticesScreen(t *testing.T) {
	h := newHarness(t, 80, 24, noticeState(), withLang(i18n.ZH))
	h.keys("N")
	if h.m.current() != screenNotices {
		t.Fatalf("N opened %v", h.m.current())
	}
	v := h.view()
	checkFrame(t, v, 80, 24)
	var order []string
	for _, l := range strings.Split(v, "\n") {
		for _, st := range []string{"逾期未回复", "待回复", "已回复", "已销号"} {
			if strings.Contains(l, st) && strings.Contains(l, "东检刑诉受[2023]") {
				order = append(order, st)
				break
			}
		}
	}
	if want := []string{"逾期未回复", "待回复", "待回复", "已回复", "已销号"}; strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("rows by status %v, want %v:\n%s", order, want, v)
	}
	for _, n := range fixtureNotices() {
		if !strings.Contains(v, n.CaseNo) {
			t.Errorf("case number %s not whole:\n%s", n.CaseNo, v)
		}
	}
	tests := []struct {
		keys []string
		rows int
		want string
	}{
		{[]string{"s"}, 3, "筛选：未办结"},        // open: overdue and issued
		{[]string{"s"}, 1, "筛选：逾期未回复"},      // overdue
		{[]string{"s", "s"}, 1, "筛选：已回复"},   // issued (2), then replied
		{[]string{"esc", "f"}, 1, "筛选：城关区"}, // the first unit in org order
		{[]string{"esc"}, 5, ""},            // filters cleared
	}
	for _, tt := range tests {
		h.keys(tt.keys...)
		if got := len(h.m.notices.list.shown); got != tt.rows {
			t.Errorf("after %v: %d rows, want %d", tt.keys, got, tt.rows)
		}
		if tt.want != "" && !strings.Contains(h.view(), tt.want) {
			t.Errorf("after %v: no %q:\n%s", tt.keys, tt.want, h.view())
		}
	}
	// / filters by text (case number, notice number, prosecutor…); what is
	// typed is text, q included.
	h.keys("/")
	h.typeText("第3号q")
	if h.m.quitting || len(h.m.notices.list.shown) != 0 || !strings.Contains(h.view(), "/第3号q") {
		t.Fatalf("typing the filter: %d rows\n%s", len(h.m.notices.list.shown), h.view())
	}
	h.keys("backspace", "enter")
	if len(h.m.notices.list.shown) != 1 || h.m.notices.list.typing || !strings.Contains(h.view(), "“第3号”") {
		t.Errorf("filter 第3号: %d rows\n%s", len(h.m.notices.list.shown), h.view())
	}
	// The status counts read shown/total while the text narrows them.
	if p := h.m.notices.list.passed; p[0]+p[1]+p[2]+p[3] != 1 {
		t.Errorf("passed counts %v, want one notice", p)
	}
	if sum := h.m.notices.list.summary(&h.m.common, 80); !regexp.MustCompile(`已回复 [01]/\d+|逾期未回复 [01]/\d+`).MatchString(ansi.Strip(sum)) {
		t.Errorf("summary under a text filter does not read shown/total: %q", ansi.Strip(sum))
	}
	h.keys("esc")
	if len(h.m.notices.list.shown) != 5 {
		t.Errorf("esc kept the text filter: %d rows", len(h.m.notices.list.shown))
	}
	h.keys("esc")
	if h.m.current() != screenDash {
		t.Errorf("esc without filters left %v", h.m.current())
	}
}

// TestNoticeIssueFromAlert: n on the selected alert opens the form
// prefilled from it; typing goes into the text (q and c included); enter
// asks for confirmation, y queues it in the outbox with the alert, the
// user and the default reply date left to the server.
func TestNoticeIssueFromAlert(t *testing.T) {
	var ns *noticeSource
	h := newHarness(t, 100, 30, noticeState(), withNotices(&ns))
	a := h.m.alerts.selected()
	h.keys("n")
	if h.m.current() != screenNoticeForm {
		t.Fatalf("n opened %v", h.m.current())
	}
	f := &h.m.notices.form
	if f.alertID != a.ID || f.caseNo != a.CaseNo || f.person != a.PersonName || f.kind != api.NoticeWritten || f.category != a.Category {
		t.Errorf("form not prefilled from %s: %+v", a.ID, f)
	}
	wantDue := fixedNow.AddDate(0, 0, 7).Format("2006-01-02")
	if f.due.Value() != wantDue {
		t.Errorf("reply date %q, want %q", f.due.Value(), wantDue)
	}
	v := h.view()
	checkFrame(t, v, 100, 30)
	for _, want := range []string{a.CaseNo, "本系统设定", wantDue} {
		if !strings.Contains(v, want) {
			t.Errorf("form without %q:\n%s", want, v)
		}
	}
	h.typeText(" qc?")
	if h.m.quitting || h.m.showHelp || !strings.HasSuffix(f.text.Value(), " qc?") {
		t.Fatalf("keys typed in the form were taken as commands (text %q)", f.text.Value())
	}
	h.keys("shift+tab", "shift+tab", "right") // kind: written -> oral
	if f.kind != api.NoticeOral {
		t.Errorf("kind %q after ←/→", f.kind)
	}
	h.keys("left", "enter")
	if !f.confirming {
		t.Fatalf("enter did not ask for confirmation: %q", f.problem)
	}
	h.keys("y")
	if h.m.current() != screenDash || len(ns.issued) != 1 {
		t.Fatalf("y: screen %v, %d issued", h.m.current(), len(ns.issued))
	}
	p := ns.issued[0]
	if p.AlertID != a.ID || p.By != "测试员" || p.Notice.Kind != api.NoticeWritten || p.Notice.DueDate != "" ||
		!strings.HasSuffix(p.Notice.Text, "qc?") || p.Notice.CaseID != "" {
		t.Errorf("queued %+v %+v", p, *p.Notice)
	}
	if !strings.Contains(h.view(), "的通知已提交") {
		t.Errorf("no queued status:\n%s", h.view())
	}
}

// TestNoticeFormChecks: a bad or past reply date, or no text, keeps the
// form open and says why; esc discards it without queuing anything.
func TestNoticeFormChecks(t *testing.T) {
	tests := []struct {
		name string
		edit func(h *harness)
		want string
	}{
		{"bad date", func(h *harness) { h.keys("tab", "backspace", "backspace"); h.typeText("xx") }, "YYYY-MM-DD"},
		{"past", func(h *harness) { h.m.notices.form.due.SetValue("2023-05-09") }, "已过"},
		{"far", func(h *harness) { h.m.notices.form.due.SetValue("2024-06-01") }, "一年"},
		{"empty", func(h *harness) { h.m.notices.form.text.SetValue("  ") }, "请填写"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ns *noticeSource
			h := newHarness(t, 80, 24, noticeState(), withNotices(&ns))
			h.keys("n")
			tt.edit(h)
			h.keys("enter")
			if h.m.notices.form.confirming || !strings.Contains(h.view(), tt.want) {
				t.Errorf("confirming %v, view:\n%s", h.m.notices.form.confirming, h.view())
			}
			h.keys("esc")
			if h.m.current() != screenDash || len(ns.issued) != 0 {
				t.Errorf("esc: screen %v, %d issued", h.m.current(), len(ns.issued))
			}
		})
	}
}

// TestNoticeIssueFromCase: n in the case view issues on the case, with
// the case's notices listed there.
func TestNoticeIssueFromCase(t *testing.T) {
	var ns *noticeSource
	h := newHarness(t, 100, 40, noticeState(), withNotices(&ns))
	c := fixtureCase()
	c.Notices = fixtureNotices()[:1]
	h.f.cases = map[string]*api.Case{c.ID: c}
	h.send(openCaseMsg{id: c.ID, caseNo: c.CaseNo})
	h.keys("G")
	if v := h.view(); !strings.Contains(v, "流程监控通知书 1") || !strings.Contains(v, "东检流监〔2023〕第1号") {
		t.Errorf("case view without its notice:\n%s", v)
	}
	h.keys("n")
	if h.m.current() != screenNoticeForm || h.m.notices.form.caseID != c.ID || h.m.notices.form.alertID != "" {
		t.Fatalf("n in the case view: %v %+v", h.m.current(), h.m.notices.form)
	}
	h.keys("enter", "enter")
	if len(ns.issued) != 1 || ns.issued[0].Notice.CaseID != c.ID || ns.issued[0].AlertID != "" {
		t.Fatalf("issued %+v", ns.issued)
	}
	if h.m.current() != screenCase {
		t.Errorf("after issuing: %v, want back on the case", h.m.current())
	}
}

// TestNoticeRefused: a read-only session, a viewer key, a session without
// a name or a source without the outbox cannot issue or close; the
// refusal says why and takes the keys typed after it (which would
// otherwise quit, acknowledge, filter), until esc.
func TestNoticeRefused(t *testing.T) {
	tests := []struct {
		name string
		opts []harnessOpt
		want string
	}{
		{"readonly", []harnessOpt{readOnly()}, "只读模式：不能发出"},
		{"viewer", []harnessOpt{func(o *Options) { o.ReadOnly, o.ViewerKey = true, true }}, "此密钥只能查看"},
		{"nouser", []harnessOpt{func(o *Options) { o.User = "" }}, "未设置姓名"},
		{"nooutbox", nil, "不支持通知书"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, 80, 24, noticeState(), tt.opts...)
			for _, open := range [][]string{{"n"}, {"N", "down", "down", "down", "c"}} {
				h.keys(open...)
				if h.m.prompt != promptRefused || !strings.Contains(h.view(), tt.want) {
					t.Fatalf("%v: screen %v:\n%s", open, h.m.current(), h.view())
				}
				h.typeText("qa/sc?")
				if h.m.quitting || h.m.prompt != promptRefused || h.m.showHelp || (h.m.current() != screenDash && h.m.current() != screenNotices) {
					t.Fatalf("%v: keys after the refusal were taken as commands", open)
				}
				h.keys("esc")
				h.m.stack = nil
			}
		})
	}
}

// TestNoticeClose: c on a replied notice asks for confirmation and a
// note, enter queues the closure; b sends it back; c on a notice awaiting
// its reply is refused, saying why.
func TestNoticeClose(t *testing.T) {
	var ns *noticeSource
	h := newHarness(t, 100, 30, noticeState(), withNotices(&ns))
	h.keys("N", "s", "s", "s", "s") // replied
	if r := h.m.notices.list.selected(); r == nil || r.status != api.NoticeReplied {
		t.Fatalf("selected %+v", r)
	}
	h.keys("c")
	if h.m.current() != screenNoticeConfirm || !strings.Contains(h.view(), "销号 东检流监〔2023〕第3号") {
		t.Fatalf("c: %v\n%s", h.m.current(), h.view())
	}
	h.typeText("整改属实")
	h.keys("enter")
	if len(ns.closed) != 1 || ns.closed[0].Notice.NoticeID != "C00003-N1" || ns.closed[0].Note != "整改属实" || ns.closed[0].Notice.Reopen {
		t.Fatalf("closed %+v", ns.closed)
	}
	h.keys("b", "enter")
	if len(ns.closed) != 2 || !ns.closed[1].Notice.Reopen {
		t.Fatalf("sent back %+v", ns.closed)
	}
	h.keys("esc", "s") // open
	h.keys("c")
	if h.m.prompt != promptRefused || !strings.Contains(h.view(), "只有已回复的通知书") {
		t.Errorf("c on an open notice:\n%s", h.view())
	}
}

// TestNoticeOutboxMarks: an issue in the outbox is a pending row and
// marks its alert (and is no acknowledgement); a closure waiting marks the
// notice; the results say delivered or rejected by notice, not as acks.
func TestNoticeOutboxMarks(t *testing.T) {
	var ns *noticeSource
	s := noticeState()
	h := newHarness(t, 100, 30, s, withNotices(&ns))
	alert := h.m.alerts.selected()
	if g, _ := h.m.noticeMark(h.m.alerts.all[0]); g != glyphNotice { // A000001: case C00001 has an overdue notice
		t.Errorf("no notice mark on A000001")
	}
	h.keys("n", "enter", "y")
	s.Seq++
	s.Pending = []client.PendingAck{ns.issued[0], {By: "测试员", Key: "nkey-9", QueuedAt: fixedNow,
		Notice: &client.PendingNotice{Op: client.NoticeOpClose, NoticeID: "C00003-N1"}}}
	h.send(stateMsg{state: s})
	if h.m.pending[alert.ID] {
		t.Errorf("an issued notice counted as an acknowledgement in the outbox")
	}
	if g, _ := h.m.noticeMark(alert); g != glyphNotice || !h.m.noticeAlerts[alert.ID] {
		t.Errorf("the alert with a notice in the outbox has no mark")
	}
	h.keys("N")
	v := h.view()
	if !strings.Contains(v, "待送达") || !strings.Contains(v, "销号待送达") {
		t.Errorf("outbox rows missing:\n%s", v)
	}
	s.Seq++
	s.Pending = nil
	n := fixtureNotices()[0]
	n.Number = "东检流监〔2023〕第9号"
	s.AckResults = []client.AckResult{{AlertID: alert.ID, Key: "nkey-1", Notice: &n, NoticeOp: client.NoticeOpIssue, At: fixedNow},
		{Key: "nkey-9", NoticeOp: client.NoticeOpClose, Rejected: true, Err: errors.New("409 not replied"), At: fixedNow}}
	h.send(stateMsg{state: s})
	if !strings.Contains(h.m.status, "销号或退回被拒绝：409 not replied") || strings.Contains(h.m.status, "确认") {
		t.Errorf("status %q", h.m.status)
	}
	s.Seq++
	s.AckResults = s.AckResults[:1]
	s.AckResults[0].At = fixedNow.Add(time.Second)
	h.send(stateMsg{state: s})
	if !strings.Contains(h.m.status, "通知已送达："+n.CaseNo+" · 东检流监〔2023〕第9号") {
		t.Errorf("status %q", h.m.status)
	}
	// At 80 columns the footer cuts the status, never the case number.
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if lines := strings.Split(h.view(), "\n"); !strings.Contains(lines[len(lines)-1], "通知已送达："+n.CaseNo) {
		t.Errorf("footer at 80 columns %q, want the case number %s whole", lines[len(lines)-1], n.CaseNo)
	}
}

// TestNoticeDetail: enter opens the notice with its text, the reply and
// the history fetched from GET /notices/{id}.
func TestNoticeDetail(t *testing.T) {
	h := newHarness(t, 100, 40, noticeState())
	h.keys("N", "s", "s", "s", "s", "enter")
	if h.m.current() != screenNotice {
		t.Fatalf("enter: %v", h.m.current())
	}
	n := h.m.notices.detail.row.n
	full := *n
	full.History = []api.NoticeEvent{{Kind: api.NoticeEventIssued, At: n.IssuedAt, ActedAt: n.IssuedAt.Add(-2 * time.Hour), By: "赵敏"},
		{Kind: api.NoticeEventReplied, At: *n.RepliedAt, ActedAt: *n.RepliedAt, By: "李明", Text: "已整改"}}
	h.send(noticeLoadedMsg{req: h.m.notices.detail.req, id: n.ID, Data: &full})
	v := h.view()
	checkFrame(t, v, 100, 40)
	for _, want := range []string{"东检流监〔2023〕第3号", n.Text, n.ReplyText, "经过", "发出 · 赵敏", "（操作于", "回复 · 李明"} {
		if !strings.Contains(v, want) {
			t.Errorf("notice screen without %q:\n%s", want, v)
		}
	}
	h.keys("enter")
	if h.m.current() != screenCase || h.m.caseView.id != n.CaseID {
		t.Errorf("enter on the notice: %v %q, want its case", h.m.current(), h.m.caseView.id)
	}
}

// TestNoticeGolden: the notices screen and the issue form at 80x24 and
// 200x50 in both languages.
func TestNoticeGolden(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {200, 50}} {
		for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
			for _, screen := range []struct {
				name string
				keys []string
			}{{"notices", []string{"N"}}, {"noticeform", []string{"n"}}} {
				name := fmt.Sprintf("%s_%s_%dx%d", screen.name, l, sz[0], sz[1])
				t.Run(name, func(t *testing.T) {
					var ns *noticeSource
					h := newHarness(t, sz[0], sz[1], noticeState(), withLang(l), withNotices(&ns))
					h.keys(screen.keys...)
					v := h.m.View().Content
					checkFrame(t, v, sz[0], sz[1])
					golden(t, name, v)
				})
			}
		}
	}
}

// TestNoticeViewsNeverBreak renders the notices' screens from tiny to
// large, in both languages, and checks the frame holds.
func TestNoticeViewsNeverBreak(t *testing.T) {
	flows := [][]string{{"N"}, {"N", "enter"}, {"n"}, {"n", "enter"}, {"N", "s", "s", "s", "s", "c"}, {"N", "c"}}
	sizes := [][2]int{{80, 24}, {100, 30}, {200, 60}, {60, 16}, {40, 10}, {20, 6}}
	for _, sz := range sizes {
		for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
			for _, f := range flows {
				var ns *noticeSource
				h := newHarness(t, sz[0], sz[1], noticeState(), withLang(l), withNotices(&ns))
				h.keys(f...)
				checkFrameName(t, fmt.Sprintf("%dx%d/%s/%s", sz[0], sz[1], l, strings.Join(f, ",")), h.m.View().Content, sz[0], sz[1])
			}
		}
	}
}

// TestNoticeWallRefuses: a wall display cannot issue or close a notice
// n, c and b say so in its footer and change nothing.
func TestNoticeWallRefuses(t *testing.T) {
	var ns *noticeSource
	h, _ := newWall(t, 100, 30, noticeState(), WallOptions{Enabled: true}, withNotices(&ns))
	for _, k := range []string{"n", "c", "b", "N"} {
		h.keys(k)
		if h.m.current() != screenDash || len(ns.issued)+len(ns.closed) != 0 {
			t.Fatalf("%s on a wall: screen %v", k, h.m.current())
		}
	}
	if v := h.view(); !strings.Contains(v, "墙屏只读：不能发出或销号通知书") {
		t.Errorf("the wall does not say why:\n%s", v)
	}
}

// TestNoticeCountdownsScheduled: the reply countdowns of the notices
// screen, of one notice and of the case view's notices ask the clock for
// the moment they change.
func TestNoticeCountdownsScheduled(t *testing.T) {
	h := newHarness(t, 100, 30, noticeState())
	sim := fixedNow
	n := fixtureNotices()[1] // issued, due in 5 days
	want := spanNext(n.DueAt, sim)
	has := func(ch *changes) bool {
		for _, x := range ch.ts {
			if x.Equal(want) {
				return true
			}
		}
		return false
	}
	h.keys("N")
	var ch changes
	h.m.notices.list.next(&h.m.common, sim, &ch)
	if !has(&ch) {
		t.Errorf("the list offers %v, not %v", ch.ts, want)
	}
	cv := caseView{data: fixtureCase()}
	cv.data.Notices = []api.Notice{n}
	ch = changes{}
	cv.next(&h.m.common, sim, &ch)
	if !has(&ch) {
		t.Errorf("the case view offers %v, not %v", ch.ts, want)
	}
}

// TestNoticesFollowUnderCase: the list follows a change of the notices
// made while a case opened from it is on top, so it is current when the
// officer comes back.
func TestNoticesFollowUnderCase(t *testing.T) {
	s := noticeState()
	h := newHarness(t, 100, 30, s)
	h.f.cases = map[string]*api.Case{"C00001": fixtureCase()}
	h.keys("N", "enter", "enter")
	if h.m.current() != screenCase {
		t.Fatalf("on %v, want the case", h.m.current())
	}
	s.Seq++
	more := fixtureNotices()
	extra := more[1]
	extra.ID, extra.CaseNo, extra.Number = "C00009-N1", "东检刑诉受[2023]00009号", "东检流监〔2023〕第9号"
	s.Notices.Data.Notices = append(more, extra)
	h.send(stateMsg{state: s})
	h.keys("esc", "esc")
	if h.m.current() != screenNotices || !strings.Contains(h.view(), "东检流监〔2023〕第9号") {
		t.Errorf("back on the list (%v) without the notice issued meanwhile:\n%s", h.m.current(), h.view())
	}
}

// TestNoticesPosition: the notices list's bottom edge says where the
// cursor is, as every other list does ("2 / 5"; "1 / 3" once filtered).
func TestNoticesPosition(t *testing.T) {
	h := newHarness(t, 80, 24, noticeState(), withLang(i18n.ZH))
	bottom := func() string {
		ls := strings.Split(h.view(), "\n")
		for i := len(ls) - 1; i >= 0; i-- {
			if strings.Contains(ls[i], "┛") {
				return ls[i]
			}
		}
		return ""
	}
	h.keys("N", "down")
	if b := bottom(); !strings.Contains(b, " 2 / 5 ") {
		t.Errorf("after down: bottom edge %q, want 2 / 5", b)
	}
	h.keys("s") // 未办结: 3 rows
	want := fmt.Sprintf(" %d / 3 ", h.m.notices.list.table.Cursor()+1)
	if b := bottom(); !strings.Contains(b, want) {
		t.Errorf("filtered: bottom edge %q, want %q", b, want)
	}
}
