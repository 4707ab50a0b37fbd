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
// for a count the numerator, otherwise Numerator ÷ Denominator.
type IndicatorValue struct {
	UnitID, IndicatorID, Period   string
	Numerator, Denominator, Value float64
	// Source is api.SourceReported for an official value a department
	// reported (imported); empty: as the indicator's definition says.
	Source string
}

// sourceMissing marks a stored row that says an indicator of imported
// data could not be counted for the unit and month: its numerator is the
// number of cases that lacked an input (never served as a value).
const sourceMissing = "data_missing"

// HistoryLen is how many complete months, up to and including the last
// one of the asked period, an indicator's history holds.
const HistoryLen = 24

// Volatility rule (波动较大): on complete months only, |change| over the
// standard deviation of the previous monthly changes of the history (the
// current one excluded) above VolatileSigma, with at least VolatileMinN
// cases (the denominator) in both months, and never on a rigid count.
const (
	VolatileSigma = 2.0
	VolatileMinN  = 10
)

// SaveIndicatorValues inserts or replaces values, keyed by unit, indicator
// and period, in one transaction.
func (s *Store) SaveIndicatorValues(ctx context.Context, vals []IndicatorValue) error {
	if len(vals) == 0 {
		return nil
	}
	return s.writeTx(ctx, func(tx *sql.Tx) (bool, error) {
		if _, err := saveIndicatorValuesTx(ctx, tx, vals); err != nil {
			return false, err
		}
		return true, nil
	})
}

// ivKey identifies one stored value.
type ivKey struct{ unit, ind, period string }

// ivTable is a set of stored monthly values with on-demand aggregation: a
// unit with no stored value gets the sum of numerators over the sum of
// denominators of the basic units of its subtree.
type ivTable struct {
	o    *org
	rows map[ivKey]IndicatorValue
	agg  map[ivKey]*IndicatorValue // memoised aggregates, nil: none
}

func newIVTable(o *org) *ivTable {
	return &ivTable{o: o, rows: map[ivKey]IndicatorValue{}, agg: map[ivKey]*IndicatorValue{}}
}

// load adds the stored values of the months, of the given units only
// (every unit when units is nil).
func (t *ivTable) load(ctx context.Context, q queryer, months, units []string) error {
	if len(months) == 0 {
		return nil
	}
	query := `SELECT unit_id, indicator_id, period, numerator, denominator, value, source
		FROM indicator_values WHERE period IN (` + placeholders(len(months)) + `)`
	args := anyStrings(months)
	if units != nil {
		query += ` AND unit_id IN (` + placeholders(len(units)) + `)`
		args = append(args, anyStrings(units)...)
	}
	return eachRow(ctx, q, func(rows *sql.Rows) error {
		var v IndicatorValue
		if err := rows.Scan(&v.UnitID, &v.IndicatorID, &v.Period, &v.Numerator, &v.Denominator, &v.Value, &v.Source); err != nil {
			return err
		}
		t.rows[ivKey{v.UnitID, v.IndicatorID, v.Period}] = v
		return nil
	}, query, args...)
}

// get returns a unit's value for one month, stored or aggregated.
func (t *ivTable) get(unit string, spec domain.IndicatorSpec, month string) (IndicatorValue, bool) {
	k := ivKey{unit, spec.ID, month}
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
	found, missing := false, 0.0
	for _, id := range t.o.subtree(unit)[1:] {
		if i, ok := t.o.unitByID[id]; !ok || t.o.units[i].Level != api.UnitBasic {
			continue
		}
		if v, ok := t.rows[ivKey{id, spec.ID, month}]; ok {
			if v.Source == sourceMissing {
				missing += v.Numerator
			}
			sum.Numerator += v.Numerator
			sum.Denominator += v.Denominator
			found = true
		}
	}
	if missing > 0 {
		sum = IndicatorValue{Numerator: missing, Source: sourceMissing}
	}
	if !found {
		t.agg[k] = nil
		return IndicatorValue{}, false
	}
	sum.UnitID, sum.IndicatorID, sum.Period = unit, spec.ID, month
	sum.Value = spec.ValueOf(sum.Numerator, sum.Denominator)
	t.agg[k] = &sum
	return sum, true
}

