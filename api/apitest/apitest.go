// Package apitest validates real HTTP exchanges against the casewatch
// contract (api/openapi.yaml) with kin-openapi. It serves tests on both
// sides: a client test wraps its transport with Validator.Transport, a
// server test sends requests through such a transport to an httptest.Server
// (or calls Validator.ValidateExchange on a recorded exchange), and both end
// with Validator.Check.
//
// Route matching and the host: the validator's copy of the document has a
// single, relative server URL, api.BasePath ("/api/v1"), and routes with
// kin-openapi's legacy router (the gorillamux router needs github.com/gorilla/mux,
// which go.mod does not list). The legacy router matches a server URL
// against the whole request URL, scheme and host included, so the validator
// strips both before routing: it routes a copy of the request whose URL is
// path and query only. A request therefore matches on its method and path
// alone, on any host and port (httptest's 127.0.0.1:NNNN, localhost, a
// remote host), and so do host-less server-side requests built with
// http.NewRequest("GET", "/api/v1/alerts", nil). A request whose path is
// outside /api/v1, ends in a slash, or is not in the document is a
// violation.
//
// Besides what openapi3filter checks (parameters, request and response
// bodies, declared response statuses, required response headers such as
// ETag), the validator reports: a query parameter the operation does not
// declare (a misspelt filter), a 304 that the operation does not declare, a
// 304 with a body or without its required headers, a 304 answering a request
// without If-None-Match, a body that claims Content-Encoding gzip but is not
// gzip, and a gzip body sent to a request that did not accept gzip.
// Authentication is not enforced (the document makes it optional).
package apitest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/casewatch/casewatch/api"
)

// spec is the document and router shared by every Validator; both are only
// read after load, so sharing them between tests and goroutines is safe.
var spec struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

// load loads, validates and routes api.Spec once per test binary.
func load() (*openapi3.T, routers.Router, error) {
	spec.once.Do(func() {
		doc, err := LoadSpec()
		if err != nil {
			spec.err = err
			return
		}
		// One relative server: requests are routed on their path alone
		// (see findRoute), under /api/v1, whatever their host.
		doc.Servers = openapi3.Servers{{URL: api.BasePath}}
		router, err := legacy.NewRouter(doc)
		if err != nil {
			spec.err = fmt.Errorf("apitest: router: %w", err)
			return
		}
		// kin-openapi decodes application/problem+json (and any +json) as
		// JSON already; make sure of it in case a version does not.
		if openapi3filter.RegisteredBodyDecoder("application/problem+json") == nil {
			openapi3filter.RegisterBodyDecoder("application/problem+json", openapi3filter.JSONBodyDecoder)
		}
		spec.doc, spec.router = doc, router
	})
	return spec.doc, spec.router, spec.err
}

// Validator checks HTTP exchanges against api/openapi.yaml and records every
// violation it finds. It is safe for concurrent use.
type Validator struct {
	router routers.Router
	opts   *openapi3filter.Options

	mu   sync.Mutex
	errs []error
}

// NewValidator returns a Validator for the contract, failing tb at once if
// the document does not load. The document is loaded once per test binary.
func NewValidator(tb testing.TB) *Validator {
	tb.Helper()
	_, router, err := load()
	if err != nil {
		tb.Fatalf("apitest: %v", err)
	}
	opts := &openapi3filter.Options{
		AuthenticationFunc:                openapi3filter.NoopAuthenticationFunc,
		IncludeResponseStatus:             true,
		MultiError:                        true,
		SkipSettingDefaults:               true, // never alter the caller's request
		RejectWhenRequestBodyNotSpecified: true,
	}
	opts.WithCustomSchemaErrorFunc(schemaMessage)
	return &Validator{router: router, opts: opts}
}

// schemaMessage keeps a schema violation to one line: where, why, and the
// offending value when it is a scalar (kin-openapi would print the whole
// schema and value, which for a page of alerts is thousands of lines).
func schemaMessage(err *openapi3.SchemaError) string {
	var b strings.Builder
	if p := err.JSONPointer(); len(p) > 0 {
		fmt.Fprintf(&b, "at /%s: ", strings.Join(p, "/"))
	}
	switch {
	case err.Origin != nil:
		b.WriteString(err.Origin.Error())
	case err.Reason != "":
		b.WriteString(err.Reason)
	default:
		fmt.Fprintf(&b, "does not match the schema's %q", err.SchemaField)
	}
	switch v := err.Value.(type) {
	case string:
		if r := []rune(v); len(r) > 60 {
			v = string(r[:60]) + "…"
		}
		fmt.Fprintf(&b, " (got %q)", v)
	case float64, bool, nil:
		fmt.Fprintf(&b, " (got %v)", v)
	}
	return b.String()
}

