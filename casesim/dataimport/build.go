package dataimport

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/casesim/store"
)

// Inputs are the tables of one import by what they hold: cases (with
// their events and organisation), or reported indicator values, or both.
type Inputs struct {
	Cases, Events, Org, Indicators *Table
}

// Assign finds the tables of a workbook by the sheets the mapping names:
// the cases on [cases] sheet (the first sheet when it names none), the
// events, the organisation on theirs when the workbook has them.
func Assign(tables []*Table, m *Mapping) (Inputs, error) {
	var in Inputs
	find := func(sheet string) *Table {
		for _, t := range tables {
			if t.Sheet == sheet || (t.Sheet == "" && sheet == "") {
				return t
			}
		}
		return nil
	}
	if m.Cases.Sheet == "" || tables[0].Sheet == "" {
		in.Cases = tables[0] // the first sheet, or a CSV file
	} else if in.Cases = find(m.Cases.Sheet); in.Cases == nil {
		var names []string
		for _, t := range tables {
			names = append(names, t.Sheet)
		}
		return in, reject(tables[0].Name, 0, "", "no sheet %q (mapping %s line %d: sheet = %q); the workbook has %s",
			m.Cases.Sheet, m.path, m.line("cases", "sheet"), m.Cases.Sheet, strings.Join(names, ", "))
	}
	if tables[0].Sheet != "" {
		if m.Events.Sheet != "" {
			in.Events = find(m.Events.Sheet)
		}
		if m.Org.Sheet != "" {
			in.Org = find(m.Org.Sheet)
		}
		if m.Indicators.Sheet != "" {
			in.Indicators = find(m.Indicators.Sheet)
		}
	}
	return in, nil
}

// Result is what an import would write.
type Result struct {
	Batch store.ImportBatch
	// Notes are things the user should know that do not reject the import
	// (columns not imported, an example mapping).
	Notes []string
	// Events counts the procedural events read.
	Events int
}

// Build validates the inputs through the mapping and returns the batch to
// write, or an *Error naming every problem by file, line and column.
func Build(in Inputs, m *Mapping, known Known) (*Result, error) {
	w := newWords(m.Values)
	ob := newOrgBuilder(known)
	res := &Result{}
	if m.Example {
		res.Notes = append(res.Notes, fmt.Sprintf("mapping %s is marked as an example: check every column and value word against your export", m.path))
	}
	var problems []RowError
	if in.Org != nil {
		problems = append(problems, ob.orgTable(in.Org, m, w)...)
	}
	cases := &caseSet{byNo: map[string]*sim.Case{}}
	var errs []RowError
	if in.Cases != nil {
		var notes []string
		cases, notes, errs = buildCases(in.Cases, m, w, ob)
		problems = append(problems, errs...)
		res.Notes = append(res.Notes, notes...)
	}
	if in.Events != nil && len(errs) == 0 {
		n, errs := applyEvents(in.Events, m, w, cases)
		problems = append(problems, errs...)
		res.Events = n
	}
	if in.Indicators != nil {
		vals, errs := indicatorTable(in.Indicators, m, ob)
		problems = append(problems, errs...)
		res.Batch.Indicators = vals
	}
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	switch {
	case in.Cases != nil && len(cases.list) == 0:
		return nil, reject(in.Cases.Name, 2, "", "the file has no rows")
	case in.Cases == nil && len(res.Batch.Indicators) == 0:
		return nil, reject("", 0, "", "nothing to import: no cases and no indicator values")
	}
	for _, c := range cases.list {
		finish(c, w)
		res.Batch.Cases = append(res.Batch.Cases, store.ImportedCase{Case: c, Hash: hashCase(c)})
	}
	res.Batch.Units, res.Batch.Depts, res.Batch.People = ob.batch()
	return res, nil
}

