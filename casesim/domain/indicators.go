package domain

import (
	"math"

	"github.com/casewatch/casewatch/api"
)

// IndicatorSpec describes one quality indicator (案件质量评价指标).
type IndicatorSpec struct {
	ID         string
	Name       string
	NameEn     string
	Line       string
	Direction  string
	Unit       string // "%", "ratio" (1:x, the value is x) or "days"
	Lo, Hi     float64
	Reference  float64
	Definition string
	// BandLo and BandHi bound the reasonable band of a band indicator.
	BandLo, BandHi float64
	// Rare marks indicators whose events are rare (acquittals and the like):
	// their denominators are large and numerators small.
	Rare bool
}

// Indicators are the 28 indicators of domain.md §2. Ranges and references
// follow the published figures quoted there; those marked ⚠ are plausible
// guesses, as domain.md says.
var Indicators = []IndicatorSpec{
	{ID: "I01", Name: "刑事检察案-件比", NameEn: "Criminal case-to-item ratio", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "ratio", Lo: 1.05, Hi: 1.35, Reference: 1.15, Definition: "案件经历的诉讼环节数（件）÷ 案件数（案）；理想值1:1。当期由案件数据计算。"},
	{ID: "I02", Name: "不捕率", NameEn: "Non-arrest rate", Line: api.LineCriminal, Direction: api.DirectionBand, Unit: "%", Lo: 20, Hi: 55, Reference: 41.8, BandLo: 25, BandHi: 50, Definition: "不捕人数 ÷（批捕人数＋不捕人数）。合理区间指标，需结合捕后不诉率看。当期由案件数据计算。"},
	{ID: "I03", Name: "不诉率", NameEn: "Non-prosecution rate", Line: api.LineCriminal, Direction: api.DirectionBand, Unit: "%", Lo: 10, Hi: 30, Reference: 25.2, BandLo: 12, BandHi: 28, Definition: "不起诉人数 ÷（起诉人数＋不起诉人数）。合理区间指标。当期由案件数据计算。"},
	{ID: "I04", Name: "诉前羁押率", NameEn: "Pre-charge detention rate", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "%", Lo: 20, Hi: 45, Reference: 32.7, Definition: "批准逮捕人数 ÷（起诉人数＋不起诉人数）。"},
	{ID: "I05", Name: "捕后不诉率", NameEn: "Non-prosecution after arrest", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "%", Lo: 0.5, Hi: 6, Reference: 3, Definition: "逮捕后作不起诉处理人数 ÷ 逮捕人数。"},
	{ID: "I06", Name: "捕后判处免刑/轻刑率", NameEn: "Light sentences after arrest", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "%", Lo: 0, Hi: 3, Reference: 1.5, Definition: "逮捕后被判处免予刑事处罚或轻刑人数 ÷ 逮捕人数。"},
	{ID: "I07", Name: "不捕/不诉复议复核改变率", NameEn: "Reconsideration change rate", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "%", Lo: 0, Hi: 5, Reference: 2, Definition: "复议复核后改变原不捕、不诉决定件数 ÷ 复议复核件数。"},
	{ID: "I08", Name: "认罪认罚从宽制度适用率", NameEn: "Plea-leniency application rate", Line: api.LineCriminal, Direction: api.DirectionHigher, Unit: "%", Lo: 80, Hi: 95, Reference: 90, Definition: "适用认罪认罚从宽制度审结人数 ÷ 审结人数。"},
	{ID: "I09", Name: "确定刑量刑建议占比", NameEn: "Fixed-term sentencing recommendations", Line: api.LineCriminal, Direction: api.DirectionHigher, Unit: "%", Lo: 85, Hi: 98, Reference: 90, Definition: "提出确定刑量刑建议人数 ÷ 提出量刑建议人数。"},
	{ID: "I10", Name: "量刑建议采纳率", NameEn: "Sentencing recommendation adoption", Line: api.LineCriminal, Direction: api.DirectionHigher, Unit: "%", Lo: 90, Hi: 99, Reference: 95, Definition: "法院采纳量刑建议人数 ÷ 提出量刑建议人数。"},
	{ID: "I11", Name: "退回补充侦查率", NameEn: "Supplementary investigation rate", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "%", Lo: 2, Hi: 15, Reference: 4.56, Definition: "退回补充侦查件数 ÷ 审查起诉案件数。当期由案件数据计算。"},
	{ID: "I12", Name: "延长审查起诉期限率", NameEn: "Extended review rate", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "%", Lo: 0, Hi: 3, Reference: 1, Definition: "延长审查起诉期限件数 ÷ 审查起诉案件数。当期由案件数据计算。"},
	{ID: "I13", Name: "撤回起诉率", NameEn: "Withdrawal of prosecution rate", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "%", Lo: 0, Hi: 0.3, Reference: 0.1, Rare: true, Definition: "撤回起诉人数 ÷ 提起公诉人数。"},
	{ID: "I14", Name: "无罪判决率", NameEn: "Acquittal rate", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "%", Lo: 0, Hi: 0.1, Reference: 0.03, Rare: true, Definition: "法院判决无罪人数 ÷ 提起公诉人数。部分地区出现即扣分。"},
	{ID: "I15", Name: "刑事抗诉改变率", NameEn: "Criminal protest success rate", Line: api.LineCriminal, Direction: api.DirectionHigher, Unit: "%", Lo: 60, Hi: 90, Reference: 79.9, Definition: "法院采纳抗诉意见改判、发回件数 ÷ 审结抗诉件数。"},
	{ID: "I16", Name: "纠正漏捕漏诉率", NameEn: "Corrected missed arrests and charges", Line: api.LineCriminal, Direction: api.DirectionHigher, Unit: "%", Lo: 1, Hi: 8, Reference: 4, Definition: "追加逮捕、追加起诉人数 ÷ 批捕、起诉人数。"},
	{ID: "I17", Name: "平均审查起诉天数", NameEn: "Mean days in prosecution review", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "days", Lo: 12, Hi: 35, Reference: 22, Definition: "审结审查起诉案件办案天数之和 ÷ 审结件数。"},
	{ID: "I18", Name: "民事抗诉改变率", NameEn: "Civil protest success rate", Line: api.LineCivil, Direction: api.DirectionHigher, Unit: "%", Lo: 70, Hi: 95, Reference: 90.3, Definition: "法院再审改变原裁判件数 ÷ 审结民事抗诉件数。"},
	{ID: "I19", Name: "民事再审检察建议采纳率", NameEn: "Civil retrial recommendation adoption", Line: api.LineCivil, Direction: api.DirectionHigher, Unit: "%", Lo: 50, Hi: 85, Reference: 72.7, Definition: "法院采纳再审检察建议件数 ÷ 回复件数。"},
	{ID: "I20", Name: "民事审判违法检察建议采纳率", NameEn: "Civil trial irregularity recommendation adoption", Line: api.LineCivil, Direction: api.DirectionHigher, Unit: "%", Lo: 75, Hi: 95, Reference: 86.9, Definition: "采纳件数 ÷ 回复件数。"},
	{ID: "I21", Name: "民事执行监督检察建议采纳率", NameEn: "Civil enforcement recommendation adoption", Line: api.LineCivil, Direction: api.DirectionHigher, Unit: "%", Lo: 70, Hi: 90, Reference: 81.1, Definition: "采纳件数 ÷ 回复件数。"},
	{ID: "I22", Name: "行政审判/执行违法检察建议采纳率", NameEn: "Administrative recommendation adoption", Line: api.LineAdministrative, Direction: api.DirectionHigher, Unit: "%", Lo: 75, Hi: 95, Reference: 86.8, Definition: "采纳件数 ÷ 回复件数。"},
	{ID: "I23", Name: "诉前检察建议回复整改率", NameEn: "Pre-suit recommendations complied with", Line: api.LinePublicInterest, Direction: api.DirectionHigher, Unit: "%", Lo: 95, Hi: 100, Reference: 99.1, Definition: "行政机关回复并整改件数 ÷ 发出诉前检察建议件数。"},
	{ID: "I24", Name: "公益诉讼起诉裁判支持率", NameEn: "Court support for public-interest suits", Line: api.LinePublicInterest, Direction: api.DirectionHigher, Unit: "%", Lo: 90, Hi: 100, Reference: 99.9, Definition: "法院裁判支持诉讼请求件数 ÷ 审结起诉件数。"},
	{ID: "I25", Name: "入额院领导办案占比", NameEn: "Quota leaders' share of cases", Line: api.LineManagement, Direction: api.DirectionHigher, Unit: "%", Lo: 10, Hi: 30, Reference: 28, Definition: "入额院领导办理案件数 ÷ 全院办理案件数。"},
	{ID: "I26", Name: "案件信息（案卡）差错率", NameEn: "Case-card error rate", Line: api.LineManagement, Direction: api.DirectionLower, Unit: "%", Lo: 0.5, Hi: 5, Reference: 2, Definition: "案卡校验发现差错的案件数 ÷ 受理案件数。"},
	{ID: "I27", Name: "评查问题/流程监控问题整改率", NameEn: "Issue rectification rate", Line: api.LineManagement, Direction: api.DirectionHigher, Unit: "%", Lo: 90, Hi: 100, Reference: 98.65, Definition: "已整改问题数 ÷ 发现问题数。"},
	{ID: "I28", Name: "信访7日内程序性回复率", NameEn: "Petition 7-day reply rate", Line: api.LineComplaint, Direction: api.DirectionHigher, Unit: "%", Lo: 95, Hi: 100, Reference: 99.68, Definition: "7个工作日内程序性回复件数 ÷ 收到信访件数。"},
}

// IndicatorByID returns the indicator with the given id.
func IndicatorByID(id string) (IndicatorSpec, bool) {
	for _, s := range Indicators {
		if s.ID == id {
			return s, true
		}
	}
	return IndicatorSpec{}, false
}

// ValueOf is the indicator's value for numerator num over denominator den:
// a percentage for "%" indicators, else the plain ratio, both rounded to two
// decimals; 0 when den is 0.
func (s IndicatorSpec) ValueOf(num, den float64) float64 {
	if den == 0 {
		return 0
	}
	if s.Unit == "%" {
		return math.Round(num/den*10000) / 100
	}
	return math.Round(num/den*100) / 100
}
