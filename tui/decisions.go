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
	from    *coveragePanel // the panel it was opened from (read only)
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
type decisionRows struct {
	v *decisionsView
	c *common
}

// Len implements vtable.Source.
func (r decisionRows) Len() int { return len(r.v.page.Decisions) }

// Row implements vtable.Source.
func (r decisionRows) Row(i int, cells []string, inks []theme.Ink) {
	c := r.c
	d := &r.v.page.Decisions[i]
	cells[dcTime] = d.At.Format("01-02 15:04")
	inks[dcTime] = c.styles.Muted
	cells[dcCase] = d.CaseNo
	action := d.PowerName
	if action == "" {
		action = d.Action
	}
	cells[dcAction] = action
	cells[dcDecider] = d.DeciderName
	cells[dcRole] = c.cat.Role(d.Role)
	cells[dcVerdict] = c.cat.Code("verdict_short", d.Verdict)
	if d.Verdict == api.VerdictOver {
		inks[dcVerdict] = c.styles.Flag
	}
	roles := make([]string, len(d.AllowedRoles))
	for k, role := range d.AllowedRoles {
		roles[k] = c.cat.Role(role)
	}
	cells[dcAllowed] = strings.Join(roles, "/")
	cells[dcReason] = d.Reason
	inks[dcReason] = c.styles.Muted
}

// draw draws the decisions screen in r.
func (v *decisionsView) draw(c *common, r rect) []string {
	in := inner(r)
	s := c.styles
	title := c.cat.F("dec.title", coverageRowName(c, v.from.multi, &v.row))
	lines := make([]string, 0, in.h)
	switch {
	case v.err != nil:
		lines = append(lines, s.Flag.Render(c.loadingText(v.err)), s.Muted.Render(c.cat.T("hint.retry")))
	case v.page == nil:
		lines = append(lines, s.Muted.Render(c.cat.T("loading")))
	default:
		sum := c.cat.F("dec.summary", len(v.page.Decisions), v.row.Over)
		if v.page.NextCursor != "" {
			sum += s.Muted.Render(" · " + c.cat.T("dec.more"))
		}
		lines = append(lines, fitLine(sum, in.w))
		v.table.SetFocused(true)
		lines = v.table.Lines(decisionRows{v: v, c: c}, lines)
		if len(v.page.Decisions) == 0 && len(lines) > 2 {
			lines[2] = s.Muted.Render(c.cat.T("dec.none"))
		}
	}
	note := ""
	if v.loading && v.page != nil {
		note = c.cat.T("loading")
	}
	return c.withBottomNote(c.box(r.w, r.h, title, note, s.Muted, true, lines), r.w, true, c.positionNote(&v.table))
}

// key handles a key on the decisions screen.
func (v *decisionsView) key(c *common, k tea.KeyPressMsg) tea.Msg {
	if c.tableKey(k, &v.table) {
		v.pick()
		return nil
	}
	switch {
	case key.Matches(k, c.keys.Back):
		return popMsg{}
	case key.Matches(k, c.keys.Enter):
		return v.openSelected()
	}
	return nil
}
