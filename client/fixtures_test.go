package client

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/casewatch/casewatch/api"
)

// Test fixtures: realistic bodies built from the api types.

var cst = time.FixedZone("CST", 8*3600)

var t0 = time.Date(2025, 3, 3, 9, 0, 0, 0, cst)

var (
	fxUnits  = []string{"330000", "330100", "330102", "330106", "330110", "330200", "330203"}
	fxNames  = []string{"浙江省人民检察院", "杭州市人民检察院", "杭州市上城区人民检察院", "杭州市西湖区人民检察院", "杭州市余杭区人民检察院", "宁波市人民检察院", "宁波市海曙区人民检察院"}
	fxRules  = []string{"R1", "R2", "R3", "R5", "R8", "R11"}
	fxRNames = []string{"审查逮捕期限临期", "审查起诉期限临期", "案卡填录不规范", "法律文书未及时制作", "强制措施期限届满", "涉案财物未及时处理"}
	fxLevels = []string{api.LevelNotice, api.LevelWarning, api.LevelOverdue}
	fxCats   = []string{api.CategoryDeadline, api.CategoryDeadline, api.CategoryCard, api.CategoryDocument, api.CategoryMeasure, api.CategoryProperty}
	fxPeople = []string{"张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十"}
)

// fxAlert builds the i-th alert of a realistic set.
func fxAlert(i int) api.Alert {
	u := i % len(fxUnits)
	r := i % len(fxRules)
	a := api.Alert{
		ID:            fmt.Sprintf("A%07d", i),
		Rule:          fxRules[r],
		RuleName:      fxRNames[r],
		RuleNameEn:    "Deadline of review approaching",
		Category:      fxCats[r],
		Level:         fxLevels[i%3],
		Status:        api.StatusOpen,
		CaseID:        fmt.Sprintf("C%07d", i/2),
		CaseNo:        fmt.Sprintf("杭西检刑捕受〔2025〕%d号", 100000+i/2),
		UnitID:        fxUnits[u],
		UnitName:      fxNames[u],
		DeptID:        fxUnits[u] + "-1",
		DeptName:      "第一检察部",
		PersonID:      fmt.Sprintf("P%04d", i%200),
		PersonName:    fxPeople[i%len(fxPeople)],
		DueAt:         t0.Add(time.Duration(i%240) * time.Hour),
		DaysRemaining: i%10 - 3,
		DetectedAt:    t0.Add(-time.Duration(i%100) * time.Hour),
		UpdatedAt:     t0.Add(time.Duration(i) * time.Second),
		Basis:         "《人民检察院刑事诉讼规则》第二百九十六条：对公安机关提请批准逮捕的犯罪嫌疑人，已被拘留的，人民检察院应当在收到提请批准逮捕书后的七日以内作出是否批准逮捕的决定",
		Message:       fmt.Sprintf("审查逮捕期限将于%d日后届满，请及时作出决定", i%7+1),
	}
	if i%5 == 0 {
		a.Status = api.StatusAcknowledged
		a.Ack = &api.Ack{By: "案管办 刘主任", Note: "已督促承办人", At: t0}
	}
	return a
}

func fxAlerts(n int) []api.Alert {
	out := make([]api.Alert, n)
	for i := range out {
		out[i] = fxAlert(i)
	}
	return out
}

func fxPageJSON(alerts []api.Alert, sync string, delta bool) []byte {
	b, err := json.Marshal(api.AlertPage{Alerts: alerts, SyncCursor: sync, Delta: delta, AsOf: t0})
	if err != nil {
		panic(err)
	}
	return b
}

func fxUnitList() api.UnitList {
	var l api.UnitList
	for i, id := range fxUnits {
		u := api.Unit{ID: id, Name: fxNames[i], NameEn: "Unit " + id, Level: api.UnitBasic,
			Departments: []api.Department{{ID: id + "-1", Name: "第一检察部", Line: api.LineCriminal}}}
		switch {
		case i == 0:
			u.Level = api.UnitProvince
		case id[4:] == "00":
			u.Level, u.ParentID = api.UnitCity, "330000"
		default:
			u.ParentID = id[:4] + "00"
		}
		l.Units = append(l.Units, u)
	}
	return l
}

func fxHealth() api.Health {
	return api.Health{Status: "ok", Version: api.Version, ServerTime: t0, SimTime: t0, SimSpeed: 1440, DataAsOf: t0, Demo: true}
}

func fxIndicators(unit string) api.IndicatorSet {
	lo, hi := 0.5, 0.9
	return api.IndicatorSet{UnitID: unit, UnitName: "单位" + unit, Period: "2025-02", PeriodKind: api.PeriodMonth,
		From: "2025-02-01", Through: "2025-02-28", AsOf: t0,
		Indicators: []api.Indicator{{ID: "I01", Name: "审查逮捕期限内办结率", NameEn: "Arrest reviews in time", Line: api.LineCriminal,
			Direction: api.DirectionBand, Unit: "%", Source: api.SourceComputed, Definition: "期限内办结数 / 办结数", Reference: 0.8, BandLow: &lo, BandHigh: &hi,
			Value: 0.82, Numerator: 82, Denominator: 100, Rank: 3, RankOf: 12, History: []api.HistoryPoint{{Period: "2025-01", Value: 0.8}}}}}
}

func fxCoverage(unit, by string) api.Coverage {
	return api.Coverage{UnitID: unit, By: by, AsOf: t0,
		Totals: api.CoverageRow{Name: "合计", UnitID: unit, Decisions: 10, Within: 9, Over: 1, OverRate: 0.1, NotOnList: 1},
		Rows:   []api.CoverageRow{{Key: unit + "-1", Name: "第一检察部", UnitID: unit, UnitName: "单位", Decisions: 10, Within: 9, Over: 1, OverRate: 0.1, NotOnList: 1}},
		Period: "2025-01", PeriodKind: "month", From: t0.AddDate(0, -1, 0), To: t0,
		List: api.PowerList{Source: "builtin", Example: true, Items: 73, Counted: 70},
		Powers: []api.PowerUse{{Power: api.Power{ID: "PW02", Name: "不起诉", NameEn: "Decline to prosecute", Line: api.LineCriminal,
			AllowedRoles: []string{api.RoleChief}, Kinds: []string{"non_prosecution"}, Basis: "刑诉规则"}, Decisions: 10, Over: 1, OverRate: 0.1}},
		NotOnList: []api.ListGap{{Kind: "no_protest", Name: "决定不抗诉", NameEn: "Decide not to protest", Line: api.LineCriminal, Decisions: 1, Units: 1}},
		Unexercised: []api.Power{{ID: "PW01", Name: "决定逮捕", NameEn: "Decide arrest", Line: api.LineCriminal,
			AllowedRoles: []string{api.RoleProsecutor}, Kinds: []string{"arrest_approve"}, Basis: "刑诉规则"}}}
}
