package store_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/casesim/store"
	"github.com/casewatch/casewatch/casesim/store/storetest"
)

func indicatorOf(t *testing.T, set api.IndicatorSet, id string) api.Indicator {
	t.Helper()
	for _, ind := range set.Indicators {
		if ind.ID == id {
			return ind
		}
	}
	t.Fatalf("%s: no indicator %s", set.UnitID, id)
	return api.Indicator{}
}

// afterJune is a time in July 2023: the fixture's last month, 2023-06,
// is then the last complete one (the default period).
var afterJune = time.Date(2023, 7, 3, 10, 0, 0, 0, sim.Zone)

func TestIndicators(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	set, err := st.Indicators(ctx, "U11", "", afterJune)
	if err != nil {
		t.Fatal(err)
	}
	if set.Period != "2023-06" || set.PeriodKind != api.PeriodMonth || set.From != "2023-06-01" || set.Through != "2023-06-30" ||
		set.UnitName == "" || len(set.Indicators) != 3 {
		t.Fatalf("set: %s %s %s–%s, %d indicators", set.Period, set.PeriodKind, set.From, set.Through, len(set.Indicators))
	}
	i01 := indicatorOf(t, set, "I01")
	if i01.Value != 1.10 || i01.Rank != 1 || i01.RankOf != 12 || i01.Previous == nil || *i01.Previous != 1.30 ||
		!i01.Computed || i01.Source != api.SourceComputed || i01.Subordinates != nil {
		t.Errorf("I01 of U11: %+v", i01)
	}
	if d := *i01.Change + 0.2; d > 1e-9 || d < -1e-9 {
		t.Errorf("I01 change = %v, want -0.2", *i01.Change)
	}
	// 同比: 2022-06 (an even month index from 2021-05: 1.31).
	if i01.YearAgo == nil || *i01.YearAgo != 1.31 {
		t.Errorf("I01 year ago = %v, want 1.31", i01.YearAgo)
	}
	// The history alternates 1.30/1.31: σ of the changes before June is
	// 0.01, so the jump of 0.2 is about 20σ (the jump itself is not part
	// of the yardstick, or σ would be about 0.04 and the ratio about 5).
	if !i01.Volatile || i01.Volatility < 15 || i01.BottomRank {
		t.Errorf("I01 flags: volatility %v volatile %v bottom %v", i01.Volatility, i01.Volatile, i01.BottomRank)
	}
	if len(i01.History) != store.HistoryLen || i01.History[0].Period != "2021-07" || i01.History[23].Period != "2023-06" {
		t.Errorf("history: %d points, %v … %v", len(i01.History), i01.History[0], i01.History[len(i01.History)-1])
	}
	i02 := indicatorOf(t, set, "I02")
	if i02.Rank != 12 || !i02.BottomRank || i02.BandLow == nil || *i02.BandLow != 25 || i02.Volatile {
		t.Errorf("I02 of U11 (band, 20 %% is furthest below): %+v", i02)
	}
	if i08 := indicatorOf(t, set, "I08"); i08.Rank != 12 || !i08.BottomRank {
		t.Errorf("I08 of U11: %+v", i08)
	}
	// Ties share a rank: U12 and U13 at 1.20 are both 2nd, U14 is 4th.
	for unit, want := range map[string]int{"U12": 2, "U13": 2, "U14": 4, "U34": 12} {
		s, err := st.Indicators(ctx, unit, "2023-06", afterJune)
		if err != nil {
			t.Fatal(err)
		}
		if got := indicatorOf(t, s, "I01"); got.Rank != want {
			t.Errorf("I01 rank of %s = %d, want %d", unit, got.Rank, want)
		}
	}
	// A city is aggregated from its basic units and ranks none of its own:
	// it says which of its basic units are bottom-ranked in the province.
	city, err := st.Indicators(ctx, "U10", "", afterJune)
	if err != nil {
		t.Fatal(err)
	}
	c := indicatorOf(t, city, "I01")
	if c.Value != 1.19 || c.Denominator != 400 || c.Rank != 0 || c.RankOf != 0 || c.Subordinates == nil ||
		c.Subordinates.BasicUnits != 4 || len(c.Subordinates.Bottom) != 0 || c.BottomRank {
		t.Errorf("I01 of U10: %+v %+v", c, c.Subordinates)
	}
	if c := indicatorOf(t, city, "I08"); len(c.Subordinates.Bottom) != 3 || c.Subordinates.Bottom[0].UnitID != "U13" || !c.BottomRank {
		t.Errorf("I08 of U10: bottom %+v", c.Subordinates.Bottom)
	}
	prov, err := st.Indicators(ctx, "U00", "", afterJune)
	if err != nil {
		t.Fatal(err)
	}
	if p := indicatorOf(t, prov, "I08"); p.Value != 99 || p.RankOf != 0 || p.Subordinates.BasicUnits != 12 || len(p.Subordinates.Bottom) != 3 {
		t.Errorf("I08 of U00: %+v", p)
	}
	var nf *store.NotFoundError
	for _, p := range []string{"2019-01", "2023-08", "2023-05-mtd", "2024-ytd"} {
		if _, err := st.Indicators(ctx, "U11", p, afterJune); !errors.As(err, &nf) || nf.What != "period" {
			t.Errorf("period %s: %v", p, err)
		}
	}
	if _, err := st.Indicators(ctx, "U99", "", afterJune); !errors.As(err, &nf) || nf.What != "unit" {
		t.Errorf("unknown unit: %v", err)
	}
}

