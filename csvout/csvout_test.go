package csvout

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"东检刑诉受[2023]00021号", "东检刑诉受[2023]00021号"},
		{"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
		{"+1+1", "'+1+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-3.5", "-3.5"},
		{"+2", "+2"},
		{"-1.93%", "-1.93%"},
		{"a=b", "a=b"},
	} {
		if got := Cell(tc.in); got != tc.want {
			t.Errorf("Cell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWriteAndWriteFile(t *testing.T) {
	tb := Table{Header: []string{"案号", "单位"}, Rows: [][]string{{"东检刑诉受[2023]00021号", "=HYPERLINK(\"x\")"}, {"a,b", "line\nbreak"}}}
	var b bytes.Buffer
	if err := Write(&b, tb); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), BOM) {
		t.Fatal("no BOM")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), BOM))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[1][0] != "东检刑诉受[2023]00021号" || recs[1][1] != "'=HYPERLINK(\"x\")" || recs[2][0] != "a,b" || recs[2][1] != "line\nbreak" {
		t.Fatalf("read back %q", recs)
	}
	if err := Write(&b, Table{Header: []string{"a"}, Rows: [][]string{{"1", "2"}}}); err == nil {
		t.Fatal("a row longer than the header should be an error")
	}

	dir := filepath.Join(t.TempDir(), "exports")
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	p1, err := WriteFile(dir, "alerts", now, tb)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := WriteFile(dir, "alerts", now, tb)
	if err != nil {
		t.Fatal(err)
	}
	if p1 != filepath.Join(dir, "alerts-20261203-100000.csv") || p2 != filepath.Join(dir, "alerts-20261203-100000-2.csv") {
		t.Fatalf("paths %s, %s", p1, p2)
	}
	fi, err := os.Stat(p1)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v", fi.Mode(), err)
	}
	got, _ := os.ReadFile(p1)
	if !strings.HasPrefix(string(got), BOM+"案号,单位\r\n") {
		t.Fatalf("file %q", got)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Fatalf("temporary files left: %v", ents)
	}
	if _, err := WriteFile("", "alerts", now, tb); err == nil {
		t.Fatal("no folder should be an error")
	}
	if _, err := WriteFile(filepath.Join(p1, "sub"), "alerts", now, tb); err == nil {
		t.Fatal("a folder under a file should be an error")
	}
}