// sum returns a unit's value over several months: numerators over
// denominators summed (false when any month has no value).
func (t *ivTable) sum(unit string, spec domain.IndicatorSpec, months []string) (IndicatorValue, bool) {
	out := IndicatorValue{UnitID: unit, IndicatorID: spec.ID}
	reported := 0
	missing := 0.0
	for _, m := range months {
		v, ok := t.get(unit, spec, m)
		if ok && v.Source == sourceMissing {
			missing += v.Numerator
			continue
		}
		if !ok {
			return IndicatorValue{}, false
		}
		if v.Source == api.SourceReported {
			reported++
			if len(months) == 1 {
				return v, true // as reported, even without its fraction
			}
			if v.Denominator == 0 {
				return IndicatorValue{}, false // a reported value alone cannot be summed
			}
		}
		out.Numerator += v.Numerator
		out.Denominator += v.Denominator
	}
	if missing > 0 {
		// Imported cases lacked an input: the period has no value.
		return IndicatorValue{UnitID: unit, IndicatorID: spec.ID, Numerator: missing, Source: sourceMissing}, false
	}
	if len(months) == 0 {
		return IndicatorValue{}, false
	}
	if reported > 0 {
		out.Source = api.SourceReported
	}
	out.Period = months[len(months)-1]
	out.Value = spec.ValueOf(out.Numerator, out.Denominator)
	return out, true
}

// rankKey orders values best first: smaller is better.
func rankKey(spec domain.IndicatorSpec, v float64) (float64, float64) {
	switch spec.Direction {
	case api.DirectionHigher:
		return -v, 0
	case api.DirectionBand:
		dist := math.Max(0, math.Max(spec.BandLo-v, v-spec.BandHi))
		return dist, math.Abs(v - spec.Reference)
	case api.DirectionThreshold:
		return math.Max(0, spec.Reference-v), 0 // every unit that meets it ties
	}
	return v, 0
}

// ranked is one unit's value with its competition rank (1, 2, 2, 4).
type ranked struct {
	unit   string
	v      IndicatorValue
	rank   int
	bottom bool
}

// rankValues sorts values best first, gives tied values the same rank and
// marks the bottom-ranked (排名靠后): a rigid indicator's units with any
// occurrence, a threshold indicator's units short of it, otherwise the
// bottom quarter of at least four peers.
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
	n := len(vals)
	for i := range vals {
		vals[i].rank = i + 1
		if i > 0 {
			a1, a2 := key(vals[i-1])
			b1, b2 := key(vals[i])
			if math.Abs(a1-b1) <= eps && math.Abs(a2-b2) <= eps {
				vals[i].rank = vals[i-1].rank
			}
		}
		switch spec.Direction {
		case api.DirectionRigid:
			vals[i].bottom = vals[i].v.Value > 0
		case api.DirectionThreshold:
			vals[i].bottom = vals[i].v.Value < spec.Reference-eps
		default:
			vals[i].bottom = n >= 4 && vals[i].rank > n-max(1, n/4)
		}
	}
	return vals
}

// basicUnits returns the ids of every basic unit (the peers ranked).
func (o *org) basicUnits() []string {
	var out []string
	for _, u := range o.units {
		if u.Level == api.UnitBasic {
			out = append(out, u.ID)
		}
	}
	return out
}

// rank ranks the units that have a value with a denominator: a unit with
// nothing to count (no case in the period) is not ranked, so it is never
// bottom-ranked for a 0 % it did not earn.
func (t *ivTable) rank(spec domain.IndicatorSpec, months []string, units []string) []ranked {
	var vals []ranked
	for _, u := range units {
		if v, ok := t.sum(u, spec, months); ok && v.Denominator > 0 {
			vals = append(vals, ranked{unit: u, v: v})
		}
	}
	return rankValues(spec, vals)
}

