package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/casewatch/casewatch/api"
)

// healthPath is exempt from every fault but the outage.
const healthPath = api.BasePath + "/health"

// Injector applies a Spec to the requests of a handler it wraps. It is safe
// for concurrent use. Random choices come from a source seeded at New, one
// fixed set of draws per request, so a given order of requests always meets
// the same faults.
type Injector struct {
	spec   Spec // with defaults
	given  Spec // as passed to New
	clock  func() time.Time
	start  time.Time
	mu     sync.Mutex
	rng    *rand.Rand
	counts map[Kind]*atomic.Int64
}

// New returns an Injector for spec (validated) with its random source
// seeded from seed. Outage windows count from now on clock (nil means
// time.Now).
func New(spec Spec, seed uint64, clock func() time.Time) (*Injector, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	if clock == nil {
		clock = time.Now
	}
	in := &Injector{
		spec:   spec.withDefaults(),
		given:  spec,
		clock:  clock,
		start:  clock(),
		rng:    rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		counts: make(map[Kind]*atomic.Int64, len(Kinds)),
	}
	for _, k := range Kinds {
		in.counts[k] = new(atomic.Int64)
	}
	return in, nil
}

// Middleware returns a wrapper injecting spec's faults into a handler: New
// and Wrap in one.
func Middleware(spec Spec, seed uint64, clock func() time.Time) (func(http.Handler) http.Handler, error) {
	in, err := New(spec, seed, clock)
	if err != nil {
		return nil, err
	}
	return in.Wrap, nil
}

// Spec returns the spec the Injector was made with.
func (in *Injector) Spec() Spec { return in.given }

// Count returns how many times the fault kind was injected.
func (in *Injector) Count(k Kind) int64 {
	if c, ok := in.counts[k]; ok {
		return c.Load()
	}
	return 0
}

// Counts returns the number of injections of each kind injected so far.
func (in *Injector) Counts() map[Kind]int64 {
	out := map[Kind]int64{}
	for k, c := range in.counts {
		if n := c.Load(); n > 0 {
			out[k] = n
		}
	}
	return out
}

// InOutage reports whether an outage window is open now.
func (in *Injector) InOutage() bool {
	elapsed := in.clock().Sub(in.start)
	for _, o := range in.spec.Outages {
		if o.Active(elapsed) {
			return true
		}
	}
	return false
}

// Wrap returns next with the faults injected. Put it outside everything
// else (authentication included), so that a fault answers before the API
// does any work.
func (in *Injector) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { in.serve(next, w, r) })
}

// plan is the fate of one request.
type plan struct {
	delay time.Duration
	kind  Kind    // "" when the request passes
	frac  float64 // where in the answer to cut or corrupt, in [0, 1)
}

// draw decides a request's fate. It always takes the same four draws, so
// the random sequence does not depend on the spec or the request.
func (in *Injector) draw(r *http.Request) plan {
	in.mu.Lock()
	jitter, stale, which, frac := in.rng.Float64(), in.rng.Float64(), in.rng.Float64(), in.rng.Float64()
	in.mu.Unlock()
	s := &in.spec
	p := plan{delay: s.Latency + time.Duration(jitter*float64(s.Jitter)), frac: frac}
	if cursorParam(r) != "" && stale < s.StaleCursor {
		p.kind = StaleCursor
		return p
	}
	for _, c := range []struct {
		k Kind
		p float64
	}{{Error, s.Error}, {Unavailable, s.Unavailable}, {Reset, s.Reset}, {Truncate, s.Truncate},
		{Malformed, s.Malformed}, {Oversize, s.Oversize}, {Drip, s.Drip}} {
		if which < c.p {
			p.kind = c.k
			return p
		}
		which -= c.p
	}
	return p
}

// cursorParam names the cursor a read request carries ("since" or
// "cursor"), or "".
func cursorParam(r *http.Request) string {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return ""
	}
	q := r.URL.Query()
	switch {
	case q.Has("since"):
		return "since"
	case q.Has("cursor"):
		return "cursor"
	}
	return ""
}

func (in *Injector) add(k Kind) { in.counts[k].Add(1) }

