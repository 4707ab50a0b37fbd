package tui

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
)

// panel names the three panels of the dashboard.
type panel int

const (
	panelAlerts panel = iota
	panelIndicators
	panelCoverage
	panelCount
)

// screen names what fills the body: the dashboard or a drill-down.
type screen int

const (
	screenDash screen = iota
	screenIndicator
	screenDecisions
	screenCase
	screenNotices       // the notices (notices.go)
	screenNotice        // one notice
	screenNoticeForm    // the issue form
	screenNoticeConfirm // 销号 or 退回
)

// prompt names the line editor open in the footer, if any.
type prompt int

const (
	promptNone prompt = iota
	promptFilter
	promptAck
	promptRefused // a refused action's reason, taking every key (refused.go)
)

// Model is the root Bubble Tea model of the dashboard. Build it with New;
// it is driven entirely by messages, so tests can feed it any.
//
// A Model is a small handle on the dashboard's state: Update changes the
// state in place and returns the same handle, so copies of a Model share
// state. (Copying the whole state by value on every message would cost
// tens of kilobytes per key press.)
type Model struct {
	*model
}

// model is the dashboard's state.
type model struct {
	common    // shared with the panels and screens (common.go)
	dashboard // the first screen: the three panels (dashboard.go)

	isDark  bool
	profile colorprofile.Profile
	help    help.Model

	screenStack // the drill-downs over the dashboard (screens.go)
	showHelp    bool
	helpOff     int // the help's scroll offset (help_all.go)

	sub     <-chan client.State
	subDone chan struct{} // closed when sub is (see waitForState)
	cancel  func()

	indView  indicatorView
	decView  decisionsView
	caseView caseView
	notices  noticesState // the notices' screens (notices.go)

	cmd    cmdLine     // the `:` command line (cmdline.go)
	picker scopePicker // the scope picker (picker.go)
	view   int         // the saved view (common.views) last switched to, -1 for none
	// viewPending is a view's scope waiting for the units to be known.
	viewPending string

	promptLine // the line editor in the footer (prompt.go)

	ackBook // the acknowledgements sent from here (acks.go)

	ticker                // the clock's one pending tick (clock.go)
	quitting   bool       // quit was asked: nothing more to tick for
	sched      [2]changes // nextChange's buffers: real and simulation times
	schedFirst time.Time  // the earliest change nextChange found (before its slack)

	wall wallState // wall-display mode (see wall.go)
	bell bellState // the new overdue alerts rung (bell.go)

	frameCache        // the frame drawn last (framecache.go)
	dataVer    uint64 // bumped by each publication that changes data (see sameData)
}

// New builds the dashboard model. Nothing is fetched or subscribed until
// the program runs Init.
func New(opts Options) Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.FetchTimeout <= 0 {
		opts.FetchTimeout = fetchTimeoutDefault
	}
	opts.Identity = outside(opts.Identity) // a key's name="…", drawn in the header
	wall := setupWall(&opts)
	m := &model{
		common: common{
			opts:    opts,
			now:     opts.Now,
			cat:     i18n.New(opts.Lang),
			scopeID: opts.Scope,
			pending: map[string]bool{},
			views:   opts.Views,
		},
		wall:    wall,
		isDark:  true,
		profile: colorprofile.ANSI256,
		help:    help.New(),
		ackBook: ackBook{pendingLocal: map[string]string{}},
		view:    -1,
	}
	m.keys = DefaultKeyMap(m.cat)
	m.alerts = newAlertsPanel()
	m.alerts.onWall = wall.on
	m.dashboard.onWall = wall.on
	m.notices = newNoticesState()
	m.inds = newIndicatorsPanel()
	m.cov = newCoveragePanel()
	m.input = textinput.New()
	if wall.on {
		m.focus = wall.order[0]
	}
	m.applyTheme()
	m.alerts.table.SetColumns(m.alerts.columns(&m.common))
	m.inds.table.SetColumns(m.inds.columns(&m.common))
	m.cov.table.SetColumns(m.cov.columns(&m.common))
	m.decView.table.SetColumns(m.decView.columns(&m.common))
	if i := m.startViews(wall.on); i >= 0 {
		// The default view, but a scope given in Options (the --scope
		// flag) wins over the view's.
		m.applyView(i)
		if m.opts.Scope != "" {
			m.scopeID, m.viewPending = m.opts.Scope, ""
		}
		m.status, m.statusBad = "", false
	}
	m.present(false)
	return Model{m}
}

