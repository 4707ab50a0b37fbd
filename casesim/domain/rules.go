package domain

import (
	"maps"
	"slices"

	"github.com/casewatch/casewatch/api"
)

// RuleSpec is the metadata of one alert rule of domain.md §3.
type RuleSpec struct {
	ID       string
	Name     string
	NameEn   string
	Category string
	Basis    string
}

// SetBy says who set each rule's periods: api.SetByLaw (a statute or
// judicial interpretation, 法定), api.SetByRule (an internal rule of the
// 最高检 or a local rule, 规定) or api.SetBySystem (this system's choice,
// 本系统设定). A rule missing here is shown without a claim ("期限 N 天").
var SetBy = map[string]string{
	"R1": api.SetByLaw, "R2": api.SetByLaw, "R3": api.SetByLaw, "R4": api.SetByLaw, "R5": api.SetBySystem,
	"R6": api.SetByLaw, "R7": api.SetByLaw, "R8": api.SetByLaw, "R8A": api.SetByLaw, "R9": api.SetByLaw,
	"R10": api.SetByRule, "R11": api.SetBySystem, "R12": api.SetBySystem, "R14": api.SetByRule,
	"R16": api.SetByLaw, "R17": api.SetByLaw, "R18": api.SetByLaw, "R19": api.SetByLaw,
	"R20": api.SetBySystem, "R21": api.SetBySystem, "R22": api.SetBySystem, "R23": api.SetBySystem,
}

// Rules lists the alert rules the engine evaluates, by id. Each basis names
// the article and edition it implements; docs/RULES.md has the details and
// what could not be verified.
var Rules = map[string]RuleSpec{
	"R1": {"R1", "审查逮捕期限", "Arrest review deadline", api.CategoryDeadline,
		"刑诉法（2018年修正）第91条第3款：对已被拘留的犯罪嫌疑人，7日内作出决定；未被拘留的15日内，重大、复杂的20日内（刑诉规则，2019）；期间按第105条计算"},
	"R2": {"R2", "审查起诉期限", "Prosecution review deadline", api.CategoryDeadline,
		"刑诉法（2018年修正）第172条：1个月，重大、复杂的延长15日（经检察长批准，刑诉规则第351条）；速裁10日，对可能判处的有期徒刑超过一年的15日；补充侦查重新移送后重新计算（第175条）；期间按第105条计算"},
	"R3": {"R3", "退回补充侦查", "Supplementary investigation", api.CategoryDeadline,
		"刑诉法（2018年修正）第175条：补充侦查每次不超过1个月，以2次为限"},
	"R4": {"R4", "诉讼权利告知", "Notice of litigation rights", api.CategoryRights,
		"刑诉法（2018年修正）第34条第2款、第46条：自收到移送审查起诉的案件材料之日起3日内，告知犯罪嫌疑人有权委托辩护人，告知被害人及其法定代理人或者近亲属有权委托诉讼代理人"},
	"R5": {"R5", "羁押必要性审查期限", "Custody-necessity review deadline", api.CategoryMeasure,
		"刑诉法（2018年修正）第95条：逮捕后人民检察院仍应当对羁押的必要性进行审查，建议释放或者变更强制措施的，有关机关应当在10日以内将处理情况通知人民检察院；最高检、公安部《人民检察院、公安机关羁押必要性审查、评估工作规定》（2023年）：审查起诉阶段应当及时决定释放或者变更强制措施。审查期限10个工作日（复杂延长5个工作日）沿用已废止的2016年试行规定，2023年规定的审查期限未核实，为本系统设定"},
	"R6": {"R6", "不批捕复议复核期限", "Reconsideration of a non-arrest", api.CategoryDeadline,
		"刑诉法（2018年修正）第92条；刑诉规则（2019）：复议7日内作出决定，复核（上一级人民检察院）15日内作出决定"},
	"R7": {"R7", "侦查羁押期限", "Investigative custody limit", api.CategoryMeasure,
		"刑诉法（2018年修正）第156条：逮捕后侦查羁押期限不得超过2个月，案情复杂、期限届满不能终结的，经上一级人民检察院批准延长1个月；在押期间不因节假日延长（第105条）"},
	"R8": {"R8", "民事生效裁判监督审查期限", "Civil judgment supervision deadline", api.CategoryDeadline,
		"民事诉讼法第220条（2023年修正；原第216条）：人民检察院对当事人的申请应当在3个月内进行审查，作出决定"},
	"R8A": {"R8A", "行政生效裁判监督审查期限", "Administrative judgment supervision deadline", api.CategoryDeadline,
		"《人民检察院行政诉讼监督规则》（2021年）：受理后3个月内审查终结（条号未核实）"},
	"R9": {"R9", "行政公益诉讼诉前程序", "Pre-suit procedure, administrative PIL", api.CategoryDeadline,
		"两高《关于检察公益诉讼案件适用法律若干问题的解释》第21条：行政机关应当在收到检察建议书之日起2个月内书面回复，紧急情形15日内；回复期满后2个月内完成起诉审查（二手资料，未核实原文）"},
	"R10": {"R10", "信访件件有回复", "Petition replies", api.CategoryDeadline,
		"最高检群众信访件件有回复制度（2019年起）：7日内程序性回复，3个月内答复办理过程或者结果，未办结的此后每月答复办理进展；适用于群众来信来访，不适用于刑事申诉案件（按《人民检察院办理刑事申诉案件规定》办理）"},
	"R11": {"R11", "案卡逻辑校验", "Case-card logic check", api.CategoryCard,
		"案卡数据逻辑校验：按月反馈承办人，季末和报表更新前复核；30日整改周期为本系统设定"},
	"R12": {"R12", "流程监控通知书未回复", "Process-monitoring notice unanswered", api.CategoryRectification,
		"2016年《人民检察院案件流程监控工作规定（试行）》：口头提示、流程监控通知书；回复整改期限7日为本系统设定（规定未明确）"},
	"R14": {"R14", "瑕疵积分超限", "Defect points over limit", api.CategoryQuality,
		"天水市检察机关办案瑕疵积分办法（地方规定，见S000）：公诉案件单案≥40分、其他案件≥30分予以惩戒"},
}

