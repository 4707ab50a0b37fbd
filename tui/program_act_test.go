package tui

import (
	"bytes"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
)

// TestProgramActFlows drives a real Bubble Tea program through the
// command line (completion, then :case of a case no alert points at), the
// scope picker, grouping and hiding acknowledged alerts.
func TestProgramActFlows(t *testing.T) {
	src := newFakeSource(fixtureState(60))
	f := newSearchFetcher()
	m := New(Options{Source: src, Fetcher: f, Demo: true, Lang: i18n.EN, Theme: theme.Dark, User: "tester",
		Now: func() time.Time { return fixedNow }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 36),
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
		}, teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	typeText := func(s string) {
		for _, r := range s {
			tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	wait("DEMO")

	// The command line: completion of the command, then of a case the
	// case system found (no alert points at it), then enter opens it.
	tm.Send(keyMsg(":"))
	typeText("ca")
	wait("jump to a case")
	tm.Send(keyMsg("tab"))
	typeText("2430")
	wait("02430", "12430")
	tm.Send(keyMsg("tab"))
	tm.Send(keyMsg("enter"))
	wait("Case 南检民监受[2023]02430号")
	tm.Send(keyMsg("esc"))

	// The picker: filter, pick; the header says the scope.
	tm.Send(keyMsg("u"))
	wait("Choose scope")
	typeText("nanhu")
	wait("Nanhu District")
	tm.Send(keyMsg("enter"))
	wait("Scope: Nanhu District")

	// Group by case, hide the acknowledged.
	tm.Send(keyMsg("b"))
	wait("group: by case")
	tm.Send(keyMsg("h"))
	tm.Send(keyMsg("h"))
	wait("acked hidden")

	tm.Send(keyMsg("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
	fm := tm.FinalModel(t).(Model)
	if fm.scopeUnit() != "b21" || fm.alerts.group != groupCase || fm.alerts.acked != ackedHidden {
		t.Fatalf("final scope %s group %v acked %v", fm.scopeUnit(), fm.alerts.group, fm.alerts.acked)
	}
	if len(fm.cmd.history) != 1 || fm.cmd.history[0] != "case 南检民监受[2023]02430号" {
		t.Fatalf("history %q", fm.cmd.history)
	}
}
