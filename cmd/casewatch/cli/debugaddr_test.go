package cli

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

func TestDebugServerIsLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "10.1.2.3:6061", "example.org:80", "nonsense"} {
		if stop, err := startDebugServer(addr); err == nil {
			stop()
			t.Errorf("%s accepted", addr)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	stop, err := startDebugServer(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	resp, err := http.Get("http://" + addr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if !strings.HasPrefix(string(b), "goroutine profile: total ") {
		t.Fatalf("unexpected profile: %.80q", b)
	}
}
