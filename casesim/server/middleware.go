package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"path"
	"strings"

	"github.com/casewatch/casewatch/api"
)

// hashToken hashes a token so the comparison takes the same time whatever
// the lengths of the two tokens.
func hashToken(t string) [32]byte { return sha256.Sum256([]byte(t)) }

// auth requires the bearer token, when one is configured, on every request
// but GET /health.
func (h *handler) auth(next http.Handler) http.Handler {
	if h.opts.Token == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == api.BasePath+"/health" {
			next.ServeHTTP(w, r)
			return
		}
		got, ok := bearer(r.Header.Get("Authorization"))
		sum := hashToken(got)
		if subtle.ConstantTimeCompare(sum[:], h.token[:]) != 1 || !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="casesim"`)
			detail := "a bearer token is required"
			if ok {
				detail = "the bearer token is not valid"
			}
			writeProblem(w, r, api.Problem{Status: http.StatusUnauthorized, Detail: detail})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bearer extracts the token of an "Authorization: Bearer <token>" header.
func bearer(hv string) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(hv), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

// recoverer turns a panic in a handler into a 500 problem.
func (h *handler) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				h.opts.Logger.Error("handler panic", "method", r.Method, "path", r.URL.Path, "panic", v)
				writeProblem(w, r, api.Problem{Status: http.StatusInternalServerError, Detail: "internal error"})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// route dispatches through the mux, answering unknown paths (404) and
// unknown methods (405, with Allow) as problem+json instead of the mux's
// plain text.
func (h *handler) route(w http.ResponseWriter, r *http.Request) {
	if p := r.URL.EscapedPath(); cleanPath(p) != p {
		// The mux would redirect to the clean path, even one that matches
		// a route ("/cases/." to "/cases"): no such path here either.
		writeProblem(w, r, api.Problem{Status: http.StatusNotFound, Detail: "no such path: " + r.URL.Path + uncleanNote})
		return
	}
	fallback, pattern := h.mux.Handler(r)
	if pattern != "" {
		setRoute(r, pattern)
		h.mux.ServeHTTP(w, r)
		return
	}
	cw := &captureWriter{header: http.Header{}}
	fallback.ServeHTTP(cw, r)
	switch cw.status {
	case http.StatusNotFound:
		writeProblem(w, r, api.Problem{Status: http.StatusNotFound, Detail: "no such path: " + r.URL.Path})
	case http.StatusMethodNotAllowed:
		if allow := cw.header.Get("Allow"); allow != "" {
			w.Header().Set("Allow", allow)
		}
		writeProblem(w, r, api.Problem{Status: http.StatusMethodNotAllowed,
			Detail: "method " + r.Method + " not allowed on " + r.URL.Path})
	default:
		// The mux redirects unclean paths (an empty segment, "..") to their
		// clean form; an API answers that plainly instead: no such path.
		writeProblem(w, r, api.Problem{Status: http.StatusNotFound, Detail: "no such path: " + r.URL.Path + uncleanNote})
	}
}

// uncleanNote ends the detail of a 404 to an unclean path.
const uncleanNote = " (paths must be clean: no empty or dot segments)"

// cleanPath is p as net/http's ServeMux cleans it before matching: rooted,
// without empty, "." or ".." segments, a trailing slash kept.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	c := path.Clean(p)
	if p[len(p)-1] == '/' && c != "/" {
		c += "/"
	}
	return c
}

// captureWriter records what the mux's fallback handler writes.
type captureWriter struct {
	header http.Header
	status int
	body   []byte
}

// Header implements http.ResponseWriter.
func (c *captureWriter) Header() http.Header { return c.header }

// WriteHeader implements http.ResponseWriter.
func (c *captureWriter) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

// Write implements http.ResponseWriter, keeping the first 4 KiB.
func (c *captureWriter) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	if len(c.body) < 4096 {
		c.body = append(c.body, b...)
	}
	return len(b), nil
}
