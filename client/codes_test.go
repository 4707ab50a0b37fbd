package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestCodeOf classifies the errors of real exchanges: each kind of
// failure gets its own code, which the UI translates.
func TestCodeOf(t *testing.T) {
	hijack := func(raw string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			conn, buf, _ := w.(http.Hijacker).Hijack()
			buf.WriteString(raw)
			buf.Flush()
			_ = conn.(*net.TCPConn).SetLinger(0)
			conn.Close()
		}
	}
	answer := func(status int, ct, body string, hdr ...string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i+1 < len(hdr); i += 2 {
				w.Header().Set(hdr[i], hdr[i+1])
			}
			if ct != "" {
				w.Header().Set("Content-Type", ct)
			}
			w.WriteHeader(status)
			w.Write([]byte(body))
		}
	}
	problemOf := func(status int) string {
		return fmt.Sprintf(`{"type":"about:blank","title":"t","status":%d}`, status)
	}
	cases := []struct {
		name string
		h    http.HandlerFunc // nil: nothing listens
		want Code
	}{
		{"refused", nil, CodeRefused},
		{"hangs", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }, CodeTimeout},
		{"reset before the answer", hijack(""), CodeReset},
		{"reset mid-body", hijack("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"sta"), CodeReset},
		{"reset mid-header", hijack("HTTP/1.1 200 OK\r\nCache-Co"), CodeReset},
		{"503", answer(503, "application/problem+json", problemOf(503), "Retry-After", "30"), CodeUnavailable},
		{"500", answer(500, "application/problem+json", problemOf(500)), CodeServerError},
		{"502 without a problem", answer(502, "text/html", "<html>bad gateway</html>"), CodeServerError},
		{"429", answer(429, "application/problem+json", problemOf(429), "Retry-After", "30"), CodeRateLimited},
		{"401", answer(401, "application/problem+json", problemOf(401)), CodeUnauthorized},
		{"403", answer(403, "application/problem+json", problemOf(403)), CodeForbidden},
		{"404", answer(404, "application/problem+json", problemOf(404)), CodeNotFound},
		{"418", answer(418, "application/problem+json", problemOf(418)), CodeStatus},
		{"truncated", answer(200, "application/json", `{"status":"ok","sim_ti`), CodeTruncated},
		{"malformed", answer(200, "application/json", `{"status":#}`), CodeMalformed},
		{"html", answer(200, "text/html", "<html>login</html>"), CodeBadBody},
		{"empty", answer(200, "application/json", ""), CodeBadBody},
		{"too large", answer(200, "application/json", `{"status":"`+strings.Repeat("x", 4096)+`"}`), CodeTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := Config{Timeout: 200 * time.Millisecond, Retries: -1, BodyLimit: 1 << 10}
			if c.h == nil {
				l, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				cfg.BaseURL = "http://" + l.Addr().String()
				l.Close()
			} else {
				srv := httptest.NewServer(c.h)
				defer srv.Close()
				cfg.BaseURL = srv.URL
			}
			cl, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer cl.Close()
			_, err = cl.Health(context.Background())
			if got := CodeOf(err); got != c.want {
				t.Errorf("CodeOf(%v) = %s, want %s", err, got, c.want)
			}
			if c.want.Unreachable() != IsUnreachable(err) {
				t.Errorf("IsUnreachable(%v) = %v", err, IsUnreachable(err))
			}
		})
	}
	// Errors made here without a network.
	for err, want := range map[error]Code{
		nil: "", errors.New("x"): CodeUnknown, context.Canceled: CodeCanceled, context.DeadlineExceeded: CodeTimeout,
		fmt.Errorf("wrapped: %w", &Error{Kind: KindNetwork, code: CodeDNS}): CodeDNS,
		configError("bad"): CodeConfig,
	} {
		if got := CodeOf(err); got != want {
			t.Errorf("CodeOf(%v) = %q, want %q", err, got, want)
		}
	}
	for _, c := range Codes {
		if c.Unreachable() != (c == CodeRefused || c == CodeTimeout || c == CodeReset || c == CodeDNS ||
			c == CodeTLS || c == CodeUnreachable || c == CodeNetwork) {
			t.Errorf("%s: Unreachable() = %v", c, c.Unreachable())
		}
	}
}
