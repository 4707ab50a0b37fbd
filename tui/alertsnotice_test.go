package tui

import (
	"strings"
	"testing"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
)

// TestAlertsNotice: when the client holds fewer alerts than the case
// system has, or refused records, the alerts panel says so on a line of
// its own above the table (which gives up a row for it), and the frame
// stays whole; without either, no line.
func TestAlertsNotice(t *testing.T) {
	s := fixtureState(40)
	h := newHarness(t, 100, 30, s, withLang(i18n.EN))
	rowsBefore := h.m.alerts.table.Height()
	if v := h.view(); strings.Contains(v, "holding") || strings.Contains(v, "rejected") {
		t.Fatalf("a notice without cause:\n%s", v)
	}

	s.Seq++
	s.Alerts.Data.Total = 1200
	s.Alerts.Data.Rejected = client.Rejections{Count: 3, First: client.Rejection{ID: "A0000017", Field: "days_remaining", Reason: "number 1e400 is not an integer"}}
	h.send(stateMsg{state: s})
	v := h.view()
	checkFrame(t, v, 100, 30)
	if !strings.Contains(v, "holding 40 of 1200 alerts (the most urgent) — narrow the scope (u)") {
		t.Errorf("no cap notice:\n%s", v)
	}
	if !strings.Contains(v, "3 records rejected: A0000") {
		t.Errorf("no rejection notice:\n%s", v)
	}
	if got := h.m.alerts.notice(&h.m.common); !strings.HasSuffix(got, "3 records rejected: A0000017 days_remaining: number 1e400 is not an integer") {
		t.Errorf("notice %q", got)
	}
	if got := h.m.alerts.table.Height(); got != rowsBefore-1 {
		t.Errorf("table has %d rows with the notice, %d without", got, rowsBefore)
	}

	s.Seq++
	s.Alerts.Data.Total, s.Alerts.Data.Rejected = 40, client.Rejections{}
	h.send(stateMsg{state: s})
	if v := h.view(); strings.Contains(v, "holding") || h.m.alerts.table.Height() != rowsBefore {
		t.Errorf("the notice stayed:\n%s", v)
	}
}
