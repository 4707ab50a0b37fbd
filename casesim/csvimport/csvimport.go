// Package csvimport reads cases from the CSV layout a case-management
// department exports (documented in docs/IMPORT.md). Every row is validated;
// a file with any bad row is rejected whole, with every problem listed by
// line, so nothing is half-imported.
package csvimport

import (
	"encoding/csv"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// Columns is the header the file must start with (in this order).
var Columns = []string{"case_no", "title", "type", "unit_id", "lead_id", "accepted_at", "detained", "major", "fast_track", "plea", "events", "closed_at"}

// MaxRows bounds one file.
const MaxRows = 100000

// RowError is one problem with one line of the file.
type RowError struct {
	Line   int
	Column string
	Reason string
}

// Error formats the problem as "line N, column C: reason" (without the
// column when the problem is the whole line).
func (e RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Column, e.Reason)
}

// Error lists every problem found in a rejected file.
type Error struct {
	Problems []RowError
}

// Error names the rejection and lists the problems, one a line, the first
// 50 of them.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "import rejected, nothing was imported: %d problem(s)", len(e.Problems))
	for i, p := range e.Problems {
		if i == 50 {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Problems)-50)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Read parses and validates a whole file against the org of gen. It returns
// the cases, or an *Error listing every bad line.
func Read(r io.Reader, org *sim.Org) ([]*sim.Case, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(Columns)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, &Error{Problems: []RowError{{Line: 1, Reason: "cannot read the header: " + csvReason(err)}}}
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	for i, want := range Columns {
		if strings.TrimSpace(header[i]) != want {
			return nil, &Error{Problems: []RowError{{Line: 1, Column: want, Reason: fmt.Sprintf("header column %d is %q, want %q (columns: %s)", i+1, header[i], want, strings.Join(Columns, ","))}}}
		}
	}
	var (
		out      []*sim.Case
		problems []RowError
		seen     = map[string]int{}
	)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line := 0
		if err == nil {
			line, _ = cr.FieldPos(0)
		} else {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			problems = append(problems, RowError{Line: line, Reason: csvReason(err)})
			if len(problems) > 1000 {
				break
			}
			continue
		}
		if len(out)+len(problems) >= MaxRows {
			problems = append(problems, RowError{Line: line, Reason: fmt.Sprintf("more than %d rows", MaxRows)})
			break
		}
		lines := make([]int, len(rec))
		for i := range rec {
			lines[i], _ = cr.FieldPos(i)
		}
		c, errs := parseRow(lines, rec, org)
		// The duplicate check uses the case number as it is stored (and as
		// the case id is derived from it): " X " and "X" are one case.
		if no := caseNo(rec[0]); no != "" {
			if prev, dup := seen[no]; dup {
				errs = append(errs, RowError{Line: line, Column: "case_no", Reason: fmt.Sprintf("duplicate of line %d", prev)})
			} else {
				seen[no] = line
			}
		}
		if len(errs) > 0 {
			problems = append(problems, errs...)
			continue
		}
		out = append(out, c)
	}
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	if len(out) == 0 {
		return nil, &Error{Problems: []RowError{{Line: 2, Reason: "the file has no rows"}}}
	}
	return out, nil
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// caseNo is the case number of a case_no field as it is stored: without
// surrounding white space. The case id is derived from it.
func caseNo(field string) string { return strings.TrimSpace(field) }

// controlAt returns the first control character of s (C0, DEL or C1) and
// its position in characters, from 1; ok is false when s has none. A line
// break is a control character, so the first one is always on the line the
// field starts on.
func controlAt(s string) (r rune, pos int, ok bool) {
	for _, r := range s {
		pos++
		if unicode.IsControl(r) {
			return r, pos, true
		}
	}
	return 0, 0, false
}

