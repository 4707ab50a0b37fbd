package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client/sanitize"
)

// Kind classifies an *Error.
type Kind int

// The kinds of error a call can end with.
const (
	// KindNetwork: the server could not be reached or the connection broke
	// (refused, reset, closed mid-body, DNS, TLS).
	KindNetwork Kind = iota + 1
	// KindTimeout: an attempt or the overall deadline ran out.
	KindTimeout
	// KindStatus: the server answered with an unexpected HTTP status; see
	// Status, RetryAfter and Problem.
	KindStatus
	// KindTooLarge: the body exceeds Config.BodyLimit.
	KindTooLarge
	// KindBody: the body is empty, of the wrong content type, or not valid
	// JSON (malformed or truncated).
	KindBody
	// KindInvalid: the body is valid JSON but a record breaks the contract
	// (an unknown code, a missing id); the message names the record.
	KindInvalid
	// KindCanceled: the caller's context was canceled.
	KindCanceled
	// KindConfig: the client is misconfigured (token file, CA file, URL).
	KindConfig
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindNetwork:
		return "network"
	case KindTimeout:
		return "timeout"
	case KindStatus:
		return "status"
	case KindTooLarge:
		return "too-large"
	case KindBody:
		return "body"
	case KindInvalid:
		return "invalid"
	case KindCanceled:
		return "canceled"
	case KindConfig:
		return "config"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Error is the error of every client call. Its message is short, human and
// specific, fit to show in the UI as it is ("connection refused
// (http://127.0.0.1:8470)", "server error 503 from /alerts, retry after
// 7s", "malformed JSON in /alerts at offset 1234"); it never contains the
// token. Use errors.As to inspect it.
type Error struct {
	// Kind classifies the failure.
	Kind Kind
	// Path is the API path of the call, without the base path and query
	// ("/alerts", "/cases/C1"); empty for configuration errors.
	Path string
	// Status is the HTTP status when the server answered, else 0.
	Status int
	// RetryAfter is the server's Retry-After, when it sent one.
	RetryAfter time.Duration
	// Problem is the server's problem document (sanitised), when it sent one.
	Problem *api.Problem
	// Offset is the byte offset of a JSON syntax error (KindBody).
	Offset int64

	msg       string
	err       error
	permanent bool // a network failure no retry cures (TLS trust)
	code      Code // set by transportError; derived from Kind otherwise
}

// Error returns the short human message.
func (e *Error) Error() string { return e.msg }

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.err }

// Temporary reports whether trying again later may succeed: network
// failures, timeouts, 5xx, 408 and 429.
func (e *Error) Temporary() bool {
	switch e.Kind {
	case KindNetwork, KindTimeout:
		return !e.permanent
	case KindStatus:
		return transientStatus(e.Status)
	}
	return false
}

// StatusOf returns the HTTP status of err if it is an *Error from an
// answered call, else 0.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// IsTemporary reports whether err is an *Error worth retrying later.
func IsTemporary(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Temporary()
}

// RetryAfterOf returns the server's Retry-After carried by err, or 0.
func RetryAfterOf(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

func transientStatus(s int) bool {
	return s >= 500 || s == http.StatusTooManyRequests || s == http.StatusRequestTimeout
}

// errBodyTooLarge is returned by the limiting transport when Content-Length
// announces a body over the limit.
var errBodyTooLarge = errors.New("response body too large")

// errAttemptTimeout ends an attempt that ran past Config.Timeout.
var errAttemptTimeout = errors.New("attempt timed out")

// errRetryLater stops resty's in-call retries when the server asks for a
// longer pause than RetryMaxWait: the caller (the poller) waits instead.
var errRetryLater = errors.New("server asked to retry later")

func configError(format string, args ...any) *Error {
	return &Error{Kind: KindConfig, msg: fmt.Sprintf(format, args...)}
}

// transportError turns an error of the HTTP exchange into an *Error; ctx
// is the call's context (with the overall deadline).
func (c *Client) transportError(ctx context.Context, path string, err error) *Error {
	e := &Error{Path: path, err: err}
	switch {
	case errors.Is(err, resty.ErrResponseBodyTooLarge) || errors.Is(err, errBodyTooLarge):
		e.Kind, e.code = KindTooLarge, CodeTooLarge
		e.msg = fmt.Sprintf("response from %s exceeds %s limit", path, sizeString(c.cfg.BodyLimit))
		return e
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.Canceled):
		e.Kind, e.code = KindCanceled, CodeCanceled
		e.msg = "canceled: " + path
		return e
	}
	var (
		netErr  net.Error
		dnsErr  *net.DNSError
		certErr *tls.CertificateVerificationError
		unkAuth x509.UnknownAuthorityError
		hostErr x509.HostnameError
		invErr  x509.CertificateInvalidError
		recErr  tls.RecordHeaderError
	)
	switch {
	case errors.Is(err, errAttemptTimeout) || errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()):
		e.Kind, e.code = KindTimeout, CodeTimeout
		if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
			e.msg = fmt.Sprintf("gave up on %s after %s", path, durString(c.cfg.Deadline))
		} else {
			e.msg = fmt.Sprintf("timed out after %s waiting for %s", durString(c.cfg.Timeout), path)
		}
	case errors.Is(err, syscall.ECONNREFUSED):
		e.Kind, e.code = KindNetwork, CodeRefused
		e.msg = fmt.Sprintf("connection refused (%s)", c.origin)
	case errors.As(err, &dnsErr):
		e.Kind, e.code = KindNetwork, CodeDNS
		e.msg = fmt.Sprintf("cannot resolve host %s", sanitize.Line(dnsErr.Name, 100))
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE):
		e.Kind, e.code = KindNetwork, CodeReset
		e.msg = fmt.Sprintf("connection reset by server (%s)", path)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		e.Kind, e.code = KindNetwork, CodeReset
		e.msg = fmt.Sprintf("connection closed mid-response (%s)", path)
	case errors.As(err, &certErr) || errors.As(err, &unkAuth) || errors.As(err, &hostErr) || errors.As(err, &invErr):
		e.Kind, e.permanent, e.code = KindNetwork, true, CodeTLS
		e.msg = fmt.Sprintf("TLS certificate not trusted (%s): %s", c.origin, shortCertReason(err))
	case errors.As(err, &recErr):
		e.Kind, e.code = KindNetwork, CodeTLS
		e.msg = fmt.Sprintf("TLS handshake failed (%s): server does not speak TLS", c.origin)
	case errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH):
		e.Kind, e.code = KindNetwork, CodeUnreachable
		e.msg = fmt.Sprintf("host unreachable (%s)", c.origin)
	case brokenHeader(err):
		// The connection broke off inside the status line or headers
		// (the bytes before the break do not parse).
		e.Kind, e.code = KindNetwork, CodeReset
		e.msg = fmt.Sprintf("answer broken off in its headers (%s): %s", path, innermost(err))
	default:
		e.Kind, e.code = KindNetwork, CodeNetwork
		e.msg = fmt.Sprintf("cannot reach %s (%s): %s", path, c.origin, innermost(err))
	}
	return e
}

