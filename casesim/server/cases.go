package server

import (
	"net/http"
	"time"

	"github.com/casewatch/casewatch/casesim/store"
)

// cases serves GET /cases.
func (h *handler) cases(r *http.Request, now time.Time) (any, error) {
	q := r.URL.Query()
	var cq store.CaseQuery
	var err error
	if cq.Unit, err = h.unitParam(q, "unit", ""); err != nil {
		return nil, err
	}
	if cq.Q, err = textParam(q, "q", 100); err != nil {
		return nil, err
	}
	if cq.Matter, err = textParam(q, "matter", 100); err != nil {
		return nil, err
	}
	if cq.Limit, err = limitParam(q, CasesDefaultLimit, CasesMaxLimit); err != nil {
		return nil, err
	}
	cq.Cursor = q.Get("cursor")
	return h.st.ListCases(r.Context(), cq, now)
}

// caseByID serves GET /cases/{id}.
func (h *handler) caseByID(r *http.Request, now time.Time) (any, error) {
	return h.st.Case(r.Context(), r.PathValue("id"), now)
}
