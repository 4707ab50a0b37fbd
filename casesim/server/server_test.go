package server_test

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/server"
	"github.com/casewatch/casewatch/casesim/store"
	"github.com/casewatch/casewatch/casesim/store/storetest"
)

// every GET of the contract, with a parameter set or two.
var gets = []string{
	"/api/v1/health",
	"/api/v1/units",
	"/api/v1/alerts",
	"/api/v1/alerts?unit=U11&category=card&level=warning&status=all&limit=10",
	"/api/v1/indicators",
	"/api/v1/indicators?unit=U11&period=2023-06",
	"/api/v1/indicators/I01/ranking",
	"/api/v1/indicators/I02/ranking?parent=U00&period=2023-05",
	"/api/v1/indicators?unit=U10&period=2023-06-mtd",
	"/api/v1/indicators?period=2023-ytd",
	"/api/v1/indicators/I08/ranking?period=2023-ytd",
	"/api/v1/coverage",
	"/api/v1/coverage?unit=U11&by=person",
	"/api/v1/decisions?verdict=over&limit=2",
	"/api/v1/decisions?kind=no_protest&period=2023-06-mtd",
	"/api/v1/coverage?unit=U11&period=2023-06-mtd",
	"/api/v1/coverage?period=2023-ytd",
	"/api/v1/decisions?person=U11-committee",
	"/api/v1/indicator-sets",
	"/api/v1/indicator-sets?unit=U10&period=2023-06",
	"/api/v1/coverage-sets?by=person",
	"/api/v1/coverage-sets?unit=U10&period=2023-ytd",
	"/api/v1/cases",
	"/api/v1/cases?q=" + url.QueryEscape("李四") + "&limit=5",
	"/api/v1/cases/C1",
	"/api/v1/cases/C3",
}

func TestEveryGETConformsAndRevalidates(t *testing.T) {
	e := newEnv(t, storetest.Open(t, ":memory:"), "")
	for _, p := range gets {
		r := e.get(p)
		wantStatus(t, r, http.StatusOK)
		tag := r.Header.Get("ETag")
		if tag == "" || !strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: ETag %q, Vary %q", p, tag, r.Header.Get("Vary"))
		}
		r2 := e.get(p, "If-None-Match", tag)
		if p == "/api/v1/health" {
			continue // its server_time moves
		}
		wantStatus(t, r2, http.StatusNotModified)
		if len(r2.body) != 0 || r2.Header.Get("ETag") != tag {
			t.Errorf("%s: 304 with %d bytes, ETag %q", p, len(r2.body), r2.Header.Get("ETag"))
		}
	}
}

// TestSetsAreThePerUnitAnswers: /indicator-sets and /coverage-sets hold,
// for every unit of the subtree and in the org's order, exactly what
// /indicators and /coverage answer for that unit.
func TestSetsAreThePerUnitAnswers(t *testing.T) {
	e := newEnv(t, storetest.Open(t, ":memory:"), "")
	for _, root := range []string{"", "U10"} {
		want := e.st.Subtree(cmp.Or(root, e.st.RootUnitID()))
		var is api.IndicatorSets
		e.get("/api/v1/indicator-sets?period=2023-06&unit="+root).decode(t, &is)
		var got []string
		for _, set := range is.Sets {
			got = append(got, set.UnitID)
			var one api.IndicatorSet
			e.get("/api/v1/indicators?period=2023-06&unit="+set.UnitID).decode(t, &one)
			if !reflect.DeepEqual(set, one) {
				t.Errorf("indicator-sets %q: the set of %s differs from /indicators", root, set.UnitID)
			}
		}
		if !slices.Equal(got, want) || is.UnitID != want[0] {
			t.Errorf("indicator-sets %q: units %v of %s, want %v", root, got, is.UnitID, want)
		}
		for _, by := range []string{"department", "person"} {
			var cs api.CoverageSets
			e.get("/api/v1/coverage-sets?period=2023-ytd&by="+by+"&unit="+root).decode(t, &cs)
			got = got[:0]
			for _, c := range cs.Sets {
				got = append(got, c.UnitID)
				var one api.Coverage
				e.get("/api/v1/coverage?period=2023-ytd&by="+by+"&unit="+c.UnitID).decode(t, &one)
				if !reflect.DeepEqual(c, one) {
					t.Errorf("coverage-sets %q by %s: the table of %s differs from /coverage", root, by, c.UnitID)
				}
			}
			if !slices.Equal(got, want) || cs.By != by {
				t.Errorf("coverage-sets %q by %s: units %v (by %q), want %v", root, by, got, cs.By, want)
			}
		}
	}
}

