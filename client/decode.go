package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client/sanitize"
)

// Every answer is decoded into the api types, then every string field is
// passed through the sanitiser by the hand-written walkers below (GET
// /alerts has its own decoder that sanitises as it decodes, in
// alertjson.go), then required ids are validated. A code the client does
// not know (a role, a line, a level) is kept as it came, sanitised, and
// shown raw. In GET /alerts a bad record is rejected and counted, and the
// others kept; elsewhere a bad id rejects the whole answer: the caller
// keeps its last good data, and the error names the record, e.g.
//
//	units[12] (id "3301\x1b"): id has control characters, bad UTF-8 or more than 128 characters

// validationError is a contract violation found after decoding.
type validationError struct{ msg string }

// Error returns the message naming the record.
func (e *validationError) Error() string { return e.msg }

func invalidf(where, format string, args ...any) error {
	return &validationError{msg: where + ": " + fmt.Sprintf(format, args...)}
}

// recordName names record i of a list ("alerts[12] (id "A123")"); i < 0
// names a single record.
func recordName(kind string, i int, id string) string {
	var b strings.Builder
	b.WriteString(kind)
	if i >= 0 {
		fmt.Fprintf(&b, "[%d]", i)
	}
	if id != "" {
		fmt.Fprintf(&b, " (id %q)", sanitize.Line(id, 40))
	}
	return b.String()
}

// alertStatuses are the statuses an alert may have: an alert with any
// other is rejected, since whether it is active cannot be told.
var alertStatuses = []string{api.StatusOpen, api.StatusAcknowledged, api.StatusRectified}

// cleanCode sanitises a code in place. Unknown codes are not errors: the
// UI shows them as they came.
func cleanCode(p *string) { *p = clean(clsCode, *p) }

// checkKey validates the id of a record: present, and clean as it came
// (an id is never silently rewritten, since it is sent back in URLs).
func checkKey(where func() string, field, v string) error {
	if v == "" {
		return invalidf(where(), "%s is empty", field)
	}
	if !sanitize.IsClean(v, capID) || strings.ContainsRune(v, utf8.RuneError) {
		return invalidf(where(), "%s has control characters, bad UTF-8 or more than %d characters", field, capID)
	}
	return nil
}

// ---- alerts ----

// sanitizeAlert sanitises every string of a (the json path; the fast
// decoder applies the same classes field by field).
func sanitizeAlert(a *api.Alert) {
	a.ID = clean(clsID, a.ID)
	a.Rule = clean(clsCode, a.Rule)
	a.RuleName = clean(clsName, a.RuleName)
	a.RuleNameEn = clean(clsName, a.RuleNameEn)
	a.Category = clean(clsCode, a.Category)
	a.Level = clean(clsCode, a.Level)
	a.Status = clean(clsCode, a.Status)
	a.CaseID = clean(clsID, a.CaseID)
	a.CaseNo = clean(clsName, a.CaseNo)
	a.UnitID = clean(clsID, a.UnitID)
	a.UnitName = clean(clsName, a.UnitName)
	a.DeptID = clean(clsID, a.DeptID)
	a.DeptName = clean(clsName, a.DeptName)
	a.PersonID = clean(clsID, a.PersonID)
	a.PersonName = clean(clsName, a.PersonName)
	a.Basis = clean(clsText, a.Basis)
	a.Message = clean(clsLine, a.Message)
	if a.Ack != nil {
		a.Ack.By = clean(clsName, a.Ack.By)
		a.Ack.Note = clean(clsText, a.Ack.Note)
	}
}

