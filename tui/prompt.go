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

// startAck opens the note prompt to acknowledge the selected alert. An
// alert already acknowledged, or whose acknowledgement still waits in the
// outbox, opens the prompt too, saying who acknowledged it and when, with
// the note prefilled: acknowledging again replaces the acknowledgement
// (as the API says), and whatever the officer types next goes into the
// note, never to the dashboard as commands.
func (m *model) startAck() tea.Cmd {
	a := m.alerts.selected()
	switch {
	case m.opts.ReadOnly && m.opts.ViewerKey:
		return m.refuse(m.cat.T("ack.viewer"))
	case m.opts.ReadOnly:
		return m.refuse(m.cat.T("ack.readonly"))
	case m.opts.Source == nil:
		return m.refuse(m.cat.T("ack.nosource"))
	case m.opts.User == "":
		return m.refuse(m.cat.T("ack.nouser"))
	case a == nil:
		return m.refuse(m.cat.T("refused.noalert"))
	}
	cmd := m.promptLine.openAck(&m.common, a)
	m.relayout()
	return cmd
}

// openAck opens the note prompt to acknowledge alert a.
func (pl *promptLine) openAck(c *common, a *client.Alert) tea.Cmd {
	caseNo := termtext.Truncate(a.CaseNo, 28) // 云阳检民监受〔2023〕3171号 is 26 cells
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

// submitAck sends the acknowledgement to the client's outbox.
func (m *model) submitAck() tea.Cmd {
	src := m.opts.Source
	id, caseNo, by, note := m.ackTarget, m.ackCaseNo, m.opts.User, m.input.Value()
	m.pendingLocal[id] = ""
	m.pending[id] = true
	m.ackedChanged()
	m.status = m.cat.F("ack.sending", caseNo)
	return func() tea.Msg {
		k, err := src.Acknowledge(id, by, note)
		return ackQueuedMsg{alertID: id, caseNo: caseNo, key: k, err: err}
	}
}

// ackQueued records the outbox's answer.
func (m *model) ackQueued(msg ackQueuedMsg) {
	if msg.err != nil {
		delete(m.pendingLocal, msg.alertID)
		delete(m.pending, msg.alertID)
		m.ackedChanged()
		m.status, m.statusBad = m.cat.F("ack.failed", msg.caseNo, errLine(msg.err)), true
		return
	}
	if _, ok := m.pendingLocal[msg.alertID]; ok {
		m.pendingLocal[msg.alertID] = msg.key
	}
	m.status, m.statusBad = m.cat.F("ack.queued", msg.caseNo), false
}

// syncPending merges the poller's outbox with acknowledgements not yet
// reported by it, and reports acknowledgements that left the outbox.
func (m *model) syncPending(first bool) {
	s := &m.state
	inOutbox := make(map[string]bool, len(s.Pending))
	for _, p := range s.Pending {
		if p.Notice != nil {
			continue // a notice to issue or close (notices.go)
		}
		inOutbox[p.AlertID] = true
		if k, ok := m.pendingLocal[p.AlertID]; ok && (k == "" || k == p.Key) {
			delete(m.pendingLocal, p.AlertID)
		}
	}
	// Results: only those after the last one seen are news.
	results := s.AckResults
	start := 0
	if m.lastAck.key != "" || !m.lastAck.at.IsZero() {
		for i := len(results) - 1; i >= 0; i-- {
			if results[i].Key == m.lastAck.key && results[i].At.Equal(m.lastAck.at) {
				start = i + 1
				break
			}
		}
	}
	if first {
		start = len(results)
	}
	for _, r := range results[start:] {
		if m.noticeResult(r) {
			continue
		}
		delete(m.pendingLocal, r.AlertID)
		caseNo := r.AlertID
		if r.Alert != nil && r.Alert.CaseNo != "" {
			caseNo = r.Alert.CaseNo
		}
		if r.Rejected || (r.Err != nil && r.Alert == nil) {
			msg := ""
			if r.Err != nil {
				msg = r.Err.Error()
			}
			m.status, m.statusBad = m.cat.F("ack.rejected", outside(caseNo), outside(msg)), true
		} else {
			m.status, m.statusBad = m.cat.F("ack.delivered", outside(caseNo)), false
		}
	}
	if n := len(results); n > 0 {
		m.lastAck = ackMark{key: results[n-1].Key, at: results[n-1].At}
	}
	m.pending = inOutbox
	for id := range m.pendingLocal {
		m.pending[id] = true
	}
}

// ackMark identifies the last acknowledgement result already reported.
type ackMark struct {
	key string
	at  time.Time
}
