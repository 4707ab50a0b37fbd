package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/server"
	"github.com/casewatch/casewatch/casesim/store"
	"github.com/casewatch/casewatch/casesim/store/storetest"
)

// bench is a handler over the fixture plus 10,000 open alerts, built once
// per test binary.
var bench struct {
	once sync.Once
	st   *store.Store
	h    http.Handler
	err  error
}

func benchHandler(b *testing.B) http.Handler {
	b.Helper()
	bench.once.Do(func() {
		st, err := store.Open(":memory:")
		if err != nil {
			bench.err = err
			return
		}
		ctx := context.Background()
		if err := storetest.Load(ctx, st); err != nil {
			bench.err = err
			return
		}
		if err := storetest.BulkAlerts(ctx, st, 10000); err != nil {
			bench.err = err
			return
		}
		// All 28 indicators for every basic unit and 26 months.
		var vals []store.IndicatorValue
		for _, p := range storetest.Periods() {
			for k, u := range storetest.BasicUnits() {
				for i, spec := range domain.Indicators {
					v := spec.Lo + (spec.Hi-spec.Lo)*float64((k*7+i*3+len(p))%10)/10
					vals = append(vals, store.IndicatorValue{UnitID: u, IndicatorID: spec.ID, Period: p,
						Numerator: v * 10, Denominator: 1000, Value: v})
				}
			}
		}
		if err := st.SaveIndicatorValues(ctx, vals); err != nil {
			bench.err = err
			return
		}
		bench.st = st
		bench.h = server.New(st, server.Options{Clock: func() time.Time { return storetest.Now }})
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.h
}

// countingWriter is a ResponseWriter that keeps the status and counts the
// body, so the benchmarks measure the handler, not a recorder.
type countingWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *countingWriter) Header() http.Header { return w.h }

func (w *countingWriter) WriteHeader(s int) { w.status = s }

func (w *countingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.n += len(b)
	return len(b), nil
}

func (w *countingWriter) reset() {
	clear(w.h)
	w.status, w.n = 0, 0
}

// benchGET serves path over and over; the first answer is checked.
func benchGET(b *testing.B, path string, want int, headers ...string) {
	h := benchHandler(b)
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	w := &countingWriter{h: http.Header{}}
	h.ServeHTTP(w, req)
	if w.status != want {
		b.Fatalf("%s: %d, want %d", path, w.status, want)
	}
	n := w.n
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		h.ServeHTTP(w, req)
	}
	if w.status != want {
		b.Fatalf("%s: %d, want %d", path, w.status, want)
	}
	b.ReportMetric(float64(n), "body-bytes")
}

// BenchmarkAlerts304 revalidates a listing of 10,000 open alerts.
func BenchmarkAlerts304(b *testing.B) {
	h := benchHandler(b)
	req := httptest.NewRequest(http.MethodGet, "/api/v1/alerts?limit=500", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	benchGET(b, "/api/v1/alerts?limit=500", http.StatusNotModified, "If-None-Match", rec.Header().Get("ETag"))
}

// BenchmarkAlertsPage500 serves the first page (500) of 10,000 open alerts.
func BenchmarkAlertsPage500(b *testing.B) { benchGET(b, "/api/v1/alerts?limit=500", http.StatusOK) }

// BenchmarkAlertsPage1000 serves the first page (1000) of 10,000 open alerts.
func BenchmarkAlertsPage1000(b *testing.B) { benchGET(b, "/api/v1/alerts?limit=1000", http.StatusOK) }

// BenchmarkAlertsPage1000Gzip is the same page, gzip-compressed.
func BenchmarkAlertsPage1000Gzip(b *testing.B) {
	benchGET(b, "/api/v1/alerts?limit=1000", http.StatusOK, "Accept-Encoding", "gzip")
}

// BenchmarkAlertsUnit serves the alerts of one basic unit (834 of 10,000).
func BenchmarkAlertsUnit(b *testing.B) {
	benchGET(b, "/api/v1/alerts?limit=1000&unit=U34", http.StatusOK)
}

// BenchmarkCase serves one case whole (the fixture's richest case).
func BenchmarkCase(b *testing.B) { benchGET(b, "/api/v1/cases/C1", http.StatusOK) }

// BenchmarkCaseBulk serves one of the 2,500 bulk cases, with its 4 alerts.
func BenchmarkCaseBulk(b *testing.B) { benchGET(b, "/api/v1/cases/B001234", http.StatusOK) }

// BenchmarkCases lists the newest 50 of 2,505 cases.
func BenchmarkCases(b *testing.B) { benchGET(b, "/api/v1/cases", http.StatusOK) }

// BenchmarkIndicators serves a basic unit's 28 indicators with ranks and
// 24 months of history.
func BenchmarkIndicators(b *testing.B) { benchGET(b, "/api/v1/indicators?unit=U11", http.StatusOK) }

// BenchmarkIndicatorsCity serves a city's indicators, aggregated from its
// basic units.
func BenchmarkIndicatorsCity(b *testing.B) { benchGET(b, "/api/v1/indicators?unit=U10", http.StatusOK) }

// BenchmarkCoverage serves the province's coverage by person.
func BenchmarkCoverage(b *testing.B) { benchGET(b, "/api/v1/coverage?by=person", http.StatusOK) }
