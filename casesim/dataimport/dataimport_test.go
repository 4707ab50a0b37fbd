package dataimport

import (
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/casewatch/casewatch/casesim/store"
)

// readExport reads an export (a workbook, or CSV files of cases, events
// and organisation) through the example 案卡 mapping into a fresh
// organisation.
func readExport(t *testing.T, cases, events, org, enc string) *Result {
	t.Helper()
	m, err := LoadMapping(exampleMapping)
	if err != nil {
		t.Fatal(err)
	}
	read := func(p string) []*Table {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ts, err := ReadFile(p, b, enc)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		return ts
	}
	in, err := Assign(read(cases), m)
	if err != nil {
		t.Fatal(err)
	}
	if events != "" {
		in.Events = read(events)[0]
	}
	if org != "" {
		in.Org = read(org)[0]
	}
	res, err := Build(in, m, Known{})
	if err != nil {
		t.Fatalf("%s: %v", cases, err)
	}
	return res
}

// sameBatch: two exports of the same rows give the same cases, hash for
// hash, and the same organisation.
func sameBatch(t *testing.T, a, b *Result) {
	t.Helper()
	if len(a.Batch.Cases) != exportCaseCount || len(b.Batch.Cases) != exportCaseCount {
		t.Fatalf("cases: %d and %d, want %d", len(a.Batch.Cases), len(b.Batch.Cases), exportCaseCount)
	}
	for i := range a.Batch.Cases {
		x, y := a.Batch.Cases[i], b.Batch.Cases[i]
		if x.Hash != y.Hash {
			t.Fatalf("case %s: the workbook and the CSV differ:\n%+v\n%+v", x.Case.No, *x.Case, *y.Case)
		}
	}
	if len(a.Batch.Units) != 3 || len(a.Batch.People) != 5 || len(b.Batch.Units) != 3 || len(b.Batch.People) != 5 {
		t.Fatalf("org: %d/%d units, %d/%d people, want 3 and 5", len(a.Batch.Units), len(b.Batch.Units), len(a.Batch.People), len(b.Batch.People))
	}
}

// TestCommittedExports reads the committed workbook and GB18030 files:
// the organisation comes from the 人员 sheet (units with their parent and
// level, people with their 工号), events from 流程节点.
func TestCommittedExports(t *testing.T) {
	x := readExport(t, exportXLSX, "", "", "")
	g := readExport(t, exportCases, exportEvents, exportOrg, "auto")
	sameBatch(t, x, g)
	units := map[string]store.OrgUnit{}
	for _, u := range x.Batch.Units {
		units[u.Name] = u
	}
	city, district := units["临川市人民检察院"], units["临川市青溪区人民检察院"]
	if city.Level != "city" || district.Level != "basic" || district.ParentID != city.ID || city.ParentID != "" {
		t.Fatalf("units %+v", x.Batch.Units)
	}
	if x.Batch.Units[0].ID != city.ID {
		t.Errorf("the parent is not written first: %+v", x.Batch.Units)
	}
	byName := map[string]string{}
	for _, p := range x.Batch.People {
		byName[p.Name] = p.ID
	}
	if byName["周立新"] != "青检001" {
		t.Errorf("people %+v: 工号 not used as the id", x.Batch.People)
	}
	var arrests, courts int
	for _, ic := range x.Batch.Cases {
		c := ic.Case
		if c.LeadID == "" || c.UnitID == "" || c.DeptID != c.UnitID+"-D1" {
			t.Fatalf("case %s: org %q %q %q", c.No, c.UnitID, c.DeptID, c.LeadID)
		}
		for i := 1; i < len(c.Events); i++ {
			if c.Events[i].At.Before(c.Events[i-1].At) {
				t.Fatalf("case %s: events out of order: %+v", c.No, c.Events)
			}
		}
		if _, ok := c.Happened("arrest_executed", c.AcceptedAt.AddDate(1, 0, 0)); ok {
			arrests++
		}
		if c.Court != nil && !c.Court.ServedAt.IsZero() {
			courts++
		}
	}
	if arrests == 0 || courts == 0 || x.Events == 0 {
		t.Errorf("events not applied: %d arrests, %d court stages, %d events", arrests, courts, x.Events)
	}
}

