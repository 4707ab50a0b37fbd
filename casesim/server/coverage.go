package server

import (
	"net/http"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/store"
)

// coverage serves GET /coverage (unit defaults to the root).
func (h *handler) coverage(r *http.Request, now time.Time) (any, error) {
	q := r.URL.Query()
	unit, err := h.unitParam(q, "unit", h.st.RootUnitID())
	if err != nil {
		return nil, err
	}
	by, err := enumParam(q, "by", store.ByDepartment, store.ByDepartment, store.ByPerson)
	if err != nil {
		return nil, err
	}
	return h.st.Coverage(r.Context(), unit, by, now)
}

// decisions serves GET /decisions.
func (h *handler) decisions(r *http.Request, now time.Time) (any, error) {
	q := r.URL.Query()
	var dq store.DecisionQuery
	var err error
	if dq.Unit, err = h.unitParam(q, "unit", ""); err != nil {
		return nil, err
	}
	if dq.Verdict, err = enumParam(q, "verdict", "", api.VerdictWithin, api.VerdictOver, api.VerdictUncovered, "gap"); err != nil {
		return nil, err
	}
	if dq.Limit, err = limitParam(q, DecisionsDefaultLimit, DecisionsMaxLimit); err != nil {
		return nil, err
	}
	dq.Dept, dq.Person, dq.Power, dq.Cursor = q.Get("dept"), q.Get("person"), q.Get("power"), q.Get("cursor")
	return h.st.Decisions(r.Context(), dq, now)
}