// brokenHeader reports whether err is net/http's failure to parse a
// status line or header cut short (it has no error type for it).
func brokenHeader(err error) bool {
	m := err.Error()
	return strings.Contains(m, "malformed MIME header") || strings.Contains(m, "malformed HTTP")
}

// isCertError reports whether err is a TLS certificate failure, which no
// retry can cure.
func isCertError(err error) bool {
	var (
		certErr *tls.CertificateVerificationError
		unkAuth x509.UnknownAuthorityError
		hostErr x509.HostnameError
		invErr  x509.CertificateInvalidError
	)
	return errors.As(err, &certErr) || errors.As(err, &unkAuth) || errors.As(err, &hostErr) || errors.As(err, &invErr)
}

// shortCertReason is the x509 reason without the wrapping noise.
func shortCertReason(err error) string {
	var unkAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invErr x509.CertificateInvalidError
	switch {
	case errors.As(err, &unkAuth):
		return "signed by an unknown authority (set the CA file)"
	case errors.As(err, &hostErr):
		return sanitize.Line(hostErr.Error(), 200)
	case errors.As(err, &invErr):
		return sanitize.Line(invErr.Error(), 200)
	}
	return sanitize.Line(innermost(err), 200)
}

// innermost returns the message of the deepest wrapped error, which for
// url.Error and net.OpError is the part a person can act on.
func innermost(err error) string {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return sanitize.Line(err.Error(), 200)
		}
		err = u
	}
}

// statusError builds the error of a non-2xx answer.
func statusError(path string, status int, retryAfter time.Duration, p *api.Problem) *Error {
	e := &Error{Kind: KindStatus, Path: path, Status: status, RetryAfter: retryAfter, Problem: p}
	var b strings.Builder
	switch {
	case status >= 500:
		fmt.Fprintf(&b, "server error %d from %s", status, path)
	case status == http.StatusUnauthorized:
		fmt.Fprintf(&b, "unauthorized (401) from %s: check CASEWATCH_TOKEN or the token file", path)
	case status == http.StatusForbidden:
		fmt.Fprintf(&b, "forbidden (403) from %s", path)
	case status == http.StatusNotFound:
		fmt.Fprintf(&b, "not found (404): %s", path)
	case status == http.StatusConflict:
		fmt.Fprintf(&b, "conflict (409) on %s", path)
	case status == http.StatusGone:
		fmt.Fprintf(&b, "sync position expired (410) on %s", path)
	case status == http.StatusTooManyRequests:
		fmt.Fprintf(&b, "rate limited (429) by %s", path)
	default:
		fmt.Fprintf(&b, "HTTP %d from %s", status, path)
	}
	if p != nil {
		detail := p.Detail
		if detail == "" {
			detail = p.Title
		}
		if detail != "" {
			b.WriteString(": ")
			b.WriteString(sanitize.Line(detail, 160))
		}
	}
	if retryAfter > 0 {
		fmt.Fprintf(&b, ", retry after %s", durString(retryAfter))
	}
	e.msg = b.String()
	return e
}

func bodyError(path string, format string, args ...any) *Error {
	return &Error{Kind: KindBody, Path: path, msg: fmt.Sprintf(format, args...)}
}

func invalidError(path string, err error) *Error {
	return &Error{Kind: KindInvalid, Path: path, err: err, msg: fmt.Sprintf("invalid data from %s: %v", path, err)}
}

// sizeString renders a byte count the way people say it ("32 MiB").
func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// durString renders a duration without noise ("7s", "1m30s", "250ms").
func durString(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(time.Second).String()
	case d >= time.Millisecond:
		return d.Round(time.Millisecond).String()
	}
	return d.String()
}
