package casesim_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/api/apitest"
	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/sim"
)

var start = time.Date(2026, 11, 2, 9, 0, 0, 0, sim.Zone)

func open(t *testing.T, db string) *casesim.System {
	t.Helper()
	t0 := time.Now()
	sys, err := casesim.Open(context.Background(), casesim.Options{DBPath: db, Seed: 1, Start: start})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Open(%s) took %v", db, time.Since(t0))
	return sys
}

func getJSON(t *testing.T, c *http.Client, url string, v any) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func allAlerts(t *testing.T, c *http.Client, base string) []api.Alert {
	var out []api.Alert
	url := base + "/api/v1/alerts?limit=1000"
	for {
		var page api.AlertPage
		getJSON(t, c, url, &page)
		out = append(out, page.Alerts...)
		if page.NextCursor == "" {
			return out
		}
		url = base + "/api/v1/alerts?limit=1000&cursor=" + page.NextCursor
	}
}

// TestLiveSimulationOverHTTP runs the whole reference system behind a real
// HTTP server, validated against the contract, while its clock advances.
func TestLiveSimulationOverHTTP(t *testing.T) {
	sys := open(t, ":memory:")
	defer sys.Close()
	srv := httptest.NewServer(sys.Handler())
	defer srv.Close()
	v := apitest.NewValidator(t)
	c := &http.Client{Transport: v.Transport(http.DefaultTransport)}

	var h api.Health
	getJSON(t, c, srv.URL+"/api/v1/health", &h)
	if !h.SimTime.Equal(start) || h.Status != "ok" {
		t.Fatalf("health %+v", h)
	}
	before := allAlerts(t, c, srv.URL)
	if len(before) < 20 {
		t.Fatalf("only %d active alerts after warm-up", len(before))
	}
	var first api.AlertPage
	getJSON(t, c, srv.URL+"/api/v1/alerts?limit=1000", &first)

	if err := sys.AdvanceTo(context.Background(), start.Add(36*time.Hour)); err != nil {
		t.Fatal(err)
	}
	var delta api.AlertPage
	getJSON(t, c, srv.URL+"/api/v1/alerts?since="+first.SyncCursor, &delta)
	if !delta.Delta || len(delta.Alerts) == 0 {
		t.Fatalf("a day and a half later the delta is empty: %+v", delta)
	}
	changed := map[string]bool{}
	for _, a := range delta.Alerts {
		changed[a.Status] = true
	}
	t.Logf("delta after 36h: %d alerts, statuses %v", len(delta.Alerts), changed)

	// Every alert's case shows the same deadline facts.
	a := before[0]
	var cs api.Case
	getJSON(t, c, srv.URL+"/api/v1/cases/"+a.CaseID, &cs)
	if cs.ID != a.CaseID || len(cs.Timeline) == 0 {
		t.Fatalf("case %s: %+v", a.CaseID, cs.CaseSummary)
	}
	var is api.IndicatorSet
	getJSON(t, c, srv.URL+"/api/v1/indicators?unit=U11", &is)
	if len(is.Indicators) < 24 || len(is.Indicators[0].History) < 24 {
		t.Fatalf("indicators: %d, history %d", len(is.Indicators), len(is.Indicators[0].History))
	}
	var cov api.Coverage
	getJSON(t, c, srv.URL+"/api/v1/coverage?unit=U00&by=department&period="+sys.SimNow().Format("2006")+"-ytd", &cov)
	if cov.Totals.Decisions == 0 || cov.Totals.Over == 0 || cov.Totals.NotOnList == 0 || len(cov.NotOnList) == 0 {
		t.Fatalf("coverage totals %+v", cov.Totals)
	}
	v.Check(t)
}

// TestResumeAfterRestart proves the simulation, its clock and an
// acknowledgement survive a restart on a database file.
func TestResumeAfterRestart(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sim.db")
	sys := open(t, db)
	srv := httptest.NewServer(sys.Handler())
	alerts := allAlerts(t, srv.Client(), srv.URL)
	target := alerts[len(alerts)/2].ID
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/alerts/"+target+"/ack", jsonBody(`{"by":"值班员","note":"已电话提醒"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("ack: %v %v", err, resp)
	}
	resp.Body.Close()
	later := start.Add(5 * time.Hour)
	if err := sys.AdvanceTo(context.Background(), later); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	sys.Close()

	sys = open(t, db)
	defer sys.Close()
	if got := sys.SimNow(); !got.Equal(later) {
		t.Fatalf("clock after restart %v, want %v", got, later)
	}
	srv = httptest.NewServer(sys.Handler())
	defer srv.Close()
	var a api.Alert
	var page api.AlertPage
	getJSON(t, srv.Client(), srv.URL+"/api/v1/alerts?status=all&limit=1000", &page)
	for _, x := range page.Alerts {
		if x.ID == target {
			a = x
		}
	}
	for page.NextCursor != "" && a.ID == "" {
		getJSON(t, srv.Client(), srv.URL+"/api/v1/alerts?status=all&limit=1000&cursor="+page.NextCursor, &page)
		for _, x := range page.Alerts {
			if x.ID == target {
				a = x
			}
		}
	}
	if a.Ack == nil || a.Ack.By != "值班员" {
		t.Fatalf("ack lost across restart: %+v", a)
	}
	if _, err := casesim.Open(context.Background(), casesim.Options{DBPath: db, Seed: 2}); err == nil {
		t.Fatal("opening with another seed should fail")
	}
}
