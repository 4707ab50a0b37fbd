// Package domain holds the static tables of the reference case system: the
// invented org tree, roles, case types, the responsibility list (权责清单),
// the quality indicators and the alert rules' metadata. It is pure data, with
// no IO and no randomness.
package domain

import "github.com/casewatch/casewatch/api"

// UnitSpec describes one unit of the simulated org tree.
type UnitSpec struct {
	ID       string
	Name     string
	NameEn   string
	Short    string // short form used in case numbers, e.g. 北原
	Level    string
	ParentID string
	// Scale multiplies the case arrival rate (a busy district > 1).
	Scale float64
}

// DeptSpec describes one department kind present in every unit.
type DeptSpec struct {
	Suffix string // appended to the unit id, e.g. "-D1"
	Name   string
	Line   string
	Abbrev string // used in case numbers, e.g. 刑
}

// RootUnitID is the id of the provincial procuratorate.
const RootUnitID = "U00"

// Units lists the simulated org tree, parents before children. The names are
// invented (秦川省 and its cities do not exist) and every figure is simulated.
var Units = []UnitSpec{
	{ID: "U00", Name: "秦川省人民检察院", NameEn: "Qinchuan Provincial Procuratorate", Short: "秦川", Level: api.UnitProvince, Scale: 0.3},
	{ID: "U10", Name: "北原市人民检察院", NameEn: "Beiyuan Municipal Procuratorate", Short: "北原", Level: api.UnitCity, ParentID: "U00", Scale: 0.5},
	{ID: "U11", Name: "北原市黛阳区人民检察院", NameEn: "Daiyang District Procuratorate", Short: "黛阳", Level: api.UnitBasic, ParentID: "U10", Scale: 1.4},
	{ID: "U12", Name: "北原市澜城市人民检察院", NameEn: "Lancheng City Procuratorate", Short: "澜城", Level: api.UnitBasic, ParentID: "U10", Scale: 1.0},
	{ID: "U13", Name: "北原市关口县人民检察院", NameEn: "Guankou County Procuratorate", Short: "关口", Level: api.UnitBasic, ParentID: "U10", Scale: 0.6},
	{ID: "U14", Name: "北原市定川县人民检察院", NameEn: "Dingchuan County Procuratorate", Short: "定川", Level: api.UnitBasic, ParentID: "U10", Scale: 0.5},
	{ID: "U20", Name: "河阳市人民检察院", NameEn: "Heyang Municipal Procuratorate", Short: "河阳", Level: api.UnitCity, ParentID: "U00", Scale: 0.5},
	{ID: "U21", Name: "河阳市澄湄区人民检察院", NameEn: "Chengmei District Procuratorate", Short: "澄湄", Level: api.UnitBasic, ParentID: "U20", Scale: 1.3},
	{ID: "U22", Name: "河阳市枫渚区人民检察院", NameEn: "Fengzhu District Procuratorate", Short: "枫渚", Level: api.UnitBasic, ParentID: "U20", Scale: 1.1},
	{ID: "U23", Name: "河阳市泾水县人民检察院", NameEn: "Jingshui County Procuratorate", Short: "泾水", Level: api.UnitBasic, ParentID: "U20", Scale: 0.7},
	{ID: "U24", Name: "河阳市长塬县人民检察院", NameEn: "Changyuan County Procuratorate", Short: "长塬", Level: api.UnitBasic, ParentID: "U20", Scale: 0.4},
	{ID: "U30", Name: "西岭市人民检察院", NameEn: "Xiling Municipal Procuratorate", Short: "西岭", Level: api.UnitCity, ParentID: "U00", Scale: 0.5},
	{ID: "U31", Name: "西岭市鹭汀区人民检察院", NameEn: "Luting District Procuratorate", Short: "鹭汀", Level: api.UnitBasic, ParentID: "U30", Scale: 1.2},
	{ID: "U32", Name: "西岭市芷滨区人民检察院", NameEn: "Zhibin District Procuratorate", Short: "芷滨", Level: api.UnitBasic, ParentID: "U30", Scale: 0.9},
	{ID: "U33", Name: "西岭市漱岩县人民检察院", NameEn: "Shuyan County Procuratorate", Short: "漱岩", Level: api.UnitBasic, ParentID: "U30", Scale: 0.8},
	{ID: "U34", Name: "西岭市麟山县人民检察院", NameEn: "Linshan County Procuratorate", Short: "麟山", Level: api.UnitBasic, ParentID: "U30", Scale: 0.5},
}

// Departments lists the departments every unit has (a simplified version of
// the basic-unit layout in domain.md).
var Departments = []DeptSpec{
	{Suffix: "-D1", Name: "第一检察部", Line: api.LineCriminal, Abbrev: "刑"},
	{Suffix: "-D2", Name: "第二检察部", Line: api.LineCriminal, Abbrev: "执"},
	{Suffix: "-D3", Name: "第三检察部", Line: api.LineCivil, Abbrev: "民"},
	{Suffix: "-D4", Name: "第四检察部", Line: api.LinePublicInterest, Abbrev: "公"},
	{Suffix: "-D5", Name: "第五检察部", Line: api.LineComplaint, Abbrev: "控"},
	{Suffix: "-D6", Name: "案件管理部", Line: api.LineManagement, Abbrev: "管"},
}

// UnitByID returns the unit with the given id.
func UnitByID(id string) (UnitSpec, bool) {
	for _, u := range Units {
		if u.ID == id {
			return u, true
		}
	}
	return UnitSpec{}, false
}

// Children returns the ids of the direct children of a unit.
func Children(id string) []string {
	var out []string
	for _, u := range Units {
		if u.ParentID == id {
			out = append(out, u.ID)
		}
	}
	return out
}

// Subtree returns the ids of a unit and every unit below it.
func Subtree(id string) []string {
	out := []string{id}
	for i := 0; i < len(out); i++ {
		out = append(out, Children(out[i])...)
	}
	return out
}

// Peers returns the units ranked with the given one: every unit of the same
// level in the province.
func Peers(id string) []string {
	u, ok := UnitByID(id)
	if !ok {
		return nil
	}
	var out []string
	for _, v := range Units {
		if v.Level == u.Level {
			out = append(out, v.ID)
		}
	}
	return out
}

// RoleNames gives the Chinese name of each role code.
var RoleNames = map[string]string{
	api.RoleChief:           "检察长",
	api.RoleDeputy:          "副检察长",
	api.RoleCommittee:       "检察委员会",
	api.RoleCommitteeMember: "检委会专职委员",
	api.RoleDeptHead:        "部门负责人",
	api.RoleProsecutor:      "检察官",
	api.RoleAssistant:       "检察官助理",
	api.RoleClerk:           "书记员",
	api.RoleCaseManagement:  "案件管理部门",
	api.RoleSupreme:         "最高人民检察院",
}
