package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/tui/termtext"
)

// Acknowledging from the case view (issue 14, review B3): `a` acknowledges
// the case's one open alert, or, when it has several, first lets the user
// choose which (↑/↓ move a ▶ over the case's alerts, enter takes it, esc
// gives up); the note prompt is then the alerts panel's. Under each alert
// the case view shows who acknowledged it, when and the note (ackview.go),
// an acknowledgement waiting in the outbox, and the earlier ones this
// dashboard saw replaced (the case system keeps one acknowledgement per
// alert, so that is all the history there is to show).

// caseAckPick is the case view's choice of the alert to acknowledge.
type caseAckPick struct {
	on  bool
	idx int // index into the case's alerts
}

// ackable reports whether alert a of a case can be acknowledged: the case
// system answers 409 for a rectified one.
func ackable(a *api.Alert) bool { return a.Status != api.StatusRectified }

// startAck begins an acknowledgement from the case view: nothing without
// data; the alert itself when there is one to choose; the choice when
// there are several. A refusal (read-only, no name) comes at once, from the
// root, before any choice.
func (v *caseView) startAck(c *common) tea.Msg {
	if v.data == nil {
		return nil
	}
	var open []int
	for i := range v.data.Alerts {
		if ackable(&v.data.Alerts[i]) {
			open = append(open, i)
		}
	}
	if len(open) == 0 {
		return startAckMsg{none: true}
	}
	first := client.NewAlert(v.data.Alerts[open[0]])
	if len(open) == 1 || c.ackRefusal(first) != "" {
		return startAckMsg{alert: first}
	}
	v.pick = caseAckPick{on: true, idx: open[0]}
	v.showPick(c)
	return statusMsg{text: c.cat.T("caseack.choose")}
}

// pickKey moves the choice, takes it (enter) or gives it up (esc); every
// other key is ignored while choosing.
func (v *caseView) pickKey(c *common, k tea.KeyPressMsg) tea.Msg {
	km := &c.keys
	step := 0
	switch {
	case key.Matches(k, km.Up):
		step = -1
	case key.Matches(k, km.Down), key.Matches(k, km.Ack):
		step = 1
	case key.Matches(k, km.Enter):
		v.pick.on = false
		if v.data == nil || v.pick.idx >= len(v.data.Alerts) {
			return nil
		}
		return startAckMsg{alert: client.NewAlert(v.data.Alerts[v.pick.idx])}
	case key.Matches(k, km.Back), k.String() == "ctrl+c":
		v.pick.on = false
		return statusMsg{text: ""}
	}
	if step != 0 && v.data != nil {
		n := len(v.data.Alerts)
		for i, j := 0, v.pick.idx; i < n; i++ {
			j = (j + step + n) % n
			if ackable(&v.data.Alerts[j]) {
				v.pick.idx = j
				break
			}
		}
		v.showPick(c)
	}
	return nil
}

// showPick scrolls the case so that the alert being chosen is on screen,
// with the lines under it (its acknowledgements) when they fit.
func (v *caseView) showPick(c *common) {
	in := inner(c.lay.body)
	lines := v.lines(c, in.w)
	for i, l := range lines {
		if strings.HasPrefix(ansi.Strip(l), glyphPinned+" ") {
			if i < v.scroll || i >= v.scroll+in.h {
				v.scroll = max(min(i-2, len(lines)-in.h), 0)
			}
			return
		}
	}
}

// picked reports whether alert i of the case is the one being chosen.
func (v *caseView) picked(i int) bool { return v.pick.on && v.pick.idx == i }

// ackHistory adds, under alert a of the case view, an acknowledgement of
// it waiting in the outbox and the earlier acknowledgements this dashboard
// saw delivered and since replaced, newest first.
func (c *common) ackHistory(d *doc, indent int, a *api.Alert) {
	s := c.styles
	pad := termtext.Spaces(indent)
	if p, ok := c.pendingAck(a.ID); ok {
		d.add(pad + s.Pending.Render(c.cat.F("caseack.pending", glyphPending, termtext.Truncate(p.By, 32), c.ackTime(p.QueuedAt))))
		if p.Note != "" {
			d.wrap(termtext.Spaces(indent+2), "“"+oneLine(p.Note)+"”", s.Muted)
		}
	}
	res := c.state.AckResults
	for i := len(res) - 1; i >= 0; i-- {
		r := res[i]
		if r.AlertID != a.ID || r.Alert == nil || r.Alert.Ack == nil || r.NoticeOp != "" {
			continue
		}
		old := r.Alert.Ack
		if a.Ack != nil && old.By == a.Ack.By && actedAt(old).Equal(actedAt(a.Ack)) && old.Note == a.Ack.Note {
			continue // the acknowledgement shown above
		}
		line := c.cat.F("caseack.before", termtext.Truncate(old.By, 32), c.ackTime(actedAt(old)))
		if old.Note != "" {
			line += " “" + termtext.Truncate(oneLine(old.Note), 60) + "”"
		}
		d.add(pad + s.Muted.Render(line))
	}
}

// ackCell is an acknowledgement on an alert row, compact: who, when, the
// note ("王芳 08:00 “已电话督促”"); the table cuts it to its column.
func (c *common) ackCell(ack *api.Ack) string {
	txt := ack.By + " " + c.ackTime(actedAt(ack))
	if ack.Note != "" {
		txt += " “" + oneLine(ack.Note) + "”"
	}
	return txt
}

// ackCellWidth is an upper bound of ackCell's width ("01-02 15:04" at
// most for the time), for sizing the column.
func ackCellWidth(ack *api.Ack) int {
	n := cellsOf(ack.By) + 12
	if ack.Note != "" {
		n += cellsOf(ack.Note) + 3
	}
	return n
}
