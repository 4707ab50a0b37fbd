package sim

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
)

// overreachRate is the chance that a decision the list reserves to a
// higher level is taken beyond authority (越权). The 统一业务应用系统 makes
// approvals a step of the workflow, so real 越权 is rare: well under 0.5 %
// of the decisions of any one power.
const overreachRate = 0.003

// powers returns the responsibility list the simulation follows.
func (g *Generator) powers() *domain.PowerList {
	if g.Powers != nil {
		return g.Powers
	}
	return domain.DefaultPowers()
}

// decide records a dispositive decision of kind (a domain.KindSpec code)
// with its label. The decider follows the list: the 承办检察官 where the
// list lets a 检察官 decide, else the deputy in charge of the line or the
// chief, the committee, the case-management department or the SPP. Rarely
// (overreachRate) the decision is taken beyond authority in one of the ways
// it happens: a 重大 matter the committee should decide taken by the chief
// alone, a deputy deciding outside the line he is in charge of, or the
// prosecutor deciding what needs the chief. Decisions draw from their own
// random stream, so the case's lifecycle does not depend on the list.
func (b *builder) decide(at time.Time, kind, action string) {
	b.nd++
	r := b.g.rng("decision", b.c.ID, b.nd)
	list := b.g.powers()
	var allowed roleSet
	if p, ok := list.ForKind(kind); ok {
		allowed = roleSet(p.Allowed)
	} else if k, ok := domain.KindByCode(kind); ok {
		allowed = roleSet{k.Natural}
	}
	role, by := b.decider(r, allowed)
	if r.Float64() < overreachRate {
		role, by = b.overreach(r, allowed, role, by)
	}
	j := list.Judge(kind, role, by == b.deputyInCharge())
	b.c.Decisions = append(b.c.Decisions, Decision{
		ID: fmt.Sprintf("%s-D%d", b.c.ID, b.nd), Kind: kind, PowerID: j.PowerID, Action: action, By: by, Role: role, At: at,
	})
}

// decider picks who takes a decision the list allows to the roles in
// allowed.
func (b *builder) decider(r *rand.Rand, allowed roleSet) (role, by string) {
	c := b.c
	lead, _ := b.g.Org.Person(c.LeadID)
	switch {
	case allowed.has(api.RoleProsecutor) && lead != nil:
		return lead.Role, lead.ID // the 承办检察官, or a 院领导 handling the case
	case allowed.has(api.RoleCaseManagement):
		if ps := b.g.Org.InDept(c.UnitID+"-D6", api.RoleProsecutor); len(ps) > 0 {
			return api.RoleCaseManagement, ps[r.IntN(len(ps))].ID
		}
	case allowed.has(api.RoleDeptHead) && !allowed.has(api.RoleDeputy) && !allowed.has(api.RoleChief):
		if ps := b.g.Org.InDept(c.DeptID, api.RoleDeptHead); len(ps) > 0 {
			return api.RoleDeptHead, ps[0].ID
		}
	case allowed.has(api.RoleChief) && allowed.has(api.RoleCommittee) && c.Major && r.Float64() < 0.5:
		return api.RoleCommittee, c.UnitID + "-committee"
	case allowed.has(api.RoleDeputy) && (!allowed.has(api.RoleChief) || r.Float64() < 0.4):
		if d := b.deputyInCharge(); d != "" {
			return api.RoleDeputy, d
		}
	}
	switch {
	case allowed.has(api.RoleChief):
		return api.RoleChief, b.chief()
	case allowed.has(api.RoleCommittee):
		return api.RoleCommittee, c.UnitID + "-committee"
	case allowed.has(api.RoleSupreme):
		return api.RoleSupreme, "SPP"
	}
	for _, role := range []string{api.RoleDeputy, api.RoleDeptHead, api.RoleCommitteeMember, api.RoleAssistant, api.RoleClerk} {
		if allowed.has(role) {
			if ps := b.g.Org.InUnit(c.UnitID, role); len(ps) > 0 {
				return role, ps[0].ID
			}
		}
	}
	return api.RoleProsecutor, c.LeadID
}

// overreach turns a decision into one taken beyond authority, when the
// list reserves the kind to a level someone could bypass.
func (b *builder) overreach(r *rand.Rand, allowed roleSet, role, by string) (string, string) {
	c := b.c
	type taker struct{ role, by string }
	var ways []taker
	if allowed.has(api.RoleCommittee) && !allowed.has(api.RoleChief) && !allowed.has(api.RoleDeputy) && !allowed.has(api.RoleProsecutor) {
		ways = append(ways, taker{api.RoleChief, b.chief()}) // 未提交检委会
	}
	if allowed.has(api.RoleDeputy) && !allowed.has(api.RoleProsecutor) {
		if d := b.deputyOutside(); d != "" {
			ways = append(ways, taker{api.RoleDeputy, d}) // 超出分管范围
		}
	}
	if lead, ok := b.g.Org.Person(c.LeadID); ok && lead.Role == api.RoleProsecutor && !allowed.has(api.RoleProsecutor) &&
		(allowed.has(api.RoleChief) || allowed.has(api.RoleDeputy)) {
		ways = append(ways, taker{api.RoleProsecutor, lead.ID}) // 检察官决定应由检察长决定的事项
	}
	if len(ways) == 0 {
		return role, by
	}
	w := ways[r.IntN(len(ways))]
	return w.role, w.by
}

func (b *builder) chief() string {
	if ps := b.g.Org.InUnit(b.c.UnitID, api.RoleChief); len(ps) > 0 {
		return ps[0].ID
	}
	return b.c.UnitID + "-committee"
}

// deputyInCharge is the deputy chief in charge (分管) of the case's
// department, "" when the unit has none.
func (b *builder) deputyInCharge() string {
	ds := b.g.Org.InUnit(b.c.UnitID, api.RoleDeputy)
	if i := domain.DeputyRankFor(b.c.DeptID); i < len(ds) {
		return ds[i].ID
	}
	return ""
}

// deputyOutside is a deputy chief not in charge of the case's department.
func (b *builder) deputyOutside() string {
	in := b.deputyInCharge()
	for _, d := range b.g.Org.InUnit(b.c.UnitID, api.RoleDeputy) {
		if d.ID != in {
			return d.ID
		}
	}
	return ""
}

// supervisionKind is the decision kind of a civil or administrative
// judgment-supervision case: kind prefixed with its line.
func supervisionKind(caseType, kind string) string {
	if caseType == domain.TypeAdminSupervision {
		return "admin_" + kind
	}
	return "civil_" + kind
}

// nonProsecutionKind is 不起诉, reserved to the committee in a 重大 case.
func nonProsecutionKind(major bool) string {
	if major {
		return "non_prosecution_major"
	}
	return "non_prosecution"
}

// DecisionOf returns the case's first decision of kind.
func (c *Case) DecisionOf(kind string) (Decision, bool) {
	for _, d := range c.Decisions {
		if d.Kind == kind {
			return d, true
		}
	}
	return Decision{}, false
}

// roleSet is the roles a list item allows (the item's own slice: no set
// is built per decision).
type roleSet []string

func (s roleSet) has(role string) bool {
	for _, r := range s {
		if r == role {
			return true
		}
	}
	return false
}