// Case types (案件类别) the simulation produces.
const (
	TypeArrestReview      = "arrest_review"      // 审查逮捕
	TypeProsecutionReview = "prosecution_review" // 审查起诉
	TypeCustodyReview     = "custody_review"     // 羁押必要性审查
	TypeCivilSupervision  = "civil_supervision"  // 民事生效裁判监督
	TypeAdminSupervision  = "admin_supervision"  // 行政生效裁判监督
	TypePublicInterest    = "pil_admin"          // 行政公益诉讼
	TypePetition          = "petition"           // 群众信访件（来信来访），不是刑事申诉案件
)

// CaseTypeSpec describes one case type.
type CaseTypeSpec struct {
	Type   string
	Name   string
	Line   string
	Dept   string  // department suffix handling it
	Abbrev string  // case-number abbreviation
	Rate   float64 // arrivals per simulated day at a unit of scale 1
}

// CaseTypes lists the case types with their arrival rates.
var CaseTypes = []CaseTypeSpec{
	{TypeArrestReview, "审查逮捕", api.LineCriminal, "-D1", "捕", 0.9},
	{TypeProsecutionReview, "审查起诉", api.LineCriminal, "-D1", "诉", 1.6},
	{TypeCustodyReview, "羁押必要性审查", api.LineCriminal, "-D2", "羁", 0.2},
	{TypeCivilSupervision, "民事生效裁判监督", api.LineCivil, "-D3", "民监", 0.3},
	{TypeAdminSupervision, "行政生效裁判监督", api.LineAdministrative, "-D3", "行监", 0.08},
	{TypePublicInterest, "行政公益诉讼", api.LinePublicInterest, "-D4", "行公", 0.15},
	{TypePetition, "信访件", api.LineComplaint, "-D5", "信", 0.3},
}

// CaseTypeByType returns the spec of a case type.
func CaseTypeByType(t string) (CaseTypeSpec, bool) {
	for _, c := range CaseTypes {
		if c.Type == t {
			return c, true
		}
	}
	return CaseTypeSpec{}, false
}

