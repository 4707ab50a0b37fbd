package tui

import (
	"fmt"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// noticeConfirm is the confirmation of a closure (销号) or a sending back
// (退回重新整改) of a replied notice, with an optional note.
type noticeConfirm struct {
	n      api.Notice
	reopen bool
	note   textinput.Model
}

// noticeLabel names a notice for a message: its number, or its case.
func noticeLabel(n *api.Notice) string {
	if n.Number != "" {
		return n.Number
	}
	return n.CaseNo
}

// askClose opens the confirmation of closing (or with reopen, sending
// back) the notice of row r, or says why it cannot be.
func (m *model) askClose(r noticeRow, reopen bool) tea.Cmd {
	if why := m.writeRefusal(m.wall.on); why != "" {
		return m.refuse(why)
	}
	switch {
	case r.status == nstClosing:
		return m.refuse(m.cat.T("nclose.pending"))
	case r.n == nil:
		return m.refuse(m.cat.F("nclose.notreplied", m.cat.T("nstatus."+nstPending)))
	case r.n.Status != api.NoticeReplied:
		return m.refuse(m.cat.F("nclose.notreplied", m.cat.T("nstatus."+effectiveStatus(r.n, m.simNow()))))
	}
	c := noticeConfirm{n: *r.n, reopen: reopen, note: m.input}
	c.note.Prompt = ""
	c.note.Placeholder = ""
	c.note.CharLimit = noticeNoteMax
	c.note.SetValue("")
	c.note.SetWidth(max(inner(m.lay.body).w-4, 8))
	m.notices.confirm = c
	if m.push(screenNoticeConfirm) {
		m.leaveAlerts()
	}
	m.notices.confirm.note.Focus()
	return nil
}

// key handles a key on the confirmation: enter sends, esc cancels,
// everything else edits the note.
func (v *noticeConfirm) key(_ *common, k tea.KeyPressMsg) tea.Msg {
	switch k.String() {
	case "esc":
		return popMsg{}
	case "enter":
		return submitCloseMsg{}
	}
	v.note, _ = v.note.Update(k)
	return nil
}

// submitClose queues the closure or the sending back in the outbox.
func (m *model) submitClose() tea.Cmd {
	c := &m.notices.confirm
	ob, _ := m.opts.Source.(NoticeOutbox)
	by, note, id := m.opts.User, outside(c.note.Value()), c.n.ID
	info := queuedNotice{op: client.NoticeOpClose, caseNo: c.n.CaseNo, number: noticeLabel(&c.n), reopen: c.reopen}
	pn := client.PendingNotice{Reopen: c.reopen}
	m.pop()
	return func() tea.Msg {
		if ob == nil {
			return noticeQueuedMsg{info: info, err: errNoFetcher}
		}
		key, err := ob.CloseNotice(id, by, note, pn)
		return noticeQueuedMsg{key: key, info: info, err: err}
	}
}

func (v *noticeConfirm) draw(cm *common, r rect) []string {
	c := v
	in := inner(r)
	s := cm.styles
	t := cm.cat.T
	d := &doc{c: cm, w: in.w}
	n := &c.n
	d.add(s.OK.Render(t("nstatus."+n.Status)) + "  " + s.Title.Render(n.CaseNo) + "  " + n.Number)
	d.add(d.kv(t("notice.person"), n.PersonName, t("notice.unit"), n.UnitName))
	d.section(t("notice.text"))
	d.wrap("", n.Text, s.Muted)
	d.section(t("notice.reply"))
	if n.RepliedAt != nil {
		d.add(n.RepliedAt.Format("2006-01-02 15:04") + s.Muted.Render(" · ") + n.ReplyBy)
	}
	d.wrap("", n.ReplyText, s.Text)
	d.blank()
	ask := cm.cat.F("nclose.ask", noticeLabel(n))
	if c.reopen {
		ask = cm.cat.F("nreopen.ask", noticeLabel(n))
	}
	d.wrap("", ask, s.Warning)
	d.add("› " + c.note.View())
	d.add(s.Muted.Render(fmt.Sprintf("%d/%d  ", utf8.RuneCountInString(c.note.Value()), noticeNoteMax) + t("nclose.keys")))
	return cm.box(r.w, r.h, t("panel.noticeconfirm"), "", s.Muted, true, d.lines)
}

func (v *noticeConfirm) help(km *KeyMap, nav, global []key.Binding) keyHelp {
	nk := &km.Notices
	return keyHelp{short: []key.Binding{nk.Submit, nk.Cancel}, full: [][]key.Binding{{nk.Submit, nk.Cancel}}}
}

func (v *noticeConfirm) click(*common, int, int) tea.Msg { return nil }

func (v *noticeConfirm) wheel(*common, int, int, int) {}

func (v *noticeConfirm) refresh(*common) tea.Cmd { return nil }

func (v *noticeConfirm) next(*common, time.Time, *changes) {}
