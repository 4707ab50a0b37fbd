package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/client"
)

// ackBook is the root's bookkeeping of the acknowledgements sent from this
// dashboard: those the poller has not reported in its outbox yet, and the
// last result already told. The root embeds it; its methods derive
// common.pending and set common's status line for the root (the one part
// of common they write), and tell the root when an alert's pending mark
// changed, so that it re-arranges the alerts (alertsPanel.ackedChanged).
type ackBook struct {
	pendingLocal map[string]string // alert id -> idempotency key, until the poller reports it
	lastAck      ackMark           // the last AckResult reported
}

// sendAck sends the acknowledgement of alert id (of case caseNo) with note
// to the client's outbox, the alert pending from now on; the outbox's
// answer comes back as ackQueuedMsg.
func (b *ackBook) sendAck(c *common, id, caseNo, note string) tea.Cmd {
	src, by := c.opts.Source, c.opts.User
	b.pendingLocal[id] = ""
	c.pending[id] = true
	c.status = c.cat.F("ack.sending", caseNo)
	return func() tea.Msg {
		k, err := src.Acknowledge(id, by, note)
		return ackQueuedMsg{alertID: id, caseNo: caseNo, key: k, err: err}
	}
}

// ackAnswered records the outbox's answer. It reports whether the alert is
// no longer pending (the outbox refused it).
func (b *ackBook) ackAnswered(c *common, msg ackQueuedMsg) (unpended bool) {
	if msg.err != nil {
		delete(b.pendingLocal, msg.alertID)
		delete(c.pending, msg.alertID)
		c.status, c.statusBad = c.cat.F("ack.failed", msg.caseNo, errLine(msg.err)), true
		return true
	}
	if _, ok := b.pendingLocal[msg.alertID]; ok {
		b.pendingLocal[msg.alertID] = msg.key
	}
	c.status, c.statusBad = c.cat.F("ack.queued", msg.caseNo), false
	return false
}

// syncAcks merges the poller's outbox (in c.state) with acknowledgements
// not yet reported by it, and reports acknowledgements that left the
// outbox; first is the first state, whose results are old news. A result
// of a notice is the notices' (noticeResult reports whether it took it).
func (b *ackBook) syncAcks(c *common, first bool, noticeResult func(client.AckResult) bool) {
	s := &c.state
	inOutbox := make(map[string]bool, len(s.Pending))
	for _, p := range s.Pending {
		if p.Notice != nil {
			continue // a notice to issue or close (notices.go)
		}
		inOutbox[p.AlertID] = true
		if k, ok := b.pendingLocal[p.AlertID]; ok && (k == "" || k == p.Key) {
			delete(b.pendingLocal, p.AlertID)
		}
	}
	// Results: only those after the last one seen are news.
	results := s.AckResults
	start := 0
	if b.lastAck.key != "" || !b.lastAck.at.IsZero() {
		for i := len(results) - 1; i >= 0; i-- {
			if results[i].Key == b.lastAck.key && results[i].At.Equal(b.lastAck.at) {
				start = i + 1
				break
			}
		}
	}
	if first {
		start = len(results)
	}
	for _, r := range results[start:] {
		if noticeResult(r) {
			continue
		}
		delete(b.pendingLocal, r.AlertID)
		caseNo := r.AlertID
		if r.Alert != nil && r.Alert.CaseNo != "" {
			caseNo = r.Alert.CaseNo
		}
		if r.Rejected || (r.Err != nil && r.Alert == nil) {
			msg := ""
			if r.Err != nil {
				msg = r.Err.Error()
			}
			c.status, c.statusBad = c.cat.F("ack.rejected", outside(caseNo), outside(msg)), true
		} else {
			c.status, c.statusBad = c.cat.F("ack.delivered", outside(caseNo)), false
		}
	}
	if n := len(results); n > 0 {
		b.lastAck = ackMark{key: results[n-1].Key, at: results[n-1].At}
	}
	c.pending = inOutbox
	for id := range b.pendingLocal {
		c.pending[id] = true
	}
}
