package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// noticeFetcher is what the notice screen needs beyond Fetcher: GET
// /notices/{id}, with the history. *client.Client has it; without it the
// screen shows the notice as listed, without its history.
type noticeFetcher interface {
	Notice(ctx context.Context, id string) (*api.Notice, error)
}

// noticeLoadedMsg answers a notice fetch.
type noticeLoadedMsg struct {
	req  int
	id   string
	Data *api.Notice
	Err  error
}

// noticeDetail is the screen of one notice.
type noticeDetail struct {
	row     noticeRow   // as listed when opened, kept current by syncNotices
	full    *api.Notice // GET /notices/{id}: with its history
	req     int
	loading bool
	err     error
	scroll  int
	stale   bool // the listing changed the notice since full was fetched
}

// openNotice opens the screen of the notice of row r.
func (m *model) openNotice(r noticeRow) tea.Cmd {
	m.notices.detail = noticeDetail{row: r}
	if m.push(screenNotice) {
		m.leaveAlerts()
	}
	return m.notices.detail.refresh(&m.common)
}

// refresh (re)loads the notice on the notice screen; a notice still in
// the outbox has nothing to load.
func (v *noticeDetail) refresh(c *common) tea.Cmd {
	v.stale = false
	if v.row.n == nil {
		return nil
	}
	v.req, v.loading = c.nextReq(), true
	req, id := v.req, v.row.n.ID
	return c.fetch(noticeLoadedMsg{req: req, id: id, Err: errNoFetcher}, func(ctx context.Context, f Fetcher) tea.Msg {
		nf, ok := f.(noticeFetcher)
		if !ok {
			return noticeLoadedMsg{req: req, id: id, Err: errNoFetcher}
		}
		n, err := nf.Notice(ctx, id)
		return noticeLoadedMsg{req: req, id: id, Data: n, Err: err}
	})
}

// loaded stores a fetched notice if it is the one still wanted.
func (v *noticeDetail) loaded(msg noticeLoadedMsg) {
	if msg.req != v.req {
		return
	}
	v.loading, v.err = false, msg.Err
	if msg.Err == nil {
		v.full = msg.Data
	}
}

// detailFetch reloads the notice on the notice screen, when it is on top
// (shown), if the listing says it changed (a reply, a closure) since it
// was fetched; run after each update, like the period fetches.
func (ns *noticesState) detailFetch(c *common, shown bool) tea.Cmd {
	if v := &ns.detail; v.stale && !v.loading && shown {
		return v.refresh(c)
	}
	return nil
}

// followDetail keeps the notice screen on the current listing of its
// notice (after syncNotices rebuilt the rows).
func (ns *noticesState) followDetail() {
	v := &ns.detail
	id := ""
	if v.row.n != nil {
		id = v.row.n.ID
	}
	for i := range ns.list.rows {
		r := &ns.list.rows[i]
		switch {
		case id != "" && r.n != nil && r.n.ID == id:
		case id == "" && r.n == nil && r.p != nil && v.row.p != nil && r.p.Key == v.row.p.Key:
		default:
			continue
		}
		if v.row.n != nil && r.n != nil && !r.n.UpdatedAt.Equal(v.row.n.UpdatedAt) {
			v.stale = true
		}
		v.row = *r
		return
	}
	if id == "" && v.row.p != nil {
		// The issue left the outbox: find the notice it became.
		if q, ok := ns.queued[v.row.p.Key]; ok && q.number != "" {
			for i := range ns.list.rows {
				if r := &ns.list.rows[i]; r.n != nil && r.n.Number == q.number {
					v.row, v.stale = *r, true
					return
				}
			}
		}
	}
}

// current returns the notice as best known: fetched (with history) unless
// the listing is newer.
func (v *noticeDetail) current() *api.Notice {
	if v.full != nil && (v.row.n == nil || !v.row.n.UpdatedAt.After(v.full.UpdatedAt)) {
		return v.full
	}
	return v.row.n
}

func (v *noticeDetail) draw(c *common, r rect) []string {
	title := c.cat.T("panel.notice") + " " + v.row.caseNo
	if n := v.current(); n != nil && n.Number != "" {
		title = c.cat.T("panel.notice") + " " + n.Number
	}
	note := ""
	if v.loading {
		note = c.cat.T("loading")
	}
	return c.docBox(r, title, note, c.styles.Muted, v.lines(c, inner(r).w), v.scroll)
}