// validateAlert checks the id, the status and the unit of a sanitised
// alert (the id was kept as it came, to be checked here).
func validateAlert(a *api.Alert) *fieldError {
	bad := func(field, format string, args ...any) *fieldError {
		return &fieldError{where: field, err: fmt.Errorf(format, args...)}
	}
	switch {
	case a.ID == "":
		return bad("id", "is empty")
	case !sanitize.IsClean(a.ID, capID) || strings.ContainsRune(a.ID, utf8.RuneError):
		return bad("id", "has control characters, bad UTF-8 or more than %d characters", capID)
	case !slices.Contains(alertStatuses, a.Status):
		return bad("status", "%q is not one of %s", sanitize.Line(a.Status, 40), strings.Join(alertStatuses, "|"))
	case a.UnitID == "":
		return bad("unit_id", "is empty")
	case !timesInRange(a):
		return bad("due_at", "a time is outside years 1678–2261")
	}
	return nil
}

// validateAlerts checks the alerts of a case.
func validateAlerts(kind string, list []api.Alert) error {
	for i := range list {
		if bad := validateAlert(&list[i]); bad != nil {
			return invalidf(recordName(kind, i, list[i].ID), "%s", bad.Error())
		}
	}
	return nil
}

// ---- generic json path ----

// decodeJSON unmarshals body into a new T with encoding/json, then fixes it
// (sanitise + validate).
func decodeJSON[T any](fix func(*T) error) func([]byte) (*T, error) {
	return func(body []byte) (*T, error) {
		if bytes.Equal(bytes.TrimSpace(body), []byte("null")) {
			return nil, &fieldError{where: "body", err: errors.New("null instead of an object")}
		}
		v := new(T)
		if err := json.Unmarshal(body, v); err != nil {
			return nil, err
		}
		if err := fix(v); err != nil {
			return nil, err
		}
		return v, nil
	}
}

// decodeError turns a decoding failure into an *Error naming what happened.
func decodeError(path string, body []byte, err error) *Error {
	var (
		mine  *jsonSyntaxError
		syn   *json.SyntaxError
		typ   *json.UnmarshalTypeError
		field *fieldError
		inv   *validationError
	)
	switch {
	case errors.As(err, &mine):
		e := bodyError(path, "malformed JSON in %s at offset %d", path, mine.Offset)
		if mine.truncated {
			e = bodyError(path, "truncated JSON in %s (ends at offset %d)", path, len(body))
		}
		e.Offset, e.err = mine.Offset, err
		return e
	case errors.As(err, &syn):
		e := bodyError(path, "malformed JSON in %s at offset %d", path, syn.Offset)
		if syn.Offset >= int64(len(bytes.TrimRight(body, " \t\r\n"))) && strings.Contains(syn.Error(), "unexpected end") {
			e = bodyError(path, "truncated JSON in %s (ends at offset %d)", path, len(body))
		}
		e.Offset, e.err = syn.Offset, err
		return e
	case errors.As(err, &typ):
		f := typ.Field
		if f == "" {
			f = "body"
		}
		e := bodyError(path, "unexpected JSON in %s: %s is %s, want %s (offset %d)", path, sanitize.Line(f, 80), typ.Value, typ.Type, typ.Offset)
		e.Offset, e.err = typ.Offset, err
		return e
	case errors.As(err, &field):
		e := bodyError(path, "unexpected JSON in %s: %s", path, field.Error())
		e.err = err
		return e
	case errors.As(err, &inv):
		return invalidError(path, err)
	}
	e := bodyError(path, "cannot decode %s: %s", path, sanitize.Line(err.Error(), 200))
	e.err = err
	return e
}

// decodeProblem reads a problem document from an error answer, if any.
func decodeProblem(ct string, body []byte) *api.Problem {
	if len(body) == 0 || !isJSONType(ct) {
		return nil
	}
	var p api.Problem
	if json.Unmarshal(body, &p) != nil {
		return nil
	}
	p.Type = clean(clsLine, p.Type)
	p.Title = clean(clsLine, p.Title)
	p.Detail = clean(clsLine, p.Detail)
	p.Instance = clean(clsLine, p.Instance)
	p.Param = clean(clsCode, p.Param)
	p.ID = clean(clsID, p.ID)
	return &p
}

// ---- health and units ----

