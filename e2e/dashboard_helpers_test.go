package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui"
)

// dashStart is the simulation time of the dashboard tests: frozen (speed
// 0), so the data holds still while the dashboard is driven.
var dashStart = time.Date(2024, 3, 12, 9, 0, 0, 0, sim.Zone)

// Sizes and timings of the dashboard tests: short poll intervals so that
// STALE (three intervals) and recovery come within a second.
const (
	dashW, dashH     = 120, 36
	dashAlertsEvery  = 200 * time.Millisecond
	dashSlowEvery    = 3 * time.Second // indicators and coverage
	dashWaitDefault  = 8 * time.Second
	dashUser         = "e2e-tester"
	dashCaseNoRegexp = `\S+〔\d{4}〕\d+号`
)

var dashCaseNo = regexp.MustCompile(dashCaseNoRegexp)

// dashEnv is one dashboard run against the reference case system: the
// system behind a gate, a real client and poller, and the dashboard in a
// teatest program.
type dashEnv struct {
	t      *testing.T
	sys    *casesim.System
	gate   *dashGate
	cl     *client.Client
	poller *client.Poller
	probe  *dashProbe
	tm     *teatest.TestModel
}

// dashOpen starts the reference system, the poller and the dashboard in
// language lang, and waits for the first alerts on screen.
func dashOpen(t *testing.T, lang i18n.Lang) *dashEnv {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	sys, err := casesim.Open(ctx, casesim.Options{DBPath: ":memory:", Seed: 1, Start: dashStart, Speed: 0})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close() })
	gate := &dashGate{h: sys.Handler()}
	srv := httptest.NewServer(gate)
	t.Cleanup(srv.Close)

	cl, err := client.New(client.Config{BaseURL: srv.URL, Timeout: 5 * time.Second, Deadline: 8 * time.Second, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	p, err := client.NewPoller(client.Options{
		Client:         cl,
		AlertsInterval: dashAlertsEvery, HealthInterval: dashAlertsEvery,
		IndicatorsInterval: dashSlowEvery, CoverageInterval: dashSlowEvery,
		MinBackoff: 100 * time.Millisecond, MaxBackoff: 300 * time.Millisecond,
		Stagger: 50 * time.Millisecond, RefreshGap: 100 * time.Millisecond,
		OutboxPath: filepath.Join(t.TempDir(), "outbox.json"),
	})
	if err != nil {
		t.Fatal(err)
	}
	p.Start(ctx)
	t.Cleanup(func() { p.Close() })

	m := tui.New(tui.Options{
		Source: p, Fetcher: cl, Lang: lang, Theme: theme.Dark, User: dashUser,
	})
	probe := &dashProbe{m: m, screen: &atomic.Pointer[string]{}}
	tm := teatest.NewTestModel(t, probe, teatest.WithInitialTermSize(dashW, dashH),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ANSI256)))
	t.Cleanup(func() {
		tm.Send(tea.QuitMsg{})
		tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
	})
	e := &dashEnv{t: t, sys: sys, gate: gate, cl: cl, poller: p, probe: probe, tm: tm}
	e.wait("the alerts on screen", func(s dashScreen) bool { return s.selectedCaseNo() != "" })
	return e
}

// key presses keys in turn: single characters or enter, esc, down.
func (e *dashEnv) key(keys ...string) {
	for _, k := range keys {
		switch k {
		case "enter":
			e.tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
		case "esc":
			e.tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
		case "down":
			e.tm.Send(tea.KeyPressMsg{Code: tea.KeyDown})
		default:
			for _, r := range k {
				e.tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
		}
	}
}

// wait polls the screen until cond holds, failing the test with the last
// screen after dashWaitDefault.
func (e *dashEnv) wait(what string, cond func(dashScreen) bool) dashScreen {
	e.t.Helper()
	deadline := time.Now().Add(dashWaitDefault)
	for {
		s := e.probe.current()
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("timed out waiting for %s; screen:\n%s", what, s.text())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// dashProbe wraps the dashboard so a test can read whole screens: it
// records every frame View renders. teatest's output holds only the cells
// the renderer changed, which is awkward for assertions on a whole line.
type dashProbe struct {
	m      tui.Model
	screen *atomic.Pointer[string]
}

// Init implements tea.Model.
func (p *dashProbe) Init() tea.Cmd { return p.m.Init() }

// Update implements tea.Model.
func (p *dashProbe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	nm, cmd := p.m.Update(msg)
	p.m = nm.(tui.Model)
	return p, cmd
}

// View implements tea.Model, recording the frame.
func (p *dashProbe) View() tea.View {
	v := p.m.View()
	s := v.Content
	p.screen.Store(&s)
	return v
}

// current returns the last frame rendered.
func (p *dashProbe) current() dashScreen {
	if s := p.screen.Load(); s != nil {
		return dashScreen(*s)
	}
	return ""
}

// dashScreen is one rendered frame, with its escape sequences.
type dashScreen string

// text is the frame as the eye reads it.
func (s dashScreen) text() string { return ansi.Strip(string(s)) }

// has reports whether the frame shows every one of subs.
func (s dashScreen) has(subs ...string) bool {
	txt := s.text()
	for _, sub := range subs {
		if !strings.Contains(txt, sub) {
			return false
		}
	}
	return true
}

// selectedPrefix is the escape sequence the dashboard opens the selected
// row with, in the tests' theme and colour profile.
var selectedPrefix = func() string {
	out := theme.New(theme.Dark, true, colorprofile.ANSI256).Selected.Render("\x00")
	return out[:strings.IndexByte(out, 0)]
}()

// selected returns the selected table row as text and its line on screen
// (-1 when no row is selected): the line inside a panel's border drawn
// with the selection's ink (the active tab shares the ink, outside any
// border).
func (s dashScreen) selected() (string, int) {
	for i, l := range strings.Split(string(s), "\n") {
		if selectedPrefix == "" || !strings.Contains(l, selectedPrefix) {
			continue
		}
		if txt := ansi.Strip(l); strings.HasPrefix(txt, "┃") || strings.HasPrefix(txt, "│") {
			return txt, i
		}
	}
	return "", -1
}

// selectedCaseNo returns the case number of the selected row, "" when
// none is selected.
func (s dashScreen) selectedCaseNo() string {
	row, _ := s.selected()
	return dashCaseNo.FindString(row)
}

// dashGate passes requests to the system while up; while down it hijacks
// every connection and closes it unanswered, so the client sees a reset
// (an unreachable API, not an error answer).
type dashGate struct {
	h    http.Handler
	down atomic.Bool
}

// ServeHTTP implements http.Handler.
func (g *dashGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !g.down.Load() {
		g.h.ServeHTTP(w, r)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("dashGate: the server cannot hijack")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		if tc, ok := conn.(interface{ SetLinger(int) error }); ok {
			_ = tc.SetLinger(0) // a reset rather than an orderly close
		}
		conn.Close()
	}
}
