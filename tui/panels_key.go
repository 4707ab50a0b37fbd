package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

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
		if ind := p.selected(); ind != nil {
			return openIndicatorMsg{ind: *ind}
		}
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
		if row := p.selected(); row != nil {
			return openDecisionsMsg{row: *row}
		}
	}
	return nil
}
