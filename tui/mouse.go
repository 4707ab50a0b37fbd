package tui

import (
	tea "charm.land/bubbletea/v2"
)

// handleClick selects what was clicked: a tab, a panel, a row. Clicking the
// selected row opens it, like enter.
func (m *model) handleClick(ms tea.Mouse) tea.Cmd {
	if ms.Button != tea.MouseLeft || m.showHelp {
		return nil
	}
	if m.lay.tabsY >= 0 && ms.Y == m.lay.tabsY {
		if p, ok := m.tabAt(ms.X); ok {
			for m.current() != screenDash {
				m.pop()
			}
			m.setFocus(p)
		}
		return nil
	}
	if m.current() != screenDash {
		if m.current() == screenDecisions {
			in := inner(m.lay.body)
			if i, ok := m.decView.table.RowAt(ms.Y - in.y - 1); ok && in.contains(ms.X, ms.Y) {
				if i == m.decView.table.Cursor() {
					if d := m.decView.selected(); d != nil {
						return m.openCase(d.CaseID, d.CaseNo)
					}
				}
				m.decView.table.SetCursor(i)
				m.decView.pick()
			}
		}
		return nil
	}
	for p := panel(0); p < panelCount; p++ {
		if !m.lay.wide && p != m.focus {
			continue
		}
		r := m.lay.panels[p]
		if !r.contains(ms.X, ms.Y) {
			continue
		}
		wasFocused := m.focus == p
		m.setFocus(p)
		in := inner(r)
		var y int
		switch p {
		case panelAlerts:
			y = ms.Y - in.y - m.alerts.summaryLines(&m.common)
			if i, ok := m.alerts.table.RowAt(y); ok {
				if wasFocused && i == m.alerts.table.Cursor() {
					if a := m.alerts.selected(); a != nil {
						return m.openCase(a.CaseID, a.CaseNo)
					}
				}
				m.alerts.table.SetCursor(i)
				m.alerts.pick()
			}
		case panelIndicators:
			y = ms.Y - in.y - 1
			if i, ok := m.inds.table.RowAt(y); ok {
				if wasFocused && i == m.inds.table.Cursor() {
					if ind := m.inds.selected(); ind != nil {
						return m.openIndicator(*ind)
					}
				}
				m.inds.table.SetCursor(i)
				m.inds.pick()
			}
		case panelCoverage:
			y = ms.Y - in.y - 1
			if i, ok := m.cov.table.RowAt(y); ok {
				if wasFocused && i == m.cov.table.Cursor() {
					if row := m.cov.selected(); row != nil {
						return m.openDecisions(*row)
					}
				}
				m.cov.table.SetCursor(i)
				m.cov.pick()
			}
		}
		return nil
	}
	return nil
}

// handleWheel scrolls what is under the pointer by three lines.
func (m *model) handleWheel(ms tea.Mouse) {
	step := 0
	switch ms.Button {
	case tea.MouseWheelUp:
		step = -3
	case tea.MouseWheelDown:
		step = 3
	default:
		return
	}
	in := inner(m.lay.body)
	if d := m.drillDown(); d != nil {
		d.wheel(&m.common, in, step)
		return
	}
	p := m.focus
	if m.lay.wide {
		for q := panel(0); q < panelCount; q++ {
			if m.lay.panels[q].contains(ms.X, ms.Y) {
				p = q
			}
		}
	}
	switch p {
	case panelAlerts:
		m.alerts.table.Scroll(step)
		m.alerts.pick()
	case panelIndicators:
		m.inds.table.Scroll(step)
		m.inds.pick()
	case panelCoverage:
		m.cov.table.Scroll(step)
		m.cov.pick()
	}
}