func (in *Injector) serve(next http.Handler, w http.ResponseWriter, r *http.Request) {
	if in.InOutage() {
		in.add(Outage)
		drop(w, nil)
		return
	}
	if r.URL.Path == healthPath {
		next.ServeHTTP(w, r)
		return
	}
	p := in.draw(r)
	if p.delay > 0 {
		in.add(Latency)
		readAhead(r)
		if !sleep(r.Context(), p.delay) {
			return // the client gave up: the request never reaches the API
		}
	}
	switch p.kind {
	case StaleCursor:
		in.add(StaleCursor)
		param := cursorParam(r)
		writeProblem(w, r, http.StatusGone, param,
			param+": the sync position is no longer known (injected fault); list again without "+param)
	case Error:
		in.add(Error)
		writeProblem(w, r, http.StatusInternalServerError, "", "injected fault: internal server error")
	case Unavailable:
		in.add(Unavailable)
		secs := int64((in.spec.RetryAfter + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
		writeProblem(w, r, http.StatusServiceUnavailable, "", "injected fault: service unavailable")
	case Oversize:
		in.add(Oversize)
		in.oversize(w, r)
	case Reset:
		in.add(Reset)
		rec := record(next, r)
		raw := rec.raw()
		drop(w, raw[:1+int(p.frac*float64(len(raw)-1))])
	case Truncate:
		rec := record(next, r)
		last := bytes.LastIndexFunc(rec.body.Bytes(), func(c rune) bool { return c != ' ' && c != '\t' && c != '\r' && c != '\n' })
		if last < 1 {
			rec.send(w, rec.body.Bytes()) // nothing worth cutting
			return
		}
		in.add(Truncate)
		rec.send(w, rec.body.Bytes()[:1+int(p.frac*float64(last))])
	case Malformed:
		rec := record(next, r)
		body := rec.body.Bytes()
		if len(body) == 0 {
			rec.send(w, body)
			return
		}
		in.add(Malformed)
		if pos := structural(body); len(pos) > 0 {
			body[pos[int(p.frac*float64(len(pos)))]] = '#'
		} else {
			body[int(p.frac*float64(len(body)))] = 0
		}
		rec.send(w, body)
	case Drip:
		in.add(Drip)
		rec := record(next, r)
		in.drip(w, r, rec)
	default:
		next.ServeHTTP(w, r)
	}
}

// readAheadMax bounds the request body readAhead holds in memory.
const readAheadMax = 1 << 20

// readAhead reads a small request body before a delay and puts it back.
// The server notices a client that hangs up (and cancels the request's
// context) only once the body has been read to its end, so without this a
// delayed POST would sleep on after its client gave up.
func readAhead(r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody {
		return
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, readAheadMax))
	var rest io.Reader = r.Body
	if err != nil {
		rest = errReader{err}
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(b), rest), r.Body}
}

// errReader fails every read with its error.
type errReader struct{ err error }

// Read implements io.Reader.
func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// sleep waits d unless ctx ends first; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// drop writes partial (may be nil) straight to the connection and resets
// it: the client sees its connection reset, or closed, mid-answer. Without
// a connection to take over (HTTP/2), the request is aborted instead.
func drop(w http.ResponseWriter, partial []byte) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // the server resets the stream
	}
	if len(partial) > 0 {
		_ = conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
		_, _ = conn.Write(partial)
	}
	abort(conn)
}

// abort closes conn with a TCP reset (SO_LINGER 0) where it can.
func abort(conn net.Conn) {
	type netConner interface{ NetConn() net.Conn }
	c := conn
	if nc, ok := c.(netConner); ok { // TLS
		c = nc.NetConn()
	}
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	conn.Close()
}

