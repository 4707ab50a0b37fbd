package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// A refused action never turns the keys typed after it into commands
// (issue 14, D3). An officer who presses `a` and types a note at once
// does not look at the footer first: if the acknowledgement is refused
// (read-only, a viewer's key, no case system, no name, no alert), the
// letters of the note must not change the sort, set filters or open a
// case. So a refusal opens a closed prompt: the footer says why, in the
// refusal's ink, every key is taken and dropped, and enter or esc closes
// it (ctrl+c still quits). Nothing is sent.

// refuse opens the refusal prompt with the reason why.
func (m *model) refuse(why string) tea.Cmd {
	m.prompt = promptRefused
	m.status, m.statusBad = why, true
	m.input.Blur()
	m.relayout()
	return nil
}

// refusedKey handles a key while the refusal prompt is open: enter or esc
// closes it, every other key is dropped.
func (m *model) refusedKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case k.String() == "ctrl+c":
		return m.quit()
	case key.Matches(k, m.keys.Enter, m.keys.Back):
		m.prompt = promptNone
		m.relayout()
	}
	return nil
}

// refusedLine is the footer while the refusal prompt is open.
func (m *model) refusedLine(w int) string {
	return fitLine(" "+m.styles.Flag.Render(m.status)+m.styles.Muted.Render(m.cat.T("refused.hint")), w)
}
