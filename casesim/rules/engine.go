package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/calendar"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

const day = 24 * time.Hour

// Engine evaluates cases with one holiday calendar.
type Engine struct {
	cal       *calendar.Calendar
	authority Authority // R30 (SetAuthority)
}

// New returns an engine that counts periods with cal (nil: the embedded
// calendar.Default()).
func New(cal *calendar.Calendar) *Engine {
	if cal == nil {
		cal = calendar.Default()
	}
	return &Engine{cal: cal}
}

// Calendar returns the engine's holiday calendar.
func (en *Engine) Calendar() *calendar.Calendar { return en.cal }

// Evaluate is Engine.Evaluate with the embedded calendar.
func Evaluate(c *sim.Case, now time.Time) Result { return New(nil).Evaluate(c, now) }

// Evaluate returns the deadlines of c and, when c is open at now, the
// findings (alerts) that its state at now raises. Events after now are
// ignored: they have not happened yet.
func (en *Engine) Evaluate(c *sim.Case, now time.Time) Result {
	e := evaluator{c: c, now: now, cal: en.cal, authority: en.authority}
	switch c.Type {
	case domain.TypeArrestReview:
		e.arrestReview()
	case domain.TypeProsecutionReview:
		e.prosecutionReview()
	case domain.TypeCustodyReview:
		e.custodyReview()
	case domain.TypeCivilSupervision, domain.TypeAdminSupervision:
		e.supervision()
	case domain.TypePublicInterest:
		e.publicInterest()
	case domain.TypePetition:
		e.petition()
	}
	e.notices()
	e.matterRules()
	open := c.OpenAt(now)
	// Deadlines that follow the person or the matter (custody, the court
	// stage, reconsiderations, documents and property of the case) keep
	// raising findings after the case itself is 办结.
	for _, d := range e.res.Deadlines {
		if !open && !d.AfterClose {
			continue
		}
		if f, ok := deadlineFinding(d, now); ok {
			e.res.Findings = append(e.res.Findings, f)
		}
	}
	e.overreach() // a decision beyond authority stands after the close
	if open {
		e.cardErrors()
		e.defects()
		e.res.Findings = append(e.res.Findings, e.extra...)
	}
	e.res.Findings = append(e.res.Findings, e.rigidIndicators()...) // R15, after the close too
	return e.res
}

type evaluator struct {
	c         *sim.Case
	now       time.Time
	cal       *calendar.Calendar
	authority Authority
	res       Result
	extra     []Finding
}

// at returns the time of the first event of typ at or after from and at or
// before now.
func (e *evaluator) at(typ string, from time.Time) *time.Time {
	for _, ev := range e.c.Events {
		if ev.At.After(e.now) {
			break
		}
		if ev.Type == typ && !ev.At.Before(from) {
			t := ev.At
			return &t
		}
	}
	return nil
}

// all returns the times of every event of typ at or before now.
func (e *evaluator) all(typ string) []time.Time {
	var out []time.Time
	for _, ev := range e.c.EventsUntil(e.now) {
		if ev.Type == typ {
			out = append(out, ev.At)
		}
	}
	return out
}

func earliest(ts ...*time.Time) *time.Time {
	var best *time.Time
	for _, t := range ts {
		if t != nil && (best == nil || t.Before(*best)) {
			best = t
		}
	}
	return best
}

// period is a deadline's period as its rule states it.
type period struct {
	n    int
	unit string // api.PeriodDays, api.PeriodWorkingDays or api.PeriodMonths
}

// addPeriod appends a deadline that starts at start and is due at due (the end
// of its last day, see package calendar); legal and ext are the statutory
// and extension lengths in days, for display. consulted says whether the
// due time depended on the holiday calendar (a period out of custody, or
// working days): when it did and the calendar does not cover the years the
// period spans, the deadline says so. A deadline whose start lies in the
// future is not added.
// per is the period as the rule states it (3 days, 10 working days,
// 1 month), which the case view shows with who set it.
func (e *evaluator) addPeriod(rule, key, stage string, start time.Time, per period, legal, ext int, due time.Time, met *time.Time, consulted bool) {
	if start.After(e.now) {
		return
	}
	d := Deadline{
		Rule: rule, Key: key, Stage: stage, Start: start,
		LegalDays: legal, ExtensionDays: ext, DueAt: due, MetAt: met,
		Period: per.n, PeriodUnit: per.unit, SetBy: domain.SetBy[rule],
		Basis: domain.Rules[rule].Basis, PersonID: e.c.LeadID,
	}
	if consulted {
		d.CalendarGap = e.cal.UncoveredYears(start, due)
	}
	e.res.Deadlines = append(e.res.Deadlines, d)
}

