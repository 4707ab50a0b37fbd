package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
)

// Code names the kind of a failure for people: a user interface shows
// its translation (the TUI's i18n key "fail.<code>"), and keeps the
// English message of the error (Error.Error) as the detail.
type Code string

// The codes of CodeOf.
const (
	// Transport: the case system could not be reached or did not answer.
	CodeRefused     Code = "refused"     // connection refused: nothing listens on the port
	CodeTimeout     Code = "timeout"     // no (complete) answer within the timeout: a hanging server, a dripping body
	CodeReset       Code = "reset"       // the connection was reset or closed mid-answer
	CodeDNS         Code = "dns"         // the host name does not resolve
	CodeTLS         Code = "tls"         // certificate not trusted, or the handshake failed
	CodeUnreachable Code = "unreachable" // no route to the host or network
	CodeNetwork     Code = "network"     // any other transport failure
	// Answers: the case system answered, but not with the data.
	CodeUnavailable  Code = "unavailable"  // 503
	CodeServerError  Code = "server-error" // any other 5xx
	CodeRateLimited  Code = "rate-limited" // 429
	CodeUnauthorized Code = "unauthorized" // 401
	CodeForbidden    Code = "forbidden"    // 403
	CodeNotFound     Code = "not-found"    // 404
	CodeStatus       Code = "status"       // any other unexpected status
	CodeTooLarge     Code = "too-large"    // the body exceeds the limit
	CodeTruncated    Code = "truncated"    // the JSON ends early
	CodeMalformed    Code = "malformed"    // the JSON is not valid
	CodeBadBody      Code = "bad-body"     // empty, of the wrong type or shape
	CodeInvalid      Code = "invalid"      // a record breaks the contract
	// Neither.
	CodeCanceled Code = "canceled" // the caller gave up
	CodeConfig   Code = "config"   // the client is misconfigured
	CodeUnknown  Code = "unknown"  // not an *Error
)

// Codes lists every code CodeOf can return, for catalogs and their tests.
var Codes = []Code{
	CodeRefused, CodeTimeout, CodeReset, CodeDNS, CodeTLS, CodeUnreachable, CodeNetwork,
	CodeUnavailable, CodeServerError, CodeRateLimited, CodeUnauthorized, CodeForbidden, CodeNotFound, CodeStatus,
	CodeTooLarge, CodeTruncated, CodeMalformed, CodeBadBody, CodeInvalid,
	CodeCanceled, CodeConfig, CodeUnknown,
}

// Code classifies the error (see CodeOf).
func (e *Error) Code() Code {
	if e.code != "" {
		return e.code
	}
	switch e.Kind {
	case KindNetwork:
		return CodeNetwork
	case KindTimeout:
		return CodeTimeout
	case KindTooLarge:
		return CodeTooLarge
	case KindCanceled:
		return CodeCanceled
	case KindConfig:
		return CodeConfig
	case KindInvalid:
		return CodeInvalid
	case KindBody:
		switch {
		case strings.HasPrefix(e.msg, "truncated JSON"):
			return CodeTruncated
		case strings.HasPrefix(e.msg, "malformed JSON"):
			return CodeMalformed
		}
		return CodeBadBody
	case KindStatus:
		switch s := e.Status; {
		case s == http.StatusServiceUnavailable:
			return CodeUnavailable
		case s >= 500:
			return CodeServerError
		case s == http.StatusTooManyRequests:
			return CodeRateLimited
		case s == http.StatusUnauthorized:
			return CodeUnauthorized
		case s == http.StatusForbidden:
			return CodeForbidden
		case s == http.StatusNotFound:
			return CodeNotFound
		}
		return CodeStatus
	}
	return CodeUnknown
}

// CodeOf classifies err for people: "" for nil, CodeUnknown for an error
// that is not an *Error of this package (a context error counts as
// CodeCanceled or CodeTimeout).
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	switch {
	case errors.As(err, &e):
		return e.Code()
	case errors.Is(err, context.Canceled):
		return CodeCanceled
	case errors.Is(err, context.DeadlineExceeded):
		return CodeTimeout
	}
	return CodeUnknown
}

// Unreachable reports whether code says the case system could not be
// reached at all (as opposed to answering badly).
func (c Code) Unreachable() bool {
	switch c {
	case CodeRefused, CodeTimeout, CodeReset, CodeDNS, CodeTLS, CodeUnreachable, CodeNetwork:
		return true
	}
	return false
}

// IsUnreachable reports whether err says the case system could not be
// reached (see Code.Unreachable).
func IsUnreachable(err error) bool { return CodeOf(err).Unreachable() }
