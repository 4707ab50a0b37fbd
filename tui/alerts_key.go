package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

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
		if a := p.selected(); a != nil {
			return openCaseMsg{id: a.CaseID, caseNo: a.CaseNo}
		}
	case key.Matches(k, km.Sort):
		p.sort = (p.sort + 1) % sortCount
		p.rebuild(c)
	case key.Matches(k, km.Level):
		p.level = cycle(p.shownLevels(), p.level)
		p.refilter(c)
	case key.Matches(k, km.Category):
		p.category = cycle(p.shownCategories(), p.category)
		p.refilter(c)
	case key.Matches(k, km.Filter):
		return openFilterMsg{}
	case key.Matches(k, km.Back):
		if p.level != "" || p.category != "" || p.query != "" {
			p.level, p.category, p.query = "", "", ""
			p.refilter(c)
		}
	case key.Matches(k, km.Ack):
		return startAckMsg{}
	}
	return nil
}

// setQuery sets the text filter (as typed in the filter prompt).
func (p *alertsPanel) setQuery(c *common, q string) {
	p.query = q
	p.refilter(c)
}
