package snapshot

import (
	"github.com/casewatch/casewatch/i18n"
)

// labels are the report's own words, zh and en; the rest comes from the
// i18n catalog.
var labels = map[string][2]string{
	"title":          {"案件管理监督快照", "Case supervision snapshot"},
	"demo":           {"演示数据", "DEMO DATA"},
	"generated":      {"生成时间", "Generated at"},
	"asof":           {"数据截至", "Data as of"},
	"active":         {"在办预警", "Active alerts"},
	"by.level":       {"按级别", "By level"},
	"by.category":    {"按类别", "By category"},
	"by.unit":        {"按单位", "By unit"},
	"overdue.cases":  {"超期案件", "Cases overdue"},
	"most.overdue":   {"超期最久的案件", "Most overdue cases"},
	"col.total":      {"合计", "Total"},
	"col.findings":   {"整改事项", "Findings"},
	"col.overdue":    {"超期时长", "Overdue by"},
	"col.n":          {"超期预警", "Overdue alerts"},
	"col.id":         {"编号", "ID"},
	"col.name":       {"名称", "Name"},
	"col.line":       {"条线", "Line"},
	"ind.heading":    {"评价指标 · %s · %s", "Quality indicators · %s · %s"},
	"ind.total":      {"指标数", "Indicators"},
	"cov.totals":     {"决定", "Decisions"},
	"cov.gaps":       {"有越权决定的部门（%d，列出 %d）", "Departments with decisions beyond authority (%d, %d shown)"},
	"cov.listfile":   {"清单文件 ", "list file "},
	"col.kind":       {"事项代码", "Kind"},
	"col.units":      {"院数", "Units"},
	"count.alerts":   {"%d 条", "%d"},
	"count.cases":    {"%d 件", "%d"},
	"within":         {"清单内", "within"},
	"rejected":       {"被拒记录", "Rejected records"},
	"count.rejected": {"%d 条（首条：%s）", "%d (first: %s)"},
}

// words is the vocabulary of one language.
type words struct {
	*i18n.Catalog
	en bool
}

func newWords(l i18n.Lang) words { return words{Catalog: i18n.New(l), en: l == i18n.EN} }

// L returns the report's own label key.
func (w words) L(key string) string {
	l, ok := labels[key]
	if !ok {
		return "‹" + key + "›"
	}
	if w.en {
		return l[1]
	}
	return l[0]
}