// writeProblem sends an injected problem+json answer.
func writeProblem(w http.ResponseWriter, r *http.Request, status int, param, detail string) {
	b, _ := json.Marshal(api.Problem{Type: "about:blank", Title: http.StatusText(status), Status: status,
		Detail: detail, Instance: r.URL.Path, Param: param})
	b = append(b, '\n')
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// filler is the content of oversize bodies, shared and never written to.
var filler = bytes.Repeat([]byte{'x'}, 32<<10)

// oversize streams a 200 with a valid JSON body of Spec.OversizeBytes,
// without Content-Length, from a small shared buffer: nothing is held in
// memory. It stops when the client goes away.
func (in *Injector) oversize(w http.ResponseWriter, r *http.Request) {
	const prefix, suffix = `{"oversize":"`, "\"}\n"
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Del("Content-Length")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	if _, err := w.Write([]byte(prefix)); err != nil {
		return
	}
	for left := in.spec.OversizeBytes - int64(len(prefix)+len(suffix)); left > 0; {
		if r.Context().Err() != nil {
			return
		}
		n := min(left, int64(len(filler)))
		if _, err := w.Write(filler[:n]); err != nil {
			return
		}
		left -= n
	}
	w.Write([]byte(suffix))
}

// drip sends a recorded answer at Spec.DripRate, flushing as it goes, with
// its true Content-Length; it stops when the client goes away.
func (in *Injector) drip(w http.ResponseWriter, r *http.Request, rec *recorder) {
	body := rec.body.Bytes()
	rec.header(w, len(body))
	w.WriteHeader(rec.status)
	rc := http.NewResponseController(w)
	rc.Flush()
	if r.Method == http.MethodHead {
		return
	}
	chunk, every := in.spec.DripRate/10, 100*time.Millisecond
	if chunk < 1 {
		chunk, every = 1, time.Second/time.Duration(in.spec.DripRate)
	}
	for off := 0; off < len(body); {
		n := min(int(chunk), len(body)-off)
		if _, err := w.Write(body[off : off+n]); err != nil {
			return
		}
		rc.Flush()
		off += n
		if off < len(body) && !sleep(r.Context(), every) {
			return
		}
	}
}

// structural returns the offsets of the JSON punctuation ({}[]:,) outside
// strings. Replacing any of them with '#' makes the document invalid.
func structural(b []byte) []int {
	var pos []int
	inStr, esc := false, false
	for i, c := range b {
		switch {
		case inStr && esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case inStr && c == '"':
			inStr = false
		case inStr:
		case c == '"':
			inStr = true
		case c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',':
			pos = append(pos, i)
		}
	}
	return pos
}

// recorder captures the real answer of the API for a fault to spoil.
type recorder struct {
	hdr    http.Header
	status int
	body   bytes.Buffer
}

// record runs next on a copy of r that asks for a full, uncompressed
// answer (no If-None-Match, no Accept-Encoding), so that there is a body to
// spoil, and returns what it answered.
func record(next http.Handler, r *http.Request) *recorder {
	r2 := r.Clone(r.Context())
	r2.Header.Del("If-None-Match")
	r2.Header.Del("Accept-Encoding")
	rec := &recorder{hdr: http.Header{}}
	next.ServeHTTP(rec, r2)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec
}

// Header implements http.ResponseWriter.
func (rec *recorder) Header() http.Header { return rec.hdr }

// WriteHeader implements http.ResponseWriter.
func (rec *recorder) WriteHeader(status int) {
	if rec.status == 0 {
		rec.status = status
	}
}

// Write implements http.ResponseWriter.
func (rec *recorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.body.Write(b)
}

// header copies the recorded headers to w with a Content-Length of n.
func (rec *recorder) header(w http.ResponseWriter, n int) {
	h := w.Header()
	for k, v := range rec.hdr {
		h[k] = v
	}
	h.Set("Content-Length", strconv.Itoa(n))
}

// send writes the recorded answer to w with body instead of its own.
func (rec *recorder) send(w http.ResponseWriter, body []byte) {
	rec.header(w, len(body))
	w.WriteHeader(rec.status)
	w.Write(body)
}

// raw renders the recorded answer as HTTP/1.1 bytes.
func (rec *recorder) raw() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", rec.status, http.StatusText(rec.status))
	h := rec.hdr.Clone()
	h.Set("Content-Length", strconv.Itoa(rec.body.Len()))
	_ = h.Write(&b)
	b.WriteString("\r\n")
	b.Write(rec.body.Bytes())
	return b.Bytes()
}
