package server

import (
	"net/http"
	"net/url"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/store"
)

// indicators serves GET /indicators (unit defaults to the root).
func (h *handler) indicators(r *http.Request, now time.Time) (any, error) {
	unit, period, err := h.indicatorParams(r)
	if err != nil {
		return nil, err
	}
	return h.st.Indicators(r.Context(), unit, period, now)
}

// indicatorParams returns the unit (default the root) and the period of
// an indicators request.
func (h *handler) indicatorParams(r *http.Request) (unit, period string, err error) {
	q := r.URL.Query()
	if unit, err = h.unitParam(q, "unit", h.st.RootUnitID()); err != nil {
		return "", "", err
	}
	if period, err = indicatorPeriodParam(q); err != nil {
		return "", "", err
	}
	return unit, period, nil
}

// indicatorSets serves GET /indicator-sets: GET /indicators's answer for
// every unit of the subtree of unit (default the root), parents before
// children.
func (h *handler) indicatorSets(r *http.Request, now time.Time) (any, error) {
	unit, period, err := h.indicatorParams(r)
	if err != nil {
		return nil, err
	}
	ids := h.st.Subtree(unit)
	out := api.IndicatorSets{UnitID: unit, AsOf: now, Sets: make([]api.IndicatorSet, 0, len(ids))}
	for _, id := range ids {
		set, err := h.st.Indicators(r.Context(), id, period, now)
		if err != nil {
			return nil, err
		}
		out.Sets = append(out.Sets, set)
	}
	return out, nil
}

// ranking serves GET /indicators/{id}/ranking.
func (h *handler) ranking(r *http.Request, now time.Time) (any, error) {
	q := r.URL.Query()
	period, err := indicatorPeriodParam(q)
	if err != nil {
		return nil, err
	}
	parent, err := h.unitParam(q, "parent", "")
	if err != nil {
		return nil, err
	}
	return h.st.Ranking(r.Context(), r.PathValue("id"), period, parent, now)
}

// indicatorPeriodParam returns the period of an indicator request:
// YYYY-MM, YYYY-MM-mtd or YYYY-ytd ("" for the default, the last complete
// month).
func indicatorPeriodParam(q url.Values) (string, error) {
	s := q.Get("period")
	if s == "" {
		return "", nil
	}
	m := store.IndicatorPeriodRE.FindStringSubmatch(s)
	if len(s) > 11 || m == nil || (m[2] != "" && (m[2] < "01" || m[2] > "12")) {
		return "", badParam("period", "period %q is not YYYY-MM, YYYY-MM-mtd or YYYY-ytd", s)
	}
	return s, nil
}
