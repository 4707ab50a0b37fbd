package store

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// Coverage groupings.
const (
	ByDepartment = "department"
	ByPerson     = "person"
)

// Coverage answers GET /coverage at now: the decisions taken by now in
// unit's subtree counted against the responsibility list per department (the
// case's department) or per person (the decider; a body such as the
// committee is a row of its own per unit, keyed unit:body), worst first
// (lowest share within the list, then most over it), with the totals and
// the powers nobody exercised.
func (s *Store) Coverage(ctx context.Context, unit, by string, now time.Time) (api.Coverage, error) {
	o := s.org.Load()
	ui, ok := o.unitByID[unit]
	if !ok {
		return api.Coverage{}, &NotFoundError{What: "unit", ID: unit}
	}
	if by == "" {
		by = ByDepartment
	}
	out := api.Coverage{UnitID: unit, By: by, AsOf: now, Rows: []api.CoverageRow{}, Unexercised: []api.Power{},
		Totals: api.CoverageRow{Key: unit, Name: o.units[ui].Name, UnitID: unit, UnitName: o.units[ui].Name}}
	cond, uargs := o.unitFilter("unit_id", unit)
	args := append([]any{toNS(now)}, uargs...)
	rowsByKey := map[string]*api.CoverageRow{}
	exercised := map[string]bool{}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var q string
		if by == ByPerson {
			q = `SELECT by, unit_id, role, verdict, count(*) FROM decisions WHERE at <= ?` + cond +
				` GROUP BY by, unit_id, role, verdict`
		} else {
			q = `SELECT dept_id, unit_id, '', verdict, count(*) FROM decisions WHERE at <= ?` + cond +
				` GROUP BY dept_id, unit_id, verdict`
		}
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, unitID, role, verdict string
			var n int
			if err := rows.Scan(&id, &unitID, &role, &verdict, &n); err != nil {
				rows.Close()
				return err
			}
			key, name := id, o.deptName(id)
			if by == ByPerson {
				if p, ok := o.people[id]; ok {
					name, role = p.Name, p.Role
				} else {
					key, name = bodyKey(unitID, id), o.deciderName(id, role)
				}
			}
			r := rowsByKey[key]
			if r == nil {
				r = &api.CoverageRow{Key: key, Name: name, UnitID: unitID, UnitName: o.unitName(unitID), Role: role}
				rowsByKey[key] = r
			}
			for _, c := range []*api.CoverageRow{r, &out.Totals} {
				c.Decisions += n
				switch verdict {
				case api.VerdictWithin:
					c.Within += n
				case api.VerdictOver:
					c.Over += n
				default:
					c.Uncovered += n
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT DISTINCT power_id FROM decisions WHERE at <= ?`+cond+` AND power_id <> ''`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				return err
			}
			exercised[p] = true
		}
		return rows.Err()
	})
	if err != nil {
		return api.Coverage{}, wrapQueryErr("coverage", err)
	}
	for _, r := range rowsByKey {
		r.Ratio = ratioOf(r.Within, r.Decisions)
		out.Rows = append(out.Rows, *r)
	}
	out.Totals.Ratio = ratioOf(out.Totals.Within, out.Totals.Decisions)
	sort.Slice(out.Rows, func(i, j int) bool {
		a, b := out.Rows[i], out.Rows[j]
		if a.Ratio != b.Ratio {
			return a.Ratio < b.Ratio
		}
		if a.Over != b.Over {
			return a.Over > b.Over
		}
		return a.Key < b.Key
	})
	for _, p := range domain.Powers {
		if !exercised[p.ID] {
			out.Unexercised = append(out.Unexercised, powerToAPI(p))
		}
	}
	return out, nil
}

func ratioOf(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return round6(float64(n) / float64(d))
}

func powerToAPI(p domain.PowerSpec) api.Power {
	return api.Power{ID: p.ID, Name: p.Name, NameEn: p.NameEn, Line: p.Line,
		AllowedRoles: append([]string{}, p.Allowed...), Basis: p.Basis}
}

// DecisionQuery is a GET /decisions request.
type DecisionQuery struct {
	Unit    string // a unit id (its subtree); "" for all
	Dept    string // a department id; "" for any
	Person  string // a person id or a body key (unit:body) of GET /coverage?by=person
	Verdict string // within, over, uncovered, gap (over or uncovered); "" for any
	Power   string // a power id; "" for any
	Cursor  string
	Limit   int
}

// Decisions answers GET /decisions at now: decisions taken by now, newest
// first, with their verdicts against the list.
func (s *Store) Decisions(ctx context.Context, q DecisionQuery, now time.Time) (api.DecisionPage, error) {
	page := api.DecisionPage{Decisions: []api.Decision{}, AsOf: now}
	o := s.org.Load()
	if q.Unit != "" {
		if _, ok := o.unitByID[q.Unit]; !ok {
			return page, &NotFoundError{What: "unit", ID: q.Unit}
		}
	}
	if q.Limit <= 0 {
		q.Limit = 100
	}
	where, args := ` WHERE d.at <= ?`, []any{toNS(now)}
	cond, uargs := o.unitFilter("d.unit_id", q.Unit)
	where += cond
	args = append(args, uargs...)
	if q.Dept != "" {
		if _, ok := o.depts[q.Dept]; !ok {
			return page, &NotFoundError{What: "department", ID: q.Dept}
		}
		where += ` AND d.dept_id = ?`
		args = append(args, q.Dept)
	}
	if q.Person != "" {
		if _, ok := o.people[q.Person]; ok {
			where += ` AND d.by = ?`
			args = append(args, q.Person)
		} else if cond, bargs, ok := o.bodyFilter(q.Person); ok {
			where += cond
			args = append(args, bargs...)
		} else {
			return page, &NotFoundError{What: "person", ID: q.Person}
		}
	}
	switch q.Verdict {
	case "":
	case "gap":
		where += ` AND d.verdict IN ('over','uncovered')`
	default:
		where += ` AND d.verdict = ?`
		args = append(args, q.Verdict)
	}
	if q.Power != "" {
		if _, ok := domain.PowerByID(q.Power); !ok {
			return page, &NotFoundError{What: "power", ID: q.Power}
		}
		where += ` AND d.power_id = ?`
		args = append(args, q.Power)
	}
	filter := filterHash("decisions", q.Unit, q.Dept, q.Person, q.Verdict, q.Power)
	if q.Cursor != "" {
		c, err := s.parseCursor("cursor", q.Cursor, cursorDecisions)
		if err != nil {
			return page, err
		}
		if c.filter != filter {
			return page, &ParamError{Param: "cursor", Reason: "cursor of a listing with other filters"}
		}
		where += ` AND (d.at < ? OR (d.at = ? AND d.dseq < ?))`
		args = append(args, c.after, c.after, c.rev)
	}
	args = append(args, q.Limit+1)
	rows, err := s.r.QueryContext(ctx, `SELECT d.dseq, d.case_id, c.no, d.id, d.power_id, d.action, d.by, d.role,
		d.at, d.unit_id, d.dept_id FROM decisions d JOIN cases c ON c.id = d.case_id`+where+`
		ORDER BY d.at DESC, d.dseq DESC LIMIT ?`, args...)
	if err != nil {
		return page, wrapQueryErr("decisions", err)
	}
	defer rows.Close()
	var lastSeq, lastAt int64
	for rows.Next() {
		var dseq, at int64
		var caseID, caseNo, unitID, deptID string
		var d sim.Decision
		if err := rows.Scan(&dseq, &caseID, &caseNo, &d.ID, &d.PowerID, &d.Action, &d.By, &d.Role, &at,
			&unitID, &deptID); err != nil {
			return page, wrapQueryErr("decisions", err)
		}
		if len(page.Decisions) == q.Limit {
			page.NextCursor = cursor{kind: cursorDecisions, epoch: s.epochNum(), rev: lastSeq, after: lastAt,
				afterS: strconv.FormatInt(lastSeq, 10), filter: filter}.encode()
			break
		}
		d.At = fromNS(at)
		page.Decisions = append(page.Decisions, o.decisionToAPI(d, caseID, caseNo, unitID, deptID))
		lastSeq, lastAt = dseq, at
	}
	if err := rows.Err(); err != nil {
		return page, wrapQueryErr("decisions", err)
	}
	return page, nil
}
