// Package storetest builds small, hand-made case-system data sets in a
// store.Store for tests of the store, the server and their users: the real
// org tree with a few people, five cases (one accepted in the future) with
// events, decisions, card errors, documents, reviews and defects, alerts
// reconciled from hand-made findings, and indicator values.
package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/rules"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/casesim/store"
)

// Now is the simulation time the fixture is built at: 2023-06-15 10:00 CST.
var Now = time.Date(2023, 6, 15, 10, 0, 0, 0, sim.Zone)

// Day returns 2023-06-d at hh:00 in the simulation's zone (d may leave the
// month: 31 is 1 July, 0 is 31 May).
func Day(d, hh int) time.Time { return time.Date(2023, 6, d, hh, 0, 0, 0, sim.Zone) }

func tp(t time.Time) *time.Time { return &t }

// People are the fixture's staff.
var People = []sim.Person{
	{ID: "U11-P01", Name: "张明", UnitID: "U11", DeptID: "U11-D1", Role: api.RoleProsecutor, Quota: true},
	{ID: "U11-P02", Name: "王芳", UnitID: "U11", DeptID: "U11-D1", Role: api.RoleAssistant},
	{ID: "U11-P03", Name: "刘强", UnitID: "U11", DeptID: "U11-D1", Role: api.RoleDeptHead, Quota: true},
	{ID: "U11-P04", Name: "陈静", UnitID: "U11", DeptID: "U11-D1", Role: api.RoleDeputy, Quota: true, Leader: true},
	{ID: "U11-P05", Name: "赵军", UnitID: "U11", DeptID: "U11-D1", Role: api.RoleChief, Quota: true, Leader: true},
	{ID: "U12-P01", Name: "李华", UnitID: "U12", DeptID: "U12-D1", Role: api.RoleProsecutor, Quota: true},
	{ID: "U13-P09", Name: "吴刚", UnitID: "U13", DeptID: "U13-D5", Role: api.RoleProsecutor},
	{ID: "U21-P01", Name: "周敏", UnitID: "U21", DeptID: "U21-D3", Role: api.RoleProsecutor, Quota: true},
}

