// Package server is the HTTP API of the reference case system: the contract
// of api/openapi.yaml under /api/v1, served from a store.Store with plain
// net/http.
//
// Every GET answers with a weak ETag and honours If-None-Match with 304. The
// ETag is computed before any data is read, from the store's data version,
// the request's path and canonical query, and the hour of the simulation
// clock, so a 304 costs no query at all. Because of the hour bucket, a body
// confirmed by a 304 may carry an as_of (and days_remaining) up to one hour
// of simulation time old: clients take the simulation clock from /health,
// never from as_of. Errors are application/problem+json naming the
// offending parameter or id; bodies over 1 KiB are gzip-compressed for
// clients that accept it; request bodies are size-limited; a configured
// bearer token guards everything but /health.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/casesim/store"
)

// DefaultMaxBodyBytes is the request body limit when Options leaves it 0.
const DefaultMaxBodyBytes = 64 << 10

// Page size bounds: the default and the largest limit of each listing.
const (
	AlertsDefaultLimit    = 500
	AlertsMaxLimit        = 1000
	CasesDefaultLimit     = 50
	CasesMaxLimit         = 200
	DecisionsDefaultLimit = 100
	DecisionsMaxLimit     = 200
)

// Options configures the API.
type Options struct {
	// Clock returns the simulation time the answers are computed at (their
	// as_of); nil means time.Now.
	Clock func() time.Time
	// Health returns the body of GET /health; nil derives one from Clock
	// (speed 1, demo true).
	Health func() api.Health
	// Token, when not empty, must come as "Authorization: Bearer <token>"
	// with every request except GET /health; others get 401.
	Token string
	// MaxBodyBytes limits request bodies (413 beyond); 0 means 64 KiB.
	MaxBodyBytes int64
	// Logger receives internal errors (500s); nil discards them.
	Logger *slog.Logger
	// OnNotice, when set, is called after a notice of the case changed
	// through the API (issued, replied, closed, reopened), so the
	// simulation re-evaluates the case (R12) at once.
	OnNotice func(ctx context.Context, caseID string) error
}

// handler serves the API.
type handler struct {
	st    *store.Store
	opts  Options
	mux   *http.ServeMux
	token [32]byte // sha256 of Options.Token
}

// New returns the API handler over st. The handler serves paths under
// api.BasePath; any other path is a problem+json 404.
func New(st *store.Store, opts Options) http.Handler {
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	h := &handler{st: st, opts: opts, mux: http.NewServeMux()}
	if opts.Token != "" {
		h.token = hashToken(opts.Token)
	}
	b := api.BasePath
	h.mux.HandleFunc("GET "+b+"/health", h.health)
	h.mux.HandleFunc("GET "+b+"/units", h.cached(h.units))
	h.mux.HandleFunc("GET "+b+"/alerts", h.cached(h.alerts))
	h.mux.HandleFunc("POST "+b+"/alerts/{id}/ack", h.ack)
	h.mux.HandleFunc("GET "+b+"/indicators", h.cached(h.indicators))
	h.mux.HandleFunc("GET "+b+"/indicator-sets", h.cached(h.indicatorSets))
	h.mux.HandleFunc("GET "+b+"/indicators/{id}/ranking", h.cached(h.ranking))
	h.mux.HandleFunc("GET "+b+"/coverage", h.cached(h.coverage))
	h.mux.HandleFunc("GET "+b+"/coverage-sets", h.cached(h.coverageSets))
	h.mux.HandleFunc("GET "+b+"/decisions", h.cached(h.decisions))
	h.mux.HandleFunc("GET "+b+"/cases", h.cached(h.cases))
	h.mux.HandleFunc("GET "+b+"/cases/{id}", h.cached(h.caseByID))
	h.mux.HandleFunc("GET "+b+"/notices", h.cached(h.notices))
	h.mux.HandleFunc("POST "+b+"/notices", h.createNotice)
	h.mux.HandleFunc("GET "+b+"/notices/{id}", h.cached(h.noticeByID))
	h.mux.HandleFunc("POST "+b+"/notices/{id}/reply", h.replyNotice)
	h.mux.HandleFunc("POST "+b+"/notices/{id}/close", h.closeNotice)
	h.mux.HandleFunc("GET "+b+"/reviews", h.cached(h.reviews))
	return h.recoverer(h.auth(http.HandlerFunc(h.route)))
}

// now is the simulation time of an answer, in the simulation's zone.
func (h *handler) now() time.Time { return h.opts.Clock().In(sim.Zone) }
