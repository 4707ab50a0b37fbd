package sim

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/calendar"
	"github.com/casewatch/casewatch/casesim/domain"
)

const day = 24 * time.Hour

// Epoch is day 0 of the simulation's day numbering.
var Epoch = time.Date(2020, 1, 1, 0, 0, 0, 0, Zone)

// DayIndex returns the simulation day number of t.
func DayIndex(t time.Time) int {
	t = t.In(Zone)
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Zone)
	return int(math.Round(d.Sub(Epoch).Hours() / 24))
}

// DayStart returns the start of simulation day n.
func DayStart(n int) time.Time { return Epoch.AddDate(0, 0, n) }

// Generator creates cases deterministically from a seed.
type Generator struct {
	Seed uint64
	Org  *Org
	// Cal counts working days (public holidays and 调休).
	Cal *calendar.Calendar
	// Powers is the responsibility list deciders follow (nil: the
	// built-in example, domain.DefaultPowers).
	Powers *domain.PowerList
}

// NewGenerator returns a generator and the org it staffs cases from,
// counting working days with the embedded holiday calendar.
func NewGenerator(seed uint64) *Generator {
	return &Generator{Seed: seed, Org: BuildOrg(seed), Cal: calendar.Default()}
}

func (g *Generator) rng(parts ...any) *rand.Rand {
	h := fnv.New64a()
	fmt.Fprint(h, parts...)
	return rand.New(rand.NewPCG(g.Seed, h.Sum64()))
}

