package apitest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
)

var now = time.Date(2023, 3, 14, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

func health() api.Health {
	return api.Health{Status: "ok", Version: api.Version, ServerTime: now, SimTime: now, SimSpeed: 1, DataAsOf: now}
}

func alert() api.Alert {
	return api.Alert{
		ID: "A-1", Rule: "R2", RuleName: "审查起诉超期", RuleNameEn: "Prosecution review overdue",
		Category: api.CategoryDeadline, Level: api.LevelWarning, Status: api.StatusAcknowledged,
		CaseID: "C-1", CaseNo: "东检刑诉受〔2023〕1号", UnitID: "U-11", UnitName: "西岭县人民检察院",
		DeptID: "U-11-D1", DeptName: "第一检察部", PersonID: "P-1", PersonName: "张三",
		DueAt: now, DetectedAt: now, UpdatedAt: now, Basis: "刑诉法 第172条", Message: "今日到期",
		Ack: &api.Ack{By: "李四", Note: "", At: now},
	}
}

func problem(status int) api.Problem {
	return api.Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: "x"}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// answer is what the test server sends back.
type answer struct {
	status  int
	ctype   string
	headers map[string]string
	body    []byte
}

// testCase is one request the client makes and the answer it gets.
type testCase struct {
	name    string
	method  string
	path    string
	headers map[string]string
	body    string
	answer  answer
	// want lists a substring of each violation expected; none means valid.
	want []string
	// recorderOnly marks an answer net/http cannot send (a 304 with a body).
	recorderOnly bool
}

func exchanges(t *testing.T) []testCase {
	healthBody := mustJSON(t, health())
	units := mustJSON(t, api.UnitList{Units: []api.Unit{{ID: "U-1", Name: "东州省人民检察院", NameEn: "Dongzhou",
		Level: api.UnitProvince, Departments: []api.Department{}}}})
	page := mustJSON(t, api.AlertPage{Alerts: []api.Alert{alert()}, SyncCursor: "s1", AsOf: now})
	etag := map[string]string{"ETag": `"v1"`}
	jsonCT := "application/json"
	probCT := "application/problem+json"
	return []testCase{
		// ---- valid ----
		{name: "health", method: "GET", path: "/api/v1/health",
			answer: answer{200, jsonCT, etag, healthBody}},
		{name: "health 304", method: "GET", path: "/api/v1/health", headers: map[string]string{"If-None-Match": `"v1"`},
			answer: answer{304, "", etag, nil}},
		{name: "units gzip", method: "GET", path: "/api/v1/units", headers: map[string]string{"Accept-Encoding": "gzip"},
			answer: answer{200, jsonCT, map[string]string{"ETag": `W/"u1"`, "Content-Encoding": "gzip"}, gz(t, units)}},
		{name: "alerts with filters", method: "GET", path: "/api/v1/alerts?unit=U-11&category=deadline&level=warning&status=all&limit=1000&cursor=c",
			answer: answer{200, jsonCT + "; charset=utf-8", etag, page}},
		{name: "alerts 410", method: "GET", path: "/api/v1/alerts?since=old",
			answer: answer{410, probCT, nil, mustJSON(t, problem(410))}},
		{name: "ack", method: "POST", path: "/api/v1/alerts/A-1/ack",
			headers: map[string]string{"Content-Type": jsonCT, "Idempotency-Key": "k1"}, body: `{"by":"李四","note":""}`,
			answer: answer{200, jsonCT, nil, mustJSON(t, alert())}},
		{name: "ack 409", method: "POST", path: "/api/v1/alerts/A-1/ack",
			headers: map[string]string{"Content-Type": jsonCT}, body: `{"by":"李四","note":"n"}`,
			answer: answer{409, probCT, nil, mustJSON(t, api.Problem{Type: "about:blank", Title: "Conflict", Status: 409, Detail: "rectified", ID: "A-1"})}},
		{name: "case 404", method: "GET", path: "/api/v1/cases/C-9",
			answer: answer{404, probCT, nil, mustJSON(t, problem(404))}},

		// ---- invalid ----
		{name: "no ETag", method: "GET", path: "/api/v1/health",
			answer: answer{200, jsonCT, nil, healthBody}, want: []string{`"ETag" missing`}},
		{name: "unquoted ETag", method: "GET", path: "/api/v1/health",
			answer: answer{200, jsonCT, map[string]string{"ETag": "v1"}, healthBody}, want: []string{`"ETag"`}},
		{name: "bad alert body", method: "GET", path: "/api/v1/alerts",
			answer: answer{200, jsonCT, etag, []byte(`{"alerts":[{"id":"A-1","level":"urgent"}],"sync_cursor":"s","delta":false,"as_of":"2023-03-14T09:30:00+08:00"}`)},
			want:   []string{"response body doesn't match schema"}},
		{name: "null alerts", method: "GET", path: "/api/v1/alerts",
			answer: answer{200, jsonCT, etag, []byte(`{"alerts":null,"sync_cursor":"s","delta":false,"as_of":"2023-03-14T09:30:00+08:00"}`)},
			want:   []string{"response body doesn't match schema"}},
		{name: "limit out of range", method: "GET", path: "/api/v1/alerts?limit=0",
			answer: answer{400, probCT, nil, mustJSON(t, problem(400))}, want: []string{`parameter "limit"`}},
		{name: "bad enum filter", method: "GET", path: "/api/v1/alerts?level=urgent",
			answer: answer{400, probCT, nil, mustJSON(t, problem(400))}, want: []string{`parameter "level"`}},
		{name: "undeclared query parameter", method: "GET", path: "/api/v1/cases?unti=U-1",
			answer: answer{200, jsonCT, etag, mustJSON(t, api.CasePage{Cases: []api.CaseSummary{}, AsOf: now})},
			want:   []string{`query parameter "unti" is not declared`}},
		{name: "unknown path", method: "GET", path: "/api/v1/nope",
			answer: answer{404, probCT, nil, mustJSON(t, problem(404))}, want: []string{"not an operation"}},
		{name: "outside the base path", method: "GET", path: "/health",
			answer: answer{200, jsonCT, etag, healthBody}, want: []string{"not an operation"}},
		{name: "method not allowed", method: "DELETE", path: "/api/v1/cases/C-1",
			answer: answer{405, probCT, nil, mustJSON(t, problem(405))}, want: []string{"not an operation"}},
		{name: "undeclared status", method: "POST", path: "/api/v1/alerts/A-1/ack",
			headers: map[string]string{"Content-Type": jsonCT}, body: `{"by":"x","note":""}`,
			answer: answer{422, probCT, nil, mustJSON(t, problem(422))}, want: []string{"status is not supported"}},
		{name: "ack body too long", method: "POST", path: "/api/v1/alerts/A-1/ack",
			headers: map[string]string{"Content-Type": jsonCT}, body: `{"by":"` + strings.Repeat("x", 65) + `","note":""}`,
			answer: answer{400, probCT, nil, mustJSON(t, problem(400))}, want: []string{"request body has an error"}},
		{name: "ack not JSON", method: "POST", path: "/api/v1/alerts/A-1/ack",
			headers: map[string]string{"Content-Type": "text/plain"}, body: `hello`,
			answer: answer{415, probCT, nil, mustJSON(t, problem(415))}, want: []string{"Content-Type"}},
		{name: "problem without detail", method: "GET", path: "/api/v1/cases/C-9",
			answer: answer{404, probCT, nil, []byte(`{"type":"about:blank","title":"Not Found","status":404}`)},
			want:   []string{"detail"}},
		{name: "error as plain JSON", method: "GET", path: "/api/v1/cases/C-9",
			answer: answer{404, jsonCT, nil, mustJSON(t, problem(404))}, want: []string{"application/json"}},
		{name: "304 with a body", method: "GET", path: "/api/v1/units", headers: map[string]string{"If-None-Match": `"v1"`},
			answer: answer{304, "", etag, []byte("x")}, want: []string{"no body"}, recorderOnly: true},
		{name: "304 unasked, no ETag", method: "GET", path: "/api/v1/units",
			answer: answer{304, "", nil, nil}, want: []string{"without If-None-Match", `"ETag" missing`}},
		{name: "304 on POST", method: "POST", path: "/api/v1/alerts/A-1/ack",
			headers: map[string]string{"Content-Type": jsonCT, "If-None-Match": `"v1"`}, body: `{"by":"x","note":""}`,
			answer: answer{304, "", etag, nil}, want: []string{"304 is not declared"}},
		{name: "gzip header, plain body", method: "GET", path: "/api/v1/units", headers: map[string]string{"Accept-Encoding": "gzip"},
			answer: answer{200, jsonCT, map[string]string{"ETag": `"u1"`, "Content-Encoding": "gzip"}, units},
			want:   []string{"not gzip"}},
		{name: "gzip not accepted", method: "GET", path: "/api/v1/units", headers: map[string]string{"Accept-Encoding": "identity"},
			answer: answer{200, jsonCT, map[string]string{"ETag": `"u1"`, "Content-Encoding": "gzip"}, gz(t, units)},
			want:   []string{"does not accept gzip"}},
		{name: "gzip refused by a zero weight", method: "GET", path: "/api/v1/units", headers: map[string]string{"Accept-Encoding": "gzip;q=0.0000"},
			answer: answer{200, jsonCT, map[string]string{"ETag": `"u1"`, "Content-Encoding": "gzip"}, gz(t, units)},
			want:   []string{"does not accept gzip"}},
		{name: "gzip body that is invalid", method: "GET", path: "/api/v1/units", headers: map[string]string{"Accept-Encoding": "gzip"},
			answer: answer{200, jsonCT, map[string]string{"ETag": `"u1"`, "Content-Encoding": "gzip"}, gz(t, []byte(`{"units":null}`))},
			want:   []string{"response body doesn't match schema"}},
	}
}

// serve answers every request with a.
func serve(a answer) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			_, _ = io.Copy(io.Discard, r.Body)
		}
		for k, v := range a.headers {
			w.Header().Set(k, v)
		}
		if a.ctype != "" {
			w.Header().Set("Content-Type", a.ctype)
		}
		w.WriteHeader(a.status)
		w.Write(a.body)
	}
}

