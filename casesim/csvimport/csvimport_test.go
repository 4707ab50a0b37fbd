package csvimport

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/casewatch/casewatch/casesim/sim"
)

func TestSampleImports(t *testing.T) {
	f, err := os.Open("../../testdata/cases-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := Read(f, sim.BuildOrg(1))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 5 {
		t.Fatalf("got %d cases, want 5", len(cases))
	}
	c := cases[2]
	if c.Type != "prosecution_review" || c.UnitID != "U11" || c.DeptID != "U11-D1" || len(c.Events) != 4 || c.ClosedAt != nil || !c.Imported {
		t.Fatalf("case 3 parsed wrong: %+v", c)
	}
	if cases[1].Type != "prosecution_review" || !cases[1].FastTrack || cases[1].ClosedAt == nil {
		t.Fatalf("Chinese type name or flags not read: %+v", cases[1])
	}
}

func TestBadFileIsRejectedWholeWithLines(t *testing.T) {
	f, err := os.Open("testdata/bad.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := Read(f, sim.BuildOrg(1))
	var ie *Error
	if !errors.As(err, &ie) || cases != nil {
		t.Fatalf("want a rejection and no cases, got %v, %d cases", err, len(cases))
	}
	msg := err.Error()
	for _, want := range []string{
		"line 3, column title: empty",
		"line 3, column type",
		"line 3, column unit_id: unknown unit \"U99\"",
		"line 3, column accepted_at",
		"line 3, column detained",
		"line 4, column lead_id: person P0322 belongs to unit U21",
		"line 4, column events: event 1 (rights_notice) is before accepted_at",
		"line 4, column events: event 2: unknown or reserved type \"bogus\"",
		"line 4, column closed_at",
		"line 4, column case_no: duplicate of line 2",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
}

func TestHeaderAndShapeErrors(t *testing.T) {
	for name, in := range map[string]string{
		"wrong header": "id,title\n",
		"short row":    strings.Join(Columns, ",") + "\na,b,c\n",
		"empty":        "",
		"no rows":      strings.Join(Columns, ",") + "\n",
		"bad quoting":  strings.Join(Columns, ",") + "\n\"a,b,c,d,e,f,g,h,i,j,k,l\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Read(strings.NewReader(in), sim.BuildOrg(1))
			var ie *Error
			if !errors.As(err, &ie) || len(ie.Problems) == 0 || !strings.Contains(err.Error(), "line ") {
				t.Fatalf("want a line-numbered rejection, got %v", err)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	f.Add(strings.Join(Columns, ",") + "\nX,t,arrest_review,U11,P0092,2026-11-10,是,否,否,否,rights_notice@2026-11-11,\n")
	f.Add("\ufeff" + strings.Join(Columns, ",") + "\n\"\n")
	org := sim.BuildOrg(1)
	f.Fuzz(func(t *testing.T, in string) {
		cases, err := Read(strings.NewReader(in), org)
		if err == nil && len(cases) == 0 {
			t.Fatal("no error and no cases")
		}
		if err != nil && cases != nil {
			t.Fatal("an error with cases: half-imported")
		}
	})
}
