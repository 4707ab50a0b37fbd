package dataimport

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/casesim/store"
)

// Known is the organisation a database holds already.
type Known struct {
	Units  []store.OrgUnit
	Depts  []store.OrgDept
	People []sim.Person
	// Fixed means the organisation cannot grow (a simulated database):
	// units and people must be named by their ids.
	Fixed bool
}

// orgBuilder resolves the names and ids an import uses to the units,
// departments and people of the database, creating those it does not know.
type orgBuilder struct {
	fixed       bool
	unitByID    map[string]*store.OrgUnit
	unitByName  map[string]*store.OrgUnit
	deptByID    map[string]*store.OrgDept
	deptByName  map[string]*store.OrgDept // unit id + "/" + name
	personByID  map[string]*sim.Person
	personByKey map[string]*sim.Person // unit id + "/" + name
	units       []*store.OrgUnit       // created or changed, in order
	depts       []*store.OrgDept
	people      []*sim.Person
}

func newOrgBuilder(k Known) *orgBuilder {
	b := &orgBuilder{fixed: k.Fixed, unitByID: map[string]*store.OrgUnit{}, unitByName: map[string]*store.OrgUnit{},
		deptByID: map[string]*store.OrgDept{}, deptByName: map[string]*store.OrgDept{},
		personByID: map[string]*sim.Person{}, personByKey: map[string]*sim.Person{}}
	for _, u := range k.Units {
		u := u
		b.unitByID[u.ID], b.unitByName[u.Name] = &u, &u
	}
	for _, d := range k.Depts {
		d := d
		b.deptByID[d.ID], b.deptByName[d.UnitID+"/"+d.Name] = &d, &d
	}
	for _, p := range k.People {
		p := p
		b.personByID[p.ID], b.personByKey[p.UnitID+"/"+p.Name] = &p, &p
	}
	return b
}

// shortHash is a stable id part derived from names.
func shortHash(parts ...string) string {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return fmt.Sprintf("%010x", h.Sum64()>>24)
}

// unit finds a unit by id or name, creating it from the name when the
// database does not know it.
func (b *orgBuilder) unit(s string) (*store.OrgUnit, error) {
	if u, ok := b.unitByID[s]; ok {
		return u, nil
	}
	if u, ok := b.unitByName[s]; ok {
		return u, nil
	}
	if b.fixed {
		return nil, fmt.Errorf("unknown unit %q (this database holds the simulation's organisation: use a unit id of GET /units)", s)
	}
	u := &store.OrgUnit{ID: "U" + shortHash(s), Name: s, Level: api.UnitBasic}
	b.unitByID[u.ID], b.unitByName[s] = u, u
	b.units = append(b.units, u)
	return u, nil
}

// dept finds the department of unit u named name (a domain department's
// name gets that department's usual id), creating it when new; name ""
// is the department of the case type ct.
func (b *orgBuilder) dept(u *store.OrgUnit, name string, ct *domain.CaseTypeSpec) (*store.OrgDept, error) {
	var spec *domain.DeptSpec
	for i, d := range domain.Departments {
		if (name == "" && ct != nil && d.Suffix == ct.Dept) || (name != "" && d.Name == name) {
			spec = &domain.Departments[i]
		}
	}
	if name == "" {
		if spec == nil {
			return nil, nil
		}
		name = spec.Name
	}
	if d, ok := b.deptByName[u.ID+"/"+name]; ok {
		return d, nil
	}
	if d, ok := b.deptByID[name]; ok && d.UnitID == u.ID {
		return d, nil
	}
	if b.fixed {
		return nil, fmt.Errorf("unknown department %q of unit %s", name, u.ID)
	}
	d := &store.OrgDept{UnitID: u.ID, Name: name}
	switch {
	case spec != nil:
		d.ID, d.Line = u.ID+spec.Suffix, spec.Line
	default:
		d.ID, d.Line = u.ID+"-"+shortHash(name), lineOf(name, ct)
	}
	b.deptByID[d.ID], b.deptByName[u.ID+"/"+name] = d, d
	b.depts = append(b.depts, d)
	return d, nil
}

// lineOf guesses a department's business line from its name.
func lineOf(name string, ct *domain.CaseTypeSpec) string {
	if ct != nil {
		return ct.Line
	}
	for _, kw := range []struct{ word, line string }{
		{"民事", api.LineCivil}, {"行政", api.LineAdministrative}, {"公益", api.LinePublicInterest},
		{"控告", api.LineComplaint}, {"申诉", api.LineComplaint}, {"刑事", api.LineCriminal},
		{"捕", api.LineCriminal}, {"诉", api.LineCriminal},
	} {
		if strings.Contains(name, kw.word) {
			return kw.line
		}
	}
	return api.LineManagement
}

// person finds a member of staff of unit u by id or name, creating them
// (in department d) when new.
func (b *orgBuilder) person(u *store.OrgUnit, s, id, role string, d *store.OrgDept) (*sim.Person, error) {
	if p, ok := b.personByID[s]; ok {
		if p.UnitID != u.ID {
			return nil, fmt.Errorf("person %s belongs to unit %s, not %s", p.ID, p.UnitID, u.ID)
		}
		return p, nil
	}
	if p, ok := b.personByKey[u.ID+"/"+s]; ok {
		return p, nil
	}
	if b.fixed {
		return nil, fmt.Errorf("unknown person %q (this database holds the simulation's organisation: use a person id)", s)
	}
	if id == "" {
		id = "P" + shortHash(u.ID, s)
	}
	if role == "" {
		role = "prosecutor"
	}
	p := &sim.Person{ID: id, Name: s, UnitID: u.ID, Role: role, Quota: true}
	if d != nil {
		p.DeptID = d.ID
	}
	b.personByID[id], b.personByKey[u.ID+"/"+s] = p, p
	b.people = append(b.people, p)
	return p, nil
}

