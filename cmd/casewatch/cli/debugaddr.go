package cli

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
)

// DebugAddrEnv names the environment variable that, when set to a loopback
// address such as 127.0.0.1:6061, serves Go's pprof handlers there, so that
// a soak test can read goroutine counts and heap profiles of a running
// dashboard or SSH server. It is off unless set.
const DebugAddrEnv = "CASEWATCH_DEBUG_ADDR"

// startDebugServer serves pprof on addr, which must be a loopback address.
func startDebugServer(addr string) (func(), error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("%s=%q: %w", DebugAddrEnv, addr, err)
	}
	if ip := net.ParseIP(host); !(strings.EqualFold(host, "localhost") || (ip != nil && ip.IsLoopback())) {
		return nil, errors.New(DebugAddrEnv + " must be a loopback address (it exposes profiles)")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", DebugAddrEnv, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux}
	go func() { _ = srv.Serve(ln) }()
	return func() { srv.Close() }, nil
}
