package store_test

import (
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/rules"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/casesim/store"
	"github.com/casewatch/casewatch/casesim/store/storetest"
)

func tptr(t time.Time) *time.Time { return &t }

// matterCases are an arrest review closed at its decision and the
// prosecution case of the same matter, prosecuted and judged.
func matterCases() (*sim.Case, *sim.Case) {
	d := storetest.Day
	arrest := &sim.Case{ID: "M1", No: "黛阳检捕受〔2023〕9号", Title: "王某涉嫌盗窃案", Type: domain.TypeArrestReview,
		Line: api.LineCriminal, UnitID: "U11", DeptID: "U11-D1", LeadID: "U11-P01", AssistID: "U11-P02",
		AcceptedAt: d(1, 9), ClosedAt: tptr(d(3, 16)),
		Parties: []sim.Party{{ID: "M1-R1", Role: "犯罪嫌疑人", Name: "王某", Measure: "逮捕", Custody: true}},
		Events: []sim.Event{{At: d(1, 9), Type: domain.EvAccepted}, {At: d(3, 16), Type: domain.EvArrestApproved},
			{At: d(3, 16), Type: domain.EvClosed}, {At: d(4, 2), Type: domain.EvArrestExecuted},
			{At: d(8, 10), Type: domain.EvTransferred}}}
	pros := &sim.Case{ID: "M1S", MatterID: "M1", No: "黛阳检诉受〔2023〕5009号", Title: arrest.Title,
		Type: domain.TypeProsecutionReview, Line: api.LineCriminal, UnitID: "U11", DeptID: "U11-D1",
		LeadID: "U11-P01", AssistID: "U11-P02", AcceptedAt: d(8, 10), ClosedAt: tptr(d(10, 11)), Plea: true,
		Parties:  []sim.Party{{ID: "M1S-R1", Role: "犯罪嫌疑人", Name: "王某", Measure: "逮捕", Custody: true}},
		Property: []sim.Property{{ID: "M1S-P1", Kind: "手机", Measure: "扣押", Value: 3000, ListedAt: tptr(d(8, 10)), DisposedAt: tptr(d(10, 11)), Disposal: "随案移送人民法院"}},
		Court: &sim.Court{Court: "黛阳人民法院（模拟）", Procedure: "简易程序", FiledAt: d(11, 9), Kind: sim.KindJudgment,
			Outcome: sim.OutcomeConvicted, Sentence: "有期徒刑一年", PronouncedAt: d(14, 9), ServedAt: d(14, 15)},
		Events: []sim.Event{{At: d(8, 10), Type: domain.EvAccepted}, {At: d(10, 11), Type: domain.EvProsecuted},
			{At: d(10, 11), Type: domain.EvClosed}, {At: d(11, 9), Type: domain.EvCourtFiled},
			{At: d(14, 9), Type: domain.EvJudgment}, {At: d(14, 15), Type: domain.EvJudgmentServed}}}
	return arrest, pros
}

// TestCaseMatter: GET /cases/{id} of either case shows both cases of the
// matter and, once it happened, the court stage; nothing before its time.
func TestCaseMatter(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	arrest, pros := matterCases()
	if err := st.UpsertCases(ctx, []*sim.Case{arrest, pros}); err != nil {
		t.Fatal(err)
	}
	c, err := st.Case(ctx, "M1", storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	m := c.Matter
	if m == nil || m.ID != "M1" || len(m.Cases) != 2 || m.Cases[0].ID != "M1" || m.Cases[1].ID != "M1S" ||
		m.Cases[0].ClosedAt == nil || m.Cases[1].Type != domain.TypeProsecutionReview {
		t.Fatalf("matter of M1: %+v", m)
	}
	ct := m.Court
	if ct == nil || ct.CaseID != "M1S" || ct.Outcome != api.OutcomeConvicted || ct.Sentence != "有期徒刑一年" ||
		ct.ServedAt == nil || ct.Kind != api.CourtJudgment {
		t.Fatalf("court: %+v", ct)
	}
	// Before the judgment: filed, no outcome; before the transfer: one case.
	early, err := st.Case(ctx, "M1S", storetest.Day(12, 9))
	if err != nil {
		t.Fatal(err)
	}
	if ct := early.Matter.Court; ct == nil || ct.Outcome != "" || ct.PronouncedAt != nil || ct.ServedAt != nil {
		t.Errorf("court before the judgment: %+v", ct)
	}
	if len(early.Property) != 1 || early.Property[0].ListedAt == nil || early.Property[0].DisposedAt == nil {
		t.Errorf("property: %+v", early.Property)
	}
	first, err := st.Case(ctx, "M1", storetest.Day(5, 9))
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Matter.Cases) != 1 || first.Matter.Court != nil {
		t.Errorf("matter on 5 June: %+v", first.Matter)
	}
	// A case of its own is its own matter.
	c1, err := st.Case(ctx, "C1", storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if c1.Matter == nil || c1.Matter.ID != "C1" || len(c1.Matter.Cases) != 1 {
		t.Errorf("C1 matter: %+v", c1.Matter)
	}
}

// TestFindingOwnedByAnotherUnit: a 复核 finding names the 上一级院; its
// alert belongs to that unit's subtree, not the case's.
func TestFindingOwnedByAnotherUnit(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	arrest, _ := matterCases()
	if err := st.UpsertCases(ctx, []*sim.Case{arrest}); err != nil {
		t.Fatal(err)
	}
	f := rules.Finding{Key: "R6#review", Rule: "R6", Category: api.CategoryDeadline, Level: api.LevelWarning,
		PersonID: "U11-P05", UnitID: "U10", DeptID: "U10-D1", DueAt: storetest.Day(16, 0), DetectedAt: storetest.Day(14, 0),
		Message: "不批捕复核（上一级院15日）"}
	if _, err := st.Reconcile(ctx, storetest.Now, []string{"M1"}, map[string][]rules.Finding{"M1": {f}}); err != nil {
		t.Fatal(err)
	}
	mine := byCase(listAll(t, st, store.AlertQuery{Unit: "U11"}))
	if _, ok := mine["M1/R6"]; ok {
		t.Error("the 复核 alert is counted against the lower unit")
	}
	upper := byCase(listAll(t, st, store.AlertQuery{Unit: "U10"}))
	if a, ok := upper["M1/R6"]; !ok || a.UnitID != "U10" || a.DeptID != "U10-D1" {
		t.Errorf("upper unit's alert: %+v", a)
	}
}

// TestListCasesOfAMatter: GET /cases carries each case's matter_id and
// ?matter= lists the cases of one matter.
func TestListCasesOfAMatter(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	arrest, pros := matterCases()
	if err := st.UpsertCases(ctx, []*sim.Case{arrest, pros}); err != nil {
		t.Fatal(err)
	}
	page, err := st.ListCases(ctx, store.CaseQuery{Matter: "M1", Limit: 10}, storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Cases) != 2 || page.Cases[0].ID != "M1S" || page.Cases[1].ID != "M1" ||
		page.Cases[0].MatterID != "M1" || page.Cases[1].MatterID != "M1" {
		t.Fatalf("matter M1: %+v", page.Cases)
	}
	all, err := st.ListCases(ctx, store.CaseQuery{Limit: 50}, storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all.Cases {
		if c.MatterID == "" {
			t.Errorf("%s: no matter_id", c.ID)
		}
	}
}