// addDays is addPeriod with a period of legal+ext days (刑诉法第105条: the start
// day not counted, to 24:00 of the last day, extended past a holiday unless
// inCustody).
func (e *evaluator) addDays(rule, key, stage string, start time.Time, legal, ext int, met *time.Time, inCustody bool) {
	e.addPeriod(rule, key, stage, start, period{legal, api.PeriodDays}, legal, ext, e.cal.DueDays(start, legal+ext, inCustody), met, !inCustody)
}

// addMonths is addPeriod with a period of months calendar months, then ext more
// days counted from the months' last day; LegalDays reports the months'
// length in days.
func (e *evaluator) addMonths(rule, key, stage string, start time.Time, months, ext int, met *time.Time, inCustody bool) {
	nominal := e.cal.DueMonths(start, months, true) // the months' own last day, never extended
	due := e.cal.DueMonths(start, months, inCustody)
	if ext > 0 {
		due = e.cal.DueDays(nominal, ext, inCustody)
	}
	e.addPeriod(rule, key, stage, start, period{months, api.PeriodMonths}, daysBetween(start, nominal), ext, due, met, !inCustody)
}

// daysBetween counts calendar days from a's date to b's date in China time.
func daysBetween(a, b time.Time) int {
	a, b = a.In(calendar.Zone), b.In(calendar.Zone)
	da := time.Date(a.Year(), a.Month(), a.Day(), 12, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 12, 0, 0, 0, time.UTC)
	return int(db.Sub(da) / day)
}

// rightsNotice is R4 (刑诉法第34条第2款、第46条), for a case transferred for
// 审查起诉 only: within 3 days of receiving the file, tell the suspect of
// the right to a 辩护人 and, where the case has a victim, the victim of the
// right to a 诉讼代理人.
func (e *evaluator) rightsNotice() {
	c := e.c
	e.addDays("R4", "R4", "告知犯罪嫌疑人有权委托辩护人（3日）", c.AcceptedAt, 3, 0, e.at(domain.EvRightsNotice, c.AcceptedAt), detained(c))
	if hasVictim(c) {
		e.addDays("R4", "R4#victim", "告知被害人有权委托诉讼代理人（3日）", c.AcceptedAt, 3, 0, e.at(domain.EvVictimNotice, c.AcceptedAt), detained(c))
	}
}

func hasVictim(c *sim.Case) bool {
	for _, p := range c.Parties {
		if p.Role == "被害人" {
			return true
		}
	}
	return false
}

func (e *evaluator) arrestReview() {
	c := e.c
	legal := 15
	stage := "审查逮捕（未被拘留15日）"
	switch {
	case detained(c):
		legal, stage = 7, "审查逮捕（已被拘留7日）"
	case c.Major:
		legal, stage = 20, "审查逮捕（重大复杂20日）"
	}
	decided := earliest(e.at(domain.EvArrestApproved, c.AcceptedAt), e.at(domain.EvArrestRefused, c.AcceptedAt))
	e.addDays("R1", "R1", stage, c.AcceptedAt, legal, 0, decided, detained(c))
	e.nonArrestReconsideration()
	e.investigationCustody()
}

func detained(c *sim.Case) bool {
	for _, p := range c.Parties {
		if p.Custody {
			return true
		}
	}
	return false
}