func poisson(r *rand.Rand, lambda float64) int {
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// ArrivalsOn returns the cases that arrive on simulation day n, with the
// later cases of their matters (an approved arrest brings the 审查起诉
// case of the same matter, accepted when the investigation transfers it),
// ordered by acceptance time. The result depends only on the seed and n.
func (g *Generator) ArrivalsOn(n int) []*Case {
	start := DayStart(n)
	weekend := start.Weekday() == time.Saturday || start.Weekday() == time.Sunday
	var out []*Case
	for ui, u := range domain.Units {
		for ti, ct := range domain.CaseTypes {
			rate := ct.Rate * u.Scale
			if ct.Type == domain.TypeProsecutionReview {
				rate *= independentProsecutionShare
			}
			if weekend {
				rate *= 0.15
			}
			r := g.rng("arrivals", n, ui, ti)
			k := poisson(r, rate)
			for i := 0; i < k && i < 10; i++ {
				at := start.Add(8*time.Hour + 30*time.Minute + time.Duration(r.Float64()*9*float64(time.Hour)))
				id := fmt.Sprintf("C%05d%02d%d%d", n, ui, ti, i)
				no := fmt.Sprintf("%s检%s受〔%d〕%d号", u.Short, ct.Abbrev, at.Year(), at.YearDay()*10+i)
				out = append(out, g.caseOf(id, no, u, ct, at)...)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].AcceptedAt.Before(out[j].AcceptedAt) })
	return out
}

// builder accumulates one case's lifecycle.
type builder struct {
	g  *Generator
	r  *rand.Rand
	c  *Case
	nd int // decisions
	nt int // documents
	nn int // notices
	// later holds the cases of the same matter this case hands on to.
	later []*Case
}

func (b *builder) days(lo, hi float64) time.Duration {
	return time.Duration((lo + b.r.Float64()*(hi-lo)) * float64(day))
}

func (b *builder) chance(p float64) bool { return b.r.Float64() < p }

func (b *builder) event(at time.Time, typ, actor, detail string) {
	b.c.Events = append(b.c.Events, Event{At: at, Type: typ, Actor: actor, Detail: detail})
}

func (b *builder) pick(list []*Person) *Person {
	if len(list) == 0 {
		return nil
	}
	return list[b.r.IntN(len(list))]
}

func (b *builder) personFor(role string) string {
	c := b.c
	switch role {
	case api.RoleProsecutor:
		return c.LeadID
	case api.RoleAssistant:
		return c.AssistID
	case api.RoleCommittee:
		return c.UnitID + "-committee"
	case api.RoleDeptHead:
		if p := b.pick(b.g.Org.InDept(c.DeptID, api.RoleDeptHead)); p != nil {
			return p.ID
		}
	case api.RoleCaseManagement:
		if p := b.pick(b.g.Org.InDept(c.UnitID+"-D6", api.RoleProsecutor)); p != nil {
			return p.ID
		}
	case api.RoleSupreme:
		return "SPP"
	}
	if p := b.pick(b.g.Org.InUnit(c.UnitID, role)); p != nil {
		return p.ID
	}
	return c.LeadID
}

func (b *builder) doc(at time.Time, typ string) {
	b.nt++
	signer := b.personFor(api.RoleChief)
	if typ == "权利义务告知书" || typ == "审查报告" {
		signer = b.c.LeadID
	}
	b.c.Documents = append(b.c.Documents, Document{
		ID: fmt.Sprintf("%s-W%d", b.c.ID, b.nt), Type: typ, DraftedBy: b.c.AssistID, SignedBy: signer, IssuedAt: at,
	})
}

// lateness scales every probability of missing a deadline.
const lateness = 2.5

// deadline decides whether a deadline is missed: it returns a time before due
// (met in time) or after it (met late).
func (b *builder) deadline(start, due time.Time, pLate float64) time.Time {
	due = calendar.EndOfDay(due) // a period runs to 24:00 of its last day (刑诉法第105条)
	span := due.Sub(start)
	if b.chance(pLate * lateness) {
		t := due.Add(time.Duration((0.05 + b.r.Float64()*0.35) * float64(span)))
		b.maybeNotice(due, t)
		return t
	}
	// Work tends to finish towards the deadline: skew towards its end.
	return start.Add(time.Duration((0.3 + 0.69*math.Sqrt(b.r.Float64())) * float64(span)))
}

// maybeNotice lets the case-management department issue a process-monitoring
// notice a few days after a missed deadline: a verbal reminder (口头提示) or a
// written 流程监控通知书, with a reply date 7 days on (本系统设定, as R12). The
// handling prosecutor replies, sometimes late, sometimes never; the officer
// closes (销号) most replied notices after checking the rectification. The
// notice's own details come from a random stream of their own, so the
// rest of the case is generated as before notices had them.
func (b *builder) maybeNotice(due, metAt time.Time) {
	issue := due.Add(b.days(0.5, 2.5))
	if !issue.Before(metAt) || !b.chance(0.6) {
		return
	}
	b.nn++
	nr := b.g.rng("notice", b.c.ID, b.nn)
	n := Notice{
		ID: fmt.Sprintf("%s-N%d", b.c.ID, b.nn), Kind: NoticeWritten, Category: api.CategoryDeadline,
		IssuedAt: issue, RoundAt: issue, DueAt: b.g.Cal.DueDays(issue, NoticeReplyDays, false), Simulated: true,
	}
	if nr.Float64() < 0.3 {
		n.Kind = NoticeOral
	}
	b.event(issue, domain.EvNoticeIssued, "", "")
	if n.Kind == NoticeOral {
		b.decide(issue, "flow_notice", "口头提示")
	} else {
		b.decide(issue, "flow_notice", "发出流程监控通知书")
	}
	issuer := b.c.Decisions[len(b.c.Decisions)-1].By
	reply := issue.Add(b.days(1, 6.5))
	if b.chance(0.15) {
		reply = issue.Add(b.days(7.5, 12))
	}
	if p, ok := b.g.Org.Person(issuer); ok {
		n.IssuedBy = p.Name
	}
	// A written notice asks for a written reply; a verbal reminder (given
	// by phone or in person, recorded here) for feedback on the
	// rectification by the same date.
	if n.Kind == NoticeOral {
		n.Text = fmt.Sprintf("口头提示：%s（%s）的办案期限已于%s届满未办结，请抓紧办理，并于%s前反馈整改情况。",
			b.c.Title, b.c.No, due.Format("2006年1月2日"), n.DueAt.Format("2006年1月2日"))
	} else {
		n.Text = fmt.Sprintf("%s（%s）的办案期限已于%s届满未办结，请于%s前书面回复超期原因及整改措施。",
			b.c.Title, b.c.No, due.Format("2006年1月2日"), n.DueAt.Format("2006年1月2日"))
	}
	if nr.Float64() >= missingReplyShare {
		b.event(reply, domain.EvNoticeReplied, b.c.LeadID, "")
		r := reply
		n.RepliedAt, n.ReplyText = &r, ReplyTexts[nr.IntN(len(ReplyTexts))]
		if p, ok := b.g.Org.Person(b.c.LeadID); ok {
			n.ReplyBy = p.Name
		}
		if nr.Float64() < 0.85 {
			cl := reply.Add(time.Duration((0.5 + nr.Float64()*5) * float64(day)))
			n.ClosedAt, n.ClosedBy = &cl, n.IssuedBy
		}
	}
	b.c.Notices = append(b.c.Notices, n)
}

// NoticeReplyDays is the reply period of a process-monitoring notice: 7
// days, a choice of this system (no rule found; R12).
const NoticeReplyDays = 7

// missingReplyShare is the share of the simulation's notices never
// answered.
const missingReplyShare = 0.08

// ReplyTexts are the replies the simulation's prosecutors write.
var ReplyTexts = []string{
	"超期原因系补充证据未及时到位，现已办结并报部门负责人审核，今后加强期限管理。",
	"已整改：相关诉讼环节已完成，审批手续已补齐，案卡已同步更新。",
	"承办人对期限计算有误，已组织学习期限规定并完成整改。",
	"案情复杂、鉴定意见迟延所致；已完成审查并作出决定，整改情况已录入系统。",
	"已按通知要求完成整改，并对同类在办案件逐件自查。",
}

var charges = []string{"盗窃罪", "诈骗罪", chargeDrunkDriving, "故意伤害罪", "帮助信息网络犯罪活动罪", "寻衅滋事罪", "掩饰、隐瞒犯罪所得罪", "开设赌场罪", "非法吸收公众存款罪", "交通肇事罪", "贩卖毒品罪", "合同诈骗罪"}
var civilCauses = []string{"民间借贷纠纷", "买卖合同纠纷", "建设工程施工合同纠纷", "劳动争议", "房屋租赁合同纠纷", "机动车交通事故责任纠纷"}
var agencies = []string{"自然资源局", "生态环境局", "市场监督管理局", "住房和城乡建设局", "农业农村局", "水利局"}

// caseOf generates one case whole, followed by the later cases of its
// matter.
func (g *Generator) caseOf(id, no string, u domain.UnitSpec, ct domain.CaseTypeSpec, at time.Time) []*Case {
	return g.build(id, no, u, ct, at, nil)
}

// build generates one case; from, when set, is the earlier case of the same
// matter that handed it on (its parties and matter carry over).
func (g *Generator) build(id, no string, u domain.UnitSpec, ct domain.CaseTypeSpec, at time.Time, from *Case) []*Case {
	r := g.rng("case", id)
	b := &builder{g: g, r: r}
	c := &Case{ID: id, No: no, Type: ct.Type, Line: ct.Line, UnitID: u.ID, DeptID: u.ID + ct.Dept, AcceptedAt: at}
	b.c = c
	if from != nil {
		c.MatterID = from.Matter()
		c.Title, c.Source = from.Title, "移送"
		c.Parties = carryParties(from, id)
	}
	lead := b.pick(g.Org.InDept(c.DeptID, api.RoleProsecutor))
	if b.chance(0.08) {
		lead = b.pick(append(g.Org.InUnit(u.ID, api.RoleChief), g.Org.InUnit(u.ID, api.RoleDeputy)...))
		c.LeaderCase = true
	}
	c.LeadID = lead.ID
	c.AssistID = b.pick(g.Org.InDept(c.DeptID, api.RoleAssistant)).ID
	c.Major = b.chance(0.08)
	if from != nil { // 捕诉一体: the prosecutor who reviewed the arrest prosecutes
		c.LeadID, c.AssistID, c.LeaderCase, c.Major = from.LeadID, from.AssistID, from.LeaderCase, from.Major
	}
	b.event(at, domain.EvAccepted, c.LeadID, "")
	switch ct.Type {
	case domain.TypeArrestReview:
		b.arrestReview()
	case domain.TypeProsecutionReview:
		b.prosecutionReview(from != nil)
	case domain.TypeCustodyReview:
		b.custodyReview()
	case domain.TypeCivilSupervision, domain.TypeAdminSupervision:
		b.supervision()
	case domain.TypePublicInterest:
		b.publicInterest()
	case domain.TypePetition:
		b.petition()
	}
	b.card(ct)
	b.quality()
	g.outcomes(c)
	sort.SliceStable(c.Events, func(i, j int) bool { return c.Events[i].At.Before(c.Events[j].At) })
	sort.SliceStable(c.Decisions, func(i, j int) bool { return c.Decisions[i].At.Before(c.Decisions[j].At) })
	return append([]*Case{c}, b.later...)
}

// charged reports whether a charge can lead to arrest and custody: 危险驾驶罪
// is punished by 拘役 at most (刑法第133条之一), and 逮捕 needs a possible
// sentence of 有期徒刑 or more (刑诉法（2018）第81条), so the police neither
// ask for an arrest nor hold anyone on it.
func arrestable(charge string) bool { return charge != chargeDrunkDriving }

// chargeDrunkDriving is the one simulated charge punished by 拘役 at most.
const chargeDrunkDriving = "危险驾驶罪"

// suspects adds the case's suspects (held with probability pCustody) and
// perhaps a victim, and names the case after the first suspect and the
// charge. A case that may hold its suspects (审查逮捕, 羁押必要性审查) never
// carries a charge that cannot lead to arrest; a 危险驾驶 case has no victim.
func (b *builder) suspects(pCustody float64) string {
	c := b.c
	i := b.r.IntN(len(charges))
	charge := charges[i]
	if pCustody > 0 && !arrestable(charge) {
		charge = charges[(i+1)%len(charges)]
	}
	n := 1
	if b.chance(0.2) {
		n += 1 + b.r.IntN(2)
	}
	custody := b.chance(pCustody)
	for i := 0; i < n; i++ {
		p := Party{ID: fmt.Sprintf("%s-R%d", c.ID, i+1), Role: "犯罪嫌疑人", Name: string(surnames[b.r.IntN(len(surnames))]) + "某" + [...]string{"", "某"}[b.r.IntN(2)], Charge: charge}
		if custody {
			from := c.AcceptedAt.Add(-b.days(1, 20))
			p.Custody, p.Measure, p.DetainedFrom = true, "拘留", &from
		} else {
			p.Measure = [...]string{"取保候审", "取保候审", "监视居住"}[b.r.IntN(3)]
		}
		c.Parties = append(c.Parties, p)
	}
	if b.chance(0.3) && charge != chargeDrunkDriving {
		c.Parties = append(c.Parties, Party{ID: fmt.Sprintf("%s-V1", c.ID), Role: "被害人", Name: string(surnames[b.r.IntN(len(surnames))]) + "某"})
	}
	c.Title = fmt.Sprintf("%s涉嫌%s案", c.Parties[0].Name, charge[:len(charge)-len("罪")])
	c.Source = "移送"
	return charge
}

func (b *builder) rights(start time.Time) {
	t := b.deadline(start, start.Add(3*day), 0.04)
	b.event(t, domain.EvRightsNotice, b.c.AssistID, "告知犯罪嫌疑人有权委托辩护人")
	if b.c.Type == domain.TypeProsecutionReview && hasRole(b.c, "被害人") {
		b.event(t, domain.EvVictimNotice, b.c.AssistID, "告知被害人有权委托诉讼代理人")
	}
	b.doc(t, "权利义务告知书")
}

func (b *builder) custodyReview() {
	c := b.c
	b.suspects(1)
	c.Title = c.Parties[0].Name + "羁押必要性审查案"
	c.Source = [...]string{"申请", "主动发现"}[b.r.IntN(2)]
	n := 10
	if c.Major {
		n = 15
	}
	due := b.g.Cal.AddWorkingDays(c.AcceptedAt, n)
	done := b.deadline(c.AcceptedAt, due, 0.04)
	b.event(done, domain.EvCustodyDecided, c.LeadID, "")
	if b.chance(0.4) {
		b.decide(done, "custody_review_recommend", "提出释放或变更强制措施建议")
		b.doc(done, "羁押必要性审查建议书")
		b.event(done, domain.EvCustodyAdvice, c.LeadID, "")
		// 刑诉法第95条: the organ handling the case answers within 10 days.
		reply := b.deadline(done, done.AddDate(0, 0, 10), 0.06)
		b.event(reply, domain.EvCustodyAdviceReplied, "", "")
	} else {
		b.decide(done, "custody_review_close", "决定不予提出建议")
	}
	c.ClosedAt = &done
	b.event(done, domain.EvClosed, c.LeadID, "")
}

func (b *builder) supervision() {
	c := b.c
	name := func() string { return string(surnames[b.r.IntN(len(surnames))]) + "某" }
	applicant := name()
	if c.Type == domain.TypeCivilSupervision {
		c.Title = fmt.Sprintf("%s与%s%s监督案", applicant, name(), civilCauses[b.r.IntN(len(civilCauses))])
	} else {
		c.Title = fmt.Sprintf("%s诉某县%s行政处罚监督案", applicant, agencies[b.r.IntN(len(agencies))])
	}
	c.Source = "申请"
	c.Parties = append(c.Parties, Party{ID: c.ID + "-A1", Role: "申请人", Name: applicant})
	done := b.deadline(c.AcceptedAt, c.AcceptedAt.AddDate(0, 3, 0), 0.05)
	b.event(done, domain.EvSupervisionDone, c.LeadID, "")
	if b.chance(0.4) {
		b.decide(done, supervisionKind(c.Type, "retrial_recommendation"), "提出再审检察建议")
		b.doc(done, "再审检察建议书")
	} else {
		b.decide(done, supervisionKind(c.Type, "supervision_refuse"), "不支持监督申请")
		b.doc(done, "不支持监督申请决定书")
	}
	c.ClosedAt = &done
	b.event(done, domain.EvClosed, c.LeadID, "")
}

func (b *builder) publicInterest() {
	c := b.c
	agency := agencies[b.r.IntN(len(agencies))]
	c.Title = fmt.Sprintf("某县%s怠于履行监管职责行政公益诉讼案", agency)
	c.Source = "主动发现"
	c.Urgent = b.chance(0.1)
	c.Parties = append(c.Parties, Party{ID: c.ID + "-G1", Role: "行政机关", Name: "某县" + agency})
	a := c.AcceptedAt
	b.event(a, domain.EvPILFiled, c.LeadID, "")
	b.decide(a, "pil_file", "公益诉讼立案")
	rec := a.Add(b.days(5, 25))
	b.event(rec, domain.EvRecommendation, c.LeadID, "")
	b.decide(rec, "pil_recommend", "发出诉前检察建议")
	b.doc(rec, "检察建议书")
	replyDue := rec.AddDate(0, 2, 0)
	if c.Urgent {
		replyDue = rec.Add(15 * day)
	}
	reply := b.deadline(rec, replyDue, 0.06)
	b.event(reply, domain.EvAgencyReplied, "", "")
	done := b.deadline(replyDue, replyDue.AddDate(0, 2, 0), 0.05)
	if done.Before(reply) {
		done = reply.Add(b.days(1, 5))
	}
	b.event(done, domain.EvSuitReviewDone, c.LeadID, "")
	if b.chance(0.1) {
		b.decide(done, "pil_sue", "提起行政公益诉讼")
		b.doc(done, "行政公益诉讼起诉书")
	}
	c.ClosedAt = &done
	b.event(done, domain.EvClosed, c.LeadID, "")
}

func (b *builder) petition() {
	c := b.c
	name := string(surnames[b.r.IntN(len(surnames))]) + "某"
	c.Title = name + "来信反映问题（信访件）"
	c.Source = "申请"
	c.Parties = append(c.Parties, Party{ID: c.ID + "-A1", Role: "信访人", Name: name})
	proc := b.deadline(c.AcceptedAt, b.g.Cal.AddWorkingDays(c.AcceptedAt, 7), 0.04)
	b.event(proc, domain.EvProceduralReply, c.AssistID, "")
	result := b.deadline(c.AcceptedAt, c.AcceptedAt.AddDate(0, 3, 0), 0.05)
	if result.Before(proc) {
		result = proc.Add(b.days(1, 10))
	}
	if b.chance(0.2) {
		// Not concluded in 3 months: a reply on the handling so far, then a
		// progress reply every month until the result (R10).
		b.event(result, domain.EvProgressReply, c.LeadID, "答复办理过程")
		last := result
		for k := 1 + b.r.IntN(3); k > 0; k-- {
			next := b.deadline(last, last.AddDate(0, 1, 0), 0.08)
			if k > 1 {
				b.event(next, domain.EvProgressReply, c.LeadID, "按月答复办理进展")
			}
			last = next
		}
		result = last
	}
	b.event(result, domain.EvResultReply, c.LeadID, "")
	b.decide(result, "complaint_conclusion", "审查结论答复")
	c.ClosedAt = &result
	b.event(result, domain.EvClosed, c.LeadID, "")
}

func hasRole(c *Case, role string) bool {
	for _, p := range c.Parties {
		if p.Role == role {
			return true
		}
	}
	return false
}
