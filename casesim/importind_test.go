package casesim_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/dataimport"
)

// importCSV imports the CSV files of casesim/testdata/indicators (cases,
// and optionally events and org) through the default mapping into sys.
func importCSV(t *testing.T, sys *casesim.System, cases, events, org string) {
	t.Helper()
	m, err := dataimport.LoadMapping("")
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) *dataimport.Table {
		p := filepath.Join("testdata", "indicators", name)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ts, err := dataimport.ReadFile(p, b, "auto")
		if err != nil {
			t.Fatal(err)
		}
		return ts[0]
	}
	in := dataimport.Inputs{Cases: read(cases)}
	if events != "" {
		in.Events = read(events)
	}
	if org != "" {
		in.Org = read(org)
	}
	units, depts, people := sys.Store().OrgSnapshot()
	res, err := dataimport.Build(in, m, dataimport.Known{Units: units, Depts: depts, People: people, Fixed: sys.Simulated()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sys.ImportBatch(context.Background(), res.Batch); err != nil {
		t.Fatal(err)
	}
}

// indicatorSet answers GET /indicators for the unit named name.
func indicatorSet(t *testing.T, sys *casesim.System, name, period string) api.IndicatorSet {
	t.Helper()
	get := func(path string, v any) {
		rec := httptest.NewRecorder()
		sys.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
			t.Fatal(err)
		}
	}
	var ul api.UnitList
	get("/api/v1/units", &ul)
	for _, u := range ul.Units {
		if u.Name == name {
			var set api.IndicatorSet
			get("/api/v1/indicators?unit="+u.ID+"&period="+period, &set)
			return set
		}
	}
	t.Fatalf("no unit %s among %v", name, ul.Units)
	return api.IndicatorSet{}
}

