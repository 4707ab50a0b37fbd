package i18n

// English for the fixed vocabularies the case system sends in Chinese
// (issue 14, D19): case stages, case-card field labels (by field key) and
// the standard departments of a procuratorate. A value not listed stays
// as the case system sent it (imported data may use its own words).
const (
	// KindStage translates a case's stage label (办理阶段), keyed by the
	// Chinese label.
	KindStage = "stage"
	// KindCardField translates a case-card field's label, keyed by the
	// field's key (case_no, type …).
	KindCardField = "card_field"
	// KindDept translates a standard department name, keyed by the
	// Chinese name.
	KindDept = "dept"
)

func init() {
	enCodes[KindStage] = map[string]string{
		"审查中": "under review", "已批准逮捕": "arrest approved", "不批准逮捕": "arrest refused",
		"复议审查中": "reconsideration under review", "复议已决定": "reconsideration decided",
		"复核审查中": "re-examination under review", "复核已决定": "re-examination decided",
		"延长侦查羁押": "investigation custody extended", "审查起诉中": "prosecution review", "审查起诉": "prosecution review",
		"退回补充侦查": "returned for supplementary investigation", "延长审查起诉": "prosecution review extended",
		"已提起公诉": "prosecuted", "已不起诉": "not prosecuted", "已作出决定": "decided",
		"已审查决定": "reviewed and decided", "立案调查中": "case opened, investigating",
		"诉前程序中": "pre-suit procedure", "行政机关已回复": "agency replied", "起诉审查完成": "suit review done",
		"办理中": "in progress", "已答复": "answered", "已结案": "closed", "已执行逮捕": "arrest executed",
		"审判阶段": "at trial", "已宣判": "judgment pronounced", "抗诉期内": "within the protest period",
	}
	enCodes[KindCardField] = map[string]string{
		"case_no": "Case no.", "type": "Case type", "title": "Case name", "lead": "Lead prosecutor",
		"accepted_at": "Accepted", "source": "Case source", "major": "Major/complex",
		"leader_case": "Handled by a leader", "charge": "Charge (card)", "measure": "Compulsory measure",
		"custody": "Custody", "plea": "Plea (认罪认罚)", "fast_track": "Fast-track procedure",
	}
	enCodes[KindDept] = map[string]string{
		// Short, as 第N检察部 is in a column: "Dept. 4", not "4th Procuratorial Dept.".
		"第一检察部": "Dept. 1", "第二检察部": "Dept. 2", "第三检察部": "Dept. 3", "第四检察部": "Dept. 4",
		"第五检察部": "Dept. 5", "第六检察部": "Dept. 6", "第七检察部": "Dept. 7", "第八检察部": "Dept. 8",
		"案件管理部": "Case Mgmt Dept.", "办公室": "General Office",
	}
	for _, k := range []string{KindStage, KindCardField, KindDept} {
		if zhCodes[k] == nil {
			zhCodes[k] = map[string]string{}
		}
	}
}
