package client

import (
	"context"
	"strings"

	"github.com/go-resty/resty/v2"
)

// timeoutObserverKey is the context key of a timeout observer.
type timeoutObserverKey struct{}

// withTimeoutObserver returns ctx carrying f: the client calls f with the
// error of each attempt of a call made with ctx that runs out of its
// per-attempt timeout, at once, while the call goes on (retries, then its
// result). A caller can thus say "timed out" one timeout after a server
// stopped answering rather than at the end of every retry.
func withTimeoutObserver(ctx context.Context, f func(*Error)) context.Context {
	return context.WithValue(ctx, timeoutObserverKey{}, f)
}

// retryHook is resty's hook after a failed attempt; it tells the call's
// timeout observer, if any, of an attempt that timed out.
func (c *Client) retryHook(resp *resty.Response, err error) {
	if err == nil || resp == nil || resp.Request == nil || resp.Request.Attempt > c.cfg.Retries {
		return // the last attempt: the call's result follows at once
	}
	ctx := resp.Request.Context()
	f, _ := ctx.Value(timeoutObserverKey{}).(func(*Error))
	if f == nil {
		return
	}
	path, _, _ := strings.Cut(strings.TrimPrefix(resp.Request.URL, c.root), "?")
	if e := c.transportError(ctx, path, err); e.Kind == KindTimeout {
		f(e)
	}
}
