// Package indicators produces the monthly values of the quality indicators
// for every unit: computed from the simulated cases where the case data
// allows it (I01, I02, I03, I11, I12) and the period is covered by the
// simulation, synthesised deterministically from the seed otherwise.
// City and province values aggregate their basic units.
package indicators

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// Value is one indicator's value for one unit and one month.
type Value struct {
	UnitID      string
	IndicatorID string
	Period      string // YYYY-MM
	Numerator   float64
	Denominator float64
	Value       float64
}

// Computed lists the indicators computed from case data.
var Computed = map[string]bool{"I01": true, "I02": true, "I03": true, "I11": true, "I12": true}

// Period returns the YYYY-MM period of t.
func Period(t time.Time) string { return t.In(sim.Zone).Format("2006-01") }

// PeriodStart returns the first instant of a YYYY-MM period.
func PeriodStart(p string) (time.Time, error) {
	return time.ParseInLocation("2006-01", p, sim.Zone)
}

// Months returns the n periods ending with the one containing t, oldest
// first.
func Months(t time.Time, n int) []string {
	t = t.In(sim.Zone)
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, sim.Zone)
	out := make([]string, n)
	for i := 0; i < n; i++ {
		out[n-1-i] = Period(first.AddDate(0, -i, 0))
	}
	return out
}

// Synth returns the synthetic value of an indicator for a basic unit and
// period. The series is a mean-reverting walk around a unit-specific level,
// with an occasional shock, so that some units rank low and some months
// move sharply (排名靠后, 波动较大).
func Synth(seed uint64, unit domain.UnitSpec, spec domain.IndicatorSpec, period string) Value {
	h := fnv.New64a()
	fmt.Fprint(h, "ind", unit.ID, spec.ID)
	r := rand.New(rand.NewPCG(seed, h.Sum64()))
	span := spec.Hi - spec.Lo
	level := spec.Lo + span*(0.15+0.7*r.Float64())
	x := level
	start, _ := PeriodStart("2020-01")
	end, err := PeriodStart(period)
	if err != nil {
		return Value{}
	}
	for m := start; !m.After(end); m = m.AddDate(0, 1, 0) {
		x = level + 0.6*(x-level) + span*0.06*r.NormFloat64()
		if r.Float64() < 0.04 {
			x += span * 0.35 * (r.Float64()*2 - 1)
		}
	}
	lo, hi := spec.Lo-span*0.2, spec.Hi+span*0.2
	if spec.Unit == "%" {
		lo, hi = math.Max(lo, 0), math.Min(hi, 100)
	}
	x = math.Max(lo, math.Min(hi, x))
	den := math.Round(denominator(spec, unit) * (0.8 + 0.4*r.Float64()))
	return fromRatio(unit.ID, spec, period, x, den)
}

// denominator is a plausible monthly base count for a unit.
func denominator(spec domain.IndicatorSpec, unit domain.UnitSpec) float64 {
	base := 40.0
	switch {
	case spec.Rare:
		base = 400
	case spec.Line == api.LineCriminal:
		base = 50
	case spec.Line == api.LineCivil || spec.Line == api.LineAdministrative:
		base = 12
	case spec.Line == api.LinePublicInterest:
		base = 8
	}
	return math.Max(3, base*unit.Scale)
}

func fromRatio(unitID string, spec domain.IndicatorSpec, period string, x, den float64) Value {
	v := Value{UnitID: unitID, IndicatorID: spec.ID, Period: period, Denominator: den}
	switch spec.Unit {
	case "%":
		v.Numerator = math.Round(x / 100 * den)
		if spec.Rare {
			v.Numerator = math.Round(x / 100 * den * 10)
			v.Denominator = den * 10
		}
	default: // ratio or days: numerator = x × denominator
		v.Numerator = math.Round(x * den)
	}
	v.Value = spec.ValueOf(v.Numerator, v.Denominator)
	return v
}

// counts are a unit's case-derived tallies for one period.
type counts struct {
	arrestApproved, arrestRefused float64
	prosecuted, notProsecuted     float64
	returns, extensions           float64
	criminalClosed, extraItems    float64
}

