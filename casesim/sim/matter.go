package sim

import (
	"fmt"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
)

// The matter as it really runs (捕诉一体): an approved arrest is executed,
// the person stays in custody through the investigation (第156、158、159条
// extensions), the matter is transferred for 审查起诉 as a new case of the
// same matter, prosecuted or not, tried, judged and served; the 抗诉 period
// runs from the day after the judgment is received. A 审查逮捕 case is
// 办结 when its decision is made; a 审查起诉 case when it prosecutes or
// decides not to; the later stages are events of the matter that the rule
// engine keeps watching.

// independentProsecutionShare scales the arrival rate of 审查起诉 cases that
// come without an arrest in this simulation (suspects on bail or under
// residential surveillance): approved arrests bring the others as the
// later cases of their matters, so the total stays about domain.CaseTypes'
// rate (0.9 arrest reviews × 62 % approved ≈ 0.56 of 1.6 a day).
const independentProsecutionShare = 0.65

// Court outcome probabilities per prosecuted case. Acquittals are about
// 0.03 % of persons tried nationally (511 of 1.715 million in 2021);
// withdrawals and terminations are rarer than 0.3 %.
const (
	pWithdrawn  = 0.002
	pTerminated = 0.001
	pAcquitted  = 0.0003
	pExempted   = 0.01
)

func (b *builder) hours(lo, hi float64) time.Duration { return b.days(lo/24, hi/24) }

// office moves t into office hours (09:00–17:00, keeping its minutes): a
// court sits, serves and receives papers by day.
func office(t time.Time) time.Time {
	t = t.In(Zone)
	switch h := t.Hour(); {
	case h < 9:
		return t.Add(time.Duration(9-h) * time.Hour)
	case h >= 17:
		return t.Add(time.Duration(24+9-h) * time.Hour)
	}
	return t
}

func (b *builder) arrestReview() {
	c := b.c
	b.suspects(0.75)
	a := c.AcceptedAt
	// Suspects at large come on the investigating organ's bail or
	// surveillance, decided some time before.
	for i := range c.Parties {
		if p := &c.Parties[i]; p.Role == "犯罪嫌疑人" && !p.Custody {
			from := a.Add(-b.days(5, 150))
			p.MeasureFrom = &from
		}
	}
	b.rights(a)
	legal := 15
	custody := c.Parties[0].Custody
	if custody {
		legal = 7
	} else if c.Major {
		legal = 20
	}
	decided := b.deadline(a, b.g.Cal.DueDays(a, legal, custody), 0.03)
	c.ClosedAt = &decided
	if b.chance(0.62) {
		b.event(decided, domain.EvArrestApproved, c.LeadID, "")
		b.doc(decided, "批准逮捕决定书")
		if c.Major {
			b.decide(decided, "arrest_approve_major", "批准逮捕（重大案件）")
		} else {
			b.decide(decided, "arrest_approve", "批准逮捕")
		}
		b.event(decided, domain.EvClosed, c.LeadID, "")
		for i := range c.Parties {
			if c.Parties[i].Role == "犯罪嫌疑人" {
				c.Parties[i].Measure, c.Parties[i].Custody = "逮捕", true
			}
		}
		b.investigation(decided)
		return
	}
	b.event(decided, domain.EvArrestRefused, c.LeadID, "")
	returned := decided.Add(b.hours(2, 60))
	if b.chance(0.04 * lateness) {
		returned = decided.Add(b.days(3.5, 10))
	}
	b.returnedDoc(decided, "不批准逮捕决定书", returned)
	b.decide(decided, "arrest_refuse", "不批准逮捕")
	b.event(decided, domain.EvClosed, c.LeadID, "")
	if !b.chance(0.2) {
		return
	}
	// 复议 by another prosecutor of the same unit (另行指派), then 复核 by
	// the 上一级院.
	req := office(decided.Add(b.days(1, 5)))
	b.event(req, domain.EvReconsiderReq, b.otherProsecutor(), "公安机关要求复议")
	done := b.deadline(req, b.g.Cal.DueDays(req, 7, false), 0.05)
	b.event(done, domain.EvReconsiderDone, c.LeadID, "维持不批准逮捕决定")
	b.decide(done, "arrest_reconsider", "复议维持不批准逮捕")
	upper, ok := b.upperUnit()
	if !ok || !b.chance(0.35) {
		return
	}
	req2 := office(done.Add(b.days(1, 5)))
	b.event(req2, domain.EvReviewReq, b.upperProsecutor(upper), "公安机关提请"+upper.Short+"院复核")
	done2 := b.deadline(req2, b.g.Cal.DueDays(req2, 15, false), 0.05)
	b.event(done2, domain.EvReviewDone, b.upperChief(upper), "维持不批准逮捕决定")
}

