package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// IndicatorValue is one indicator's value for one unit and one month
// ("YYYY-MM"). For a "%" indicator Value is 100 × Numerator ÷ Denominator,
// otherwise Numerator ÷ Denominator.
type IndicatorValue struct {
	UnitID, IndicatorID, Period   string
	Numerator, Denominator, Value float64
}

// HistoryLen is how many periods, up to and including the asked one, an
// indicator's history holds.
const HistoryLen = 24

// computedFromCases lists the indicators the engine derives from the cases
// (the others are simulated series).
var computedFromCases = map[string]bool{"I01": true, "I02": true, "I03": true, "I11": true, "I12": true}

// SaveIndicatorValues inserts or replaces values, keyed by unit, indicator
// and period, in one transaction.
func (s *Store) SaveIndicatorValues(ctx context.Context, vals []IndicatorValue) error {
	if len(vals) == 0 {
		return nil
	}
	return s.writeTx(ctx, func(tx *sql.Tx) (bool, error) {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO indicator_values(unit_id, indicator_id, period,
			numerator, denominator, value) VALUES(?,?,?,?,?,?)
			ON CONFLICT(unit_id, indicator_id, period) DO UPDATE SET numerator = excluded.numerator,
			denominator = excluded.denominator, value = excluded.value`)
		if err != nil {
			return false, err
		}
		defer stmt.Close()
		for _, v := range vals {
			if _, err := stmt.ExecContext(ctx, v.UnitID, v.IndicatorID, v.Period, v.Numerator, v.Denominator, v.Value); err != nil {
				return false, fmt.Errorf("store: indicator %s %s %s: %w", v.UnitID, v.IndicatorID, v.Period, err)
			}
		}
		return true, nil
	})
}

// parsePeriod parses a "YYYY-MM" period to the first instant of its month
// in the simulation's zone.
func parsePeriod(p string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01", p, sim.Zone)
	if err != nil || len(p) != 7 {
		return time.Time{}, fmt.Errorf("period %q is not YYYY-MM", p)
	}
	return t, nil
}

// periodsUpTo returns the n periods ending with p, oldest first.
func periodsUpTo(p string, n int) []string {
	t, err := parsePeriod(p)
	if err != nil {
		return nil
	}
	out := make([]string, n)
	for i := 0; i < n; i++ {
		out[n-1-i] = t.AddDate(0, -i, 0).Format("2006-01")
	}
	return out
}

// ivKey identifies one stored value.
type ivKey struct{ unit, ind, period string }

// ivTable is a set of stored values with on-demand aggregation: a unit with
// no stored value gets the sum of numerators over the sum of denominators of
// the basic units of its subtree.
type ivTable struct {
	o    *org
	rows map[ivKey]IndicatorValue
	agg  map[ivKey]*IndicatorValue // memoised aggregates, nil: none
}

func newIVTable(o *org) *ivTable {
	return &ivTable{o: o, rows: map[ivKey]IndicatorValue{}, agg: map[ivKey]*IndicatorValue{}}
}

// load adds the stored values of the periods, of the given units only
// (every unit when units is nil).
func (t *ivTable) load(ctx context.Context, q queryer, periods, units []string) error {
	query := `SELECT unit_id, indicator_id, period, numerator, denominator, value
		FROM indicator_values WHERE period IN (` + placeholders(len(periods)) + `)`
	args := anyStrings(periods)
	if units != nil {
		query += ` AND unit_id IN (` + placeholders(len(units)) + `)`
		args = append(args, anyStrings(units)...)
	}
	return eachRow(ctx, q, func(rows *sql.Rows) error {
		var v IndicatorValue
		if err := rows.Scan(&v.UnitID, &v.IndicatorID, &v.Period, &v.Numerator, &v.Denominator, &v.Value); err != nil {
			return err
		}
		t.rows[ivKey{v.UnitID, v.IndicatorID, v.Period}] = v
		return nil
	}, query, args...)
}

// get returns a unit's value, stored or aggregated.
func (t *ivTable) get(unit string, spec domain.IndicatorSpec, period string) (IndicatorValue, bool) {
	k := ivKey{unit, spec.ID, period}
	if v, ok := t.rows[k]; ok {
		return v, true
	}
	if a, ok := t.agg[k]; ok {
		if a == nil {
			return IndicatorValue{}, false
		}
		return *a, true
	}
	var sum IndicatorValue
	found := false
	for _, id := range t.o.subtree(unit)[1:] {
		if i, ok := t.o.unitByID[id]; !ok || t.o.units[i].Level != api.UnitBasic {
			continue
		}
		if v, ok := t.rows[ivKey{id, spec.ID, period}]; ok {
			sum.Numerator += v.Numerator
			sum.Denominator += v.Denominator
			found = true
		}
	}
	if !found || sum.Denominator == 0 {
		t.agg[k] = nil
		return IndicatorValue{}, false
	}
	sum.UnitID, sum.IndicatorID, sum.Period = unit, spec.ID, period
	sum.Value = spec.ValueOf(sum.Numerator, sum.Denominator)
	t.agg[k] = &sum
	return sum, true
}

// latestPeriod returns the latest period with any value ("" when none).
func latestPeriod(ctx context.Context, q queryer) (string, error) {
	var p sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT max(period) FROM indicator_values`).Scan(&p); err != nil {
		return "", err
	}
	return p.String, nil
}

func periodExists(ctx context.Context, q queryer, p string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM indicator_values WHERE period = ? LIMIT 1)`, p).Scan(&n)
	return n > 0, err
}

// rankKey orders values best first: smaller is better.
func rankKey(spec domain.IndicatorSpec, v float64) (float64, float64) {
	switch spec.Direction {
	case api.DirectionHigher:
		return -v, 0
	case api.DirectionBand:
		dist := math.Max(0, math.Max(spec.BandLo-v, v-spec.BandHi))
		return dist, math.Abs(v - spec.Reference)
	}
	return v, 0
}

// ranked is one unit's value with its competition rank (1, 2, 2, 4).
type ranked struct {
	unit string
	v    IndicatorValue
	rank int
}

// rankValues sorts values best first and gives tied values the same rank.
func rankValues(spec domain.IndicatorSpec, vals []ranked) []ranked {
	const eps = 1e-9
	key := func(r ranked) (float64, float64) { return rankKey(spec, r.v.Value) }
	sort.SliceStable(vals, func(i, j int) bool {
		a1, a2 := key(vals[i])
		b1, b2 := key(vals[j])
		if math.Abs(a1-b1) > eps {
			return a1 < b1
		}
		if math.Abs(a2-b2) > eps {
			return a2 < b2
		}
		return vals[i].unit < vals[j].unit
	})
	for i := range vals {
		if i > 0 {
			a1, a2 := key(vals[i-1])
			b1, b2 := key(vals[i])
			if math.Abs(a1-b1) <= eps && math.Abs(a2-b2) <= eps {
				vals[i].rank = vals[i-1].rank
				continue
			}
		}
		vals[i].rank = i + 1
	}
	return vals
}

// peersOf returns the units ranked with unit: every unit of its level.
func (o *org) peersOf(unit string) []string {
	i, ok := o.unitByID[unit]
	if !ok {
		return nil
	}
	var out []string
	for _, u := range o.units {
		if u.Level == o.units[i].Level {
			out = append(out, u.ID)
		}
	}
	return out
}

func (t *ivTable) rank(spec domain.IndicatorSpec, period string, units []string) []ranked {
	var vals []ranked
	for _, u := range units {
		if v, ok := t.get(u, spec, period); ok {
			vals = append(vals, ranked{unit: u, v: v})
		}
	}
	return rankValues(spec, vals)
}

// Indicators answers GET /indicators at now: every indicator of unit for
// period ("" for the latest period with data), with rank among peers,
// change, volatility, flags and history.
func (s *Store) Indicators(ctx context.Context, unit, period string, now time.Time) (api.IndicatorSet, error) {
	o := s.org.Load()
	ui, ok := o.unitByID[unit]
	if !ok {
		return api.IndicatorSet{}, &NotFoundError{What: "unit", ID: unit}
	}
	set := api.IndicatorSet{UnitID: unit, UnitName: o.units[ui].Name, Period: period, AsOf: now, Indicators: []api.Indicator{}}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		if err := resolvePeriod(ctx, tx, &set.Period, now); err != nil {
			return err
		}
		window := periodsUpTo(set.Period, HistoryLen)
		// Every unit for the period (ranks), the unit's subtree for the
		// history (its own values, or the aggregate of its basic units).
		t := newIVTable(o)
		if err := t.load(ctx, tx, []string{set.Period}, nil); err != nil {
			return err
		}
		if err := t.load(ctx, tx, window[:len(window)-1], o.subtree(unit)); err != nil {
			return err
		}
		peers := o.peersOf(unit)
		for _, spec := range domain.Indicators {
			v, ok := t.get(unit, spec, set.Period)
			if !ok {
				continue
			}
			ind := indicatorHeader(spec)
			ind.Value, ind.Numerator, ind.Denominator = v.Value, v.Numerator, v.Denominator
			ind.Computed = computedFromCases[spec.ID]
			rs := t.rank(spec, set.Period, peers)
			ind.RankOf = len(rs)
			for _, r := range rs {
				if r.unit == unit {
					ind.Rank = r.rank
				}
			}
			ind.BottomRank = ind.RankOf >= 4 && ind.Rank > ind.RankOf-max(1, ind.RankOf/4)
			ind.History = []api.HistoryPoint{}
			for _, p := range window {
				if hv, ok := t.get(unit, spec, p); ok {
					ind.History = append(ind.History, api.HistoryPoint{Period: p, Value: hv.Value})
				}
			}
			if prev, ok := t.get(unit, spec, window[len(window)-2]); ok {
				ind.Previous = prev.Value
				ind.Change = round6(v.Value - prev.Value)
			}
			ind.Volatility = volatility(ind.History, ind.Change)
			ind.Volatile = ind.Volatility > 2
			set.Indicators = append(set.Indicators, ind)
		}
		return nil
	})
	if err != nil {
		return api.IndicatorSet{}, wrapQueryErr("indicators", err)
	}
	return set, nil
}

// resolvePeriod fills in the latest period when *p is empty (the month of
// now when there is no data at all) and checks that a given one has data.
func resolvePeriod(ctx context.Context, q queryer, p *string, now time.Time) error {
	if *p == "" {
		latest, err := latestPeriod(ctx, q)
		if err != nil {
			return err
		}
		if latest == "" {
			latest = now.In(sim.Zone).Format("2006-01")
		}
		*p = latest
		return nil
	}
	ok, err := periodExists(ctx, q, *p)
	if err != nil {
		return err
	}
	if !ok {
		return &NotFoundError{What: "period", ID: *p}
	}
	return nil
}

func indicatorHeader(spec domain.IndicatorSpec) api.Indicator {
	ind := api.Indicator{
		ID: spec.ID, Name: spec.Name, NameEn: spec.NameEn, Line: spec.Line, Direction: spec.Direction,
		Unit: spec.Unit, Definition: spec.Definition, Reference: spec.Reference,
	}
	if spec.Direction == api.DirectionBand {
		lo, hi := spec.BandLo, spec.BandHi
		ind.BandLow, ind.BandHigh = &lo, &hi
	}
	return ind
}

// volatility is |change| over the standard deviation of the month-to-month
// changes of the history (0 when that deviation is 0).
func volatility(h []api.HistoryPoint, change float64) float64 {
	if len(h) < 3 {
		return 0
	}
	d := make([]float64, len(h)-1)
	mean := 0.0
	for i := 1; i < len(h); i++ {
		d[i-1] = h[i].Value - h[i-1].Value
		mean += d[i-1]
	}
	mean /= float64(len(d))
	ss := 0.0
	for _, x := range d {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / float64(len(d)))
	if sd < 1e-12 {
		return 0
	}
	return round6(math.Abs(change) / sd)
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// Ranking answers GET /indicators/{id}/ranking at now: one indicator across
// peer units, best first. Without parent the peers are all basic units;
// with it, parent's children.
func (s *Store) Ranking(ctx context.Context, indicatorID, period, parent string, now time.Time) (api.Ranking, error) {
	spec, ok := domain.IndicatorByID(indicatorID)
	if !ok {
		return api.Ranking{}, &NotFoundError{What: "indicator", ID: indicatorID}
	}
	o := s.org.Load()
	var units []string
	if parent == "" {
		for _, u := range o.units {
			if u.Level == api.UnitBasic {
				units = append(units, u.ID)
			}
		}
	} else {
		if _, ok := o.unitByID[parent]; !ok {
			return api.Ranking{}, &NotFoundError{What: "unit", ID: parent}
		}
		units = o.children[parent]
	}
	out := api.Ranking{IndicatorID: spec.ID, Name: spec.Name, NameEn: spec.NameEn, Direction: spec.Direction,
		Period: period, ParentID: parent, AsOf: now, Entries: []api.RankEntry{}}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		if err := resolvePeriod(ctx, tx, &out.Period, now); err != nil {
			return err
		}
		t := newIVTable(o)
		if err := t.load(ctx, tx, []string{out.Period}, nil); err != nil {
			return err
		}
		for _, r := range t.rank(spec, out.Period, units) {
			out.Entries = append(out.Entries, api.RankEntry{UnitID: r.unit, UnitName: o.unitName(r.unit),
				Value: r.v.Value, Numerator: r.v.Numerator, Denominator: r.v.Denominator, Rank: r.rank})
		}
		return nil
	})
	if err != nil {
		return api.Ranking{}, wrapQueryErr("ranking", err)
	}
	return out, nil
}
