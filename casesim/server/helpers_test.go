package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/api/apitest"
	"github.com/casewatch/casewatch/casesim/server"
	"github.com/casewatch/casewatch/casesim/store"
	"github.com/casewatch/casewatch/casesim/store/storetest"
)

// env is a running server over a fixture store, with a validating client.
type env struct {
	t      *testing.T
	st     *store.Store
	srv    *httptest.Server
	v      *apitest.Validator
	client *http.Client // validates every exchange
	plain  *http.Client // validates nothing (for requests outside the contract)
	clock  atomic.Pointer[time.Time]
	token  string
}

func newEnv(t *testing.T, st *store.Store, token string) *env {
	t.Helper()
	e := &env{t: t, st: st, v: apitest.NewValidator(t), token: token}
	now := storetest.Now
	e.clock.Store(&now)
	h := server.New(st, server.Options{Clock: func() time.Time { return *e.clock.Load() }, Token: token, MaxBodyBytes: 4096})
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	e.client = &http.Client{Transport: e.v.Transport(http.DefaultTransport)}
	e.plain = &http.Client{}
	t.Cleanup(func() { e.v.Check(t) })
	return e
}

func (e *env) setClock(t time.Time) { e.clock.Store(&t) }

// response is a received answer with its body read.
type response struct {
	*http.Response
	body []byte
}

func (r response) problem(t *testing.T) api.Problem {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("%s: Content-Type %q, want application/problem+json", r.Request.URL, ct)
	}
	var p api.Problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("%s: problem body %q: %v", r.Request.URL, r.body, err)
	}
	if p.Status != r.StatusCode || p.Title == "" || p.Detail == "" || p.Type == "" {
		t.Errorf("%s: problem %+v for status %d", r.Request.URL, p, r.StatusCode)
	}
	return p
}

func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("%s: body %q: %v", r.Request.URL, r.body, err)
	}
}

// do sends a request; headers are name, value pairs. With the validating
// client unless plain.
func (e *env) do(plain bool, method, path string, body io.Reader, headers ...string) response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if e.token != "" {
		req.Header.Set("Authorization", "Bearer "+e.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	c := e.client
	if plain {
		c = e.plain
	}
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return response{resp, b}
}

// get sends a validated GET.
func (e *env) get(path string, headers ...string) response {
	e.t.Helper()
	return e.do(false, http.MethodGet, path, nil, headers...)
}

// getInvalid sends a GET the contract does not allow (a bad parameter) and
// validates only the answer.
func (e *env) getInvalid(path string, headers ...string) response {
	e.t.Helper()
	r := e.do(true, http.MethodGet, path, nil, headers...)
	_ = e.v.ValidateResponse(r.Request, r.Response, r.body)
	return r
}

// ack posts an acknowledgement.
func (e *env) ack(id, by, note, key string) response {
	e.t.Helper()
	b, _ := json.Marshal(api.AckRequest{By: by, Note: note})
	h := []string{"Content-Type", "application/json"}
	if key != "" {
		h = append(h, "Idempotency-Key", key)
	}
	return e.do(false, http.MethodPost, "/api/v1/alerts/"+id+"/ack", bytes.NewReader(b), h...)
}

func wantStatus(t *testing.T, r response, status int) {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d; body %s", r.Request.Method, r.Request.URL, r.StatusCode, status,
			strings.TrimSpace(string(r.body)))
	}
}
