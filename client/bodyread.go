package client

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"
)

// bodyTransport reads every body in full within the attempt, so that a
// body cut short, reset or too slow fails the attempt as a transport error,
// which resty retries. (resty's own reading grows its buffer from 512 bytes
// in 512-byte reads: about 50 MB of garbage for a 9 MB page of alerts.)
//
// Memory stays bounded whatever the server sends:
//   - a body announcing more than the limit fails before a byte is read;
//   - a body of unknown length is read into pooled chunks of chunkSize
//     through a reader that stops one byte past the limit, and fails there:
//     nothing is allocated beyond the limit, no buffer doubles and is
//     copied, and the chunks of a failed read go back to the pool;
//   - past bigBody bytes (announced or read so far), a read must hold the
//     transport's one "big body" token, so concurrent requests never hold
//     more than one large body at a time (the limit, plus bigBody for each
//     other request in flight).
//
// It also bounds each attempt with the per-attempt timeout, through the
// request's context rather than http.Client.Timeout, whose body wrapper
// would hide the buffer.
type bodyTransport struct {
	base    http.RoundTripper
	limit   int64
	timeout time.Duration
	bigBody int64
	big     chan struct{} // the big-body token: a semaphore of one
}

// chunkSize is the unit of reading a body of unknown length.
const chunkSize = 64 << 10

// defaultBigBody is the size past which a body needs the big-body token:
// above any page of alerts (about 0.9 MB for 1,000).
const defaultBigBody = 4 << 20

var chunkPool = sync.Pool{New: func() any { return new([chunkSize]byte) }}

func newBodyTransport(base http.RoundTripper, limit int64, timeout time.Duration) *bodyTransport {
	return &bodyTransport{base: base, limit: limit, timeout: timeout,
		bigBody: min(limit, defaultBigBody), big: make(chan struct{}, 1)}
}

// memBody is a body already read.
type memBody struct {
	*bytes.Reader
	b []byte
}

// Close implements io.Closer.
func (*memBody) Close() error { return nil }

// RoundTrip implements http.RoundTripper.
func (t *bodyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeoutCause(req.Context(), t.timeout, errAttemptTimeout)
	defer cancel()
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.ContentLength > t.limit {
		return nil, errBodyTooLarge
	}
	b, err := t.read(ctx, resp.Body, resp.ContentLength)
	if err != nil {
		if ctx.Err() != nil && errors.Is(context.Cause(ctx), errAttemptTimeout) {
			return nil, errAttemptTimeout
		}
		return nil, err
	}
	resp.Body = &memBody{Reader: bytes.NewReader(b), b: b}
	return resp, nil
}

// read reads a body of n bytes (n < 0: unknown) within the limit.
func (t *bodyTransport) read(ctx context.Context, r io.Reader, n int64) ([]byte, error) {
	if n >= 0 {
		if n > t.bigBody {
			release, err := t.acquireBig(ctx)
			if err != nil {
				return nil, err
			}
			defer release()
		}
		b := make([]byte, n)
		_, err := io.ReadFull(r, b)
		return b, err
	}
	r = io.LimitReader(r, t.limit+1)
	var (
		chunks []*[chunkSize]byte
		total  int64
	)
	defer func() {
		for _, c := range chunks {
			chunkPool.Put(c)
		}
	}()
	release, held := func() {}, false
	defer func() { release() }()
	for {
		if !held && total >= t.bigBody {
			var err error
			if release, err = t.acquireBig(ctx); err != nil {
				return nil, err
			}
			held = true
		}
		if total == int64(len(chunks))*chunkSize {
			chunks = append(chunks, chunkPool.Get().(*[chunkSize]byte))
		}
		c := chunks[len(chunks)-1]
		k, err := r.Read(c[total%chunkSize:])
		total += int64(k)
		if total > t.limit {
			return nil, errBodyTooLarge
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	b := make([]byte, total)
	for i, c := range chunks {
		copy(b[i*chunkSize:], c[:])
	}
	return b, nil
}

// acquireBig waits for the big-body token; release gives it back.
func (t *bodyTransport) acquireBig(ctx context.Context) (release func(), err error) {
	select {
	case t.big <- struct{}{}:
		return func() { <-t.big }, nil
	case <-ctx.Done():
		return func() {}, context.Cause(ctx)
	}
}

// CloseIdleConnections closes the idle connections of the transport below.
func (t *bodyTransport) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
