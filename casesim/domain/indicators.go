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
	// Short and ShortEn are names that keep their meaning in a narrow
	// column (复议复核改变率 for 不捕/不诉复议复核改变率).
	Short, ShortEn string
	// Source says where the values come from: computed from the simulated
	// cases, or a simulated series (api.Source*).
	Source string
}

// Indicators are the 28 indicators of domain.md §2. Ranges and references
// follow the published figures quoted there; those marked ⚠ are plausible
// guesses, as domain.md says.
var Indicators = []IndicatorSpec{
	{ID: "I01", Name: "刑事检察案-件比", NameEn: "Criminal case-to-item ratio", Short: "案-件比", ShortEn: "Case-to-item", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "ratio", Lo: 1.05, Hi: 1.35, Reference: 1.15, Source: api.SourceComputed, Definition: "当期办结的刑事案件（案：审查起诉办结或不批准逮捕而终结的案件）所经历的诉讼环节（件）÷ 案数；每案基础1件，另计延长侦查羁押期限、退回补充侦查、延长审查起诉期限、不捕与不诉的复议复核、撤回起诉、抗诉、被害人请求抗诉各1件。理想值1:1。"},
	{ID: "I02", Name: "不捕率", NameEn: "Non-arrest rate", Short: "不捕率", ShortEn: "Non-arrest", Line: api.LineCriminal, Direction: api.DirectionBand, Unit: "%", Lo: 20, Hi: 55, Reference: 41.8, Source: api.SourceComputed, BandLo: 25, BandHi: 50, Definition: "不批准逮捕人数 ÷（批准逮捕人数＋不批准逮捕人数），按审查逮捕决定日期计。合理区间指标，需结合捕后不诉率看。"},
	{ID: "I03", Name: "不诉率", NameEn: "Non-prosecution rate", Short: "不诉率", ShortEn: "Non-prosecution", Line: api.LineCriminal, Direction: api.DirectionBand, Unit: "%", Lo: 10, Hi: 30, Reference: 25.2, Source: api.SourceComputed, BandLo: 12, BandHi: 28, Definition: "不起诉人数 ÷（起诉人数＋不起诉人数），按审查起诉办结日期计。合理区间指标。"},
	{ID: "I04", Name: "诉前羁押率", NameEn: "Pre-charge detention rate", Short: "诉前羁押率", ShortEn: "Pre-charge detention", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "%", Lo: 20, Hi: 45, Reference: 32.7, Source: api.SourceComputed, Definition: "审查起诉办结时在押（已逮捕）的人数 ÷ 审查起诉办结人数（起诉＋不起诉）。"},
	{ID: "I05", Name: "捕后不诉率", NameEn: "Non-prosecution after arrest", Short: "捕后不诉率", ShortEn: "Non-pros. after arrest", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "%", Lo: 0.5, Hi: 6, Reference: 3, Source: api.SourceComputed, Definition: "逮捕后作不起诉处理人数 ÷ 审查起诉办结的已逮捕人数。"},
	{ID: "I06", Name: "捕后判处免刑/轻刑率", NameEn: "Light sentences after arrest", Short: "捕后轻刑率", ShortEn: "Light after arrest", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "%", Lo: 0, Hi: 3, Reference: 1.5, Source: api.SourceComputed, Definition: "逮捕后被判处免予刑事处罚或拘役、管制、缓刑人数 ÷ 法院判决的已逮捕人数，按宣判日期计。"},
	{ID: "I07", Name: "不捕/不诉复议复核改变率", NameEn: "Reconsideration change rate", Short: "复议复核改变率", ShortEn: "Reviews changed", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "%", Lo: 0, Hi: 5, Reference: 2, Source: api.SourceComputed, Definition: "复议、复核后改变原不捕、不诉决定件数 ÷ 复议复核决定件数。"},
	{ID: "I08", Name: "认罪认罚从宽制度适用率", NameEn: "Plea-leniency application rate", Short: "认罪认罚适用率", ShortEn: "Plea leniency", Line: api.LineCriminal, Direction: api.DirectionHigher, Unit: "%", Lo: 80, Hi: 95, Reference: 90, Source: api.SourceComputed, Definition: "适用认罪认罚从宽制度的审查起诉办结人数 ÷ 审查起诉办结人数。"},
	{ID: "I09", Name: "确定刑量刑建议占比", NameEn: "Fixed-term sentencing recommendations", Short: "确定刑建议占比", ShortEn: "Fixed-term recs", Line: api.LineCriminal, Direction: api.DirectionHigher, Unit: "%", Lo: 85, Hi: 98, Reference: 90, Source: api.SourceComputed, Definition: "提出确定刑量刑建议件数 ÷ 提出量刑建议件数（认罪认罚案件起诉时）。"},
	{ID: "I10", Name: "量刑建议采纳率", NameEn: "Sentencing recommendation adoption", Short: "量刑建议采纳率", ShortEn: "Sentence recs adopted", Line: api.LineCriminal, Direction: api.DirectionHigher, Unit: "%", Lo: 90, Hi: 99, Reference: 95, Source: api.SourceComputed, Definition: "法院采纳量刑建议件数 ÷ 法院已判决的提出量刑建议件数，按宣判日期计。"},
	{ID: "I11", Name: "退回补充侦查率", NameEn: "Supplementary investigation rate", Short: "退回补充侦查率", ShortEn: "Returned for inv.", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "%", Lo: 2, Hi: 15, Reference: 4.56, Source: api.SourceComputed, Definition: "退回补充侦查次数 ÷ 审查起诉办结件数。"},
	{ID: "I12", Name: "延长审查起诉期限率", NameEn: "Extended review rate", Short: "延长审查起诉率", ShortEn: "Review extended", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "%", Lo: 0, Hi: 3, Reference: 1, Source: api.SourceComputed, Definition: "延长审查起诉期限件数 ÷ 审查起诉办结件数。"},
	{ID: "I13", Name: "撤回起诉人数", NameEn: "Prosecutions withdrawn", Short: "撤回起诉人数", ShortEn: "Withdrawals", Line: api.LineCriminal, Direction: api.DirectionRigid, Unit: UnitCount, Lo: 0, Hi: 0.3, Reference: 0, Source: api.SourceComputed, Rare: true, Definition: "法院裁定准许撤回起诉的人数（刚性指标：出现即负向评价，逐案评查）；分母为同期提起公诉人数，仅作参考。"},
	{ID: "I14", Name: "无罪判决人数", NameEn: "Acquittals", Short: "无罪判决人数", ShortEn: "Acquittals", Line: api.LineCriminal, Direction: api.DirectionRigid, Unit: UnitCount, Lo: 0, Hi: 0.1, Reference: 0, Source: api.SourceComputed, Rare: true, Definition: "法院判决无罪的人数（刚性指标：出现即负向评价，逐案评查）；分母为同期提起公诉人数，仅作参考。"},
	{ID: "I15", Name: "刑事抗诉改变率", NameEn: "Criminal protest success rate", Short: "刑事抗诉改变率", ShortEn: "Protests upheld", Line: api.LineCriminal, Direction: api.DirectionHigher, Unit: "%", Lo: 60, Hi: 90, Reference: 79.9, Source: api.SourceComputed, Definition: "法院采纳抗诉意见改判、发回重审件数 ÷ 法院审结的抗诉件数。"},
	{ID: "I16", Name: "纠正漏捕漏诉率", NameEn: "Corrected missed arrests and charges", Short: "纠正漏捕漏诉率", ShortEn: "Missed suspects added", Line: api.LineCriminal, Direction: api.DirectionHigher, Unit: "%", Lo: 1, Hi: 8, Reference: 4, Source: api.SourceComputed, Definition: "追加逮捕、追加起诉人数 ÷（批准逮捕人数＋提起公诉人数）。"},
	{ID: "I17", Name: "平均审查起诉天数", NameEn: "Mean days in prosecution review", Short: "审查起诉天数", ShortEn: "Days in review", Line: api.LineCriminal, Direction: api.DirectionLower, Unit: "days", Lo: 12, Hi: 35, Reference: 22, Source: api.SourceComputed, Definition: "审查起诉办结案件的办案天数之和（受理至办结，扣除退回补充侦查期间）÷ 办结件数。"},
	{ID: "I18", Name: "民事抗诉改变率", NameEn: "Civil protest success rate", Short: "民事抗诉改变率", ShortEn: "Civil protests upheld", Line: api.LineCivil, Direction: api.DirectionHigher, Unit: "%", Lo: 70, Hi: 95, Reference: 90.3, Source: api.SourceSimulated, Definition: "法院再审改变原裁判件数 ÷ 审结民事抗诉件数。模拟序列：本系统不模拟民事抗诉案件。"},
	{ID: "I19", Name: "民事再审检察建议采纳率", NameEn: "Civil retrial recommendation adoption", Short: "再审建议采纳率", ShortEn: "Retrial recs adopted", Line: api.LineCivil, Direction: api.DirectionHigher, Unit: "%", Lo: 50, Hi: 85, Reference: 72.7, Source: api.SourceComputed, Definition: "法院采纳再审检察建议件数 ÷ 法院回复件数，按回复日期计。"},
	{ID: "I20", Name: "民事审判违法检察建议采纳率", NameEn: "Civil trial irregularity recommendation adoption", Short: "民审违法建议采纳率", ShortEn: "Civil trial recs", Line: api.LineCivil, Direction: api.DirectionHigher, Unit: "%", Lo: 75, Hi: 95, Reference: 86.9, Source: api.SourceSimulated, Definition: "采纳件数 ÷ 回复件数。模拟序列：本系统不模拟审判活动监督案件。"},
	{ID: "I21", Name: "民事执行监督检察建议采纳率", NameEn: "Civil enforcement recommendation adoption", Short: "执行监督建议采纳率", ShortEn: "Enforcement recs", Line: api.LineCivil, Direction: api.DirectionHigher, Unit: "%", Lo: 70, Hi: 90, Reference: 81.1, Source: api.SourceSimulated, Definition: "采纳件数 ÷ 回复件数。模拟序列：本系统不模拟执行监督案件。"},
	{ID: "I22", Name: "行政审判/执行违法检察建议采纳率", NameEn: "Administrative recommendation adoption", Short: "行政监督建议采纳率", ShortEn: "Admin recs adopted", Line: api.LineAdministrative, Direction: api.DirectionHigher, Unit: "%", Lo: 75, Hi: 95, Reference: 86.8, Source: api.SourceSimulated, Definition: "采纳件数 ÷ 回复件数。模拟序列：本系统不模拟行政审判、执行活动监督案件。"},
	{ID: "I23", Name: "诉前检察建议回复整改率", NameEn: "Pre-suit recommendations complied with", Short: "诉前建议整改率", ShortEn: "Pre-suit recs complied", Line: api.LinePublicInterest, Direction: api.DirectionHigher, Unit: "%", Lo: 95, Hi: 100, Reference: 99.1, Source: api.SourceComputed, Definition: "行政机关回复并整改件数 ÷ 行政机关回复件数，按回复日期计。"},
	{ID: "I24", Name: "公益诉讼起诉裁判支持率", NameEn: "Court support for public-interest suits", Short: "公益诉讼支持率", ShortEn: "PIL suits supported", Line: api.LinePublicInterest, Direction: api.DirectionHigher, Unit: "%", Lo: 90, Hi: 100, Reference: 99.9, Source: api.SourceComputed, Definition: "法院裁判支持诉讼请求件数 ÷ 法院审结的公益诉讼起诉件数。"},
	{ID: "I25", Name: "入额院领导办案占比", NameEn: "Quota leaders' share of cases", Short: "院领导办案占比", ShortEn: "Leaders' case share", Line: api.LineManagement, Direction: api.DirectionThreshold, Unit: "%", Lo: 10, Hi: 30, Reference: 5, Source: api.SourceComputed, Definition: "入额院领导（检察长、副检察长）承办的受理案件数 ÷ 全院受理案件数。门槛指标：达到门槛值即达标，不是越高越好；门槛5%为本系统设定（⚠ 各省自定）。"},
	{ID: "I26", Name: "案件信息（案卡）差错率", NameEn: "Case-card error rate", Short: "案卡差错率", ShortEn: "Card error rate", Line: api.LineManagement, Direction: api.DirectionLower, Unit: "%", Lo: 0.5, Hi: 5, Reference: 2, Source: api.SourceComputed, Definition: "当期受理、已被逻辑校验发现案卡差错的案件数 ÷ 当期受理案件数。"},
	{ID: "I27", Name: "评查问题/流程监控问题整改率", NameEn: "Issue rectification rate", Short: "问题整改率", ShortEn: "Issues rectified", Line: api.LineManagement, Direction: api.DirectionHigher, Unit: "%", Lo: 90, Hi: 100, Reference: 98.65, Source: api.SourceComputed, Definition: "整改期限（发现后60日，本系统设定）届满于当期的案卡差错和流程监控通知书中，期限内已整改（改正、回复）的 ÷ 总数。"},
	{ID: "I28", Name: "信访7日内程序性回复率", NameEn: "Petition 7-day reply rate", Short: "信访7日回复率", ShortEn: "Petition 7-day replies", Line: api.LineComplaint, Direction: api.DirectionHigher, Unit: "%", Lo: 95, Hi: 100, Reference: 99.68, Source: api.SourceComputed, Definition: "7个工作日内程序性回复件数 ÷ 回复期限届满或已回复的信访件数，按回复（或期限届满）日期计。"},
}

// UnitCount is the unit of measure of a rigid indicator: its value is the
// number of occurrences (persons), not a rate.
const UnitCount = "count"

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
	if s.Unit == UnitCount {
		return num
	}
	if den == 0 {
		return 0
	}
	if s.Unit == "%" {
		return math.Round(num/den*10000) / 100
	}
	return math.Round(num/den*100) / 100
}
