package metrics_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/metrics"
)

// casesim serve's metrics count requests by route (the pattern, not the
// id) and status, their latency, and the imports taken in.
func TestCasesimScrape(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the reference case system")
	}
	sys, err := casesim.Open(t.Context(), casesim.Options{DBPath: ":memory:", Seed: 7, WarmupDays: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer sys.Close()
	m := metrics.NewCasesim("test")
	api := httptest.NewServer(m.Wrap(sys.Handler()))
	defer api.Close()
	ms := httptest.NewServer(metrics.Handler(m.Registry(), m.Ready))
	defer ms.Close()

	if code, _ := get(t, ms.URL+"/readyz"); code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz before SetReady: %d", code)
	}
	m.SetReady(true)
	if code, _ := get(t, ms.URL+"/readyz"); code != http.StatusOK {
		t.Fatalf("/readyz after SetReady: %d", code)
	}
	for range 3 {
		get(t, api.URL+"/api/v1/alerts?limit=5")
	}
	get(t, api.URL+"/api/v1/cases/C-NO-SUCH-1")
	get(t, api.URL+"/api/v1/cases/C-NO-SUCH-2")
	get(t, api.URL+"/api/v1/nowhere")
	res, err := http.Post(api.URL+"/api/v1/alerts/A-NO-SUCH/ack", "application/json", strings.NewReader(`{"by":"甲"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	m.Imported(120, nil)
	m.Imported(0, errors.New("database is locked"))
	m.FileImported("done")
	m.FileImported("done")
	m.FileImported("rejected")

	fams := scrape(t, ms.URL+"/metrics")
	for _, c := range []struct {
		labels []string
		want   float64
	}{
		{[]string{"route", "GET /api/v1/alerts", "code", "200"}, 3},
		{[]string{"route", "GET /api/v1/cases/{id}", "code", "404"}, 2},
		{[]string{"route", "unmatched", "code", "404"}, 1},
	} {
		if v, _ := value(fams, "casesim_http_requests_total", c.labels...); v != c.want {
			t.Errorf("casesim_http_requests_total%v = %v, want %v\n%s", c.labels, v, c.want, dump(fams))
		}
	}
	if v, ok := value(fams, "casesim_http_requests_total", "route", "POST /api/v1/alerts/{id}/ack"); !ok || v != 1 {
		t.Errorf("ack route counted %v (%v), want 1", v, ok)
	}
	if v, _ := value(fams, "casesim_http_request_duration_seconds", "route", "GET /api/v1/alerts"); v != 3 {
		t.Errorf("alerts latency samples %v, want 3", v)
	}
	if v, _ := value(fams, "casesim_imports_total", "result", "ok"); v != 1 {
		t.Errorf("imports ok %v, want 1", v)
	}
	if v, _ := value(fams, "casesim_imports_total", "result", "error"); v != 1 {
		t.Errorf("imports error %v, want 1", v)
	}
	if v, _ := value(fams, "casesim_imported_cases"); v != 120 {
		t.Errorf("imported cases %v, want 120", v)
	}
	if v, _ := value(fams, "casesim_import_files_total", "result", "done"); v != 2 {
		t.Errorf("files done %v, want 2", v)
	}
	if v, _ := value(fams, "casesim_import_file_last_timestamp_seconds", "result", "rejected"); v < 1.7e9 {
		t.Errorf("last rejected file at %v", v)
	}
	if _, ok := value(fams, "process_resident_memory_bytes"); !ok {
		t.Error("no process metrics")
	}
}