// Event types of a case's timeline, with their Chinese labels.
const (
	EvAccepted             = "accepted"
	EvRightsNotice         = "rights_notice"
	EvVictimNotice         = "victim_rights_notice"
	EvArrestApproved       = "arrest_approved"
	EvArrestRefused        = "arrest_refused"
	EvReconsiderReq        = "reconsider_requested"
	EvReconsiderDone       = "reconsider_decided"
	EvReviewReq            = "review_requested"
	EvReviewDone           = "review_decided"
	EvCustodyExtended      = "custody_extended"
	EvTransferred          = "transferred_for_prosecution"
	EvReturned             = "returned_for_investigation"
	EvResubmitted          = "resubmitted"
	EvExtended             = "review_extended"
	EvProsecuted           = "prosecuted"
	EvNotProsecuted        = "not_prosecuted"
	EvCustodyDecided       = "custody_review_decided"
	EvCustodyAdvice        = "custody_advice_issued"
	EvCustodyAdviceReplied = "custody_advice_replied"
	EvSupervisionDone      = "supervision_decided"
	EvPILFiled             = "pil_opened"
	EvRecommendation       = "recommendation_issued"
	EvAgencyReplied        = "agency_replied"
	EvSuitReviewDone       = "suit_review_decided"
	EvProceduralReply      = "procedural_reply"
	EvResultReply          = "result_reply"
	EvProgressReply        = "progress_reply"
	EvNoticeIssued         = "monitor_notice_issued"
	EvNoticeReplied        = "monitor_notice_replied"
	EvClosed               = "closed"
)

// EventLabels gives the Chinese label of each event type.
var EventLabels = map[string]string{
	EvAccepted:             "受理",
	EvRightsNotice:         "告知犯罪嫌疑人诉讼权利",
	EvVictimNotice:         "告知被害人诉讼权利",
	EvArrestApproved:       "批准逮捕",
	EvArrestRefused:        "不批准逮捕",
	EvReconsiderReq:        "公安机关要求复议",
	EvReconsiderDone:       "复议决定",
	EvReviewReq:            "提请复核",
	EvReviewDone:           "复核决定",
	EvCustodyExtended:      "延长侦查羁押期限",
	EvTransferred:          "移送审查起诉",
	EvReturned:             "退回补充侦查",
	EvResubmitted:          "补充侦查后重新移送",
	EvExtended:             "延长审查起诉期限",
	EvProsecuted:           "提起公诉",
	EvNotProsecuted:        "不起诉",
	EvCustodyDecided:       "羁押必要性审查决定",
	EvCustodyAdvice:        "提出释放或者变更强制措施建议",
	EvCustodyAdviceReplied: "有关机关通知处理情况",
	EvSupervisionDone:      "审查决定",
	EvPILFiled:             "公益诉讼立案",
	EvRecommendation:       "发出诉前检察建议",
	EvAgencyReplied:        "行政机关回复",
	EvSuitReviewDone:       "起诉审查完成",
	EvProceduralReply:      "程序性回复",
	EvResultReply:          "答复办理过程或结果",
	EvProgressReply:        "答复办理进展",
	EvNoticeIssued:         "发出流程监控通知书",
	EvNoticeReplied:        "回复流程监控通知书",
	EvClosed:               "结案",
}

// --- The case as it really runs (捕→诉→判) and the deadlines that follow
// the person and the matter: events and rules added with the matter
// lineage. Kept in one block so other edits of this file stay apart.

// Events of the matter's later stages.
const (
	EvArrestExecuted       = "arrest_executed"          // 执行逮捕 (公安机关 returns the receipt)
	EvCustodyExtended158   = "custody_extended_158"     // 第158条 extension, +2 months
	EvCustodyExtended159   = "custody_extended_159"     // 第159条 extension, +2 months
	EvMeasureRenewed       = "measure_renewed"          // 重新作出取保候审/监视居住决定
	EvCourtFiled           = "court_filed"              // the court accepted the indictment
	EvTrialHeld            = "trial_held"               // 开庭审理
	EvJudgment             = "judgment_pronounced"      // 宣判 (judgment or ruling)
	EvJudgmentServed       = "judgment_served"          // 收到判决书/裁定书
	EvProtestReviewed      = "protest_review_decided"   // 审查判决裁定，决定不抗诉
	EvProtested            = "protest_lodged"           // 提出抗诉
	EvVictimProtestReq     = "victim_protest_requested" // 被害人请求抗诉
	EvVictimProtestAnswer  = "victim_protest_answered"  // 答复请求人
	EvNPReconsiderReq      = "np_reconsider_requested"  // 公安机关要求复议不起诉决定
	EvNPReconsiderDone     = "np_reconsider_decided"
	EvNPReviewReq          = "np_review_requested" // 公安机关提请上一级院复核不起诉决定
	EvNPReviewDone         = "np_review_decided"
	EvPropertyListReceived = "property_list_received" // 收到涉案财物随案移送清单
	EvPropertyDisposed     = "property_disposed"      // 涉案财物处理
	EvDocumentReturned     = "document_returned"      // 送达回证/执行回执
	EvPleaBondFiled        = "plea_bond_filed"        // 补充移送认罪认罚具结书
)

