package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/indicators"
)

// SaveImportedIndicators replaces the values computed from imported cases
// for the months (YYYY-MM) with vals, in one transaction. A value whose
// Missing is above zero is stored as data missing (the cases that lacked an
// input), never as a value. A value a department reported (source
// reported) is kept: it wins over the one computed for the same unit,
// indicator and month.
func (s *Store) SaveImportedIndicators(ctx context.Context, months []string, vals []indicators.ImportedValue) error {
	if len(months) == 0 {
		return nil
	}
	return s.writeTx(ctx, func(tx *sql.Tx) (bool, error) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM indicator_values WHERE source IN ('', '`+sourceMissing+`')
			AND period IN (`+placeholders(len(months))+`)`, anyStrings(months)...); err != nil {
			return false, fmt.Errorf("store: clear computed indicators: %w", err)
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO indicator_values(unit_id, indicator_id, period,
			numerator, denominator, value, source) VALUES(?,?,?,?,?,?,?)
			ON CONFLICT(unit_id, indicator_id, period) DO NOTHING`)
		if err != nil {
			return false, err
		}
		defer stmt.Close()
		for _, v := range vals {
			num, den, val, src := v.Numerator, v.Denominator, v.Value.Value, ""
			if v.Missing > 0 {
				num, den, val, src = v.Missing, 0, 0, sourceMissing
			}
			if _, err := stmt.ExecContext(ctx, v.UnitID, v.IndicatorID, v.Period, num, den, val, src); err != nil {
				return false, fmt.Errorf("store: indicator %s %s %s: %w", v.UnitID, v.IndicatorID, v.Period, err)
			}
		}
		return true, nil
	})
}

// ImportedUnits returns the organisation's units as the indicators of
// imported data count them up the tree.
func (s *Store) ImportedUnits() []indicators.Unit {
	o := s.org.Load()
	out := make([]indicators.Unit, 0, len(o.units))
	for _, u := range o.units {
		out = append(out, indicators.Unit{ID: u.ID, ParentID: u.ParentID})
	}
	return out
}

// importedData reports whether the database holds imported data (meta
// data = imported).
func importedData(ctx context.Context, q queryer) (bool, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'data'`).Scan(&v)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: meta data: %w", err)
	}
	return v == "imported", nil
}

// missingOf is the data_missing entry of an indicator that has no value
// for the period: cases lacked an input it reads (v is a missing row), or,
// on imported data, its inputs are never imported. Nil otherwise.
func missingOf(spec domain.IndicatorSpec, v IndicatorValue, imported bool) *api.IndicatorMissing {
	switch {
	case v.Source == sourceMissing:
		return &api.IndicatorMissing{Indicator: spec.ID, Name: spec.Name, Need: indicators.MissingNeed(spec.ID), Cases: int(v.Numerator)}
	case imported:
		if need, ok := indicators.FromImports[spec.ID]; ok {
			return &api.IndicatorMissing{Indicator: spec.ID, Name: spec.Name, Need: need}
		}
	}
	return nil
}