// Errors returns every violation recorded so far, in the order found.
func (v *Validator) Errors() []error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]error(nil), v.errs...)
}

// Check fails tb, listing every violation, if any was recorded.
func (v *Validator) Check(tb testing.TB) {
	tb.Helper()
	errs := v.Errors()
	if len(errs) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d violation(s) of api/openapi.yaml:", len(errs))
	for i, err := range errs {
		fmt.Fprintf(&b, "\n%d. %v", i+1, err)
	}
	tb.Error(b.String())
}

func (v *Validator) record(err error) {
	if err == nil {
		return
	}
	v.mu.Lock()
	v.errs = append(v.errs, err)
	v.mu.Unlock()
}

// Transport returns a RoundTripper that sends requests through base
// (http.DefaultTransport when nil), validating every request before it is
// sent and every response once it is received. Violations are recorded, not
// returned: the caller gets exactly what base returned. The response body is
// read whole and restored byte for byte, with its headers untouched; a gzip
// body (Content-Encoding: gzip) is decompressed only for validation.
func (v *Validator) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{v: v, base: base}
}

type transport struct {
	v    *Validator
	base http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req
	var reqBody []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		reqBody = b
		out = req.Clone(req.Context())
		out.Body = io.NopCloser(bytes.NewReader(b))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}

	ex := t.v.newExchange(req, reqBody)
	t.v.record(ex.validateRequest())

	resp, err := t.base.RoundTrip(out)
	if err != nil {
		return resp, err
	}
	raw, readErr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if readErr != nil {
		// Hand the caller what arrived, then the error; nothing to validate.
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(raw), errReader{readErr}))
		return resp, nil //nolint:nilerr // the caller reads the error from the body, after what arrived
	}
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	t.v.record(ex.validateResponse(resp, raw))
	return resp, nil
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// ValidateExchange validates one request and its response, records any
// violation (so Check reports it too) and returns them joined, nil when the
// exchange conforms. body is the response body as received: when resp says
// Content-Encoding gzip it is decompressed for validation. The request body
// is read through req.GetBody when set, otherwise from req.Body, which is
// then restored; a server-side request whose body a handler has already
// drained should be built with http.NewRequest from a bytes or strings
// reader, which sets GetBody.
func (v *Validator) ValidateExchange(req *http.Request, resp *http.Response, body []byte) error {
	var reqBody []byte
	switch {
	case req.GetBody != nil:
		rc, err := req.GetBody()
		if err != nil {
			return fmt.Errorf("apitest: request body: %w", err)
		}
		reqBody, err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return fmt.Errorf("apitest: request body: %w", err)
		}
	case req.Body != nil && req.Body != http.NoBody:
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(b))
		if err != nil {
			return fmt.Errorf("apitest: request body: %w", err)
		}
		reqBody = b
	}
	ex := v.newExchange(req, reqBody)
	errReq := ex.validateRequest()
	errResp := ex.validateResponse(resp, body)
	v.record(errReq)
	v.record(errResp)
	return errors.Join(errReq, errResp)
}

// ValidateResponse validates only the response of an exchange, for tests
// that send deliberately invalid requests (limit=0, an oversized body) and
// check that the server answers them as the contract says. The request is
// used only to find the operation. Violations are recorded and returned.
func (v *Validator) ValidateResponse(req *http.Request, resp *http.Response, body []byte) error {
	ex := v.newExchange(req, nil)
	err := ex.routeErr
	if err == nil {
		err = ex.validateResponse(resp, body)
	}
	v.record(err)
	return err
}

// exchange is one request, its route, and what validating it needs.
type exchange struct {
	v       *Validator
	req     *http.Request
	reqBody []byte
	name    string // "GET /api/v1/alerts?..." for messages

	route    *routers.Route
	input    *openapi3filter.RequestValidationInput
	routeErr error
}

func (v *Validator) newExchange(req *http.Request, reqBody []byte) *exchange {
	ex := &exchange{v: v, req: req, reqBody: reqBody, name: req.Method + " " + req.URL.RequestURI()}
	route, pathParams, err := v.findRoute(req)
	if err != nil {
		ex.routeErr = fmt.Errorf("%s: not an operation of openapi.yaml: %w", ex.name, err)
		return ex
	}
	ex.route = route
	// kin-openapi rewrites the request body it validates: give it a copy.
	vreq := req.Clone(context.Background())
	if reqBody != nil {
		vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
		vreq.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(reqBody)), nil }
		vreq.ContentLength = int64(len(reqBody))
	} else {
		vreq.Body = http.NoBody
		vreq.GetBody = nil
		vreq.ContentLength = 0
	}
	ex.input = &openapi3filter.RequestValidationInput{
		Request:    vreq,
		PathParams: pathParams,
		Route:      route,
		Options:    v.opts,
	}
	return ex
}