func init() {
	for k, v := range map[string]string{
		EvArrestExecuted:       "执行逮捕",
		EvCustodyExtended158:   "延长侦查羁押期限（第158条）",
		EvCustodyExtended159:   "延长侦查羁押期限（第159条）",
		EvMeasureRenewed:       "重新作出强制措施决定",
		EvCourtFiled:           "法院受理",
		EvTrialHeld:            "开庭审理",
		EvJudgment:             "宣判",
		EvJudgmentServed:       "收到判决书/裁定书",
		EvProtestReviewed:      "审查判决裁定（不抗诉）",
		EvProtested:            "提出抗诉",
		EvVictimProtestReq:     "被害人请求抗诉",
		EvVictimProtestAnswer:  "答复抗诉请求人",
		EvNPReconsiderReq:      "公安机关要求复议不起诉决定",
		EvNPReconsiderDone:     "不起诉复议决定",
		EvNPReviewReq:          "提请上一级院复核不起诉决定",
		EvNPReviewDone:         "不起诉复核决定",
		EvPropertyListReceived: "收到涉案财物移送清单",
		EvPropertyDisposed:     "涉案财物处理",
		EvDocumentReturned:     "收到送达回证/执行回执",
		EvPleaBondFiled:        "补充移送认罪认罚具结书",
	} {
		EventLabels[k] = v
	}
	for id, r := range matterRules {
		Rules[id] = r
	}
	// R6 and R7 follow the person after the case's close; their bases are
	// those of the engine in casesim/rules/reconsider.go and custody.go.
	for id, basis := range matterBases {
		r := Rules[id]
		r.Basis = basis
		Rules[id] = r
	}
}

// matterBases are the bases of R6 and R7 as the matter rules implement them.
var matterBases = map[string]string{
	"R6": "刑诉法（2018年修正）第92条；刑诉规则（2019）：公安机关要求复议的，另行指派检察官审查，7日内作出决定；提请复核的，由上一级人民检察院15日内作出决定（条号未核实）",
	"R7": "刑诉法（2018年修正）第156条：逮捕后侦查羁押期限不得超过2个月，经上一级人民检察院批准延长1个月；第158条：四类重大复杂案件经省级人民检察院批准延长2个月；第159条：可能判处10年有期徒刑以上的，经省级人民检察院批准再延长2个月；自执行逮捕之日起算，在押期间不因节假日延长（第105条）",
}

