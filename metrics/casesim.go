package metrics

import (
	"errors"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/casewatch/casewatch/casesim/server"
)

// Casesim holds the metrics of casesim serve: requests by route and
// status, their latency, and the imports the running server took in.
type Casesim struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	inflight   prometheus.Gauge
	imports    *prometheus.CounterVec
	cases      prometheus.Gauge
	lastImport prometheus.Gauge
	files      *prometheus.CounterVec
	lastFile   *prometheus.GaugeVec
	ready      atomic.Bool
}

// unmatchedRoute labels requests no route matched (404, 405, a 401 before
// routing, a fault injected before the handler).
const unmatchedRoute = "unmatched"

// NewCasesim creates the metrics on their own registry, with the Go
// runtime's and the process's; version labels casesim_build_info.
func NewCasesim(version string) *Casesim {
	m := &Casesim{reg: newRegistry()}
	f := factory{m.reg}
	f.gaugeFunc("casesim_build_info", "Always 1; the version label is the casesim version.", prometheus.Labels{"version": version}, func() float64 { return 1 })
	m.requests = f.counterVec("casesim_http_requests_total", "API requests answered, by route (the pattern, e.g. \"GET /api/v1/alerts\"; unmatched for none) and status code.", "route", "code")
	m.latency = f.histogramVec("casesim_http_request_duration_seconds", "Time to answer API requests, by route.", []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}, "route")
	m.inflight = f.gauge("casesim_http_requests_in_flight", "API requests being answered now.")
	m.imports = f.counterVec("casesim_imports_total", "Imported data taken in by the running server (casesim import into its database), by result (ok, error).", "result")
	m.cases = f.gauge("casesim_imported_cases", "Cases held after the last import taken in.")
	m.lastImport = f.gauge("casesim_import_last_success_timestamp_seconds", "Unix time of the last import taken in without error.")
	m.files = f.counterVec("casesim_import_files_total", "Files of a watched folder imported (casesim import --watch), by result: done or rejected.", "result")
	m.lastFile = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "casesim_import_file_last_timestamp_seconds",
		Help: "Unix time of the last file of a watched folder imported, by result."}, []string{"result"})
	m.reg.MustRegister(m.lastFile)
	return m
}

// Registry returns the registry, for Handler.
func (m *Casesim) Registry() *prometheus.Registry { return m.reg }

// SetReady marks the server ready (its database open, listening).
func (m *Casesim) SetReady(ok bool) { m.ready.Store(ok) }

// Ready is /readyz.
func (m *Casesim) Ready() error {
	if !m.ready.Load() {
		return errors.New("not serving yet")
	}
	return nil
}

// Imported counts an import the server took in: cases is how many cases it
// holds after it, err its failure (casesim.Options.OnImport).
func (m *Casesim) Imported(cases int, err error) {
	if err != nil {
		m.imports.WithLabelValues("error").Inc()
		return
	}
	m.imports.WithLabelValues("ok").Inc()
	m.cases.Set(float64(cases))
	m.lastImport.Set(float64(time.Now().Unix()))
}

// FileImported counts a file of a watched folder: result is "done" or
// "rejected".
func (m *Casesim) FileImported(result string) {
	m.files.WithLabelValues(result).Inc()
	m.lastFile.WithLabelValues(result).Set(float64(time.Now().Unix()))
}

// Wrap counts the requests of the API handler next (casesim's, which
// names its routes through server.WithRouteSlot).
func (m *Casesim) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		m.inflight.Inc()
		defer m.inflight.Dec()
		r, slot := server.WithRouteSlot(r)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			route := *slot
			if route == "" {
				route = unmatchedRoute
			}
			code := sw.status
			if code == 0 {
				code = http.StatusOK
			}
			m.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
			m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
		}()
		next.ServeHTTP(sw, r)
	})
}

// statusWriter records the status code written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

// WriteHeader implements http.ResponseWriter.
func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

// Write implements http.ResponseWriter.
func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer
// (flushing, deadlines, hijacking by the fault injector).
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