func fixHealth(h *api.Health) error {
	h.Status = clean(clsCode, h.Status)
	h.Version = clean(clsCode, h.Version)
	if h.SimSpeed < 0 {
		return invalidf("health", "sim_speed %v is negative", h.SimSpeed)
	}
	for i := range h.MonitoredCategories {
		cleanCode(&h.MonitoredCategories[i])
	}
	return nil
}

func fixUnits(l *api.UnitList) error {
	for i := range l.Units {
		u := &l.Units[i]
		where := func() string { return recordName("units", i, u.ID) }
		if err := checkKey(where, "id", u.ID); err != nil {
			return err
		}
		u.Name = clean(clsName, u.Name)
		u.NameEn = clean(clsName, u.NameEn)
		u.ParentID = clean(clsID, u.ParentID)
		cleanCode(&u.Level)
		for j := range u.Departments {
			dp := &u.Departments[j]
			dwhere := func() string { return where() + "." + recordName("departments", j, dp.ID) }
			if err := checkKey(dwhere, "id", dp.ID); err != nil {
				return err
			}
			dp.Name = clean(clsName, dp.Name)
			cleanCode(&dp.Line)
		}
	}
	return nil
}

// ---- indicators ----

func fixIndicatorSet(s *api.IndicatorSet) error {
	s.UnitID = clean(clsID, s.UnitID)
	s.UnitName = clean(clsName, s.UnitName)
	s.Period = clean(clsCode, s.Period)
	cleanCode(&s.PeriodKind)
	s.From = clean(clsCode, s.From)
	s.Through = clean(clsCode, s.Through)
	for i := range s.Indicators {
		in := &s.Indicators[i]
		where := func() string { return recordName("indicators", i, in.ID) }
		if err := checkKey(where, "id", in.ID); err != nil {
			return err
		}
		in.Name = clean(clsName, in.Name)
		in.NameEn = clean(clsName, in.NameEn)
		in.Unit = clean(clsCode, in.Unit)
		in.Definition = clean(clsText, in.Definition)
		in.Short = clean(clsName, in.Short)
		in.ShortEn = clean(clsName, in.ShortEn)
		cleanCode(&in.Line)
		cleanCode(&in.Direction)
		cleanCode(&in.Source)
		if sub := in.Subordinates; sub != nil {
			for j := range sub.Bottom {
				sub.Bottom[j].UnitID = clean(clsID, sub.Bottom[j].UnitID)
				sub.Bottom[j].UnitName = clean(clsName, sub.Bottom[j].UnitName)
			}
		}
		for j := range in.History {
			in.History[j].Period = clean(clsCode, in.History[j].Period)
		}
	}
	for i := range s.DataMissing {
		dm := &s.DataMissing[i]
		dm.Indicator = clean(clsID, dm.Indicator)
		dm.Name = clean(clsName, dm.Name)
		dm.Need = clean(clsText, dm.Need)
		dm.Cases = max(dm.Cases, 0)
	}
	return nil
}

func fixRanking(r *api.Ranking) error {
	where := func() string { return recordName("ranking", -1, r.IndicatorID) }
	if err := checkKey(where, "indicator_id", r.IndicatorID); err != nil {
		return err
	}
	r.Name = clean(clsName, r.Name)
	r.NameEn = clean(clsName, r.NameEn)
	r.Period = clean(clsCode, r.Period)
	r.ParentID = clean(clsID, r.ParentID)
	cleanCode(&r.Direction)
	cleanCode(&r.PeriodKind)
	r.Unit = clean(clsCode, r.Unit)
	for i := range r.Entries {
		e := &r.Entries[i]
		if err := checkKey(func() string { return recordName("entries", i, e.UnitID) }, "unit_id", e.UnitID); err != nil {
			return err
		}
		e.UnitName = clean(clsName, e.UnitName)
	}
	return nil
}

// ---- coverage and decisions ----

func fixCoverageRow(r *api.CoverageRow, where func() string, keyed bool) error {
	if keyed {
		if err := checkKey(where, "key", r.Key); err != nil {
			return err
		}
	} else {
		r.Key = clean(clsID, r.Key)
	}
	r.Name = clean(clsName, r.Name)
	r.UnitID = clean(clsID, r.UnitID)
	r.UnitName = clean(clsName, r.UnitName)
	cleanCode(&r.Role)
	return nil
}