func TestETagChanges(t *testing.T) {
	e := newEnv(t, storetest.Open(t, ":memory:"), "")
	r := e.get("/api/v1/alerts")
	tag := r.Header.Get("ETag")
	// Other query, other tag; same query reordered, same tag.
	if t2 := e.get("/api/v1/alerts?limit=500&status=active").Header.Get("ETag"); t2 == tag {
		t.Error("another query has the same ETag")
	}
	a := e.get("/api/v1/alerts?status=active&limit=7").Header.Get("ETag")
	b := e.get("/api/v1/alerts?limit=7&status=active").Header.Get("ETag")
	if a != b {
		t.Errorf("reordered query: %s vs %s", a, b)
	}
	// Within the same sim hour: 304; the next hour: 200 (days_remaining, as_of).
	e.setClock(storetest.Now.Add(59 * time.Minute))
	wantStatus(t, e.get("/api/v1/alerts", "If-None-Match", tag), http.StatusNotModified)
	e.setClock(storetest.Now.Add(61 * time.Minute))
	wantStatus(t, e.get("/api/v1/alerts", "If-None-Match", tag), http.StatusOK)
	// A write changes the tag.
	e.setClock(storetest.Now)
	wantStatus(t, e.get("/api/v1/alerts", "If-None-Match", tag), http.StatusNotModified)
	var page api.AlertPage
	r.decode(t, &page)
	wantStatus(t, e.ack(page.Alerts[0].ID, "张明", "", ""), http.StatusOK)
	wantStatus(t, e.get("/api/v1/alerts", "If-None-Match", tag), http.StatusOK)
	// A list of tags, and *.
	wantStatus(t, e.get("/api/v1/units", "If-None-Match", `"x", `+e.get("/api/v1/units").Header.Get("ETag")), http.StatusNotModified)
	wantStatus(t, e.get("/api/v1/units", "If-None-Match", "*"), http.StatusNotModified)
}

func TestGzip(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	e := newEnv(t, st, "")
	r := e.get("/api/v1/cases/C1", "Accept-Encoding", "gzip")
	wantStatus(t, r, http.StatusOK)
	if r.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("no gzip for a %d-byte body", len(r.body))
	}
	zr, err := gzip.NewReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil || !bytes.Contains(plain, []byte(`"id":"C1"`)) {
		t.Errorf("gunzipped body: %.80s… %v", plain, err)
	}
	// Not without Accept-Encoding, nor for q=0, nor for a small body.
	for _, h := range [][]string{
		{"Accept-Encoding", "identity"},
		{"Accept-Encoding", "gzip;q=0"},
	} {
		r := e.do(false, http.MethodGet, "/api/v1/cases/C1", nil, h...)
		// The default transport asks for gzip itself unless a header is set.
		if r.Header.Get("Content-Encoding") != "" {
			t.Errorf("%v: gzip anyway", h)
		}
	}
	if r := e.get("/api/v1/health", "Accept-Encoding", "gzip"); r.Header.Get("Content-Encoding") != "" {
		t.Errorf("a %d-byte body was compressed", len(r.body))
	}
}