// investigation runs the investigation after an approved arrest: the arrest
// is executed within hours, the investigation custody limit of 2 months
// may be extended (第156条 +1, 第158条 +2, 第159条 +2), and the matter is
// transferred for 审查起诉 as a new case.
func (b *builder) investigation(approved time.Time) {
	c := b.c
	executed := approved.Add(b.hours(2, 20))
	b.event(executed, domain.EvArrestExecuted, "", "公安机关执行逮捕，送达执行回执")
	due := b.g.Cal.DueMonths(executed, 2, true)
	if b.chance(0.08) {
		b.event(due.Add(-b.days(3, 12)), domain.EvCustodyExtended, "", "经上一级人民检察院批准延长1个月（第156条）")
		due = b.g.Cal.DueMonths(due, 1, true)
		if c.Major && b.chance(0.5) {
			b.event(due.Add(-b.days(3, 10)), domain.EvCustodyExtended158, "", "经省级人民检察院批准延长2个月（第158条）")
			due = b.g.Cal.DueMonths(due, 2, true)
			if b.chance(0.4) {
				b.event(due.Add(-b.days(3, 10)), domain.EvCustodyExtended159, "", "经省级人民检察院批准再延长2个月（第159条）")
				due = b.g.Cal.DueMonths(due, 2, true)
			}
		}
	}
	// 超期羁押 is rare in practice: a lower chance than other deadlines.
	transfer := b.deadline(executed, due, 0.012)
	b.event(transfer, domain.EvTransferred, "", "侦查终结，移送审查起诉")
	u, _ := domain.UnitByID(c.UnitID)
	ct, _ := domain.CaseTypeByType(domain.TypeProsecutionReview)
	// The number is unique in the unit and the transfer's year: it comes
	// from the arrest's day of the year and its index that day (at most
	// 10 a day), 5000+ for an arrest accepted the same year and 9000+ for
	// one accepted the year before (custody ends well within a year). A
	// number from the transfer's day repeated whenever two arrests with the
	// same index were transferred on one day.
	seq := int(c.ID[len(c.ID)-1] - '0')
	base := 5000
	if c.AcceptedAt.Year() < transfer.Year() {
		base = 9000
	}
	no := fmt.Sprintf("%s检%s受〔%d〕%d号", u.Short, ct.Abbrev, transfer.Year(), base+c.AcceptedAt.YearDay()*10+seq)
	b.later = append(b.later, b.g.build(c.ID+"S", no, u, ct, transfer, c)...)
}

// carryParties copies the parties of the earlier case of a matter into the
// case id: the suspects stay arrested and in custody.
func carryParties(from *Case, id string) []Party {
	out := make([]Party, 0, len(from.Parties))
	for _, p := range from.Parties {
		q := p
		q.ID = id + p.ID[len(from.ID):]
		out = append(out, q)
	}
	return out
}

