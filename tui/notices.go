package tui

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/tui/vtable"
)

// The process-monitoring notices (口头提示, 流程监控通知书) on the dashboard:
// the notices screen (this file), one notice (notices_detail.go), the
// issue form (notices_form.go), the confirmation of 销号 or 退回 and the
// refusal of a read-only session (notices_confirm.go), and the marks on
// alert rows and in the case view (notices_marks.go). Everything of theirs
// lives in noticesState, one field of the model; the root only routes to
// it. Issuing and closing go through the client's durable outbox, like
// acknowledgements.

// Effective statuses of a row of the notices screen: the API's four, and
// two for what still waits in the outbox.
const (
	nstPending = "pending" // an issue waiting in the outbox
	nstClosing = "closing" // a closure (or sending back) waiting in the outbox
)

// Status filters of the notices screen, in the order s cycles them ("" is
// all); "open" is issued or overdue, as the API's filter.
var noticeStatusFilters = []string{"open", api.NoticeOverdue, api.NoticeIssued, api.NoticeReplied, api.NoticeClosed, nstPending}

// Notices table columns.
const (
	ncMark = iota
	ncStatus
	ncCase
	ncNumber
	ncUnit
	ncPerson
	ncDue
)

// noticeKeys are the keys of the notices screens.
type noticeKeys struct {
	Issue, Open, Status, Unit, Close, Reopen key.Binding
	// Form and confirmation keys (shown in the footer while they are open).
	// Review is enter in the issue form, which shows the notice for a
	// last look before it is issued (Confirm).
	Field, Choose, Submit, Review, Confirm, Cancel, Edit key.Binding
}

func newNoticeKeys(c *i18n.Catalog) noticeKeys {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, c.T(desc)))
	}
	return noticeKeys{
		Issue:   b("n", "key.notice", "n"),
		Open:    b("N", "key.notices", "N"),
		Status:  b("s", "key.nstatus", "s"),
		Unit:    b("f", "key.nunit", "f"),
		Close:   b("c", "key.nclose", "c"),
		Reopen:  b("b", "key.nreopen", "b"),
		Field:   b("tab", "key.nfield", "tab", "shift+tab", "down", "up"),
		Choose:  b("←/→", "key.nchoose", "left", "right"),
		Submit:  b("enter", "key.nsubmit", "enter"),
		Review:  b("enter", "key.nreview", "enter"),
		Confirm: b("enter/y", "key.nconfirm", "enter", "y"),
		Cancel:  b("esc", "key.ncancel", "esc"),
		Edit:    b("esc/n", "key.nedit", "esc", "n"),
	}
}

// noticeRow is one row of the notices screen: a notice of the API, an
// issue still in the outbox (n nil), or a notice whose closure is.
type noticeRow struct {
	n      *api.Notice
	p      *client.PendingAck
	status string
	caseNo string
	unitID string
	unit   string
	person string
	due    time.Time
}

// noticesList is the notices screen's state.
type noticesList struct {
	table  vtable.Model
	status string // status filter ("" all)
	unit   string // unit filter ("" all)
	rows   []noticeRow
	shown  []int // indexes into rows, filtered
	counts [4]int
	// passed counts the rows of each status the unit and text filters let
	// through: the summary reads passed/counts while either is on.
	passed [4]int
	caseW  int
	numW   int
	unitW  int
	selKey string
	queued map[string]queuedNotice // the root's (noticesState.queued), read only

	// query is the text filter (case number, notice number, unit,
	// prosecutor, text), typed after / while typing is set.
	query  string
	typing bool
}

// noticesState is everything of the notices on the dashboard.
type noticesState struct {
	list    noticesList
	detail  noticeDetail
	form    noticeForm
	confirm noticeConfirm
	marked  bool        // the alerts table shows the notice column
	seen    noticesSeen // what the marks were derived from

	// queued describes the notices this dashboard put in the outbox, by
	// Idempotency-Key, so the outbox's rows and results read by case.
	queued map[string]queuedNotice
}

