package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"time"

	"github.com/casewatch/casewatch/api"
)

// The per-unit data sets of every unit in one request: GET /indicator-sets
// and GET /coverage-sets (contract 1.5.0). The poller asks them once per
// data set instead of once per unit; a server without them answers 404,
// and the poller then asks unit by unit (setsUnsupported).

// Paths of the requests for every unit at once.
const (
	pathIndicatorSets = "/indicator-sets"
	pathCoverageSets  = "/coverage-sets"
)

// unitSet is one unit's part of a sets answer: its value, or why the
// value was refused (it did not fit the contract).
type unitSet[T any] struct {
	unit string
	v    *T
	err  error
}

// unitSets is a decoded sets answer, in the server's order. A set that
// does not fit the contract is kept as its unit's error, so that the other
// units' sets are still used; one that names no unit is left out.
type unitSets[T any] struct {
	sets []unitSet[T]
}

var (
	decodeIndicatorSets = decodeSets(pathIndicatorSets, fixIndicatorSet, func(s *api.IndicatorSet) string { return s.UnitID })
	decodeCoverageSets  = decodeSets(pathCoverageSets, fixCoverage, func(c *api.Coverage) string { return c.UnitID })
)

// decodeSets returns the decoder of a sets answer whose elements are
// checked and cleaned by fix, each element on its own.
func decodeSets[T any](path string, fix func(*T) error, unitOf func(*T) string) func([]byte) (*unitSets[T], error) {
	one := decodeJSON(fix)
	return func(body []byte) (*unitSets[T], error) {
		var raw struct {
			Sets *[]json.RawMessage `json:"sets"`
		}
		if err := json.Unmarshal(body, &raw); err != nil {
			return nil, err
		}
		if raw.Sets == nil {
			return nil, &fieldError{where: "sets", err: errors.New("missing")}
		}
		out := &unitSets[T]{sets: make([]unitSet[T], 0, len(*raw.Sets))}
		seen := make(map[string]bool, len(*raw.Sets))
		for i, b := range *raw.Sets {
			v, err := one(b)
			var unit string
			if err == nil {
				unit = unitOf(v)
			} else {
				// Whose set it was, when that much can be read.
				var id struct {
					UnitID string `json:"unit_id"`
				}
				_ = json.Unmarshal(b, &id)
				unit = clean(clsID, id.UnitID)
				v = nil
			}
			if unit == "" || seen[unit] {
				continue
			}
			seen[unit] = true
			if err != nil {
				err = decodeError(fmt.Sprintf("%s (sets[%d], unit %s)", path, i, unit), b, err)
			}
			out.sets = append(out.sets, unitSet[T]{unit: unit, v: v, err: err})
		}
		return out, nil
	}
}

// setsUnsupported reports whether err says the sets requests will not do
// for this server: it has none (a case system older than contract 1.5.0
// answers 404, 405 or 501), or its answer for every unit is larger than
// Config.BodyLimit (a very large province). The poller then asks unit by
// unit.
func setsUnsupported(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Status {
	case http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusNotImplemented:
		return true
	}
	return e.Kind == KindTooLarge
}

// applySets applies the answer r of task t, a per-unit data set asked for
// every unit at once, to each unit's feed.
func (p *Poller) applySets(t *task, r pollResult) {
	var units []api.Unit
	if p.st.Units.HasData {
		units = p.st.Units.Data.Units
	}
	switch t.kind {
	case dsIndicators:
		v, _ := r.v.(*unitSets[api.IndicatorSet])
		p.st.Indicators = applySets(p.st.Indicators, v, r, t, units, pathIndicatorSets)
	case dsCovDept:
		v, _ := r.v.(*unitSets[api.Coverage])
		p.st.CoverageByDept = applySets(p.st.CoverageByDept, v, r, t, units, pathCoverageSets)
	case dsCovPerson:
		v, _ := r.v.(*unitSets[api.Coverage])
		p.st.CoverageByPerson = applySets(p.st.CoverageByPerson, v, r, t, units, pathCoverageSets)
	}
}

// applySets returns the feeds m after the sets answer r (v decoded) of
// task t: a failed request fails every unit's feed, keeping its data; a
// unit whose set was refused, or that the answer left out although units
// lists it, fails on its own while the others take their new data. Sets
// of units the list does not name are left out (once the list is known).
func applySets[T any](m map[string]Feed[T], v *unitSets[T], r pollResult, t *task, units []api.Unit, path string) map[string]Feed[T] {
	m = maps.Clone(m)
	if m == nil {
		m = map[string]Feed[T]{}
	}
	if r.err != nil || v == nil {
		for k, f := range m {
			m[k] = update(f, nil, r, t)
		}
		return m
	}
	known := make(map[string]bool, len(units))
	for _, u := range units {
		known[u.ID] = true
	}
	got := make(map[string]bool, len(v.sets))
	for _, s := range v.sets {
		if len(units) > 0 && !known[s.unit] {
			continue // a unit the units list does not name: no feed of its own
		}
		got[s.unit] = true
		if s.err != nil {
			m[s.unit] = unitFailing(m[s.unit], s.err, r.at, t)
			continue
		}
		m[s.unit] = update(m[s.unit], s.v, r, t)
	}
	for _, u := range units {
		if !got[u.ID] {
			err := bodyError(path, "the answer of %s holds no set for unit %s", path, u.ID)
			m[u.ID] = unitFailing(m[u.ID], err, r.at, t)
		}
	}
	return m
}

// unitFailing marks one unit's feed as failing with err at now, although
// the request of every unit succeeded; its data stays.
func unitFailing[T any](f Feed[T], err error, now time.Time, t *task) Feed[T] {
	if f.Failures == 0 {
		f.FailingSince = now
	}
	f.Failures++
	f.Err, f.Interval, f.NextAttempt = err, t.interval, t.next
	return f
}

// askUnitByUnit switches to one request per unit and data set, for a
// server without the sets requests: the tasks of every unit go, and each
// unit of the list gets its own (reconcileUnits).
func (p *Poller) askUnitByUnit(now time.Time) {
	if p.perUnit {
		return
	}
	p.perUnit = true
	kept := p.tasks[:0]
	for _, t := range p.tasks {
		if t.all {
			t.removed = true
			continue
		}
		kept = append(kept, t)
	}
	clear(p.tasks[len(kept):])
	p.tasks = kept
	if p.st.Units.HasData {
		l := p.st.Units.Data
		p.reconcileUnits(&l, now)
	}
}
