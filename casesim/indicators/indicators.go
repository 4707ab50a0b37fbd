// Package indicators produces the monthly values of the quality indicators
// for every unit: computed from the simulated cases for the 24 indicators
// whose data the simulation holds, over the whole history window (the
// history is simulated from the same model, so there is no step where
// synthetic months meet computed ones); a seeded simulated series for the
// four it does not (I18, I20, I21, I22, marked source "simulated"). City
// and province values add up their own cases and those of every unit
// below. docs/INDICATORS.md has every formula.
package indicators

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/calendar"
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

// Build returns every unit's value of every indicator for the given
// periods (YYYY-MM), counting what happened at or before now. Computed
// indicators come from the cases (each unit's own cases; a city or the
// province adds those of every unit below it); simulated ones are Synth
// series of the basic units, summed upwards. cases must hold every case
// whose events fall in the periods (see HistoryDays).
func Build(seed uint64, cases []*sim.Case, periods []string, now time.Time, cal *calendar.Calendar) []Value {
	c := NewCounter(periods, now, cal)
	c.Add(cases)
	return c.Values(seed)
}

// Counter tallies cases into the months of a set of periods, a batch at a
// time, so that a long history can be counted as it is generated and
// dropped (see SimulateEach). It is not safe for concurrent use.
type Counter struct {
	idx []int // month indexes of the periods
	k   *counter
}

// NewCounter returns a counter of the periods (YYYY-MM) that counts what
// happened at or before now.
func NewCounter(periods []string, now time.Time, cal *calendar.Calendar) *Counter {
	c := &Counter{}
	lo, hi := math.MaxInt, math.MinInt
	for _, p := range periods {
		ps, err := PeriodStart(p)
		if err != nil {
			continue
		}
		m := monthIndex(ps)
		c.idx = append(c.idx, m)
		lo, hi = min(lo, m), max(hi, m)
	}
	c.k = &counter{now: now, lo: lo, hi: hi, cal: cal, t: map[unitMonth]*tally{}}
	return c
}

// Add counts cases.
func (c *Counter) Add(cases []*sim.Case) {
	for _, cs := range cases {
		if cs.AcceptedAt.After(c.k.now) || cs.Line == "" {
			continue
		}
		c.k.count(cs)
	}
}

// Values returns every unit's value of every indicator for the periods:
// the computed ones from the cases counted, the simulated ones from Synth
// (seed), summed up the tree.
func (c *Counter) Values(seed uint64) []Value {
	if len(c.idx) == 0 {
		return nil
	}
	idx, tallies := c.idx, c.k.t
	type key struct {
		unit  string
		ind   int
		month int
	}
	sums := map[key]*[2]float64{}
	addUp := func(unit string, ind, month int, num, den float64) {
		for u := unit; u != ""; {
			k := key{u, ind, month}
			s := sums[k]
			if s == nil {
				s = &[2]float64{}
				sums[k] = s
			}
			s[0] += num
			s[1] += den
			pu, _ := domain.UnitByID(u)
			u = pu.ParentID
		}
	}
	for _, m := range idx {
		p := periodOfIndex(m)
		for _, u := range domain.Units {
			t := tallies[unitMonth{u.ID, m}]
			for i, spec := range domain.Indicators {
				switch {
				case !Simulated(spec) && t != nil:
					addUp(u.ID, i, m, t.num[i], t.den[i])
				case !Simulated(spec):
					addUp(u.ID, i, m, 0, 0)
				case u.Level == api.UnitBasic:
					v := Synth(seed, u, spec, p)
					addUp(u.ID, i, m, v.Numerator, v.Denominator)
				}
			}
		}
	}
	out := make([]Value, 0, len(sums))
	for _, m := range idx {
		p := periodOfIndex(m)
		for _, u := range domain.Units {
			for i, spec := range domain.Indicators {
				s := sums[key{u.ID, i, m}]
				if s == nil {
					continue
				}
				out = append(out, Value{UnitID: u.ID, IndicatorID: spec.ID, Period: p,
					Numerator: round6(s[0]), Denominator: round6(s[1]), Value: spec.ValueOf(s[0], s[1])})
			}
		}
	}
	return out
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