// orgTable reads the organisation's own table: units (with their parents
// and levels), departments and people.
func (b *orgBuilder) orgTable(t *Table, m *Mapping, w *words) []RowError {
	idx, problems := resolve(t, m, "org")
	if len(problems) > 0 {
		return problems
	}
	var errs []RowError
	type parentLink struct {
		unit   *store.OrgUnit
		parent string
		line   int
	}
	var links []parentLink
	for _, r := range t.Rows {
		get := getter(idx, r)
		bad := func(col, format string, args ...any) {
			errs = append(errs, RowError{File: t.Name, Line: r.Line, Column: m.column("org", col), Reason: fmt.Sprintf(format, args...)})
		}
		if errs2 := lengthCheck(t, m, "org", idx, r); len(errs2) > 0 {
			errs = append(errs, errs2...)
			continue
		}
		name := get("unit")
		if name == "" {
			bad("unit", "empty")
			continue
		}
		u, err := b.unit(name)
		if err != nil {
			bad("unit", "%v", err)
			continue
		}
		if lv := get("level"); lv != "" {
			l, ok := w.level[lv]
			if !ok {
				bad("level", "%q is not a level (省院/市院/基层院, province/city/basic, or [values.level])", lv)
				continue
			}
			if u.Level != l && !b.fixed {
				u.Level = l
				b.touchUnit(u)
			}
		}
		if p := get("parent"); p != "" {
			links = append(links, parentLink{u, p, r.Line})
		}
		var d *store.OrgDept
		if dn := get("department"); dn != "" {
			if d, err = b.dept(u, dn, nil); err != nil {
				bad("department", "%v", err)
				continue
			}
		}
		role := ""
		if rw := get("role"); rw != "" {
			var ok bool
			if role, ok = roleWords[rw]; !ok {
				bad("role", "%q is not a role (检察官, 检察官助理, 书记员, 部门负责人, 检察长, 副检察长, or their codes)", rw)
				continue
			}
		}
		if pn := get("name"); pn != "" {
			p, err := b.person(u, pn, get("id"), role, d)
			if err != nil {
				bad("name", "%v", err)
				continue
			}
			if d != nil && p.DeptID == "" {
				p.DeptID = d.ID
			}
		}
	}
	for _, l := range links {
		pu, err := b.unit(l.parent)
		if err != nil {
			errs = append(errs, RowError{File: t.Name, Line: l.line, Column: m.column("org", "parent"), Reason: err.Error()})
			continue
		}
		if pu.ID == l.unit.ID {
			errs = append(errs, RowError{File: t.Name, Line: l.line, Column: m.column("org", "parent"), Reason: "a unit cannot be its own parent"})
			continue
		}
		if l.unit.ParentID != pu.ID && !b.fixed {
			l.unit.ParentID = pu.ID
			b.touchUnit(l.unit)
		}
	}
	// A parent must come before its children and the tree must not loop.
	for _, u := range b.units {
		seen := map[string]bool{u.ID: true}
		for p := u.ParentID; p != ""; p = b.unitByID[p].ParentID {
			if seen[p] {
				errs = append(errs, RowError{File: t.Name, Column: m.column("org", "parent"), Reason: fmt.Sprintf("units %s and %s are each other's parent", u.Name, b.unitByID[p].Name)})
				break
			}
			seen[p] = true
		}
	}
	return errs
}

// roleWords maps the 职务 words of an org table to role codes.
var roleWords = map[string]string{
	"检察官": api.RoleProsecutor, "员额检察官": api.RoleProsecutor, "检察官助理": api.RoleAssistant,
	"书记员": api.RoleClerk, "部门负责人": api.RoleDeptHead, "主任": api.RoleDeptHead, "部长": api.RoleDeptHead,
	"检察长": api.RoleChief, "副检察长": api.RoleDeputy, "检委会专职委员": api.RoleCommitteeMember,
	api.RoleProsecutor: api.RoleProsecutor, api.RoleAssistant: api.RoleAssistant, api.RoleClerk: api.RoleClerk,
	api.RoleDeptHead: api.RoleDeptHead, api.RoleChief: api.RoleChief, api.RoleDeputy: api.RoleDeputy,
	api.RoleCommitteeMember: api.RoleCommitteeMember,
}

// touchUnit records a known unit as changed (it is written again).
func (b *orgBuilder) touchUnit(u *store.OrgUnit) {
	for _, x := range b.units {
		if x == u {
			return
		}
	}
	b.units = append(b.units, u)
}

// batch returns what the import adds or changes, parents before children.
func (b *orgBuilder) batch() ([]store.OrgUnit, []store.OrgDept, []sim.Person) {
	var units []store.OrgUnit
	done := map[string]bool{}
	var add func(u *store.OrgUnit)
	add = func(u *store.OrgUnit) {
		if done[u.ID] {
			return
		}
		done[u.ID] = true
		if p, ok := b.unitByID[u.ParentID]; ok {
			for _, x := range b.units {
				if x == p {
					add(p)
				}
			}
		}
		units = append(units, *u)
	}
	for _, u := range b.units {
		add(u)
	}
	depts := make([]store.OrgDept, len(b.depts))
	for i, d := range b.depts {
		depts[i] = *d
	}
	people := make([]sim.Person, len(b.people))
	for i, p := range b.people {
		people[i] = *p
	}
	return units, depts, people
}
