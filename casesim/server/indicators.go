package server

import (
	"net/http"
	"time"
)

// indicators serves GET /indicators (unit defaults to the root).
func (h *handler) indicators(r *http.Request, now time.Time) (any, error) {
	q := r.URL.Query()
	unit, err := h.unitParam(q, "unit", h.st.RootUnitID())
	if err != nil {
		return nil, err
	}
	period, err := periodParam(q)
	if err != nil {
		return nil, err
	}
	return h.st.Indicators(r.Context(), unit, period, now)
}

// ranking serves GET /indicators/{id}/ranking.
func (h *handler) ranking(r *http.Request, now time.Time) (any, error) {
	q := r.URL.Query()
	period, err := periodParam(q)
	if err != nil {
		return nil, err
	}
	parent, err := h.unitParam(q, "parent", "")
	if err != nil {
		return nil, err
	}
	return h.st.Ranking(r.Context(), r.PathValue("id"), period, parent, now)
}
