package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// org is the org tree held in memory (it is small and read on every
// answer); it is replaced whole by SaveOrg and never modified in place.
type org struct {
	units    []api.Unit // parents before children
	unitByID map[string]int
	children map[string][]string
	depts    map[string]api.Department
	deptUnit map[string]string
	people   map[string]sim.Person
	// deputies lists each unit's deputy chiefs by person id (分管: see
	// domain.DeputyRankFor).
	deputies map[string][]string
}

func (o *org) unitName(id string) string {
	if i, ok := o.unitByID[id]; ok {
		return o.units[i].Name
	}
	return id
}

func (o *org) deptName(id string) string {
	if d, ok := o.depts[id]; ok {
		return d.Name
	}
	return id
}

func (o *org) personName(id string) string {
	if p, ok := o.people[id]; ok {
		return p.Name
	}
	return id
}

func (o *org) hasUnit(id string) bool {
	_, ok := o.unitByID[id]
	return ok
}

// subtree returns the unit and every unit below it.
func (o *org) subtree(id string) []string {
	out := []string{id}
	for i := 0; i < len(out); i++ {
		out = append(out, o.children[out[i]]...)
	}
	return out
}

// SaveOrg replaces the org tree: units, their departments (every unit gets
// every department of depts, with id unit id + suffix) and people.
func (s *Store) SaveOrg(ctx context.Context, units []domain.UnitSpec, depts []domain.DeptSpec, people []sim.Person) error {
	err := s.writeTx(ctx, func(tx *sql.Tx) (bool, error) {
		if err := execAll(ctx, tx, `DELETE FROM units`, `DELETE FROM departments`, `DELETE FROM people`); err != nil {
			return false, fmt.Errorf("store: save org: %w", err)
		}
		for i, u := range units {
			if _, err := tx.ExecContext(ctx, `INSERT INTO units(id, ord, name, name_en, short, level, parent_id, scale)
				VALUES(?,?,?,?,?,?,?,?)`, u.ID, i, u.Name, u.NameEn, u.Short, u.Level, u.ParentID, u.Scale); err != nil {
				return false, fmt.Errorf("store: save unit %s: %w", u.ID, err)
			}
			for j, d := range depts {
				if _, err := tx.ExecContext(ctx, `INSERT INTO departments(id, ord, unit_id, suffix, name, line, abbrev)
					VALUES(?,?,?,?,?,?,?)`, u.ID+d.Suffix, j, u.ID, d.Suffix, d.Name, d.Line, d.Abbrev); err != nil {
					return false, fmt.Errorf("store: save department %s: %w", u.ID+d.Suffix, err)
				}
			}
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO people(id, name, unit_id, dept_id, role, quota, leader) VALUES(?,?,?,?,?,?,?)`)
		if err != nil {
			return false, err
		}
		defer stmt.Close()
		for _, p := range people {
			if _, err := stmt.ExecContext(ctx, p.ID, p.Name, p.UnitID, p.DeptID, p.Role, p.Quota, p.Leader); err != nil {
				return false, fmt.Errorf("store: save person %s: %w", p.ID, err)
			}
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	return s.loadOrg(ctx)
}

// loadOrg reads the org tree into memory.
func (s *Store) loadOrg(ctx context.Context) error {
	o := &org{
		unitByID: map[string]int{},
		children: map[string][]string{},
		depts:    map[string]api.Department{},
		deptUnit: map[string]string{},
		people:   map[string]sim.Person{},
	}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name, name_en, level, parent_id FROM units ORDER BY ord`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var u api.Unit
			if err := rows.Scan(&u.ID, &u.Name, &u.NameEn, &u.Level, &u.ParentID); err != nil {
				rows.Close() //nolint:sqlclosecheck // closed before the next query of the transaction, not at its end
				return err
			}
			u.Departments = []api.Department{}
			o.unitByID[u.ID] = len(o.units)
			o.units = append(o.units, u)
			if u.ParentID != "" {
				o.children[u.ParentID] = append(o.children[u.ParentID], u.ID)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT d.id, d.unit_id, d.name, d.line FROM departments d
			JOIN units u ON u.id = d.unit_id ORDER BY u.ord, d.ord`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var d api.Department
			var unit string
			if err := rows.Scan(&d.ID, &unit, &d.Name, &d.Line); err != nil {
				rows.Close() //nolint:sqlclosecheck // closed before the next query of the transaction, not at its end
				return err
			}
			o.depts[d.ID] = d
			o.deptUnit[d.ID] = unit
			i := o.unitByID[unit]
			o.units[i].Departments = append(o.units[i].Departments, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT id, name, unit_id, dept_id, role, quota, leader FROM people`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p sim.Person
			if err := rows.Scan(&p.ID, &p.Name, &p.UnitID, &p.DeptID, &p.Role, &p.Quota, &p.Leader); err != nil {
				return err
			}
			o.people[p.ID] = p
		}
		o.indexDeputies()
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("store: load org: %w", err)
	}
	s.org.Store(o)
	return nil
}

// Units returns every unit with its departments, parents before children.
// The caller must not modify the result.
func (s *Store) Units() []api.Unit { return s.org.Load().units }

// Unit returns the unit with the given id.
func (s *Store) Unit(id string) (api.Unit, bool) {
	o := s.org.Load()
	if i, ok := o.unitByID[id]; ok {
		return o.units[i], true
	}
	return api.Unit{}, false
}

// RootUnitID returns the id of the root of the org tree ("" when empty).
func (s *Store) RootUnitID() string {
	o := s.org.Load()
	for _, u := range o.units {
		if u.ParentID == "" {
			return u.ID
		}
	}
	return ""
}

// Subtree returns the ids of a unit and every unit below it (just the id
// when the unit is unknown).
func (s *Store) Subtree(id string) []string { return s.org.Load().subtree(id) }

// Department returns the department with the given id.
func (s *Store) Department(id string) (api.Department, bool) {
	d, ok := s.org.Load().depts[id]
	return d, ok
}

// Person returns the member of staff with the given id.
func (s *Store) Person(id string) (sim.Person, bool) {
	p, ok := s.org.Load().people[id]
	return p, ok
}

// bodyKey is the coverage key of a decision body (the committee, the
// supreme procuratorate) deciding for a unit: each unit's body is its own
// row. A body id that already names its unit ("U11-committee") is its own
// key; another ("committee") becomes "U11:committee".
func bodyKey(unitID, by string) string {
	if strings.HasPrefix(by, unitID+"-") {
		return by
	}
	return unitID + ":" + by
}

// bodyFilter returns the condition selecting the decisions of a body key,
// ok false when key names no body of a known unit.
func (o *org) bodyFilter(key string) (string, []any, bool) {
	if unitID, by, ok := strings.Cut(key, ":"); ok {
		if o.hasUnit(unitID) && by != "" {
			return ` AND d.by = ? AND d.unit_id = ?`, []any{by, unitID}, true
		}
		return "", nil, false
	}
	for id := range o.unitByID {
		if strings.HasPrefix(key, id+"-") && len(key) > len(id)+1 {
			return ` AND d.by = ?`, []any{key}, true
		}
	}
	return "", nil, false
}

// deciderName names a decider: a person's name, or the role name of a body.
func (o *org) deciderName(by, role string) string {
	if p, ok := o.people[by]; ok {
		return p.Name
	}
	if n, ok := domain.RoleNames[role]; ok {
		return n
	}
	if n, ok := domain.RoleNames[by]; ok {
		return n
	}
	return by
}
