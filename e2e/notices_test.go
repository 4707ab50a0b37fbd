package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
)

// TestDashboardNoticeLife takes an alert from a 流程监控通知书 to its 销号 on
// the dashboard against the reference system, across two API outages: the
// officer issues the notice while the API is down (it waits in the outbox,
// "待送达"), the API comes back and it is delivered once, numbered; the
// simulated prosecutor replies; the officer closes it while the API is
// down again, and the closure is delivered once when it is back. Nothing
// is lost or doubled.
func TestDashboardNoticeLife(t *testing.T) {
	e := dashOpen(t, i18n.ZH)
	caseNo := e.probe.current().selectedCaseNo()

	e.gate.down.Store(true)
	e.key("n")
	e.wait("the issue form", func(s dashScreen) bool { return s.has("发出通知", caseNo, "本系统设定") })
	e.key("enter")
	e.wait("the confirmation", func(s dashScreen) bool { return s.has("回车或 y 发出") })
	e.key("y")
	e.wait("queued", func(s dashScreen) bool { return s.has("的通知已提交") })
	e.key("N")
	e.wait("the notice pending in the list", func(s dashScreen) bool { return rowWith(s, caseNo, "待送达") })
	if st := e.poller.Current(); len(st.Pending) != 1 || st.Pending[0].Notice == nil {
		t.Fatalf("outbox %+v, want the one notice", st.Pending)
	}

	e.gate.down.Store(false)
	e.wait("delivered", func(s dashScreen) bool { return s.has("通知已送达") })
	ctx := context.Background()
	issued := apiNotices(t, e, caseNo)
	if len(issued) != 1 || issued[0].Number == "" || issued[0].IssuedBy != dashUser || issued[0].Kind != api.NoticeWritten {
		t.Fatalf("notices on %s after the outage: %+v, want one written notice by %s", caseNo, issued, dashUser)
	}
	n := issued[0]
	e.wait("listed with its number", func(s dashScreen) bool { return rowWith(s, caseNo, n.Number, "待回复") })

	// The simulated prosecutor answers within the period (or late): run
	// the simulation past the reply date.
	if err := e.sys.AdvanceTo(ctx, n.DueAt.Add(10*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := apiNotices(t, e, caseNo); got[0].Status != api.NoticeReplied {
		t.Fatalf("after the reply period the notice is %s (the simulation decides a share never answers: seed 1 should)", got[0].Status)
	}
	e.key("r", "s", "s", "s", "s") // refresh, then the replied ones
	e.wait("the replied filter", func(s dashScreen) bool { return s.has("筛选：已回复") })
	for i := 0; !selectedHas(e.probe.current(), n.Number, "已回复"); i++ {
		if i > 300 {
			t.Fatalf("no replied row of %s to select:\n%s", n.Number, e.probe.current().text())
		}
		e.key("down")
		time.Sleep(20 * time.Millisecond)
	}

	e.gate.down.Store(true)
	e.key("c")
	e.wait("the closure's confirmation", func(s dashScreen) bool { return s.has("整改已核实") })
	e.key("整改属实", "enter")
	e.key("s", "s") // closed, then what waits in the outbox
	e.wait("the closure pending", func(s dashScreen) bool { return rowWith(s, n.Number, "销号待送达") })

	e.gate.down.Store(false)
	e.wait("the closure delivered", func(s dashScreen) bool { return s.has("销号已送达：" + caseNo + " · " + n.Number) })
	full, err := e.cl.Notice(ctx, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, h := range full.History {
		kinds = append(kinds, h.Kind)
	}
	if full.Status != api.NoticeClosed || full.ClosedBy != dashUser || strings.Join(kinds, ",") != "issued,replied,closed" {
		t.Errorf("notice %s %s closed by %q, history %v: want issued, replied, closed once", full.ID, full.Status, full.ClosedBy, kinds)
	}
	if st := e.poller.Current(); len(st.Pending) != 0 {
		t.Errorf("outbox not empty: %+v", st.Pending)
	}
}

// rowWith reports whether one line of the screen holds every one of subs.
func rowWith(s dashScreen, subs ...string) bool {
	for _, l := range strings.Split(s.text(), "\n") {
		ok := true
		for _, sub := range subs {
			ok = ok && strings.Contains(l, sub)
		}
		if ok {
			return true
		}
	}
	return false
}

// selectedHas reports whether a line drawn in the selection's style (the
// selected row; the active filter of the summary line is drawn so too)
// holds every one of subs.
func selectedHas(s dashScreen, subs ...string) bool {
	for _, l := range strings.Split(string(s), "\n") {
		if selectedPrefix == "" || !strings.Contains(l, selectedPrefix) {
			continue
		}
		if rowWith(dashScreen(l), subs...) {
			return true
		}
	}
	return false
}

// apiNotices lists the notices issued through the API on case caseNo.
func apiNotices(t *testing.T, e *dashEnv, caseNo string) []api.Notice {
	t.Helper()
	all, err := e.cl.AllNotices(context.Background(), client.NoticeQuery{Status: "all", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []api.Notice
	for _, n := range all {
		if n.CaseNo == caseNo && n.Origin == api.OriginAPI {
			out = append(out, n)
		}
	}
	return out
}