// TestIndicatorsComputedFromImports: a database of imported data computes
// the indicators its cases and events allow, by the simulation's formulas
// (the expected values below are counted by hand from the CSV files in
// testdata/indicators); the ones whose inputs no export carries, and those
// whose cases lack an input (a file without the plea or detained column),
// are not shown but listed under data_missing; a city adds its basic
// units; a reported value wins over the computed one.
func TestIndicatorsComputedFromImports(t *testing.T) {
	db := filepath.Join(t.TempDir(), "chengjiang.db")
	sys := openImported(t, db)
	defer sys.Close()
	importCSV(t, sys, "cases-songlin.csv", "events-songlin.csv", "org.csv")
	importCSV(t, sys, "cases-zhuxi.csv", "", "")

	type want struct {
		num, den, value float64
	}
	check := func(set api.IndicatorSet, wants map[string]want, missing map[string]int) {
		t.Helper()
		got := map[string]api.Indicator{}
		for _, in := range set.Indicators {
			got[in.ID] = in
		}
		for id, w := range wants {
			in, ok := got[id]
			switch {
			case !ok:
				t.Errorf("%s %s: not shown (data_missing %v)", set.UnitName, id, set.DataMissing)
			case in.Numerator != w.num || in.Denominator != w.den || math.Abs(in.Value-w.value) > 0.01:
				t.Errorf("%s %s: %v/%v = %v, want %v/%v = %v", set.UnitName, id, in.Numerator, in.Denominator, in.Value, w.num, w.den, w.value)
			case in.Source != api.SourceComputed:
				t.Errorf("%s %s: source %q, want computed", set.UnitName, id, in.Source)
			}
		}
		dm := map[string]api.IndicatorMissing{}
		for _, m := range set.DataMissing {
			dm[m.Indicator] = m
		}
		for id, cases := range missing {
			m, ok := dm[id]
			switch {
			case !ok:
				t.Errorf("%s %s: not in data_missing", set.UnitName, id)
			case m.Cases != cases || m.Need == "" || m.Name == "":
				t.Errorf("%s %s: data_missing %+v, want %d cases and a need", set.UnitName, id, m, cases)
			}
			if _, shown := got[id]; shown {
				t.Errorf("%s %s: shown with a value although data is missing", set.UnitName, id)
			}
		}
		// Never invented: what no export carries is missing, not 0.
		for _, id := range []string{"I06", "I09", "I10", "I16", "I18", "I25", "I26"} {
			if _, shown := got[id]; shown {
				t.Errorf("%s %s: shown, but imports carry nothing it is counted from", set.UnitName, id)
			}
			if _, ok := dm[id]; !ok {
				t.Errorf("%s %s: not in data_missing", set.UnitName, id)
			}
		}
	}

	// 松林区院, 2026-11 (by hand from cases-songlin.csv, events-songlin.csv):
	//   审查起诉 concluded in November: 101 prosecuted 11-20 (detained, plea,
	//   returned 11-01, resubmitted 11-10), 102 not prosecuted 11-27 (not
	//   detained, no plea, extended 11-25), 103 prosecuted 11-12 (detained,
	//   plea; acquitted 11-28). 审查逮捕: 104 approved 11-09, 105 refused
	//   11-16. 信访: 106 accepted 11-02, procedural reply 11-06.
	//   I01 案-件比: 案 = 3 concluded + 1 refusal = 4; 件 = 4 + 1 return + 1
	//       extension = 6 → 1.5
	//   I02 不捕率 1 refused ÷ (1 + 1) = 50 %
	//   I03 不诉率 1 ÷ 3 = 33.33 %; I04 诉前羁押率 2 ÷ 3; I05 捕后不诉率 0 ÷ 2
	//   I08 认罪认罚 2 ÷ 3; I11 退查率 1 return in November ÷ 3; I12 1 ÷ 3
	//   I14 无罪 1 (of 2 prosecuted); I13 撤回 0 (of 2)
	//   I17 审查起诉天数: 101: 31 days less 9 out = 22; 102: 25; 103: 7 →
	//       54 ÷ 3 = 18
	//   I28 1 ÷ 1
	songlin := indicatorSet(t, sys, "澄江市松林区人民检察院", "2026-11")
	check(songlin, map[string]want{
		"I01": {6, 4, 1.5},
		"I02": {1, 2, 50},
		"I03": {1, 3, 33.33},
		"I04": {2, 3, 66.67},
		"I05": {0, 2, 0},
		"I08": {2, 3, 66.67},
		"I11": {1, 3, 33.33},
		"I12": {1, 3, 33.33},
		"I13": {0, 2, 0},
		"I14": {1, 2, 1},
		"I17": {54, 3, 18},
		"I28": {1, 1, 100},
	}, nil)

	// 竹溪县院 (cases-zhuxi.csv has no plea and no detained column): 201
	// prosecuted 11-17 after 14 days, nothing known of custody; 202 not
	// prosecuted 11-24 after 20 days, detained (measure_detention).
	//   I03 1 ÷ 2; I17 34 ÷ 2 = 17; I08 missing for 2 cases, I04 and I05
	//   for 1 (202's custody is known from its measure).
	zhuxi := indicatorSet(t, sys, "澄江市竹溪县人民检察院", "2026-11")
	check(zhuxi, map[string]want{
		"I03": {1, 2, 50},
		"I17": {34, 2, 17},
	}, map[string]int{"I08": 2, "I04": 1, "I05": 1})

	// 澄江市院 adds both: I03 2 ÷ 5 = 40 %, I17 88 ÷ 5 = 17.6; what is
	// missing below is missing here.
	city := indicatorSet(t, sys, "澄江市人民检察院", "2026-11")
	check(city, map[string]want{
		"I03": {2, 5, 40},
		"I17": {88, 5, 17.6},
		"I02": {1, 2, 50},
	}, map[string]int{"I08": 2, "I04": 1})

	// The data begins in October 2026: no value is invented for the months
	// before, so the history starts there and a year to date of 2026 is not
	// found; the running month answers (nothing concluded yet).
	if n := len(songlin.Indicators[0].History); n != 2 {
		t.Errorf("history of %d months, want 2 (October and November): %+v", n, songlin.Indicators[0].History)
	}
	rec := httptest.NewRecorder()
	sys.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/indicators?unit="+songlin.UnitID+"&period=2026-ytd", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("2026-ytd with data from October: %d, want 404", rec.Code)
	}
	mtd := indicatorSet(t, sys, "澄江市松林区人民检察院", "2026-12-mtd")
	check(mtd, map[string]want{"I03": {0, 0, 0}}, nil)

	// A reported value for the same unit, indicator and month wins.
	m, err := dataimport.LoadMapping("")
	if err != nil {
		t.Fatal(err)
	}
	rep := "unit,indicator,period,value,numerator,denominator\n澄江市松林区人民检察院,I03,2026-11,30,3,10\n"
	tables, err := dataimport.ReadFile("reported.csv", []byte(rep), "auto")
	if err != nil {
		t.Fatal(err)
	}
	units, depts, people := sys.Store().OrgSnapshot()
	res, err := dataimport.Build(dataimport.Inputs{Indicators: tables[0]}, m, dataimport.Known{Units: units, Depts: depts, People: people})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sys.ImportBatch(context.Background(), res.Batch); err != nil {
		t.Fatal(err)
	}
	songlin = indicatorSet(t, sys, "澄江市松林区人民检察院", "2026-11")
	for _, in := range songlin.Indicators {
		if in.ID == "I03" && (in.Source != api.SourceReported || in.Value != 30) {
			t.Errorf("I03 after a reported 30: %v (%s), want 30 reported", in.Value, in.Source)
		}
	}

	// The same file served again after a restart gives the same answer.
	sys.Close()
	sys2 := openImported(t, db)
	defer sys2.Close()
	again := indicatorSet(t, sys2, "澄江市竹溪县人民检察院", "2026-11")
	check(again, map[string]want{"I03": {1, 2, 50}}, map[string]int{"I08": 2})
	if !strings.Contains(again.DataMissing[0].Need, "未导入") {
		t.Errorf("need %q does not say what was not imported", again.DataMissing[0].Need)
	}
}
