package tui

import (
	"bytes"
	"encoding/base64"
	"io"
	"regexp"
	"slices"
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

// oscSeq matches an OSC sequence (ended by BEL or ST), whose BEL is no bell.
var oscSeq = regexp.MustCompile("\x1b\\][^\x07\x1b]*(\x07|\x1b\\\\)")

// bells counts the bells in terminal output: BEL outside OSC sequences.
func bells(out []byte) int { return bytes.Count(oscSeq.ReplaceAll(out, nil), []byte("\a")) }

// TestProgramBell drives a real program: the state at start rings nothing;
// a new overdue alert rings the bell once and raises one desktop
// notification (--notify); the same alert in the next publication, and a
// new notice, ring nothing; y copies the case number with OSC 52.
func TestProgramBell(t *testing.T) {
	s := fixtureState(20)
	src := newFakeSource(s)
	m := New(Options{Source: src, Demo: true, Lang: i18n.EN, Theme: theme.Dark, User: "tester", Notify: true, Clipboard: true,
		Now: func() time.Time { return fixedNow }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 36),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ANSI256)))
	var out []byte
	wait := func(sub string) {
		t.Helper()
		var last []byte
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { last = b; return bytes.Contains(b, []byte(sub)) },
			teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
		out = append(out, last...)
	}
	wait("DEMO")

	n1 := newAlert("A900200", api.LevelOverdue, "b21", "南湖区人民检察院")
	s1 := withAlerts(s, append(slices.Clone(s.Alerts.Data.Alerts), n1))
	src.ch <- s1
	wait("\x1b]777;notify;casewatch;1 new overdue · Nanhu District " + n1.CaseNo + "\a")
	if !bytes.Contains(out, []byte("\x1b]9;casewatch: 1 new overdue")) {
		t.Fatal("no OSC 9 notification")
	}
	// The same overdue alert again, with a new notice: no bell.
	s2 := withAlerts(s1, append(slices.Clone(s1.Alerts.Data.Alerts), newAlert("A900201", api.LevelNotice, "b21", "南湖区人民检察院")))
	src.ch <- s2
	wait("A900201")
	tm.Send(keyMsg("y"))
	wait("\x1b]52;c;")
	tm.Send(keyMsg("q"))
	rest, _ := io.ReadAll(tm.FinalOutput(t, teatest.WithFinalTimeout(15*time.Second)))
	out = append(out, rest...)
	if n := bells(out); n != 1 {
		t.Fatalf("%d bells, want 1", n)
	}
	if n := bytes.Count(out, []byte("\x1b]9;")); n != 1 {
		t.Fatalf("%d notifications, want 1", n)
	}
	fm := tm.FinalModel(t).(Model)
	top := fm.alerts.selected()
	if !bytes.Contains(out, []byte("\x1b]52;c;"+base64.StdEncoding.EncodeToString([]byte(top.CaseNo)))) {
		t.Fatalf("y did not copy %s", top.CaseNo)
	}
}

// raws runs cmd and returns what the RawMsgs among its messages print.
func raws(cmd tea.Cmd) string {
	if cmd == nil {
		return ""
	}
	switch msg := cmd().(type) {
	case tea.RawMsg:
		return msg.Msg.(string)
	case tea.BatchMsg:
		var out string
		for _, c := range msg {
			out += raws(c)
		}
		return out
	}
	return ""
}

// TestBellUpdate: table tests on Update for the bell's rules.
func TestBellUpdate(t *testing.T) {
	base := fixtureState(20)
	add := func(alerts ...*client.Alert) client.State {
		return withAlerts(base, append(slices.Clone(base.Alerts.Data.Alerts), alerts...))
	}
	n := func(id, level, unit string) *client.Alert {
		return newAlert(id, level, unit, "南湖区人民检察院")
	}
	for _, tc := range []struct {
		name string
		opts func(*Options)
		next client.State
		want string // what the terminal gets
	}{
		{"new overdue rings", nil, add(n("N1", api.LevelOverdue, "b21")), "\a"},
		{"two new overdue ring once", nil, add(n("N1", api.LevelOverdue, "b21"), n("N2", api.LevelOverdue, "b12")), "\a"},
		{"a new warning does not", nil, add(n("N1", api.LevelWarning, "b21")), ""},
		{"the same set does not", nil, base, ""},
		{"out of scope does not", func(o *Options) { o.Scope = "c2" }, add(n("N1", api.LevelOverdue, "b11")), ""},
		{"in scope does", func(o *Options) { o.Scope = "c2" }, add(n("N1", api.LevelOverdue, "b21")), "\a"},
		{"notify adds OSC 9 and 777", func(o *Options) { o.Notify = true }, add(n("N1", api.LevelOverdue, "b21")),
			"\a\x1b]9;案管看板: 新增超期1件 · 南湖区院 东检刑诉受[2023]N1号\a\x1b]777;notify;案管看板;新增超期1件 · 南湖区院 东检刑诉受[2023]N1号\a"},
		{"a wall is silent", func(o *Options) { o.Wall.Enabled = true }, add(n("N1", api.LevelOverdue, "b21")), ""},
		{"a wall notifies when asked", func(o *Options) { o.Wall.Enabled = true; o.Notify = true }, add(n("N1", api.LevelOverdue, "b21")), "\a\x1b]9;"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []harnessOpt
			if tc.opts != nil {
				opts = append(opts, tc.opts)
			}
			h := newHarness(t, 120, 40, base, opts...)
			_, cmd := h.m.Update(stateMsg{state: tc.next})
			got := raws(cmd)
			if tc.want == "" && got != "" || tc.want != "" && !strings.HasPrefix(got, tc.want) {
				t.Fatalf("printed %q, want %q", got, tc.want)
			}
		})
	}
	// Rung once: the alert in the next publication rings no more.
	h := newHarness(t, 120, 40, base)
	s1 := add(n("N1", api.LevelOverdue, "b21"))
	h.send(stateMsg{state: s1})
	if _, cmd := h.m.Update(stateMsg{state: withAlerts(s1, s1.Alerts.Data.Alerts)}); raws(cmd) != "" {
		t.Fatal("the same overdue alert rang twice")
	}
}