func (ex testCase) request(t *testing.T, base string) *http.Request {
	t.Helper()
	var body io.Reader
	if ex.body != "" {
		body = strings.NewReader(ex.body)
	}
	req, err := http.NewRequest(ex.method, base+ex.path, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range ex.headers {
		req.Header.Set(k, v)
	}
	return req
}

func checkViolations(t *testing.T, errs []error, want []string) {
	t.Helper()
	if len(want) == 0 {
		for _, err := range errs {
			t.Errorf("unexpected violation: %v", err)
		}
		return
	}
	if len(errs) == 0 {
		t.Errorf("no violation reported, want %q", want)
		return
	}
	var all strings.Builder
	for _, err := range errs {
		t.Logf("reported as expected: %v", err)
		all.WriteString(err.Error())
		all.WriteByte('\n')
	}
	for _, w := range want {
		if !strings.Contains(all.String(), w) {
			t.Errorf("violations do not mention %q:\n%s", w, all.String())
		}
	}
}

// TestTransport sends each exchange through Validator.Transport to a live
// server and checks what the validator reports and that the caller gets the
// answer unchanged.
func TestTransport(t *testing.T) {
	for _, ex := range exchanges(t) {
		t.Run(ex.name, func(t *testing.T) {
			if ex.recorderOnly {
				t.Skip("net/http cannot send this answer; see TestValidateExchange")
			}
			srv := httptest.NewServer(serve(ex.answer))
			defer srv.Close()
			v := NewValidator(t)
			client := &http.Client{Transport: v.Transport(srv.Client().Transport)}
			resp, err := client.Do(ex.request(t, srv.URL))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != ex.answer.status {
				t.Errorf("status %d, want %d", resp.StatusCode, ex.answer.status)
			}
			if !bytes.Equal(got, ex.answer.body) && !(len(got) == 0 && len(ex.answer.body) == 0) {
				if ex.answer.status != http.StatusNotModified { // net/http drops a 304's body
					t.Errorf("body changed: got %q, want %q", got, ex.answer.body)
				}
			}
			for k, want := range ex.answer.headers {
				if resp.Header.Get(k) != want {
					t.Errorf("header %s = %q, want %q", k, resp.Header.Get(k), want)
				}
			}
			checkViolations(t, v.Errors(), ex.want)
		})
	}
}

// TestTransportTransparentGzip checks a response that net/http decompressed
// itself (it asked for gzip and removed Content-Encoding).
func TestTransportTransparentGzip(t *testing.T) {
	body := mustJSON(t, health())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Error("net/http did not ask for gzip")
		}
		w.Header().Set("ETag", `"h"`)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gz(t, body))
	}))
	defer srv.Close()
	v := NewValidator(t)
	client := &http.Client{Transport: v.Transport(nil)}
	resp, err := client.Get(srv.URL + "/api/v1/health")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !resp.Uncompressed || !bytes.Equal(got, body) {
		t.Errorf("uncompressed=%v body=%q", resp.Uncompressed, got)
	}
	v.Check(t)
}