// findRoute finds the operation of req by its method and path only: it
// routes a shallow copy of req whose URL has no scheme and no host, which the
// relative server URL /api/v1 then matches.
func (v *Validator) findRoute(req *http.Request) (*routers.Route, map[string]string, error) {
	if p := req.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
		return nil, nil, errors.New("a trailing slash is not part of any path")
	}
	u := &url.URL{Path: req.URL.Path, RawPath: req.URL.RawPath, RawQuery: req.URL.RawQuery}
	r := *req
	r.URL = u
	r.Host = ""
	return v.router.FindRoute(&r)
}

// validateRequest checks the request: its route, parameters and body.
func (ex *exchange) validateRequest() error {
	if ex.routeErr != nil {
		return ex.routeErr
	}
	var errs []error
	for name := range ex.req.URL.Query() {
		if ex.route.Operation.Parameters.GetByInAndName(openapi3.ParameterInQuery, name) == nil &&
			ex.route.PathItem.Parameters.GetByInAndName(openapi3.ParameterInQuery, name) == nil {
			errs = append(errs, fmt.Errorf("%s: request: query parameter %q is not declared", ex.name, name))
		}
	}
	if err := openapi3filter.ValidateRequest(context.Background(), ex.input); err != nil {
		errs = append(errs, fmt.Errorf("%s: request: %w", ex.name, err))
	}
	return errors.Join(errs...)
}

// validateResponse checks the response to the request; raw is its body as
// sent (compressed when Content-Encoding says gzip).
func (ex *exchange) validateResponse(resp *http.Response, raw []byte) error {
	if ex.route == nil {
		return nil // no operation: validateRequest reports it
	}
	prefix := fmt.Sprintf("%s -> %d", ex.name, resp.StatusCode)
	var errs []error
	body := raw
	if enc := strings.TrimSpace(resp.Header.Get("Content-Encoding")); enc != "" {
		if !strings.EqualFold(enc, "gzip") {
			return fmt.Errorf("%s: Content-Encoding %q: only gzip is in the contract", prefix, enc)
		}
		if !api.AcceptsGzip(ex.req.Header) {
			errs = append(errs, fmt.Errorf("%s: gzip body, but the request's Accept-Encoding %q does not accept gzip", prefix, ex.req.Header.Get("Accept-Encoding")))
		}
		if len(raw) > 0 {
			plain, err := gunzip(raw)
			if err != nil {
				return errors.Join(append(errs, fmt.Errorf("%s: Content-Encoding gzip but the body is not gzip: %w", prefix, err))...)
			}
			body = plain
		}
	}

	if resp.StatusCode == http.StatusNotModified {
		errs = append(errs, ex.validateNotModified(prefix, resp, body)...)
		return errors.Join(errs...)
	}

	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: ex.input,
		Status:                 resp.StatusCode,
		Header:                 resp.Header.Clone(),
		Options:                ex.v.opts,
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		errs = append(errs, fmt.Errorf("%s: response: %w", prefix, err))
	}
	return errors.Join(errs...)
}

// validateNotModified checks a 304, which openapi3filter skips: the
// operation must declare it, it has no body, it carries its required headers
// and it answers a conditional request.
func (ex *exchange) validateNotModified(prefix string, resp *http.Response, body []byte) []error {
	var errs []error
	ref := ex.route.Operation.Responses.Status(http.StatusNotModified)
	if ref == nil || ref.Value == nil {
		return []error{fmt.Errorf("%s: response: status 304 is not declared for this operation", prefix)}
	}
	if len(body) != 0 {
		errs = append(errs, fmt.Errorf("%s: response: a 304 must have no body, got %d bytes", prefix, len(body)))
	}
	if ex.req.Header.Get("If-None-Match") == "" {
		errs = append(errs, fmt.Errorf("%s: response: 304 to a request without If-None-Match", prefix))
	}
	for name, h := range ref.Value.Headers {
		if h.Value == nil {
			continue
		}
		val := resp.Header.Get(name)
		if val == "" {
			if h.Value.Required {
				errs = append(errs, fmt.Errorf("%s: response: header %q missing", prefix, name))
			}
			continue
		}
		if h.Value.Schema != nil && h.Value.Schema.Value != nil {
			if err := h.Value.Schema.Value.VisitJSON(val); err != nil {
				errs = append(errs, fmt.Errorf("%s: response: header %q: %w", prefix, name, err))
			}
		}
	}
	return errs
}

// gunzip decompresses a whole gzip body.
func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return io.ReadAll(zr)
}