func fixPower(p *api.Power, where func() string) error {
	if err := checkKey(where, "id", p.ID); err != nil {
		return err
	}
	p.Name = clean(clsName, p.Name)
	p.NameEn = clean(clsName, p.NameEn)
	p.Basis = clean(clsText, p.Basis)
	cleanCode(&p.Line)
	for i := range p.AllowedRoles {
		cleanCode(&p.AllowedRoles[i])
	}
	for i := range p.Kinds {
		cleanCode(&p.Kinds[i])
	}
	return nil
}

func fixCoverage(c *api.Coverage) error {
	c.UnitID = clean(clsID, c.UnitID)
	cleanCode(&c.By)
	if err := fixCoverageRow(&c.Totals, func() string { return "totals" }, false); err != nil {
		return err
	}
	for i := range c.Rows {
		r := &c.Rows[i]
		if err := fixCoverageRow(r, func() string { return recordName("rows", i, r.Key) }, true); err != nil {
			return err
		}
	}
	for i := range c.Unexercised {
		p := &c.Unexercised[i]
		if err := fixPower(p, func() string { return recordName("unexercised", i, p.ID) }); err != nil {
			return err
		}
	}
	c.Period = clean(clsID, c.Period)
	cleanCode(&c.PeriodKind)
	c.List.Source = clean(clsName, c.List.Source)
	for i := range c.Powers {
		p := &c.Powers[i]
		if err := fixPower(&p.Power, func() string { return recordName("powers", i, p.ID) }); err != nil {
			return err
		}
	}
	for i := range c.NotOnList {
		g := &c.NotOnList[i]
		where := func() string { return recordName("not_on_list", i, g.Kind) }
		if err := checkKey(where, "kind", g.Kind); err != nil {
			return err
		}
		g.Name = clean(clsName, g.Name)
		g.NameEn = clean(clsName, g.NameEn)
		cleanCode(&g.Line)
	}
	return nil
}

func fixDecision(d *api.Decision, where func() string) error {
	if err := checkKey(where, "id", d.ID); err != nil {
		return err
	}
	d.CaseID = clean(clsID, d.CaseID)
	d.CaseNo = clean(clsName, d.CaseNo)
	d.PowerID = clean(clsID, d.PowerID)
	d.PowerName = clean(clsName, d.PowerName)
	cleanCode(&d.Kind)
	d.Reason = clean(clsLine, d.Reason)
	d.Action = clean(clsLine, d.Action)
	d.DecidedBy = clean(clsID, d.DecidedBy)
	d.DeciderName = clean(clsName, d.DeciderName)
	d.DeptID = clean(clsID, d.DeptID)
	d.UnitID = clean(clsID, d.UnitID)
	cleanCode(&d.Role)
	cleanCode(&d.Verdict)
	for i := range d.AllowedRoles {
		cleanCode(&d.AllowedRoles[i])
	}
	return nil
}

func fixDecisions(kind string, list []api.Decision) error {
	for i := range list {
		d := &list[i]
		if err := fixDecision(d, func() string { return recordName(kind, i, d.ID) }); err != nil {
			return err
		}
	}
	return nil
}

func fixDecisionPage(p *api.DecisionPage) error {
	p.NextCursor = clean(clsLine, p.NextCursor)
	return fixDecisions("decisions", p.Decisions)
}

// ---- cases ----

func fixCaseSummary(c *api.CaseSummary, where func() string) error {
	if err := checkKey(where, "id", c.ID); err != nil {
		return err
	}
	c.CaseNo = clean(clsName, c.CaseNo)
	c.Title = clean(clsLine, c.Title)
	c.Type = clean(clsName, c.Type)
	c.UnitID = clean(clsID, c.UnitID)
	c.UnitName = clean(clsName, c.UnitName)
	c.DeptID = clean(clsID, c.DeptID)
	c.DeptName = clean(clsName, c.DeptName)
	c.LeadID = clean(clsID, c.LeadID)
	c.LeadName = clean(clsName, c.LeadName)
	c.Stage = clean(clsName, c.Stage)
	c.MatterID = clean(clsID, c.MatterID)
	cleanCode(&c.Line)
	return nil
}