func (b *builder) prosecutionReview(linked bool) {
	c := b.c
	a := c.AcceptedAt
	if !linked {
		b.suspects(0)
		b.measures()
	}
	custody := c.Parties[0].Custody
	c.Plea = b.chance(0.85)
	c.FastTrack = c.Plea && b.chance(0.25)
	c.HeavyTerm = c.FastTrack && b.chance(0.3)
	b.rights(a)
	b.property()
	start := a
	var final time.Time
	for round := 0; ; round++ {
		if !c.FastTrack && round < 3 && b.chance([]float64{0.07, 0.2, 0.06}[round]) {
			ret := start.Add(b.days(8, 26))
			b.event(ret, domain.EvReturned, c.LeadID, fmt.Sprintf("第%d次退回补充侦查", round+1))
			b.decide(ret, "supplementary_investigation", "退回补充侦查")
			b.doc(ret, "退回补充侦查决定书")
			resub := b.deadline(ret, b.g.Cal.DueMonths(ret, 1, custody), 0.05)
			b.event(resub, domain.EvResubmitted, "", "")
			start = resub
			continue
		}
		var due time.Time
		switch {
		case c.FastTrack && c.HeavyTerm:
			due = b.g.Cal.DueDays(start, 15, custody)
		case c.FastTrack:
			due = b.g.Cal.DueDays(start, 10, custody)
		default:
			due = b.g.Cal.DueMonths(start, 1, custody)
			if b.chance(0.03) {
				ext := start.Add(b.days(22, 29))
				b.event(ext, domain.EvExtended, "", "经检察长批准延长15日")
				b.decide(ext, "review_extend", "延长审查起诉期限")
				due = b.g.Cal.DueDays(due, 15, custody)
			}
		}
		final = b.deadline(start, due, 0.03)
		break
	}
	b.doc(final.Add(-b.days(0.5, 2)), "审查报告")
	c.ClosedAt = &final
	if b.chance(prosecutionShare(linked)) {
		b.event(final, domain.EvProsecuted, c.LeadID, "")
		b.doc(final, "起诉书")
		b.decide(final, "prosecute", "提起公诉")
		if c.Plea {
			b.decide(final, "sentencing_recommendation", "提出量刑建议")
			if b.chance(0.01 * lateness) {
				filed := final.Add(b.days(1, 8))
				b.event(filed, domain.EvPleaBondFiled, c.AssistID, "补充移送认罪认罚具结书")
				b.doc(filed, "认罪认罚具结书")
			} else {
				b.doc(final, "认罪认罚具结书")
			}
		}
		b.event(final, domain.EvClosed, c.LeadID, "")
		b.disposeProperty(final, true)
		b.court(final, custody)
	} else {
		b.event(final, domain.EvNotProsecuted, c.LeadID, "")
		returned := final.Add(b.days(0.5, 5))
		if b.chance(0.04 * lateness) {
			returned = final.Add(b.days(8, 25))
		}
		b.returnedDoc(final, "不起诉决定书", returned)
		b.decide(final, nonProsecutionKind(c.Major), "不起诉")
		b.event(final, domain.EvClosed, c.LeadID, "")
		b.disposeProperty(final, false)
		b.nonProsecutionReview(final)
	}
	if b.chance(0.05) {
		b.decide(a.Add(b.days(1, 5)), "measure_change", "变更强制措施为取保候审")
	}
}

// measures dates the bail or residential surveillance the investigating
// organ decided for suspects who come to 审查起诉 without an arrest, and
// this procuratorate's new decision, due within 7 days of receiving the
// case; a late one may come after the old period ran out.
func (b *builder) measures() {
	c := b.c
	a := c.AcceptedAt
	renew := b.deadline(a, b.g.Cal.DueDays(a, 7, false), 0.04)
	for i := range c.Parties {
		p := &c.Parties[i]
		if p.Role != "犯罪嫌疑人" || p.Custody {
			continue
		}
		span := 330.0
		if p.Measure == "监视居住" {
			span = 160
		}
		from := a.Add(-b.days(5, span))
		p.MeasureFrom = &from
		r := renew
		p.MeasureRenewedAt = &r
	}
	b.event(renew, domain.EvMeasureRenewed, c.LeadID, "重新作出"+c.Parties[0].Measure+"决定，期限重新计算")
}

// property seizes property in about a third of the matters; its transfer
// list usually comes with the case.
func (b *builder) property() {
	c := b.c
	if !b.chance(0.3) {
		return
	}
	kinds := []struct{ kind, measure string }{{"现金", "扣押"}, {"手机", "扣押"}, {"车辆", "查封"}, {"银行存款", "冻结"}}
	n := 1 + b.r.IntN(3)
	listed := c.AcceptedAt
	if b.chance(0.03 * lateness) {
		listed = c.AcceptedAt.Add(b.days(2, 20))
		b.event(listed, domain.EvPropertyListReceived, "", "公安机关补送涉案财物随案移送清单")
	}
	for i := 0; i < n; i++ {
		k := kinds[b.r.IntN(len(kinds))]
		l := listed
		c.Property = append(c.Property, Property{
			ID: fmt.Sprintf("%s-P%d", c.ID, i+1), Kind: k.kind, Measure: k.measure,
			Value: 500 * (1 + b.r.IntN(400)), ListedAt: &l,
		})
	}
}

