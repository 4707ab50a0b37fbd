package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// fixedNow is the wall clock of every test.
var fixedNow = time.Date(2023, 5, 10, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// fakeSource is a Source fed by hand.
type fakeSource struct {
	mu       sync.Mutex
	ch       chan client.State
	state    client.State
	refresh  int
	acks     []client.PendingAck
	ackErr   error
	canceled bool
}

func newFakeSource(s client.State) *fakeSource {
	return &fakeSource{ch: make(chan client.State, 4), state: s}
}

func (f *fakeSource) Subscribe() (<-chan client.State, func()) {
	return f.ch, func() { f.mu.Lock(); f.canceled = true; f.mu.Unlock() }
}

func (f *fakeSource) Current() client.State { return f.state }

func (f *fakeSource) Refresh() { f.mu.Lock(); f.refresh++; f.mu.Unlock() }

func (f *fakeSource) Acknowledge(alertID, by, note string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ackErr != nil {
		return "", f.ackErr
	}
	key := fmt.Sprintf("key-%d", len(f.acks)+1)
	f.acks = append(f.acks, client.PendingAck{AlertID: alertID, By: by, Note: note, Key: key, QueuedAt: fixedNow})
	return key, nil
}

// fakeFetcher serves drill-downs from hand-built values.
type fakeFetcher struct {
	cases     map[string]*api.Case
	ranking   *api.Ranking
	decisions *api.DecisionPage
	err       error
	calls     []string
}

func (f *fakeFetcher) Case(_ context.Context, id string) (*api.Case, error) {
	f.calls = append(f.calls, "case:"+id)
	if f.err != nil {
		return nil, f.err
	}
	if c, ok := f.cases[id]; ok {
		return c, nil
	}
	if f.cases == nil {
		return nil, errors.New("404 case " + id + " not found")
	}
	c := *fixtureCase()
	c.ID = id
	c.CaseNo = "东检刑诉受[2023]" + id[1:] + "号"
	return &c, nil
}

func (f *fakeFetcher) Ranking(_ context.Context, id, period, parent string) (*api.Ranking, error) {
	f.calls = append(f.calls, "ranking:"+id+":"+period+":"+parent)
	if f.err != nil {
		return nil, f.err
	}
	if f.ranking == nil {
		return nil, nil
	}
	r := *f.ranking
	r.IndicatorID = id
	return &r, nil
}

// Indicators answers a month-to-date or year-to-date set: the fixture's
// set relabelled.
func (f *fakeFetcher) CoverageIn(_ context.Context, unit, by, period string) (*api.Coverage, error) {
	f.calls = append(f.calls, "coverage:"+unit+":"+by+":"+period)
	if f.err != nil {
		return nil, f.err
	}
	c := fixtureCoverage(unit, by == "person")
	c.Period = period
	switch {
	case strings.HasSuffix(period, "-ytd"):
		c.PeriodKind, c.From, c.To = api.PeriodYTD, time.Date(2023, 1, 1, 0, 0, 0, 0, fixedNow.Location()), time.Date(2023, 5, 1, 0, 0, 0, 0, fixedNow.Location())
		c.Totals.Over, c.Totals.Decisions = 9, 800
	case strings.HasSuffix(period, "-mtd"):
		c.PeriodKind, c.From, c.To = api.PeriodMTD, time.Date(2023, 5, 1, 0, 0, 0, 0, fixedNow.Location()), fixedNow
		c.Totals.Over, c.Totals.Decisions = 1, 70
	}
	return &c, nil
}

func (f *fakeFetcher) Indicators(_ context.Context, unit, period string) (*api.IndicatorSet, error) {
	f.calls = append(f.calls, "indicators:"+unit+":"+period)
	if f.err != nil {
		return nil, f.err
	}
	basic := unit == "b11" || unit == "b12" || unit == "b21"
	s := fixtureIndicators(unit, unit, basic)
	s.Period = period
	switch {
	case strings.HasSuffix(period, "-ytd"):
		s.PeriodKind, s.From, s.Through = api.PeriodYTD, "2023-01-01", "2023-04-30"
	case strings.HasSuffix(period, "-mtd"):
		s.PeriodKind, s.From, s.Through = api.PeriodMTD, "2023-05-01", "2023-05-14"
	}
	for i := range s.Indicators {
		s.Indicators[i].Previous, s.Indicators[i].Change, s.Indicators[i].Volatile = nil, nil, false
	}
	return &s, nil
}

func (f *fakeFetcher) Decisions(_ context.Context, q client.DecisionQuery) (*api.DecisionPage, error) {
	f.calls = append(f.calls, fmt.Sprintf("decisions:%s:%s:%s:%s:%s", q.Unit, q.Dept, q.Person, q.Verdict, q.Period))
	if f.err != nil {
		return nil, f.err
	}
	return f.decisions, nil
}

func fp(f float64) *float64 { return &f }

// fixtureUnits is a small org tree with invented names.
func fixtureUnits() []api.Unit {
	depts := []api.Department{
		{ID: "d1", Name: "第一检察部", Line: api.LineCriminal},
		{ID: "d2", Name: "第三检察部", Line: api.LineCivil},
		{ID: "d9", Name: "案件管理部", Line: api.LineManagement},
	}
	return []api.Unit{
		{ID: "p0", Name: "东州省人民检察院", NameEn: "Dongzhou Provincial Procuratorate", Level: api.UnitProvince, Departments: depts},
		{ID: "c1", Name: "东州市人民检察院", NameEn: "Dongzhou City", Level: api.UnitCity, ParentID: "p0", Departments: depts},
		{ID: "c2", Name: "西岭市人民检察院", NameEn: "Xiling City", Level: api.UnitCity, ParentID: "p0", Departments: depts},
		{ID: "b11", Name: "东州市城关区人民检察院", NameEn: "Chengguan District", Level: api.UnitBasic, ParentID: "c1", Departments: depts},
		{ID: "b12", Name: "北山县人民检察院", NameEn: "Beishan County", Level: api.UnitBasic, ParentID: "c1", Departments: depts},
		{ID: "b21", Name: "南湖区人民检察院", NameEn: "Nanhu District", Level: api.UnitBasic, ParentID: "c2", Departments: depts},
	}
}

// alertPtrs points at each of alerts, for a client.AlertSet.
func alertPtrs(alerts []api.Alert) []*client.Alert {
	out := make([]*client.Alert, len(alerts))
	for i := range alerts {
		out[i] = client.NewAlert(alerts[i])
	}
	return out
}

// fixtureAlerts builds n alerts spread over units, levels and categories,
// deterministically.
func fixtureAlerts(n int) []api.Alert {
	units := []struct{ id, name string }{{"b11", "东州市城关区人民检察院"}, {"b12", "北山县人民检察院"}, {"b21", "南湖区人民检察院"}, {"c1", "东州市人民检察院"}}
	people := []string{"李明", "王芳", "张伟", "刘洋", "陈静"}
	rules := []struct{ id, zh, en, cat string }{
		{"R2", "审查起诉超期", "Prosecution review overdue", api.CategoryDeadline},
		{"R11", "案卡逻辑校验", "Case-card logic check", api.CategoryCard},
		{"R4", "诉讼权利告知", "Rights notice", api.CategoryRights},
		{"R1", "审查逮捕超期", "Arrest review overdue", api.CategoryDeadline},
		{"R5", "羁押必要性审查", "Custody-necessity review", api.CategoryMeasure},
		{"R12", "文书未制作", "Document missing", api.CategoryDocument},
		{"R9", "涉案财物未处理", "Property not handled", api.CategoryProperty},
	}
	lv := []string{api.LevelOverdue, api.LevelWarning, api.LevelNotice, api.LevelNotice, api.LevelWarning}
	out := make([]api.Alert, n)
	for i := range out {
		u := units[i%len(units)]
		r := rules[i%len(rules)]
		level := lv[i%len(lv)]
		var due time.Time
		switch level {
		case api.LevelOverdue:
			due = fixedNow.Add(-time.Duration(1+i%5) * 24 * time.Hour).Add(-time.Duration(i%7) * time.Hour)
		case api.LevelWarning:
			due = fixedNow.Add(time.Duration(2+i%9) * time.Hour).Add(time.Duration(i%60) * time.Minute)
		default:
			due = fixedNow.Add(time.Duration(2+i%6) * 24 * time.Hour)
		}
		out[i] = api.Alert{
			ID:         fmt.Sprintf("A%06d", i+1),
			Rule:       r.id,
			RuleName:   r.zh,
			RuleNameEn: r.en,
			Category:   r.cat,
			Level:      level,
			Status:     api.StatusOpen,
			CaseID:     fmt.Sprintf("C%05d", i%50+1),
			CaseNo:     fmt.Sprintf("东检刑诉受[2023]%05d号", i%50+1),
			UnitID:     u.id,
			UnitName:   u.name,
			DeptID:     "d1",
			DeptName:   "第一检察部",
			PersonID:   fmt.Sprintf("P%d", i%len(people)),
			PersonName: people[i%len(people)],
			DueAt:      due,
			DetectedAt: fixedNow.Add(-time.Duration(1+i%72) * time.Hour),
			UpdatedAt:  fixedNow.Add(-time.Hour),
			Basis:      "刑事诉讼法第172条",
			Message:    r.zh + "，请及时处理",
		}
	}
	if n > 3 {
		out[3].Ack = &api.Ack{By: "赵敏", Note: "已督办", At: fixedNow.Add(-30 * time.Minute), ActedAt: fixedNow.Add(-32 * time.Minute)}
		out[3].Status = api.StatusAcknowledged
	}
	return out
}

// fixtureIndicators builds an indicator set for unit.
func fixtureIndicators(unit, name string, basic bool) api.IndicatorSet {
	mk := func(id, zh, en, dir, unitOf string, v, ref, prev float64, rank, of int, vol float64, bottom, volatile bool) api.Indicator {
		hist := make([]api.HistoryPoint, 12)
		for i := range hist {
			month := time.Date(2022, time.Month(5+i), 1, 0, 0, 0, 0, time.UTC)
			hist[i] = api.HistoryPoint{Period: month.Format("2006-01"), Value: prev * (1 + 0.03*float64((i*7)%5-2))}
		}
		hist[11].Value = v
		change, yoy := v-prev, v-hist[0].Value
		ind := api.Indicator{ID: id, Name: zh, NameEn: en, Line: api.LineCriminal, Direction: dir, Unit: unitOf,
			Definition: zh + "＝分子÷分母×100%，统计期内按受理日期计算。", Reference: ref, Value: v,
			Numerator: v * 10, Denominator: 1000, Rank: rank, RankOf: of, Previous: &prev, Change: &change,
			YearAgo: &hist[0].Value, YoYChange: &yoy, Source: api.SourceComputed,
			Volatility: vol, BottomRank: bottom, Volatile: volatile, History: hist}
		if !basic {
			// A city or the province: its basic units' standing, no rank.
			ind.Rank, ind.RankOf = 0, 0
			sub := &api.Subordinates{BasicUnits: 3, Bottom: []api.RankEntry{}}
			if bottom {
				sub.Bottom = append(sub.Bottom, api.RankEntry{UnitID: "b12", UnitName: "北山县人民检察院", Value: v + 1, Rank: 3, BottomRank: true})
			}
			ind.Subordinates = sub
		}
		return ind
	}
	set := api.IndicatorSet{UnitID: unit, UnitName: name, Period: "2023-04", PeriodKind: api.PeriodMonth,
		From: "2023-04-01", Through: "2023-04-30", AsOf: fixedNow.Add(-time.Hour)}
	set.Indicators = []api.Indicator{
		mk("I01", "刑事检察案-件比", "Case-to-item ratio", api.DirectionLower, "ratio", 1.42, 1.30, 1.35, 10, 12, 1.1, true, false),
		mk("I02", "不捕率", "Non-arrest rate", api.DirectionBand, "%", 38.1, 35, 31.2, 4, 12, 6.9, false, true),
		mk("I04", "诉前羁押率", "Pre-charge detention rate", api.DirectionLower, "%", 32.7, 35, 33.1, 6, 12, 0.8, false, false),
		mk("I08", "认罪认罚从宽制度适用率", "Plea-leniency application rate", api.DirectionHigher, "%", 86.5, 90, 88.0, 11, 12, 1.5, true, false),
		mk("I10", "量刑建议采纳率", "Sentencing-recommendation adoption", api.DirectionHigher, "%", 96.2, 95, 95.1, 2, 12, 1.1, false, false),
		mk("I17", "平均审查起诉天数", "Mean days in review", api.DirectionLower, "days", 23.4, 20, 19.0, 9, 12, 4.4, false, true),
	}
	set.Indicators[1].BandLow, set.Indicators[1].BandHigh = fp(20), fp(55)
	set.Indicators[0].Short, set.Indicators[0].ShortEn = "案-件比", "Case-to-item"
	set.Indicators[3].Short, set.Indicators[3].ShortEn = "认罪认罚适用率", "Plea leniency"
	set.Indicators[5].Source = api.SourceSimulated
	return set
}

// fixtureCoverage builds a coverage answer.
func fixtureCoverage(unit string, byPerson bool) api.Coverage {
	c := api.Coverage{UnitID: unit, By: "department", AsOf: fixedNow.Add(-2 * time.Hour)}
	if byPerson {
		c.By = "person"
		c.Rows = []api.CoverageRow{
			{Key: "P0", Name: "李明", UnitID: "b11", Role: api.RoleProsecutor, Decisions: 40, Within: 38, Over: 2, OverRate: 0.05},
			{Key: "P1", Name: "王芳", UnitID: "b11", Role: api.RoleDeptHead, Decisions: 25, Within: 25},
			{Key: "P2", Name: "张伟", UnitID: "b12", Role: api.RoleChief, Decisions: 11, Within: 11, NotOnList: 1},
		}
	} else {
		c.Rows = []api.CoverageRow{
			{Key: "d1", Name: "第一检察部", UnitID: unit, Decisions: 118, Within: 114, Over: 4, OverRate: 0.033898, NotOnList: 2},
			{Key: "d2", Name: "第三检察部", UnitID: unit, Decisions: 60, Within: 60},
			{Key: "d9", Name: "案件管理部", UnitID: unit, Decisions: 29, Within: 29, NotOnList: 1},
		}
		if unit == "p0" || unit == "c1" {
			// A scope of several units: rows of units under it too.
			c.Rows[1].UnitID, c.Rows[1].UnitName = "b11", "东州市城关区人民检察院"
			c.Rows[2].UnitID, c.Rows[2].UnitName = "b12", "北山县人民检察院"
		}
	}
	c.Totals = api.CoverageRow{Key: "total", Name: "合计", Decisions: 207, Within: 203, Over: 4, OverRate: 0.019324, NotOnList: 3}
	c.Period, c.PeriodKind = "2023-04", "month"
	c.List = api.PowerList{Source: "builtin", Example: true, Items: 73, Counted: 70}
	c.NotOnList = []api.ListGap{{Kind: "no_protest", Name: "审查判决裁定后决定不抗诉", NameEn: "Decide not to protest a judgment",
		Line: api.LineCriminal, Decisions: 3, Units: 2}}
	c.Unexercised = []api.Power{
		{ID: "W12", Name: "特殊不起诉（报最高检核准）", NameEn: "Special non-prosecution", Line: api.LineCriminal},
		{ID: "W15", Name: "报请核准追诉", NameEn: "Request approval to prosecute", Line: api.LineCriminal},
	}
	return c
}

// fixtureState is a full, healthy state with n alerts.
func fixtureState(n int) client.State {
	iv := 10 * time.Second
	snapAt := fixedNow.Add(-12 * time.Second)
	s := client.State{Seq: 1}
	s.Health = client.Feed[api.Health]{HasData: true, FetchedAt: snapAt, Interval: iv,
		Data: api.Health{Status: "ok", SimTime: snapAt, SimSpeed: 1, DataAsOf: snapAt, Demo: true}}
	s.Units = client.Feed[api.UnitList]{HasData: true, FetchedAt: snapAt, Interval: time.Minute,
		Data: api.UnitList{Units: fixtureUnits()}}
	s.Alerts = client.Feed[client.AlertSet]{HasData: true, FetchedAt: snapAt, Interval: iv,
		Data: client.AlertSet{Alerts: alertPtrs(fixtureAlerts(n)), AsOf: snapAt, SimSpeed: 1}}
	s.Indicators = map[string]client.Feed[api.IndicatorSet]{}
	s.CoverageByDept = map[string]client.Feed[api.Coverage]{}
	s.CoverageByPerson = map[string]client.Feed[api.Coverage]{}
	for _, u := range fixtureUnits() {
		s.Indicators[u.ID] = client.Feed[api.IndicatorSet]{HasData: true, FetchedAt: fixedNow.Add(-40 * time.Second),
			Interval: time.Minute, Data: fixtureIndicators(u.ID, u.Name, u.Level == api.UnitBasic)}
		s.CoverageByDept[u.ID] = client.Feed[api.Coverage]{HasData: true, FetchedAt: fixedNow.Add(-70 * time.Second),
			Interval: time.Minute, Data: fixtureCoverage(u.ID, false)}
		s.CoverageByPerson[u.ID] = client.Feed[api.Coverage]{HasData: true, FetchedAt: fixedNow.Add(-70 * time.Second),
			Interval: time.Minute, Data: fixtureCoverage(u.ID, true)}
	}
	return s
}

// fixtureCase is the case behind alert A000001.
func fixtureCase() *api.Case {
	closed := (*time.Time)(nil)
	fixed := fixedNow.Add(-48 * time.Hour)
	return &api.Case{
		CaseSummary: api.CaseSummary{ID: "C00001", CaseNo: "东检刑诉受[2023]00001号", Title: "李某某盗窃案", Type: "prosecution_review",
			Line: api.LineCriminal, UnitID: "b11", UnitName: "东州市城关区人民检察院", DeptID: "d1", DeptName: "第一检察部",
			LeadID: "P0", LeadName: "李明", AcceptedAt: fixedNow.Add(-40 * 24 * time.Hour), ClosedAt: closed, Stage: "审查起诉", OpenAlerts: 2},
		Source: "transfer", Plea: true,
		Card: []api.CardField{
			{Field: "charge", Label: "案卡罪名", Value: "盗窃罪"},
			{Field: "party_charge", Label: "人卡罪名", Value: "诈骗罪", Failed: true},
			{Field: "measure", Label: "强制措施", Value: "取保候审"},
		},
		CardChecks: []api.CardCheck{
			{ID: "K1", Rule: "R11-1", Field: "party_charge", Severity: "error", Message: "人卡罪名与案卡罪名不一致", FoundAt: fixedNow.Add(-72 * time.Hour)},
			{ID: "K2", Rule: "R11-4", Field: "plea_doc", Severity: "error", Message: "认罪认罚缺少具结书", FoundAt: fixedNow.Add(-96 * time.Hour), FixedAt: &fixed},
		},
		Parties: []api.Party{{ID: "X1", Role: "suspect", Name: "李某某", Charge: "盗窃罪", Measure: "取保候审"}},
		Deadlines: []api.Deadline{
			{Rule: "R2", Stage: "审查起诉", Start: fixedNow.Add(-32 * 24 * time.Hour), LegalDays: 30, ExtensionDays: 0,
				Period: 1, PeriodUnit: api.PeriodMonths, SetBy: api.SetByLaw,
				DueAt: fixedNow.Add(-2 * 24 * time.Hour), Status: api.DeadlineOverdue, Basis: "《刑事诉讼法》第一百七十二条：人民检察院对于监察机关、公安机关移送起诉的案件，应当在一个月以内作出决定，重大、复杂的案件，可以延长十五日。"},
			{Rule: "R4", Stage: "权利告知", Start: fixedNow.Add(-32 * 24 * time.Hour), LegalDays: 3,
				DueAt: fixedNow.Add(-29 * 24 * time.Hour), Status: api.DeadlineMet, Basis: "《刑事诉讼法》第三十四条"},
		},
		Timeline: []api.Event{
			{At: fixedNow.Add(-40 * 24 * time.Hour), Type: "accepted", Label: "受理", Actor: "案件管理部"},
			{At: fixedNow.Add(-39 * 24 * time.Hour), Type: "assigned", Label: "分案", Actor: "李明"},
		},
		Documents: []api.Document{{ID: "W1", Type: "权利义务告知书", DraftedBy: "赵敏", SignedBy: "李明", IssuedAt: fixedNow.Add(-39 * 24 * time.Hour)}},
		Decisions: []api.Decision{
			{ID: "D1", CaseID: "C00001", CaseNo: "东检刑诉受[2023]00001号", PowerName: "不起诉", Action: "not_prosecute",
				DecidedBy: "P0", DeciderName: "李明", Role: api.RoleProsecutor, At: fixedNow.Add(-3 * 24 * time.Hour),
				Verdict: api.VerdictOver, AllowedRoles: []string{api.RoleChief, api.RoleCommittee}},
		},
		Alerts:       fixtureAlerts(1),
		Review:       &api.Review{Mode: "routine", Grade: "qualified", Reviewer: "赵敏", Issues: []string{"审查报告未列明证据来源"}, ReviewedAt: fixedNow.Add(-24 * time.Hour)},
		DefectPoints: []api.DefectPoint{{PersonName: "李明", Aspect: "办案期限", Item: "审查起诉超期", Points: 6, Source: "流程监控", At: fixedNow.Add(-24 * time.Hour)}},
		DefectTotal:  6,
		AsOf:         fixedNow,
	}
}

// fixtureRanking ranks 6 units on an indicator.
func fixtureRanking(id string) *api.Ranking {
	r := &api.Ranking{IndicatorID: id, Name: "刑事检察案-件比", NameEn: "Case-to-item ratio", Direction: api.DirectionLower,
		Unit: "ratio", Period: "2023-04", PeriodKind: api.PeriodMonth, AsOf: fixedNow}
	for _, u := range fixtureUnits() {
		if u.Level != api.UnitBasic {
			continue // the server ranks the province's basic units
		}
		i := len(r.Entries)
		v := 1.1 + float64(i)*0.07
		r.Entries = append(r.Entries, api.RankEntry{UnitID: u.ID, UnitName: u.Name, Value: v, Numerator: v * 100, Denominator: 100,
			Rank: i + 1, BottomRank: i == 2})
	}
	return r
}

// fixtureDecisions is the gap decisions of one department.
func fixtureDecisions() *api.DecisionPage {
	return &api.DecisionPage{AsOf: fixedNow, Decisions: []api.Decision{
		{ID: "D1", CaseID: "C00001", CaseNo: "东检刑诉受[2023]00001号", PowerName: "不起诉", DecidedBy: "P0", DeciderName: "李明",
			Role: api.RoleProsecutor, At: fixedNow.Add(-3 * 24 * time.Hour), Verdict: api.VerdictOver, AllowedRoles: []string{api.RoleChief, api.RoleCommittee},
			Reason: "清单规定由检察长、检察委员会决定，实际由检察官决定"},
		{ID: "D2", CaseID: "C00002", CaseNo: "东检刑诉受[2023]00002号", Action: "自行补充侦查", DecidedBy: "P1", DeciderName: "王芳",
			Role: api.RoleAssistant, At: fixedNow.Add(-5 * 24 * time.Hour), Verdict: api.VerdictUncovered},
	}}
}

func newFakeFetcher() *fakeFetcher {
	return &fakeFetcher{
		cases:     map[string]*api.Case{"C00001": fixtureCase(), "C00002": fixtureCase()},
		ranking:   fixtureRanking("I01"),
		decisions: fixtureDecisions(),
	}
}

// The client's poller is a Source and its Client a Fetcher, as they are.
var (
	_ Source  = (*client.Poller)(nil)
	_ Fetcher = (*client.Client)(nil)
)
