package domain

import (
	"strings"
	"testing"

	"github.com/casewatch/casewatch/api"
)

func TestDefaultPowersCoverEveryLine(t *testing.T) {
	l := DefaultPowers()
	if !l.Example || l.Source != "builtin" {
		t.Errorf("built-in list: example %v, source %q", l.Example, l.Source)
	}
	if len(l.Items) < 60 {
		t.Errorf("%d items, want at least 60", len(l.Items))
	}
	perLine := map[string]int{}
	for _, p := range l.Items {
		perLine[p.Line]++
		if len(p.Allowed) == 0 {
			t.Errorf("%s: no role allowed", p.ID)
		}
	}
	for _, line := range []string{api.LineCriminal, api.LineExecution, api.LineCivil, api.LineAdministrative,
		api.LinePublicInterest, api.LineJuvenile, api.LineComplaint, api.LineManagement} {
		if perLine[line] == 0 {
			t.Errorf("no item on line %s", line)
		}
	}
	for _, id := range []string{"P14", "P16", "P23"} {
		if p, _ := l.ByID(id); p.Line == api.LineManagement {
			t.Errorf("%s %s is on the 案管 line", id, p.Name)
		}
	}
	for _, k := range DecisionKinds {
		_, governed := l.ForKind(k.Code)
		if governed == (k.Code == "no_protest") {
			t.Errorf("kind %s governed %v", k.Code, governed)
		}
	}
	for _, id := range []string{"P01", "P02"} { // 讯问, 审查报告: not dispositive
		if p, _ := l.ByID(id); p.Counted() {
			t.Errorf("%s is counted", id)
		}
	}
}

func TestJudge(t *testing.T) {
	l := DefaultPowers()
	for _, tc := range []struct {
		kind, role string
		inCharge   bool
		verdict    string
		reason     string
	}{
		{"arrest_approve", api.RoleProsecutor, false, api.VerdictWithin, ""},
		{"arrest_approve", api.RoleDeputy, false, api.VerdictWithin, ""}, // a leader handling the case
		{"arrest_refuse", api.RoleDeputy, true, api.VerdictWithin, ""},
		{"arrest_refuse", api.RoleDeputy, false, api.VerdictOver, "分管"},
		{"arrest_refuse", api.RoleProsecutor, false, api.VerdictOver, "检察官"},
		{"non_prosecution_major", api.RoleChief, false, api.VerdictOver, "检委会"},
		{"non_prosecution_major", api.RoleCommittee, false, api.VerdictWithin, ""},
		{"no_protest", api.RoleProsecutor, false, api.VerdictUncovered, ""},
	} {
		j := l.Judge(tc.kind, tc.role, tc.inCharge)
		if j.Verdict != tc.verdict || !strings.Contains(j.Reason, tc.reason) {
			t.Errorf("Judge(%s, %s, %v) = %+v, want %s with %q", tc.kind, tc.role, tc.inCharge, j, tc.verdict, tc.reason)
		}
	}
}

func TestParsePowersErrorsNameTheLine(t *testing.T) {
	in := `# a comment
id,line,name,name_en,allowed,kinds,basis
X1,criminal,批准逮捕,Approve,prosecutor,arrest_approve,b
X1,criminal,重复,Dup,prosecutor,,b
X2,crimnal,条线错,Bad line,prosecutor,,b
X3,criminal,角色错,Bad role,procurator,,b
X4,criminal,事项错,Bad kind,chief,arrest_aprove,b
X5,criminal,事项重复,Dup kind,chief,arrest_approve,b
X6,criminal,无角色,No role,,,b
X7,criminal,字段少
`
	_, err := ParsePowers("p.csv", strings.NewReader(in))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"p.csv:4: id X1 repeats line 3", "p.csv:5: line \"crimnal\"", "p.csv:6: role \"procurator\"",
		"p.csv:7: decision kind \"arrest_aprove\"", "p.csv:8: decision kind arrest_approve is already governed by X1 (line 3)",
		"p.csv:9: no role allowed", "p.csv:10: 3 fields, want 7"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	for _, bad := range []string{"", "id,line\n", "id,line,name,name_en,allowed,kinds,basis\n", "id,line,name,name_en,allowed,kinds,basis\nX,criminal,\"a,b\n"} {
		if _, err := ParsePowers("q.csv", strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "q.csv") {
			t.Errorf("%q: error %v", bad, err)
		}
	}
}

func TestParsePowersProvinceFile(t *testing.T) {
	in := "id,line,name,name_en,allowed,kinds,basis\n" +
		"A1,criminal,不批准逮捕,Refuse arrest,prosecutor|chief,arrest_refuse,本省授权检察官决定\n"
	l, err := ParsePowers("prov.csv", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if l.Example || len(l.Items) != 1 {
		t.Fatalf("%+v", l)
	}
	if j := l.Judge("arrest_refuse", api.RoleProsecutor, false); j.Verdict != api.VerdictWithin || j.PowerID != "A1" {
		t.Errorf("%+v", j)
	}
	if j := l.Judge("prosecute", api.RoleProsecutor, false); j.Verdict != api.VerdictUncovered {
		t.Errorf("%+v", j)
	}
}