func TestDecode(t *testing.T) {
	const text = "受案号,案件名称\r\n青检刑诉受〔2026〕1号,王某涉嫌盗窃案\r\n"
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String(text)
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	beNoBOM, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().String(text)
	for _, tc := range []struct {
		name, in, enc, used string
	}{
		{"utf-8", text, "auto", EncUTF8},
		{"utf-8 bom", "\ufeff" + text, "auto", EncUTF8},
		{"gb18030", gb, "auto", EncGB18030},
		{"gb18030 given", gb, "GB18030", EncGB18030},
		{"gbk given", gb, "gbk", EncGBK},
		{"utf-16le bom", le, "auto", EncUTF16LE},
		{"utf-16be no bom", beNoBOM, "auto", EncUTF16BE},
		{"utf-16 given", le, "utf-16", EncUTF16LE},
	} {
		got, used, err := Decode("f.csv", []byte(tc.in), tc.enc)
		if err != nil || got != text || used != tc.used {
			t.Errorf("%s: %q, %s, %v", tc.name, got, used, err)
		}
	}
	// A wrong guess is an error naming the line, never mojibake.
	damaged := text + "青检刑诉受〔2026〕2号,\xff李某\r\n"
	for _, tc := range []struct {
		name, in, enc, want string
	}{
		{"utf-8 given, gb18030 file", gb, "utf-8", "line 1: not valid UTF-8"},
		{"gb18030 given, utf-8 file", text, "gb18030", "line 1: the file is UTF-8, not gb18030"},
		{"utf-16 given, utf-8 file", text, "utf-16", "not UTF-16"},
		{"damaged utf-8", damaged, "auto", "line 3: invalid UTF-8 byte 0xFF"},
		{"gb18030 with a bad byte", gb + "\x81\x20\r\n", "gb18030", "line 3: bytes that are not gb18030"},
		{"unknown encoding", text, "latin-1", "unknown encoding"},
	} {
		_, _, err := Decode("f.csv", []byte(tc.in), tc.enc)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

// buildCSV imports CSV text through the default mapping into an empty
// organisation.
func buildCSV(t *testing.T, text string) (*Result, error) {
	t.Helper()
	m, err := LoadMapping("")
	if err != nil {
		t.Fatal(err)
	}
	ts, err := ReadFile("cases.csv", []byte(text), "auto")
	if err != nil {
		return nil, err
	}
	in, err := Assign(ts, m)
	if err != nil {
		return nil, err
	}
	return Build(in, m, Known{})
}

const layout = "case_no,title,type,unit_id,lead_id,accepted_at,detained,major,fast_track,plea,events,closed_at\n"

func TestBadFiles(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"missing header", "case_no,title,type,unit_id,accepted_at\nX,t,审查逮捕,青溪,2026-11-01\n",
			[]string{`line 1, column lead_id: no such header, required for lead (mapping default mapping line 15: lead = "lead_id")`}},
		{"bad dates", layout + "X,t,审查逮捕,青溪,周立新,2026-13-01,,,,,,\nY,t,审查逮捕,青溪,周立新,2026-11-01,,,,,,2026-10-01\n",
			[]string{`line 2, column accepted_at: "2026-13-01" is not a date`, "line 3, column closed_at: 2026-10-01 is before the acceptance"}},
		{"duplicates", layout + "X,t,审查逮捕,青溪,周立新,2026-11-01,,,,,,\n\u3000X ,t,审查逮捕,青溪,周立新,2026-11-01,,,,,,\n",
			[]string{"line 3, column case_no: duplicate of line 2"}},
		{"control character", layout + "X,\"t\x1b[2J\",审查逮捕,青溪,周立新,2026-11-01,,,,,,\n",
			[]string{"line 2, column title: control character U+001B at character 2"}},
		{"unknown event", layout + "X,t,审查逮捕,青溪,周立新,2026-11-01,,,,,teleported@2026-11-02,\n",
			[]string{`line 2, column events: event 1: unknown or reserved type "teleported"`}},
	} {
		_, err := buildCSV(t, tc.text)
		var ie *Error
		if !errors.As(err, &ie) {
			t.Errorf("%s: error %v, want a rejection", tc.name, err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v\nwant %q", tc.name, err, w)
			}
		}
	}
}

// TestFormulaStringsArePlainText: a cell that Excel would run as a
// formula is stored as the text it is.
func TestFormulaStringsArePlainText(t *testing.T) {
	const evil = `=cmd|' /C calc'!A0`
	res, err := buildCSV(t, layout+`X,"`+evil+`",审查逮捕,"@SUM(1+1)",周立新,2026-11-01,,,,,,`+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Batch.Cases[0].Case; c.Title != evil || res.Batch.Units[0].Name != "@SUM(1+1)" {
		t.Fatalf("title %q, unit %q", c.Title, res.Batch.Units[0].Name)
	}
}

func TestMappingErrorsNameTheLine(t *testing.T) {
	const full = "[cases.columns]\ncase_no = \"a\"\ntitle = \"b\"\ntype = \"c\"\nunit = \"d\"\nlead = \"e\"\naccepted_at = \"f\"\n"
	for _, tc := range []struct{ toml, want string }{
		{"[cases.columns]\ncase_no = \"a\"\ntitel = \"b\"\n", `line 3: [cases.columns] has no field "titel"`},
		{"[cases.columns]\ncase_no = \"a\"\n", "does not map the required field title"},
		{full + "[values.type]\n\"x\" = \"burglary\"\n", `line 9: [values.type] "x" = "burglary" is not a case type code`},
		{full + "[values.event]\n\"瞬移\" = \"teleported\"\n", `line 9: [values.event] "瞬移" = "teleported" is not an event type code`},
		{"[casez]\n", "line 1"},
	} {
		_, err := parseMapping("m.toml", []byte(tc.toml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.toml, err, tc.want)
		}
	}
}

func TestBadIndicatorRows(t *testing.T) {
	m, _ := LoadMapping("")
	ts, err := ReadFile("ind.csv", []byte("unit,indicator,period,value\n青溪,I99,2026-11,1\n青溪,I02,2026-13,1\n青溪,I02,2026-11,abc\n青溪,不捕率,2026-11,3\n青溪,I02,2026-11,4\n"), "auto")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Build(Inputs{Indicators: ts[0]}, m, Known{})
	for _, want := range []string{`line 2, column indicator: "I99" is not an indicator`, `line 3, column period: "2026-13" is not a month`,
		`line 4, column value: "abc" is not a number`, "line 6, column indicator: duplicate of line 5"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v\nwant %q", err, want)
		}
	}
}