func TestDeltaSyncAndGone(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	e := newEnv(t, st, "")
	// Page through with limit 2, keep the sync cursor.
	var ids []string
	var sync string
	next := "/api/v1/alerts?limit=2"
	for next != "" {
		var p api.AlertPage
		r := e.get(next)
		wantStatus(t, r, http.StatusOK)
		r.decode(t, &p)
		if p.Delta {
			t.Error("listing marked delta")
		}
		if sync == "" {
			sync = p.SyncCursor
		} else if sync != p.SyncCursor {
			t.Error("sync_cursor differs between pages of one listing")
		}
		for _, a := range p.Alerts {
			ids = append(ids, a.ID)
		}
		next = ""
		if p.NextCursor != "" {
			next = "/api/v1/alerts?limit=2&cursor=" + url.QueryEscape(p.NextCursor)
		}
	}
	if len(ids) != 3 {
		t.Fatalf("listed %v", ids)
	}
	// C2's alert is rectified an hour later.
	later := storetest.Now.Add(time.Hour)
	f := storetest.Findings()
	delete(f, "C2")
	if _, err := st.Reconcile(t.Context(), later, storetest.Evaluated, f); err != nil {
		t.Fatal(err)
	}
	e.setClock(later)
	var d api.AlertPage
	r := e.get("/api/v1/alerts?level=notice&since=" + url.QueryEscape(sync))
	wantStatus(t, r, http.StatusOK)
	r.decode(t, &d)
	if !d.Delta || len(d.Alerts) != 1 || d.Alerts[0].Status != api.StatusRectified || d.Alerts[0].RectifiedAt == nil {
		t.Fatalf("delta: %+v", d)
	}
	// Pruned: the old position is gone (410), a fresh listing works.
	if err := st.PruneRectified(t.Context(), later.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	r = e.get("/api/v1/alerts?since=" + url.QueryEscape(sync))
	wantStatus(t, r, http.StatusGone)
	if p := r.problem(t); p.Param != "since" {
		t.Errorf("410 problem: %+v", p)
	}
	var fresh api.AlertPage
	e.get("/api/v1/alerts").decode(t, &fresh)
	wantStatus(t, e.get("/api/v1/alerts?since="+url.QueryEscape(fresh.SyncCursor)), http.StatusOK)
	// A cursor of another database is gone too.
	other := newEnv(t, storetest.Open(t, ":memory:"), "")
	r = other.get("/api/v1/alerts?since=" + url.QueryEscape(fresh.SyncCursor))
	wantStatus(t, r, http.StatusGone)
	r.problem(t)
}

func TestAck(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	e := newEnv(t, st, "")
	var page api.AlertPage
	e.get("/api/v1/alerts").decode(t, &page)
	id := page.Alerts[0].ID
	v0 := st.DataVersion()

	first := e.ack(id, "张明", "已督促", "key-1")
	wantStatus(t, first, http.StatusOK)
	var a api.Alert
	first.decode(t, &a)
	if a.Status != api.StatusAcknowledged || a.Ack == nil || a.Ack.By != "张明" {
		t.Errorf("acked: %+v", a)
	}
	// A retry later with the same key: the same answer, no second ack.
	e.setClock(storetest.Now.Add(2 * time.Hour))
	again := e.ack(id, "张明", "已督促", "key-1")
	wantStatus(t, again, http.StatusOK)
	if !bytes.Equal(first.body, again.body) {
		t.Errorf("retry answered differently:\n%s\n%s", first.body, again.body)
	}
	if v := st.DataVersion(); v != v0+1 {
		t.Errorf("ack + retry wrote %d times, want 1", v-v0)
	}
	// The key with another body: 400 naming the header.
	r := e.ack(id, "别人", "", "key-1")
	wantStatus(t, r, http.StatusBadRequest)
	if p := r.problem(t); p.Param != "Idempotency-Key" {
		t.Errorf("key reuse: %+v", p)
	}
	// Rectified: 409 naming the alert.
	f := storetest.Findings()
	c2 := ""
	for _, x := range page.Alerts {
		if x.CaseID == "C2" {
			c2 = x.ID
		}
	}
	delete(f, "C2")
	if _, err := st.Reconcile(t.Context(), storetest.Now.Add(time.Hour), storetest.Evaluated, f); err != nil {
		t.Fatal(err)
	}
	r = e.ack(c2, "张明", "", "key-2")
	wantStatus(t, r, http.StatusConflict)
	if p := r.problem(t); p.ID != c2 {
		t.Errorf("409: %+v", p)
	}
	// Unknown alert: 404 naming it.
	r = e.ack("A99999", "张明", "", "")
	wantStatus(t, r, http.StatusNotFound)
	if p := r.problem(t); p.ID != "A99999" {
		t.Errorf("404: %+v", p)
	}
}

func TestAckBodies(t *testing.T) {
	e := newEnv(t, storetest.Open(t, ":memory:"), "")
	var page api.AlertPage
	e.get("/api/v1/alerts").decode(t, &page)
	path := "/api/v1/alerts/" + page.Alerts[0].ID + "/ack"
	post := func(ctype, body string, status int, param string, headers ...string) {
		t.Helper()
		h := append([]string{"Content-Type", ctype}, headers...)
		r := e.do(true, http.MethodPost, path, strings.NewReader(body), h...)
		_ = e.v.ValidateResponse(r.Request, r.Response, r.body)
		wantStatus(t, r, status)
		if p := r.problem(t); p.Param != param {
			t.Errorf("%s %.40q: param %q, want %q", ctype, body, p.Param, param)
		}
	}
	post("text/plain", `{"by":"x","note":""}`, http.StatusUnsupportedMediaType, "Content-Type")
	post("application/json", `{"by":"x","note":"`+strings.Repeat("长", 5000)+`"}`, http.StatusRequestEntityTooLarge, "body")
	post("application/json", `{"by":"x","note":"","extra":1}`, http.StatusBadRequest, "body")
	post("application/json", `{"by":"x"`, http.StatusBadRequest, "body")
	post("application/json", `{"by":"","note":""}`, http.StatusBadRequest, "by")
	post("application/json", `{"by":"`+strings.Repeat("名", 65)+`","note":""}`, http.StatusBadRequest, "by")
	post("application/json", `{"by":"x","note":"`+strings.Repeat("n", 501)+`"}`, http.StatusBadRequest, "note")
	post("application/json", `{"by":"x","note":""}`, http.StatusBadRequest, "Idempotency-Key", "Idempotency-Key", strings.Repeat("k", 129))
	// Chunked (no Content-Length) oversized body.
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, io.MultiReader(strings.NewReader(`{"by":"x","note":"`),
		strings.NewReader(strings.Repeat("x", 8000)), strings.NewReader(`"}`)))
	req.Header.Set("Content-Type", "application/json")
	resp, err := e.plain.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked oversized body: %d", resp.StatusCode)
	}
	post("application/json", `{"by":"x","acted_at":"yesterday"}`, http.StatusBadRequest, "acted_at")
	post("application/json", `{"by":"x","acted_at":"1999-12-31T23:59:59Z"}`, http.StatusBadRequest, "acted_at")
	post("application/json", `{"by":"x","acted_at":"`+time.Now().Add(25*time.Hour).Format(time.RFC3339)+`"}`, http.StatusBadRequest, "acted_at")
	post("application/json", `{"note":"n"}`, http.StatusBadRequest, "by")
	// application/json with a charset is fine.
	wantStatus(t, e.do(false, http.MethodPost, path, strings.NewReader(`{"by":"x","note":""}`),
		"Content-Type", "application/json; charset=utf-8"), http.StatusOK)
}

