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
// closes it (and the root lays the footer out again), ctrl+c quits
// (quitMsg), every other key is dropped.
func (pl *promptLine) refusedKey(c *common, k tea.KeyPressMsg) (up tea.Msg, closed bool) {
	switch {
	case k.String() == "ctrl+c":
		return quitMsg{}, false
	case key.Matches(k, c.keys.Enter, c.keys.Back):
		pl.prompt = promptNone
		return nil, true
	}
	return nil, false
}

// refusedLine is the footer while the refusal prompt is open: the reason
// (the status line) and how to go on.
func (c *common) refusedLine(w int) string {
	return fitLine(" "+c.styles.Flag.Render(c.status)+c.styles.Muted.Render(c.cat.T("refused.hint")), w)
}
