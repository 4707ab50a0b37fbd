package store_test

import (
	"fmt"
	"testing"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/rules"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/casesim/store"
	"github.com/casewatch/casewatch/casesim/store/storetest"
)

// BenchmarkReconcileUnchanged is the engine's steady tick: 2,500 evaluated
// cases whose 10,000 findings did not change.
func BenchmarkReconcileUnchanged(b *testing.B) {
	st, err := store.Open(":memory:")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := storetest.Load(ctx, st); err != nil {
		b.Fatal(err)
	}
	if err := storetest.BulkAlerts(ctx, st, 10000); err != nil {
		b.Fatal(err)
	}
	// Rebuild the same findings BulkAlerts made, by reading them back.
	page, err := st.ListAlerts(ctx, store.AlertQuery{Limit: 1000}, storetest.Now)
	if err != nil {
		b.Fatal(err)
	}
	ids := map[string]bool{}
	findings := map[string][]rules.Finding{}
	for q := (store.AlertQuery{Limit: 1000}); ; {
		for _, a := range page.Alerts {
			ids[a.CaseID] = true
			findings[a.CaseID] = append(findings[a.CaseID], rules.Finding{Key: keyOf(a), Rule: a.Rule,
				Category: a.Category, Level: a.Level, PersonID: a.PersonID, DueAt: a.DueAt, DetectedAt: a.DetectedAt,
				Basis: a.Basis, Message: a.Message})
		}
		if page.NextCursor == "" {
			break
		}
		q.Cursor = page.NextCursor
		if page, err = st.ListAlerts(ctx, q, storetest.Now); err != nil {
			b.Fatal(err)
		}
	}
	var evaluated []string
	for id := range ids {
		evaluated = append(evaluated, id)
	}
	b.ReportAllocs()
	for b.Loop() {
		n, err := st.Reconcile(ctx, storetest.Now, evaluated, findings)
		if err != nil || n != 0 {
			b.Fatalf("reconcile: %d changes, %v", n, err)
		}
	}
	b.ReportMetric(float64(len(evaluated)), "cases")
}

// keyOf recovers a finding key of the fixture (the rule id, or the
// fixture's own keys).
func keyOf(a api.Alert) string {
	switch a.CaseID + "/" + a.Rule {
	case "C1/R3":
		return "R3#1"
	case "C1/R11":
		return "R11#C1-K1"
	}
	return a.Rule
}

// BenchmarkUpsertCases stores 1,000 cases of 6 events and 4 decisions.
func BenchmarkUpsertCases(b *testing.B) {
	st, err := store.Open(":memory:")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	base := storetest.Cases()[0]
	cases := make([]*sim.Case, 1000)
	for i := range cases {
		c := *base
		c.ID, c.No = fmt.Sprintf("X%05d", i), fmt.Sprintf("No.%d", i)
		cases[i] = &c
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := st.UpsertCases(ctx, cases); err != nil {
			b.Fatal(err)
		}
	}
}
