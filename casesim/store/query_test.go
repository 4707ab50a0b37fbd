package store_test

import (
	"errors"
	"testing"

	"github.com/casewatch/casewatch/api"
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

func TestIndicators(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	set, err := st.Indicators(ctx, "U11", "", storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if set.Period != "2023-06" || set.UnitName == "" || len(set.Indicators) != 3 {
		t.Fatalf("set: period %s, %d indicators", set.Period, len(set.Indicators))
	}
	i01 := indicatorOf(t, set, "I01")
	if i01.Value != 1.10 || i01.Rank != 1 || i01.RankOf != 12 || i01.Previous != 1.30 || !i01.Computed {
		t.Errorf("I01 of U11: %+v", i01)
	}
	if d := i01.Change + 0.2; d > 1e-9 || d < -1e-9 {
		t.Errorf("I01 change = %v, want -0.2", i01.Change)
	}
	if !i01.Volatile || i01.Volatility <= 2 || i01.BottomRank {
		t.Errorf("I01 flags: volatility %v volatile %v bottom %v", i01.Volatility, i01.Volatile, i01.BottomRank)
	}
	if len(i01.History) != store.HistoryLen || i01.History[0].Period != "2021-07" || i01.History[23].Period != "2023-06" {
		t.Errorf("history: %d points, %v … %v", len(i01.History), i01.History[0], i01.History[len(i01.History)-1])
	}
	i02 := indicatorOf(t, set, "I02")
	if i02.Rank != 12 || !i02.BottomRank || i02.BandLow == nil || *i02.BandLow != 25 || i02.Volatile {
		t.Errorf("I02 of U11 (band, 20 %% is furthest below): %+v", i02)
	}
	if i08 := indicatorOf(t, set, "I08"); i08.Rank != 12 || !i08.BottomRank || i08.Computed {
		t.Errorf("I08 of U11: %+v", i08)
	}
	// Ties share a rank: U12 and U13 at 1.20 are both 2nd, U14 is 4th.
	for unit, want := range map[string]int{"U12": 2, "U13": 2, "U14": 4, "U34": 12} {
		s, err := st.Indicators(ctx, unit, "2023-06", storetest.Now)
		if err != nil {
			t.Fatal(err)
		}
		if got := indicatorOf(t, s, "I01"); got.Rank != want {
			t.Errorf("I01 rank of %s = %d, want %d", unit, got.Rank, want)
		}
	}
	// A city is aggregated from its basic units; the province uses its row.
	city, err := st.Indicators(ctx, "U10", "", storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if c := indicatorOf(t, city, "I01"); c.Value != 1.19 || c.Denominator != 400 || c.Rank != 1 || c.RankOf != 3 {
		t.Errorf("I01 of U10: %+v", c)
	}
	prov, err := st.Indicators(ctx, "U00", "", storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if p := indicatorOf(t, prov, "I08"); p.Value != 99 || p.RankOf != 1 {
		t.Errorf("I08 of U00: %+v", p)
	}
	var nf *store.NotFoundError
	if _, err := st.Indicators(ctx, "U11", "2019-01", storetest.Now); !errors.As(err, &nf) || nf.What != "period" {
		t.Errorf("period without data: %v", err)
	}
	if _, err := st.Indicators(ctx, "U99", "", storetest.Now); !errors.As(err, &nf) || nf.What != "unit" {
		t.Errorf("unknown unit: %v", err)
	}
}

func TestRanking(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	r, err := st.Ranking(ctx, "I08", "", "", storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Entries) != 12 || r.Entries[0].UnitID != "U34" || r.Entries[0].Rank != 1 || r.Entries[11].UnitID != "U11" {
		t.Errorf("I08 ranking: %+v", r.Entries)
	}
	r, err = st.Ranking(ctx, "I01", "2023-06", "U00", storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Entries) != 3 || r.Entries[0].UnitID != "U10" || r.ParentID != "U00" {
		t.Errorf("I01 ranking of cities: %+v", r.Entries)
	}
	r, err = st.Ranking(ctx, "I02", "", "U10", storetest.Now)
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
	if _, err := st.Ranking(ctx, "I99", "", "", storetest.Now); !errors.As(err, &nf) || nf.ID != "I99" {
		t.Errorf("unknown indicator: %v", err)
	}
}

func TestCoverage(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	cov, err := st.Coverage(ctx, "U00", store.ByDepartment, storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	tot := cov.Totals
	if tot.Decisions != 5 || tot.Within != 2 || tot.Over != 2 || tot.Uncovered != 1 || tot.Ratio != 0.4 {
		t.Errorf("totals: %+v", tot)
	}
	if len(cov.Rows) != 2 || cov.Rows[0].Key != "U21-D3" || cov.Rows[1].Key != "U11-D1" || cov.Rows[1].Ratio != 0.5 {
		t.Errorf("rows: %+v", cov.Rows)
	}
	if len(cov.Unexercised) != 19 {
		t.Errorf("unexercised: %d powers, want 19", len(cov.Unexercised))
	}
	byPerson, err := st.Coverage(ctx, "U11", store.ByPerson, storetest.Now)
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
	if len(byPerson.Rows) != 4 || byPerson.Rows[0].Ratio != 0 {
		t.Errorf("person rows: %+v", byPerson.Rows)
	}
}

func TestDecisions(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	page, err := st.Decisions(ctx, store.DecisionQuery{Unit: "U00", Verdict: "gap"}, storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	ids := ""
	for _, d := range page.Decisions {
		ids += d.ID + " "
	}
	if ids != "C1-D2 C1-D1 C3-D1 " {
		t.Errorf("gap decisions: %s", ids)
	}
	d := page.Decisions[1]
	if d.Verdict != api.VerdictOver || d.PowerName == "" || len(d.AllowedRoles) != 1 || d.DeciderName != "刘强" || d.CaseNo == "" {
		t.Errorf("C1-D1: %+v", d)
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
	for _, q := range []store.DecisionQuery{{Person: "nobody"}, {Dept: "U11-D9"}, {Power: "P99"}} {
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
		{Q: "云阳检"}:             "C1",
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
