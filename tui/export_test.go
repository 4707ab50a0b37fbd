package tui

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/csvout"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
)

// readExport reads the one CSV file in dir back: it must start with the
// BOM; the records follow.
func readExport(t *testing.T, dir string) (string, [][]string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) != 1 {
		t.Fatalf("export folder %s: %v, %v", dir, ents, err)
	}
	path := filepath.Join(dir, ents[0].Name())
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte(csvout.BOM)) {
		t.Fatalf("%s has no BOM: %q", path, b[:min(len(b), 20)])
	}
	recs, err := csv.NewReader(bytes.NewReader(b[len(csvout.BOM):])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return path, recs
}

// TestProgramExport drives a real program: filter the alerts to the
// overdue ones, press e; the file holds exactly the rows shown, in their
// order, with whole case numbers, a formula-looking name neutralised, and
// the footer names the file.
func TestProgramExport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "exports")
	s := fixtureState(40)
	evil := newAlert("A900100", api.LevelOverdue, "b21", "南湖区人民检察院")
	w := *evil.AlertWho
	w.PersonName = `=HYPERLINK("http://x","点我")`
	evil.AlertWho = &w
	s = withAlerts(s, append(slices.Clone(s.Alerts.Data.Alerts), evil))
	src := newFakeSource(s)
	m := New(Options{Source: src, Demo: true, Lang: i18n.EN, Theme: theme.Dark, User: "tester", ExportDir: dir,
		Now: func() time.Time { return fixedNow }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(200, 50),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ANSI256)))
	wait := func(sub string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(sub)) },
			teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	wait("DEMO")
	tm.Send(keyMsg("l")) // level: overdue only
	wait("level overdue")
	tm.Send(keyMsg("e"))
	wait(" rows: " + dir + string(filepath.Separator) + "alerts-") // the footer names the file
	tm.Send(keyMsg("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
	fm := tm.FinalModel(t).(Model)

	_, recs := readExport(t, dir)
	p := &fm.alerts
	var shown []*client.Alert
	for i := range p.rows {
		if a := p.alertAt(i); a != nil {
			shown = append(shown, a)
		}
	}
	if len(shown) == 0 || len(shown) == len(p.all) {
		t.Fatalf("the filter should show some alerts, not all: %d of %d", len(shown), len(p.all))
	}
	if len(recs) != len(shown)+1 {
		t.Fatalf("%d rows written, %d shown", len(recs)-1, len(shown))
	}
	if recs[0][3] != "Case no." && recs[0][3] != fm.cat.T("col.case") {
		t.Fatalf("header %q", recs[0])
	}
	sawEvil := false
	for i, a := range shown {
		r := recs[i+1]
		if r[3] != a.CaseNo || r[0] != fm.cat.Level(api.LevelOverdue) {
			t.Fatalf("row %d: %q, shown %s %s", i+1, r, a.Level, a.CaseNo)
		}
		if a.ID == "A900100" {
			sawEvil = true
			if r[6] != `'=HYPERLINK("http://x","点我")` {
				t.Fatalf("formula cell not neutralised: %q", r[6])
			}
		}
	}
	if !sawEvil {
		t.Fatal("the overdue alert with a formula-looking name was not exported")
	}
}

// TestExportPanelsAndNotices checks that each list exports its rows as
// shown (indicators without the sparkline, coverage, the notices list)
// and that without a folder `e` says how to set one and writes nothing.
func TestExportPanelsAndNotices(t *testing.T) {
	h := newHarness(t, 120, 40, fixtureState(20))
	msg, ok := h.m.dashboard.key(&h.m.common, keyMsg("e")).(exportMsg)
	if !ok || msg.name != "alerts" || len(msg.table.Rows) != h.m.alerts.shown {
		t.Fatalf("alerts export %v: %d rows, %d shown", ok, len(msg.table.Rows), h.m.alerts.shown)
	}
	if cmd := msg.apply(&h.m.common); cmd != nil || !h.m.statusBad || !strings.Contains(h.m.status, "export_dir") {
		t.Fatalf("without a folder: %q (bad %v), cmd %v", h.m.status, h.m.statusBad, cmd != nil)
	}
	h.send(keyMsg("2"))
	msg = h.m.dashboard.key(&h.m.common, keyMsg("e")).(exportMsg)
	if msg.name != "indicators" || len(msg.table.Rows) != len(h.m.inds.rows) || slices.Contains(msg.table.Header, h.m.cat.T("col.trend")) {
		t.Fatalf("indicators export: %q, %d rows of %d", msg.table.Header, len(msg.table.Rows), len(h.m.inds.rows))
	}
	if len(msg.table.Rows) > 0 && msg.table.Rows[0][0] == "" {
		t.Fatal("an indicator row without its name")
	}
	h.send(keyMsg("3"))
	msg = h.m.dashboard.key(&h.m.common, keyMsg("e")).(exportMsg)
	if msg.name != "coverage" || len(msg.table.Rows) != len(h.m.cov.rows) {
		t.Fatalf("coverage export: %d rows of %d", len(msg.table.Rows), len(h.m.cov.rows))
	}

	notices := h.m.notices.list.export(&h.m.common)
	if notices.name != "notices" || len(notices.table.Rows) != len(h.m.notices.list.shown) {
		t.Fatalf("notices export: %d rows of %d", len(notices.table.Rows), len(h.m.notices.list.shown))
	}

	// Written by the command, not by apply: the folder is empty until it runs.
	dir := filepath.Join(t.TempDir(), "x")
	h.m.opts.ExportDir = dir
	cmd := msg.apply(&h.m.common)
	if _, err := os.Stat(dir); !os.IsNotExist(err) || cmd == nil {
		t.Fatalf("apply wrote before the command ran (%v)", err)
	}
	h.send(cmd())
	if _, recs := readExport(t, dir); len(recs) != len(h.m.cov.rows)+1 {
		t.Fatalf("coverage file: %d records", len(recs))
	}
	if !strings.Contains(h.m.status, dir) || h.m.statusBad {
		t.Fatalf("footer %q", h.m.status)
	}
	// A folder that cannot be made: the footer says why.
	h.m.opts.ExportDir = filepath.Join(dir, "file.csv", "sub")
	if err := os.WriteFile(filepath.Join(dir, "file.csv"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	h.send(msg.apply(&h.m.common)())
	if !h.m.statusBad || !strings.Contains(h.m.status, "导出失败") {
		t.Fatalf("a failed export should say so: %q", h.m.status)
	}
}
