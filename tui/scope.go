package tui

import (
	"strings"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/i18n"
)

// unitIndex is the org tree of State.Units, indexed once per change.
type unitIndex struct {
	list   []api.Unit
	idx    map[string]int
	root   string   // the province
	cycle  []string // scope order of `u`: province, cities, basic units
	shorts []string // short display names, parallel to list
}

// sameUnits reports whether list is the slice the index was built from.
func (u *unitIndex) sameUnits(list []api.Unit) bool {
	if len(list) != len(u.list) {
		return false
	}
	return len(list) == 0 || &list[0] == &u.list[0]
}

// buildUnits indexes a unit list (parents before children), with short
// names in language lang.
func buildUnits(list []api.Unit, lang i18n.Lang) unitIndex {
	u := unitIndex{list: list, idx: make(map[string]int, len(list))}
	for i := range list {
		u.idx[list[i].ID] = i
	}
	u.shorts = make([]string, len(list))
	for i := range list {
		u.shorts[i] = u.shortName(&list[i], lang)
	}
	var cities, basics []string
	for i := range list {
		switch list[i].Level {
		case api.UnitProvince:
			if u.root == "" {
				u.root = list[i].ID
			}
		case api.UnitCity:
			cities = append(cities, list[i].ID)
		case api.UnitBasic:
			basics = append(basics, list[i].ID)
		}
	}
	if u.root == "" && len(list) > 0 {
		u.root = list[0].ID
	}
	if u.root != "" {
		u.cycle = append(u.cycle, u.root)
	}
	u.cycle = append(u.cycle, cities...)
	u.cycle = append(u.cycle, basics...)
	return u
}

// unit returns the unit with id, or nil.
func (u *unitIndex) unit(id string) *api.Unit {
	if i, ok := u.idx[id]; ok {
		return &u.list[i]
	}
	return nil
}

// within reports whether unit id lies in the subtree of scope.
func (u *unitIndex) within(id, scope string) bool {
	if scope == "" || scope == u.root {
		return true
	}
	for depth := 0; id != "" && depth < 16; depth++ {
		if id == scope {
			return true
		}
		un := u.unit(id)
		if un == nil {
			return false
		}
		id = un.ParentID
	}
	return false
}

// name returns the display name of unit id in the catalog's language,
// falling back to the name the data carried.
func (u *unitIndex) name(c *i18n.Catalog, id, fallback string) string {
	if un := u.unit(id); un != nil {
		return c.Name(un.Name, un.NameEn)
	}
	return fallback
}

// short returns the short display name of unit id (see shortName), falling
// back to the formal suffix rule on the name the data carried.
func (u *unitIndex) short(id, fallback string) string {
	if i, ok := u.idx[id]; ok && i < len(u.shorts) {
		return u.shorts[i]
	}
	return shortUnitName(fallback)
}

// shortName is a unit's name for a narrow column. In Chinese, a unit
// drops its parent's place name and the formal suffix, as practitioners
// say 黛阳区院 for 北原市黛阳区人民检察院 (under 北原市人民检察院). In
// English, the name_en drops " Procuratorate": "Daiyang District".
func (u *unitIndex) shortName(un *api.Unit, lang i18n.Lang) string {
	if lang == i18n.EN && un.NameEn != "" {
		name := un.NameEn
		short, ok := strings.CutSuffix(name, " Procuratorate")
		if !ok || short == "" {
			return name
		}
		// "Heyang City", not "Heyang Municipal": the adjective alone says
		// municipal what (D18); a city reads apart from its districts.
		for adj, noun := range map[string]string{" Municipal": " City", " Provincial": " Province"} {
			if place, ok := strings.CutSuffix(short, adj); ok && place != "" {
				return place + noun
			}
		}
		return short
	}
	name := un.Name
	if p := u.unit(un.ParentID); p != nil {
		prefix := strings.TrimSuffix(p.Name, procuratorate)
		if rest, ok := strings.CutPrefix(name, prefix); ok && prefix != "" && rest != procuratorate && rest != "" {
			name = rest
		}
	}
	return shortUnitName(name)
}

// scopeUnit returns the unit id whose data the panels show: the scope, or
// the province when no scope is set.
func (c *common) scopeUnit() string {
	if c.scopeID != "" {
		return c.scopeID
	}
	return c.units.root
}

// scopeName returns the display name of the scope.
func (c *common) scopeName() string {
	id := c.scopeUnit()
	if id == "" || id == c.units.root {
		if un := c.units.unit(c.units.root); un != nil {
			return c.cat.T("scope.province") + " · " + c.cat.Name(un.Name, un.NameEn)
		}
		return c.cat.T("scope.province")
	}
	return c.units.name(c.cat, id, id)
}

// scopeShortName is the scope's name for a tight header: 全省 for the
// province, the unit's short name otherwise.
func (c *common) scopeShortName() string {
	id := c.scopeUnit()
	if id == "" || id == c.units.root {
		return c.cat.T("scope.province")
	}
	return c.units.short(id, id)
}

// scopeAfter returns the scope step places from the current one along
// province → cities → basic units, wrapping around; false before the units
// are known.
func (c *common) scopeAfter(step int) (string, bool) {
	n := len(c.units.cycle)
	if n == 0 {
		return "", false
	}
	cur := 0
	for i, id := range c.units.cycle {
		if id == c.scopeUnit() {
			cur = i
			break
		}
	}
	return c.units.cycle[((cur+step)%n+n)%n], true
}

// scopeChanged re-derives what on the dashboard depends on the scope,
// puts every list on its top and returns what the status line says of it
// (scopeMoved).
func (d *dashboard) scopeChanged(c *common) statusMsg {
	d.alerts.setScope(c)
	d.inds.sync(c, true)
	d.cov.sync(c, true)
	return d.scopeMoved(c)
}

// say puts st on the status line.
func (c *common) say(st statusMsg) { c.status, c.statusBad = st.text, st.bad }

// procuratorate is the formal suffix of unit names, shortened to 院 in
// tight columns, as practitioners say 城关区院 for 城关区人民检察院.
const procuratorate = "人民检察院"

// shortUnitName shortens a unit name by its formal suffix alone:
// 城关区人民检察院 → 城关区院.
func shortUnitName(name string) string {
	if strings.HasSuffix(name, procuratorate) && len(name) > len(procuratorate) {
		return strings.TrimSuffix(name, procuratorate) + "院"
	}
	return name
}

// multiUnit reports whether the scope spans more than one unit (a
// province or a city with units under it), so rows of departments and
// people must say which unit they belong to.
func (c *common) multiUnit() bool {
	scope := c.scopeUnit()
	if scope == "" {
		return len(c.units.list) != 1
	}
	for i := range c.units.list {
		if c.units.list[i].ParentID == scope {
			return true
		}
	}
	return false
}