// matterRules are the rules of the deadlines that follow the person and the
// matter, and the first property and document checks. Where a period is
// this system's choice, the basis says 本系统设定; where an article number
// could not be checked against the text, it says 条号未核实.
var matterRules = map[string]RuleSpec{
	"R16": {"R16", "取保候审、监视居住期限", "Bail and residential surveillance limits", api.CategoryMeasure,
		"刑诉法第79条（2018年修正）：取保候审最长不得超过12个月，监视居住最长不得超过6个月；两高两部《关于取保候审若干问题的规定》（2022）：移送审查起诉后需要继续取保候审的，受案机关7日内重新作出决定，期限重新计算（条号未核实）"},
	"R17": {"R17", "抗诉期限", "Protest period", api.CategoryDeadline,
		"刑诉法第230条（2018年修正）：不服判决的抗诉期限为10日，不服裁定的为5日，从接到判决书、裁定书的第二日起算；第228条：认为确有错误的应当抗诉"},
	"R18": {"R18", "被害人请求抗诉答复", "Victim's request to protest", api.CategoryRights,
		"刑诉法第229条（2018年修正）：被害人及其法定代理人自收到判决书后5日以内请求抗诉，人民检察院自收到请求后5日以内作出是否抗诉的决定并答复请求人"},
	"R19": {"R19", "不起诉复议复核期限", "Reconsideration of a non-prosecution", api.CategoryDeadline,
		"刑诉法第179条（2018年修正）；刑诉规则（2019）第379条：公安机关要求复议的，另行指派检察官审查，收到要求复议意见书后30日以内作出复议决定；第380条：提请复核的，上一级人民检察院收到提请复核意见书后30日以内作出复核决定"},
	"R20": {"R20", "涉案财物随案移送清单", "Seized property without its transfer list", api.CategoryProperty,
		"刑诉法第245条（2018年修正）：查封、扣押、冻结的财物应当制作清单，随案移送；移送审查起诉时未附清单的，补送期限7日为本系统设定"},
	"R21": {"R21", "不起诉案件涉案财物处理", "Seized property left undisposed", api.CategoryProperty,
		"刑诉法第177条第3款（2018年修正）：决定不起诉的，应当同时对侦查中查封、扣押、冻结的财物解除查封、扣押、冻结；结案后30日仍未处理即为超期，30日为本系统设定"},
	"R22": {"R22", "决定书送达回证", "Decision without proof of service", api.CategoryDocument,
		"不批准逮捕决定书：刑诉法第91条第3款（2018年修正）、《公安机关办理刑事案件程序规定》（公安机关3日内送达执行回执，条号未核实）；不起诉决定书：刑诉法第178条（送达被不起诉人），送达回证7日内入卷为本系统设定"},
	"R23": {"R23", "认罪认罚具结书随案移送", "Plea agreement missing from the indictment", api.CategoryDocument,
		"刑诉法第174条、第176条第2款（2018年修正）：犯罪嫌疑人认罪认罚的，签署认罪认罚具结书，提起公诉时随案移送；补充移送期限3日为本系统设定"},
}

// MonitoredCategories returns the alert categories some rule watches: the
// contract's (api.Categories) first, in its order, then any other category
// a rule names, sorted.
func MonitoredCategories() []string {
	used := map[string]bool{}
	for _, r := range Rules {
		used[r.Category] = true
	}
	var out []string
	for _, c := range api.Categories {
		if used[c] {
			out = append(out, c)
			delete(used, c)
		}
	}
	return append(out, slices.Sorted(maps.Keys(used))...)
}

// --- Indicator rules (指标预警): the rigid indicators (刚性指标) raise a
// case-level alert for each occurrence, queueing the case for 逐案评查.
// Kept in one block so other edits of this file stay apart.

// indicatorRules are the rules that follow from the quality indicators.
var indicatorRules = map[string]RuleSpec{
	"R15": {"R15", "刚性指标逐案评查", "Rigid indicator: case review", api.CategoryQuality,
		"刚性指标（无罪判决、撤回起诉）出现即负向评价（天津市检察院综合评价体系，见 domain.md S000）；对无罪判决案件逐案开展案件质量评查和反向审视（S002）。刑诉法第200条第3项（2018年修正，无罪判决）；刑诉规则（2019）第424条（撤回起诉，条号未核实）。评查期限30日为本系统设定"},
}

func init() {
	for id, r := range indicatorRules {
		Rules[id] = r
	}
	SetBy["R15"] = api.SetBySystem // the 30 days of the review; the rule itself is local practice
}

// authorityRules are the rules on the responsibility list (权责清单),
// kept in a block of their own.
var authorityRules = map[string]RuleSpec{
	"R30": {"R30", "越权决定", "Decision beyond authority", api.CategoryAuthority,
		"权责清单：检察官、部门负责人、副检察长（分管）、检察长、检察委员会各按清单行使职权，谁办案谁负责、谁决定谁负责（最高检《关于完善人民检察院司法责任制的若干意见》2015）；清单为本系统内置示例或省院 --powers 文件，越权决定逐件提示，供追责核查"},
}

func init() {
	for id, r := range authorityRules {
		Rules[id] = r
		SetBy[id] = api.SetByRule // the responsibility list: the 最高检's and the province's rules
	}
}