// Cases returns the fixture's cases, fresh on every call:
//
//   - C1 (U11, prosecution review): open, returned for investigation, one
//     unfixed and one fixed card error (and one found only in the future),
//     decisions within, over and uncovered (and one in the future).
//   - C2 (U12, arrest review, suspect 李四): open, detained.
//   - C3 (U21, civil supervision): closed on 1 June, reviewed on 10 June.
//   - C4 (U11): accepted on 20 June, after Now: not visible yet.
//   - C5 (U13): title with % and _ for the search's escaping.
func Cases() []*sim.Case {
	c1 := &sim.Case{
		ID: "C1", No: "黛阳检刑诉受〔2023〕1号", Title: "王某故意伤害案", Type: domain.TypeProsecutionReview,
		Line: api.LineCriminal, UnitID: "U11", DeptID: "U11-D1", LeadID: "U11-P01", AssistID: "U11-P02",
		Source: "移送", AcceptedAt: Day(1, 9), Plea: true, ClosedAt: tp(Day(40, 16)),
		Card: []sim.CardField{
			{Key: "case_no", Label: "受案号", Value: "黛阳检刑诉受〔2023〕1号"},
			{Key: "charge", Label: "案卡罪名", Value: "盗窃罪"},
			{Key: "measure", Label: "强制措施", Value: "逮捕"},
			{Key: "plea", Label: "认罪认罚", Value: "是"},
		},
		Parties: []sim.Party{
			{ID: "C1-S1", Role: "犯罪嫌疑人", Name: "王某", Charge: "故意伤害罪", Measure: "逮捕", Custody: true, DetainedFrom: tp(Day(-20, 9))},
			{ID: "C1-V1", Role: "被害人", Name: "孙某"},
		},
		Events: []sim.Event{
			{At: Day(1, 9), Type: domain.EvAccepted, Actor: "U11-P01"},
			{At: Day(2, 10), Type: domain.EvRightsNotice, Actor: "U11-P02"},
			{At: Day(10, 15), Type: domain.EvReturned, Actor: "U11-P01", Detail: "第一次退回补充侦查"},
			{At: Day(25, 10), Type: domain.EvResubmitted},
			{At: Day(40, 16), Type: domain.EvProsecuted, Actor: "U11-P01"},
			{At: Day(40, 16), Type: domain.EvClosed},
		},
		Decisions: []sim.Decision{
			{ID: "C1-D1", Kind: "review_extend", PowerID: "P08", Action: "延长审查起诉期限", By: "U11-P03", Role: api.RoleDeptHead, At: Day(5, 11)},
			{ID: "C1-D2", Kind: "no_protest", Action: "决定不抗诉", By: "U11-P04", Role: api.RoleDeputy, At: Day(8, 11)},
			{ID: "C1-D3", Kind: "supplementary_investigation", PowerID: "P07", Action: "退回补充侦查", By: "U11-P01", Role: api.RoleProsecutor, At: Day(10, 15)},
			{ID: "C1-D4", Kind: "arrest_approve_major", PowerID: "P04", Action: "提交检委会", By: "U11-committee", Role: api.RoleCommittee, At: Day(12, 15)},
			{ID: "C1-D5", Kind: "prosecute", PowerID: "P09", Action: "提起公诉", By: "U11-P01", Role: api.RoleProsecutor, At: Day(40, 16)},
		},
		Documents: []sim.Document{
			{ID: "C1-W1", Type: "权利义务告知书", DraftedBy: "U11-P02", SignedBy: "U11-P01", IssuedAt: Day(2, 10)},
			{ID: "C1-W2", Type: "起诉书", DraftedBy: "U11-P02", SignedBy: "U11-P01", IssuedAt: Day(40, 16)},
		},
		CardErrors: []sim.CardError{
			{ID: "C1-K1", Rule: "R11", Field: "charge", Message: "人卡罪名（故意伤害罪）与案卡罪名（盗窃罪）不一致", FoundAt: Day(3, 9)},
			{ID: "C1-K2", Rule: "R11", Field: "measure", Message: "强制措施填录有误", FoundAt: Day(4, 9), FixedAt: tp(Day(6, 9))},
			{ID: "C1-K3", Rule: "R11", Field: "plea", Message: "认罪认罚填录有误", FoundAt: Day(20, 9)},
		},
		Review: &sim.Review{Mode: "常规", Grade: "合格", Reviewer: "U11-P05", ReviewedAt: Day(50, 9)},
		Defects: []sim.Defect{
			{PersonID: "U11-P01", Aspect: "案卡填录", Item: "罪名填录错误", Points: 5, Source: "流程监控", At: Day(12, 9)},
			{PersonID: "U11-P01", Aspect: "文书制作", Item: "文书瑕疵", Points: 10, Source: "评查", At: Day(50, 9)},
		},
	}
	c2 := &sim.Case{
		ID: "C2", No: "澜城检刑捕受〔2023〕7号", Title: "李四盗窃案", Type: domain.TypeArrestReview,
		Line: api.LineCriminal, UnitID: "U12", DeptID: "U12-D1", LeadID: "U12-P01", Source: "移送",
		AcceptedAt: Day(6, 9), ClosedAt: tp(Day(30, 9)),
		Parties: []sim.Party{{ID: "C2-S1", Role: "犯罪嫌疑人", Name: "李四", Charge: "盗窃罪", Measure: "拘留", Custody: true, DetainedFrom: tp(Day(3, 9))}},
		Events: []sim.Event{
			{At: Day(6, 9), Type: domain.EvAccepted, Actor: "U12-P01"},
			{At: Day(30, 9), Type: domain.EvArrestApproved, Actor: "U12-P01"},
			{At: Day(30, 9), Type: domain.EvClosed},
		},
		Decisions: []sim.Decision{
			{ID: "C2-D1", Kind: "arrest_approve", PowerID: "P03", Action: "批准逮捕", By: "U12-P01", Role: api.RoleProsecutor, At: Day(30, 9)},
		},
	}
	c3 := &sim.Case{
		ID: "C3", No: "澄湄检民监受〔2023〕3号", Title: "某公司合同纠纷监督案", Type: domain.TypeCivilSupervision,
		Line: api.LineCivil, UnitID: "U21", DeptID: "U21-D3", LeadID: "U21-P01", Source: "申请",
		AcceptedAt: Day(-30, 9), ClosedAt: tp(Day(1, 9)),
		Events: []sim.Event{
			{At: Day(-30, 9), Type: domain.EvAccepted, Actor: "U21-P01"},
			{At: Day(1, 9), Type: domain.EvSupervisionDone, Actor: "U21-P01"},
			{At: Day(1, 9), Type: domain.EvClosed},
		},
		Decisions: []sim.Decision{
			{ID: "C3-D1", Kind: "civil_retrial_recommendation", PowerID: "P18", Action: "提出再审检察建议", By: "U21-P01", Role: api.RoleProsecutor, At: Day(1, 9)},
		},
		Review: &sim.Review{Mode: "随机", Grade: "合格", Reviewer: "评查组", Issues: []string{"审查报告说理不充分"}, ReviewedAt: Day(10, 9)},
	}
	c4 := &sim.Case{
		ID: "C4", No: "黛阳检刑诉受〔2023〕9号", Title: "未来案件", Type: domain.TypeProsecutionReview,
		Line: api.LineCriminal, UnitID: "U11", DeptID: "U11-D1", LeadID: "U11-P01", Source: "移送",
		AcceptedAt: Day(20, 9),
		Events:     []sim.Event{{At: Day(20, 9), Type: domain.EvAccepted}},
	}
	c5 := &sim.Case{
		ID: "C5", No: "关口检控申受〔2023〕2号", Title: "100%_赔偿申诉案", Type: domain.TypePetition,
		Line: api.LineComplaint, UnitID: "U13", DeptID: "U13-D5", LeadID: "U13-P09", Source: "申请",
		AcceptedAt: Day(8, 9),
		Events:     []sim.Event{{At: Day(8, 9), Type: domain.EvAccepted}},
	}
	return []*sim.Case{c1, c2, c3, c4, c5}
}

