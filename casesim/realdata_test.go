package casesim_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/api/apitest"
	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/dataimport"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/casesim/store"
)

var wallNow = time.Date(2026, 12, 3, 10, 0, 0, 0, sim.Zone)

func openImported(t *testing.T, db string, opts ...func(*casesim.Options)) *casesim.System {
	t.Helper()
	o := casesim.Options{DBPath: db, NoSim: true, RealNow: func() time.Time { return wallNow }}
	for _, f := range opts {
		f(&o)
	}
	sys, err := casesim.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return sys
}

// importFile imports a file (a workbook, or CSV with its events file)
// through mapping into sys.
func importFile(t *testing.T, sys *casesim.System, mapping, path, events string) store.ImportReport {
	t.Helper()
	m, err := dataimport.LoadMapping(mapping)
	if err != nil {
		t.Fatal(err)
	}
	read := func(p string) []*dataimport.Table {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ts, err := dataimport.ReadFile(p, b, "auto")
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	in, err := dataimport.Assign(read(path), m)
	if err != nil {
		t.Fatal(err)
	}
	if events != "" {
		in.Events = read(events)[0]
	}
	units, depts, people := sys.Store().OrgSnapshot()
	res, err := dataimport.Build(in, m, dataimport.Known{Units: units, Depts: depts, People: people, Fixed: sys.Simulated()})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sys.ImportBatch(context.Background(), res.Batch)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

const exampleMapping = "../docs/mappings/anka-example.toml"

// TestImportedDataServedWithoutSimulation: a new database of imported data
// starts empty and says it is not a demo; the department's workbook brings
// its own organisation, cases and alerts; importing it again (or the same
// rows as GB18030 CSV) changes nothing.
func TestImportedDataServedWithoutSimulation(t *testing.T) {
	db := filepath.Join(t.TempDir(), "real.db")
	sys := openImported(t, db)
	defer sys.Close()
	srv := httptest.NewServer(sys.Handler())
	defer srv.Close()
	v := apitest.NewValidator(t)
	c := &http.Client{Transport: v.Transport(http.DefaultTransport)}
	var h api.Health
	getJSON(t, c, srv.URL+"/api/v1/health", &h)
	if h.Demo || h.SimSpeed != 1 || !h.SimTime.Equal(wallNow) {
		t.Fatalf("health %+v: want demo false on the wall clock", h)
	}
	var units api.UnitList
	getJSON(t, c, srv.URL+"/api/v1/units", &units)
	var cases api.CasePage
	getJSON(t, c, srv.URL+"/api/v1/cases", &cases)
	if len(units.Units) != 0 || len(cases.Cases) != 0 || len(allAlerts(t, c, srv.URL)) != 0 {
		t.Fatalf("a new database of imported data is not empty: %d units, %d cases", len(units.Units), len(cases.Cases))
	}

	rep := importFile(t, sys, exampleMapping, "../testdata/anka-export.xlsx", "")
	// No indicator values were reported: the default period answers what
	// the imported cases give (computed), and lists the rest as data
	// missing (TestIndicatorsComputedFromImports checks the values).
	var set api.IndicatorSet
	getJSON(t, c, srv.URL+"/api/v1/indicators", &set)
	if set.Period == "" || len(set.Indicators) == 0 || len(set.DataMissing) == 0 {
		t.Fatalf("indicators of a database without reported values: %+v", set)
	}
	for _, in := range set.Indicators {
		if in.Source != api.SourceComputed {
			t.Errorf("%s: source %s, want computed", in.ID, in.Source)
		}
	}

	if rep.New != 36 || rep.Updated != 0 || rep.Unchanged != 0 {
		t.Fatalf("first import: %+v", rep)
	}
	getJSON(t, c, srv.URL+"/api/v1/units", &units)
	if len(units.Units) != 3 || units.Units[0].Name != "临川市人民检察院" {
		t.Fatalf("units %+v", units.Units)
	}
	alerts := allAlerts(t, c, srv.URL)
	rulesSeen := map[string]bool{}
	for _, a := range alerts {
		rulesSeen[strings.SplitN(a.Rule, "#", 2)[0]] = true
	}
	for _, r := range []string{"R1", "R2", "R17"} {
		if !rulesSeen[r] {
			t.Errorf("no %s alert from the imported cases (rules seen: %v)", r, rulesSeen)
		}
	}
	version := sys.Store().DataVersion()
	rep = importFile(t, sys, exampleMapping, "../testdata/anka-export.xlsx", "")
	if rep.New != 0 || rep.Updated != 0 || rep.Unchanged != 36 || rep.OrgAdded != 0 {
		t.Fatalf("second import of the same workbook: %+v", rep)
	}
	rep = importFile(t, sys, exampleMapping, "../testdata/anka-cases-gb18030.csv", "../testdata/anka-events-gb18030.csv")
	if rep.New != 0 || rep.Updated != 0 || rep.Unchanged != 36 {
		t.Fatalf("the same rows as GB18030 CSV: %+v", rep)
	}
	if v := sys.Store().DataVersion(); v != version {
		t.Errorf("data version moved %d → %d on imports that changed nothing", version, v)
	}
	if got := allAlerts(t, c, srv.URL); len(got) != len(alerts) {
		t.Errorf("alerts %d → %d after imports that changed nothing", len(alerts), len(got))
	}
}

// TestReimportUpdatesAndAppends: a changed case is updated, a new one
// added, events of the earlier export are kept, the alerts follow.
func TestReimportUpdatesAndAppends(t *testing.T) {
	dir := t.TempDir()
	sys := openImported(t, filepath.Join(dir, "real.db"))
	defer sys.Close()
	const head = "case_no,title,type,unit_id,lead_id,accepted_at,detained,major,fast_track,plea,events,closed_at\n"
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(head+body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	first := write("a.csv", "青检刑诉受〔2026〕1号,王某涉嫌盗窃案,审查起诉,青溪区院,周立新,2026-11-20,否,否,否,否,,\n"+
		"青检刑诉受〔2026〕2号,李某涉嫌诈骗案,审查起诉,青溪区院,陈晓雯,2026-11-25,否,否,否,否,rights_notice@2026-11-26,\n")
	if rep := importFile(t, sys, "", first, ""); rep.New != 2 || rep.OrgAdded != 4 {
		t.Fatalf("first: %+v", rep)
	}
	id1 := dataimport.CaseID("青检刑诉受〔2026〕1号")
	c1, err := sys.Store().Case(context.Background(), id1, wallNow)
	if err != nil {
		t.Fatal(err)
	}
	if !hasAlert(c1.Alerts, "R4") {
		t.Fatalf("no R4 alert for a case without its rights notice: %+v", c1.Alerts)
	}
	// The next export: case 1 now has its notice, case 2 lists only its
	// prosecution (the notice is kept), case 3 is new.
	second := write("b.csv", "青检刑诉受〔2026〕1号,王某涉嫌盗窃案,审查起诉,青溪区院,周立新,2026-11-20,否,否,否,否,rights_notice@2026-11-21,\n"+
		"青检刑诉受〔2026〕2号,李某涉嫌诈骗案,审查起诉,青溪区院,陈晓雯,2026-11-25,否,否,否,否,prosecuted@2026-12-01,2026-12-01\n"+
		"青检刑诉受〔2026〕3号,赵某涉嫌危险驾驶案,审查起诉,青溪区院,陈晓雯,2026-12-01,否,否,是,是,,\n")
	rep := importFile(t, sys, "", second, "")
	if rep.New != 1 || rep.Updated != 2 || rep.Unchanged != 0 || rep.OrgAdded != 0 {
		t.Fatalf("second: %+v", rep)
	}
	c1, _ = sys.Store().Case(context.Background(), id1, wallNow)
	if hasAlert(c1.Alerts, "R4") {
		t.Errorf("R4 still open after the notice was imported: %+v", c1.Alerts)
	}
	c2, _ := sys.Store().Case(context.Background(), dataimport.CaseID("青检刑诉受〔2026〕2号"), wallNow)
	var types []string
	for _, e := range c2.Timeline {
		types = append(types, e.Type)
	}
	if strings.Join(types, ",") != "accepted,rights_notice,prosecuted,closed" {
		t.Errorf("case 2 timeline %v: the earlier export's event was lost or duplicated", types)
	}
	if rep := importFile(t, sys, "", second, ""); rep.Unchanged != 3 || rep.New+rep.Updated != 0 {
		t.Errorf("the same file again: %+v", rep)
	}
}

func hasAlert(as []api.Alert, rule string) bool {
	for _, a := range as {
		if a.Rule == rule && a.Status != api.StatusRectified {
			return true
		}
	}
	return false
}

// TestDataKindsNeverMix: a simulated database is not served as imported
// data, an imported one is never simulated on.
func TestDataKindsNeverMix(t *testing.T) {
	dir := t.TempDir()
	simDB, realDB := filepath.Join(dir, "sim.db"), filepath.Join(dir, "real.db")
	s := open(t, simDB)
	s.Close()
	if _, err := casesim.Open(context.Background(), casesim.Options{DBPath: simDB, NoSim: true}); err == nil || !strings.Contains(err.Error(), "holds simulated data") {
		t.Errorf("--no-sim on a simulated database: %v", err)
	}
	r := openImported(t, realDB)
	r.Close()
	if _, err := casesim.Open(context.Background(), casesim.Options{DBPath: realDB, Seed: 1}); err == nil || !strings.Contains(err.Error(), "--no-sim") {
		t.Errorf("simulating on a database of imported data: %v", err)
	}
	anySys, err := casesim.Open(context.Background(), casesim.Options{DBPath: simDB, Seed: 1, AnyData: true, Start: start})
	if err != nil || !anySys.Simulated() || !anySys.Health().Demo {
		t.Fatalf("import into a simulated database: %v", err)
	}
	anySys.Close()
}

// TestLivePickup: an import by another process into the live database
// file reaches the running server (its Run loop re-reads the data).
func TestLivePickup(t *testing.T) {
	db := filepath.Join(t.TempDir(), "live.db")
	var taken atomic.Int64 // the cases of the last import taken in (OnImport, for the metrics)
	live := openImported(t, db, func(o *casesim.Options) {
		o.Tick = 10 * time.Millisecond
		o.OnImport = func(cases int, err error) {
			if err == nil {
				taken.Store(int64(cases))
			}
		}
	})
	defer live.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { live.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	srv := httptest.NewServer(live.Handler())
	defer srv.Close()

	// Another process imports as casesim import does (ImportOnly).
	other := openImported(t, db, func(o *casesim.Options) { o.ImportOnly = true })
	importFile(t, other, exampleMapping, "../testdata/anka-export.xlsx", "")
	other.Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var page api.CasePage
		getJSON(t, srv.Client(), srv.URL+"/api/v1/cases", &page)
		// The cases and alerts are in the database at once (the import
		// process derives the alerts of what it changed); OnImport says
		// the server has taken them in.
		if len(page.Cases) == 36 && len(allAlerts(t, srv.Client(), srv.URL)) > 0 && taken.Load() == 36 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("5 s after another process imported 36 cases the server shows %d, and OnImport told of %d", len(page.Cases), taken.Load())
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The server counted the indicators from what it took in (the import
	// process, holding only the cases it changed, did not).
	for {
		var set api.IndicatorSet
		getJSON(t, srv.Client(), srv.URL+"/api/v1/indicators", &set)
		if len(set.Indicators) > 0 && len(set.DataMissing) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("indicators 5 s after a live pickup: %d computed, %d missing", len(set.Indicators), len(set.DataMissing))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestCaseSaysDataMissing: GET /cases/{id} of an imported case names the
// rules that lack data; a simulated case names none.
func TestCaseSaysDataMissing(t *testing.T) {
	dir := t.TempDir()
	sys := openImported(t, filepath.Join(dir, "real.db"))
	defer sys.Close()
	p := filepath.Join(dir, "a.csv")
	body := "case_no,title,type,unit_id,lead_id,accepted_at,detained,major,fast_track,plea,events,closed_at\n" +
		"青检刑捕受〔2026〕7号,王某涉嫌盗窃案,审查逮捕,青溪区院,周立新,2026-11-20,是,否,否,否,arrest_approved@2026-11-25,2026-11-25\n"
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	importFile(t, sys, "", p, "")
	srv := httptest.NewServer(sys.Handler())
	defer srv.Close()
	v := apitest.NewValidator(t)
	hc := &http.Client{Transport: v.Transport(http.DefaultTransport)}
	var c api.Case
	getJSON(t, hc, srv.URL+"/api/v1/cases/"+dataimport.CaseID("青检刑捕受〔2026〕7号"), &c)
	if len(c.DataMissing) == 0 || c.DataMissing[0].Rule != "R7" || !strings.Contains(c.DataMissing[0].Need, "arrest_executed") {
		t.Fatalf("data_missing %+v, want R7 (no executed arrest)", c.DataMissing)
	}
}

// TestReportedIndicators: official values a department reported are
// stored and served marked reported, with the value as reported.
func TestReportedIndicators(t *testing.T) {
	dir := t.TempDir()
	sys := openImported(t, filepath.Join(dir, "real.db"))
	defer sys.Close()
	p := filepath.Join(dir, "ind.csv")
	body := "unit,indicator,period,value,numerator,denominator\n" +
		"临川市青溪区人民检察院,不捕率,2026-11,38.5,,\n" +
		"临川市青溪区人民检察院,I03,2026年11月,21.0,21,100\n"
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := dataimport.LoadMapping("")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	ts, err := dataimport.ReadFile(p, b, "auto")
	if err != nil {
		t.Fatal(err)
	}
	res, err := dataimport.Build(dataimport.Inputs{Indicators: ts[0]}, m, dataimport.Known{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sys.ImportBatch(context.Background(), res.Batch)
	if err != nil || rep.Indicators != 2 {
		t.Fatalf("report %+v, %v", rep, err)
	}
	if rep, _ := sys.ImportBatch(context.Background(), res.Batch); rep.Indicators != 0 {
		t.Errorf("the same values again changed %d rows", rep.Indicators)
	}
	srv := httptest.NewServer(sys.Handler())
	defer srv.Close()
	v := apitest.NewValidator(t)
	hc := &http.Client{Transport: v.Transport(http.DefaultTransport)}
	var set api.IndicatorSet
	getJSON(t, hc, srv.URL+"/api/v1/indicators?unit="+res.Batch.Units[0].ID+"&period=2026-11", &set)
	got := map[string]api.Indicator{}
	for _, ind := range set.Indicators {
		got[ind.ID] = ind
	}
	if i := got["I02"]; i.Source != api.SourceReported || i.Value != 38.5 || i.Computed {
		t.Errorf("I02 %+v: want 38.5 marked reported", i)
	}
	if i := got["I03"]; i.Source != api.SourceReported || i.Value != 21 {
		t.Errorf("I03 %+v: want 21 marked reported", i)
	}
}