// Indicators answers GET /indicators at now: every indicator of unit for
// period ("" for the last complete month; see resolveIndicatorPeriod),
// with its standing (rank among the province's basic units at a basic
// unit; the bottom-ranked basic units below a city or the province),
// 环比 and 同比, volatility, flags and the monthly history.
func (s *Store) Indicators(ctx context.Context, unit, period string, now time.Time) (api.IndicatorSet, error) {
	o := s.org.Load()
	ui, ok := o.unitByID[unit]
	if !ok {
		return api.IndicatorSet{}, &NotFoundError{What: "unit", ID: unit}
	}
	set := api.IndicatorSet{UnitID: unit, UnitName: o.units[ui].Name, AsOf: now, Indicators: []api.Indicator{}}
	basic := o.units[ui].Level == api.UnitBasic
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		ps, err := resolveIndicatorPeriod(ctx, tx, period, now)
		if err != nil {
			return err
		}
		set.Period, set.PeriodKind = ps.canon, ps.kind
		set.From, set.Through = ps.from.Format(time.DateOnly), ps.through.Format(time.DateOnly)
		window := monthsUpTo(ps.lastComplete, HistoryLen+1)
		prev, yearAgo := ps.previous(), ps.yearAgo()
		// Every unit for the period (ranks), the unit's subtree for the
		// history and the comparisons.
		t := newIVTable(o)
		if err := t.load(ctx, tx, ps.months, nil); err != nil {
			return err
		}
		if err := t.load(ctx, tx, union(window, prev, yearAgo), o.subtree(unit)); err != nil {
			return err
		}
		peers := o.basicUnits()
		below, basicBelow := map[string]bool{}, 0
		for _, id := range o.subtree(unit) {
			below[id] = true
			if i, ok := o.unitByID[id]; ok && o.units[i].Level == api.UnitBasic {
				basicBelow++
			}
		}
		imported, err := importedData(ctx, tx)
		if err != nil {
			return err
		}
		for _, spec := range domain.Indicators {
			v, ok := t.sum(unit, spec, ps.months)
			if !ok {
				if miss := missingOf(spec, v, imported); miss != nil {
					set.DataMissing = append(set.DataMissing, *miss)
				}
				continue
			}
			ind := indicatorHeader(spec)
			ind.Value, ind.Numerator, ind.Denominator = v.Value, v.Numerator, v.Denominator
			if v.Source == api.SourceReported {
				ind.Source, ind.Computed = api.SourceReported, false
			}
			if spec.Direction == api.DirectionThreshold {
				meets := v.Value >= spec.Reference
				ind.Meets = &meets
			}
			rs := t.rank(spec, ps.months, peers)
			if basic {
				ind.RankOf = len(rs)
				for _, r := range rs {
					if r.unit == unit {
						ind.Rank, ind.BottomRank = r.rank, r.bottom
					}
				}
			} else {
				sub := &api.Subordinates{BasicUnits: basicBelow, Bottom: []api.RankEntry{}}
				for _, r := range rs {
					if below[r.unit] && r.bottom {
						sub.Bottom = append(sub.Bottom, rankEntry(o, r))
					}
				}
				ind.Subordinates = sub
				ind.BottomRank = len(sub.Bottom) > 0
			}
			ind.History = []api.HistoryPoint{}
			var hist []IndicatorValue
			for _, p := range window {
				if hv, ok := t.get(unit, spec, p); ok && hv.Source != sourceMissing {
					hist = append(hist, hv)
				}
			}
			for _, hv := range hist[max(0, len(hist)-HistoryLen):] {
				ind.History = append(ind.History, api.HistoryPoint{Period: hv.Period, Value: hv.Value})
			}
			var pv IndicatorValue
			if pv, ok = t.sum(unit, spec, prev); ok && prev != nil {
				ind.Previous, ind.Change = ptr(pv.Value), ptr(round6(v.Value-pv.Value))
			}
			if yv, ok := t.sum(unit, spec, yearAgo); ok && yearAgo != nil {
				ind.YearAgo, ind.YoYChange = ptr(yv.Value), ptr(round6(v.Value-yv.Value))
			}
			if ps.kind == api.PeriodMonth && ind.Change != nil {
				ind.Volatility = volatility(hist, *ind.Change)
				ind.Volatile = ind.Volatility > VolatileSigma && significant(spec, pv, v)
			}
			set.Indicators = append(set.Indicators, ind)
		}
		return nil
	})
	if err != nil {
		return api.IndicatorSet{}, wrapQueryErr("indicators", err)
	}
	return set, nil
}

func ptr(x float64) *float64 { return &x }

func rankEntry(o *org, r ranked) api.RankEntry {
	return api.RankEntry{UnitID: r.unit, UnitName: o.unitName(r.unit), Value: r.v.Value,
		Numerator: r.v.Numerator, Denominator: r.v.Denominator, Rank: r.rank, BottomRank: r.bottom}
}

