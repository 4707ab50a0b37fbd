package client

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// streamBody answers 200 with a JSON body of size bytes, streamed from a
// small shared buffer without Content-Length (the oversize fault).
func streamBody(size int) http.Handler {
	filler := bytes.Repeat([]byte("x"), 32<<10)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte(`{"units":[],"x":"`))
		for left := size - 20; left > 0; left -= len(filler) {
			if _, err := w.Write(filler[:min(left, len(filler))]); err != nil {
				return
			}
		}
		w.Write([]byte(`"}`))
	})
}

// TestOversizeBodyFailsAtTheLimit streams 100 MiB bodies without
// Content-Length to four concurrent requests against a 16 MiB limit: each
// fails at the limit, and all of them together allocate less than two
// limits' worth (a buffer doubling per request allocated about 32 MiB
// each, 128 MiB in all).
func TestOversizeBodyFailsAtTheLimit(t *testing.T) {
	srv := httptest.NewServer(streamBody(100 << 20))
	defer srv.Close()
	const limit = 16 << 20
	c, err := New(Config{BaseURL: srv.URL, BodyLimit: limit, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Warm up connections and pools; the answer is oversized too, so the
	// error is expected.
	_, _ = c.Units(context.Background())

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { _, errs[i] = c.Units(context.Background()) })
	}
	wg.Wait()
	runtime.ReadMemStats(&after)
	for _, err := range errs {
		var e *Error
		if !errors.As(err, &e) || e.Kind != KindTooLarge || !strings.Contains(err.Error(), "exceeds 16 MiB limit") {
			t.Fatalf("got %v, want the body limit", err)
		}
	}
	got := after.TotalAlloc - before.TotalAlloc
	t.Logf("four oversize reads allocated %.1f MiB", float64(got)/(1<<20))
	if got > 2*limit {
		t.Errorf("four oversize reads allocated %d MiB, want < %d MiB", got>>20, 2*limit>>20)
	}
}

// TestLargeBodyWithinLimitArrivesWhole: bodies past the big-body size, of
// unknown and of announced length, concurrently, arrive byte for byte.
func TestLargeBodyWithinLimitArrivesWhole(t *testing.T) {
	var body bytes.Buffer
	body.WriteString(`{"units":[`)
	for i := 0; body.Len() < 9<<20; i++ {
		if i > 0 {
			body.WriteByte(',')
		}
		body.WriteString(`{"id":"U` + strings.Repeat("0", 6) + `","name":"检察院","level":"basic","departments":[]}`)
	}
	body.WriteString(`]}`)
	want := body.Bytes()
	for _, announce := range []bool{false, true} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if !announce {
				w.(http.Flusher).Flush() // chunked: no Content-Length
			}
			w.Write(want)
		}))
		bt := newBodyTransport(http.DefaultTransport, 16<<20, DefaultTimeout)
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
				resp, err := bt.RoundTrip(req)
				if err != nil {
					t.Error(err)
					return
				}
				defer resp.Body.Close()
				if got := resp.Body.(*memBody).b; !bytes.Equal(got, want) {
					t.Errorf("announce=%v: got %d bytes, want %d", announce, len(got), len(want))
				}
			})
		}
		wg.Wait()
		srv.Close()
	}
}
