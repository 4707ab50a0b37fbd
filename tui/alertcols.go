package tui

import (
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/tui/vtable"
)

// The alerts table's columns: measured from the alerts in scope, laid out
// by allocColumns. The case number is never cut (it is the one unique
// identifier an officer reads out on the phone); the due time and the
// level glyph stay; the rest give way in the order of alertGiveWay.

// alertMeasure is the widest content of the measured columns among the
// alerts in scope, in cells.
type alertMeasure struct {
	level, category, caseNo, unit, person, ack int
}

// Caps on measured widths: a hostile or broken value cannot take the row.
const (
	maxCaseNoCells = 34 // 黛阳检民监受〔2023〕3171号 is 26
	maxUnitCells   = 24
	maxPersonCells = 12
	maxAckCells    = 30 // 王芳 08:00 “已电话督促承办人…”
	dueAtLayout    = "01-02 15:04"
)

// measure returns the widest content of the alerts in scope, from what
// reorder's pass gathered (acc) and the org tree's unit names. It runs
// once per data, scope or sort change, never per frame.
func (p *alertsPanel) measure(c *common, acc widthAcc) alertMeasure {
	am := alertMeasure{caseNo: acc.caseNo, person: acc.person, ack: min(acc.ack, maxAckCells)}
	for k, l := range levels {
		if api.IsDeadlineLevel(l) || p.byLevel[k] > 0 {
			am.level = max(am.level, textWidth(c.cat.LevelShort(l))+2)
		}
	}
	for k, cat := range categories {
		if !findingCategory(cat) || p.byCat[k] > 0 {
			am.category = max(am.category, textWidth(c.cat.Category(cat)))
		}
	}
	// The units of the scope (a unit with no alert at the moment may widen
	// the column by a few cells: the org tree is small, the alerts are not).
	for i := range c.units.list {
		u := &c.units.list[i]
		if p.inScope == nil || p.inScope[u.ID] {
			am.unit = max(am.unit, textWidth(c.units.short(u.ID, u.Name)))
		}
	}
	am.caseNo = min(am.caseNo, maxCaseNoCells)
	am.unit = min(am.unit, maxUnitCells)
	am.person = min(am.person, maxPersonCells)
	return am
}

// widthAcc accumulates the widest case number and person's name of the
// alerts in scope, in reorder's pass over them (the alerts in id order,
// close in memory: a second pass in sorted order cost as much again).
type widthAcc struct {
	caseNo, person, ack int
	who                 *client.AlertWho
}

// add takes in one alert in scope.
func (w *widthAcc) add(a *client.Alert) {
	w.caseNo = max(w.caseNo, cellsOf(a.CaseNo))
	if a.Ack != nil && w.ack < maxAckCells {
		w.ack = max(w.ack, ackCellWidth(a.Ack))
	}
	if a.AlertWho != nil && a.AlertWho != w.who {
		w.who = a.AlertWho // shared by the alerts of a person
		w.person = max(w.person, cellsOf(a.PersonName))
	}
}

// cellsOf is a quick upper bound of a one-line string's display width,
// read from the UTF-8 bytes without decoding: one cell below U+0800 (a
// one- or two-byte sequence), two from there up (CJK is three bytes).
// Good enough to size a column (the table measures exactly when it draws).
func cellsOf(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b < 0x80, b >= 0xC0 && b < 0xE0:
			n++
		case b >= 0xE0:
			n += 2
		}
	}
	return n
}

// alertGiveWay is the order in which the alerts table's columns give way
// when the panel is too narrow. The mark, the case number and the due time
// never do; the level keeps its glyph.
var alertGiveWay = []giveWay{
	{col: acAck, to: 0},
	{col: acDueAt, to: 0},
	{col: acRule, to: 10},
	{col: acRule, to: 0},
	{col: acLevel, to: 1, discrete: true},
	{col: acUnit, to: 8},
	{col: acAge, to: 0},
	{col: acPerson, to: 4},
	{col: acCategory, to: 0},
	{col: acUnit, to: 0},
	{col: acPerson, to: 0},
}

// fullWidths returns each column's width before giving way: the measured
// content, at least the title.
func (p *alertsPanel) fullWidths(c *common) []int {
	t := c.cat.T
	am := p.measured
	title := func(key string, w int) int { return max(textWidth(t(key)), w) }
	dw := max(textWidth(c.cat.F("due.left", "00:00:00")), textWidth(c.cat.F("due.over", c.cat.Span(-25*time.Hour))))
	full := make([]int, acCount)
	full[acMark] = 1
	full[acNotice] = noticeCol(len(c.noticeCases) > 0 || len(c.noticeAlerts) > 0) // shown while a notice is out
	full[acLevel] = title("col.level", am.level)
	full[acCategory] = title("col.category", am.category)
	full[acCase] = title("col.case", max(am.caseNo, 10))
	full[acUnit] = title("col.unit", am.unit)
	full[acPerson] = title("col.person", am.person)
	full[acDue] = title("col.due", dw)
	full[acDueAt] = title("col.dueat", len(dueAtLayout))
	full[acAge] = title("col.age", textWidth(c.cat.Age(999*24*time.Hour)))
	full[acRule] = title("col.rule", 14)
	if am.ack > 0 { // shown while an alert in scope is acknowledged
		full[acAck] = title("col.ack", am.ack)
	}
	if p.absDue { // the due column shows the date and time, the other the countdown
		full[acDue], full[acDueAt] = full[acDueAt], full[acDue]
	}
	return full
}

// columns returns the alert table's columns for the table's width, and
// records whether the level column has room for its glyph alone
// (glyphOnly, read by the rows).
func (p *alertsPanel) columns(c *common) []vtable.Column {
	t := c.cat.T
	full := p.fullWidths(c)
	w := allocColumns(full, acRule, alertGiveWay, p.table.Width())
	cols := []vtable.Column{
		acMark:     {Title: ""},
		acNotice:   {Title: ""},
		acLevel:    {Title: t("col.level")},
		acCategory: {Title: t("col.category")},
		acCase:     {Title: t("col.case")},
		acUnit:     {Title: t("col.unit")},
		acPerson:   {Title: t("col.person")},
		acDue:      {Title: t("col.due"), Right: true},
		acDueAt:    {Title: t("col.dueat")},
		acAge:      {Title: t("col.age"), Right: true},
		acRule:     {Title: t("col.rule")},
		acAck:      {Title: t("col.ack")},
	}
	if p.absDue {
		cols[acDue].Title, cols[acDueAt].Title = t("col.dueat"), t("col.due")
		cols[acDue].Right, cols[acDueAt].Right = false, true
	}
	for i := range cols {
		cols[i].Min, cols[i].Max = w[i], w[i]
	}
	p.glyphOnly = w[acLevel] > 0 && w[acLevel] < full[acLevel]
	if p.glyphOnly {
		cols[acLevel].Title = "" // the glyph alone: no room for the word
	}
	return cols
}

// fitColumns lays the alerts table's columns out again (after a resize,
// a change of the measured content or of the due-time form).
func (p *alertsPanel) fitColumns(c *common) {
	p.table.SetColumns(p.columns(c))
}

// dueAtText is an alert's due time as a date and time in the case
// system's zone.
func dueAtText(due time.Time) string {
	if due.IsZero() {
		return "—"
	}
	return due.Format(dueAtLayout)
}
