package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// Limits of the contract (casesim/server/notices.go): the notice's text,
// the note of a closure.
const (
	noticeTextMax = 2000
	noticeNoteMax = 500
	// noticeReplyDays is R12's reply period (7 days, 本系统设定: no rule
	// found), the form's default reply date.
	noticeReplyDays = 7
)

// The form's fields, in tab order.
const (
	nfKind = iota
	nfCategory
	nfText
	nfDue
	nfCount
)

// NoticeOutbox is what issuing and closing notices needs of the Source:
// *client.Poller has it (the durable outbox, as acknowledgements). A
// Source without it cannot issue, and the dashboard says so.
type NoticeOutbox interface {
	IssueNotice(alertID, by string, n client.PendingNotice) (string, error)
	CloseNotice(noticeID, by, note string, n client.PendingNotice) (string, error)
}

// noticeQueuedMsg answers the outbox's IssueNotice or CloseNotice.
type noticeQueuedMsg struct {
	key  string
	info queuedNotice
	err  error
}

// noticeForm is the issue form: prefilled from the alert or the case,
// edited, then confirmed.
type noticeForm struct {
	alertID, caseID    string
	caseNo, unitID     string
	unit, dept, person string
	rule, basis        string
	kind, category     string
	text, due          textinput.Model
	defDue             string
	field              int
	confirming         bool
	problem            string // why enter did not go on to the confirmation
}

// noticeSubject is what the form is prefilled from.
type noticeSubject struct {
	alertID, caseID, caseNo, unitID, unit, dept, person string
	rule, basis, message, category                      string
}

// issueFromAlert opens the form on the selected alert.
func (m *model) issueFromAlert() tea.Cmd {
	a := m.alerts.selected()
	if a == nil {
		return m.refuse(m.cat.T("nform.nocase"))
	}
	return m.openNoticeForm(noticeSubject{alertID: a.ID, caseID: a.CaseID, caseNo: a.CaseNo, unitID: a.UnitID,
		unit: m.units.name(m.cat, a.UnitID, a.UnitName), dept: a.DeptName, person: a.PersonName,
		rule: strings.TrimSpace(a.Rule + " " + m.cat.Name(a.RuleName, a.RuleNameEn)), basis: oneLine(a.Basis),
		message: oneLine(a.Message), category: a.Category})
}

// issueFromCase opens the form on the case on screen; the category is
// that of its most urgent alert.
func (m *model) issueFromCase() tea.Cmd {
	c := m.caseView.data
	if c == nil {
		return m.refuse(m.cat.T("nform.loading"))
	}
	cat := ""
	best := 99
	for i := range c.Alerts {
		if a := &c.Alerts[i]; a.Status != api.StatusRectified && api.LevelRank(a.Level) < best {
			best, cat = api.LevelRank(a.Level), a.Category
		}
	}
	return m.openNoticeForm(noticeSubject{caseID: c.ID, caseNo: c.CaseNo, unitID: c.UnitID,
		unit: m.units.name(m.cat, c.UnitID, c.UnitName), dept: c.DeptName, person: c.LeadName, category: cat})
}

// writeRefusal says why this session (a wall display when onWall) cannot
// issue or close notices, or "" when it can.
func (c *common) writeRefusal(onWall bool) string {
	switch {
	case onWall:
		return c.cat.T("wall.notices")
	case c.opts.ReadOnly && c.opts.ViewerKey:
		return c.cat.T("nrefuse.viewer")
	case c.opts.ReadOnly:
		return c.cat.T("nrefuse.readonly")
	case c.opts.Source == nil:
		return c.cat.T("nrefuse.nosource")
	case c.opts.User == "":
		return c.cat.T("nrefuse.nouser")
	}
	if _, ok := c.opts.Source.(NoticeOutbox); !ok {
		return c.cat.T("nrefuse.nooutbox")
	}
	return ""
}

// openNoticeForm opens the issue form prefilled from sub, or the refusal.
func (m *model) openNoticeForm(sub noticeSubject) tea.Cmd {
	if why := m.writeRefusal(m.wall.on); why != "" {
		return m.refuse(why)
	}
	sim := m.simNow()
	f := noticeForm{alertID: sub.alertID, caseID: sub.caseID, caseNo: sub.caseNo, unitID: sub.unitID, unit: sub.unit,
		dept: sub.dept, person: sub.person, rule: sub.rule, basis: sub.basis, kind: api.NoticeWritten,
		category: sub.category, field: nfText}
	if !slices.Contains(api.Categories, f.category) {
		f.category = api.CategoryDeadline
	}
	f.defDue = sim.AddDate(0, 0, noticeReplyDays).Format("2006-01-02")
	f.text, f.due = m.input, m.input // the prompt's styles
	f.text.Prompt, f.due.Prompt = "", ""
	f.text.Placeholder, f.due.Placeholder = "", "YYYY-MM-DD"
	f.text.CharLimit, f.due.CharLimit = noticeTextMax, 10
	text := m.cat.T("nform.text.case")
	if sub.alertID != "" {
		what := strings.TrimRight(sub.message, "。.；; ")
		if what == "" {
			what = sub.rule
		}
		text = m.cat.F("nform.text.def", what)
	}
	f.text.SetValue(text)
	f.text.CursorEnd()
	f.due.SetValue(f.defDue)
	f.due.CursorEnd()
	f.due.Blur()
	lw := 0
	for _, l := range []string{"nform.kind", "nform.category", "nform.text", "nform.due"} {
		lw = max(lw, textWidth(m.cat.T(l)))
	}
	f.text.SetWidth(max(inner(m.lay.body).w-lw-4, 8))
	f.due.SetWidth(12)
	m.notices.form = f
	if m.push(screenNoticeForm) {
		m.leaveAlerts()
	}
	m.notices.form.focus(nfText)
	return nil
}

