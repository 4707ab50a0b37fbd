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

// row is a good record of the file with case number no and title title.
func row(no, title string) string {
	return no + "," + title + ",arrest_review,U11,P0092,2026-11-10,是,否,否,否,rights_notice@2026-11-11,\n"
}

// TestDuplicateAfterTrimming checks that case numbers are compared as they
// are stored: " X1 " and "X1" are one case (and one case id), so the second
// row is a duplicate, not a silent overwrite of the first.
func TestDuplicateAfterTrimming(t *testing.T) {
	for name, second := range map[string]string{
		"spaces around": " X1 ",
		"quoted spaces": `" X1"`,
		"ideographic":   "\u3000X1",
	} {
		t.Run(name, func(t *testing.T) {
			in := strings.Join(Columns, ",") + "\n" + row("X1", "甲案") + row("X2", "乙案") + row(second, "丙案")
			cases, err := Read(strings.NewReader(in), sim.BuildOrg(1))
			if err == nil {
				t.Fatalf("%d cases imported from a file that names X1 twice", len(cases))
			}
			if want := "line 4, column case_no: duplicate of line 2"; !strings.Contains(err.Error(), want) {
				t.Fatalf("error lacks %q:\n%v", want, err)
			}
		})
	}
}

// TestControlCharactersRejected checks that NUL and every other control
// character in any field rejects the file, naming line, column and place.
func TestControlCharactersRejected(t *testing.T) {
	head := strings.Join(Columns, ",") + "\n"
	for _, tc := range []struct {
		name, rows, want string
	}{
		{"NUL in the case number", row("X\x001", "甲案"), "line 2, column case_no: control character U+0000 at character 2"},
		{"NUL in a later row", row("X1", "甲案") + row("X2", "乙\x00案"), "line 3, column title: control character U+0000 at character 2"},
		{"escape in the title", row("X1", "\x1b[31m红\x1b[0m"), "line 2, column title: control character U+001B at character 1"},
		{"DEL", row("X1", "甲\x7f"), "line 2, column title: control character U+007F at character 2"},
		{"C1 control", row("X1", "甲\u0085案"), "line 2, column title: control character U+0085 at character 2"},
		{"tab", row("X1", "甲\t案"), "line 2, column title: control character U+0009 at character 2"},
		{"bell in the unit", strings.Replace(row("X1", "甲案"), "U11", "U11\a", 1), "line 2, column unit_id: control character U+0007 at character 4"},
		{"NUL in events", strings.Replace(row("X1", "甲案"), "rights_notice", "rights\x00notice", 1), "line 2, column events: control character U+0000"},
		{"NUL in closed_at", strings.TrimSuffix(row("X1", "甲案"), "\n") + "2026-11-20\x00\n", "line 2, column closed_at: control character U+0000 at character 11"},
		{"line break in a quoted title", row("X0", "甲案") + row("X1", "\"甲\n案\""), "line 3, column title: control character U+000A at character 2"},
		{"field after a multi-line field", row("X1", "\"甲\n案\"") + row("X\x002", "乙案"), "line 4, column case_no: control character U+0000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cases, err := Read(strings.NewReader(head+tc.rows), sim.BuildOrg(1))
			var ie *Error
			if !errors.As(err, &ie) || cases != nil {
				t.Fatalf("want a rejection, got %d cases, %v", len(cases), err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error lacks %q:\n%v", tc.want, err)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	f.Add(strings.Join(Columns, ",") + "\nX,t,arrest_review,U11,P0092,2026-11-10,是,否,否,否,rights_notice@2026-11-11,\n")
	f.Add("\ufeff" + strings.Join(Columns, ",") + "\n\"\n")
	f.Add(strings.Join(Columns, ",") + "\n" + row("X", "t") + row(" X", "t"))
	f.Add(strings.Join(Columns, ",") + "\n" + row("X\x00", "t"))
	org := sim.BuildOrg(1)
	f.Fuzz(func(t *testing.T, in string) {
		cases, err := Read(strings.NewReader(in), org)
		if err == nil && len(cases) == 0 {
			t.Fatal("no error and no cases")
		}
		if err != nil && cases != nil {
			t.Fatal("an error with cases: half-imported")
		}
		ids := map[string]bool{}
		for _, c := range cases {
			if ids[c.ID] {
				t.Fatalf("two cases with id %s (case number %q)", c.ID, c.No)
			}
			ids[c.ID] = true
			for _, s := range []string{c.No, c.Title} {
				if _, _, ok := controlAt(s); ok {
					t.Fatalf("control character imported in %q", s)
				}
			}
		}
	})
}