// Init implements tea.Model: it asks the terminal for its background
// colour and subscribes to the poller. The clock starts with the first
// window size.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if src := m.opts.Source; src != nil {
		cmds = append(cmds, func() tea.Msg {
			ch, cancel := src.Subscribe()
			return subscribedMsg{ch: ch, cancel: cancel, current: src.Current()}
		})
	}
	return tea.Batch(cmds...)
}

// waitForState blocks on the subscription until the poller publishes.
// When the subscription ends it closes done (one wait is pending at a
// time, so it is closed once): a dashboard stopped from outside, whose
// subscription its host ends (see sshserve), then has no timer left
// behind either (see ticker).
func waitForState(ch <-chan client.State, done chan struct{}) tea.Cmd {
	return func() tea.Msg {
		s, ok := <-ch
		if !ok {
			close(done)
			return subscriptionClosedMsg{}
		}
		return stateMsg{state: s}
	}
}

// Update implements tea.Model.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, isState := msg.(stateMsg)
	cmd := m.update(msg)
	if m.wall.on && m.wall.step(&m.common, &m.dashboard) {
		m.relayout()
	}
	m.holdSim()
	if m.width > 0 && !m.quitting { // the clock (see ticker)
		now := m.now()
		if tick := m.ticker.arm(now, m.nextChange(now), m.subDone); tick != nil {
			cmd = tea.Batch(cmd, tick)
		}
	}
	if f := m.inds.periodFetch(&m.common); f != nil {
		cmd = tea.Batch(cmd, f)
	}
	if f := m.cov.periodFetch(&m.common); f != nil {
		cmd = tea.Batch(cmd, f)
	}
	if f := m.notices.detailFetch(&m.common, m.current() == screenNotice); f != nil {
		cmd = tea.Batch(cmd, f)
	}
	// Only a poller publication may leave the frame as it was (see
	// framecache.go); every other message draws it again.
	m.present(isState)
	return m, cmd
}

// nextReq returns a fresh request id for an on-demand fetch.
func (c *common) nextReq() int {
	c.reqSeq++
	return c.reqSeq
}

// applyTheme rebuilds styles after a change of theme, background or
// colour profile.
func (m *model) applyTheme() {
	m.styles = theme.New(m.opts.Theme, m.isDark, m.profile)
	s := m.styles
	m.help.Styles = help.Styles{
		Ellipsis:       s.HelpSep,
		ShortKey:       s.HelpKey,
		ShortDesc:      s.HelpDesc,
		ShortSeparator: s.HelpSep,
		FullKey:        s.HelpKey,
		FullDesc:       s.HelpDesc,
		FullSeparator:  s.HelpSep,
	}
	ts := textinput.DefaultStyles(m.isDark)
	ts.Focused.Prompt = s.Prompt
	ts.Focused.Text = s.Input
	ts.Focused.Placeholder = s.Placeholder
	ts.Blurred = ts.Focused
	ts.Cursor.Blink = false // no ticking cursor on a wall display
	m.input.SetStyles(ts)
	m.alerts.table.SetStyles(m.tableStyles())
	m.inds.table.SetStyles(m.tableStyles())
	m.cov.table.SetStyles(m.tableStyles())
	m.decView.table.SetStyles(m.tableStyles())
	m.notices.list.table.SetStyles(m.tableStyles())
}
