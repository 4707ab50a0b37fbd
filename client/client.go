// Package client is casewatch's typed client of the case-system API
// (api/openapi.yaml), and the poller that keeps a dashboard current with it.
//
// The Client (New) has one method per endpoint, on go-resty/resty/v2, with:
// a bearer token from a token file or CASEWATCH_TOKEN; intranet TLS (CA
// file, client certificate); a per-attempt timeout and an overall deadline;
// retries with exponential backoff and jitter on transport errors, 5xx, 408
// and 429, honouring Retry-After; a response-body limit; conditional GETs
// (each URL's ETag is remembered, and a 304 hands back the previous value
// without decoding anything); and one sanitiser (package sanitize) applied
// to every string of every answer as it is decoded, with the codes and ids
// of every record validated. One bad record rejects the whole answer: the
// caller keeps its last good data and the error names the record.
//
// AlertSync keeps a local copy of the active alerts by delta sync. Outbox
// is the durable queue of acknowledgements. Poller ties them together: it
// polls every data set on its own interval with its own backoff and
// publishes immutable State values to any number of subscribers.
package client

import (
	"container/list"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/casewatch/casewatch/client/sanitize"
)

// Client calls the case-system API. It is safe for concurrent use. Values
// it returns may be shared with its cache and with other callers: treat
// them as read-only.
type Client struct {
	cfg    Config
	root   string // BaseURL + /api/v1, no trailing slash
	origin string // scheme://host, for messages
	rc     *resty.Client
	hc     *http.Client
	cache  *etagCache
}

// New builds a Client from cfg. It reads the token and TLS files at once,
// so a misconfiguration is reported here (as an *Error of KindConfig).
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	root, origin, err := parseBase(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	token, err := loadToken(cfg.TokenFile)
	if err != nil {
		return nil, err
	}
	tc, err := tlsConfig(cfg)
	if err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = tc
	tr.MaxIdleConnsPerHost = 8
	var rt http.RoundTripper = tr
	if cfg.WrapTransport != nil {
		rt = cfg.WrapTransport(rt)
	}
	rt = newBodyTransport(rt, cfg.BodyLimit, cfg.Timeout)
	hc := &http.Client{Transport: rt}

	c := &Client{cfg: cfg, root: root, origin: origin, hc: hc}
	if cfg.CacheEntries > 0 {
		c.cache = newETagCache(cfg.CacheEntries)
	}
	rc := resty.NewWithClient(hc).
		SetLogger(discardLogger{}).
		SetDisableWarn(true).
		SetHeader("User-Agent", cfg.UserAgent).
		SetRetryCount(cfg.Retries).
		SetRetryWaitTime(cfg.RetryWait).
		SetRetryMaxWaitTime(cfg.RetryMaxWait).
		SetRetryAfter(c.retryAfter).
		// AddRetryCondition replaces resty's default condition, so this
		// one decides for transport errors too.
		AddRetryCondition(retryCondition).
		AddRetryHook(c.retryHook) // timeouts reported as they happen (attempts.go)
	if token != "" {
		rc.SetAuthToken(string(token))
	}
	c.rc = rc
	return c, nil
}

// BaseURL returns the API root the client calls (BaseURL + /api/v1).
func (c *Client) BaseURL() string { return c.root }

// Close releases idle connections.
func (c *Client) Close() { c.hc.CloseIdleConnections() }

// retryCondition decides whether resty tries again within one call.
func retryCondition(resp *resty.Response, err error) bool {
	if err != nil {
		return retryableErr(err)
	}
	if resp == nil || resp.RawResponse == nil {
		return false
	}
	return transientStatus(resp.StatusCode())
}

// retryableErr reports whether a transport error may go away on its own.
func retryableErr(err error) bool {
	switch {
	case errors.Is(err, context.Canceled),
		errors.Is(err, resty.ErrResponseBodyTooLarge),
		errors.Is(err, errBodyTooLarge),
		errors.Is(err, errRetryLater):
		return false
	}
	var e *Error
	if errors.As(err, &e) { // TLS or other classified failures
		return e.Temporary()
	}
	if isCertError(err) {
		return false
	}
	return true
}

// retryAfter makes resty honour Retry-After (it does not by itself). A
// pause longer than RetryMaxWait ends the call instead: the caller waits.
func (c *Client) retryAfter(_ *resty.Client, resp *resty.Response) (time.Duration, error) {
	if resp == nil || resp.RawResponse == nil {
		return 0, nil
	}
	d := parseRetryAfter(resp.Header().Get("Retry-After"), time.Now())
	if d <= 0 {
		return 0, nil
	}
	if d > c.cfg.RetryMaxWait {
		return 0, errRetryLater
	}
	return d, nil
}

// maxRetryAfter bounds what a server may ask for.
const maxRetryAfter = time.Hour

// parseRetryAfter reads delay-seconds or an HTTP date; 0 when absent or bad.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
		if d <= 0 {
			return 0
		}
		d = d.Round(time.Second)
	} else {
		return 0
	}
	return min(d, maxRetryAfter)
}

// call is one request description.
type call struct {
	method string
	path   string // e.g. "/alerts"; escaped ids included
	query  url.Values
	header map[string]string
	body   []byte
	etag   string // If-None-Match
}

