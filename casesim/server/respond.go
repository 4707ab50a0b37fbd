package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/casewatch/casewatch/api"
)

// gzipMin is the smallest body worth compressing.
const gzipMin = 1024

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var gzipPool = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return zw
}}

// writeJSON encodes v and sends it with the given status and content type,
// gzip-compressed when the client accepts gzip and the body is large enough.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, ctype string, v any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, "encoding failed", http.StatusInternalServerError)
		return
	}
	writeBody(w, r, status, ctype, buf.Bytes())
}

// writeBody sends body, compressed when worth it.
func writeBody(w http.ResponseWriter, r *http.Request, status int, ctype string, body []byte) {
	hd := w.Header()
	hd.Set("Content-Type", ctype)
	addVary(hd)
	if len(body) >= gzipMin && api.AcceptsGzip(r.Header) {
		zbuf := bufPool.Get().(*bytes.Buffer)
		zbuf.Reset()
		defer bufPool.Put(zbuf)
		zw := gzipPool.Get().(*gzip.Writer)
		zw.Reset(zbuf)
		_, err := zw.Write(body)
		if err == nil {
			err = zw.Close()
		}
		gzipPool.Put(zw)
		if err == nil {
			hd.Set("Content-Encoding", "gzip")
			body = zbuf.Bytes()
		}
	}
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// addVary marks an answer as depending on Accept-Encoding.
func addVary(hd http.Header) {
	for _, v := range hd.Values("Vary") {
		if strings.Contains(strings.ToLower(v), "accept-encoding") {
			return
		}
	}
	hd.Add("Vary", "Accept-Encoding")
}

// etag is the validator of a GET answer, computed without reading data: the
// database epoch and data version, the path and canonical query, and the
// hour of the simulation clock (so time-dependent fields such as
// days_remaining and as_of refresh at least hourly).
func (h *handler) etag(r *http.Request, now time.Time) string {
	f := fnv.New64a()
	f.Write([]byte(r.URL.Path))
	f.Write([]byte{'?'})
	if r.URL.RawQuery != "" {
		if q, err := url.ParseQuery(r.URL.RawQuery); err == nil {
			f.Write([]byte(q.Encode())) // sorted by key
		} else {
			f.Write([]byte(r.URL.RawQuery))
		}
	}
	epoch := h.st.Epoch()
	if len(epoch) > 8 {
		epoch = epoch[:8]
	}
	b := make([]byte, 0, 64)
	b = append(b, `W/"`...)
	b = append(b, epoch...)
	b = append(b, '-')
	b = strconv.AppendInt(b, h.st.DataVersion(), 10)
	b = append(b, '-')
	b = strconv.AppendUint(b, f.Sum64(), 36)
	b = append(b, '-')
	b = strconv.AppendInt(b, now.Unix()/3600, 36)
	b = append(b, '"')
	return string(b)
}

// etagMatches reports whether If-None-Match names tag (weak comparison, as
// RFC 9110 prescribes for If-None-Match; "*" matches any).
func etagMatches(inm, tag string) bool {
	if inm == "" {
		return false
	}
	opaque := strings.TrimPrefix(tag, "W/")
	for part := range strings.SplitSeq(inm, ",") {
		part = strings.TrimSpace(part)
		if part == "*" || strings.TrimPrefix(part, "W/") == opaque {
			return true
		}
	}
	return false
}

// getFunc computes the body of a GET answer at now.
type getFunc func(r *http.Request, now time.Time) (any, error)

// cached serves a GET with an ETag: a matching If-None-Match gets 304
// before fn runs.
func (h *handler) cached(fn getFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		now := h.now()
		tag := h.etag(r, now)
		hd := w.Header()
		if etagMatches(r.Header.Get("If-None-Match"), tag) {
			hd.Set("ETag", tag)
			hd.Set("Cache-Control", "no-cache")
			addVary(hd)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		v, err := fn(r, now)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		hd.Set("ETag", tag)
		hd.Set("Cache-Control", "no-cache")
		writeJSON(w, r, http.StatusOK, "application/json", v)
	}
}