func TestIndicatorPeriods(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	// On 15 June the default is May; June so far is month-to-date, with no
	// 环比, no 同比 and no volatility, and its history ends with May.
	set, err := st.Indicators(ctx, "U11", "", storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if set.Period != "2023-05" || set.PeriodKind != api.PeriodMonth {
		t.Errorf("default period on 15 June: %s %s", set.Period, set.PeriodKind)
	}
	for _, p := range []string{"2023-06", "2023-06-mtd"} {
		mtd, err := st.Indicators(ctx, "U11", p, storetest.Now)
		if err != nil {
			t.Fatal(err)
		}
		i01 := indicatorOf(t, mtd, "I01")
		if mtd.Period != "2023-06-mtd" || mtd.PeriodKind != api.PeriodMTD || mtd.Through != "2023-06-15" ||
			i01.Value != 1.10 || i01.Change != nil || i01.YearAgo != nil || i01.Volatile ||
			i01.History[len(i01.History)-1].Period != "2023-05" {
			t.Errorf("%s: %s %s %s %+v", p, mtd.Period, mtd.PeriodKind, mtd.Through, i01)
		}
	}
	// 2022 year to date is January–December; 2023 on 3 July is 1–6月.
	ytd, err := st.Indicators(ctx, "U11", "2023-ytd", afterJune)
	if err != nil {
		t.Fatal(err)
	}
	i08 := indicatorOf(t, ytd, "I08")
	if ytd.Period != "2023-ytd" || ytd.From != "2023-01-01" || ytd.Through != "2023-06-30" ||
		i08.Denominator != 6*200 || i08.Value != 80 || i08.YearAgo == nil || *i08.YearAgo != 80 || i08.Change != nil {
		t.Errorf("2023-ytd: %s %s–%s %+v", ytd.Period, ytd.From, ytd.Through, i08)
	}
	// I01 sums numerators over denominators: 5 × 1.30/1.31 and 1.10.
	if i01 := indicatorOf(t, ytd, "I01"); i01.Numerator != 130+131+130+131+130+110 || i01.Value != 1.27 {
		t.Errorf("2023-ytd I01: %+v", i01)
	}
	// Ranks of a year to date come from the summed values.
	r, err := st.Ranking(ctx, "I01", "2023-ytd", "", afterJune)
	if err != nil {
		t.Fatal(err)
	}
	if r.Period != "2023-ytd" || r.PeriodKind != api.PeriodYTD || r.Entries[0].UnitID != "U11" {
		t.Errorf("ytd ranking: %s %+v", r.Period, r.Entries[0])
	}
}

func TestRanking(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	r, err := st.Ranking(ctx, "I08", "", "", afterJune)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Entries) != 12 || r.Entries[0].UnitID != "U34" || r.Entries[0].Rank != 1 || r.Entries[11].UnitID != "U11" ||
		!r.Entries[11].BottomRank || r.Entries[8].BottomRank || !r.Entries[9].BottomRank {
		t.Errorf("I08 ranking: %+v", r.Entries)
	}
	r, err = st.Ranking(ctx, "I01", "2023-06", "U00", afterJune)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Entries) != 3 || r.Entries[0].UnitID != "U10" || r.ParentID != "U00" {
		t.Errorf("I01 ranking of cities: %+v", r.Entries)
	}
	r, err = st.Ranking(ctx, "I02", "", "U10", afterJune)
	if err != nil {
		t.Fatal(err)
	}
	// Band 25–50, reference 41.8: U13 (26) and U14 (29) inside, U12 (23)
	// 2 below, U11 (20) 5 below.
	order := ""
	for _, e := range r.Entries {
		order += e.UnitID
	}
	if order != "U14U13U12U11" {
		t.Errorf("I02 ranking of U10's units: %s", order)
	}
	var nf *store.NotFoundError
	if _, err := st.Ranking(ctx, "I99", "", "", afterJune); !errors.As(err, &nf) || nf.ID != "I99" {
		t.Errorf("unknown indicator: %v", err)
	}
}