// disposeProperty disposes of the matter's property when the case ends
// here: it moves with the case to the court, or on a non-prosecution it is
// released at once (第177条第3款), sometimes late.
func (b *builder) disposeProperty(at time.Time, prosecuted bool) {
	c := b.c
	if len(c.Property) == 0 {
		return
	}
	how, when := "随案移送人民法院", at
	if !prosecuted {
		how, when = "解除查封、扣押、冻结并返还", at.Add(b.days(0.2, 10))
		if b.chance(0.05 * lateness) {
			when = at.Add(b.days(31, 60))
		}
		b.event(when, domain.EvPropertyDisposed, c.LeadID, how)
	}
	for i := range c.Property {
		w := when
		c.Property[i].DisposedAt, c.Property[i].Disposal = &w, how
	}
}

// nonProsecutionReview lets the investigating organ ask for 复议 of a
// non-prosecution (30 days, another prosecutor) and then 复核 by the
// 上一级院 (30 days).
func (b *builder) nonProsecutionReview(decided time.Time) {
	c := b.c
	if !b.chance(0.08) {
		return
	}
	req := office(decided.Add(b.days(1, 7)))
	other := b.otherProsecutor()
	b.event(req, domain.EvNPReconsiderReq, other, "公安机关要求复议")
	done := b.deadline(req, b.g.Cal.DueDays(req, 30, false), 0.04)
	b.event(done, domain.EvNPReconsiderDone, other, "维持不起诉决定")
	upper, ok := b.upperUnit()
	if !ok || !b.chance(0.3) {
		return
	}
	req2 := office(done.Add(b.days(1, 5)))
	b.event(req2, domain.EvNPReviewReq, b.upperProsecutor(upper), "公安机关提请"+upper.Short+"院复核")
	done2 := b.deadline(req2, b.g.Cal.DueDays(req2, 30, false), 0.04)
	b.event(done2, domain.EvNPReviewDone, b.upperChief(upper), "维持不起诉决定")
	_ = c
}

var sentences = []string{"有期徒刑六个月", "有期徒刑一年", "有期徒刑一年六个月", "有期徒刑三年", "拘役四个月",
	"拘役三个月，缓刑六个月", "有期徒刑二年，缓刑三年", "有期徒刑八个月，并处罚金", "管制六个月"}

// drunkDrivingSentences are what 刑法第133条之一 allows for 危险驾驶罪: 拘役
// (at most six months) and a fine, often suspended.
var drunkDrivingSentences = []string{"拘役一个月，并处罚金", "拘役二个月，并处罚金", "拘役三个月，缓刑六个月，并处罚金", "拘役一个月十五日，并处罚金"}

