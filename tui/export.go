package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/csvout"
	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui/vtable"
)

// Export (`e`): the list on screen, as it is filtered and sorted, written
// as CSV (csvout: UTF-8 with BOM, formula-looking cells neutralised) into
// Options.ExportDir by a command, never in Update; the footer says where.

// commonMsg is a message upward that needs nothing of the root but the
// shared context: the root hands it the common and runs what it returns.
type commonMsg interface {
	apply(c *common) tea.Cmd
}

// exportMsg asks for the table of the list on screen to be written.
type exportMsg struct {
	name  string // the file's name before its time: alerts, indicators …
	table csvout.Table
}

// exportedMsg is the export command's answer.
type exportedMsg struct {
	path string
	rows int
	err  error
}

// apply starts the write: the folder and the time are read here, the file
// is written by the command.
func (e exportMsg) apply(c *common) tea.Cmd {
	dir := c.opts.ExportDir
	if dir == "" {
		c.status, c.statusBad = c.cat.T("export.off"), true
		return nil
	}
	c.status, c.statusBad = c.cat.T("export.busy"), false
	now := c.now().In(c.zone())
	return func() tea.Msg {
		path, err := csvout.WriteFile(dir, e.name, now, e.table)
		return exportedMsg{path: path, rows: len(e.table.Rows), err: err}
	}
}

// apply says in the footer where the rows went, or why they did not.
func (e exportedMsg) apply(c *common) tea.Cmd {
	if e.err != nil {
		c.status, c.statusBad = c.cat.F("export.failed", errLine(e.err)), true
		return nil
	}
	c.status, c.statusBad = c.cat.F("export.done", e.rows, outside(e.path)), false
	return nil
}

// export is the notices list as shown (filtered), without the outbox mark.
func (v *noticesList) export(c *common) exportMsg {
	return exportMsg{name: "notices", table: sourceTable(v.columns(c), noticeRows{c: c, v: v, sim: c.simNow()}, ncMark)}
}

// exportPanel returns the table of the dashboard's panel p as shown.
func (d *dashboard) exportPanel(c *common, p panel) exportMsg {
	switch p {
	case panelIndicators:
		ip := &d.inds
		cols := ip.columns(c)
		return exportMsg{name: "indicators", table: sourceTable(cols, indicatorRows{p: ip, c: c}, icSpark)}
	case panelCoverage:
		cp := &d.cov
		return exportMsg{name: "coverage", table: sourceTable(cp.columns(c), coverageRows{p: cp, c: c})}
	}
	return exportMsg{name: "alerts", table: d.alerts.exportTable(c)}
}

// sourceTable is the table a vtable.Source draws, all its rows, without
// the columns skip names (a sparkline means nothing in a spreadsheet).
func sourceTable(cols []vtable.Column, src vtable.Source, skip ...int) csvout.Table {
	keep := make([]int, 0, len(cols))
	var t csvout.Table
	for i, col := range cols {
		if !containsInt(skip, i) {
			keep = append(keep, i)
			t.Header = append(t.Header, col.Title)
		}
	}
	cells := make([]string, len(cols))
	// inks are drawn into and dropped: a spreadsheet has no colours.
	inks := make([]theme.Ink, len(cols))
	n := src.Len()
	t.Rows = make([][]string, 0, n)
	for i := range n {
		clear(cells)
		src.Row(i, cells, inks)
		row := make([]string, len(keep))
		for j, k := range keep {
			row[j] = cells[k]
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// exportTable is the alerts as the list shows them (filtered, sorted,
// grouped: a folded group's alerts are not on screen and not written),
// each with its whole case number, unit, rule, both due forms and the
// acknowledgement.
func (p *alertsPanel) exportTable(c *common) csvout.Table {
	t := c.cat.T
	tb := csvout.Table{Header: []string{t("col.level"), t("col.category"), t("col.rule"), t("col.case"), t("col.unit"),
		t("col.dept"), t("col.person"), t("col.dueat"), t("col.due"), t("export.detected"),
		t("export.ackby"), t("export.ackat"), t("export.acknote")}}
	sim := c.simNow()
	for i := range p.rows {
		a := p.alertAt(i)
		if a == nil {
			continue // a group header
		}
		due, _ := c.dueText(a.DueAt(), sim)
		row := []string{c.cat.Level(a.Level), c.cat.Category(a.Category), c.cat.Name(a.RuleName, a.RuleNameEn), a.CaseNo,
			c.units.name(c.cat, a.UnitID, a.UnitName), a.DeptName, a.PersonName, timeText(a.DueAt()), due,
			timeText(a.DetectedAt()), "", "", ""}
		if ak := a.Ack; ak != nil {
			at := ak.ActedAt
			if at.IsZero() {
				at = ak.At
			}
			row[10], row[11], row[12] = ak.By, timeText(at.In(c.zone())), ak.Note
		}
		tb.Rows = append(tb.Rows, row)
	}
	return tb
}

// timeText is a moment as the export writes it, "" when unknown.
func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(exportTimeLayout)
}

// exportTimeLayout is the export's date and time, with the year (the
// screen's due times have none).
const exportTimeLayout = "2006-01-02 15:04"