// queuedNotice is what the dashboard knew of a notice when it queued it.
type queuedNotice struct {
	op, caseNo, unitID, unit, person, number string
	reopen                                   bool
}

func newNoticesState() noticesState {
	q := map[string]queuedNotice{}
	return noticesState{list: noticesList{table: vtable.New(nil), queued: q}, queued: q}
}

// OpenNotices returns the command that opens the notices screen (for the
// command line's :notices).
func OpenNotices() tea.Cmd { return func() tea.Msg { return openNoticesMsg{} } }

// openNoticesMsg opens the notices screen.
type openNoticesMsg struct{}

// columns returns the notices table's columns.
func (v *noticesList) columns(c *common) []vtable.Column {
	t := c.cat.T
	sw := 0
	for _, s := range append(slices.Clone(api.NoticeStatuses), nstPending, nstClosing) {
		sw = max(sw, textWidth(c.cat.T("nstatus."+s)))
	}
	dw := max(textWidth(c.cat.F("due.left", "00:00:00")), textWidth(c.cat.F("due.over", c.cat.Span(-25*time.Hour))))
	cw := max(v.caseW, 12)
	return []vtable.Column{
		ncMark:   {Title: "", Min: 1, Priority: 100},
		ncStatus: {Title: t("col.nstatus"), Min: sw, Priority: 95},
		ncCase:   {Title: t("col.case"), Min: cw, Priority: 99}, // the whole case number, never cut
		ncNumber: {Title: t("col.number"), Min: min(max(v.numW, 10), 28), Priority: 60},
		ncUnit:   {Title: t("col.unit"), Min: 6, Max: max(v.unitW, 6), Priority: 50}, // the names shown, whole where there is room
		ncPerson: {Title: t("col.person"), Min: 6, Max: 8, Priority: 40},             // a three-character name whole
		ncDue:    {Title: t("col.reply"), Min: dw, Max: dw + 2, Priority: 90, Right: true},
	}
}

// openNotices opens the notices screen.
func (m *model) openNotices() tea.Cmd {
	if m.push(screenNotices) {
		m.leaveAlerts()
	}
	m.notices.list.rebuild(&m.common)
	return nil
}

// effectiveStatus is a notice's status as of sim: an issued notice past
// its reply date is overdue though the last listing said issued.
func effectiveStatus(n *api.Notice, sim time.Time) string {
	if n.Status == api.NoticeIssued && !n.DueAt.IsZero() && sim.After(n.DueAt) {
		return api.NoticeOverdue
	}
	return n.Status
}

// noticeRank orders statuses: overdue first, then the outbox, awaiting a
// reply, replied (to close), closed.
func noticeRank(status string) int {
	switch status {
	case api.NoticeOverdue:
		return 0
	case nstPending:
		return 1
	case api.NoticeIssued:
		return 2
	case api.NoticeReplied, nstClosing:
		return 3
	}
	return 4
}

// noticesSeen identifies what the marks were derived from: the poller's
// notices and outbox (the very same slices when nothing changed), and the
// first reply date to pass (an issued notice turns overdue then).
type noticesSeen struct {
	notices *api.Notice
	n       int
	pending *client.PendingAck
	np      int
	until   time.Time
}

