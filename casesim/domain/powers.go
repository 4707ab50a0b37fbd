package domain

import "github.com/casewatch/casewatch/api"

// PowerSpec is one item of the responsibility list (权责清单): an action and
// the roles allowed to decide it.
type PowerSpec struct {
	ID      string
	Name    string
	NameEn  string
	Line    string
	Allowed []string
	Basis   string
}

// Powers is the responsibility list of domain.md §4 (23 items).
var Powers = []PowerSpec{
	{"P01", "讯问/询问、听取律师意见", "Interrogate, hear counsel", api.LineCriminal, []string{api.RoleProsecutor, api.RoleAssistant}, "河南2016年权力清单；江苏检察官助理权力清单"},
	{"P02", "制作审查报告及法律文书", "Draft review reports and documents", api.LineCriminal, []string{api.RoleProsecutor, api.RoleAssistant}, "检察官助理起草，检察官负责"},
	{"P03", "批准逮捕（一般案件）", "Approve arrest (ordinary case)", api.LineCriminal, []string{api.RoleProsecutor, api.RoleDeptHead, api.RoleDeputy, api.RoleChief}, "河南检察官权力清单（授权检察官决定）"},
	{"P04", "批准逮捕（重大疑难复杂案件）", "Approve arrest (major or complex case)", api.LineCriminal, []string{api.RoleChief, api.RoleCommittee}, "刑诉法第87条；重大案件提交检委会"},
	{"P05", "不批准逮捕", "Refuse arrest", api.LineCriminal, []string{api.RoleChief, api.RoleDeputy}, "检察官提出意见，检察长决定（各省不一）"},
	{"P06", "有重大影响的批捕/不批捕", "Arrest decisions with major impact", api.LineCriminal, []string{api.RoleCommittee}, "馆陶县院权力清单"},
	{"P07", "退回补充侦查/自行补充侦查", "Return for or conduct supplementary investigation", api.LineCriminal, []string{api.RoleProsecutor, api.RoleChief, api.RoleDeputy}, "检察官权力清单"},
	{"P08", "延长审查起诉期限15日", "Extend the prosecution review by 15 days", api.LineCriminal, []string{api.RoleChief}, "刑诉法第172条：经检察长批准"},
	{"P09", "提起公诉、出庭支持公诉（一般案件）", "Prosecute and appear in court (ordinary case)", api.LineCriminal, []string{api.RoleProsecutor, api.RoleDeputy, api.RoleChief}, "检察官权力清单"},
	{"P10", "提出量刑建议、认罪认罚具结", "Sentencing recommendation, plea agreement", api.LineCriminal, []string{api.RoleProsecutor, api.RoleDeputy, api.RoleChief}, "检察官权力清单"},
	{"P11", "不起诉（法定/酌定/存疑）", "Decline to prosecute", api.LineCriminal, []string{api.RoleChief, api.RoleCommittee}, "检察长决定；重大案件提交检委会"},
	{"P12", "特殊不起诉", "Special non-prosecution (CPL art. 182)", api.LineCriminal, []string{api.RoleSupreme}, "刑诉法第182条：需最高人民检察院核准"},
	{"P13", "撤回起诉", "Withdraw a prosecution", api.LineCriminal, []string{api.RoleChief}, "刑诉规则第424条：检察长批准"},
	{"P14", "检察长回避", "Recusal of the chief prosecutor", api.LineManagement, []string{api.RoleCommittee}, "刑诉法第31条；其他人员回避由检察长决定"},
	{"P15", "报请核准追诉", "Request approval to prosecute after limitation", api.LineCriminal, []string{api.RoleCommittee}, "人民检察院组织法第22条；最高检核准"},
	{"P16", "审核检察官意见、召集检察官联席会议", "Review opinions, call a prosecutors' joint meeting", api.LineManagement, []string{api.RoleDeptHead}, "2017年指导意见：部门负责人不得改变检察官决定"},
	{"P17", "刑事抗诉/提请抗诉", "Criminal protest", api.LineCriminal, []string{api.RoleChief, api.RoleCommittee}, "检察长决定；重大案件提交检委会"},
	{"P18", "民事再审检察建议/提请抗诉", "Civil retrial recommendation or protest", api.LineCivil, []string{api.RoleChief, api.RoleCommittee}, "检察长或检委会决定"},
	{"P19", "公益诉讼立案", "Open a public-interest case", api.LinePublicInterest, []string{api.RoleProsecutor, api.RoleDeptHead, api.RoleChief}, "江苏检察官权力清单"},
	{"P20", "发出诉前检察建议", "Issue a pre-suit recommendation", api.LinePublicInterest, []string{api.RoleChief, api.RoleDeputy}, "集体讨论后检察长决定"},
	{"P21", "提起公益诉讼", "File a public-interest suit", api.LinePublicInterest, []string{api.RoleChief, api.RoleCommittee}, "检察长决定，必要时提交检委会"},
	{"P22", "口头提示、发出流程监控通知书", "Verbal reminder, process-monitoring notice", api.LineManagement, []string{api.RoleCaseManagement}, "2016年《人民检察院案件流程监控工作规定》"},
	{"P23", "决定重大案件和重大问题、列席审委会", "Decide major cases and issues; attend the court's committee", api.LineManagement, []string{api.RoleCommittee, api.RoleChief, api.RoleDeputy}, "人民检察院组织法第26、31条"},
}

// PowerByID returns the list item with the given id.
func PowerByID(id string) (PowerSpec, bool) {
	for _, p := range Powers {
		if p.ID == id {
			return p, true
		}
	}
	return PowerSpec{}, false
}

// Allows reports whether the list lets role decide under this power.
func (p PowerSpec) Allows(role string) bool {
	for _, r := range p.Allowed {
		if r == role {
			return true
		}
	}
	return false
}