func (e *evaluator) prosecutionReview() {
	c := e.c
	custody := detained(c)
	e.rightsNotice()
	returns := e.all(domain.EvReturned)
	resubmits := e.all(domain.EvResubmitted)
	final := earliest(e.at(domain.EvProsecuted, c.AcceptedAt), e.at(domain.EvNotProsecuted, c.AcceptedAt))
	// The review clock starts at acceptance and restarts at each
	// resubmission after a return for supplementary investigation.
	starts := append([]time.Time{c.AcceptedAt}, resubmits...)
	for i, start := range starts {
		met := final
		if i < len(returns) && !returns[i].Before(start) {
			r := returns[i]
			met = &r
		}
		key := fmt.Sprintf("R2#%d", i)
		if c.FastTrack {
			legal, stage := 10, "审查起诉（速裁10日）"
			if c.HeavyTerm {
				legal, stage = 15, "审查起诉（速裁，可能判处有期徒刑超过一年的15日）"
			}
			e.addDays("R2", key, stage, start, legal, 0, met, custody)
			continue
		}
		ext := 0
		stage := "审查起诉（1个月）"
		base := e.cal.DueMonths(start, 1, custody)
		if x := e.at(domain.EvExtended, start); x != nil && !x.After(base) && (met == nil || !x.After(*met)) {
			ext, stage = 15, "审查起诉（1个月，重大复杂经批准延长15日）"
		}
		e.addMonths("R2", key, stage, start, 1, ext, met, custody)
	}
	for i, r := range returns {
		var met *time.Time
		if i < len(resubmits) {
			m := resubmits[i]
			met = &m
		}
		e.addMonths("R3", fmt.Sprintf("R3#%d", i), fmt.Sprintf("第%d次退回补充侦查（1个月）", i+1), r, 1, 0, met, custody)
		if i == 2 {
			e.extra = append(e.extra, Finding{
				// A breach of the statutory limit, not a period that ran
				// out: it awaits rectification, it is not 超期.
				Key: "R3#limit", Rule: "R3", Category: domain.Rules["R3"].Category, Level: api.LevelRectify,
				PersonID: c.LeadID, DueAt: r, DetectedAt: r, Basis: domain.Rules["R3"].Basis,
				Message: "第3次退回补充侦查，超过法定2次限制",
			})
		}
	}
}

func (e *evaluator) custodyReview() {
	c := e.c
	n, stage := 10, "羁押必要性审查（10个工作日）"
	if c.Major {
		n, stage = 15, "羁押必要性审查（复杂案件延长5个工作日）"
	}
	due := e.cal.AddWorkingDays(c.AcceptedAt, n)
	legal := 10
	ext := n - 10
	e.addPeriod("R5", "R5", stage, c.AcceptedAt, period{10, api.PeriodWorkingDays}, legal, ext, due, e.at(domain.EvCustodyDecided, c.AcceptedAt), true)
	e.custodyAdviceReply()
}

// custodyAdviceReply is R5#reply (刑诉法第95条): after a recommendation to
// release or change the measure, the organ handling the case tells the
// procuratorate within 10 days what it did. The duty outlives the review
// case's close; the person is still in custody until the organ acts, so
// the period never extends past a holiday.
func (e *evaluator) custodyAdviceReply() {
	adv := e.at(domain.EvCustodyAdvice, e.c.AcceptedAt)
	if adv == nil {
		return
	}
	due := e.cal.DueDays(*adv, 10, true)
	e.addFollowing(Deadline{Rule: "R5", Key: "R5#reply", Stage: "有关机关通知处理情况（第95条，10日）", Start: *adv,
		LegalDays: 10, Period: 10, PeriodUnit: api.PeriodDays, SetBy: api.SetByLaw, DueAt: due,
		MetAt: e.at(domain.EvCustodyAdviceReplied, *adv)}, false)
}

// supervision is R8 for a civil judgment and its administrative
// counterpart, R8A (an extension of domain.md's list), for an
// administrative one.
func (e *evaluator) supervision() {
	c := e.c
	rule := "R8"
	if c.Type == domain.TypeAdminSupervision {
		rule = "R8A"
	}
	e.addMonths(rule, rule, "审查期限（3个月）", c.AcceptedAt, 3, 0, e.at(domain.EvSupervisionDone, c.AcceptedAt), false)
}

func (e *evaluator) publicInterest() {
	c := e.c
	rec := e.at(domain.EvRecommendation, c.AcceptedAt)
	if rec == nil {
		return
	}
	replyDue := e.cal.DueMonths(*rec, 2, false)
	if c.Urgent {
		replyDue = e.cal.DueDays(*rec, 15, false)
		e.addDays("R9", "R9#reply", "行政机关回复（紧急15日）", *rec, 15, 0, e.at(domain.EvAgencyReplied, *rec), false)
	} else {
		e.addMonths("R9", "R9#reply", "行政机关回复（2个月）", *rec, 2, 0, e.at(domain.EvAgencyReplied, *rec), false)
	}
	e.addMonths("R9", "R9#suit", "起诉审查（回复期满后2个月）", replyDue, 2, 0, e.at(domain.EvSuitReviewDone, *rec), false)
}

