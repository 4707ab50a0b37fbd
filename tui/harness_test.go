package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
)

func init() {
	// Tests never wait for the clock.
	tickFunc = func(time.Duration, <-chan struct{}, <-chan struct{}, func(time.Time) tea.Msg) tea.Cmd { return nil }
}

// harness drives a Model synchronously: every command's message is fed
// back into Update until none is left.
type harness struct {
	t   testing.TB
	m   Model
	src *fakeSource
	f   *fakeFetcher
}

type harnessOpt func(*Options)

func withLang(l i18n.Lang) harnessOpt { return func(o *Options) { o.Lang = l } }
func readOnly() harnessOpt            { return func(o *Options) { o.ReadOnly = true } }

// newHarness builds a model of size w×h fed with state s.
func newHarness(t testing.TB, w, h int, s client.State, opts ...harnessOpt) *harness {
	t.Helper()
	src := newFakeSource(s)
	f := newFakeFetcher()
	o := Options{Source: src, Fetcher: f, Demo: true, Lang: i18n.ZH, Theme: theme.Dark, User: "测试员",
		Now: func() time.Time { return fixedNow }}
	for _, fn := range opts {
		fn(&o)
	}
	hs := &harness{t: t, m: New(o), src: src, f: f}
	hs.send(tea.ColorProfileMsg{Profile: colorprofile.ANSI256})
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.send(stateMsg{state: s})
	return hs
}

// send feeds msg to the model and runs the commands it returns.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	nm, cmd := h.m.Update(msg)
	h.m = nm.(Model)
	h.run(cmd)
}

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case tea.QuitMsg:
	default:
		h.send(msg)
	}
}

// keys presses each key in turn: single characters, or names like
// "enter", "esc", "tab", "down".
func (h *harness) keys(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	code := r
	if r >= 'A' && r <= 'Z' {
		code = r + ('a' - 'A')
		return tea.KeyPressMsg{Code: code, Text: k, Mod: tea.ModShift, ShiftedCode: r}
	}
	return tea.KeyPressMsg{Code: code, Text: k}
}

// typeText types s into an open prompt.
func (h *harness) typeText(s string) {
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// view renders the screen without escape sequences.
func (h *harness) view() string {
	return ansi.Strip(h.m.View().Content)
}

// checkFrame asserts the screen is exactly w×h cells: every line as wide
// as the terminal, so no border broke and no row wrapped.
func checkFrame(t testing.TB, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Fatalf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("line %d is %d cells wide, want %d:\n%q", i, got, w, l)
		}
	}
}
