package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/store"
)

// problemError is an error that becomes a problem+json answer.
type problemError struct {
	status int
	param  string
	id     string
	detail string
}

// Error implements error.
func (e *problemError) Error() string { return e.detail }

// badParam is a 400 naming the parameter.
func badParam(param, format string, args ...any) error {
	return &problemError{status: http.StatusBadRequest, param: param, detail: fmt.Sprintf(format, args...)}
}

// notFound is a 404 naming the id (and the parameter that carried it, if
// any).
func notFound(param, id, format string, args ...any) error {
	return &problemError{status: http.StatusNotFound, param: param, id: id, detail: fmt.Sprintf(format, args...)}
}

// paramOfNotFound names the parameter that carries an id of a kind, for the
// store's NotFoundErrors ("" for the path id).
var paramOfNotFound = map[string]string{
	"unit":          "unit",
	"period":        "period",
	"department":    "dept",
	"person":        "person",
	"power":         "power",
	"decision kind": "kind",
}

// toProblem maps an error to its problem document.
func toProblem(err error) api.Problem {
	var (
		pe *problemError
		nf *store.NotFoundError
		bp *store.ParamError
		gn *store.GoneError
		cf *store.ConflictError
	)
	p := api.Problem{Type: "about:blank"}
	switch {
	case errors.As(err, &pe):
		p.Status, p.Param, p.ID, p.Detail = pe.status, pe.param, pe.id, pe.detail
	case errors.As(err, &nf):
		p.Status, p.Param, p.ID = http.StatusNotFound, paramOfNotFound[nf.What], nf.ID
		p.Detail = fmt.Sprintf("no %s %q", nf.What, nf.ID)
	case errors.As(err, &bp):
		p.Status, p.Param, p.Detail = http.StatusBadRequest, bp.Param, bp.Param+": "+bp.Reason
	case errors.As(err, &gn):
		p.Status, p.Param, p.Detail = http.StatusGone, gn.Param, gn.Param+": "+gn.Reason
	case errors.As(err, &cf):
		p.Status, p.ID, p.Detail = http.StatusConflict, cf.ID, cf.ID+": "+cf.Reason
	default:
		p.Status, p.Detail = http.StatusInternalServerError, "internal error"
	}
	p.Title = http.StatusText(p.Status)
	return p
}

// fail answers err as problem+json; internal errors are logged.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := toProblem(err)
	if p.Status == http.StatusInternalServerError && r.Context().Err() == nil {
		// (A client that went away cancels the request's context: nobody
		// reads that answer, and it is no fault of the server's.)
		h.opts.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeProblem(w, r, p)
}

// writeProblem sends a problem document.
func writeProblem(w http.ResponseWriter, r *http.Request, p api.Problem) {
	if p.Instance == "" {
		p.Instance = r.URL.Path
	}
	if p.Type == "" {
		p.Type = "about:blank"
	}
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	w.Header().Del("ETag")
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, p.Status, "application/problem+json", p)
}
