package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
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

// Period kinds of GET /coverage and /decisions (the same forms as the
// indicators: a complete month, the running month so far, the year so far).
const (
	WindowMonth = api.PeriodMonth // YYYY-MM
	WindowMTD   = api.PeriodMTD   // YYYY-MM-mtd: the month up to now
	WindowYTD   = api.PeriodYTD   // YYYY-ytd: 1 January up to the end of the last complete month
)

// Window is the time span of a period: [From, To).
type Window struct {
	Period, Kind string
	From, To     time.Time
}

var windowRE = regexp.MustCompile(`^(\d{4})(?:-(0[1-9]|1[0-2]))?(?:-(mtd|ytd))?$`)

// DecisionWindow resolves a period at now: "" is the last complete month;
// YYYY-MM a month (complete, or before now); YYYY-MM-mtd the running month
// up to now; YYYY-ytd January of that year to the end of the last complete
// month (of the year, for a past year). A period after now is an error.
func DecisionWindow(period string, now time.Time) (Window, error) {
	now = now.In(sim.Zone)
	thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, sim.Zone)
	if period == "" {
		from := thisMonth.AddDate(0, -1, 0)
		return Window{Period: from.Format("2006-01"), Kind: WindowMonth, From: from, To: thisMonth}, nil
	}
	m := windowRE.FindStringSubmatch(period)
	bad := &ParamError{Param: "period", Reason: fmt.Sprintf("period %q is not YYYY-MM, YYYY-MM-mtd or YYYY-ytd", period)}
	if m == nil || (m[2] == "") != (m[3] == "ytd") {
		return Window{}, bad
	}
	year, _ := strconv.Atoi(m[1])
	if m[3] == "ytd" {
		from := time.Date(year, 1, 1, 0, 0, 0, 0, sim.Zone)
		to := from.AddDate(1, 0, 0)
		if to.After(thisMonth) {
			to = thisMonth
		}
		if !to.After(from) {
			return Window{}, &ParamError{Param: "period", Reason: fmt.Sprintf("period %s has no complete month yet", period)}
		}
		return Window{Period: period, Kind: WindowYTD, From: from, To: to}, nil
	}
	month, _ := strconv.Atoi(m[2])
	from := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, sim.Zone)
	if from.After(now) {
		return Window{}, &ParamError{Param: "period", Reason: fmt.Sprintf("period %s has not begun", period)}
	}
	if m[3] == "mtd" {
		if !from.Equal(thisMonth) {
			return Window{}, &ParamError{Param: "period", Reason: fmt.Sprintf("period %s: month-to-date is only the running month %s-mtd", period, thisMonth.Format("2006-01"))}
		}
		return Window{Period: period, Kind: WindowMTD, From: from, To: now}, nil
	}
	if from.Equal(thisMonth) {
		return Window{}, &ParamError{Param: "period", Reason: fmt.Sprintf("period %s is not complete: ask for %s-mtd", period, period)}
	}
	return Window{Period: period, Kind: WindowMonth, From: from, To: from.AddDate(0, 1, 0)}, nil
}