// captures reports whether the notices screen on top of s takes every key
// (the form, a confirmation, the list's text filter). A refusal is the
// root's refusal prompt (refused.go).
func (ns *noticesState) captures(s *screenStack) bool {
	switch s.current() {
	case screenNoticeForm, screenNoticeConfirm:
		return true
	case screenNotices:
		return ns.list.typing // the text filter
	}
	return false
}

// noticeCaptureKey handles a key on a screen that takes every key; only
// ctrl+c still quits.
func (m *model) noticeCaptureKey(k tea.KeyPressMsg) tea.Cmd {
	if k.String() == "ctrl+c" {
		return m.quit()
	}
	m.status, m.statusBad = "", false
	return m.update(m.top().key(&m.common, k))
}

// key handles a key on the issue form: it takes every key (ctrl+c
// aside); sending the notice it asks of the root.
func (f *noticeForm) key(c *common, k tea.KeyPressMsg) tea.Msg {
	if f.confirming {
		switch k.String() {
		case "enter", "y":
			return submitNoticeMsg{}
		case "esc", "n":
			f.confirming = false
		}
		return nil
	}
	f.problem = ""
	switch k.String() {
	case "esc":
		return popMsg{}
	case "enter":
		if f.problem = f.check(c); f.problem == "" {
			f.confirming = true
		}
		return nil
	case "tab", "down":
		f.focus((f.field + 1) % nfCount)
		return nil
	case "shift+tab", "up":
		f.focus((f.field + nfCount - 1) % nfCount)
		return nil
	}
	switch f.field {
	case nfKind:
		if s := k.String(); s == "left" || s == "right" || s == "space" {
			if f.kind == api.NoticeWritten {
				f.kind = api.NoticeOral
			} else {
				f.kind = api.NoticeWritten
			}
		}
		return nil
	case nfCategory:
		switch k.String() {
		case "right", "space":
			f.category = cycleStep(api.Categories, f.category, 1)
		case "left":
			f.category = cycleStep(api.Categories, f.category, -1)
		}
		return nil
	case nfText:
		f.text, _ = f.text.Update(k) // no blinking cursor: no command
		return nil
	}
	f.due, _ = f.due.Update(k)
	return nil
}

// cycleStep returns the value step places from cur in vals, wrapping.
func cycleStep(vals []string, cur string, step int) string {
	i := slices.Index(vals, cur)
	if i < 0 {
		return vals[0]
	}
	return vals[(i+step+len(vals))%len(vals)]
}

// focus moves the form's focus to field i.
func (f *noticeForm) focus(i int) {
	f.field = i
	f.text.Blur()
	f.due.Blur()
	switch i {
	case nfText:
		f.text.Focus()
	case nfDue:
		f.due.Focus()
	}
}

// formProblem checks the form: the text is there and within the limit,
// the reply date a date from today to a year ahead (as the server
// checks); "" when it is fine.
func (f *noticeForm) check(c *common) string {
	text := strings.TrimSpace(f.text.Value())
	switch {
	case text == "":
		return c.cat.T("nform.text.empty")
	case utf8.RuneCountInString(text) > noticeTextMax:
		return c.cat.F("nform.text.long", noticeTextMax)
	}
	sim := c.simNow()
	d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(f.due.Value()), sim.Location())
	switch {
	case err != nil:
		return c.cat.T("nform.due.bad")
	case d.AddDate(0, 0, 1).Before(sim):
		return c.cat.F("nform.due.past", d.Format("2006-01-02"))
	case d.After(sim.AddDate(1, 0, 0)):
		return c.cat.T("nform.due.far")
	}
	return ""
}

// submitNotice queues the notice in the outbox. The default reply date
// goes as none, so the server counts the R12 period with its calendar
// (a holiday at the end extends it).
func (m *model) submitNotice() tea.Cmd {
	f := &m.notices.form
	ob, _ := m.opts.Source.(NoticeOutbox)
	by := m.opts.User
	due := strings.TrimSpace(f.due.Value())
	if due == f.defDue {
		due = ""
	}
	pn := client.PendingNotice{Kind: f.kind, Category: f.category, Text: strings.TrimSpace(outside(f.text.Value())), DueDate: due}
	alertID := f.alertID
	if alertID == "" {
		pn.CaseID = f.caseID
	}
	info := queuedNotice{op: client.NoticeOpIssue, caseNo: f.caseNo, unitID: f.unitID, unit: m.units.short(f.unitID, f.unit), person: f.person}
	m.pop()
	m.status, m.statusBad = m.cat.F("notice.sending", f.caseNo), false
	return func() tea.Msg {
		if ob == nil {
			return noticeQueuedMsg{info: info, err: errNoFetcher}
		}
		key, err := ob.IssueNotice(alertID, by, pn)
		return noticeQueuedMsg{key: key, info: info, err: err}
	}
}