// TestTransportConcurrent runs requests in parallel through one transport.
func TestTransportConcurrent(t *testing.T) {
	srv := httptest.NewServer(serve(answer{200, "application/json", map[string]string{"ETag": `"h"`}, mustJSON(t, health())}))
	defer srv.Close()
	v := NewValidator(t)
	client := &http.Client{Transport: v.Transport(srv.Client().Transport)}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := "/api/v1/health"
			if i%2 == 1 {
				path = "/api/v1/nope"
			}
			resp, err := client.Get(srv.URL + path)
			if err != nil {
				t.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}()
	}
	wg.Wait()
	if n := len(v.Errors()); n != 4 {
		t.Errorf("%d violations, want 4: %v", n, v.Errors())
	}
}

// TestValidateExchange validates recorded server-side exchanges directly.
func TestValidateExchange(t *testing.T) {
	for _, ex := range exchanges(t) {
		t.Run(ex.name, func(t *testing.T) {
			v := NewValidator(t)
			req := ex.request(t, "") // host-less, as a server test builds it
			rec := httptest.NewRecorder()
			serve(ex.answer).ServeHTTP(rec, req)
			err := v.ValidateExchange(req, rec.Result(), rec.Body.Bytes())
			if (err != nil) != (len(ex.want) > 0) {
				t.Errorf("ValidateExchange = %v, want violations %q", err, ex.want)
			}
			checkViolations(t, v.Errors(), ex.want)
		})
	}
}