// court runs the court stage of a prosecuted matter: filing, trial,
// judgment or ruling, service on this procuratorate, the review within the
// protest period and, sometimes, a victim's request to protest.
func (b *builder) court(prosecuted time.Time, custody bool) {
	c := b.c
	u, _ := domain.UnitByID(c.UnitID)
	ct := &Court{Court: u.Short + "人民法院（模拟）", Kind: KindJudgment, Outcome: OutcomeConvicted}
	ct.FiledAt = office(prosecuted.Add(b.days(0.3, 3)))
	var trial time.Time
	switch {
	case c.FastTrack:
		ct.Procedure = "速裁程序"
		trial = office(ct.FiledAt.Add(b.days(2, 9)))
		ct.PronouncedAt = trial
	case c.Plea && b.chance(0.6):
		ct.Procedure = "简易程序"
		trial = office(ct.FiledAt.Add(b.days(5, 18)))
		ct.PronouncedAt = office(trial.Add(b.hours(1, 40)))
	default:
		ct.Procedure = "普通程序"
		trial = office(ct.FiledAt.Add(b.days(15, 50)))
		ct.PronouncedAt = office(trial.Add(b.days(0.1, 25)))
	}
	x := b.r.Float64()
	pProtest := 0.004
	switch {
	case x < pWithdrawn:
		ct.Kind, ct.Outcome, pProtest = KindRuling, OutcomeWithdrawn, 0
	case x < pWithdrawn+pTerminated:
		ct.Kind, ct.Outcome, pProtest = KindRuling, OutcomeTerminated, 0
	case x < pWithdrawn+pTerminated+pAcquitted:
		ct.Outcome, pProtest = OutcomeAcquitted, 0.6
	case x < pWithdrawn+pTerminated+pAcquitted+pExempted:
		ct.Outcome, pProtest = OutcomeExempted, 0.02
	default:
		ct.Sentence = b.sentence(custody)
	}
	c.Court = ct
	b.event(ct.FiledAt, domain.EvCourtFiled, "", ct.Court+"受理，适用"+ct.Procedure)
	if ct.Outcome == OutcomeWithdrawn {
		// The procuratorate withdraws before judgment; the court rules.
		b.decide(ct.PronouncedAt.Add(-b.days(1, 5)), "withdraw_prosecution", "撤回起诉")
	} else {
		b.event(trial, domain.EvTrialHeld, c.LeadID, "出庭支持公诉")
	}
	b.event(ct.PronouncedAt, domain.EvJudgment, "", courtLabel(ct))
	ct.ServedAt = office(ct.PronouncedAt.Add(b.hours(1, 90)))
	b.event(ct.ServedAt, domain.EvJudgmentServed, c.LeadID, "")
	if ct.Outcome == OutcomeWithdrawn {
		return // the ruling grants this procuratorate's own request
	}
	days := 10
	if ct.Kind == KindRuling {
		days = 5
	}
	decided := b.deadline(ct.ServedAt, b.g.Cal.DueDays(ct.ServedAt, days, custody), 0.02)
	if b.chance(pProtest) {
		b.event(decided, domain.EvProtested, c.LeadID, "提出抗诉")
		b.decide(decided, "protest", "提出抗诉")
		b.doc(decided, "刑事抗诉书")
	} else {
		b.event(decided, domain.EvProtestReviewed, c.LeadID, "审查判决裁定，决定不抗诉")
		b.decide(decided, "no_protest", "审查判决裁定，决定不抗诉")
	}
	if ct.Kind != KindJudgment || !b.hasVictim() || !b.chance(0.05) {
		return
	}
	req := office(ct.ServedAt.Add(b.days(0.5, 4)))
	b.event(req, domain.EvVictimProtestReq, "", "被害人请求人民检察院提出抗诉")
	ans := b.deadline(req, b.g.Cal.DueDays(req, 5, false), 0.03)
	b.event(ans, domain.EvVictimProtestAnswer, c.LeadID, "作出是否抗诉的决定并答复请求人")
}

// courtLabel describes a court outcome in a line.
func courtLabel(ct *Court) string {
	switch ct.Outcome {
	case OutcomeWithdrawn:
		return "裁定准许撤回起诉"
	case OutcomeTerminated:
		return "裁定终止审理"
	case OutcomeAcquitted:
		return "判决无罪"
	case OutcomeExempted:
		return "判决有罪，免予刑事处罚"
	}
	return "判决有罪：" + ct.Sentence
}

func (b *builder) hasVictim() bool {
	for _, p := range b.c.Parties {
		if p.Role == "被害人" {
			return true
		}
	}
	return false
}

// returnedDoc issues a document whose proof of service (or execution
// receipt) comes back at returned.
func (b *builder) returnedDoc(at time.Time, typ string, returned time.Time) {
	b.doc(at, typ)
	b.c.Documents[len(b.c.Documents)-1].ReturnedAt = &returned
}

// otherProsecutor is a prosecutor of the case's department other than its
// lead (复议 is assigned to another prosecutor).
func (b *builder) otherProsecutor() string {
	for _, p := range b.g.Org.InDept(b.c.DeptID, api.RoleProsecutor) {
		if p.ID != b.c.LeadID {
			return p.ID
		}
	}
	return b.c.LeadID
}

// upperUnit is the 上一级院 of the case's unit.
func (b *builder) upperUnit() (domain.UnitSpec, bool) {
	u, _ := domain.UnitByID(b.c.UnitID)
	if u.ParentID == "" {
		return domain.UnitSpec{}, false
	}
	return domain.UnitByID(u.ParentID)
}

func (b *builder) upperProsecutor(u domain.UnitSpec) string {
	if p := b.pick(b.g.Org.InDept(u.ID+"-D1", api.RoleProsecutor)); p != nil {
		return p.ID
	}
	return b.upperChief(u)
}

func (b *builder) upperChief(u domain.UnitSpec) string {
	if p := b.pick(b.g.Org.InUnit(u.ID, api.RoleChief)); p != nil {
		return p.ID
	}
	return u.ID + "-committee"
}
