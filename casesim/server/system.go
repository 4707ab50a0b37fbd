package server

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/sim"
)

// health serves GET /health; its ETag hashes the body.
func (h *handler) health(w http.ResponseWriter, r *http.Request) {
	var body api.Health
	if h.opts.Health != nil {
		body = h.opts.Health()
	} else {
		now := h.now()
		body = api.Health{Status: "ok", Version: api.Version, ServerTime: time.Now().In(sim.Zone),
			SimTime: now, SimSpeed: 1, DataAsOf: now, Demo: true}
	}
	b, err := json.Marshal(body)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := fnv.New64a()
	f.Write(b)
	tag := fmt.Sprintf(`W/"h-%x"`, f.Sum64())
	w.Header().Set("ETag", tag)
	w.Header().Set("Cache-Control", "no-cache")
	if etagMatches(r.Header.Get("If-None-Match"), tag) {
		addVary(w.Header())
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeBody(w, r, http.StatusOK, "application/json", append(b, '\n'))
}

// units serves GET /units.
func (h *handler) units(r *http.Request, now time.Time) (any, error) {
	return api.UnitList{Units: h.st.Units()}, nil
}