// TestValidateResponse checks that a deliberately invalid request is not a
// violation when only the response is validated.
func TestValidateResponse(t *testing.T) {
	v := NewValidator(t)
	req := httptest.NewRequest("GET", "/api/v1/alerts?limit=0", nil)
	rec := httptest.NewRecorder()
	serve(answer{400, "application/problem+json", nil, mustJSON(t, api.Problem{
		Type: "about:blank", Title: "Bad Request", Status: 400, Detail: "limit must be 1..1000", Param: "limit"})}).ServeHTTP(rec, req)
	if err := v.ValidateResponse(req, rec.Result(), rec.Body.Bytes()); err != nil {
		t.Errorf("valid 400: %v", err)
	}
	rec = httptest.NewRecorder()
	serve(answer{400, "application/problem+json", nil, []byte(`{}`)}).ServeHTTP(rec, req)
	if err := v.ValidateResponse(req, rec.Result(), rec.Body.Bytes()); err == nil {
		t.Error("empty problem accepted")
	}
	if n := len(v.Errors()); n != 1 {
		t.Errorf("%d violations recorded, want 1", n)
	}
}

// fakeTB records what Check reports.
type fakeTB struct {
	testing.TB
	failed []string
}

func (f *fakeTB) Helper()           {}
func (f *fakeTB) Error(args ...any) { f.failed = append(f.failed, fmt.Sprint(args...)) }
func (f *fakeTB) Errorf(format string, args ...any) {
	f.failed = append(f.failed, fmt.Sprintf(format, args...))
}

func TestCheck(t *testing.T) {
	v := NewValidator(t)
	var tb fakeTB
	v.Check(&tb)
	if len(tb.failed) != 0 {
		t.Fatal("Check failed a test without violations")
	}
	req := httptest.NewRequest("GET", "/api/v1/nope", nil)
	_ = v.ValidateExchange(req, &http.Response{StatusCode: 404, Header: http.Header{}}, nil)
	v.Check(&tb)
	if len(tb.failed) != 1 || !strings.Contains(tb.failed[0], "1 violation(s)") || !strings.Contains(tb.failed[0], "/api/v1/nope") {
		t.Fatalf("Check reported %q, want one report of the violation", tb.failed)
	}
}
