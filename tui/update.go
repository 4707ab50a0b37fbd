package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/tui/vtable"
)

// update applies one message to the model.
func (m *model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case nil: // a panel's key asked nothing of the root
		return nil
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.relayout()
		return nil
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.applyTheme()
		return nil
	case tea.ColorProfileMsg:
		m.profile = msg.Profile
		m.applyTheme()
		return nil
	case subscribedMsg:
		m.sub, m.subDone, m.cancel = msg.ch, make(chan struct{}), msg.cancel
		m.setState(msg.current)
		m.bell.see(&m.common, m.alerts.inScope) // what is there at start rings nothing
		return waitForState(m.sub, m.subDone)
	case stateMsg:
		m.setState(msg.state)
		ring := m.bell.ring(&m.common, m.wall.on, m.bell.see(&m.common, m.alerts.inScope))
		if m.sub == nil {
			return ring
		}
		return tea.Batch(ring, waitForState(m.sub, m.subDone))
	case subscriptionClosedMsg:
		// Still running without a subscription: the clock goes on (the
		// data's age with it), on a timer no longer tied to it.
		m.sub, m.subDone = nil, nil
		m.stopTick()
		return nil
	case tickMsg:
		m.tickFired(msg, m.now()) // Update arms the next after this update
		return nil
	case caseLoadedMsg:
		m.caseView.loaded(msg)
		return nil
	case rankingLoadedMsg:
		m.indView.loaded(msg)
		return nil
	case indicatorsLoadedMsg:
		m.inds.loaded(&m.common, msg)
		return nil
	case coverageLoadedMsg:
		m.cov.loaded(&m.common, msg)
		return nil
	case decisionsLoadedMsg:
		m.decView.loaded(&m.common, msg)
		return nil
	case ackQueuedMsg:
		if m.ackAnswered(&m.common, msg) {
			m.alerts.ackedChanged(&m.common)
		}
		return nil
	case noticeLoadedMsg:
		m.notices.detail.loaded(msg)
		return nil
	case noticeQueuedMsg:
		m.noticeQueued(msg)
		return nil
	case noticeUpward:
		return m.handleNoticeMsg(msg)
	case commonMsg: // export, bell, clipboard (export.go, bell.go)
		return msg.apply(&m.common)
	case openCaseMsg:
		if msg.fromCmd {
			m.showHelp = false
			m.status, m.statusBad = "", false
		}
		if m.push(screenCase) {
			m.leaveAlerts()
		}
		return m.caseView.open(&m.common, msg.id, msg.caseNo)
	case openIndicatorMsg:
		if m.push(screenIndicator) {
			m.leaveAlerts()
		}
		return m.indView.open(&m.common, msg.ind, &m.inds)
	case openDecisionsMsg:
		if msg.row.Over == 0 {
			m.status = m.cat.T("cov.nogap")
			return nil
		}
		if m.push(screenDecisions) {
			m.leaveAlerts()
		}
		return m.decView.open(&m.common, msg.row, &m.cov)
	case scopeMsg:
		if id, ok := m.scopeAfter(msg.step); ok {
			m.scopeID = id
			m.say(m.dashboard.scopeChanged(&m.common))
		}
		return nil
	case popMsg:
		m.pop()
		return nil
	case openFilterMsg:
		cmd := m.promptLine.openFilter(&m.common, m.alerts.query)
		m.relayout()
		return cmd
	case filterMsg:
		switch {
		case msg.clear:
			m.alerts.setQuery(&m.common, "")
		case msg.value != m.alerts.query:
			m.alerts.setQuery(&m.common, outside(msg.value))
		}
		return nil
	case submitAckMsg:
		cmd := m.sendAck(&m.common, m.ackTarget, m.ackCaseNo, m.input.Value())
		m.alerts.ackedChanged(&m.common)
		return cmd
	case startAckMsg:
		a := msg.alert
		if a == nil && !msg.none {
			a = m.alerts.selected()
		}
		if why := m.ackRefusal(a); why != "" {
			return m.refuse(why)
		}
		cmd := m.promptLine.openAck(&m.common, a)
		m.relayout()
		return cmd
	case openPickerMsg:
		return m.picker.start(&m.common)
	case setScopeMsg:
		// Every list lands on its top, the worst rows, and the footer says
		// where the scope went (scopeChanged).
		if m.units.unit(msg.id) != nil {
			m.showHelp = false
			m.scopeID = msg.id
			m.say(m.dashboard.scopeChanged(&m.common))
		}
		return nil
	case quitMsg:
		return m.quit()
	case runCommandMsg:
		return m.runCommand(msg.line, msg.cand)
	case nextViewMsg:
		if i, ok := m.viewAfter(m.view); ok {
			m.applyView(i)
		} else {
			m.status, m.statusBad = m.cat.T("cmd.noviews"), true
		}
		return nil
	case statusMsg:
		m.say(msg)
		return nil
	case caseSearchMsg:
		if m.cmd.searched(&m.common, msg) {
			return m.update(m.cmd.bestCase(&m.common, msg.q))
		}
		return nil
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseClickMsg:
		if !m.opts.NoMouse && m.prompt == promptNone && !m.cmd.open && !m.picker.open {
			return m.handleClick(msg.Mouse())
		}
		return nil
	case tea.MouseWheelMsg:
		if !m.opts.NoMouse && m.prompt == promptNone && !m.cmd.open && !m.picker.open {
			if ms := msg.Mouse(); wheelStep(ms.Button) != 0 {
				m.top().wheel(&m.common, ms.X, ms.Y, wheelStep(ms.Button))
			}
		}
		return nil
	}
	if m.prompt != promptNone {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return cmd
	}
	return nil
}

