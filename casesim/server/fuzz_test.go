package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/server"
	"github.com/casewatch/casewatch/casesim/store"
	"github.com/casewatch/casewatch/casesim/store/storetest"
)

// fuzzRoute is a GET route of the API; id routes take the fuzzed id.
type fuzzRoute struct {
	prefix, suffix string // the path is prefix + escaped id + suffix
	hasID          bool
}

// fuzzRoutes lists every GET route of the contract.
var fuzzRoutes = []fuzzRoute{
	{prefix: "/health"},
	{prefix: "/units"},
	{prefix: "/alerts"},
	{prefix: "/indicators"},
	{prefix: "/indicators/", suffix: "/ranking", hasID: true},
	{prefix: "/coverage"},
	{prefix: "/decisions"},
	{prefix: "/cases"},
	{prefix: "/cases/", hasID: true},
	{prefix: "/indicator-sets"},
	{prefix: "/coverage-sets"},
}

// fuzzStatuses are the only statuses a GET may answer.
var fuzzStatuses = map[int]bool{
	http.StatusOK: true, http.StatusNotModified: true, http.StatusBadRequest: true,
	http.StatusNotFound: true, http.StatusGone: true,
}

// Flags of a fuzzed request.
const (
	fuzzGzip       = 1 << iota // send Accept-Encoding: gzip
	fuzzRevalidate             // repeat a 200 with its ETag: it must answer 304
)