// resolve finds the column of each field the mapping maps for table. A
// required field whose header is not in the file is an error naming the
// mapping line that expected it.
func resolve(t *Table, m *Mapping, table string) (map[string]int, []RowError) {
	idx := map[string]int{}
	var errs []RowError
	pos := map[string]int{}
	for i, h := range t.Header {
		if prev, dup := pos[h]; dup && h != "" {
			for _, c := range m.table(table).Columns {
				if c == h {
					errs = append(errs, RowError{File: t.Name, Line: 1, Column: h, Reason: fmt.Sprintf("the header is in columns %d and %d: which one is meant?", prev+1, i+1)})
				}
			}
			continue
		}
		pos[h] = i
	}
	for _, f := range fields[table] {
		col, mapped := m.table(table).Columns[f.name]
		if !mapped {
			continue
		}
		i, ok := pos[col]
		if !ok {
			for h, j := range pos {
				if strings.EqualFold(h, col) {
					i, ok = j, true
				}
			}
		}
		if !ok {
			if f.required {
				errs = append(errs, RowError{File: t.Name, Line: 1, Column: col,
					Reason: fmt.Sprintf("no such header, required for %s (mapping %s); the headers are: %s", f.name, m.where(table, f.name), strings.Join(t.Header, ", "))})
			}
			continue
		}
		idx[f.name] = i
	}
	return idx, errs
}

// getter returns a row's field by casewatch field name, trimmed ("" when
// the column is not mapped or the row is short).
func getter(idx map[string]int, r Row) func(string) string {
	return func(f string) string {
		i, ok := idx[f]
		if !ok || i >= len(r.Fields) {
			return ""
		}
		return strings.TrimSpace(r.Fields[i])
	}
}

func lengthCheck(t *Table, m *Mapping, table string, idx map[string]int, r Row) []RowError {
	var errs []RowError
	for f, i := range idx {
		if i < len(r.Fields) && utf8.RuneCountInString(r.Fields[i]) > MaxField {
			errs = append(errs, RowError{File: t.Name, Line: r.Line, Column: m.column(table, f), Reason: fmt.Sprintf("longer than %d characters", MaxField)})
		}
	}
	return errs
}

type caseSet struct {
	list  []*sim.Case
	byNo  map[string]*sim.Case
	lines map[string]int
	excel bool
}

// caseNo is a case number as stored: without surrounding white space (the
// ideographic space included). The case id is derived from it.
func caseNo(s string) string { return strings.TrimSpace(s) }

// CaseID is the id of the case with case number no.
func CaseID(no string) string {
	h := fnv.New64a()
	h.Write([]byte(no))
	return fmt.Sprintf("I%016x", h.Sum64())
}

func buildCases(t *Table, m *Mapping, w *words, ob *orgBuilder) (*caseSet, []string, []RowError) {
	set := &caseSet{byNo: map[string]*sim.Case{}, lines: map[string]int{}, excel: t.Excel}
	idx, errs := resolve(t, m, "cases")
	if len(errs) > 0 {
		return set, nil, errs
	}
	var notes []string
	for _, f := range fields["cases"] {
		if col, ok := m.Cases.Columns[f.name]; ok && !f.required {
			if _, found := idx[f.name]; !found {
				notes = append(notes, fmt.Sprintf("%s: no column %q: %s not imported (%s)", t.Name, col, f.name, m.where("cases", f.name)))
			}
		}
	}
	for _, r := range t.Rows {
		c, rowErrs := buildCase(t, m, w, ob, idx, r)
		no := caseNo(getter(idx, r)("case_no"))
		if no != "" {
			if prev, dup := set.lines[no]; dup {
				rowErrs = append(rowErrs, RowError{File: t.Name, Line: r.Line, Column: m.column("cases", "case_no"), Reason: fmt.Sprintf("duplicate of line %d", prev)})
			} else {
				set.lines[no] = r.Line
			}
		}
		if len(rowErrs) > 0 {
			errs = append(errs, rowErrs...)
			if len(errs) > 1000 {
				break
			}
			continue
		}
		set.list = append(set.list, c)
		set.byNo[c.No] = c
	}
	return set, notes, errs
}

