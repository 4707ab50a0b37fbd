package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
)

// staticETag serves one precomputed body with an ETag, and 304 to a
// matching If-None-Match, so that the server's own cost does not depend on
// the size of the data either.
type staticETag struct {
	body []byte
	etag string
}

func (s *staticETag) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header()["Etag"] = []string{s.etag}
	if r.Header.Get("If-None-Match") == s.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header()["Content-Type"] = []string{"application/json"}
	w.Write(s.body)
}

// BenchmarkPoll304 is one conditional poll answered 304, for a units list
// of 10 and of 10,000 units: allocations must not grow with the data.
func BenchmarkPoll304(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprintf("units=%d", n), func(b *testing.B) {
			var l api.UnitList
			for i := 0; i < n; i++ {
				l.Units = append(l.Units, api.Unit{ID: fmt.Sprintf("U%05d", i), Name: "检察院", NameEn: "Procuratorate",
					Level: api.UnitBasic, ParentID: "U00000", Departments: []api.Department{{ID: "D1", Name: "第一检察部", Line: api.LineCriminal}}})
			}
			body, _ := json.Marshal(l)
			srv := httptest.NewServer(&staticETag{body: body, etag: `"v1"`})
			defer srv.Close()
			c, err := New(Config{BaseURL: srv.URL})
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			ctx := context.Background()
			first, err := c.Units(ctx)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				v, err := c.Units(ctx)
				if err != nil || v != first {
					b.Fatal("not a 304", err)
				}
			}
		})
	}
}

// mergeFixture is 100,000 alerts sorted by ID and a delta of 100 changes:
// 60 changed, 20 new, 20 rectified.
func mergeFixture(n int) (old, changes []*Alert) {
	old = make([]*Alert, n)
	for i := range old {
		old[i] = NewAlert(fxAlert(i * 2)) // even ids; odd ones are free for new alerts
	}
	step := n / 100
	later := t0.Add(1000 * time.Hour)
	for k := 0; k < 100; k++ {
		i := k*step + step/2
		switch {
		case k%5 == 0: // new
			a := fxAlert(i*2 + 1)
			a.UpdatedAt = later
			changes = append(changes, NewAlert(a))
		case k%5 == 1: // rectified
			a := old[i].API()
			a.Status, a.UpdatedAt = api.StatusRectified, later
			a.RectifiedAt = &later
			changes = append(changes, NewAlert(a))
		default: // changed
			a := old[i].API()
			a.Level, a.DaysRemaining, a.UpdatedAt = api.LevelOverdue, -1, later
			changes = append(changes, NewAlert(a))
		}
	}
	return old, changes
}

func BenchmarkMergeDelta100Into100k(b *testing.B) {
	old, changes := mergeFixture(100000)
	b.ReportAllocs()
	for b.Loop() {
		out, changed := mergeAlerts(old, changes)
		if !changed || len(out) != len(old) {
			b.Fatal(len(out))
		}
	}
}

func BenchmarkMergeDelta100Into10k(b *testing.B) {
	old, changes := mergeFixture(10000)
	b.ReportAllocs()
	for b.Loop() {
		if _, changed := mergeAlerts(old, changes); !changed {
			b.Fatal("no change")
		}
	}
}

// BenchmarkMergeDeltaNoop100Into100k is a delta that changes nothing (the
// same 100 alerts again): no copy, the old slice is returned.
func BenchmarkMergeDeltaNoop100Into100k(b *testing.B) {
	old, changes := mergeFixture(100000)
	old, _ = mergeAlerts(old, changes)
	b.ReportAllocs()
	for b.Loop() {
		if _, changed := mergeAlerts(old, changes); changed {
			b.Fatal("changed")
		}
	}
}

// BenchmarkFetchAlerts10k is a whole GET /alerts of 10,000 alerts over
// loopback HTTP (no Content-Length: the growing-buffer path), decoded and
// sanitised.
func BenchmarkFetchAlerts10k(b *testing.B) {
	body := fxPageJSON(fxAlerts(10000), "s1", false)
	srv := httptest.NewServer(&staticETag{body: body, etag: `"v1"`})
	defer srv.Close()
	c, _ := New(Config{BaseURL: srv.URL})
	defer c.Close()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Alerts(context.Background(), AlertQuery{}); err != nil {
			b.Fatal(err)
		}
	}
}

// pagedAlerts serves n alerts in pages of 1,000, pre-encoded (so that the
// server's cost does not count), as a full listing with next_cursor.
type pagedAlerts struct{ pages [][]byte }

func newPagedAlerts(n int) *pagedAlerts {
	p := &pagedAlerts{}
	for from := 0; from < n; from += 1000 {
		alerts := make([]api.Alert, 0, 1000)
		for i := from; i < min(from+1000, n); i++ {
			alerts = append(alerts, fxAlert(i))
		}
		page := api.AlertPage{Alerts: alerts, SyncCursor: "s1", AsOf: t0}
		if from+1000 < n {
			page.NextCursor = fmt.Sprint(from + 1000)
		}
		b, _ := json.Marshal(page)
		p.pages = append(p.pages, b)
	}
	return p
}

func (p *pagedAlerts) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var from int
	_, _ = fmt.Sscan(r.URL.Query().Get("cursor"), &from)
	w.Header()["Content-Type"] = []string{"application/json"}
	w.Write(p.pages[from/1000])
}

// BenchmarkFirstListing is the first full listing of 100,000 alerts over
// loopback HTTP, end to end (100 requests, decoding, sanitising,
// interning, the set sorted by id), with the hand decoder and with
// encoding/json in its place. The goal: under 2 s.
func BenchmarkFirstListing(b *testing.B) {
	srv := httptest.NewServer(newPagedAlerts(100000))
	defer srv.Close()
	std := func(body []byte, _ *interner) (*AlertPage, error) { return decodeAlertPageStd(body) }
	for _, dec := range []struct {
		name string
		fn   func([]byte, *interner) (*AlertPage, error)
	}{{"hand", decodeAlertPage}, {"encoding-json", std}} {
		b.Run(dec.name, func(b *testing.B) {
			pageDecoder = dec.fn
			defer func() { pageDecoder = decodeAlertPage }()
			c, _ := New(Config{BaseURL: srv.URL})
			defer c.Close()
			b.ReportAllocs()
			for b.Loop() {
				set, _, err := NewAlertSync(c, "").Sync(context.Background())
				if err != nil || len(set.Alerts) != 100000 {
					b.Fatal(err, len(set.Alerts))
				}
			}
		})
	}
}