// parseRow validates one record; lines holds the line each field starts
// on (the first is the record's line).
func parseRow(lines []int, rec []string, org *sim.Org) (*sim.Case, []RowError) {
	line := lines[0]
	var errs []RowError
	bad := func(col, format string, args ...any) {
		errs = append(errs, RowError{Line: line, Column: col, Reason: fmt.Sprintf(format, args...)})
	}
	get := func(i int) string { return strings.TrimSpace(rec[i]) }
	for i, v := range rec {
		if !utf8.ValidString(v) {
			bad(Columns[i], "not valid UTF-8")
		} else if r, pos, ok := controlAt(v); ok {
			// A control character (NUL, a line break, a tab, ESC, …) has
			// no place in a case field: name it where it is.
			errs = append(errs, RowError{Line: lines[i], Column: Columns[i],
				Reason: fmt.Sprintf("control character %U at character %d", r, pos)})
		} else if utf8.RuneCountInString(v) > 500 {
			bad(Columns[i], "longer than 500 characters")
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	c := &sim.Case{No: caseNo(rec[0]), Title: get(1), Imported: true}
	if c.No == "" {
		bad("case_no", "empty")
	}
	if c.Title == "" {
		bad("title", "empty")
	}
	ct, ok := caseType(get(2))
	if !ok {
		var names []string
		for _, t := range domain.CaseTypes {
			names = append(names, t.Type)
		}
		bad("type", "%q is not a case type (one of %s, or its Chinese name)", get(2), strings.Join(names, ", "))
	}
	unit, ok := domain.UnitByID(get(3))
	if !ok {
		bad("unit_id", "unknown unit %q", get(3))
	}
	lead, ok := org.Person(get(4))
	switch {
	case !ok:
		bad("lead_id", "unknown person %q", get(4))
	case unit.ID != "" && lead.UnitID != unit.ID:
		bad("lead_id", "person %s belongs to unit %s, not %s", lead.ID, lead.UnitID, unit.ID)
	}
	accepted, err := parseTime(get(5))
	if err != nil {
		bad("accepted_at", "%v", err)
	}
	flags := make([]bool, 4)
	for i, col := range []int{6, 7, 8, 9} {
		v, err := parseBool(get(col))
		if err != nil {
			bad(Columns[col], "%v", err)
		}
		flags[i] = v
	}
	events, evErrs := parseEvents(line, get(10), accepted)
	errs = append(errs, evErrs...)
	if s := get(11); s != "" {
		t, err := parseTime(s)
		switch {
		case err != nil:
			bad("closed_at", "%v", err)
		case t.Before(accepted):
			bad("closed_at", "%s is before accepted_at %s", s, get(5))
		default:
			c.ClosedAt = &t
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	h := fnv.New64a()
	h.Write([]byte(c.No))
	c.ID = fmt.Sprintf("I%016x", h.Sum64())
	c.Type, c.Line, c.UnitID, c.DeptID = ct.Type, ct.Line, unit.ID, unit.ID+ct.Dept
	c.LeadID, c.AcceptedAt, c.Source = lead.ID, accepted, "导入"
	c.Major, c.FastTrack, c.Plea = flags[1], flags[2], flags[3]
	if flags[0] {
		from := accepted
		c.Parties = []sim.Party{{ID: c.ID + "-R1", Role: "犯罪嫌疑人", Name: "（导入）", Custody: true, Measure: "拘留", DetainedFrom: &from}}
	}
	c.Events = append([]sim.Event{{At: accepted, Type: domain.EvAccepted, Actor: lead.ID}}, events...)
	if c.ClosedAt != nil {
		c.Events = append(c.Events, sim.Event{At: *c.ClosedAt, Type: domain.EvClosed, Actor: lead.ID})
	}
	c.Card = []sim.CardField{
		{Key: "case_no", Label: "受案号", Value: c.No},
		{Key: "type", Label: "案件类别", Value: ct.Name},
		{Key: "title", Label: "案件名称", Value: c.Title},
		{Key: "lead", Label: "承办检察官", Value: lead.Name},
		{Key: "accepted_at", Label: "受理日期", Value: accepted.Format("2006-01-02")},
		{Key: "source", Label: "案件来源", Value: c.Source},
	}
	return c, nil
}

func caseType(s string) (domain.CaseTypeSpec, bool) {
	for _, t := range domain.CaseTypes {
		if s == t.Type || s == t.Name {
			return t, true
		}
	}
	return domain.CaseTypeSpec{}, false
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("empty (want YYYY-MM-DD or RFC 3339)")
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, sim.Zone); err == nil {
			if t.Year() < 2000 || t.Year() > 2100 {
				return time.Time{}, fmt.Errorf("%q is outside 2000–2100", s)
			}
			return t.In(sim.Zone), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD, YYYY-MM-DD HH:MM or RFC 3339)", s)
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "", "否", "0", "false", "no", "n":
		return false, nil
	case "是", "1", "true", "yes", "y":
		return true, nil
	}
	return false, fmt.Errorf("%q is not a yes/no value (是/否, true/false, 1/0)", s)
}

// parseEvents reads "type@time;type@time".
func parseEvents(line int, s string, accepted time.Time) ([]sim.Event, []RowError) {
	if s == "" {
		return nil, nil
	}
	var out []sim.Event
	var errs []RowError
	for i, part := range strings.Split(s, ";") {
		typ, when, ok := strings.Cut(strings.TrimSpace(part), "@")
		if !ok {
			errs = append(errs, RowError{Line: line, Column: "events", Reason: fmt.Sprintf("event %d %q: want type@time", i+1, part)})
			continue
		}
		if _, known := domain.EventLabels[typ]; !known || typ == domain.EvAccepted || typ == domain.EvClosed {
			errs = append(errs, RowError{Line: line, Column: "events", Reason: fmt.Sprintf("event %d: unknown or reserved type %q", i+1, typ)})
			continue
		}
		t, err := parseTime(when)
		if err != nil {
			errs = append(errs, RowError{Line: line, Column: "events", Reason: fmt.Sprintf("event %d: %v", i+1, err)})
			continue
		}
		if !accepted.IsZero() && t.Before(accepted) {
			errs = append(errs, RowError{Line: line, Column: "events", Reason: fmt.Sprintf("event %d (%s) is before accepted_at", i+1, typ)})
			continue
		}
		out = append(out, sim.Event{At: t, Type: typ, Detail: "导入"})
	}
	for i := 1; i < len(out); i++ {
		if out[i].At.Before(out[i-1].At) {
			errs = append(errs, RowError{Line: line, Column: "events", Reason: fmt.Sprintf("event %d is earlier than event %d: list events in time order", i+1, i)})
			break
		}
	}
	return out, errs
}