// Findings returns hand-made findings of the cases at Now: two on C1 (an R3
// notice and an R11 warning), one overdue R1 on C2, none on C3 and C5.
func Findings() map[string][]rules.Finding {
	return map[string][]rules.Finding{
		"C1": {
			{Key: "R3#1", Rule: "R3", Category: api.CategoryDeadline, Level: api.LevelNotice, PersonID: "U11-P01",
				DueAt: Day(17, 15), DetectedAt: Day(14, 15), Message: "退回补充侦查：将于2023-06-17 15:00到期"},
			{Key: "R11#C1-K1", Rule: "R11", Category: api.CategoryCard, Level: api.LevelWarning, PersonID: "U11-P01",
				DueAt: Day(13, 9), DetectedAt: Day(3, 9), Message: "人卡罪名与案卡罪名不一致"},
		},
		"C2": {
			{Key: "R1", Rule: "R1", Category: api.CategoryDeadline, Level: api.LevelOverdue, PersonID: "U12-P01",
				DueAt: Day(13, 9), DetectedAt: Day(12, 9), Message: "审查逮捕：已超期"},
		},
	}
}

// Evaluated lists the cases the fixture's Reconcile evaluates.
var Evaluated = []string{"C1", "C2", "C3", "C5"}

// Periods are the months with indicator values, oldest first: 2021-05 to
// 2023-06 (26).
func Periods() []string {
	var out []string
	for t := time.Date(2021, 5, 1, 0, 0, 0, 0, sim.Zone); !t.After(time.Date(2023, 6, 1, 0, 0, 0, 0, sim.Zone)); t = t.AddDate(0, 1, 0) {
		out = append(out, t.Format("2006-01"))
	}
	return out
}

// BasicUnits are the ids of the basic units, in org order.
func BasicUnits() []string {
	var basic []string
	for _, u := range domain.Units {
		if u.Level == api.UnitBasic {
			basic = append(basic, u.ID)
		}
	}
	return basic
}