// fuzzGet sends a GET straight to the handler and returns the recorder.
func fuzzGet(h http.Handler, target string, hdr ...string) *httptest.ResponseRecorder {
	u, err := url.ParseRequestURI(target)
	if err != nil {
		panic(err)
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.URL, r.RequestURI = u, target
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// fuzzCursors returns a paging cursor and a sync cursor of the fixture,
// for the seeds.
func fuzzCursors(tb testing.TB, h http.Handler) (next, sync string) {
	w := fuzzGet(h, api.BasePath+"/alerts?limit=1&status=all")
	var page api.AlertPage
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &page) != nil || page.NextCursor == "" || page.SyncCursor == "" {
		tb.Fatalf("fixture alerts: %d %s", w.Code, w.Body)
	}
	return page.NextCursor, page.SyncCursor
}

// fuzzStore opens the fuzz targets' store: the storetest fixture (org,
// cases, alerts) with the indicator values of its last fuzzPeriods months
// only, so that the widest answers (GET /indicators of the province) cost
// a fraction of a millisecond instead of milliseconds: under the fuzzer's
// coverage instrumentation of SQLite that decides how many inputs a second
// it can try. It is built once per process (the fuzzer's coordinator and
// each worker), in about 10 ms.
func fuzzStore(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Open(":memory:")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	ctx := context.Background()
	periods := storetest.Periods()
	keep := map[string]bool{}
	for _, p := range periods[len(periods)-fuzzPeriods:] {
		keep[p] = true
	}
	var vals []store.IndicatorValue
	for _, v := range storetest.IndicatorValues() {
		if keep[v.Period] {
			vals = append(vals, v)
		}
	}
	if err := st.SaveOrg(ctx, domain.Units, domain.Departments, storetest.People); err != nil {
		tb.Fatal(err)
	}
	if err := st.UpsertCases(ctx, storetest.Cases()); err != nil {
		tb.Fatal(err)
	}
	if _, err := st.Reconcile(ctx, storetest.Now, storetest.Evaluated, storetest.Findings()); err != nil {
		tb.Fatal(err)
	}
	if err := st.SaveIndicatorValues(ctx, vals); err != nil {
		tb.Fatal(err)
	}
	return st
}

// fuzzPeriods is how many months of indicator values the fuzz store holds:
// enough for a previous value, a change and a volatility.
const fuzzPeriods = 3

// fuzzHandler is the real handler over fuzzStore at the fixture's time.
func fuzzHandler(tb testing.TB) http.Handler {
	return server.New(fuzzStore(tb), server.Options{Clock: func() time.Time { return storetest.Now }})
}

// fuzzQueries are the query strings the fuzz target starts from, and that
// TestQueryParamsSeeds sends to every route.
func fuzzQueries(next, sync string) []string {
	return []string{
		"", "unit=U11&category=deadline&level=overdue&status=all&limit=10", "unit=U00", "unit=U99", "unit=",
		"limit=0", "limit=1", "limit=1000", "limit=1001", "limit=-1", "limit=99999999999999999999", "limit=1e3", "limit=%201",
		"since=" + sync, "since=" + sync + "x", "since=", "since=abc", "cursor=" + next, "cursor=" + next[:len(next)-1],
		"limit=1&cursor=" + next, "cursor=%00", "period=2023-06", "period=2023-13", "period=0000-00", "period=2023-6",
		"by=person", "by=department", "by=", "by=unit", "verdict=gap", "verdict=within", "verdict=x", "dept=U11-D1", "person=U11-P01",
		"power=P08", "q=%E6%9D%8E%E5%9B%9B", "q=%ff", "q=100%25_", "q=" + strings.Repeat("x", 101), "parent=U10", "parent=U11",
		"unit=U11&unit=U12", "status=active&status=bogus", ";", "a=b;c=d", "%zz", "&&&=", "unit=U11%00", "level=%E2%80%AE",
	}
}

// fuzzIDs are the ids the fuzz target starts from.
var fuzzIDs = []string{"C1", "C4", "C404", "I01", "I02", "I99", "", "..", "%", "C1/x", "案件"}

// TestQueryParamsSeeds sends every starting query, with an id, to every
// route, with every flag combination, and checks the answers as
// FuzzQueryParams does. (The fuzz target itself starts from each query
// once: the fuzzer runs every seed at start-up under coverage, at about
// 100 a second, before it begins.)
func TestQueryParamsSeeds(t *testing.T) {
	h := fuzzHandler(t)
	next, sync := fuzzCursors(t, h)
	for i, q := range fuzzQueries(next, sync) {
		for r := range fuzzRoutes {
			for flags := range uint8(4) {
				fuzzCheck(t, h, uint8(r), fuzzIDs[(i+r)%len(fuzzIDs)], q, flags)
			}
		}
	}
}

// FuzzQueryParams sends arbitrary query strings (and ids) to every GET
// route of the real handler over the storetest fixture. It must never
// answer 500 (the handler turns panics into 500s) and must answer only
// 200, 304, 400, 404 or 410; errors are problem+json documents that match
// their status and name the parameter (400, 410) or the id or path (404);
// a 200 is JSON, and asked again with its ETag it answers 304.
func FuzzQueryParams(f *testing.F) {
	h := fuzzHandler(f)
	next, sync := fuzzCursors(f, h)
	// Each query once, on routes in turn, and every route plain: the
	// cross product is TestQueryParamsSeeds.
	for i, q := range fuzzQueries(next, sync) {
		f.Add(uint8(i%len(fuzzRoutes)), fuzzIDs[i%len(fuzzIDs)], q, uint8(i%4))
	}
	for r := range fuzzRoutes {
		f.Add(uint8(r), fuzzIDs[r%len(fuzzIDs)], "", uint8(r%4))
	}
	f.Fuzz(func(t *testing.T, route uint8, id, query string, flags uint8) {
		fuzzCheck(t, h, route, id, query, flags)
	})
}

// fuzzCheck sends one request and checks the answer (see FuzzQueryParams).
func fuzzCheck(t *testing.T, h http.Handler, route uint8, id, query string, flags uint8) {
	t.Helper()
	rt := fuzzRoutes[int(route)%len(fuzzRoutes)]
	path := api.BasePath + rt.prefix
	if rt.hasID {
		path += url.PathEscape(id) + rt.suffix
	}
	target := path
	if query != "" {
		target += "?" + query
	}
	// Only what an HTTP/1.1 request line can carry reaches the handler.
	if strings.ContainsAny(query, " #") || !fuzzPrintable(query) {
		return
	}
	if _, err := url.ParseRequestURI(target); err != nil {
		return
	}
	var hdr []string
	if flags&fuzzGzip != 0 {
		hdr = append(hdr, "Accept-Encoding", "gzip")
	}
	w := fuzzGet(h, target, hdr...)
	body := fuzzBody(t, target, w)
	switch {
	case !fuzzStatuses[w.Code]:
		t.Fatalf("GET %s: status %d: %s", target, w.Code, body)
	case w.Code >= 400:
		fuzzCheckProblem(t, target, w, body, rt, id)
		return
	case w.Code == http.StatusNotModified:
		t.Fatalf("GET %s: 304 to a request without If-None-Match", target)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" || !json.Valid(body) {
		t.Fatalf("GET %s: 200 with Content-Type %q and body %q", target, ct, body)
	}
	tag := w.Header().Get("ETag")
	if tag == "" {
		t.Fatalf("GET %s: 200 without ETag", target)
	}
	if flags&fuzzRevalidate != 0 && rt.prefix != "/health" { // health's server_time moves
		w2 := fuzzGet(h, target, append(hdr, "If-None-Match", tag)...)
		if w2.Code != http.StatusNotModified || w2.Body.Len() != 0 {
			t.Fatalf("GET %s with If-None-Match %s: status %d, %d bytes", target, tag, w2.Code, w2.Body.Len())
		}
	}
}

// fuzzPrintable reports whether s holds no ASCII control character (the
// server refuses those in a request line).
func fuzzPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return false
		}
	}
	return true
}