func TestAuth(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	e := newEnv(t, st, "s3cret")
	wantStatus(t, e.get("/api/v1/alerts"), http.StatusOK)
	for _, auth := range []string{"", "Bearer wrong", "Bearer s3cret2", "Basic czNjcmV0", "Bearer"} {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/alerts", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := e.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		r := response{resp, b}
		wantStatus(t, r, http.StatusUnauthorized)
		r.problem(t)
		if !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%q: WWW-Authenticate %q", auth, resp.Header.Get("WWW-Authenticate"))
		}
	}
	// POST too.
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/alerts/A00000001/ack", strings.NewReader(`{"by":"x","note":""}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := e.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("ack without token: %d", resp.StatusCode)
	}
	// /health stays open.
	resp, err = e.client.Get(e.srv.URL + "/api/v1/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("health without token: %d", resp.StatusCode)
	}
}

func TestBadParameters(t *testing.T) {
	e := newEnv(t, storetest.Open(t, ":memory:"), "")
	for _, c := range []struct {
		path        string
		status      int
		param, id   string
		outsideSpec bool // the request itself breaks the contract
	}{
		{"/api/v1/alerts?level=urgent", 400, "level", "", true},
		{"/api/v1/alerts?category=x", 400, "category", "", true},
		{"/api/v1/alerts?status=closed", 400, "status", "", true},
		{"/api/v1/alerts?limit=0", 400, "limit", "", true},
		{"/api/v1/alerts?limit=1001", 400, "limit", "", true},
		{"/api/v1/alerts?limit=ten", 400, "limit", "", true},
		{"/api/v1/alerts?unit=U99", 404, "unit", "U99", false},
		{"/api/v1/alerts?cursor=%21%21", 400, "cursor", "", false},
		{"/api/v1/alerts?cursor=AQ", 400, "cursor", "", false},
		{"/api/v1/alerts?since=not-a-cursor", 400, "since", "", false},
		{"/api/v1/indicators?period=2023-13", 400, "period", "", true},
		{"/api/v1/indicators?period=202306", 400, "period", "", true},
		{"/api/v1/indicators?period=2019-01", 404, "period", "2019-01", false},
		{"/api/v1/indicators?period=2023-05-mtd", 404, "period", "2023-05-mtd", false},
		{"/api/v1/indicators?period=2024-ytd", 404, "period", "2024-ytd", false},
		{"/api/v1/indicators?period=2023-ytdx", 400, "period", "", true},
		{"/api/v1/indicators?unit=U99", 404, "unit", "U99", false},
		{"/api/v1/indicators/I99/ranking", 404, "", "I99", false},
		{"/api/v1/indicators/I01/ranking?parent=U99", 404, "parent", "U99", false},
		{"/api/v1/coverage?by=team", 400, "by", "", true},
		{"/api/v1/indicator-sets?unit=U99", 404, "unit", "U99", false},
		{"/api/v1/indicator-sets?period=2023-13", 400, "period", "", true},
		{"/api/v1/indicator-sets?period=2019-01", 404, "period", "2019-01", false},
		{"/api/v1/coverage-sets?by=team", 400, "by", "", true},
		{"/api/v1/coverage-sets?unit=U99", 404, "unit", "U99", false},
		{"/api/v1/coverage-sets?period=2024-01", 400, "period", "", false},
		{"/api/v1/coverage?unit=U99", 404, "unit", "U99", false},
		{"/api/v1/decisions?verdict=bad", 400, "verdict", "", true},
		{"/api/v1/decisions?verdict=gap", 400, "verdict", "", true},
		{"/api/v1/decisions?kind=nothing", 404, "kind", "nothing", false},
		{"/api/v1/decisions?period=2023-6", 400, "period", "", true},
		{"/api/v1/coverage?period=2023-13", 400, "period", "", true},
		{"/api/v1/coverage?period=2023-06", 400, "period", "", false},
		{"/api/v1/coverage?period=2024-01", 400, "period", "", false},
		{"/api/v1/decisions?limit=201", 400, "limit", "", true},
		{"/api/v1/decisions?dept=U11-D9", 404, "dept", "U11-D9", false},
		{"/api/v1/decisions?person=nobody", 404, "person", "nobody", false},
		{"/api/v1/decisions?power=P99", 404, "power", "P99", false},
		{"/api/v1/decisions?cursor=xyz", 400, "cursor", "", false},
		{"/api/v1/cases?limit=201", 400, "limit", "", true},
		{"/api/v1/cases?q=" + strings.Repeat("a", 101), 400, "q", "", true},
		{"/api/v1/cases?unit=U99", 404, "unit", "U99", false},
		{"/api/v1/cases?cursor=" + url.QueryEscape("AQ=="), 400, "cursor", "", false},
		{"/api/v1/cases/NOPE", 404, "", "NOPE", false},
		{"/api/v1/cases/C4", 404, "", "C4", false}, // accepted after now
	} {
		var r response
		if c.outsideSpec {
			r = e.getInvalid(c.path)
		} else {
			r = e.get(c.path)
		}
		if r.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d (%s)", c.path, r.StatusCode, c.status, r.body)
			continue
		}
		p := r.problem(t)
		if p.Param != c.param || p.ID != c.id {
			t.Errorf("%s: problem param %q id %q, want %q %q (%s)", c.path, p.Param, p.ID, c.param, c.id, p.Detail)
		}
	}
	// A page cursor of another listing.
	var p api.AlertPage
	e.get("/api/v1/alerts?limit=1").decode(t, &p)
	r := e.get("/api/v1/alerts?limit=1&status=all&cursor=" + url.QueryEscape(p.NextCursor))
	wantStatus(t, r, http.StatusBadRequest)
	if pr := r.problem(t); pr.Param != "cursor" {
		t.Errorf("cursor of another listing: %+v", pr)
	}
}

