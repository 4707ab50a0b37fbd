// Package metrics exposes casewatch's and casesim's Prometheus metrics
// (github.com/prometheus/client_golang, each on its own registry) and
// their health endpoints, on a listener of their own that is off by
// default: casewatch serve-ssh --metrics-addr, casesim serve
// --metrics-addr. docs/METRICS.md lists every metric, a scrape
// configuration and alert rules.
package metrics

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// DefaultAddr is the suggested listen address: loopback, the port of the
// OpenTelemetry Prometheus exporter's convention.
const DefaultAddr = "127.0.0.1:9464"

// CheckAddr checks a metrics listen address: host:port with a port, and a
// loopback host (127.0.0.0/8, ::1, localhost) unless allowRemote: the
// metrics and health endpoints carry no authentication, so reaching them
// from other hosts must be asked for.
func CheckAddr(addr string, allowRemote bool) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("metrics address %q: want host:port (e.g. %s): %v", addr, DefaultAddr, err)
	}
	if port == "" {
		return fmt.Errorf("metrics address %q has no port", addr)
	}
	if allowRemote || host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("metrics address %q is not a loopback address: the metrics have no authentication; give --metrics-allow-remote to serve them to other hosts (behind a firewall)", addr)
	}
	return nil
}

// newRegistry returns a registry with the Go runtime's and the process's
// collectors (memory, goroutines, CPU, open files).
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// Readiness answers /readyz: nil when ready, else why not (one line per
// problem).
type Readiness func() error

// Handler serves /metrics (the Prometheus text format, or OpenMetrics
// when asked), /healthz (200 "ok" while the process serves) and /readyz
// (200 when ready() is nil, else 503 with the reasons).
func Handler(reg *prometheus.Registry, ready Readiness) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg, EnableOpenMetrics: true}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := ready(); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("not ready:\n" + err.Error() + "\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	return mux
}

// Server is a running metrics listener.
type Server struct {
	srv  *http.Server
	ln   net.Listener
	done chan error
}

// Listen checks addr (CheckAddr), listens on it and serves h in the
// background until Close.
func Listen(addr string, allowRemote bool, h http.Handler) (*Server, error) {
	if err := CheckAddr(addr, allowRemote); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	s := &Server{
		srv:  &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute, WriteTimeout: 30 * time.Second},
		ln:   ln,
		done: make(chan error, 1),
	}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// Addr is the address the metrics are served on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Close stops the listener, waiting briefly for scrapes in flight.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if serr := <-s.done; err == nil && !errors.Is(serr, http.ErrServerClosed) {
		err = serr
	}
	return err
}