func fixCasePage(p *api.CasePage) error {
	p.NextCursor = clean(clsLine, p.NextCursor)
	for i := range p.Cases {
		c := &p.Cases[i]
		if err := fixCaseSummary(c, func() string { return recordName("cases", i, c.ID) }); err != nil {
			return err
		}
	}
	return nil
}

func fixCase(c *api.Case) error {
	top := func() string { return recordName("case", -1, c.ID) }
	if err := fixCaseSummary(&c.CaseSummary, top); err != nil {
		return err
	}
	c.Source = clean(clsName, c.Source)
	for i := range c.Notices {
		if err := fixNotice(&c.Notices[i], i); err != nil {
			return err
		}
	}
	for i := range c.DataMissing {
		c.DataMissing[i].Rule = clean(clsCode, c.DataMissing[i].Rule)
		c.DataMissing[i].Need = clean(clsLine, c.DataMissing[i].Need)
	}
	for i := range c.Card {
		f := &c.Card[i]
		f.Field = clean(clsCode, f.Field)
		f.Label = clean(clsName, f.Label)
		f.Value = clean(clsLine, f.Value)
	}
	for i := range c.CardChecks {
		k := &c.CardChecks[i]
		if err := checkKey(func() string { return recordName("card_checks", i, k.ID) }, "id", k.ID); err != nil {
			return err
		}
		k.Rule = clean(clsCode, k.Rule)
		k.Field = clean(clsCode, k.Field)
		k.Severity = clean(clsCode, k.Severity)
		k.Message = clean(clsLine, k.Message)
	}
	for i := range c.Parties {
		p := &c.Parties[i]
		if err := checkKey(func() string { return recordName("parties", i, p.ID) }, "id", p.ID); err != nil {
			return err
		}
		p.Role = clean(clsCode, p.Role)
		p.Name = clean(clsName, p.Name)
		p.Charge = clean(clsLine, p.Charge)
		p.Measure = clean(clsName, p.Measure)
	}
	for i := range c.Deadlines {
		d := &c.Deadlines[i]
		d.Rule = clean(clsCode, d.Rule)
		d.Stage = clean(clsName, d.Stage)
		d.Basis = clean(clsText, d.Basis)
		cleanCode(&d.Status)
		cleanCode(&d.PeriodUnit)
		cleanCode(&d.SetBy)
	}
	for i := range c.Timeline {
		e := &c.Timeline[i]
		e.Type = clean(clsCode, e.Type)
		e.Label = clean(clsName, e.Label)
		e.Actor = clean(clsName, e.Actor)
		e.Detail = clean(clsText, e.Detail)
	}
	for i := range c.Documents {
		d := &c.Documents[i]
		if err := checkKey(func() string { return recordName("documents", i, d.ID) }, "id", d.ID); err != nil {
			return err
		}
		d.Type = clean(clsName, d.Type)
		d.DraftedBy = clean(clsName, d.DraftedBy)
		d.SignedBy = clean(clsName, d.SignedBy)
	}
	if err := fixDecisions("decisions", c.Decisions); err != nil {
		return err
	}
	if err := fixMatter(c); err != nil {
		return err
	}
	for i := range c.Alerts {
		a := &c.Alerts[i]
		if err := checkKey(func() string { return recordName("alerts", i, a.ID) }, "id", a.ID); err != nil {
			return err
		}
		sanitizeAlert(a)
	}
	if err := validateAlerts("alerts", c.Alerts); err != nil {
		return err
	}
	if r := c.Review; r != nil {
		r.Mode = clean(clsCode, r.Mode)
		r.Grade = clean(clsCode, r.Grade)
		r.Reviewer = clean(clsName, r.Reviewer)
		for i := range r.Issues {
			r.Issues[i] = clean(clsLine, r.Issues[i])
		}
	}
	for i := range c.DefectPoints {
		p := &c.DefectPoints[i]
		p.PersonName = clean(clsName, p.PersonName)
		p.Aspect = clean(clsName, p.Aspect)
		p.Item = clean(clsLine, p.Item)
		p.Source = clean(clsName, p.Source)
	}
	return nil
}