func TestUnknownPathsAndMethods(t *testing.T) {
	e := newEnv(t, storetest.Open(t, ":memory:"), "")
	for _, c := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{http.MethodGet, "/api/v1/nope", 404, ""},
		{http.MethodGet, "/", 404, ""},
		{http.MethodGet, "/api/v1/alerts/A00000001", 404, ""},
		{http.MethodDelete, "/api/v1/alerts", 405, "GET, HEAD"},
		{http.MethodGet, "/api/v1/alerts/A00000001/ack", 405, "POST"},
	} {
		r := e.do(true, c.method, c.path, nil)
		if r.StatusCode != c.status {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, r.StatusCode, c.status)
			continue
		}
		r.problem(t)
		if c.allow != "" && r.Header.Get("Allow") != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, r.Header.Get("Allow"), c.allow)
		}
	}
}

func TestPersistenceAcrossRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "casesim.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := storetest.Load(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, st, "")
	var page api.AlertPage
	e.get("/api/v1/alerts").decode(t, &page)
	id := page.Alerts[1].ID
	first := e.ack(id, "王芳", "重启前确认", "restart-key")
	wantStatus(t, first, http.StatusOK)
	e.srv.Close()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st2, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st2.Close() })
	e2 := newEnv(t, st2, "")
	var after api.AlertPage
	r := e2.get("/api/v1/alerts?status=acknowledged")
	wantStatus(t, r, http.StatusOK)
	r.decode(t, &after)
	if len(after.Alerts) != 1 || after.Alerts[0].ID != id || after.Alerts[0].Ack.Note != "重启前确认" {
		t.Fatalf("after restart: %+v", after.Alerts)
	}
	// The sync cursor from before the restart still works, and the
	// idempotency key still answers with the first result.
	wantStatus(t, e2.get("/api/v1/alerts?since="+url.QueryEscape(page.SyncCursor)), http.StatusOK)
	again := e2.ack(id, "王芳", "重启前确认", "restart-key")
	wantStatus(t, again, http.StatusOK)
	if !bytes.Equal(first.body, again.body) {
		t.Errorf("retry after restart:\n%s\n%s", first.body, again.body)
	}
	var c api.Case
	e2.get("/api/v1/cases/C1").decode(t, &c)
	if len(c.Timeline) != 3 || len(c.Decisions) != 4 {
		t.Errorf("case after restart: %d events, %d decisions", len(c.Timeline), len(c.Decisions))
	}
}

