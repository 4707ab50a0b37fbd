package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
)

// twoAlertCase is the fixture case with two alerts: an open overdue one
// and a warning acknowledged by 王芳 with a note, and a rectified third.
func twoAlertCase(id string) *api.Case {
	c := *fixtureCase()
	c.ID = id
	al := fixtureAlerts(3)
	for i := range al {
		al[i].CaseID, al[i].CaseNo = id, c.CaseNo
	}
	al[1].Ack = &api.Ack{By: "王芳", Note: "已电话督促承办人", At: fixedNow.Add(-time.Hour), ActedAt: fixedNow.Add(-2 * time.Hour)}
	al[1].Status = api.StatusAcknowledged
	al[2].Status = api.StatusRectified
	c.Alerts = al
	return &c
}

// TestCaseViewAckPick: a in the case view with several open alerts lets
// the user choose (the rectified one is skipped), esc gives up, enter
// opens the note prompt for the one chosen; a read-only dashboard refuses
// at once, before any choice.
func TestCaseViewAckPick(t *testing.T) {
	h := newHarness(t, 120, 40, fixtureState(20))
	h.f.cases["C00001"] = twoAlertCase("C00001")
	h.send(openCaseMsg{id: "C00001", caseNo: "东检刑诉受[2023]00001号"})
	h.keys("a")
	v := &h.m.caseView
	if !v.pick.on || v.pick.idx != 0 || !strings.Contains(h.m.status, "选择要确认的预警") {
		t.Fatalf("pick %+v, status %q", v.pick, h.m.status)
	}
	if !strings.Contains(h.view(), glyphPinned+" ✖ 超期") {
		t.Fatalf("the chosen alert is not marked:\n%s", h.view())
	}
	h.keys("j", "j") // two down: the rectified third is skipped, back to the first
	if v.pick.idx != 0 {
		t.Fatalf("after two moves the choice is %d, want 0 (the rectified alert is not offered)", v.pick.idx)
	}
	h.keys("j")
	h.keys("esc")
	if v.pick.on || h.m.prompt != promptNone || h.m.top() != screenCaseView(h) {
		t.Fatal("esc should give up the choice and stay on the case")
	}
	h.keys("a", "j", "enter")
	if h.m.prompt != promptAck || h.m.ackTarget != "A000002" || !strings.Contains(h.m.input.Prompt, "王芳") {
		t.Fatalf("prompt %v for %s (%q), want the re-acknowledgement of A000002", h.m.prompt, h.m.ackTarget, h.m.input.Prompt)
	}
	if h.m.input.Value() != "已电话督促承办人" {
		t.Fatalf("the old note should be prefilled, got %q", h.m.input.Value())
	}

	ro := newHarness(t, 120, 40, fixtureState(20), readOnly())
	ro.f.cases["C00001"] = twoAlertCase("C00001")
	ro.send(openCaseMsg{id: "C00001", caseNo: "东检刑诉受[2023]00001号"})
	ro.keys("a")
	if ro.m.caseView.pick.on || !strings.Contains(ro.view(), "只读") {
		t.Fatalf("read-only should refuse before choosing:\n%s", ro.view())
	}
}

// screenCaseView is the case screen as h.m.top() returns it.
func screenCaseView(h *harness) screenView { return &h.m.caseView }

// TestProgramCaseViewAck drives a real program: open a case, a, choose its
// second alert, type a note, enter; the outbox gets that alert with the
// note, and the case view shows it waiting to be delivered, under the
// earlier acknowledgement by 王芳 with its note.
func TestProgramCaseViewAck(t *testing.T) {
	src := newFakeSource(fixtureState(20))
	f := newFakeFetcher()
	for _, a := range src.state.Alerts.Data.Alerts {
		f.cases[a.CaseID] = twoAlertCase(a.CaseID)
	}
	m := New(Options{Source: src, Fetcher: f, Demo: true, Lang: i18n.EN, Theme: theme.Dark, User: "tester",
		Now: func() time.Time { return fixedNow }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ANSI256)))
	wait := func(subs ...string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			for _, s := range subs {
				if !bytes.Contains(b, []byte(s)) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(3*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	wait("DEMO")
	tm.Send(keyMsg("enter"))
	wait("acknowledged by 王芳", "已电话督促承办人")
	tm.Send(keyMsg("a"))
	wait("choose the alert to acknowledge")
	tm.Send(keyMsg("j"))
	tm.Send(keyMsg("enter"))
	wait("re-acknowledge")
	for _, r := range " again" {
		tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	tm.Send(keyMsg("enter"))
	wait("Acknowledgement of")
	// The poller publishes its outbox (as client.Poller does after Acknowledge).
	s := src.state
	s.Seq++
	src.mu.Lock()
	s.Pending = append(s.Pending, src.acks...)
	src.mu.Unlock()
	src.ch <- s
	tm.Send(keyMsg("G")) // the alerts are at the foot of the case
	wait("waiting to be delivered")
	tm.Send(keyMsg("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	if len(src.acks) != 1 || src.acks[0].AlertID != "A000002" || src.acks[0].Note != "已电话督促承办人 again" || src.acks[0].By != "tester" {
		t.Fatalf("outbox %+v", src.acks)
	}
}

// TestGoldenCaseAck: the case view's acknowledgements at 80x24 and 200x50
// in both languages: who acknowledged, when, the note; one waiting in the
// outbox; an earlier one this dashboard delivered and saw replaced; the
// alert being chosen marked ▶.
func TestGoldenCaseAck(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
		lang i18n.Lang
	}{
		{"caseack_zh_80x24", 80, 24, i18n.ZH},
		{"caseack_en_80x24", 80, 24, i18n.EN},
		{"caseack_zh_200x50", 200, 50, i18n.ZH},
		{"caseack_en_200x50", 200, 50, i18n.EN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.w, tc.h, fixtureState(20), withLang(tc.lang))
			h.f.cases["C00001"] = twoAlertCase("C00001")
			h.send(openCaseMsg{id: "C00001", caseNo: "东检刑诉受[2023]00001号"})
			s := fixtureState(20)
			s.Seq++
			s.Pending = []client.PendingAck{{AlertID: "A000001", By: "测试员", Note: "已通知承办人补正", QueuedAt: fixedNow.Add(-5 * time.Minute)}}
			s.AckResults = []client.AckResult{{AlertID: "A000002", Key: "k1", Alert: &api.Alert{ID: "A000002",
				Ack: &api.Ack{By: "张三", Note: "首次督促", At: fixedNow.Add(-26 * time.Hour), ActedAt: fixedNow.Add(-26 * time.Hour)}}}}
			h.send(stateMsg{state: s})
			h.keys("G", "a")
			v := h.m.View().Content
			checkFrame(t, v, tc.w, tc.h)
			for _, want := range []string{glyphPinned, glyphPending, "王芳"} {
				if !strings.Contains(v, want) {
					t.Errorf("%s lacks %q", tc.name, want)
				}
			}
			golden(t, tc.name, v)
		})
	}
}