func TestCoverage(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	cov, err := st.Coverage(ctx, store.CoverageQuery{Unit: "U00", Period: "2023-06-mtd"}, storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	tot := cov.Totals
	// 越权 and 清单未列事项 apart: C1-D2 (决定不抗诉) is on no item and in
	// neither Decisions nor the rate.
	if tot.Decisions != 4 || tot.Within != 2 || tot.Over != 2 || tot.OverRate != 0.5 || tot.NotOnList != 1 {
		t.Errorf("totals: %+v", tot)
	}
	if cov.Period != "2023-06-mtd" || cov.PeriodKind != store.WindowMTD || !cov.To.Equal(storetest.Now) || !cov.List.Example {
		t.Errorf("period %s %s %v–%v, list %+v", cov.Period, cov.PeriodKind, cov.From, cov.To, cov.List)
	}
	if len(cov.Rows) != 2 || cov.Rows[0].Key != "U21-D3" || cov.Rows[1].Key != "U11-D1" || cov.Rows[1].OverRate != 0.333333 ||
		cov.Rows[1].NotOnList != 1 {
		t.Errorf("rows: %+v", cov.Rows)
	}
	if len(cov.NotOnList) != 1 || cov.NotOnList[0].Kind != "no_protest" || cov.NotOnList[0].Decisions != 1 || cov.NotOnList[0].Units != 1 {
		t.Errorf("not on the list: %+v", cov.NotOnList)
	}
	if len(cov.Powers) != 4 || cov.Powers[0].Over != 1 {
		t.Errorf("powers: %+v", cov.Powers)
	}
	if want := cov.List.Counted - 4; len(cov.Unexercised) != want {
		t.Errorf("unexercised: %d powers, want %d", len(cov.Unexercised), want)
	}
	for _, p := range cov.Unexercised {
		if p.ID == "P01" || p.ID == "P08" {
			t.Errorf("unexercised lists %s", p.ID)
		}
	}
	// The default period is the last complete month (May 2023): nothing.
	may, err := st.Coverage(ctx, store.CoverageQuery{Unit: "U00"}, storetest.Now)
	if err != nil || may.Period != "2023-05" || may.Totals.Decisions+may.Totals.NotOnList != 0 {
		t.Errorf("default period: %s %+v %v", may.Period, may.Totals, err)
	}
	byPerson, err := st.Coverage(ctx, store.CoverageQuery{Unit: "U11", By: store.ByPerson, Period: "2023-06-mtd"}, storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]api.CoverageRow{}
	for _, r := range byPerson.Rows {
		keys[r.Key] = r
	}
	if c := keys["U11-committee"]; c.Name != "检察委员会" || c.Role != api.RoleCommittee || c.Within != 1 {
		t.Errorf("committee row: %+v", c)
	}
	if p := keys["U11-P03"]; p.Name != "刘强" || p.Over != 1 || p.Role != api.RoleDeptHead {
		t.Errorf("dept head row: %+v", p)
	}
	if len(byPerson.Rows) != 4 || byPerson.Rows[0].Key != "U11-P03" {
		t.Errorf("person rows: %+v", byPerson.Rows)
	}
	var pe *store.ParamError
	for _, bad := range []string{"2023-6", "2023-07", "2023-06", "2023-05-mtd", "2024-ytd", "2023-ytd-x", "2023"} {
		if _, err := st.Coverage(ctx, store.CoverageQuery{Unit: "U00", Period: bad}, storetest.Now); !errors.As(err, &pe) || pe.Param != "period" {
			t.Errorf("period %q: %v, want a period error", bad, err)
		}
	}
	if ytd, err := st.Coverage(ctx, store.CoverageQuery{Unit: "U00", Period: "2023-ytd"}, storetest.Now); err != nil ||
		ytd.PeriodKind != store.WindowYTD || ytd.To.Month() != time.June || ytd.From.Month() != time.January {
		t.Errorf("ytd: %v %v–%v", err, ytd.From, ytd.To)
	}
}

// TestProvinceList: a province's list replaces the example and every
// stored decision is checked again by it.
func TestProvinceList(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	l, err := domain.ParsePowers("prov.csv", strings.NewReader("id,line,name,name_en,allowed,kinds,basis\n"+
		"S1,criminal,延长审查起诉期限,Extend,chief|dept_head,review_extend,本省授权\n"+
		"S2,civil,民事再审检察建议,Retrial,committee,civil_retrial_recommendation,规则\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetPowers(ctx, l); err != nil {
		t.Fatal(err)
	}
	cov, err := st.Coverage(ctx, store.CoverageQuery{Unit: "U00", Period: "2023-06-mtd"}, storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if tot := cov.Totals; tot.Decisions != 2 || tot.Over != 1 || tot.NotOnList != 3 || cov.List.Example || cov.List.Source != "prov.csv" {
		t.Errorf("province list: totals %+v, list %+v", tot, cov.List)
	}
	page, err := st.Decisions(ctx, store.DecisionQuery{Verdict: api.VerdictOver}, storetest.Now)
	if err != nil || len(page.Decisions) != 1 || page.Decisions[0].ID != "C3-D1" || page.Decisions[0].PowerID != "S2" {
		t.Errorf("over under the province list: %+v %v", page.Decisions, err)
	}
	if err := st.SetPowers(ctx, domain.DefaultPowers()); err != nil {
		t.Fatal(err)
	}
	if page, _ := st.Decisions(ctx, store.DecisionQuery{Verdict: api.VerdictOver}, storetest.Now); len(page.Decisions) != 2 {
		t.Errorf("back to the example list: %d over", len(page.Decisions))
	}
}

func TestDecisions(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	page, err := st.Decisions(ctx, store.DecisionQuery{Unit: "U00", Verdict: api.VerdictOver}, storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	ids := ""
	for _, d := range page.Decisions {
		ids += d.ID + " "
	}
	if ids != "C1-D1 C3-D1 " {
		t.Errorf("over decisions: %s", ids)
	}
	d := page.Decisions[0]
	if d.Verdict != api.VerdictOver || d.PowerID != "P08" || d.PowerName == "" || len(d.AllowedRoles) != 1 || d.DeciderName != "刘强" ||
		d.CaseNo == "" || d.Kind != "review_extend" || !strings.Contains(d.Reason, "部门负责人") {
		t.Errorf("C1-D1: %+v", d)
	}
	if p, err := st.Decisions(ctx, store.DecisionQuery{Kind: "no_protest", Period: "2023-06-mtd"}, storetest.Now); err != nil ||
		len(p.Decisions) != 1 || p.Decisions[0].Verdict != api.VerdictUncovered || p.Decisions[0].PowerID != "" {
		t.Errorf("not on the list: %+v %v", p.Decisions, err)
	}
	if p, err := st.Decisions(ctx, store.DecisionQuery{Period: "2023-05"}, storetest.Now); err != nil || len(p.Decisions) != 0 {
		t.Errorf("May: %+v %v", p.Decisions, err)
	}
	// Paging with limit 2.
	q := store.DecisionQuery{Dept: "U11-D1", Limit: 2}
	var all []string
	for {
		p, err := st.Decisions(ctx, q, storetest.Now)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range p.Decisions {
			all = append(all, d.ID)
		}
		if p.NextCursor == "" {
			break
		}
		q.Cursor = p.NextCursor
	}
	if len(all) != 4 {
		t.Errorf("paged U11-D1 decisions: %v", all)
	}
	if p, err := st.Decisions(ctx, store.DecisionQuery{Person: "U11-committee"}, storetest.Now); err != nil || len(p.Decisions) != 1 {
		t.Errorf("committee decisions: %+v, %v", p.Decisions, err)
	}
	var nf *store.NotFoundError
	for _, q := range []store.DecisionQuery{{Person: "nobody"}, {Dept: "U11-D9"}, {Power: "P99"}, {Kind: "nothing"}} {
		if _, err := st.Decisions(ctx, q, storetest.Now); !errors.As(err, &nf) {
			t.Errorf("%+v: %v, want NotFoundError", q, err)
		}
	}
}

func TestListCases(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	ids := func(q store.CaseQuery) string {
		t.Helper()
		p, err := st.ListCases(ctx, q, storetest.Now)
		if err != nil {
			t.Fatal(err)
		}
		s := ""
		for _, c := range p.Cases {
			s += c.ID
		}
		return s
	}
	for q, want := range map[store.CaseQuery]string{
		{}:                     "C5C2C1C3",
		{Unit: "U11"}:          "C1",
		{Unit: "U10"}:          "C5C2C1",
		{Q: "李四"}:              "C2",
		{Q: "张明"}:              "C1",
		{Q: "黛阳检"}:             "C1",
		{Q: "%"}:               "C5",
		{Q: "_"}:               "C5",
		{Q: "no such"}:         "",
		{Unit: "U20", Q: "监督"}: "C3",
	} {
		if got := ids(q); got != want {
			t.Errorf("%+v: %s, want %s", q, got, want)
		}
	}
	p, err := st.ListCases(ctx, store.CaseQuery{Limit: 3}, storetest.Now)
	if err != nil || len(p.Cases) != 3 || p.NextCursor == "" {
		t.Fatalf("page 1: %+v %v", p, err)
	}
	c1 := p.Cases[2]
	if c1.ID != "C1" || c1.Stage != "退回补充侦查" || c1.OpenAlerts != 2 || c1.LeadName != "张明" || c1.ClosedAt != nil {
		t.Errorf("C1 summary: %+v", c1)
	}
	p, err = st.ListCases(ctx, store.CaseQuery{Limit: 3, Cursor: p.NextCursor}, storetest.Now)
	if err != nil || len(p.Cases) != 1 || p.Cases[0].ID != "C3" || p.NextCursor != "" {
		t.Fatalf("page 2: %+v %v", p, err)
	}
	if p.Cases[0].Stage != "已结案" || p.Cases[0].ClosedAt == nil {
		t.Errorf("C3 summary: %+v", p.Cases[0])
	}
}

func TestCaseDetail(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	c, err := st.Case(ctx, "C1", storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Timeline) != 3 || c.Timeline[2].Label != "退回补充侦查" || c.Timeline[0].Actor != "张明" {
		t.Errorf("timeline: %+v", c.Timeline)
	}
	if len(c.Documents) != 1 || c.Documents[0].DraftedBy != "王芳" {
		t.Errorf("documents: %+v", c.Documents)
	}
	if len(c.Decisions) != 4 {
		t.Errorf("decisions: %d, want 4", len(c.Decisions))
	}
	if len(c.CardChecks) != 2 || c.CardChecks[0].FixedAt != nil || c.CardChecks[1].FixedAt == nil {
		t.Errorf("card checks: %+v", c.CardChecks)
	}
	failed := map[string]bool{}
	for _, f := range c.Card {
		failed[f.Field] = f.Failed
	}
	if !failed["charge"] || failed["measure"] || failed["plea"] {
		t.Errorf("card failed flags: %v", failed)
	}
	if c.Review != nil || len(c.DefectPoints) != 1 || c.DefectTotal != 5 || c.DefectPoints[0].PersonName != "张明" {
		t.Errorf("review %v, defects %+v total %d", c.Review, c.DefectPoints, c.DefectTotal)
	}
	if len(c.Alerts) != 2 || c.OpenAlerts != 2 || c.Stage != "退回补充侦查" || c.ClosedAt != nil {
		t.Errorf("alerts %d open %d stage %s closed %v", len(c.Alerts), c.OpenAlerts, c.Stage, c.ClosedAt)
	}
	if len(c.Deadlines) == 0 {
		t.Error("no deadlines from the rule engine")
	}
	for _, d := range c.Deadlines {
		if d.Basis == "" || d.Status == "" || d.DueAt.IsZero() {
			t.Errorf("deadline: %+v", d)
		}
	}
	c3, err := st.Case(ctx, "C3", storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if c3.Review == nil || c3.Review.Grade != "合格" || c3.ClosedAt == nil || c3.Stage != "已结案" {
		t.Errorf("C3: review %+v closed %v stage %s", c3.Review, c3.ClosedAt, c3.Stage)
	}
	var nf *store.NotFoundError
	for _, id := range []string{"C4", "nope"} {
		if _, err := st.Case(ctx, id, storetest.Now); !errors.As(err, &nf) || nf.ID != id {
			t.Errorf("case %s: %v, want NotFoundError", id, err)
		}
	}
}

// A unit with nothing to count is not ranked (and so never bottom-ranked
// for a 0 % it did not earn).
func TestRankingSkipsEmptyDenominators(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	var vals []store.IndicatorValue
	for k, u := range storetest.BasicUnits() {
		den := 50.0
		if u == "U11" {
			den = 0
		}
		vals = append(vals, store.IndicatorValue{UnitID: u, IndicatorID: "I23", Period: "2023-06", Numerator: den - float64(k%3), Denominator: den})
	}
	if err := st.SaveIndicatorValues(ctx, vals); err != nil {
		t.Fatal(err)
	}
	r, err := st.Ranking(ctx, "I23", "2023-06", "", afterJune)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range r.Entries {
		if e.UnitID == "U11" {
			t.Errorf("U11 ranked with no case: %+v", e)
		}
	}
	if len(r.Entries) != 11 {
		t.Errorf("%d ranked, want 11", len(r.Entries))
	}
	set, err := st.Indicators(ctx, "U11", "2023-06", afterJune)
	if err != nil {
		t.Fatal(err)
	}
	if i := indicatorOf(t, set, "I23"); i.Rank != 0 || i.BottomRank {
		t.Errorf("I23 of U11 with no case: rank %d bottom %v", i.Rank, i.BottomRank)
	}
}