// SetPowers sets the responsibility list decisions are checked against and
// re-checks every stored decision (their power and verdict), so a database
// opened with another province's list answers by that list.
func (s *Store) SetPowers(ctx context.Context, l *domain.PowerList) error {
	s.powers.Store(l)
	o := s.org.Load()
	type row struct {
		dseq                            int64
		kind, role, by, dept, power, vd string
	}
	var stale []row
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT dseq, kind, role, by, dept_id, power_id, verdict FROM decisions`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.dseq, &r.kind, &r.role, &r.by, &r.dept, &r.power, &r.vd); err != nil {
				return err
			}
			if j := s.judge(o, r.kind, r.role, r.by, r.dept); j.PowerID != r.power || j.Verdict != r.vd {
				r.power, r.vd = j.PowerID, j.Verdict
				stale = append(stale, r)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return wrapQueryErr("powers", err)
	}
	if len(stale) == 0 {
		return nil
	}
	return s.writeTx(ctx, func(tx *sql.Tx) (bool, error) {
		up, err := tx.PrepareContext(ctx, `UPDATE decisions SET power_id = ?, verdict = ? WHERE dseq = ?`)
		if err != nil {
			return false, err
		}
		defer up.Close()
		for _, r := range stale {
			if _, err := up.ExecContext(ctx, r.power, r.vd, r.dseq); err != nil {
				return false, err
			}
		}
		return true, nil
	})
}

// Powers returns the responsibility list in force (default: the built-in
// example).
func (s *Store) Powers() *domain.PowerList {
	if l := s.powers.Load(); l != nil {
		return l
	}
	return domain.DefaultPowers()
}

// judge checks one decision against the list in force.
func (s *Store) judge(o *org, kind, role, by, deptID string) domain.Judgement {
	return judgeBy(s.Powers(), o, kind, role, by, deptID)
}

// judgeBy checks one decision against list; a deputy is in charge when he
// is the deputy of the department's line.
func judgeBy(list *domain.PowerList, o *org, kind, role, by, deptID string) domain.Judgement {
	return list.Judge(kind, role, role == api.RoleDeputy && o.deputyInCharge(by, deptID))
}

// Judge checks a decision of case c against the list in force and names
// its decider (rules.Authority: the overreach rule R30 uses it).
func (s *Store) Judge(c *sim.Case, d sim.Decision) (domain.Judgement, string) {
	o := s.org.Load()
	j := s.judge(o, d.Kind, d.Role, d.By, c.DeptID)
	if j.Verdict != api.VerdictOver {
		return j, "" // the name only matters for an alert; most decisions are within
	}
	return j, o.deciderName(d.By, d.Role)
}

// indexDeputies fills o.deputies from o.people.
func (o *org) indexDeputies() {
	o.deputies = map[string][]string{}
	for _, p := range o.people {
		if p.Role == api.RoleDeputy {
			o.deputies[p.UnitID] = append(o.deputies[p.UnitID], p.ID)
		}
	}
	for _, ds := range o.deputies {
		sort.Strings(ds)
	}
}

// deputyInCharge reports whether person by is the deputy chief in charge
// of the department's line.
func (o *org) deputyInCharge(by, deptID string) bool {
	ds := o.deputies[o.deptUnit[deptID]]
	i := domain.DeputyRankFor(deptID)
	return i < len(ds) && ds[i] == by
}

// CoverageQuery is a GET /coverage request.
type CoverageQuery struct {
	Unit   string // a unit id (its subtree)
	By     string // ByDepartment (default) or ByPerson
	Period string // as DecisionWindow takes it
}

// Coverage answers GET /coverage at now: the dispositive decisions of the
// unit's subtree taken in the period, per department (the case's) or per
// person (the decider; a body such as the committee is a row of its own per
// unit, keyed unit:body). 越权 (over) is counted against the decisions the
// list governs, most first; decisions of kinds the list does not govern
// are the list-maintenance items (NotOnList), never part of that share.
// Powers and Unexercised come from the same decisions.
func (s *Store) Coverage(ctx context.Context, q CoverageQuery, now time.Time) (api.Coverage, error) {
	o := s.org.Load()
	ui, ok := o.unitByID[q.Unit]
	if !ok {
		return api.Coverage{}, &NotFoundError{What: "unit", ID: q.Unit}
	}
	if q.By == "" {
		q.By = ByDepartment
	}
	w, err := DecisionWindow(q.Period, now)
	if err != nil {
		return api.Coverage{}, err
	}
	list := s.Powers()
	out := api.Coverage{UnitID: q.Unit, By: q.By, Period: w.Period, PeriodKind: w.Kind, From: w.From, To: w.To,
		AsOf: now, List: listInfo(list), Rows: []api.CoverageRow{}, Powers: []api.PowerUse{},
		NotOnList: []api.ListGap{}, Unexercised: []api.Power{},
		Totals: api.CoverageRow{Key: q.Unit, Name: o.units[ui].Name, UnitID: q.Unit, UnitName: o.units[ui].Name}}
	cond, uargs := o.unitFilter("unit_id", q.Unit)
	args := append([]any{toNS(w.From), toNS(w.To), toNS(now)}, uargs...)
	rowsByKey := map[string]*api.CoverageRow{}
	uses := map[string]*api.PowerUse{}
	gaps := map[string]*api.ListGap{}
	gapUnits := map[string]map[string]bool{}
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		key := `dept_id, unit_id, ''`
		if q.By == ByPerson {
			key = `by, unit_id, role`
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+key+`, power_id, kind, verdict, count(*) FROM decisions
			WHERE at >= ? AND at < ? AND at <= ?`+cond+` GROUP BY 1, 2, 3, 4, 5, 6`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, unitID, role, power, kind, verdict string
			var n int
			if err := rows.Scan(&id, &unitID, &role, &power, &kind, &verdict, &n); err != nil {
				return err
			}
			k, name := id, o.deptName(id)
			if q.By == ByPerson {
				if p, ok := o.people[id]; ok {
					name, role = p.Name, p.Role
				} else {
					k, name = bodyKey(unitID, id), o.deciderName(id, role)
				}
			}
			r := rowsByKey[k]
			if r == nil {
				r = &api.CoverageRow{Key: k, Name: name, UnitID: unitID, UnitName: o.unitName(unitID), Role: role}
				rowsByKey[k] = r
			}
			if verdict == api.VerdictUncovered {
				r.NotOnList += n
				out.Totals.NotOnList += n
				g := gaps[kind]
				if g == nil {
					ks, _ := domain.KindByCode(kind)
					g = &api.ListGap{Kind: kind, Name: ks.Name, NameEn: ks.NameEn, Line: ks.Line}
					if g.Name == "" { // a kind casesim does not know (an old database's "unclassified")
						g.Name, g.NameEn = "未归类决定（"+kind+"）", "unclassified decision ("+kind+")"
					}
					gaps[kind], gapUnits[kind] = g, map[string]bool{}
				}
				g.Decisions += n
				gapUnits[kind][unitID] = true
				continue
			}
			u := uses[power]
			if u == nil {
				p, _ := list.ByID(power)
				u = &api.PowerUse{Power: powerToAPI(p)}
				uses[power] = u
			}
			for _, c := range []*api.CoverageRow{r, &out.Totals} {
				c.Decisions += n
				if verdict == api.VerdictOver {
					c.Over += n
				} else {
					c.Within += n
				}
			}
			u.Decisions += n
			if verdict == api.VerdictOver {
				u.Over += n
			}
		}
		return rows.Err()
	})
	if err != nil {
		return api.Coverage{}, wrapQueryErr("coverage", err)
	}
	for _, r := range rowsByKey {
		r.OverRate = ratioOf(r.Over, r.Decisions)
		out.Rows = append(out.Rows, *r)
	}
	out.Totals.OverRate = ratioOf(out.Totals.Over, out.Totals.Decisions)
	sort.Slice(out.Rows, func(i, j int) bool {
		a, b := out.Rows[i], out.Rows[j]
		if a.Over != b.Over {
			return a.Over > b.Over
		}
		if a.OverRate != b.OverRate {
			return a.OverRate > b.OverRate
		}
		if a.Decisions != b.Decisions {
			return a.Decisions > b.Decisions
		}
		return a.Key < b.Key
	})
	for _, p := range list.Items {
		if u := uses[p.ID]; u != nil {
			u.OverRate = ratioOf(u.Over, u.Decisions)
			out.Powers = append(out.Powers, *u)
		} else if p.Counted() {
			out.Unexercised = append(out.Unexercised, powerToAPI(p))
		}
	}
	sort.SliceStable(out.Powers, func(i, j int) bool { return out.Powers[i].Over > out.Powers[j].Over })
	for _, g := range gaps {
		g.Units = len(gapUnits[g.Kind])
		out.NotOnList = append(out.NotOnList, *g)
	}
	sort.Slice(out.NotOnList, func(i, j int) bool {
		a, b := out.NotOnList[i], out.NotOnList[j]
		if a.Decisions != b.Decisions {
			return a.Decisions > b.Decisions
		}
		return a.Kind < b.Kind
	})
	return out, nil
}

func listInfo(l *domain.PowerList) api.PowerList {
	out := api.PowerList{Source: l.Source, Example: l.Example, Items: len(l.Items)}
	for _, p := range l.Items {
		if p.Counted() {
			out.Counted++
		}
	}
	return out
}

func ratioOf(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return round6(float64(n) / float64(d))
}

func powerToAPI(p domain.PowerSpec) api.Power {
	return api.Power{ID: p.ID, Name: p.Name, NameEn: p.NameEn, Line: p.Line,
		AllowedRoles: append([]string{}, p.Allowed...), Kinds: append([]string{}, p.Kinds...), Basis: p.Basis}
}

// DecisionQuery is a GET /decisions request.
type DecisionQuery struct {
	Unit    string // a unit id (its subtree); "" for all
	Dept    string // a department id; "" for any
	Person  string // a person id or a body key (unit:body) of GET /coverage?by=person
	Verdict string // within, over, uncovered; "" for any
	Power   string // a power id of the list; "" for any
	Kind    string // a decision kind; "" for any
	Period  string // as DecisionWindow takes it; "" for any time up to now
	Cursor  string
	Limit   int
}

// Decisions answers GET /decisions at now: decisions taken by now (in the
// period, when one is given), newest first, with their verdicts against
// the list.
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
	if q.Period != "" {
		w, err := DecisionWindow(q.Period, now)
		if err != nil {
			return page, err
		}
		where += ` AND d.at >= ? AND d.at < ?`
		args = append(args, toNS(w.From), toNS(w.To))
	}
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
	if q.Verdict != "" {
		where += ` AND d.verdict = ?`
		args = append(args, q.Verdict)
	}
	if q.Power != "" {
		if _, ok := s.Powers().ByID(q.Power); !ok {
			return page, &NotFoundError{What: "power", ID: q.Power}
		}
		where += ` AND d.power_id = ?`
		args = append(args, q.Power)
	}
	if q.Kind != "" {
		if _, ok := domain.KindByCode(q.Kind); !ok {
			return page, &NotFoundError{What: "decision kind", ID: q.Kind}
		}
		where += ` AND d.kind = ?`
		args = append(args, q.Kind)
	}
	filter := filterHash("decisions", q.Unit, q.Dept, q.Person, q.Verdict, q.Power, q.Kind, q.Period)
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
	rows, err := s.r.QueryContext(ctx, `SELECT d.dseq, d.case_id, c.no, d.id, d.kind, d.action, d.by, d.role,
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
		if err := rows.Scan(&dseq, &caseID, &caseNo, &d.ID, &d.Kind, &d.Action, &d.By, &d.Role, &at,
			&unitID, &deptID); err != nil {
			return page, wrapQueryErr("decisions", err)
		}
		if len(page.Decisions) == q.Limit {
			page.NextCursor = cursor{kind: cursorDecisions, epoch: s.epochNum(), rev: lastSeq, after: lastAt,
				afterS: strconv.FormatInt(lastSeq, 10), filter: filter}.encode()
			break
		}
		d.At = fromNS(at)
		page.Decisions = append(page.Decisions, decisionToAPI(s.Powers(), o, d, caseID, caseNo, unitID, deptID))
		lastSeq, lastAt = dseq, at
	}
	if err := rows.Err(); err != nil {
		return page, wrapQueryErr("decisions", err)
	}
	return page, nil
}

// decisionToAPI shapes one decision with its verdict against the list in
// force.
func decisionToAPI(list *domain.PowerList, o *org, d sim.Decision, caseID, caseNo, unitID, deptID string) api.Decision {
	j := judgeBy(list, o, d.Kind, d.Role, d.By, deptID)
	out := api.Decision{
		ID: d.ID, CaseID: caseID, CaseNo: caseNo, Kind: d.Kind, PowerID: j.PowerID, Action: d.Action,
		DecidedBy: d.By, DeciderName: o.deciderName(d.By, d.Role), Role: d.Role,
		DeptID: deptID, UnitID: unitID, At: d.At.In(sim.Zone), Verdict: j.Verdict, Reason: j.Reason,
	}
	if p, ok := list.ByID(j.PowerID); ok {
		out.PowerName = p.Name
		out.AllowedRoles = p.Allowed
	}
	return out
}