// union returns the months of the lists, each once.
func union(lists ...[]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lists {
		for _, m := range l {
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	return out
}

// significant reports whether a change from prev to cur may be judged at
// all: a count (rigid) never is (every occurrence is an alert of its own);
// otherwise both months need VolatileMinN cases, so that one or two cases
// on a small denominator raise no flag.
func significant(spec domain.IndicatorSpec, prev, cur IndicatorValue) bool {
	return spec.Direction != api.DirectionRigid && prev.Denominator >= VolatileMinN && cur.Denominator >= VolatileMinN
}

func indicatorHeader(spec domain.IndicatorSpec) api.Indicator {
	ind := api.Indicator{
		ID: spec.ID, Name: spec.Name, NameEn: spec.NameEn, Short: spec.Short, ShortEn: spec.ShortEn,
		Line: spec.Line, Direction: spec.Direction, Unit: spec.Unit, Definition: spec.Definition,
		Source: spec.Source, Reference: spec.Reference, Computed: spec.Source == api.SourceComputed,
	}
	if spec.Direction == api.DirectionBand {
		lo, hi := spec.BandLo, spec.BandHi
		ind.BandLow, ind.BandHigh = &lo, &hi
	}
	return ind
}

// volatility is |change| over the standard deviation of the monthly
// changes of hist before its last one (the change being judged is not
// part of its own yardstick); 0 when there are fewer than three of them
// or they do not vary.
func volatility(hist []IndicatorValue, change float64) float64 {
	if len(hist) < 5 {
		return 0
	}
	d := make([]float64, 0, len(hist)-2)
	for i := 1; i < len(hist)-1; i++ {
		d = append(d, hist[i].Value-hist[i-1].Value)
	}
	mean := 0.0
	for _, x := range d {
		mean += x
	}
	mean /= float64(len(d))
	ss := 0.0
	for _, x := range d {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / float64(len(d)-1))
	if sd < 1e-12 {
		return 0
	}
	return round6(math.Abs(change) / sd)
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// Ranking answers GET /indicators/{id}/ranking at now: one indicator across
// peer units, best first, for the same periods as Indicators. Without
// parent the peers are all basic units; with it, parent's children.
func (s *Store) Ranking(ctx context.Context, indicatorID, period, parent string, now time.Time) (api.Ranking, error) {
	spec, ok := domain.IndicatorByID(indicatorID)
	if !ok {
		return api.Ranking{}, &NotFoundError{What: "indicator", ID: indicatorID}
	}
	o := s.org.Load()
	units := o.basicUnits()
	if parent != "" {
		if _, ok := o.unitByID[parent]; !ok {
			return api.Ranking{}, &NotFoundError{What: "unit", ID: parent}
		}
		units = o.children[parent]
	}
	out := api.Ranking{IndicatorID: spec.ID, Name: spec.Name, NameEn: spec.NameEn, Direction: spec.Direction,
		Unit: spec.Unit, ParentID: parent, AsOf: now, Entries: []api.RankEntry{}}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		ps, err := resolveIndicatorPeriod(ctx, tx, period, now)
		if err != nil {
			return err
		}
		out.Period, out.PeriodKind = ps.canon, ps.kind
		t := newIVTable(o)
		if err := t.load(ctx, tx, ps.months, nil); err != nil {
			return err
		}
		for _, r := range t.rank(spec, ps.months, units) {
			out.Entries = append(out.Entries, rankEntry(o, r))
		}
		return nil
	})
	if err != nil {
		return api.Ranking{}, wrapQueryErr("ranking", err)
	}
	return out, nil
}

// monthsUpTo returns the n months ending with month m (YYYY-MM), oldest
// first.
func monthsUpTo(m string, n int) []string {
	t, err := time.ParseInLocation("2006-01", m, sim.Zone)
	if err != nil {
		return nil
	}
	out := make([]string, n)
	for i := 0; i < n; i++ {
		out[n-1-i] = t.AddDate(0, -i, 0).Format("2006-01")
	}
	return out
}

// saveIndicatorValuesTx writes values (with their source) and returns how
// many rows it inserted or changed.
func saveIndicatorValuesTx(ctx context.Context, tx *sql.Tx, vals []IndicatorValue) (int, error) {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO indicator_values(unit_id, indicator_id, period,
		numerator, denominator, value, source) VALUES(?,?,?,?,?,?,?)
		ON CONFLICT(unit_id, indicator_id, period) DO UPDATE SET numerator = excluded.numerator,
		denominator = excluded.denominator, value = excluded.value, source = excluded.source
		WHERE numerator <> excluded.numerator OR denominator <> excluded.denominator
		OR value <> excluded.value OR source <> excluded.source`)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	n := 0
	for _, v := range vals {
		res, err := stmt.ExecContext(ctx, v.UnitID, v.IndicatorID, v.Period, v.Numerator, v.Denominator, v.Value, v.Source)
		if err != nil {
			return 0, fmt.Errorf("store: indicator %s %s %s: %w", v.UnitID, v.IndicatorID, v.Period, err)
		}
		if k, _ := res.RowsAffected(); k > 0 {
			n++
		}
	}
	return n, nil
}