// syncNotices re-derives what depends on the notices and the outbox after
// a publication: the marks on alert rows (only when the data changed or a
// reply date passed: every SSH session does this on every publication),
// and the rows while a notices screen is open.
func (m *model) syncNotices() {
	ns := &m.notices
	sim := m.simNow()
	seen := noticesSeen{n: len(m.state.Notices.Data.Notices), np: len(m.state.Pending)}
	if seen.n > 0 {
		seen.notices = &m.state.Notices.Data.Notices[0]
	}
	if seen.np > 0 {
		seen.pending = &m.state.Pending[0]
	}
	if old := ns.seen; old.notices == seen.notices && old.n == seen.n && old.pending == seen.pending && old.np == seen.np &&
		m.noticeCases != nil && (old.until.IsZero() || sim.Before(old.until)) {
		return
	}
	if ns.onScreen(&m.screenStack) {
		ns.list.rebuild(&m.common)
		ns.followDetail()
	}
	byCase, byAlert := map[string]string{}, map[string]bool{}
	if m.state.Notices.HasData {
		for i := range m.state.Notices.Data.Notices {
			n := &m.state.Notices.Data.Notices[i]
			st := effectiveStatus(n, sim)
			if st == api.NoticeIssued && (seen.until.IsZero() || n.DueAt.Before(seen.until)) {
				seen.until = n.DueAt
			}
			if st == api.NoticeClosed {
				continue
			}
			if old, ok := byCase[n.CaseID]; !ok || noticeRank(st) < noticeRank(old) {
				byCase[n.CaseID] = st
			}
		}
	}
	for _, p := range m.state.Pending {
		if p.Notice != nil && p.Notice.Op == client.NoticeOpIssue {
			if p.AlertID != "" {
				byAlert[p.AlertID] = true
			}
			if p.Notice.CaseID != "" {
				if _, ok := byCase[p.Notice.CaseID]; !ok {
					byCase[p.Notice.CaseID] = nstPending
				}
			}
		}
	}
	m.noticeCases, m.noticeAlerts, ns.seen = byCase, byAlert, seen
	if marked := len(byCase) > 0 || len(byAlert) > 0; marked != ns.marked {
		ns.marked = marked
		m.alerts.fitColumns(&m.common)
	}
}

// onScreen reports whether the notices screen or one notice is on the
// stack, under a case opened from it too (the rows must follow each
// change of the data, to be current when it is back on top).
func (ns *noticesState) onScreen(s *screenStack) bool {
	return slices.Contains(s.stack, screenNotices) || slices.Contains(s.stack, screenNotice)
}

// rebuild derives the rows from the poller's notices and the outbox, and
// applies the scope and the filters, keeping the cursor on the same row.
func (v *noticesList) rebuild(c *common) {
	sim := c.simNow()
	v.rows = v.rows[:0]
	closing := map[string]*client.PendingAck{}
	for i := range c.state.Pending {
		p := &c.state.Pending[i]
		if p.Notice == nil {
			continue
		}
		switch p.Notice.Op {
		case client.NoticeOpClose:
			closing[p.Notice.NoticeID] = p
		case client.NoticeOpIssue:
			v.rows = append(v.rows, v.pendingIssueRow(c, p))
		}
	}
	if c.state.Notices.HasData {
		for i := range c.state.Notices.Data.Notices {
			n := &c.state.Notices.Data.Notices[i]
			r := noticeRow{n: n, status: effectiveStatus(n, sim), caseNo: n.CaseNo, unitID: n.UnitID,
				unit: c.units.short(n.UnitID, n.UnitName), person: n.PersonName, due: n.DueAt}
			if p := closing[n.ID]; p != nil && n.Status != api.NoticeClosed {
				r.p, r.status = p, nstClosing
			}
			v.rows = append(v.rows, r)
		}
	}
	slices.SortStableFunc(v.rows, func(a, b noticeRow) int {
		if c := cmp.Compare(noticeRank(a.status), noticeRank(b.status)); c != 0 {
			return c
		}
		switch a.status {
		case api.NoticeClosed:
			return cmp.Compare(closedAt(b.n), closedAt(a.n)) // newest closure first
		case nstPending:
			return a.p.QueuedAt.Compare(b.p.QueuedAt)
		}
		return a.due.Compare(b.due) // the nearest reply date first
	})
	scope := c.scopeUnit()
	all := scope == "" || scope == c.units.root
	v.shown = v.shown[:0]
	v.counts, v.passed = [4]int{}, [4]int{}
	caseW, numW, unitW := 0, 0, 0
	for i := range v.rows {
		r := &v.rows[i]
		if !all && r.unitID != "" && !c.units.within(r.unitID, scope) {
			continue
		}
		if k := slices.Index(api.NoticeStatuses, r.status); k >= 0 {
			v.counts[k]++
		}
		if !v.narrows(r) {
			continue
		}
		if k := slices.Index(api.NoticeStatuses, r.status); k >= 0 {
			v.passed[k]++
		}
		if !v.passes(r) {
			continue
		}
		caseW = max(caseW, cellsOf(r.caseNo)) // an upper bound, cheap (alertcols.go)
		if r.n != nil {
			numW = max(numW, cellsOf(r.n.Number))
		}
		unitW = max(unitW, cellsOf(r.unit))
		v.shown = append(v.shown, i)
	}
	if caseW != v.caseW || numW != v.numW || unitW != v.unitW {
		v.caseW, v.numW, v.unitW = caseW, numW, unitW
		v.table.SetColumns(v.columns(c))
	}
	line := v.table.ScreenLine()
	v.table.SetLen(len(v.shown))
	for k, i := range v.shown {
		if v.rows[i].key() == v.selKey {
			v.table.Anchor(k, line)
			break
		}
	}
	v.pick()
}

