package tui

import (
	"fmt"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/tui/termtext"
)

// promptLine is the line editor open in the footer, if any: the alerts'
// text filter, the note of an acknowledgement, or a refusal (refused.go).
// The root embeds it (m.prompt, m.input) and lays the footer out after it
// opens or closes.
type promptLine struct {
	prompt    prompt
	input     textinput.Model
	ackTarget string // the alert the note acknowledges…
	ackCaseNo string // …and its case number
}

// openFilter opens the text filter of the alerts panel, holding query.
func (pl *promptLine) openFilter(c *common, query string) tea.Cmd {
	pl.prompt = promptFilter
	pl.input.Prompt = c.cat.T("filter.prompt")
	pl.input.Placeholder = c.cat.T("filter.placeholder")
	pl.input.CharLimit = 80
	pl.input.SetValue(query)
	pl.input.CursorEnd()
	return pl.input.Focus()
}

// ackRefusal says why the alert a (nil: none selected) cannot be
// acknowledged here, "" when it can. An alert already acknowledged, or
// whose acknowledgement still waits in the outbox, can be: the prompt
// (openAck) says who acknowledged it and when, with the note prefilled;
// acknowledging again replaces the acknowledgement (as the API says), and
// whatever the officer types next goes into the note, never to the
// dashboard as commands.
func (c *common) ackRefusal(a *client.Alert) string {
	switch {
	case c.opts.ReadOnly && c.opts.ViewerKey:
		return c.cat.T("ack.viewer")
	case c.opts.ReadOnly:
		return c.cat.T("ack.readonly")
	case c.opts.Source == nil:
		return c.cat.T("ack.nosource")
	case c.opts.User == "":
		return c.cat.T("ack.nouser")
	case a == nil:
		return c.cat.T("refused.noalert")
	}
	return ""
}

// openAck opens the note prompt to acknowledge alert a.
func (pl *promptLine) openAck(c *common, a *client.Alert) tea.Cmd {
	caseNo := termtext.Truncate(a.CaseNo, 28) // 黛阳检民监受〔2023〕3171号 is 26 cells
	prompt, note := c.cat.F("ack.prompt", caseNo), ""
	switch p, ok := c.pendingAck(a.ID); {
	case c.pending[a.ID]:
		prompt = c.cat.F("ack.repending", caseNo)
		if ok {
			note = p.Note
		}
	case a.Ack != nil:
		prompt = c.cat.F("ack.reprompt", termtext.Truncate(a.Ack.By, 16), c.ackTime(actedAt(a.Ack)), caseNo)
		note = oneLine(a.Ack.Note)
	}
	pl.prompt = promptAck
	pl.ackTarget, pl.ackCaseNo = a.ID, a.CaseNo
	pl.input.Prompt = prompt
	pl.input.Placeholder = c.cat.T("ack.placeholder")
	pl.input.CharLimit = client.MaxAckNote
	pl.input.SetValue(note)
	pl.input.CursorEnd()
	return pl.input.Focus()
}

// pendingAck returns the newest acknowledgement of alertID in the outbox.
func (c *common) pendingAck(alertID string) (client.PendingAck, bool) {
	for i := len(c.state.Pending) - 1; i >= 0; i-- {
		if p := c.state.Pending[i]; p.AlertID == alertID {
			return p, true
		}
	}
	return client.PendingAck{}, false
}

// ackCounter is the note's length against the contract's limit, shown
// beside the open acknowledgement prompt.
func (pl *promptLine) ackCounter() string {
	return fmt.Sprintf(" %d/%d", utf8.RuneCountInString(pl.input.Value()), client.MaxAckNote)
}

// key handles a key while the filter or the note prompt is open: enter
// closes it (and sends the note: submitAckMsg), esc closes it (and clears
// the filter), other keys edit the line (the filter follows: filterMsg).
func (pl *promptLine) key(c *common, k tea.KeyPressMsg) (up tea.Msg, cmd tea.Cmd) {
	switch {
	case k.String() == "ctrl+c":
		return quitMsg{}, nil
	case key.Matches(k, c.keys.Enter):
		p := pl.prompt
		pl.closePrompt()
		if p == promptAck {
			return submitAckMsg{}, nil
		}
		return nil, nil
	case key.Matches(k, c.keys.Back):
		if pl.prompt == promptFilter {
			pl.closePrompt()
			return filterMsg{clear: true}, nil
		}
		pl.closePrompt()
		return nil, nil
	}
	pl.input, cmd = pl.input.Update(k)
	if pl.prompt == promptFilter {
		return filterMsg{value: pl.input.Value()}, cmd
	}
	return nil, cmd
}

// closePrompt closes the open prompt.
func (pl *promptLine) closePrompt() {
	pl.prompt = promptNone
	pl.input.Blur()
}

// ackMark identifies the last acknowledgement result already reported.
type ackMark struct {
	key string
	at  time.Time
}