// IndicatorValues returns values of I01 (lower is better), I02 (band) and
// I08 (higher is better) for every basic unit and period, with no city rows
// (the store aggregates them) but a province row for I08 that differs from
// the aggregate (the store must use it).
//
// I01 alternates 1.30 and 1.31 until the last period, where it is
// 1.10 + 0.05·k for the k-th basic unit (k = 0…11, in org order), except U12
// and U13, which tie at 1.20: so U11's last value is a jump (volatile).
// I02 is 20 + 3k %, I08 is 80 + k %, in every period.
func IndicatorValues() []store.IndicatorValue {
	basic := BasicUnits()
	periods := Periods()
	var out []store.IndicatorValue
	for pi, p := range periods {
		last := pi == len(periods)-1
		for k, u := range basic {
			x := 1.30 + 0.01*float64(pi%2)
			if last {
				x = 1.10 + 0.05*float64(k)
				if u == "U12" || u == "U13" {
					x = 1.20
				}
			}
			x = round2(x)
			out = append(out,
				store.IndicatorValue{UnitID: u, IndicatorID: "I01", Period: p, Numerator: x * 100, Denominator: 100, Value: x},
				store.IndicatorValue{UnitID: u, IndicatorID: "I02", Period: p, Numerator: 20 + 3*float64(k), Denominator: 100, Value: 20 + 3*float64(k)},
				store.IndicatorValue{UnitID: u, IndicatorID: "I08", Period: p, Numerator: 2 * (80 + float64(k)), Denominator: 200, Value: 80 + float64(k)},
			)
		}
		out = append(out, store.IndicatorValue{UnitID: domain.RootUnitID, IndicatorID: "I08", Period: p,
			Numerator: 99, Denominator: 100, Value: 99})
	}
	return out
}

func round2(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }

// Load fills st with the fixture: org, cases, alerts reconciled at Now and
// indicator values.
func Load(ctx context.Context, st *store.Store) error {
	if err := st.SaveOrg(ctx, domain.Units, domain.Departments, People); err != nil {
		return err
	}
	if err := st.UpsertCases(ctx, Cases()); err != nil {
		return err
	}
	if _, err := st.Reconcile(ctx, Now, Evaluated, Findings()); err != nil {
		return err
	}
	return st.SaveIndicatorValues(ctx, IndicatorValues())
}

// Open opens a store at path (":memory:" or a file) loaded with the
// fixture, closed when the test ends.
func Open(tb testing.TB, path string) *store.Store {
	tb.Helper()
	st, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if err := Load(context.Background(), st); err != nil {
		tb.Fatal(err)
	}
	return st
}

// BulkAlerts adds n open alerts to st for benchmarks: ⌈n/4⌉ cases spread
// over the basic units, each with up to four findings (R2, R4, R11, R12)
// reconciled at Now.
func BulkAlerts(ctx context.Context, st *store.Store, n int) error {
	basic := BasicUnits()
	var cases []*sim.Case
	var ids []string
	findings := map[string][]rules.Finding{}
	for i := 0; i < (n+3)/4; i++ {
		u := basic[i%len(basic)]
		id := fmt.Sprintf("B%06d", i)
		at := Day(1, 9).Add(time.Duration(i) * time.Second)
		cases = append(cases, &sim.Case{ID: id, No: fmt.Sprintf("%s检刑诉受〔2023〕%d号", u, 1000+i),
			Title: fmt.Sprintf("批量案件%d", i), Type: domain.TypeProsecutionReview, Line: api.LineCriminal,
			UnitID: u, DeptID: u + "-D1", LeadID: u + "-P01", Source: "移送", AcceptedAt: at,
			Events: []sim.Event{{At: at, Type: domain.EvAccepted}}})
		ids = append(ids, id)
		for j, rule := range []string{"R2", "R4", "R11", "R12"} {
			if 4*i+j >= n {
				break
			}
			spec := domain.Rules[rule]
			findings[id] = append(findings[id], rules.Finding{Key: rule, Rule: rule, Category: spec.Category,
				Level: []string{api.LevelNotice, api.LevelWarning, api.LevelOverdue}[(i+j)%3],
				DueAt: Now.Add(time.Duration(i%200-100) * time.Hour), DetectedAt: at,
				Message: fmt.Sprintf("%s：批量预警 %d-%d", spec.Name, i, j)})
		}
	}
	if err := st.UpsertCases(ctx, cases); err != nil {
		return err
	}
	_, err := st.Reconcile(ctx, Now, ids, findings)
	return err
}