// passes applies the status and unit filters to a row.
func (v *noticesList) passes(r *noticeRow) bool {
	switch v.status {
	case "":
	case "open":
		if r.status != api.NoticeIssued && r.status != api.NoticeOverdue {
			return false
		}
	case nstPending: // anything in the outbox: issues and closures
		if r.p == nil {
			return false
		}
	default:
		if r.status != v.status {
			return false
		}
	}
	return v.narrows(r)
}

// narrows reports whether r passes the unit and text filters (the status
// filter aside).
func (v *noticesList) narrows(r *noticeRow) bool {
	if v.unit != "" && r.unitID != v.unit {
		return false
	}
	return v.query == "" || strings.Contains(strings.ToLower(r.blob()), strings.ToLower(v.query))
}

// blob is the text the filter looks in.
func (r *noticeRow) blob() string {
	parts := []string{r.caseNo, r.unit, r.person}
	if r.n != nil {
		parts = append(parts, r.n.Number, r.n.UnitName, r.n.DeptName, r.n.Text, r.n.IssuedBy)
	}
	return strings.Join(parts, "\x1f")
}

func closedAt(n *api.Notice) int64 {
	if n == nil || n.ClosedAt == nil {
		return 0
	}
	return n.ClosedAt.UnixNano()
}

// key identifies a row across rebuilds: the notice's id, or the outbox
// entry's key.
func (r *noticeRow) key() string {
	if r.n != nil {
		return r.n.ID
	}
	return r.p.Key
}

// selected returns the row under the cursor, or nil.
func (v *noticesList) selected() *noticeRow {
	if len(v.shown) == 0 {
		return nil
	}
	return &v.rows[v.shown[min(v.table.Cursor(), len(v.shown)-1)]]
}

// pick records the row under the cursor.
func (v *noticesList) pick() {
	if r := v.selected(); r != nil {
		v.selKey = r.key()
	}
}

// pendingIssueRow is the row of an issue waiting in the outbox: what the
// dashboard knew when it queued it, or what the alerts say.
func (v *noticesList) pendingIssueRow(c *common, p *client.PendingAck) noticeRow {
	r := noticeRow{p: p, status: nstPending, caseNo: p.AlertID}
	if p.AlertID == "" {
		r.caseNo = p.Notice.CaseID
	}
	if q, ok := v.queued[p.Key]; ok {
		r.caseNo, r.unitID, r.unit, r.person = q.caseNo, q.unitID, q.unit, q.person
		return r
	}
	for _, a := range c.state.Alerts.Data.Alerts {
		if a.ID == p.AlertID {
			r.caseNo, r.unitID, r.unit, r.person = a.CaseNo, a.UnitID, c.units.short(a.UnitID, a.UnitName), a.PersonName
			break
		}
	}
	return r
}

// unitsShown lists the units of the rows in scope, in org-tree order, for
// the unit filter.
func (v *noticesList) unitsShown(c *common) []string {
	seen := map[string]bool{}
	var out []string
	scope := c.scopeUnit()
	all := scope == "" || scope == c.units.root
	for i := range v.rows {
		u := v.rows[i].unitID
		if u == "" || seen[u] || (!all && !c.units.within(u, scope)) {
			continue
		}
		seen[u] = true
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(c.units.idx[a], c.units.idx[b]) })
	return out
}

