package snapshot

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/i18n"
)

// Format is an output format of a report.
type Format string

// Output formats.
const (
	Text     Format = "text"     // plain text, fixed-width columns, no colour
	Markdown Format = "markdown" // headings and tables
	JSON     Format = "json"     // the stable shape of docs/SNAPSHOT.md
	CSV      Format = "csv"      // the sections one under another, for a spreadsheet (csvdoc.go)
)

// ParseFormat reads a --format value: text (txt), markdown (md) or json.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "text", "txt":
		return Text, nil
	case "markdown", "md":
		return Markdown, nil
	case "json":
		return JSON, nil
	case "csv":
		return CSV, nil
	}
	return "", fmt.Errorf("unknown format %q (want text, markdown, json or csv)", s)
}

// Render writes the report in format f; labels are in language l (JSON
// has no labels: it carries codes and both names).
func (r *Report) Render(w io.Writer, f Format, l i18n.Lang) error {
	bw := bufio.NewWriter(w)
	switch f {
	case JSON:
		enc := json.NewEncoder(bw)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r.withEmptyLists()); err != nil {
			return err
		}
	case Markdown:
		r.write(&markdownDoc{w: bw}, newWords(l))
	case Text:
		r.write(&textDoc{w: bw}, newWords(l))
	case CSV:
		d := newCSVDoc(bw)
		r.write(d, newWords(l))
		if err := d.flush(); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown format %q", f)
	}
	return bw.Flush()
}

