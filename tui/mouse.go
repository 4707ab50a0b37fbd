package tui

import (
	tea "charm.land/bubbletea/v2"
)

// handleClick selects what was clicked: a tab, or what the screen on top
// has there (a panel, a row). Clicking the selected row opens it, like
// enter.
func (m *model) handleClick(ms tea.Mouse) tea.Cmd {
	if ms.Button != tea.MouseLeft || m.showHelp {
		return nil
	}
	if m.lay.tabsY >= 0 && ms.Y == m.lay.tabsY {
		if p, ok := m.tabAt(&m.common, ms.X); ok {
			for m.current() != screenDash {
				m.pop()
			}
			m.setFocus(p)
		}
		return nil
	}
	return m.update(m.top().click(&m.common, ms.X, ms.Y))
}

// wheelStep is how many lines a turn of the wheel scrolls what is under
// the pointer: three, up or down; 0 for a sideways turn.
func wheelStep(b tea.MouseButton) int {
	switch b {
	case tea.MouseWheelUp:
		return -3
	case tea.MouseWheelDown:
		return 3
	}
	return 0
}
