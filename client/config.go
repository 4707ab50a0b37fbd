package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/casewatch/casewatch/api"
)

// TokenEnv is the environment variable that holds the bearer token when no
// token file is configured.
const TokenEnv = "CASEWATCH_TOKEN"

// Defaults of Config.
const (
	DefaultTimeout      = 10 * time.Second
	DefaultDeadline     = 30 * time.Second
	DefaultRetries      = 2
	DefaultRetryWait    = 250 * time.Millisecond
	DefaultRetryMaxWait = 2 * time.Second
	DefaultBodyLimit    = 32 << 20
	DefaultCacheEntries = 512
)

// Config configures a Client. The zero value of every field but BaseURL
// means its default.
//
// The bearer token is never a field: it is read from TokenFile or, when
// that is empty, from the environment variable CASEWATCH_TOKEN, so it never
// appears on a command line. It is not logged and no error message
// contains it.
type Config struct {
	// BaseURL is where the case system is served, e.g.
	// "http://127.0.0.1:8470"; api.BasePath ("/api/v1") is appended unless
	// the URL already ends with it.
	BaseURL string
	// TokenFile is a file holding the bearer token (surrounding white space
	// is trimmed). When empty, CASEWATCH_TOKEN is used; when that is empty
	// too, requests carry no Authorization header.
	TokenFile string
	// CAFile is a PEM file of CA certificates to trust for https, instead of
	// the system pool (intranet TLS).
	CAFile string
	// CertFile and KeyFile are a PEM client certificate and its key, for
	// servers that ask for one. Both or neither.
	CertFile, KeyFile string
	// Timeout bounds each attempt, body read included (default 10 s).
	Timeout time.Duration
	// Deadline bounds a whole call, retries included (default 30 s).
	Deadline time.Duration
	// Retries is the number of retries after a first failed attempt, on
	// transport errors, 5xx, 408 and 429 (default 2; negative for none).
	Retries int
	// RetryWait and RetryMaxWait are the base and the cap of the exponential
	// backoff with jitter between attempts of one call (defaults 250 ms and
	// 2 s). A Retry-After up to RetryMaxWait is honoured within the call; a
	// longer one ends the call with an *Error carrying RetryAfter, so that the
	// poller waits instead of the call.
	RetryWait, RetryMaxWait time.Duration
	// BodyLimit caps a response body in bytes, after decompression (default
	// 32 MiB). A larger body fails with KindTooLarge.
	BodyLimit int64
	// CacheEntries bounds the conditional-GET cache (ETag and decoded value
	// per URL; default 512, negative to disable).
	CacheEntries int
	// UserAgent is sent with every request (default "casewatch").
	UserAgent string
	// WrapTransport, when set, wraps the HTTP transport (tests use it to
	// validate every exchange against the OpenAPI document).
	WrapTransport func(http.RoundTripper) http.RoundTripper
}

// withDefaults returns c with defaults applied.
func (c Config) withDefaults() Config {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Deadline <= 0 {
		c.Deadline = DefaultDeadline
	}
	switch {
	case c.Retries == 0:
		c.Retries = DefaultRetries
	case c.Retries < 0:
		c.Retries = 0
	}
	if c.RetryWait <= 0 {
		c.RetryWait = DefaultRetryWait
	}
	if c.RetryMaxWait <= 0 {
		c.RetryMaxWait = DefaultRetryMaxWait
	}
	if c.RetryMaxWait < c.RetryWait {
		c.RetryMaxWait = c.RetryWait
	}
	if c.BodyLimit <= 0 {
		c.BodyLimit = DefaultBodyLimit
	}
	if c.CacheEntries == 0 {
		c.CacheEntries = DefaultCacheEntries
	}
	if c.UserAgent == "" {
		c.UserAgent = "casewatch"
	}
	return c
}

// parseBase validates BaseURL and returns the API root and the origin
// (scheme://host) used in messages.
func parseBase(raw string) (root, origin string, err error) {
	if raw == "" {
		return "", "", configError("no case-system URL configured")
	}
	u, perr := url.Parse(raw)
	if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", configError("case-system URL %q is not an http(s) URL", raw)
	}
	if u.User != nil {
		return "", "", configError("case-system URL must not carry credentials; use %s or a token file", TokenEnv)
	}
	u.RawQuery, u.Fragment = "", ""
	p := strings.TrimRight(u.Path, "/")
	if !strings.HasSuffix(p, api.BasePath) {
		p += api.BasePath
	}
	u.Path = p
	u.RawPath = ""
	return u.String(), u.Scheme + "://" + u.Host, nil
}

// secret holds the token; it never prints.
type secret string

// String hides the token.
func (secret) String() string { return "[redacted]" }

// GoString hides the token.
func (secret) GoString() string { return "[redacted]" }

// loadToken reads the token from the file or the environment.
func loadToken(file string) (secret, error) {
	if file == "" {
		return secret(strings.TrimSpace(os.Getenv(TokenEnv))), nil
	}
	if err := checkSecretMode(file); err != nil {
		return "", err
	}
	b, err := os.ReadFile(file)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return "", configError("cannot read token file %s: %v", file, err)
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", configError("token file %s is empty", file)
	}
	if strings.ContainsAny(t, "\r\n\x00") {
		return "", configError("token file %s holds more than one line", file)
	}
	return secret(t), nil
}

// checkSecretMode refuses a token file that group or others may read or
// write, as ssh refuses such a private key: the token is the user's
// identity at the case system. (A symbolic link is followed: the mode of
// the file it names counts.) Windows has no such mode bits.
func checkSecretMode(file string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	fi, err := os.Stat(file)
	if err != nil {
		return configError("cannot read token file %s: %v", file, unwrapPath(err))
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return configError("token file %s is accessible by group or others (mode %04o); refused, as ssh refuses such a key: run chmod 600 %s",
			file, perm, file)
	}
	return nil
}

// tlsConfig builds the TLS settings from the CA and client-certificate files.
func tlsConfig(c Config) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, configError("cannot read CA file %s: %v", c.CAFile, unwrapPath(err))
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, configError("CA file %s holds no PEM certificate", c.CAFile)
		}
		tc.RootCAs = pool
	}
	if (c.CertFile == "") != (c.KeyFile == "") {
		return nil, configError("a client certificate needs both a certificate file and a key file")
	}
	if c.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
		if err != nil {
			return nil, configError("cannot load client certificate %s: %v", c.CertFile, unwrapPath(err))
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
