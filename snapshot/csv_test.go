package snapshot

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/casewatch/casewatch/csvout"
	"github.com/casewatch/casewatch/i18n"
)

// TestAllAndCSV: --all lists every overdue case and gap, not the first 10;
// the CSV starts with the BOM, reads back as CSV, carries every overdue
// case whole, and neutralises formula-looking cells.
func TestAllAndCSV(t *testing.T) {
	c := seededClient(t)
	top, err := Build(context.Background(), c, Options{Now: generatedAt})
	if err != nil {
		t.Fatal(err)
	}
	all, err := Build(context.Background(), c, Options{Now: generatedAt, All: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(top.Alerts.MostOverdue) != DefaultLimit || len(all.Alerts.MostOverdue) != all.Alerts.OverdueCases || all.Alerts.OverdueCases <= DefaultLimit {
		t.Fatalf("most overdue: %d, with --all %d of %d cases", len(top.Alerts.MostOverdue), len(all.Alerts.MostOverdue), all.Alerts.OverdueCases)
	}
	if len(all.Coverage.Gaps) != all.Coverage.OverDepartments {
		t.Fatalf("gaps with --all: %d of %d", len(all.Coverage.Gaps), all.Coverage.OverDepartments)
	}
	all.Alerts.MostOverdue[0].PersonName = "=cmd|' /C calc'!A0"
	var b bytes.Buffer
	if err := all.Render(&b, CSV, i18n.ZH); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte(csvout.BOM)) {
		t.Fatal("no BOM")
	}
	r := csv.NewReader(bytes.NewReader(b.Bytes()[len(csvout.BOM):]))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]bool{}
	for _, rec := range recs {
		cases[rec[0]] = true
		for _, cell := range rec {
			if strings.HasPrefix(cell, "=") {
				t.Fatalf("formula cell written: %q", rec)
			}
		}
		if len(rec) > 3 && rec[3] == "'=cmd|' /C calc'!A0" {
			cases["neutralised"] = true
		}
	}
	for _, oc := range all.Alerts.MostOverdue {
		if !cases[oc.CaseNo] {
			t.Fatalf("case %s not in the CSV", oc.CaseNo)
		}
	}
	if !cases["neutralised"] {
		t.Fatal("the formula-looking name is not there, neutralised")
	}
}