// setState takes in a state published by the poller and re-derives what
// depends on the data that changed.
func (m *model) setState(s client.State) {
	if !m.hasState || !sameData(&m.state, &s) {
		m.dataVer++
	}
	first := !m.hasState
	notice := m.alerts.summaryLines(&m.common)
	m.state, m.hasState = s, true
	if m.alerts.summaryLines(&m.common) != notice {
		m.dashboard.fit(&m.common) // the alerts notice line came or went
	}
	m.anchorSim(s)
	if s.Units.HasData && !m.units.sameUnits(s.Units.Data.Units) {
		m.units = buildUnits(s.Units.Data.Units, m.cat.Lang())
		m.alerts.dropSearchText() // it holds the units' names
		if m.scopeID != "" && m.units.unit(m.scopeID) == nil {
			// Never silently: the officer who set a scope is told (D12).
			bad := outside(m.scopeID)
			m.scopeID = ""
			m.status, m.statusBad = m.cat.F("scope.unknown", bad)+" · "+m.scopeName(), true
		}
		m.alerts.setScope(&m.common)
		m.resolveViewScope()
	}
	m.syncAcks(&m.common, first, m.noticeResult)
	if (s.OutboxErr != nil) != m.lay.outbox && !m.wall.on {
		m.relayout()
	}
	unit := m.scopeUnit()
	off := computeOffline(s, linkOf(s.Indicators[unit]), linkOf(m.cov.snapshot(&m.common, unit)))
	if off.active != m.offline.active {
		m.offline = off
		m.relayout()
	}
	m.offline = off
	if m.wall.on {
		if pinned, relayout := m.wall.seeAlerts(&m.common, &m.dashboard); pinned {
			m.showHelp = false
			if relayout {
				m.relayout()
			}
		}
	}
	m.syncNotices()
	m.alerts.sync(&m.common)
	m.inds.sync(&m.common, false)
	m.cov.sync(&m.common, false)
}

// handleKey dispatches a key press.
func (m *model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	if m.wall.on {
		if !m.wall.kiosk {
			if cmd, ok := m.commonKey(k); ok {
				return cmd
			}
		}
		up, relayout := m.wall.key(&m.common, &m.dashboard, k)
		if relayout {
			m.relayout()
		}
		return m.update(up)
	}
	switch m.prompt {
	case promptNone:
	case promptRefused:
		up, closed := m.refusedKey(&m.common, k)
		if closed {
			m.relayout()
		}
		return m.update(up)
	default:
		up, cmd := m.promptLine.key(&m.common, k)
		return tea.Batch(cmd, m.update(up))
	}
	if m.cmd.open {
		up, cmd := m.cmd.key(&m.common, k)
		return tea.Batch(cmd, m.update(up))
	}
	if m.picker.open {
		return m.update(m.picker.key(k))
	}
	if m.notices.captures(&m.screenStack) {
		return m.noticeCaptureKey(k)
	}
	m.status, m.statusBad = "", false
	if cmd, ok := m.commonKey(k); ok {
		return cmd
	}
	if key.Matches(k, m.keys.Command) {
		return m.cmd.start(&m.common)
	}
	return m.update(m.top().key(&m.common, k))
}

// commonKey handles the keys of every screen, the wall's included: quit,
// help (while it is open, it takes every key and closes on help or back)
// and refresh. It reports whether it took the key.
func (m *model) commonKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := &m.keys
	switch {
	case key.Matches(k, km.Quit):
		return m.quit(), true
	case m.showHelp:
		if key.Matches(k, km.Help, km.Back) {
			m.showHelp = false
		}
		m.helpScroll(k, m.screenKeys(), &m.helpOff)
		return nil, true
	case key.Matches(k, km.Help):
		m.showHelp, m.helpOff = true, 0
		return nil, true
	case key.Matches(k, km.Refresh):
		return m.refresh(), true
	}
	return nil, false
}

// quit ends the subscription and the program.
func (m *model) quit() tea.Cmd {
	cancel := m.cancel
	m.cancel = nil
	m.quitting = true
	m.stopTick()
	return func() tea.Msg {
		if cancel != nil {
			cancel()
		}
		return tea.QuitMsg{}
	}
}

// refresh asks the poller for fresh data now, and reloads the drill-down
// on screen.
func (m *model) refresh() tea.Cmd {
	m.status = m.cat.T("status.refresh")
	var cmds []tea.Cmd
	if src := m.opts.Source; src != nil {
		cmds = append(cmds, func() tea.Msg { src.Refresh(); return nil })
	}
	if cmd := m.top().refresh(&m.common); cmd != nil {
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// tableKey applies a navigation key to a table's cursor; it reports whether
// the key was one.
func (c *common) tableKey(k tea.KeyPressMsg, t *vtable.Model) bool {
	km := &c.keys
	switch {
	case key.Matches(k, km.Up):
		t.Move(-1)
	case key.Matches(k, km.Down):
		t.Move(1)
	case key.Matches(k, km.PageUp):
		t.PageUp()
	case key.Matches(k, km.PageDown):
		t.PageDown()
	case key.Matches(k, km.Top):
		t.Top()
	case key.Matches(k, km.Bottom):
		t.Bottom()
	default:
		return false
	}
	return true
}

// cursorItem returns the item of data on the table's cursor row, where
// rows maps the table's rows to indexes into data; nil when it has none.
func cursorItem[T any](data []T, rows []int, t *vtable.Model) *T {
	if len(rows) == 0 {
		return nil
	}
	return &data[rows[t.Cursor()]]
}

// cycle returns the value after cur in "" → vals… → "".
func cycle(vals []string, cur string) string {
	if cur == "" {
		return vals[0]
	}
	for i, v := range vals {
		if v == cur && i+1 < len(vals) {
			return vals[i+1]
		}
	}
	return ""
}