var (
	decodeHealth       = decodeJSON(fixHealth)
	decodeUnits        = decodeJSON(fixUnits)
	decodeIndicatorSet = decodeJSON(fixIndicatorSet)
	decodeRanking      = decodeJSON(fixRanking)
	decodeCoverage     = decodeJSON(fixCoverage)
	decodeDecisionPage = decodeJSON(fixDecisionPage)
	decodeCasePage     = decodeJSON(fixCasePage)
	decodeCase         = decodeJSON(fixCase)
)

// fixMatter checks and cleans a case's matter (linked cases, court stage)
// and its seized property.
func fixMatter(c *api.Case) error {
	for i := range c.Property {
		p := &c.Property[i]
		if err := checkKey(func() string { return recordName("property", i, p.ID) }, "id", p.ID); err != nil {
			return err
		}
		p.Kind = clean(clsName, p.Kind)
		p.Measure = clean(clsName, p.Measure)
		p.Disposal = clean(clsLine, p.Disposal)
	}
	m := c.Matter
	if m == nil {
		return nil
	}
	if err := checkKey(func() string { return "matter" }, "id", m.ID); err != nil {
		return err
	}
	for i := range m.Cases {
		mc := &m.Cases[i]
		if err := checkKey(func() string { return recordName("matter.cases", i, mc.ID) }, "id", mc.ID); err != nil {
			return err
		}
		mc.CaseNo = clean(clsName, mc.CaseNo)
		mc.Type = clean(clsCode, mc.Type)
		mc.Stage = clean(clsName, mc.Stage)
	}
	if ct := m.Court; ct != nil {
		where := func() string { return "matter.court" }
		if err := checkKey(where, "case_id", ct.CaseID); err != nil {
			return err
		}
		cleanCode(&ct.Kind)
		cleanCode(&ct.Outcome)
		ct.Court = clean(clsName, ct.Court)
		ct.Procedure = clean(clsName, ct.Procedure)
		ct.Sentence = clean(clsLine, ct.Sentence)
	}
	return nil
}

// ---- shared by the decoders ----

// jsonSyntaxError is a JSON syntax error at a byte offset.
type jsonSyntaxError struct {
	msg       string
	Offset    int64
	truncated bool
}

// Error describes the syntax error and its offset.
func (e *jsonSyntaxError) Error() string { return fmt.Sprintf("%s at offset %d", e.msg, e.Offset) }

// fieldError is a value that does not fit its field: where names it.
type fieldError struct {
	where string
	err   error
}

// Error names the field and what was wrong with it.
func (e *fieldError) Error() string { return e.where + ": " + e.err.Error() }

// Unwrap returns the underlying error.
func (e *fieldError) Unwrap() error { return e.err }

// maxDepth bounds the nesting of skipped values, as encoding/json does.
const maxDepth = 10000

// field classes: each has its sanitiser and cap.
const (
	clsID = iota
	clsCode
	clsName
	clsLine
	clsText
	clsRaw // unsanitised, for ids checked as they came
	numClasses
)

// Caps, in runes, of the field classes.
const (
	capID   = 128
	capCode = 64
	capName = 200
	capLine = 1000
	capText = 4000
)

// clean applies the sanitiser of a class.
func clean(cls int, s string) string {
	switch cls {
	case clsID:
		return sanitize.Line(s, capID)
	case clsCode:
		return sanitize.Line(s, capCode)
	case clsName:
		return sanitize.Line(s, capName)
	case clsLine:
		return sanitize.Line(s, capLine)
	case clsRaw:
		return s
	}
	return sanitize.Text(s, capText)
}
