package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/rules"
	"github.com/casewatch/casewatch/casesim/sim"
)

// CaseQuery is a GET /cases request.
type CaseQuery struct {
	Unit   string // a unit id (its whole subtree); "" for all
	Q      string // matches case number, title or lead prosecutor's name
	Matter string // a matter id: only the cases of that matter; "" for all
	Cursor string // a next_cursor of the previous page
	Limit  int    // page size, > 0
}

// likePattern makes a LIKE pattern matching s anywhere, with % and _ in s
// taken literally (escape character \).
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// ListCases answers GET /cases at now: the cases of a unit's subtree
// accepted by now, newest accepted first, optionally matching q.
func (s *Store) ListCases(ctx context.Context, q CaseQuery, now time.Time) (api.CasePage, error) {
	page := api.CasePage{Cases: []api.CaseSummary{}, AsOf: now}
	o := s.org.Load()
	if q.Unit != "" {
		if _, ok := o.unitByID[q.Unit]; !ok {
			return page, &NotFoundError{What: "unit", ID: q.Unit}
		}
	}
	if q.Limit <= 0 {
		q.Limit = 50
	}
	filter := filterHash("cases", q.Unit, q.Q, q.Matter)
	nowNS := toNS(now)
	where := ` WHERE c.accepted_at <= ?`
	args := []any{nowNS, nowNS}
	cond, uargs := o.unitFilter("c.unit_id", q.Unit)
	where += cond
	args = append(args, uargs...)
	if q.Q != "" {
		p := likePattern(q.Q)
		where += ` AND (c.no LIKE ? ESCAPE '\' OR c.title LIKE ? ESCAPE '\'
			OR c.lead_id IN (SELECT id FROM people WHERE name LIKE ? ESCAPE '\'))`
		args = append(args, p, p, p)
	}
	if q.Matter != "" {
		where += ` AND c.matter_id = ?`
		args = append(args, q.Matter)
	}
	if q.Cursor != "" {
		c, err := s.parseCursor("cursor", q.Cursor, cursorCasePage)
		if err != nil {
			return page, err
		}
		if c.filter != filter {
			return page, &ParamError{Param: "cursor", Reason: "cursor of a listing with other filters"}
		}
		where += ` AND (c.accepted_at < ? OR (c.accepted_at = ? AND c.id < ?))`
		args = append(args, c.after, c.after, c.afterS)
	}
	args = append(args, q.Limit+1)
	query := `SELECT c.id, c.no, c.title, c.type, c.line, c.unit_id, c.dept_id, c.lead_id, c.accepted_at,
		c.closed_at, c.matter_id, (SELECT e.type FROM events e WHERE e.case_id = c.id AND e.at <= ?
			AND e.type NOT IN ` + stageSkippedSQL + ` ORDER BY e.at DESC, e.seq DESC LIMIT 1),
		(SELECT count(*) FROM alerts a WHERE a.case_id = c.id AND a.status <> 'rectified')
		FROM cases c` + where + ` ORDER BY c.accepted_at DESC, c.id DESC LIMIT ?`
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return page, wrapQueryErr("list cases", err)
	}
	defer rows.Close()
	var lastAt int64
	for rows.Next() {
		var cs api.CaseSummary
		var accepted int64
		var closed sql.NullInt64
		var stage sql.NullString
		if err := rows.Scan(&cs.ID, &cs.CaseNo, &cs.Title, &cs.Type, &cs.Line, &cs.UnitID, &cs.DeptID,
			&cs.LeadID, &accepted, &closed, &cs.MatterID, &stage, &cs.OpenAlerts); err != nil {
			return page, wrapQueryErr("list cases", err)
		}
		if len(page.Cases) == q.Limit {
			last := page.Cases[len(page.Cases)-1]
			page.NextCursor = cursor{kind: cursorCasePage, epoch: s.epochNum(), after: lastAt,
				afterS: last.ID, filter: filter}.encode()
			break
		}
		cs.AcceptedAt = fromNS(accepted)
		isClosed := closed.Valid && closed.Int64 <= nowNS
		if isClosed {
			cs.ClosedAt = fromNullNS(closed)
		}
		cs.Stage = stageOf(stage.String, isClosed)
		cs.UnitName, cs.DeptName, cs.LeadName = o.unitName(cs.UnitID), o.deptName(cs.DeptID), o.personName(cs.LeadID)
		page.Cases = append(page.Cases, cs)
		lastAt = accepted
	}
	if err := rows.Err(); err != nil {
		return page, wrapQueryErr("list cases", err)
	}
	return page, nil
}