func buildCase(t *Table, m *Mapping, w *words, ob *orgBuilder, idx map[string]int, r Row) (*sim.Case, []RowError) {
	get := getter(idx, r)
	errs := lengthCheck(t, m, "cases", idx, r)
	if len(errs) > 0 {
		return nil, errs
	}
	bad := func(f, format string, args ...any) {
		errs = append(errs, RowError{File: t.Name, Line: r.Line, Column: m.column("cases", f), Reason: fmt.Sprintf(format, args...)})
	}
	c := &sim.Case{No: caseNo(get("case_no")), Title: get("title"), Imported: true, Source: "导入"}
	if c.No == "" {
		bad("case_no", "empty")
	}
	if c.Title == "" {
		bad("title", "empty")
	}
	ct, ok := w.types[get("type")]
	if !ok {
		var names []string
		for _, t := range domain.CaseTypes {
			names = append(names, t.Name)
		}
		bad("type", "%q is not a case type (%s, their codes, or a word of [values.type] in the mapping)", get("type"), strings.Join(names, ", "))
	}
	var unitErr error
	u, unitErr := func() (*store.OrgUnit, error) {
		if get("unit") == "" {
			return nil, fmt.Errorf("empty")
		}
		return ob.unit(get("unit"))
	}()
	if unitErr != nil {
		bad("unit", "%v", unitErr)
	}
	accepted, err := parseTime(get("accepted_at"), t.Excel)
	if err != nil {
		bad("accepted_at", "%v", err)
	}
	flags := map[string]bool{}
	for _, f := range []string{"detained", "major", "fast_track", "plea"} {
		v, err := w.boolean(get(f))
		if err != nil {
			bad(f, "%v", err)
		}
		flags[f] = v
	}
	if s := get("closed_at"); s != "" {
		t, err := parseTime(s, t.Excel)
		switch {
		case err != nil:
			bad("closed_at", "%v", err)
		case !accepted.IsZero() && t.Before(accepted):
			bad("closed_at", "%s is before the acceptance %s", s, get("accepted_at"))
		default:
			c.ClosedAt = &t
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	d, err := ob.dept(u, get("department"), &ct)
	if err != nil {
		bad("department", "%v", err)
		return nil, errs
	}
	if get("lead") == "" {
		bad("lead", "empty")
		return nil, errs
	}
	lead, err := ob.person(u, get("lead"), "", "", d)
	if err != nil {
		bad("lead", "%v", err)
		return nil, errs
	}
	if lead.DeptID == "" && d != nil {
		lead.DeptID = d.ID
	}
	c.ID = CaseID(c.No)
	c.Type, c.Line, c.UnitID, c.LeadID, c.AcceptedAt = ct.Type, ct.Line, u.ID, lead.ID, accepted
	if d != nil {
		c.DeptID = d.ID
	}
	if mt := get("matter"); mt != "" {
		c.MatterID = "M" + shortHash(u.ID, mt)
	}
	c.Major, c.FastTrack, c.Plea = flags["major"], flags["fast_track"], flags["plea"]
	for _, f := range []string{"detained", "plea"} {
		if _, ok := idx[f]; !ok {
			c.Unknown = append(c.Unknown, f) // not in the export: not 否
		}
	}
	if flags["detained"] {
		from := accepted
		c.Parties = []sim.Party{{ID: c.ID + "-R1", Role: "犯罪嫌疑人", Name: "（导入）", Custody: true, Measure: "拘留", DetainedFrom: &from}}
	}
	events, evErrs := parseInlineEvents(t, m, w, r.Line, get("events"), accepted)
	if len(evErrs) > 0 {
		return nil, evErrs
	}
	for _, e := range events {
		applyEvent(c, e)
	}
	c.Card = []sim.CardField{
		{Key: "case_no", Label: "受案号", Value: c.No},
		{Key: "type", Label: "案件类别", Value: ct.Name},
		{Key: "title", Label: "案件名称", Value: c.Title},
		{Key: "unit", Label: "承办单位", Value: u.Name},
		{Key: "lead", Label: "承办检察官", Value: lead.Name},
		{Key: "accepted_at", Label: "受理日期", Value: accepted.Format("2006-01-02")},
		{Key: "source", Label: "案件来源", Value: c.Source},
	}
	return c, nil
}

// parseInlineEvents reads the events column of the documented layout:
// "type@time;type@time".
func parseInlineEvents(t *Table, m *Mapping, w *words, line int, s string, accepted time.Time) ([]sim.Event, []RowError) {
	if s == "" {
		return nil, nil
	}
	col := m.column("cases", "events")
	var out []sim.Event
	var errs []RowError
	for i, part := range strings.Split(s, ";") {
		typ, when, ok := strings.Cut(strings.TrimSpace(part), "@")
		bad := func(format string, args ...any) {
			errs = append(errs, RowError{File: t.Name, Line: line, Column: col, Reason: fmt.Sprintf("event %d: ", i+1) + fmt.Sprintf(format, args...)})
		}
		if !ok {
			bad("%q: want type@time", part)
			continue
		}
		code, known := w.events[strings.TrimSpace(typ)]
		if !known || code == domain.EvClosed {
			bad("unknown or reserved type %q", typ)
			continue
		}
		at, err := parseTime(strings.TrimSpace(when), t.Excel)
		if err != nil {
			bad("%v", err)
			continue
		}
		if !accepted.IsZero() && at.Before(accepted) && !beforeAcceptance[code] {
			bad("(%s) is before the acceptance", typ)
			continue
		}
		out = append(out, sim.Event{At: at, Type: code, Detail: "导入"})
	}
	for i := 1; i < len(out) && len(errs) == 0; i++ {
		if out[i].At.Before(out[i-1].At) {
			errs = append(errs, RowError{File: t.Name, Line: line, Column: col, Reason: fmt.Sprintf("event %d is earlier than event %d: list events in time order", i+1, i)})
		}
	}
	return out, errs
}

// applyEvents reads the events table: one procedural event a row, of a
// case of this import.
func applyEvents(t *Table, m *Mapping, w *words, cases *caseSet) (int, []RowError) {
	idx, errs := resolve(t, m, "events")
	if len(errs) > 0 {
		return 0, errs
	}
	type key struct {
		no, typ string
		at      int64
	}
	seen := map[key]int{}
	n := 0
	for _, r := range t.Rows {
		get := getter(idx, r)
		bad := func(f, format string, args ...any) {
			errs = append(errs, RowError{File: t.Name, Line: r.Line, Column: m.column("events", f), Reason: fmt.Sprintf(format, args...)})
		}
		if e := lengthCheck(t, m, "events", idx, r); len(e) > 0 {
			errs = append(errs, e...)
			continue
		}
		no := caseNo(get("case_no"))
		c, ok := cases.byNo[no]
		if !ok {
			bad("case_no", "case %q is not among the cases of this import", no)
			continue
		}
		code, ok := w.events[get("type")]
		if !ok || code == domain.EvAccepted {
			bad("type", "%q is not an event type (the codes and names of docs/IMPORT.md, or a word of [values.event] in the mapping)", get("type"))
			continue
		}
		at, err := parseTime(get("at"), t.Excel)
		if err != nil {
			bad("at", "%v", err)
			continue
		}
		if at.Before(c.AcceptedAt) && !beforeAcceptance[code] {
			bad("at", "%s is before the case's acceptance %s", get("at"), c.AcceptedAt.Format("2006-01-02 15:04"))
			continue
		}
		k := key{no, code, at.UnixNano()}
		if prev, dup := seen[k]; dup {
			bad("type", "duplicate of line %d", prev)
			continue
		}
		seen[k] = r.Line
		detail := get("detail")
		if detail == "" {
			detail = "导入"
		}
		applyEvent(c, sim.Event{At: at, Type: code, Detail: detail})
		n++
	}
	return n, errs
}

// suspect is the case's suspect, created when the import first names a
// measure.
func suspect(c *sim.Case) *sim.Party {
	for i := range c.Parties {
		if c.Parties[i].Role == "犯罪嫌疑人" {
			return &c.Parties[i]
		}
	}
	c.Parties = append(c.Parties, sim.Party{ID: c.ID + "-R1", Role: "犯罪嫌疑人", Name: "（导入）"})
	return &c.Parties[len(c.Parties)-1]
}

// applyEvent records one event: measures on the suspect, the court stage,
// the close, and everything else on the timeline.
func applyEvent(c *sim.Case, e sim.Event) {
	at := e.At
	switch e.Type {
	case KindDetention:
		p := suspect(c)
		p.Custody, p.Measure, p.DetainedFrom = true, "拘留", &at
		return
	case KindBail, KindResidence:
		p := suspect(c)
		p.Custody, p.Measure, p.DetainedFrom, p.MeasureFrom = false, eventKinds[e.Type], nil, &at
		return
	case domain.EvClosed:
		if c.ClosedAt == nil {
			c.ClosedAt = &at
		}
		return
	case domain.EvArrestExecuted:
		p := suspect(c)
		if !p.Custody {
			p.DetainedFrom = &at
		}
		p.Custody, p.Measure = true, "逮捕"
	case domain.EvCourtFiled, domain.EvJudgment, domain.EvJudgmentServed:
		if c.Court == nil {
			c.Court = &sim.Court{Kind: sim.KindJudgment, Outcome: sim.OutcomeConvicted}
		}
		switch e.Type {
		case domain.EvCourtFiled:
			c.Court.FiledAt = at
		case domain.EvJudgment:
			c.Court.PronouncedAt = at
			c.Court.Kind, c.Court.Outcome = courtOutcome(e.Detail)
		case domain.EvJudgmentServed:
			c.Court.ServedAt = at
		}
	}
	c.Events = append(c.Events, e)
}

// courtOutcome reads a judgment's kind and outcome from its detail words.
func courtOutcome(s string) (string, string) {
	switch {
	case strings.Contains(s, "撤回"):
		return sim.KindRuling, sim.OutcomeWithdrawn
	case strings.Contains(s, "终止"):
		return sim.KindRuling, sim.OutcomeTerminated
	case strings.Contains(s, "无罪"):
		return sim.KindJudgment, sim.OutcomeAcquitted
	case strings.Contains(s, "免予"):
		return sim.KindJudgment, sim.OutcomeExempted
	case strings.Contains(s, "裁定"):
		return sim.KindRuling, sim.OutcomeConvicted
	}
	return sim.KindJudgment, sim.OutcomeConvicted
}

// beforeAcceptance are the events that may come before the case's
// acceptance: the measures and the arrest of the stage before (an arrest
// is executed before the 审查起诉 case is accepted).
var beforeAcceptance = map[string]bool{
	KindDetention: true, KindBail: true, KindResidence: true,
	domain.EvArrestApproved: true, domain.EvArrestExecuted: true, domain.EvCustodyExtended: true,
	domain.EvCustodyExtended158: true, domain.EvCustodyExtended159: true, domain.EvTransferred: true,
}

// finish orders a case's timeline by time (the acceptance first among
// events at the same time, the close last).
func finish(c *sim.Case, _ *words) {
	c.Events = append([]sim.Event{{At: c.AcceptedAt, Type: domain.EvAccepted, Actor: c.LeadID}}, c.Events...)
	if c.ClosedAt != nil {
		c.Events = append(c.Events, sim.Event{At: *c.ClosedAt, Type: domain.EvClosed, Actor: c.LeadID})
	}
	slices.SortStableFunc(c.Events, func(a, b sim.Event) int { return a.At.Compare(b.At) })
	if c.Court != nil && c.Court.ServedAt.IsZero() {
		c.Court = nil // the protest period needs the judgment's receipt
	}
}

// hashCase is the hash of everything the import says about a case.
func hashCase(c *sim.Case) string {
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}