// withEmptyLists returns a copy of r whose nil lists and maps are empty,
// so that the JSON has [] and {} where there is nothing, never null.
func (r *Report) withEmptyLists() *Report {
	c := *r
	a := &c.Alerts
	a.ByLevel = withKeys(a.ByLevel, levels)
	a.ByCategory = withKeys(a.ByCategory, categories)
	a.ByUnit = nonNil(a.ByUnit)
	a.MostOverdue = nonNil(a.MostOverdue)
	c.Indicators.BottomRanked = nonNil(c.Indicators.BottomRanked)
	c.Indicators.Volatile = nonNil(c.Indicators.Volatile)
	c.Coverage.Gaps = nonNil(c.Coverage.Gaps)
	c.Coverage.Unexercised = nonNil(c.Coverage.Unexercised)
	c.Coverage.NotOnList = nonNil(c.Coverage.NotOnList)
	return &c
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// withKeys returns m with every key present (zero when missing).
func withKeys(m map[string]int, keys []string) map[string]int {
	out := make(map[string]int, len(keys))
	for k, v := range m {
		out[k] = v
	}
	for _, k := range keys {
		if _, ok := out[k]; !ok {
			out[k] = 0
		}
	}
	return out
}

// doc is what the text and Markdown renderers have in common: the report
// is written once, in terms of these.
type doc interface {
	title(s string)
	note(s string)
	fields(kv [][2]string)
	heading(s string)
	sub(s string)
	para(s string)
	table(t table)
}

// table is a table of cells; right marks the numeric columns.
type table struct {
	head  []string
	right []bool
	rows  [][]string
	// none is shown instead of an empty table.
	none string
}

func (r *Report) write(d doc, w words) {
	scope := w.Name(r.Scope.Name, r.Scope.NameEn)
	d.title(w.L("title") + " · " + scope)
	if r.Demo {
		d.note(w.L("demo") + w.colon() + w.T("legend.demo"))
	}
	d.fields([][2]string{
		{w.T("scope.label"), w.paren(scope, r.Scope.UnitID)},
		{w.L("generated"), r.GeneratedAt.Format("2006-01-02 15:04:05 -07:00")},
		{w.L("asof"), stamp(r.DataAsOf)},
	})
	r.writeAlerts(d, w)
	r.writeIndicators(d, w)
	r.writeCoverage(d, w)
}

func (r *Report) writeAlerts(d doc, w words) {
	a := r.Alerts
	d.heading(w.T("panel.alerts"))
	var lv, cat []string
	for _, l := range levels {
		lv = append(lv, w.Level(l)+" "+strconv.Itoa(a.ByLevel[l]))
	}
	for _, c := range categories {
		if slices.Contains(a.Unmonitored, c) {
			cat = append(cat, w.Category(c)+" "+w.T("cat.unmonitored"))
			continue
		}
		cat = append(cat, w.Category(c)+" "+strconv.Itoa(a.ByCategory[c]))
	}
	fields := [][2]string{
		{w.L("active"), fmt.Sprintf(w.L("count.alerts"), a.Total)},
		{w.L("by.level"), strings.Join(lv, " · ")},
		{w.L("by.category"), strings.Join(cat, " · ")},
		{w.L("overdue.cases"), fmt.Sprintf(w.L("count.cases"), a.OverdueCases)},
		{w.L("asof"), stamp(a.AsOf)},
	}
	if a.Rejected > 0 {
		fields = append(fields, [2]string{w.L("rejected"), fmt.Sprintf(w.L("count.rejected"), a.Rejected, a.FirstRejected)})
	}
	d.fields(fields)
	t := table{head: []string{w.T("col.unit"), w.L("col.total"), w.title(w.Level("overdue")), w.title(w.Level("warning")), w.title(w.Level("notice")), w.L("col.findings")},
		right: []bool{false, true, true, true, true, true}, none: w.T("none")}
	for _, u := range a.ByUnit {
		t.rows = append(t.rows, []string{w.Name(u.UnitName, u.UnitNameEn), itoa(u.Total), itoa(u.Overdue), itoa(u.Warning), itoa(u.Notice), itoa(u.Findings)})
	}
	d.sub(w.L("by.unit"))
	d.table(t)
	t = table{head: []string{w.T("col.case"), w.T("col.unit"), w.T("col.dept"), w.T("col.person"), w.T("col.rule"),
		w.T("col.due"), w.L("col.overdue"), w.L("col.n")},
		right: []bool{false, false, false, false, false, false, true, true}, none: w.T("none")}
	for _, c := range a.MostOverdue {
		t.rows = append(t.rows, []string{c.CaseNo, w.Name(c.UnitName, c.UnitNameEn), c.DeptName, c.PersonName,
			c.Rule + " " + w.Name(c.RuleName, c.RuleNameEn), stamp(c.DueAt),
			w.Span(time.Duration(c.OverdueHours) * time.Hour), itoa(c.OverdueAlerts)})
	}
	d.sub(w.L("most.overdue"))
	d.table(t)
}

func (r *Report) writeIndicators(d doc, w words) {
	in := r.Indicators
	period := in.Period
	switch in.PeriodKind {
	case api.PeriodMTD:
		period = fmt.Sprintf(w.L("ind.period.mtd"), in.Period)
	case api.PeriodYTD:
		period = fmt.Sprintf(w.L("ind.period.ytd"), in.Period)
	}
	d.heading(fmt.Sprintf(w.L("ind.heading"), period, w.Name(in.UnitName, in.UnitNameEn)))
	bottom := itoa(len(in.BottomRanked))
	if in.BasicUnits > 0 {
		bottom = fmt.Sprintf(w.L("ind.bottombelow"), in.BasicUnits, in.BottomCells, len(in.BottomRanked))
	}
	d.fields([][2]string{
		{w.L("ind.total"), itoa(in.Count)},
		{w.T("flag.bottom"), bottom},
		{w.T("flag.volatile"), itoa(len(in.Volatile))},
		{w.L("asof"), stamp(in.AsOf)},
	})
	var t table
	if in.BasicUnits > 0 {
		t = table{head: []string{w.L("col.id"), w.T("col.indicator"), w.T("col.value"), w.T("col.below"), w.L("col.units")},
			right: []bool{false, false, true, true, false}, none: w.T("none")}
		for _, i := range in.BottomRanked {
			t.rows = append(t.rows, []string{i.ID, w.Name(i.Name, i.NameEn) + w.simulated(i.Source), w.value(i.Value, i.Unit),
				fmt.Sprintf("%d/%d", len(i.BottomUnits), i.RankOf), w.bottomUnits(i)})
		}
	} else {
		t = table{head: []string{w.L("col.id"), w.T("col.indicator"), w.T("col.value"), w.T("col.ref"), w.T("col.rank"), w.T("col.change")},
			right: []bool{false, false, true, true, true, true}, none: w.T("none")}
		for _, i := range in.BottomRanked {
			t.rows = append(t.rows, []string{i.ID, w.Name(i.Name, i.NameEn) + w.simulated(i.Source), w.value(i.Value, i.Unit), w.value(i.Reference, i.Unit),
				fmt.Sprintf("%d/%d", i.Rank, i.RankOf), signedPtr(i.Change)})
		}
	}
	d.sub(w.T("flag.bottom"))
	d.table(t)
	t = table{head: []string{w.L("col.id"), w.T("col.indicator"), w.T("col.value"), w.T("det.previous"), w.T("col.change"), w.T("col.vol")},
		right: []bool{false, false, true, true, true, true}, none: w.T("none")}
	for _, i := range in.Volatile {
		prev := "—"
		if i.Previous != nil {
			prev = w.value(*i.Previous, i.Unit)
		}
		t.rows = append(t.rows, []string{i.ID, w.Name(i.Name, i.NameEn) + w.simulated(i.Source), w.value(i.Value, i.Unit), prev,
			signedPtr(i.Change), strconv.FormatFloat(i.Volatility, 'f', 2, 64)})
	}
	d.sub(w.T("flag.volatile"))
	d.table(t)
}

func (r *Report) writeCoverage(d doc, w words) {
	c := r.Coverage
	d.heading(w.T("panel.coverage"))
	period := c.Period
	if !c.From.IsZero() && c.To.After(c.From) {
		through := c.To.Add(-time.Nanosecond)
		switch c.PeriodKind {
		case api.PeriodMTD:
			period = w.F("period.mtd", c.From.Format("2006-01"), through.Day())
		case api.PeriodYTD:
			period = w.F("period.ytd", c.From.Year(), int(c.From.Month()), int(through.Month()))
		}
	}
	list := w.L("cov.listfile") + c.ListSource
	if c.ListExample {
		list = w.T("cov.example")
	}
	d.para(period + " · " + list + " · " + w.F("cov.totals", c.Decisions, c.Over, percent2(c.OverRate)))
	t := table{head: []string{w.T("col.unit"), w.T("col.dept"), w.T("col.decisions"), w.T("col.over"), w.T("col.overrate")},
		right: []bool{false, false, true, true, true}, none: w.T("none")}
	for _, g := range c.Gaps {
		t.rows = append(t.rows, []string{w.Name(g.UnitName, g.UnitNameEn), g.DeptName, itoa(g.Decisions), itoa(g.Over), percent2(g.OverRate)})
	}
	d.sub(fmt.Sprintf(w.L("cov.gaps"), c.OverDepartments, len(c.Gaps)))
	d.table(t)
	t = table{head: []string{w.L("col.kind"), w.L("col.name"), w.L("col.line"), w.T("col.decisions"), w.L("col.units")},
		right: []bool{false, false, false, true, true}, none: w.T("none")}
	for _, g := range c.NotOnList {
		t.rows = append(t.rows, []string{g.Kind, w.Name(g.Name, g.NameEn), w.Line(g.Line), itoa(g.Decisions), itoa(g.Units)})
	}
	d.sub(w.F("cov.notonlist", len(c.NotOnList), c.NotOnListDecisions))
	d.table(t)
	t = table{head: []string{w.L("col.id"), w.L("col.name"), w.L("col.line")}, right: []bool{false, false, false}, none: w.T("none")}
	for _, p := range c.Unexercised {
		t.rows = append(t.rows, []string{p.ID, w.Name(p.Name, p.NameEn), w.Line(p.Line)})
	}
	d.sub(w.F("cov.unexercised", len(c.Unexercised)))
	d.table(t)
}

// title capitalises an English word for a column head.
func (w words) title(s string) string {
	if w.en && s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// colon separates a label from its text.
func (w words) colon() string {
	if w.en {
		return ": "
	}
	return "："
}

// paren writes "name (id)".
func (w words) paren(name, id string) string {
	if w.en {
		return name + " (" + id + ")"
	}
	return name + "（" + id + "）"
}

// bottomUnits lists the bottom-ranked basic units of a row in the
// report's language.
func (w words) bottomUnits(i Indicator) string {
	if w.en && len(i.BottomUnitsEn) == len(i.BottomUnits) {
		return strings.Join(i.BottomUnitsEn, ", ")
	}
	return strings.Join(shortUnitNames(i.BottomUnits), w.T("list.sep"))
}

// shortUnitNames shortens basic-unit names for a list in a table cell:
// 北原市黛阳区人民检察院 → 黛阳区院 (the city and the formal suffix go).
func shortUnitNames(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		s, ok := strings.CutSuffix(n, "人民检察院")
		if !ok {
			out[i] = n
			continue
		}
		if _, rest, found := strings.Cut(s, "市"); found && rest != "" {
			s = rest
		}
		out[i] = s + "院"
	}
	return out
}

// simulated marks an indicator whose values are a simulated series.
func (w words) simulated(source string) string {
	if source == "" || source == api.SourceComputed {
		return ""
	}
	if w.en {
		return " (" + w.T("flag.sim.short") + ")"
	}
	return "（" + w.T("flag.sim.short") + "）"
}

// signedPtr writes a change, "—" when there is none.
func signedPtr(c *float64) string {
	if c == nil {
		return "—"
	}
	return signed(*c)
}

// value writes an indicator value in its unit of measure.
func (w words) value(v float64, unit string) string {
	if unit == "count" {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	switch unit {
	case "%":
		return s + "%"
	case "", "ratio":
		return s
	}
	return s + w.Code(i18n.KindUnit, unit)
}

// stamp writes a time of the data, in its own zone, to the minute.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format("2006-01-02 15:04 -07:00")
}

func itoa(n int) string { return strconv.Itoa(n) }

func signed(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if v > 0 {
		return "+" + s
	}
	if s == "-0.00" {
		return "0.00"
	}
	return s
}

// percent2 formats a share with two decimals (越权 is rare: 0.4 % must
// not read as 0 %).
func percent2(x float64) string { return strconv.FormatFloat(x*100, 'f', 2, 64) + "%" }