// petition is R10 for a 信访件 (a letter or visit; not a 刑事申诉 case):
// a procedural reply within 7 working days, a reply on the handling (过程
// or 结果) within 3 months, and while the item stays open after that, a
// progress reply every month from the last reply.
func (e *evaluator) petition() {
	c := e.c
	due := e.cal.AddWorkingDays(c.AcceptedAt, 7)
	e.addPeriod("R10", "R10#procedural", "程序性回复（7个工作日）", c.AcceptedAt, period{7, api.PeriodWorkingDays}, 7, 0, due,
		e.at(domain.EvProceduralReply, c.AcceptedAt), true)
	first := earliest(e.at(domain.EvResultReply, c.AcceptedAt), e.at(domain.EvProgressReply, c.AcceptedAt))
	e.addMonths("R10", "R10#result", "答复办理过程或结果（3个月）", c.AcceptedAt, 3, 0, first, false)
	if first == nil {
		return
	}
	// Monthly replies while the item is not concluded (closed): each month
	// counts from the latest reply before it.
	last := *first
	for i := 1; ; i++ {
		if c.ClosedAt != nil && !c.ClosedAt.After(last) {
			return
		}
		next := e.at(domain.EvProgressReply, last.Add(time.Nanosecond))
		if r := e.at(domain.EvResultReply, last.Add(time.Nanosecond)); r != nil && (next == nil || r.Before(*next)) {
			next = r
		}
		e.addMonths("R10", fmt.Sprintf("R10#month%d", i), fmt.Sprintf("按月答复办理进展（第%d个月）", i), last, 1, 0, next, false)
		if next == nil || i >= 36 {
			return
		}
		last = *next
	}
}

// notices adds the reply deadline of every written process-monitoring
// notice (流程监控通知书) on the case (R12), one per notice, keyed by its id:
// from its issue (or its last reopening) to its reply date, met by the
// reply. The usual reply period is 7 days, a choice of this system (the
// rules found do not fix one); an officer may set another date. A verbal
// reminder (口头提示) raises no alert: the escalation is a written notice.
func (e *evaluator) notices() {
	for i := range e.c.Notices {
		n := &e.c.Notices[i]
		if n.Kind != sim.NoticeWritten {
			continue
		}
		start := n.Round()
		var met *time.Time
		if n.RepliedAt != nil && !n.RepliedAt.After(e.now) && !n.RepliedAt.Before(start) {
			met = n.RepliedAt
		}
		days := daysBetween(start, n.DueAt)
		stage := fmt.Sprintf("流程监控通知书回复整改（本系统设定%d日）", sim.NoticeReplyDays)
		if days != sim.NoticeReplyDays {
			stage = fmt.Sprintf("流程监控通知书回复整改（通知书限定%d日）", days)
		}
		e.addPeriod("R12", "R12#"+n.ID, stage, start, period{days, api.PeriodDays}, days, 0, n.DueAt, met, false)
	}
}

// cardErrors raises R11 for card errors found and not fixed by now: 待整改
// when found, 逾期未整改 once 30 days have passed without a fix (the monthly
// feedback cycle; the 30 days are this system's choice). A card error is a
// data-quality finding, never 超期.
func (e *evaluator) cardErrors() {
	for _, ce := range e.c.CardErrors {
		if ce.FoundAt.After(e.now) || (ce.FixedAt != nil && !ce.FixedAt.After(e.now)) {
			continue
		}
		due := e.cal.DueDays(ce.FoundAt, 30, false)
		level := api.LevelRectify
		if e.now.After(due) {
			level = api.LevelRectifyOverdue
		}
		e.extra = append(e.extra, Finding{
			Key: "R11#" + ce.ID, Rule: "R11", Category: domain.Rules["R11"].Category, Level: level,
			PersonID: e.c.LeadID, DueAt: due, DetectedAt: ce.FoundAt,
			Basis: domain.Rules["R11"].Basis, Message: ce.Message,
		})
	}
}