// noticeQueued records the outbox's answer to an issue or a closure.
func (m *model) noticeQueued(msg noticeQueuedMsg) {
	if msg.err != nil {
		m.status, m.statusBad = m.cat.F("notice.failed", errLine(msg.err)), true
		return
	}
	m.notices.queued[msg.key] = msg.info
	switch {
	case msg.info.op == client.NoticeOpIssue:
		m.status = m.cat.F("notice.queued", msg.info.caseNo)
	case msg.info.reopen:
		m.status = m.cat.F("nreopen.queued", msg.info.number)
	default:
		m.status = m.cat.F("nclose.queued", msg.info.number)
	}
	m.statusBad = false
	m.syncNotices()
}

func (f *noticeForm) draw(c *common, r rect) []string {
	in := inner(r)
	s := c.styles
	t := c.cat.T
	d := &doc{c: c, w: in.w}
	from := t("nform.from.case")
	if f.alertID != "" {
		from = c.cat.F("nform.from.alert", f.rule)
	}
	d.add(s.Title.Render(f.caseNo) + "  " + s.Muted.Render(from))
	d.add(c.cat.F("nform.to", f.person, f.unit, f.dept))
	if f.basis != "" {
		d.wrap(t("notice.basis")+" ", f.basis, s.Muted)
	}
	d.blank()
	lw := 0
	for _, l := range []string{"nform.kind", "nform.category", "nform.text", "nform.due"} {
		lw = max(lw, textWidth(t(l)))
	}
	label := func(i int, name string) string {
		mark, ink := "  ", s.Muted
		if f.field == i && !f.confirming {
			mark, ink = "▸ ", s.Accent
		}
		return ink.Render(mark + fitLine(t(name), lw) + " ")
	}
	choice := func(vals []string, cur string, name func(string) string) string {
		var b strings.Builder
		for i, v := range vals {
			if i > 0 {
				b.WriteString(" ")
			}
			if v == cur {
				s.TabOn.Paint(&b, "["+name(v)+"]") // reads without colour
			} else {
				s.Muted.Paint(&b, " "+name(v)+" ")
			}
		}
		return b.String()
	}
	d.add(label(nfKind, "nform.kind") + choice(api.NoticeKinds, f.kind, func(k string) string { return t("nkind." + k) }))
	d.add(label(nfCategory, "nform.category") + choice([]string{f.category}, f.category, c.cat.Category) + s.Muted.Render(" ←/→"))
	room := max(in.w-lw-3, 8)
	counter := c.cat.F("nform.count", utf8.RuneCountInString(f.text.Value()), noticeTextMax)
	if f.field == nfText && !f.confirming {
		d.add(label(nfText, "nform.text") + f.text.View())
	} else {
		// Not being edited: the whole text, wrapped.
		for i, l := range wrapText(oneLine(outside(f.text.Value())), room) {
			p := label(nfText, "nform.text")
			if i > 0 {
				p = fmt.Sprintf("%*s", lw+3, "")
			}
			d.add(p + l)
		}
	}
	d.add(fmt.Sprintf("%*s", lw+3, "") + s.Muted.Render(counter))
	d.add(label(nfDue, "nform.due") + f.due.View())
	d.wrap(fmt.Sprintf("%*s", lw+3, ""), c.cat.T("nform.due.hint"), s.Muted)
	d.blank()
	switch {
	case f.confirming:
		due := strings.TrimSpace(f.due.Value())
		d.wrap("", c.cat.F("nform.confirm", t("nkind."+f.kind), f.person, due), s.Warning)
		d.add(s.Accent.Render(t("nform.confirmkey")))
	case f.problem != "":
		d.wrap("✗ ", f.problem, s.Flag)
		d.add(s.Muted.Render(t("nform.keys")))
	default:
		d.add(s.Muted.Render(t("nform.keys")))
	}
	return c.box(r.w, r.h, t("panel.noticeform"), "", s.Muted, true, d.lines)
}

func (f *noticeForm) help(km *KeyMap, nav, global []key.Binding) keyHelp {
	nk := &km.Notices
	if f.confirming {
		return keyHelp{short: []key.Binding{nk.Confirm, nk.Edit}, full: [][]key.Binding{{nk.Confirm, nk.Edit}}}
	}
	return keyHelp{short: []key.Binding{nk.Field, nk.Choose, nk.Review, nk.Cancel},
		full: [][]key.Binding{{nk.Field, nk.Choose, nk.Review, nk.Cancel}}}
}

func (f *noticeForm) click(*common, int, int) tea.Msg { return nil }

func (f *noticeForm) wheel(*common, int, int, int) {}

func (f *noticeForm) refresh(*common) tea.Cmd { return nil }

func (f *noticeForm) next(*common, time.Time, *changes) {}