// Case answers GET /cases/{id} at now: the case as it stands at now, its
// timeline, documents, decisions, card checks and defects up to now, its
// deadlines from the rule engine and all its alerts. A case accepted after
// now does not exist yet.
func (s *Store) Case(ctx context.Context, id string, now time.Time) (api.Case, error) {
	o := s.org.Load()
	var c *sim.Case
	var alerts []api.Alert
	var matter *api.Matter
	var notices []api.Notice
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = loadCase(ctx, tx, id); err != nil || c == nil {
			return err
		}
		if alerts, err = alertsOfCase(ctx, tx, o, id, now); err != nil {
			return err
		}
		if notices, err = caseNoticesAPI(ctx, tx, o, id, now); err != nil {
			return err
		}
		matter, err = matterOf(ctx, tx, c, now)
		return err
	})
	if err != nil {
		return api.Case{}, wrapQueryErr("case "+id, err)
	}
	if c == nil || c.AcceptedAt.After(now) {
		return api.Case{}, &NotFoundError{What: "case", ID: id}
	}
	out := caseToAPI(o, s.Powers(), c, alerts, s.engine().Evaluate(c, now), now)
	out.Matter, out.Notices = matter, notices
	for _, m := range rules.MissingData(c, now) {
		out.DataMissing = append(out.DataMissing, api.DataMissing{Rule: m.Rule, Need: m.Need})
	}
	return out, nil
}