// fuzzBody returns the answer's body, decompressed.
func fuzzBody(t *testing.T, target string, w *httptest.ResponseRecorder) []byte {
	t.Helper()
	b := w.Body.Bytes()
	if w.Header().Get("Content-Encoding") != "gzip" {
		return b
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("GET %s: bad gzip: %v", target, err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("GET %s: bad gzip: %v", target, err)
	}
	return out
}

// fuzzCheckProblem checks an error answer.
func fuzzCheckProblem(t *testing.T, target string, w *httptest.ResponseRecorder, body []byte, rt fuzzRoute, id string) {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("GET %s: %d with Content-Type %q: %s", target, w.Code, ct, body)
	}
	if w.Header().Get("ETag") != "" {
		t.Fatalf("GET %s: %d with an ETag", target, w.Code)
	}
	var p api.Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("GET %s: %d problem %q: %v", target, w.Code, body, err)
	}
	if p.Status != w.Code || p.Title == "" || p.Detail == "" || p.Type == "" {
		t.Fatalf("GET %s: %d with problem %+v", target, w.Code, p)
	}
	switch w.Code {
	case http.StatusBadRequest, http.StatusGone:
		if p.Param == "" {
			t.Fatalf("GET %s: %d names no parameter: %+v", target, w.Code, p)
		}
	case http.StatusNotFound:
		// An unknown id is named by param (a query id) or id (the path's);
		// a path that matches no route is named in the detail.
		if p.Param == "" && p.ID == "" && !strings.HasPrefix(p.Detail, "no such path") {
			t.Fatalf("GET %s: 404 names neither parameter nor id: %+v", target, p)
		}
		if p.Param == "" && p.ID != "" && rt.hasID && p.ID != fuzzJSONText(id) {
			t.Fatalf("GET %s: 404 names id %q, not the path's %q", target, p.ID, id)
		}
	}
}

// fuzzJSONText is s as it comes out of a JSON document (invalid UTF-8
// replaced).
func fuzzJSONText(s string) string {
	b, _ := json.Marshal(s)
	var out string
	_ = json.Unmarshal(b, &out) // a marshalled string always decodes
	return out
}
