// Package demo runs the reference case system inside casewatch when no API
// is configured: an in-memory database with a fixed seed, served on a
// loopback port, so the dashboard talks to it through the same HTTP client
// as to a real deployment.
package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim"
)

// Seed is the fixed seed of the demo data.
const Seed = 20261121

// Server is a running embedded case system.
type Server struct {
	url    string
	srv    *http.Server
	ready  chan struct{}
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu  sync.Mutex
	sys *casesim.System
	err error
}

// Start listens on a loopback port at once and opens the simulation in the
// background, so the caller can draw its first frame without waiting;
// requests that arrive before the simulation is ready wait for it.
func Start(opts casesim.Options) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo: cannot listen on loopback: %w", err)
	}
	if opts.DBPath == "" {
		opts.DBPath = ":memory:"
	}
	if opts.Seed == 0 {
		opts.Seed = Seed
	}
	opts.Demo = true
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{url: "http://" + ln.Addr().String(), ready: make(chan struct{}), cancel: cancel}
	s.srv = &http.Server{Handler: http.HandlerFunc(s.serve), ReadHeaderTimeout: 10 * time.Second}
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Default().Error("demo server", "err", err)
		}
	}()
	go func() {
		defer s.wg.Done()
		sys, err := casesim.Open(ctx, opts)
		s.mu.Lock()
		s.sys, s.err = sys, err
		s.mu.Unlock()
		close(s.ready)
		if err == nil {
			sys.Run(ctx)
		}
	}()
	return s, nil
}

// URL is the base URL of the embedded API (without /api/v1).
func (s *Server) URL() string { return s.url }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	select {
	case <-s.ready:
	case <-r.Context().Done():
		return
	case <-time.After(30 * time.Second):
	}
	s.mu.Lock()
	sys, err := s.sys, s.err
	s.mu.Unlock()
	if sys == nil {
		if err == nil {
			err = errors.New("still starting")
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, `{"type":"about:blank","title":"Service Unavailable","status":503,"detail":%q}`, "demo case system: "+err.Error())
		return
	}
	sys.Handler().ServeHTTP(w, r)
}

// Close stops the simulation and the server.
func (s *Server) Close() error {
	s.cancel()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sys != nil {
		if cerr := s.sys.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// BaseAPI is the API root of the embedded server.
func (s *Server) BaseAPI() string { return s.url + api.BasePath }