// caseToAPI shapes a case as it stands at now.
func caseToAPI(o *org, list *domain.PowerList, c *sim.Case, alerts []api.Alert, eval rules.Result, now time.Time) api.Case {
	out := api.Case{
		CaseSummary: api.CaseSummary{
			ID: c.ID, CaseNo: c.No, Title: c.Title, Type: c.Type, Line: c.Line,
			UnitID: c.UnitID, UnitName: o.unitName(c.UnitID), DeptID: c.DeptID, DeptName: o.deptName(c.DeptID),
			LeadID: c.LeadID, LeadName: o.personName(c.LeadID), AcceptedAt: c.AcceptedAt.In(sim.Zone),
			MatterID: c.Matter(),
		},
		Source: c.Source, Major: c.Major, FastTrack: c.FastTrack, Plea: c.Plea, LeaderCase: c.LeaderCase,
		Card: []api.CardField{}, CardChecks: []api.CardCheck{}, Parties: []api.Party{},
		Deadlines: []api.Deadline{}, Timeline: []api.Event{}, Documents: []api.Document{},
		Decisions: []api.Decision{}, Alerts: alerts, DefectPoints: []api.DefectPoint{}, AsOf: now,
	}
	if out.Alerts == nil {
		out.Alerts = []api.Alert{}
	}
	closed := c.ClosedAt != nil && !c.ClosedAt.After(now)
	if closed {
		t := c.ClosedAt.In(sim.Zone)
		out.ClosedAt = &t
	}
	for _, a := range alerts {
		if a.Status != api.StatusRectified {
			out.OpenAlerts++
		}
	}
	stage := ""
	for _, e := range c.EventsUntil(now) {
		out.Timeline = append(out.Timeline, api.Event{
			At: e.At.In(sim.Zone), Type: e.Type, Label: eventLabel(e.Type), Actor: o.nameOrID(e.Actor), Detail: e.Detail,
		})
		if !stageSkipped[e.Type] {
			stage = e.Type
		}
	}
	out.Stage = stageOf(stage, closed)
	out.Property = propertyAt(c, now)

	failed := map[string]bool{}
	for _, ce := range c.CardErrors {
		if ce.FoundAt.After(now) {
			continue
		}
		chk := api.CardCheck{ID: ce.ID, Rule: ce.Rule, Field: ce.Field, Severity: "error",
			Message: ce.Message, FoundAt: ce.FoundAt.In(sim.Zone)}
		if ce.FixedAt != nil && !ce.FixedAt.After(now) {
			t := ce.FixedAt.In(sim.Zone)
			chk.FixedAt = &t
		} else {
			failed[ce.Field] = true
		}
		out.CardChecks = append(out.CardChecks, chk)
	}
	for _, f := range c.Card {
		out.Card = append(out.Card, api.CardField{Field: f.Key, Label: f.Label, Value: f.Value, Failed: failed[f.Key]})
	}
	for _, p := range c.Parties {
		ap := api.Party{ID: p.ID, Role: p.Role, Name: p.Name, Charge: p.Charge, Measure: p.Measure, Custody: p.Custody,
			MeasureFrom: measureFrom(p, now)}
		if p.DetainedFrom != nil && !p.DetainedFrom.After(now) {
			t := p.DetainedFrom.In(sim.Zone)
			ap.DetainedFrom = &t
		}
		out.Parties = append(out.Parties, ap)
	}
	for _, d := range eval.Deadlines {
		if d.Start.After(now) {
			continue
		}
		ad := api.Deadline{Rule: d.Rule, Stage: d.Stage, Start: d.Start.In(sim.Zone), LegalDays: d.LegalDays,
			ExtensionDays: d.ExtensionDays, DueAt: d.DueAt.In(sim.Zone), Status: d.Status(now), Basis: d.Basis,
			Period: d.Period, PeriodUnit: d.PeriodUnit, SetBy: d.SetBy}
		if d.MetAt != nil && !d.MetAt.After(now) {
			t := d.MetAt.In(sim.Zone)
			ad.MetAt = &t
		}
		if ad.Basis == "" {
			ad.Basis = domain.Rules[d.Rule].Basis
		}
		out.Deadlines = append(out.Deadlines, ad)
	}
	for _, d := range c.Documents {
		if d.IssuedAt.After(now) {
			continue
		}
		ad := api.Document{ID: d.ID, Type: d.Type,
			DraftedBy: o.nameOrID(d.DraftedBy), SignedBy: o.nameOrID(d.SignedBy), IssuedAt: d.IssuedAt.In(sim.Zone)}
		if r := d.ReturnedAt; r != nil && !r.After(now) {
			t := r.In(sim.Zone)
			ad.ReturnedAt = &t
		}
		out.Documents = append(out.Documents, ad)
	}
	for _, d := range c.Decisions {
		if d.At.After(now) {
			continue
		}
		out.Decisions = append(out.Decisions, decisionToAPI(list, o, d, c.ID, c.No, c.UnitID, c.DeptID))
	}
	if r := c.Review; r != nil && !r.ReviewedAt.After(now) {
		issues := r.Issues
		if issues == nil {
			issues = []string{}
		}
		out.Review = &api.Review{Mode: r.Mode, Grade: r.Grade, Reviewer: o.nameOrID(r.Reviewer),
			Issues: issues, ReviewedAt: r.ReviewedAt.In(sim.Zone)}
	}
	for _, d := range c.Defects {
		if d.At.After(now) {
			continue
		}
		out.DefectPoints = append(out.DefectPoints, api.DefectPoint{PersonName: o.personName(d.PersonID),
			Aspect: d.Aspect, Item: d.Item, Points: d.Points, Source: d.Source, At: d.At.In(sim.Zone)})
		out.DefectTotal += d.Points
	}
	return out
}

// eventLabel is the Chinese label of an event type (the type itself when
// unknown).
func eventLabel(typ string) string {
	if l, ok := domain.EventLabels[typ]; ok {
		return l
	}
	return typ
}

// nameOrID names a person id, leaving any other text as it is.
func (o *org) nameOrID(s string) string {
	if p, ok := o.people[s]; ok {
		return p.Name
	}
	return s
}