// answer is a complete HTTP answer, its body read in full.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// exchange performs one call, retries included, and returns the answer of
// any status; transport failures come back as *Error.
func (c *Client) exchange(ctx context.Context, cl call) (*answer, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Deadline)
	defer cancel()
	// The body is read by bodyTransport, inside the attempt (so that a body
	// cut short is retried like any transport error), within the body limit
	// (bodyread.go); resty must not copy it again.
	req := c.rc.R().SetContext(ctx).SetDoNotParseResponse(true).SetHeader("Accept", "application/json")
	if len(cl.query) > 0 {
		req.SetQueryParamsFromValues(cl.query)
	}
	for k, v := range cl.header {
		req.SetHeader(k, v)
	}
	if cl.etag != "" {
		req.SetHeader("If-None-Match", cl.etag)
	}
	if cl.body != nil {
		req.SetHeader("Content-Type", "application/json").SetBody(cl.body)
	}
	resp, err := req.Execute(cl.method, c.root+cl.path)
	var raw *http.Response
	if resp != nil {
		raw = resp.RawResponse
	}
	if err != nil && !(errors.Is(err, errRetryLater) && raw != nil) {
		if raw != nil {
			raw.Body.Close()
		}
		return nil, c.transportError(ctx, cl.path, err)
	}
	if raw == nil {
		return nil, c.transportError(ctx, cl.path, errors.New("no response"))
	}
	return &answer{status: raw.StatusCode, header: raw.Header, body: readAnswer(raw.Body)}, nil
}

// readAnswer takes the body bodyTransport read.
func readAnswer(rc io.ReadCloser) []byte {
	defer rc.Close()
	if m, ok := rc.(*memBody); ok {
		return m.b
	}
	b, _ := io.ReadAll(rc)
	return b
}

// get performs a GET and decodes a 200 with dec. With conditional set, the
// URL's ETag is remembered and a 304 returns the cached value; fresh
// reports whether the value was decoded from a new body.
func get[T any](ctx context.Context, c *Client, path string, q url.Values, conditional bool, dec func(body []byte) (*T, error)) (v *T, fresh bool, err error) {
	var key string
	var prev *cacheEntry
	if conditional && c.cache != nil {
		key = cacheKey(path, q)
		prev = c.cache.get(key)
	}
	cl := call{method: http.MethodGet, path: path, query: q}
	if prev != nil {
		cl.etag = prev.etag
	}
	ans, err := c.exchange(ctx, cl)
	if err != nil {
		return nil, false, err
	}
	switch ans.status {
	case http.StatusNotModified:
		if prev == nil {
			return nil, false, bodyError(path, "unexpected 304 Not Modified from %s", path)
		}
		if pv, ok := prev.value.(*T); ok {
			c.cache.touch(key)
			return pv, false, nil
		}
		return nil, false, bodyError(path, "unexpected 304 Not Modified from %s", path)
	case http.StatusOK:
		body, err := jsonBody(path, ans)
		if err != nil {
			return nil, false, err
		}
		v, err := dec(body)
		if err != nil {
			return nil, false, decodeError(path, body, err)
		}
		if key != "" {
			if etag := ans.header.Get("ETag"); etag != "" && len(etag) <= 256 {
				c.cache.put(key, etag, v)
			} else {
				c.cache.drop(key)
			}
		}
		return v, true, nil
	default:
		return nil, false, answerError(path, ans)
	}
}

// jsonBody checks the content type and emptiness of a 2xx body.
func jsonBody(path string, ans *answer) ([]byte, error) {
	ct := ans.header.Get("Content-Type")
	if !isJSONType(ct) {
		if ct == "" {
			ct = "(none)"
		}
		return nil, bodyError(path, "unexpected content type %s from %s", shortCT(ct), path)
	}
	if len(ans.body) == 0 {
		return nil, bodyError(path, "empty body from %s", path)
	}
	return ans.body, nil
}

func isJSONType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}

// shortCT is the media type without parameters, made safe to show.
func shortCT(ct string) string {
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		ct = mt
	}
	return sanitize.Line(ct, 60)
}

// answerError builds the *Error of a non-2xx answer.
func answerError(path string, ans *answer) *Error {
	var ra time.Duration
	if transientStatus(ans.status) {
		ra = parseRetryAfter(ans.header.Get("Retry-After"), time.Now())
	}
	return statusError(path, ans.status, ra, decodeProblem(ans.header.Get("Content-Type"), ans.body))
}

func cacheKey(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// discardLogger silences resty, which would otherwise write warnings into
// the terminal the dashboard draws on.
type discardLogger struct{}

// Errorf discards.
func (discardLogger) Errorf(string, ...any) {}

// Warnf discards.
func (discardLogger) Warnf(string, ...any) {}

// Debugf discards.
func (discardLogger) Debugf(string, ...any) {}

// cacheEntry is one remembered answer.
type cacheEntry struct {
	key   string
	etag  string
	value any
}

// etagCache is a small LRU of conditional-GET answers.
type etagCache struct {
	mu    sync.Mutex
	max   int
	ll    *list.List
	items map[string]*list.Element
}

func newETagCache(maxN int) *etagCache {
	return &etagCache{max: maxN, ll: list.New(), items: make(map[string]*list.Element)}
}

func (c *etagCache) get(key string) *cacheEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		return el.Value.(*cacheEntry)
	}
	return nil
}

func (c *etagCache) touch(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.ll.MoveToFront(el)
	}
}

func (c *etagCache) put(key, etag string, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := &cacheEntry{key: key, etag: etag, value: v}
	if el, ok := c.items[key]; ok {
		el.Value = e
		c.ll.MoveToFront(el)
		return
	}
	c.items[key] = c.ll.PushFront(e)
	for c.ll.Len() > c.max {
		old := c.ll.Back()
		c.ll.Remove(old)
		delete(c.items, old.Value.(*cacheEntry).key)
	}
}

func (c *etagCache) drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.ll.Remove(el)
		delete(c.items, key)
	}
}
