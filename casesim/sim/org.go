package sim

import (
	"fmt"
	"math/rand/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
)

var surnames = []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎")
var givenChars = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建国志文斌宁浩凯晨欣怡子轩雨涵思远佳琪博睿嘉懿")

// Org is the staff of the simulated org tree.
type Org struct {
	People []Person
	byID   map[string]*Person
	// byUnitRole indexes people by unit id and role.
	byUnitRole map[string][]*Person
	// byDeptRole indexes people by department id and role.
	byDeptRole map[string][]*Person
}

// BuildOrg creates the staff of every unit deterministically from seed.
func BuildOrg(seed uint64) *Org {
	o := &Org{byID: map[string]*Person{}, byUnitRole: map[string][]*Person{}, byDeptRole: map[string][]*Person{}}
	r := rand.New(rand.NewPCG(seed, 0x0123))
	n := 0
	add := func(unit, dept, role string, quota, leader bool) {
		n++
		p := Person{ID: fmt.Sprintf("P%04d", n), Name: personName(r), UnitID: unit, DeptID: dept, Role: role, Quota: quota, Leader: leader}
		o.People = append(o.People, p)
	}
	for _, u := range domain.Units {
		mgmt := u.ID + "-D6"
		add(u.ID, mgmt, api.RoleChief, true, true)
		add(u.ID, mgmt, api.RoleDeputy, true, true)
		add(u.ID, mgmt, api.RoleDeputy, true, true)
		add(u.ID, mgmt, api.RoleCommitteeMember, true, true)
		for _, d := range domain.Departments {
			dept := u.ID + d.Suffix
			add(u.ID, dept, api.RoleDeptHead, true, false)
			pros := 2
			if d.Suffix == "-D1" {
				pros = 3 + int(u.Scale*3)
			}
			for i := 0; i < pros; i++ {
				add(u.ID, dept, api.RoleProsecutor, true, false)
				add(u.ID, dept, api.RoleAssistant, false, false)
			}
			add(u.ID, dept, api.RoleClerk, false, false)
		}
	}
	for i := range o.People {
		p := &o.People[i]
		o.byID[p.ID] = p
		o.byUnitRole[p.UnitID+"/"+p.Role] = append(o.byUnitRole[p.UnitID+"/"+p.Role], p)
		o.byDeptRole[p.DeptID+"/"+p.Role] = append(o.byDeptRole[p.DeptID+"/"+p.Role], p)
	}
	return o
}

func personName(r *rand.Rand) string {
	s := string(surnames[r.IntN(len(surnames))])
	g := string(givenChars[r.IntN(len(givenChars))])
	if r.IntN(3) > 0 {
		g += string(givenChars[r.IntN(len(givenChars))])
	}
	return s + g
}

// Person returns the person with the given id.
func (o *Org) Person(id string) (*Person, bool) {
	p, ok := o.byID[id]
	return p, ok
}

// InUnit returns the people of a unit with a role.
func (o *Org) InUnit(unit, role string) []*Person { return o.byUnitRole[unit+"/"+role] }

// InDept returns the people of a department with a role.
func (o *Org) InDept(dept, role string) []*Person { return o.byDeptRole[dept+"/"+role] }
