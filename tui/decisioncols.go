package tui

import (
	"strings"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/tui/vtable"
)

// The decisions table's columns, sized by what the page holds (issue 14,
// D17): the action gets the room its names need, the case number is never
// cut, a column every row leaves empty (清单允许 when no decision lists
// allowed roles) or that says the same on every row (the decider of a
// person's decisions) is not shown.

// decisionGiveWay is the order in which the decisions table's columns give
// way when the screen is too narrow.
var decisionGiveWay = []giveWay{
	{col: dcReason, to: 0},
	{col: dcAllowed, to: 0},
	{col: dcAction, to: 16},
	{col: dcRole, to: 4},
	{col: dcTime, to: 0},
	{col: dcDecider, to: 0},
	{col: dcAction, to: 8},
	{col: dcRole, to: 0},
}

// columns returns the decision table's columns for the table's width.
func (v *decisionsView) columns(c *common) []vtable.Column {
	t := c.cat.T
	full := make([]int, dcReason+1)
	title := func(key string, w int) int { return max(textWidth(t(key)), w) }
	full[dcTime] = len("01-02 15:04")
	full[dcCase] = title("col.case", 12)
	full[dcAction] = title("col.action", 10)
	full[dcDecider] = title("col.decider", 6)
	full[dcRole] = title("col.role", 4)
	for _, verdict := range []string{api.VerdictWithin, api.VerdictOver, api.VerdictUncovered} {
		full[dcVerdict] = max(full[dcVerdict], textWidth(c.cat.Code("verdict_short", verdict)))
	}
	full[dcVerdict] = title("col.verdict", full[dcVerdict])
	if v.page != nil {
		var allowed, reason int
		deciders := map[string]bool{}
		for i := range v.page.Decisions {
			d := &v.page.Decisions[i]
			full[dcCase] = max(full[dcCase], min(cellsOf(d.CaseNo), maxCaseNoCells))
			action := d.PowerName
			if action == "" {
				action = d.Action
			}
			full[dcAction] = max(full[dcAction], min(cellsOf(action), 40))
			full[dcDecider] = max(full[dcDecider], min(cellsOf(d.DeciderName), maxPersonCells))
			full[dcRole] = max(full[dcRole], textWidth(c.cat.Role(d.Role)))
			roles := make([]string, len(d.AllowedRoles))
			for k, role := range d.AllowedRoles {
				roles[k] = c.cat.Role(role)
			}
			allowed = max(allowed, min(textWidth(strings.Join(roles, "/")), 30))
			reason = max(reason, min(cellsOf(d.Reason), 40))
			deciders[d.DeciderName] = true
		}
		full[dcAllowed], full[dcReason] = 0, 0
		if allowed > 0 {
			full[dcAllowed] = title("col.allowed", allowed)
		}
		if reason > 0 {
			full[dcReason] = title("col.reason", reason)
		}
		if len(deciders) == 1 && len(v.page.Decisions) > 1 {
			full[dcDecider] = 0 // the same person on every row: the title says who
		}
	}
	// What is left over goes to the reason (how it went beyond the list),
	// the longest text, else to the action.
	w := allocColumns(full, dcReason, decisionGiveWay, v.table.Width())
	if w[dcReason] == 0 {
		w = allocColumns(full, dcAction, decisionGiveWay, v.table.Width())
	}
	cols := []vtable.Column{
		dcTime:    {Title: t("col.time")},
		dcCase:    {Title: t("col.case")},
		dcAction:  {Title: t("col.action")},
		dcDecider: {Title: t("col.decider")},
		dcRole:    {Title: t("col.role")},
		dcVerdict: {Title: t("col.verdict")},
		dcAllowed: {Title: t("col.allowed")},
		dcReason:  {Title: t("col.reason")},
	}
	for i := range cols {
		cols[i].Min, cols[i].Max = w[i], w[i]
	}
	return cols
}
