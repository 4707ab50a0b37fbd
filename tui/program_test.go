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

// TestProgram runs the model in a real Bubble Tea program: Init subscribes,
// published states arrive through the channel, keys drill down, q quits.
func TestProgram(t *testing.T) {
	s := fixtureState(30)
	src := newFakeSource(s)
	m := New(Options{Source: src, Fetcher: newFakeFetcher(), Demo: true, Lang: i18n.EN, Theme: theme.Auto,
		Now: func() time.Time { return fixedNow }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ANSI256)))
	wait := func(sub string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(sub)) },
			teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	wait("DEMO")
	// A published state with a failing poll raises the banner.
	s2 := fixtureState(30)
	s2.Seq = 2
	s2.Alerts.Err = errTest("connection refused")
	s2.Alerts.Failures = 2
	s2.Alerts.FailingSince = fixedNow.Add(-time.Minute)
	s2.Alerts.NextAttempt = fixedNow.Add(5 * time.Second)
	src.ch <- s2
	wait("since 09:")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("Case card")
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
	fm := tm.FinalModel(t).(Model)
	if fm.current() != screenCase || !src.canceled {
		t.Fatalf("final screen %v, canceled %v", fm.current(), src.canceled)
	}
}
