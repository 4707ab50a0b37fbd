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

// TestDashboardDrillDown opens a case from the alerts and comes back:
// start → alerts appear → enter on the fourth row → the case screen shows
// that case's number and its content → esc → the alerts again, the same
// row selected on the same line.
func TestDashboardDrillDown(t *testing.T) {
	e := dashOpen(t, i18n.EN)
	first := e.probe.current()
	_, line0 := first.selected()
	e.key("j", "j", "j")
	s := e.wait("the cursor three rows down", func(s dashScreen) bool {
		_, line := s.selected()
		return line == line0+3
	})
	caseNo := s.selectedCaseNo()
	if caseNo == "" {
		t.Fatalf("no case number on the selected row:\n%s", s.text())
	}

	e.key("enter")
	s = e.wait("the case screen of "+caseNo, func(s dashScreen) bool {
		return s.has("Case "+caseNo, "Case card", "Deadlines", "Timeline")
	})
	// Codes are translated: the case type reads as words.
	for _, code := range []string{"arrest_review", "prosecution_review", "custody_review", "civil_supervision",
		"admin_supervision", "pil_admin", "Type petition"} {
		if s.has(code) {
			t.Fatalf("untranslated code %q on the case screen:\n%s", code, s.text())
		}
	}

	e.key("esc")
	s = e.wait("the alerts list again", func(s dashScreen) bool {
		_, line := s.selected()
		return s.has("Process alerts", "showing") && !s.has("Case card") && line >= 0
	})
	if got, line := s.selected(); dashCaseNo.FindString(got) != caseNo || line != line0+3 {
		t.Fatalf("after esc the selection is %q on line %d, want %s on line %d:\n%s", got, line, caseNo, line0+3, s.text())
	}
	// And enter opens the very same case again.
	e.key("enter")
	e.wait("the same case again", func(s dashScreen) bool { return s.has("Case "+caseNo, "Case card") })
}

// TestDashboardAPIDownAndBack takes the API away mid-run: the banner
// naming the failure and the offline marks appear while the data stays on
// screen; when the API comes back they clear by themselves.
func TestDashboardAPIDownAndBack(t *testing.T) {
	e := dashOpen(t, i18n.EN)
	s := e.wait("fresh data", func(s dashScreen) bool { return !s.has("STALE", "unreachable") })
	caseNo := s.selectedCaseNo()

	e.gate.down.Store(true)
	s = e.wait("the banner and offline marks", func(s dashScreen) bool {
		return s.has("⚠ Connection reset by the case system · since", "showing data as of", "offline")
	})
	if !s.has(caseNo, "Process alerts") || s.selectedCaseNo() != caseNo {
		t.Fatalf("the last good data should stay on screen while the API is down:\n%s", s.text())
	}

	e.gate.down.Store(false)
	s = e.wait("the banner and STALE marks to clear", func(s dashScreen) bool {
		return !s.has("⚠") && !s.has("STALE") && !s.has("offline")
	})
	if s.selectedCaseNo() != caseNo {
		t.Fatalf("the selection should survive the outage:\n%s", s.text())
	}
}

// TestDashboardAcknowledge acknowledges the selected alert with a then
// enter. The API is away at that moment, so the pending mark must show
// until the server confirms; when it is back, the row is marked
// acknowledged, the pending mark clears and the server holds the
// acknowledgement.
func TestDashboardAcknowledge(t *testing.T) {
	e := dashOpen(t, i18n.EN)
	s := e.wait("an alert not yet acknowledged", func(s dashScreen) bool {
		row, _ := s.selected()
		return row != "" && !strings.Contains(row, "✓")
	})
	caseNo := s.selectedCaseNo()

	e.key("a")
	e.wait("the note prompt", func(s dashScreen) bool { return s.has("Acknowledge " + caseNo) })
	e.gate.down.Store(true)
	e.key("seen on the wall", "enter")
	e.wait("the pending mark", func(s dashScreen) bool {
		row, _ := s.selected()
		return strings.Contains(row, "⧗") && s.has("Acknowledgement of "+caseNo+" queued")
	})
	e.gate.down.Store(false)
	s = e.wait("the server's confirmation", func(s dashScreen) bool {
		row, _ := s.selected()
		return s.has("Acknowledgement of "+caseNo+" delivered") && strings.Contains(row, "✓") && !strings.Contains(row, "⧗")
	})
	if s.selectedCaseNo() != caseNo {
		t.Fatalf("the selection moved:\n%s", s.text())
	}

	// The server has it, by the dashboard's user, with the note.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	page, err := e.cl.Alerts(ctx, client.AlertQuery{Status: api.StatusAcknowledged})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Alerts) != 1 {
		t.Fatalf("%d acknowledged alerts on the server, want 1", len(page.Alerts))
	}
	a := page.Alerts[0]
	if a.CaseNo != caseNo || a.Ack == nil || a.Ack.By != dashUser || a.Ack.Note != "seen on the wall" {
		t.Fatalf("server holds %+v (ack %+v), want the ack of %s by %s", a, a.Ack, caseNo, dashUser)
	}
	if n := len(e.poller.Current().Pending); n != 0 {
		t.Fatalf("%d acknowledgements still pending", n)
	}
}
