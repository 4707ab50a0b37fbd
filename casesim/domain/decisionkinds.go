package domain

import "github.com/casewatch/casewatch/api"

// KindSpec is one kind of dispositive decision the case system records. A
// responsibility list governs kinds; a kind no item governs is a 清单未列事项.
type KindSpec struct {
	Code   string
	Name   string
	NameEn string
	Line   string
	// Natural is the role that takes such a decision when the list does not
	// say (the simulation's fallback for a kind the list leaves out).
	Natural string
}

// DecisionKinds lists the kinds casesim records (docs/POWERS.md). The
// built-in list governs all of them but no_protest (决定不抗诉), which it
// leaves out on purpose: a real list has gaps, and the panel shows them as
// list-maintenance items.
var DecisionKinds = []KindSpec{
	{"arrest_approve", "批准逮捕（一般案件）", "Approve arrest (ordinary case)", api.LineCriminal, api.RoleProsecutor},
	{"arrest_approve_major", "批准逮捕（重大疑难复杂案件）", "Approve arrest (major or complex case)", api.LineCriminal, api.RoleChief},
	{"arrest_refuse", "不批准逮捕", "Refuse arrest", api.LineCriminal, api.RoleDeputy},
	{"arrest_major_impact", "有重大影响的批捕/不批捕", "Arrest decisions with major impact", api.LineCriminal, api.RoleCommittee},
	{"supplementary_investigation", "退回补充侦查/自行补充侦查", "Return for or conduct supplementary investigation", api.LineCriminal, api.RoleProsecutor},
	{"review_extend", "延长审查起诉期限15日", "Extend the prosecution review by 15 days", api.LineCriminal, api.RoleChief},
	{"prosecute", "提起公诉、出庭支持公诉（一般案件）", "Prosecute and appear in court (ordinary case)", api.LineCriminal, api.RoleProsecutor},
	{"sentencing_recommendation", "提出量刑建议", "Sentencing recommendation", api.LineCriminal, api.RoleProsecutor},
	{"plea_agreement", "认罪认罚具结", "Plea agreement", api.LineCriminal, api.RoleProsecutor},
	{"non_prosecution", "不起诉（法定/酌定/存疑）", "Decline to prosecute", api.LineCriminal, api.RoleChief},
	{"special_non_prosecution", "特殊不起诉", "Special non-prosecution (CPL art. 182)", api.LineCriminal, api.RoleSupreme},
	{"withdraw_prosecution", "撤回起诉", "Withdraw a prosecution", api.LineCriminal, api.RoleChief},
	{"recusal_chief", "检察长回避", "Recusal of the chief prosecutor", api.LineLeadership, api.RoleCommittee},
	{"prosecution_after_limitation", "报请核准追诉", "Request approval to prosecute after limitation", api.LineCriminal, api.RoleCommittee},
	{"protest", "刑事抗诉/提请抗诉", "Criminal protest", api.LineCriminal, api.RoleChief},
	{"civil_retrial_recommendation", "民事再审检察建议", "Civil retrial recommendation", api.LineCivil, api.RoleCommittee},
	{"pil_file", "公益诉讼立案", "Open a public-interest case", api.LinePublicInterest, api.RoleProsecutor},
	{"pil_recommend", "发出诉前检察建议", "Issue a pre-suit recommendation", api.LinePublicInterest, api.RoleDeputy},
	{"pil_sue", "提起行政公益诉讼", "File an administrative public-interest suit", api.LinePublicInterest, api.RoleChief},
	{"flow_notice", "口头提示、发出流程监控通知书", "Verbal reminder, process-monitoring notice", api.LineManagement, api.RoleCaseManagement},
	{"major_matter", "决定重大案件和重大问题", "Decide a major case or issue", api.LineLeadership, api.RoleDeputy},
	{"attend_court_committee", "列席审判委员会", "Attend the court's committee", api.LineLeadership, api.RoleDeputy},
	{"arrest_reconsider", "不批准逮捕复议决定", "Decide a reconsideration of a refused arrest", api.LineCriminal, api.RoleDeputy},
	{"non_prosecution_major", "不起诉（重大案件）", "Decline to prosecute (major case)", api.LineCriminal, api.RoleCommittee},
	{"measure_change", "变更强制措施（审查起诉阶段）", "Change a coercive measure (review stage)", api.LineCriminal, api.RoleProsecutor},
	{"fast_track", "建议适用速裁程序", "Propose the fast-track procedure", api.LineCriminal, api.RoleProsecutor},
	{"change_prosecution", "变更、追加、补充起诉", "Amend, add to or supplement a prosecution", api.LineCriminal, api.RoleProsecutor},
	{"add_charge", "追加逮捕、追加起诉（纠正漏捕漏诉）", "Add an arrest or a charge missed", api.LineCriminal, api.RoleProsecutor},
	{"np_reconsider", "不起诉复议决定", "Decide a reconsideration of a non-prosecution", api.LineCriminal, api.RoleChief},
	{"case_filing_supervision", "立案监督（要求说明理由、通知立案、通知撤案）", "Supervise case filing (ask reasons, order filing or withdrawal)", api.LineCriminal, api.RoleDeputy},
	{"investigation_correction", "侦查活动监督（发出纠正违法通知书）", "Correct unlawful investigation", api.LineCriminal, api.RoleDeputy},
	{"trial_correction", "审判活动监督（提出纠正意见）", "Correct unlawful trial conduct", api.LineCriminal, api.RoleDeputy},
	{"compulsory_medical", "申请强制医疗", "Apply for compulsory medical treatment", api.LineCriminal, api.RoleChief},
	{"confiscation", "申请没收违法所得", "Apply to confiscate illegal gains", api.LineCriminal, api.RoleChief},
	{"recusal_other", "决定检察人员（检察长以外）回避", "Decide the recusal of other procuratorate staff", api.LineCriminal, api.RoleChief},
	{"own_detention", "决定刑事拘留（自侦案件）", "Decide criminal detention (own investigation)", api.LineCriminal, api.RoleChief},
	{"custody_review_recommend", "羁押必要性审查建议（释放或变更强制措施）", "Custody-necessity review: recommend release or change", api.LineExecution, api.RoleProsecutor},
	{"custody_review_close", "羁押必要性审查不予提出建议（审查结案）", "Custody-necessity review: no recommendation", api.LineExecution, api.RoleProsecutor},
	{"execution_correction", "刑罚执行监督（发出纠正违法通知书、检察建议）", "Correct unlawful execution of sentences", api.LineExecution, api.RoleDeputy},
	{"commutation_opinion", "减刑、假释、暂予监外执行检察意见", "Opinions on commutation, parole, temporary release", api.LineExecution, api.RoleDeputy},
	{"community_correction", "社区矫正监督检察建议", "Recommendation on community correction", api.LineExecution, api.RoleDeputy},
	{"property_penalty", "财产刑执行监督", "Supervise the execution of property penalties", api.LineExecution, api.RoleProsecutor},
	{"judicial_staff_case", "司法工作人员相关职务犯罪立案侦查", "Open an investigation of offences by judicial staff", api.LineExecution, api.RoleChief},
	{"civil_protest", "民事提请抗诉/抗诉", "Civil protest or request one", api.LineCivil, api.RoleCommittee},
	{"civil_supervision_refuse", "民事不支持监督申请决定", "Decline a civil supervision application", api.LineCivil, api.RoleProsecutor},
	{"civil_supervision_terminate", "民事终结审查", "Terminate a civil supervision review", api.LineCivil, api.RoleProsecutor},
	{"civil_trial_recommendation", "民事审判程序违法检察建议", "Recommendation on unlawful civil trial procedure", api.LineCivil, api.RoleDeputy},
	{"civil_execution_recommendation", "民事执行监督检察建议", "Recommendation on civil enforcement", api.LineCivil, api.RoleDeputy},
	{"civil_support_suit", "支持起诉", "Support a suit", api.LineCivil, api.RoleDeputy},
	{"admin_retrial_recommendation", "行政再审检察建议", "Administrative retrial recommendation", api.LineAdministrative, api.RoleCommittee},
	{"admin_protest", "行政提请抗诉/抗诉", "Administrative protest or request one", api.LineAdministrative, api.RoleCommittee},
	{"admin_supervision_refuse", "行政不支持监督申请决定", "Decline an administrative supervision application", api.LineAdministrative, api.RoleProsecutor},
	{"admin_trial_recommendation", "行政审判、执行违法检察建议", "Recommendation on unlawful administrative trial or enforcement", api.LineAdministrative, api.RoleDeputy},
	{"admin_violation_recommendation", "行政违法行为监督检察建议", "Recommendation on unlawful administrative acts", api.LineAdministrative, api.RoleDeputy},
	{"admin_dispute_resolution", "行政争议实质性化解（和解、终结）", "Resolve an administrative dispute in substance", api.LineAdministrative, api.RoleProsecutor},
	{"pil_civil_notice", "民事公益诉讼诉前公告", "Pre-suit notice of a civil public-interest case", api.LinePublicInterest, api.RoleDeputy},
	{"pil_civil_sue", "提起民事公益诉讼", "File a civil public-interest suit", api.LinePublicInterest, api.RoleChief},
	{"pil_criminal_civil", "提起刑事附带民事公益诉讼", "File a criminal-incidental civil public-interest suit", api.LinePublicInterest, api.RoleChief},
	{"pil_terminate", "公益诉讼终结案件", "Close a public-interest case", api.LinePublicInterest, api.RoleProsecutor},
	{"conditional_non_prosecution", "附条件不起诉", "Conditional non-prosecution (juvenile)", api.LineJuvenile, api.RoleChief},
	{"conditional_np_final", "考验期满作出不起诉决定", "Non-prosecution after the probation period", api.LineJuvenile, api.RoleChief},
	{"conditional_np_revoke", "撤销附条件不起诉、提起公诉", "Revoke a conditional non-prosecution and prosecute", api.LineJuvenile, api.RoleChief},
	{"record_sealing", "犯罪记录封存", "Seal a juvenile's criminal record", api.LineJuvenile, api.RoleProsecutor},
	{"guardianship_order", "督促监护令", "Order to guardians (督促监护令)", api.LineJuvenile, api.RoleProsecutor},
	{"complaint_conclusion", "刑事申诉审查结论（不予立案复查）", "Criminal complaint: decline to re-examine", api.LineComplaint, api.RoleProsecutor},
	{"complaint_refile", "刑事申诉立案复查", "Criminal complaint: open a re-examination", api.LineComplaint, api.RoleDeputy},
	{"complaint_change", "复查后改变原处理决定", "Change the original decision after re-examination", api.LineComplaint, api.RoleCommittee},
	{"state_compensation", "刑事赔偿决定", "Decide state compensation (criminal)", api.LineComplaint, api.RoleChief},
	{"judicial_aid", "国家司法救助决定", "Decide state judicial aid", api.LineComplaint, api.RoleDeputy},
	{"petition_reply", "信访答复（程序性回复、办理结果）", "Reply to a petition", api.LineComplaint, api.RoleProsecutor},
	{"quality_review_conclusion", "案件质量评查结论", "Conclusion of a case-quality review", api.LineManagement, api.RoleCaseManagement},
	{"case_acceptance", "案件受理（受理、不予受理、要求补正）", "Accept a case, refuse it or ask for more", api.LineManagement, api.RoleCaseManagement},
	{"no_protest", "审查判决裁定后决定不抗诉", "Decide not to protest a judgment", api.LineCriminal, api.RoleProsecutor},
}

var kindIndex = func() map[string]int {
	m := make(map[string]int, len(DecisionKinds))
	for i, k := range DecisionKinds {
		m[k.Code] = i
	}
	return m
}()

// KindByCode returns the decision kind with the given code.
func KindByCode(code string) (KindSpec, bool) {
	i, ok := kindIndex[code]
	if !ok {
		return KindSpec{}, false
	}
	return DecisionKinds[i], true
}
