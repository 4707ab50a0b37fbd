package tui

import (
	"cmp"
	"slices"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui/termtext"
)

// glyphNotice marks an alert row whose case has a notice not yet closed
// (its colour says the notice's status); used for nothing else.
const glyphNotice = "✉"

// noticeMark is the notice mark of an alert row: the glyph and its ink,
// or "" when the alert's case has no open notice.
func (c *common) noticeMark(a *client.Alert) (string, theme.Ink) {
	if c.noticeAlerts[a.ID] {
		return glyphNotice, c.styles.Pending
	}
	if st, ok := c.noticeCases[a.CaseID]; ok {
		return glyphNotice, c.noticeInk(st)
	}
	return "", theme.Ink{}
}

// noticeResult reports an outbox result of a notice entry on the status
// line; it says whether r was one.
func (m *model) noticeResult(r client.AckResult) bool {
	q, known := m.notices.queued[r.Key]
	if r.NoticeOp == "" && !known {
		return false
	}
	delete(m.notices.queued, r.Key)
	op := r.NoticeOp
	if op == "" {
		op = q.op
	}
	if r.Rejected || (r.Err != nil && r.Notice == nil) {
		msg := ""
		if r.Err != nil {
			msg = outside(r.Err.Error())
		}
		key := "notice.rejected"
		if op == client.NoticeOpClose {
			key = "nclose.rejected"
		}
		m.status, m.statusBad = m.cat.F(key, msg), true
		return true
	}
	label := q.caseNo
	if n := r.Notice; n != nil {
		label = n.CaseNo
		if n.Number != "" {
			// The case number first: the footer cuts a long status at
			// its end, and the case number must stay whole.
			label = n.CaseNo + " · " + n.Number
		}
		if known && op == client.NoticeOpIssue {
			q.number = n.Number
			m.notices.queued[r.Key] = q // followDetail finds the notice by it
		}
	}
	key := "notice.delivered"
	switch {
	case op == client.NoticeOpClose && r.Notice != nil && r.Notice.Status != api.NoticeClosed:
		key = "nreopen.delivered"
	case op == client.NoticeOpClose:
		key = "nclose.delivered"
	}
	m.status, m.statusBad = m.cat.F(key, label), false
	return true
}

// caseNotices lists the case's notices in the case view: the case's own
// (as fetched), each replaced by the poller's listing when that is newer,
// and the issues on it still in the outbox.
func (c *common) caseNotices(d *doc, kase *api.Case, sim time.Time) {
	listed := map[string]*api.Notice{}
	if c.state.Notices.HasData {
		for i := range c.state.Notices.Data.Notices {
			if n := &c.state.Notices.Data.Notices[i]; n.CaseID == kase.ID {
				listed[n.ID] = n
			}
		}
	}
	var pending []*client.PendingAck
	for i := range c.state.Pending {
		p := &c.state.Pending[i]
		if p.Notice == nil || p.Notice.Op != client.NoticeOpIssue {
			continue
		}
		if p.Notice.CaseID == kase.ID || alertOfCase(kase, p.AlertID) {
			pending = append(pending, p)
		}
	}
	if len(kase.Notices) == 0 && len(pending) == 0 && len(listed) == 0 {
		return
	}
	notices := make([]*api.Notice, 0, len(kase.Notices)+len(listed))
	for i := range kase.Notices {
		n := &kase.Notices[i]
		if l, ok := listed[n.ID]; ok && l.UpdatedAt.After(n.UpdatedAt) {
			n = l
		}
		delete(listed, n.ID)
		notices = append(notices, n)
	}
	var since []*api.Notice // issued since the case was fetched
	for _, n := range listed {
		since = append(since, n)
	}
	slices.SortFunc(since, func(a, b *api.Notice) int { return cmp.Compare(a.ID, b.ID) })
	notices = append(notices, since...)
	s := c.styles
	d.section(c.cat.F("sec.notices", len(notices)+len(pending)))
	for _, p := range pending {
		d.add(s.Pending.Render(glyphPending+" "+c.cat.T("nstatus.pending")) + "  " + c.cat.T("nkind."+p.Notice.Kind) +
			s.Muted.Render(" · "+termtext.Truncate(oneLine(p.Notice.Text), max(d.w/2, 10))))
	}
	for _, n := range notices {
		st := effectiveStatus(n, sim)
		name := n.Number
		if name == "" {
			name = c.cat.T("nkind." + n.Kind)
		}
		line := c.noticeInk(st).Render(glyphNotice+" "+c.cat.T("nstatus."+st)) + "  " + name
		switch st {
		case api.NoticeIssued, api.NoticeOverdue:
			due, ink := c.dueText(n.DueAt, sim)
			line += "  " + ink.Render(due)
		case api.NoticeReplied:
			if n.RepliedAt != nil {
				line += s.Muted.Render("  " + c.cat.T("notice.reply") + " " + n.RepliedAt.Format("01-02 15:04"))
			}
		}
		d.add(line)
		d.wrap("    ", n.Text, s.Muted)
	}
}

// alertOfCase reports whether alert id is one of the case's.
func alertOfCase(c *api.Case, id string) bool {
	if id == "" {
		return false
	}
	for i := range c.Alerts {
		if c.Alerts[i].ID == id {
			return true
		}
	}
	return false
}

// noticeCol is the width of the alerts table's notice column: shown only
// while some alert's case has a notice out.
func noticeCol(marked bool) int {
	if marked {
		return 1
	}
	return 0
}