// TestConcurrentAckRetries sends the same acknowledgement with one key from
// several clients at once, on a file database (separate reader and writer
// connections): exactly one acknowledgement happens and every answer is the
// same.
func TestConcurrentAckRetries(t *testing.T) {
	st := storetest.Open(t, filepath.Join(t.TempDir(), "c.db"))
	e := newEnv(t, st, "")
	var page api.AlertPage
	e.get("/api/v1/alerts").decode(t, &page)
	id := page.Alerts[0].ID
	v0 := st.DataVersion()
	const n = 8
	bodies := make(chan []byte, n)
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/alerts/"+id+"/ack",
				strings.NewReader(`{"by":"张明","note":"并发"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", "same")
			resp, err := e.client.Do(req)
			if err != nil {
				errs <- err
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				errs <- &statusError{resp.StatusCode, string(b)}
				return
			}
			bodies <- b
		}()
	}
	var first []byte
	for i := 0; i < n; i++ {
		select {
		case err := <-errs:
			t.Fatal(err)
		case b := <-bodies:
			if first == nil {
				first = b
			} else if !bytes.Equal(first, b) {
				t.Errorf("answers differ:\n%s\n%s", first, b)
			}
		}
	}
	if v := st.DataVersion(); v != v0+1 {
		t.Errorf("%d writes after %d concurrent retries, want 1", v-v0, n)
	}
}

type statusError struct {
	status int
	body   string
}

func (e *statusError) Error() string { return http.StatusText(e.status) + ": " + e.body }

func TestAckActedAtAndOptionalNote(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	e := newEnv(t, st, "")
	var page api.AlertPage
	e.get("/api/v1/alerts").decode(t, &page)
	id, id2 := page.Alerts[0].ID, page.Alerts[1].ID
	// An acknowledgement made offline at 07:47 arrives at the server's now:
	// both times are kept and answered.
	acted := time.Date(2026, 12, 3, 7, 47, 4, 0, time.UTC)
	b, _ := json.Marshal(api.AckRequest{By: "张三", Note: "离线时确认", ActedAt: &acted})
	r := e.do(false, http.MethodPost, "/api/v1/alerts/"+id+"/ack", bytes.NewReader(b), "Content-Type", "application/json")
	wantStatus(t, r, http.StatusOK)
	var a api.Alert
	r.decode(t, &a)
	if a.Ack == nil || !a.Ack.ActedAt.Equal(acted) || !a.Ack.At.Equal(storetest.Now) {
		t.Fatalf("ack: %+v", a.Ack)
	}
	// And listed so.
	var acked api.AlertPage
	e.get("/api/v1/alerts?status=acknowledged").decode(t, &acked)
	if len(acked.Alerts) != 1 || !acked.Alerts[0].Ack.ActedAt.Equal(acted) || !acked.Alerts[0].Ack.At.Equal(storetest.Now) {
		t.Errorf("listed: %+v", acked.Alerts)
	}
	// No note, no acted_at: the contract allows it (validated), the note is
	// empty and the person acted when the server received it.
	r = e.do(false, http.MethodPost, "/api/v1/alerts/"+id2+"/ack", strings.NewReader(`{"by":"李四"}`), "Content-Type", "application/json")
	wantStatus(t, r, http.StatusOK)
	r.decode(t, &a)
	if a.Ack == nil || a.Ack.Note != "" || !a.Ack.ActedAt.Equal(a.Ack.At) {
		t.Errorf("ack without note: %+v", a.Ack)
	}
}

// A request whose client went away is not an internal error worth a log
// line; a real one is logged.
func TestGoneClientNotLogged(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	var logs bytes.Buffer
	h := server.New(st, server.Options{Clock: func() time.Time { return storetest.Now },
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	ack := func(ctx context.Context) int {
		req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/api/v1/alerts/A00000001/ack", strings.NewReader(`{"by":"x"}`))
		req.Header.Set("Content-Type", "application/json")
		rr := httptest.NewRecorder()
		h.ServeHTTP(rr, req)
		return rr.Code
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if code := ack(ctx); code != http.StatusInternalServerError || logs.Len() != 0 {
		t.Errorf("gone client: %d, logged %q", code, logs.String())
	}
	st.Close()
	if code := ack(t.Context()); code != http.StatusInternalServerError || !strings.Contains(logs.String(), "request failed") {
		t.Errorf("closed store: %d, logged %q", code, logs.String())
	}
}
