package store

import "github.com/casewatch/casewatch/casesim/domain"

// stageLabels gives a case's stage (办理阶段) after its latest procedural
// event: short Chinese labels for lists.
var stageLabels = map[string]string{
	domain.EvAccepted:        "审查中",
	domain.EvArrestApproved:  "已批准逮捕",
	domain.EvArrestRefused:   "不批准逮捕",
	domain.EvReconsiderReq:   "复议审查中",
	domain.EvReconsiderDone:  "复议已决定",
	domain.EvReviewReq:       "复核审查中",
	domain.EvReviewDone:      "复核已决定",
	domain.EvCustodyExtended: "延长侦查羁押",
	domain.EvTransferred:     "审查起诉中",
	domain.EvReturned:        "退回补充侦查",
	domain.EvResubmitted:     "审查起诉中",
	domain.EvExtended:        "延长审查起诉",
	domain.EvProsecuted:      "已提起公诉",
	domain.EvNotProsecuted:   "已不起诉",
	domain.EvCustodyDecided:  "已作出决定",
	domain.EvSupervisionDone: "已审查决定",
	domain.EvPILFiled:        "立案调查中",
	domain.EvRecommendation:  "诉前程序中",
	domain.EvAgencyReplied:   "行政机关已回复",
	domain.EvSuitReviewDone:  "起诉审查完成",
	domain.EvProceduralReply: "办理中",
	domain.EvResultReply:     "已答复",
	domain.EvClosed:          "已结案",
	domain.EvArrestExecuted:  "已执行逮捕",
	domain.EvCourtFiled:      "审判阶段",
	domain.EvTrialHeld:       "审判阶段",
	domain.EvJudgment:        "已宣判",
	domain.EvJudgmentServed:  "抗诉期内",
}

// stageSkipped lists the events that do not change a case's stage (notices
// and monitoring letters run beside the procedure). stageSkippedSQL is the
// same list for queries.
var stageSkipped = map[string]bool{
	domain.EvRightsNotice:  true,
	domain.EvNoticeIssued:  true,
	domain.EvNoticeReplied: true,
	// Beside the procedure too: decisions on measures, property lists,
	// supplementary documents.
	domain.EvMeasureRenewed:       true,
	domain.EvPropertyListReceived: true,
	domain.EvPleaBondFiled:        true,
}

const stageSkippedSQL = `('` + domain.EvRightsNotice + `','` + domain.EvNoticeIssued + `','` + domain.EvNoticeReplied +
	`','` + domain.EvMeasureRenewed + `','` + domain.EvPropertyListReceived + `','` + domain.EvPleaBondFiled + `')`

// stageOf labels the stage after the latest stage event (typ, "" if none).
func stageOf(typ string, closed bool) string {
	if closed {
		return "已结案"
	}
	if l, ok := stageLabels[typ]; ok {
		return l
	}
	if l, ok := domain.EventLabels[typ]; ok {
		return l
	}
	return "审查中"
}
