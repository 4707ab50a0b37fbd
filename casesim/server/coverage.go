package server

import (
	"net/http"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/store"
)

// coverage serves GET /coverage (unit defaults to the root, period to the
// last complete month).
func (h *handler) coverage(r *http.Request, now time.Time) (any, error) {
	cq, err := h.coverageParams(r)
	if err != nil {
		return nil, err
	}
	return h.st.Coverage(r.Context(), cq, now)
}

// coverageParams returns the query of a coverage request: the unit
// (default the root), the grouping and the period.
func (h *handler) coverageParams(r *http.Request) (store.CoverageQuery, error) {
	q := r.URL.Query()
	var cq store.CoverageQuery
	var err error
	if cq.Unit, err = h.unitParam(q, "unit", h.st.RootUnitID()); err != nil {
		return cq, err
	}
	if cq.By, err = enumParam(q, "by", store.ByDepartment, store.ByDepartment, store.ByPerson); err != nil {
		return cq, err
	}
	if cq.Period, err = textParam(q, "period", 16); err != nil {
		return cq, err
	}
	return cq, nil
}

// coverageSets serves GET /coverage-sets: GET /coverage's answer for every
// unit of the subtree of unit (default the root), parents before children.
func (h *handler) coverageSets(r *http.Request, now time.Time) (any, error) {
	cq, err := h.coverageParams(r)
	if err != nil {
		return nil, err
	}
	root := cq.Unit
	ids := h.st.Subtree(root)
	out := api.CoverageSets{UnitID: root, By: cq.By, AsOf: now, Sets: make([]api.Coverage, 0, len(ids))}
	for _, id := range ids {
		cq.Unit = id
		c, err := h.st.Coverage(r.Context(), cq, now)
		if err != nil {
			return nil, err
		}
		out.Sets = append(out.Sets, c)
	}
	return out, nil
}

// decisions serves GET /decisions.
func (h *handler) decisions(r *http.Request, now time.Time) (any, error) {
	q := r.URL.Query()
	var dq store.DecisionQuery
	var err error
	if dq.Unit, err = h.unitParam(q, "unit", ""); err != nil {
		return nil, err
	}
	if dq.Verdict, err = enumParam(q, "verdict", "", api.VerdictWithin, api.VerdictOver, api.VerdictUncovered); err != nil {
		return nil, err
	}
	if dq.Limit, err = limitParam(q, DecisionsDefaultLimit, DecisionsMaxLimit); err != nil {
		return nil, err
	}
	if dq.Period, err = textParam(q, "period", 16); err != nil {
		return nil, err
	}
	dq.Dept, dq.Person, dq.Power, dq.Kind, dq.Cursor = q.Get("dept"), q.Get("person"), q.Get("power"), q.Get("kind"), q.Get("cursor")
	return h.st.Decisions(r.Context(), dq, now)
}