// key handles a key on the notices screen; opening a notice, closing or
// sending one back it asks of the root.
func (v *noticesList) key(c *common, k tea.KeyPressMsg) tea.Msg {
	if v.typing {
		return v.typeKey(c, k)
	}
	if c.tableKey(k, &v.table) {
		v.pick()
		return nil
	}
	nk := &c.keys.Notices
	switch {
	case key.Matches(k, c.keys.Filter):
		v.typing = true
	case key.Matches(k, c.keys.Back):
		if v.status != "" || v.unit != "" || v.query != "" {
			v.status, v.unit, v.query = "", "", ""
			v.table.SetCursor(0)
			v.rebuild(c)
			return nil
		}
		return popMsg{}
	case key.Matches(k, c.keys.Enter):
		if r := v.selected(); r != nil {
			return openNoticeMsg{row: *r}
		}
	case key.Matches(k, nk.Status):
		v.status = cycle(noticeStatusFilters, v.status)
		v.table.SetCursor(0)
		v.rebuild(c)
	case key.Matches(k, nk.Unit):
		if us := v.unitsShown(c); len(us) > 0 {
			v.unit = cycle(us, v.unit)
			v.table.SetCursor(0)
			v.rebuild(c)
		}
	case key.Matches(k, nk.Close):
		if r := v.selected(); r != nil {
			return askCloseMsg{row: *r}
		}
	case key.Matches(k, nk.Reopen):
		if r := v.selected(); r != nil {
			return askCloseMsg{row: *r, reopen: true}
		}
	case key.Matches(k, c.keys.Export):
		return v.export(c)
	}
	return nil
}

// typeKey edits the text filter: enter keeps it, esc drops it, the rest
// is text (the list follows each key).
func (v *noticesList) typeKey(c *common, k tea.KeyPressMsg) tea.Msg {
	switch k.String() {
	case "enter":
		v.typing = false
		return nil
	case "esc":
		v.typing, v.query = false, ""
	case "backspace":
		if r := []rune(v.query); len(r) > 0 {
			v.query = string(r[:len(r)-1])
		}
	default:
		if k.Text == "" || utf8.RuneCountInString(v.query) >= 80 {
			return nil
		}
		v.query = outside(v.query + k.Text)
	}
	v.table.SetCursor(0)
	v.rebuild(c)
	return nil
}

func (v *noticesList) help(km *KeyMap, nav, global []key.Binding) keyHelp {
	nk := &km.Notices
	if v.typing {
		return keyHelp{short: []key.Binding{nk.Submit, nk.Cancel}, full: [][]key.Binding{{nk.Submit, nk.Cancel}}}
	}
	local := []key.Binding{km.Enter, nk.Status, nk.Unit, km.Filter, nk.Close, nk.Reopen, km.Back}
	return keyHelp{short: append(slices.Clone(local), km.Refresh), full: [][]key.Binding{nav, append(local, km.Export), global}}
}

// click selects the row clicked; clicking the selected one opens it.
func (v *noticesList) click(c *common, x, y int) tea.Msg {
	if in := inner(c.lay.body); in.contains(x, y) {
		return clickRow(&v.table, y-in.y-1-noticesHeader, true, v.pick, func() tea.Msg {
			if r := v.selected(); r != nil {
				return openNoticeMsg{row: *r}
			}
			return nil
		})
	}
	return nil
}

func (v *noticesList) wheel(_ *common, _, _, step int) {
	v.table.Scroll(step)
	v.pick()
}

func (v *noticesList) refresh(*common) tea.Cmd { return nil } // the poller's refresh brings the notices

func (v *noticesList) next(_ *common, sim time.Time, ch *changes) {
	for _, i := range v.shown {
		if r := &v.rows[i]; r.status == api.NoticeIssued || r.status == api.NoticeOverdue {
			ch.at(spanNext(r.due, sim))
		}
	}
}