// lines lays out the notice screen for width w.
func (v *noticeDetail) lines(c *common, w int) []string {
	d := &doc{c: c, w: w}
	s := c.styles
	t := c.cat.T
	sim := c.simNow()
	stamp := func(x time.Time) string { return x.Format("2006-01-02 15:04") }
	n := v.current()
	if n == nil { // an issue still in the outbox
		p := v.row.p
		d.add(s.Pending.Render(glyphPending+" "+t("nstatus.pending")) + "  " + s.Title.Render(v.row.caseNo))
		d.add(d.kv(t("notice.unit"), v.row.unit, t("notice.person"), v.row.person, t("notice.kind"), t("nkind."+p.Notice.Kind),
			t("notice.category"), c.cat.Category(p.Notice.Category)))
		c.pendingLine(d, p)
		d.section(t("notice.text"))
		d.wrap("", outside(p.Notice.Text), s.Text)
		return d.lines
	}
	status := effectiveStatus(n, sim)
	if v.row.status == nstClosing {
		status = nstClosing
	}
	head := c.noticeInk(status).Render(c.cat.T("nstatus."+status)) + "  " + s.Title.Render(n.CaseNo)
	if n.Number != "" {
		head += "  " + n.Number
	} else {
		head += "  " + s.Muted.Render(t("notice.oral"))
	}
	d.add(head)
	d.add(d.kv(t("notice.unit"), c.units.name(c.cat, n.UnitID, n.UnitName), t("notice.dept"), n.DeptName, t("notice.person"), n.PersonName))
	origin := t("notice.oncase")
	if n.AlertID != "" {
		origin = c.cat.F("notice.onalert", n.AlertID)
	}
	d.add(d.kv(t("notice.kind"), t("nkind."+n.Kind), t("notice.category"), c.cat.Category(n.Category), t("notice.rule"), n.Rule) + s.Muted.Render(" · "+origin))
	by := n.IssuedBy
	if n.Origin == api.OriginSimulation {
		by += c.cat.F("paren", t("notice.sim"))
	}
	d.add(d.kv(t("notice.issued"), stamp(n.IssuedAt), t("notice.by"), by))
	due := stamp(n.DueAt)
	if status == api.NoticeIssued || status == api.NoticeOverdue {
		cd, ink := c.dueText(n.DueAt, sim)
		due += "  " + ink.Render(cd)
	}
	d.add(d.kv(t("notice.due"), due))
	if n.Reopened > 0 {
		d.add(s.Warning.Render(c.cat.F("notice.reopened", n.Reopened)))
	}
	if v.row.p != nil {
		c.pendingLine(d, v.row.p)
	}
	d.section(t("notice.text"))
	d.wrap("", n.Text, s.Text)
	d.section(t("notice.reply"))
	if n.RepliedAt == nil {
		d.add(s.Muted.Render(t("notice.noreply")))
	} else {
		line := stamp(*n.RepliedAt) + s.Muted.Render(" · ") + n.ReplyBy
		if n.Late {
			line += "  " + s.Warning.Render(t("notice.late"))
		}
		d.add(line)
		d.wrap("", n.ReplyText, s.Text)
	}
	if n.ClosedAt != nil {
		d.add(s.Muted.Render(c.cat.F("notice.closedby", n.ClosedBy, stamp(*n.ClosedAt))))
	}
	d.section(t("notice.history"))
	switch {
	case len(n.History) > 0:
		for _, e := range n.History {
			line := s.Muted.Render(stamp(e.At)) + "  " + t("nevent."+e.Kind) + s.Muted.Render(" · ") + e.By
			if e.ActedAt.Sub(e.At) < -time.Minute {
				line += s.Muted.Render(c.cat.F("notice.acted", stamp(e.ActedAt)))
			}
			d.add(line)
			if e.Text != "" {
				d.wrap("    ", e.Text, s.Muted)
			}
		}
	case v.err != nil:
		d.add(s.Flag.Render(c.cat.F("notice.loaderr", c.failText(failureOf(v.err)))))
	default:
		d.add(s.Muted.Render(t("loading")))
	}
	return d.lines
}

// pendingLine says an outbox entry waits: who queued it, when, and how
// delivery has gone.
func (c *common) pendingLine(d *doc, p *client.PendingAck) {
	last := ""
	if p.LastError != "" {
		last = c.cat.F("notice.lasterr", outside(p.LastError))
	}
	d.wrap(glyphPending+" ", c.cat.F("notice.pendingby", outside(p.By), c.ackTime(p.QueuedAt), p.Attempts, last), c.styles.Pending)
}

func (v *noticeDetail) key(c *common, k tea.KeyPressMsg) tea.Msg {
	nk := &c.keys.Notices
	switch {
	case key.Matches(k, c.keys.Enter):
		if v.row.caseNo != "" {
			caseID := ""
			if n := v.current(); n != nil {
				caseID = n.CaseID
			} else if v.row.p != nil {
				caseID = v.row.p.Notice.CaseID
			}
			if caseID != "" {
				return openCaseMsg{id: caseID, caseNo: v.row.caseNo}
			}
		}
		return nil
	case key.Matches(k, nk.Close):
		return askCloseMsg{row: v.row}
	case key.Matches(k, nk.Reopen):
		return askCloseMsg{row: v.row, reopen: true}
	}
	in := inner(c.lay.body)
	return documentKey(c, k, &v.scroll, len(v.lines(c, in.w)), in.h)
}

func (v *noticeDetail) help(km *KeyMap, nav, global []key.Binding) keyHelp {
	nk := &km.Notices
	return keyHelp{
		short: []key.Binding{km.Up, km.Down, km.Enter, nk.Close, nk.Reopen, km.Back, km.Refresh},
		full:  [][]key.Binding{nav, {km.Enter, nk.Close, nk.Reopen, km.Back}, global},
	}
}

func (v *noticeDetail) click(*common, int, int) tea.Msg { return nil }

func (v *noticeDetail) wheel(c *common, _, _, step int) {
	in := inner(c.lay.body)
	scrollBy(&v.scroll, step, len(v.lines(c, in.w)), in.h)
}

func (v *noticeDetail) next(_ *common, sim time.Time, ch *changes) {
	if n := v.current(); n != nil && (n.Status == api.NoticeIssued || n.Status == api.NoticeOverdue) {
		ch.at(spanNext(n.DueAt, sim))
	}
}