// FromCases computes the case-derived indicators of every basic unit for a
// period from cases (those concluded or acted on within it, up to now).
func FromCases(cases []*sim.Case, period string, now time.Time) []Value {
	start, err := PeriodStart(period)
	if err != nil {
		return nil
	}
	end := start.AddDate(0, 1, 0)
	if now.Before(end) {
		end = now
	}
	in := func(t time.Time) bool { return !t.Before(start) && t.Before(end) }
	byUnit := map[string]*counts{}
	for _, c := range cases {
		if c.Line != api.LineCriminal || c.AcceptedAt.After(end) {
			continue
		}
		k := byUnit[c.UnitID]
		if k == nil {
			k = &counts{}
			byUnit[c.UnitID] = k
		}
		for _, e := range c.Events {
			if !in(e.At) {
				continue
			}
			switch e.Type {
			case domain.EvArrestApproved:
				k.arrestApproved++
			case domain.EvArrestRefused:
				k.arrestRefused++
			case domain.EvProsecuted:
				k.prosecuted++
			case domain.EvNotProsecuted:
				k.notProsecuted++
			case domain.EvReturned:
				k.returns++
				k.extraItems++
			case domain.EvExtended:
				k.extensions++
				k.extraItems++
			case domain.EvReconsiderReq, domain.EvReviewReq:
				k.extraItems++
			case domain.EvClosed:
				k.criminalClosed++
			}
		}
	}
	var out []Value
	for _, u := range domain.Units {
		if u.Level != api.UnitBasic {
			continue
		}
		k := byUnit[u.ID]
		if k == nil {
			k = &counts{}
		}
		concluded := k.prosecuted + k.notProsecuted
		add := func(id string, num, den float64) {
			spec, _ := domain.IndicatorByID(id)
			out = append(out, Value{UnitID: u.ID, IndicatorID: id, Period: period, Numerator: num, Denominator: den, Value: spec.ValueOf(num, den)})
		}
		add("I01", k.criminalClosed+k.extraItems, k.criminalClosed)
		add("I02", k.arrestRefused, k.arrestApproved+k.arrestRefused)
		add("I03", k.notProsecuted, concluded)
		add("I11", k.returns, concluded)
		add("I12", k.extensions, concluded)
	}
	return out
}

// Aggregate adds the city and province values of each indicator and period
// present in basic, as sums of numerators over sums of denominators.
func Aggregate(basic []Value) []Value {
	type key struct{ unit, ind, period string }
	sums := map[key]*Value{}
	var order []key
	for _, v := range basic {
		u, _ := domain.UnitByID(v.UnitID)
		for p := u.ParentID; p != ""; {
			k := key{p, v.IndicatorID, v.Period}
			s := sums[k]
			if s == nil {
				s = &Value{UnitID: p, IndicatorID: v.IndicatorID, Period: v.Period}
				sums[k] = s
				order = append(order, k)
			}
			s.Numerator += v.Numerator
			s.Denominator += v.Denominator
			pu, _ := domain.UnitByID(p)
			p = pu.ParentID
		}
	}
	out := make([]Value, 0, len(order))
	for _, k := range order {
		s := sums[k]
		spec, _ := domain.IndicatorByID(s.IndicatorID)
		s.Value = spec.ValueOf(s.Numerator, s.Denominator)
		out = append(out, *s)
	}
	return out
}

// Build returns every unit's value of every indicator for the given
// periods: case-derived where the period starts at or after covered (the
// first simulated day), synthetic otherwise, then aggregated upwards.
func Build(seed uint64, cases []*sim.Case, periods []string, covered, now time.Time) []Value {
	var basic []Value
	for _, p := range periods {
		ps, err := PeriodStart(p)
		if err != nil {
			continue
		}
		fromCases := !ps.Before(covered)
		if fromCases {
			basic = append(basic, FromCases(cases, p, now)...)
		}
		for _, u := range domain.Units {
			if u.Level != api.UnitBasic {
				continue
			}
			for _, spec := range domain.Indicators {
				if fromCases && Computed[spec.ID] {
					continue
				}
				basic = append(basic, Synth(seed, u, spec, p))
			}
		}
	}
	return append(basic, Aggregate(basic)...)
}
