package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/dataimport"
)

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{nil, {"bogus"}, {"serve", "--speed", "-1"}, {"serve", "--start", "2026-13-40"}, {"serve", "extra"}, {"import"}, {"serve", "--nope"}, {"serve", "--no-sim", "--speed", "60"}, {"serve", "--no-sim", "--start", "2026-11-02"}, {"import", "--watch", "d", "--events", "e.csv"}, {"import", "--watch", "d", "x.csv"}, {"serve", "--metrics-addr", "0.0.0.0:9464"}, {"serve", "--metrics-allow-remote"}, {"import", "--metrics-addr", "127.0.0.1:9465", "x.csv"}, {"import", "--watch", "d", "--metrics-addr", "0.0.0.0:1"}} {
		var out, errb bytes.Buffer
		if code := Main(args, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, errb.String())
		}
	}
}

func TestImportGoodAndBadFiles(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sim.db")
	var out, errb bytes.Buffer
	if code := Main([]string{"import", "--db", db, "../../../testdata/cases-sample.csv"}, &out, &errb); code != 0 {
		t.Fatalf("good file: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "imported 5 cases") {
		t.Fatalf("output %q", out.String())
	}
	out.Reset()
	errb.Reset()
	if code := Main([]string{"import", "--db", db, "../../../casesim/dataimport/testdata/bad.csv"}, &out, &errb); code != 1 {
		t.Fatalf("bad file: exit %d", code)
	}
	if !strings.Contains(errb.String(), "nothing was imported") || !strings.Contains(errb.String(), "line 3") {
		t.Fatalf("stderr %q", errb.String())
	}
}

func TestReadToken(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if tok, err := ReadToken(write("ok", "s3cret\n")); err != nil || tok != "s3cret" {
		t.Fatalf("got %q, %v", tok, err)
	}
	for _, body := range []string{"", "  \n", "two words"} {
		if _, err := ReadToken(write("bad", body)); err == nil {
			t.Errorf("token %q accepted", body)
		}
	}
	if _, err := ReadToken(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing file accepted")
	}
}

func TestServeRejectsABadHolidayFile(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "holidays.txt")
	if err := os.WriteFile(bad, []byte("year 2027\nworkday 2027-02-10 调休\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := Main([]string{"serve", "--db", ":memory:", "--holidays", bad}, &out, &errb); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if msg := errb.String(); !strings.Contains(msg, "--holidays") || !strings.Contains(msg, bad+":2:") || !strings.Contains(msg, "Wednesday") {
		t.Fatalf("stderr %q does not name the flag, the file's line 2 and the problem", msg)
	}
	errb.Reset()
	if code := Main([]string{"serve", "--db", ":memory:", "--holidays", bad + ".missing"}, &out, &errb); code != 2 {
		t.Fatalf("missing file: exit %d, want 2 (%s)", code, errb.String())
	}
}

func TestYearList(t *testing.T) {
	for _, tc := range []struct {
		in   []int
		want string
	}{{nil, "no year"}, {[]int{2026}, "2026"}, {[]int{2023, 2024, 2025, 2026}, "2023–2026"}, {[]int{2023, 2025}, "2023, 2025"}} {
		if got := yearList(tc.in); got != tc.want {
			t.Errorf("yearList(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPowersFlagAndCommand(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "powers.csv")
	if err := os.WriteFile(bad, []byte("id,line,name,name_en,allowed,kinds,basis\nA1,criminal,不批准逮捕,Refuse,procurator,arrest_refuse,b\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := Main([]string{"serve", "--db", ":memory:", "--powers", bad}, &out, &errb); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if msg := errb.String(); !strings.Contains(msg, "--powers") || !strings.Contains(msg, bad+":2:") || !strings.Contains(msg, "procurator") {
		t.Fatalf("stderr %q does not name the flag, the file's line 2 and the problem", msg)
	}
	errb.Reset()
	if code := Main([]string{"powers", bad}, &out, &errb); code != 1 || !strings.Contains(errb.String(), bad+":2:") {
		t.Fatalf("powers FILE: exit %d, stderr %q", code, errb.String())
	}
	// The printed example is itself a valid list file.
	out.Reset()
	if code := Main([]string{"powers"}, &out, &errb); code != 0 {
		t.Fatalf("powers: exit %d", code)
	}
	good := filepath.Join(dir, "example.csv")
	if err := os.WriteFile(good, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := Main([]string{"powers", good}, &out, &errb); code != 0 || !strings.Contains(out.String(), "73 items") {
		t.Fatalf("powers example.csv: exit %d, out %q, err %q", code, out.String(), errb.String())
	}
}

// TestImportDepartmentExports: the committed workbook and GB18030 CSV
// through the example mapping, as a new user would run them; the second
// import reports everything unchanged.
func TestImportDepartmentExports(t *testing.T) {
	db := filepath.Join(t.TempDir(), "real.db")
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Main(append([]string{"import", "--db", db, "--mapping", "../../../docs/mappings/anka-example.toml"}, args...), &out, &errb)
		return code, out.String(), errb.String()
	}
	code, out, errs := run("../../../testdata/anka-export.xlsx")
	if code != 0 || !strings.Contains(out, "36 new, 0 updated, 0 unchanged, 0 rejected") || !strings.Contains(out, "marked as an example") {
		t.Fatalf("workbook: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run("--events", "../../../testdata/anka-events-gb18030.csv", "--org", "../../../testdata/anka-org-gb18030.csv", "../../../testdata/anka-cases-gb18030.csv")
	if code != 0 || !strings.Contains(out, "(gb18030): 0 new, 0 updated, 36 unchanged") {
		t.Fatalf("GB18030 CSV: exit %d\n%s%s", code, out, errs)
	}
	code, _, errs = run("--encoding", "utf-8", "../../../testdata/anka-cases-gb18030.csv")
	if code != 1 || !strings.Contains(errs, "line 1: not valid UTF-8") || !strings.Contains(errs, "nothing was imported") {
		t.Fatalf("wrong encoding: exit %d: %s", code, errs)
	}
}

// TestWatchedFolder: a dropped workbook is imported and moved to done/
// with its report once its size settled; a bad file goes to rejected/
// with the problems; a lock file is left alone.
func TestWatchedFolder(t *testing.T) {
	dir := t.TempDir()
	watch := filepath.Join(dir, "in")
	for _, sub := range []string{"", "done", "rejected"} {
		if err := os.MkdirAll(filepath.Join(watch, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	xlsx, err := os.ReadFile("../../../testdata/anka-export.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string][]byte{"qingxi.xlsx": xlsx, "bad.csv": []byte("case_no,title\nX,t\n"), "~$qingxi.xlsx": []byte("lock")} {
		if err := os.WriteFile(filepath.Join(watch, name), body, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	m, err := dataimport.LoadMapping("../../../docs/mappings/anka-example.toml")
	if err != nil {
		t.Fatal(err)
	}
	sys, err := casesim.Open(context.Background(), casesim.Options{DBPath: filepath.Join(dir, "real.db"), AnyData: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sys.Close()
	var log bytes.Buffer
	results := map[string]int{} // what the metrics are told
	w := &watcher{sys: sys, m: m, enc: "auto", dir: watch, log: &log, seen: map[string]fileState{},
		onFile: func(r string) { results[r]++ }}
	w.poll(context.Background())
	if entries, _ := os.ReadDir(filepath.Join(watch, "done")); len(entries) != 0 {
		t.Fatalf("imported before its size settled: %v", entries)
	}
	w.poll(context.Background())
	done, _ := filepath.Glob(filepath.Join(watch, "done", "*-qingxi.xlsx.report.txt"))
	rejected, _ := filepath.Glob(filepath.Join(watch, "rejected", "*-bad.csv.report.txt"))
	if len(done) != 1 || len(rejected) != 1 {
		t.Fatalf("done %v, rejected %v; log:\n%s", done, rejected, log.String())
	}
	if b, _ := os.ReadFile(done[0]); !strings.Contains(string(b), "36 new") {
		t.Errorf("done report: %s", b)
	}
	if b, _ := os.ReadFile(rejected[0]); !strings.Contains(string(b), "nothing was imported") {
		t.Errorf("rejected report: %s", b)
	}
	if _, err := os.Stat(filepath.Join(watch, "~$qingxi.xlsx")); err != nil {
		t.Errorf("the lock file was touched: %v", err)
	}
	if results["done"] != 1 || results["rejected"] != 1 || len(results) != 2 {
		t.Errorf("files reported %v, want one done and one rejected", results)
	}
}
