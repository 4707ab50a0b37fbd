package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/tui/vtable"
)

// The three panels as dashPanel (dashboard.go).

func (p *alertsPanel) fresh(c *common) freshness     { return freshOf(c, c.state.Alerts) }
func (p *alertsPanel) grid() *vtable.Model           { return &p.table }
func (p *alertsPanel) above(c *common) int           { return p.summaryLines(c) }
func (p *indicatorsPanel) fresh(c *common) freshness { return freshOf(c, p.snap) }
func (p *indicatorsPanel) grid() *vtable.Model       { return &p.table }
func (p *indicatorsPanel) above(*common) int         { return 1 }
func (p *coveragePanel) fresh(c *common) freshness   { return freshOf(c, p.snap) }
func (p *coveragePanel) grid() *vtable.Model         { return &p.table }
func (p *coveragePanel) above(*common) int           { return 1 }

func (p *alertsPanel) open() tea.Msg {
	if a := p.selected(); a != nil {
		return openCaseMsg{id: a.CaseID, caseNo: a.CaseNo}
	}
	return nil
}

func (p *indicatorsPanel) open() tea.Msg {
	if ind := p.selected(); ind != nil {
		return openIndicatorMsg{ind: *ind}
	}
	return nil
}

func (p *coveragePanel) open() tea.Msg {
	if row := p.selected(); row != nil {
		return openDecisionsMsg{row: *row}
	}
	return nil
}

func (p *alertsPanel) ownKeys(km *KeyMap) []key.Binding {
	return []key.Binding{km.Enter, km.Ack, km.Notices.Issue, km.Filter, km.Sort, km.Level, km.Category, km.AbsTime, km.SeenAll}
}

func (p *indicatorsPanel) ownKeys(km *KeyMap) []key.Binding {
	return []key.Binding{km.Enter, km.Order, km.IndicatorPeriod}
}

func (p *coveragePanel) ownKeys(km *KeyMap) []key.Binding {
	return []key.Binding{km.Enter, km.By, km.CoveragePeriod}
}

// key handles a key on the alerts panel; what the root must do (open a
// case, a prompt) it returns as a message upward (upward.go).
func (p *alertsPanel) key(c *common, k tea.KeyPressMsg) tea.Msg {
	if c.tableKey(k, &p.table) {
		p.pick()
		return nil
	}
	km := &c.keys
	switch {
	case key.Matches(k, km.Enter):
		if msg := p.open(); msg != nil {
			return msg
		}
		p.toggleGroup(c)
	case key.Matches(k, km.Group):
		return p.setGroup(c, (p.group+1)%groupCount)
	case key.Matches(k, km.Hide):
		return p.setAcked(c, (p.acked+1)%ackedCount)
	case key.Matches(k, km.Sort):
		p.sort = (p.sort + 1) % sortCount
		p.rebuild(c)
	case key.Matches(k, km.Level):
		p.level = cycle(p.shownLevels(), p.level)
		p.refilter(c)
		p.toTop()
	case key.Matches(k, km.Category):
		p.category = cycle(p.shownCategories(), p.category)
		p.refilter(c)
		p.toTop()
	case key.Matches(k, km.Filter):
		return openFilterMsg{}
	case key.Matches(k, km.AbsTime):
		p.absDue = !p.absDue
		p.fitColumns(c)
	case key.Matches(k, km.SeenAll):
		p.markAllSeen()
	case key.Matches(k, km.Back):
		if p.level != "" || p.category != "" || p.query != "" {
			p.level, p.category, p.query = "", "", ""
			p.refilter(c)
			p.toTop()
		}
	case key.Matches(k, km.Ack):
		return startAckMsg{}
	case key.Matches(k, km.Notices.Issue):
		return startNoticeMsg{}
	}
	return nil
}

// setQuery sets the text filter (as typed in the filter prompt).
func (p *alertsPanel) setQuery(c *common, q string) {
	p.query = q
	p.refilter(c)
	p.toTop()
}

// key handles a key on the indicators panel; opening an indicator it asks
// of the root (upward.go).
func (p *indicatorsPanel) key(c *common, k tea.KeyPressMsg) tea.Msg {
	if c.tableKey(k, &p.table) {
		p.pick()
		return nil
	}
	switch {
	case key.Matches(k, c.keys.Order):
		p.byVol = !p.byVol
		p.rebuild()
	case key.Matches(k, c.keys.IndicatorPeriod):
		p.period = (p.period + 1) % indPeriods
		p.table.SetCursor(0)
		p.sync(c, true)
	case key.Matches(k, c.keys.Enter):
		return p.open()
	}
	return nil
}

// key handles a key on the coverage panel; opening a row's decisions it
// asks of the root (upward.go).
func (p *coveragePanel) key(c *common, k tea.KeyPressMsg) tea.Msg {
	if c.tableKey(k, &p.table) {
		p.pick()
		return nil
	}
	switch {
	case key.Matches(k, c.keys.CoveragePeriod):
		p.period = (p.period + 1) % indPeriods
		p.selKey = ""
		p.table.SetCursor(0)
		p.sync(c, true)
		p.fit()
	case key.Matches(k, c.keys.By):
		p.byPerson = !p.byPerson
		p.selKey = ""
		p.table.SetColumns(p.columns(c))
		p.table.SetCursor(0)
		p.sync(c, true)
		p.fit()
	case key.Matches(k, c.keys.Enter):
		return p.open()
	}
	return nil
}
