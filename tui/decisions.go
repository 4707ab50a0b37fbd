package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"charm.land/bubbles/v2/key"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui/vtable"
)

// Decision table columns.
const (
	dcTime = iota
	dcCase
	dcAction
	dcDecider
	dcRole
	dcVerdict
	dcAllowed
	dcReason
)

// decisionsView is the screen of the 越权 decisions of a coverage row.
type decisionsView struct {
	row     api.CoverageRow
	q       client.DecisionQuery
	req     int
	loading bool
	err     error
	page    *api.DecisionPage
	table   vtable.Model
	selID   string
}

// decisionColumns returns the decision table's columns.
func (m *model) decisionColumns() []vtable.Column {
	t := m.cat.T
	vw := 0
	for _, v := range []string{api.VerdictWithin, api.VerdictOver, api.VerdictUncovered} {
		vw = max(vw, textWidth(m.cat.Code("verdict_short", v)))
	}
	return []vtable.Column{
		dcTime:    {Title: t("col.time"), Min: 11, Priority: 60},
		dcCase:    {Title: t("col.case"), Min: 12, Max: 26, Priority: 90},
		dcAction:  {Title: t("col.action"), Min: 10, Max: 30, Flex: true, Priority: 80},
		dcDecider: {Title: t("col.decider"), Min: 6, Max: 10, Priority: 70},
		dcRole:    {Title: t("col.role"), Min: 6, Max: 14, Priority: 65},
		dcVerdict: {Title: t("col.verdict"), Min: vw, Priority: 100},
		dcAllowed: {Title: t("col.allowed"), Min: 10, Max: 30, Priority: 30},
		dcReason:  {Title: t("col.reason"), Min: 0, Max: 40, Priority: 20},
	}
}

// selected returns the decision under the cursor, or nil.
func (v *decisionsView) selected() *api.Decision {
	if v.page == nil || len(v.page.Decisions) == 0 {
		return nil
	}
	return &v.page.Decisions[v.table.Cursor()]
}

// pick records the row under the cursor.
func (v *decisionsView) pick() {
	if d := v.selected(); d != nil {
		v.selID = d.ID
	}
}

// decisionRows is the vtable.Source of the decisions table.
type decisionRows struct{ m *model }

// Len implements vtable.Source.
func (r decisionRows) Len() int { return len(r.m.decView.page.Decisions) }

// Row implements vtable.Source.
func (r decisionRows) Row(i int, cells []string, inks []theme.Ink) {
	m := r.m
	d := &m.decView.page.Decisions[i]
	cells[dcTime] = d.At.Format("01-02 15:04")
	inks[dcTime] = m.styles.Muted
	cells[dcCase] = d.CaseNo
	action := d.PowerName
	if action == "" {
		action = d.Action
	}
	cells[dcAction] = action
	cells[dcDecider] = d.DeciderName
	cells[dcRole] = m.cat.Role(d.Role)
	cells[dcVerdict] = m.cat.Code("verdict_short", d.Verdict)
	if d.Verdict == api.VerdictOver {
		inks[dcVerdict] = m.styles.Flag
	}
	roles := make([]string, len(d.AllowedRoles))
	for k, role := range d.AllowedRoles {
		roles[k] = m.cat.Role(role)
	}
	cells[dcAllowed] = strings.Join(roles, "/")
	cells[dcReason] = d.Reason
	inks[dcReason] = m.styles.Muted
}

// box draws the decisions screen in r.
func (decisionsScreen) box(m *model, r rect) []string {
	v := &m.decView
	in := inner(r)
	s := m.styles
	title := m.cat.F("dec.title", coverageRowName(&m.common, m.cov.multi, &v.row))
	lines := make([]string, 0, in.h)
	switch {
	case v.err != nil:
		lines = append(lines, s.Flag.Render(m.loadingText(v.err)), s.Muted.Render(m.cat.T("hint.retry")))
	case v.page == nil:
		lines = append(lines, s.Muted.Render(m.cat.T("loading")))
	default:
		sum := m.cat.F("dec.summary", len(v.page.Decisions), v.row.Over)
		if v.page.NextCursor != "" {
			sum += s.Muted.Render(" · " + m.cat.T("dec.more"))
		}
		lines = append(lines, fitLine(sum, in.w))
		v.table.SetFocused(true)
		lines = v.table.Lines(decisionRows{m}, lines)
		if len(v.page.Decisions) == 0 && len(lines) > 2 {
			lines[2] = s.Muted.Render(m.cat.T("dec.none"))
		}
	}
	note := ""
	if v.loading && v.page != nil {
		note = m.cat.T("loading")
	}
	return m.box(r.w, r.h, title, note, s.Muted, true, lines)
}

// key handles a key on the decisions screen.
func (decisionsScreen) key(m *model, k tea.KeyPressMsg) tea.Cmd {
	v := &m.decView
	if m.tableKey(k, &v.table) {
		v.pick()
		return nil
	}
	switch {
	case key.Matches(k, m.keys.Back):
		m.pop()
	case key.Matches(k, m.keys.Enter):
		if d := v.selected(); d != nil {
			return m.openCase(d.CaseID, d.CaseNo)
		}
	}
	return nil
}