// defects raises R14 when the defect points on the case reach three
// quarters of the limit (待整改) and when they reach it (达到积分上限): 40
// for a prosecution, 30 otherwise. Points are a quality finding, never
// 超期.
func (e *evaluator) defects() {
	limit := 30
	if e.c.Type == domain.TypeProsecutionReview {
		limit = 40
	}
	total := 0
	var crossedNotice, crossedLimit time.Time
	for _, d := range e.c.Defects {
		if d.At.After(e.now) {
			continue
		}
		total += d.Points
		if crossedNotice.IsZero() && total*4 >= limit*3 {
			crossedNotice = d.At
		}
		if crossedLimit.IsZero() && total >= limit {
			crossedLimit = d.At
		}
	}
	if crossedNotice.IsZero() {
		return
	}
	f := Finding{
		Key: "R14", Rule: "R14", Category: domain.Rules["R14"].Category, Level: api.LevelRectify,
		PersonID: e.c.LeadID, DueAt: crossedNotice, DetectedAt: crossedNotice,
		Basis:   domain.Rules["R14"].Basis,
		Message: fmt.Sprintf("瑕疵积分%d分，接近单案上限%d分", total, limit),
	}
	if !crossedLimit.IsZero() {
		f.Level, f.DueAt = api.LevelPointsLimit, crossedLimit
		f.Message = fmt.Sprintf("瑕疵积分%d分，达到单案上限%d分", total, limit)
	}
	e.extra = append(e.extra, f)
}

// deadlineFinding turns an unmet deadline within its notice window into a
// finding whose level follows the time left.
func deadlineFinding(d Deadline, now time.Time) (Finding, bool) {
	if d.MetAt != nil && !d.MetAt.After(now) {
		return Finding{}, false
	}
	if isFinding(d.Rule) {
		return rectificationFinding(d, now), true
	}
	var level string
	switch {
	case now.After(d.DueAt):
		level = api.LevelOverdue
	case !now.Before(d.WarningFrom()):
		level = api.LevelWarning
	case !now.Before(d.NoticeFrom()):
		level = api.LevelNotice
	default:
		return Finding{}, false
	}
	detected := d.NoticeFrom()
	if detected.Before(d.Start) {
		detected = d.Start
	}
	var msg string
	if level == api.LevelOverdue {
		msg = fmt.Sprintf("%s：已超期，期满日%s", d.Stage, formatDue(d.DueAt))
	} else {
		msg = fmt.Sprintf("%s：期满日%s", d.Stage, formatDue(d.DueAt))
	}
	msg += gapNote(d.CalendarGap)
	return Finding{
		Key: d.Key, Rule: d.Rule, Category: domain.Rules[d.Rule].Category, Level: level,
		PersonID: d.PersonID, UnitID: d.UnitID, DeptID: d.DeptID,
		DueAt: d.DueAt, DetectedAt: detected, Basis: d.Basis, Message: msg,
	}, true
}

// formatDue shows a due time: "2026-11-26 24:00" for the end of a day (the
// statute's wording), the minute otherwise.
func formatDue(t time.Time) string {
	t = t.In(calendar.Zone)
	if t.Equal(calendar.EndOfDay(t)) {
		return t.Format("2006-01-02") + " 24:00"
	}
	return t.Format("2006-01-02 15:04")
}

// gapNote warns, in a finding's message, that the holiday calendar does not
// cover years the period spans.
func gapNote(years []int) string {
	if len(years) == 0 {
		return ""
	}
	ys := make([]string, len(years))
	for i, y := range years {
		ys[i] = fmt.Sprintf("%d年", y)
	}
	return fmt.Sprintf("（节假日历未覆盖%s，期满日仅按周末推算，请以国务院放假通知核对）", strings.Join(ys, "、"))
}

// isFinding reports whether a rule's alerts are findings awaiting
// rectification rather than deadlines: their levels are 待整改 and 逾期未整改,
// never 提示/预警/超期.
func isFinding(rule string) bool {
	switch domain.Rules[rule].Category {
	case api.CategoryCard, api.CategoryRectification, api.CategoryQuality:
		return true
	}
	return false
}

// rectificationFinding is the alert of a reply-and-rectify period (R12):
// 待整改 from its start, 逾期未整改 once the period has passed.
func rectificationFinding(d Deadline, now time.Time) Finding {
	level := api.LevelRectify
	msg := fmt.Sprintf("%s：待回复整改，期满日%s", d.Stage, formatDue(d.DueAt))
	if now.After(d.DueAt) {
		level = api.LevelRectifyOverdue
		msg = fmt.Sprintf("%s：逾期未回复整改，期满日%s", d.Stage, formatDue(d.DueAt))
	}
	return Finding{
		Key: d.Key, Rule: d.Rule, Category: domain.Rules[d.Rule].Category, Level: level,
		PersonID: d.PersonID, DueAt: d.DueAt, DetectedAt: d.Start, Basis: d.Basis, Message: msg,
	}
}
