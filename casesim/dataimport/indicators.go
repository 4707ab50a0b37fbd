package dataimport

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/casesim/store"
)

// indicatorTable reads official indicator values a department reported
// (an export of the 案件质量评价指标 table): one value a row, by unit,
// indicator (its id, name or short name) and month. They are stored marked
// reported.
func indicatorTable(t *Table, m *Mapping, ob *orgBuilder) ([]store.IndicatorValue, []RowError) {
	idx, errs := resolve(t, m, "indicators")
	if len(errs) > 0 {
		return nil, errs
	}
	byWord := map[string]string{}
	for _, s := range domain.Indicators {
		byWord[s.ID], byWord[s.Name], byWord[s.Short] = s.ID, s.ID, s.ID
	}
	type key struct{ unit, ind, period string }
	seen := map[key]int{}
	var out []store.IndicatorValue
	for _, r := range t.Rows {
		get := getter(idx, r)
		bad := func(f, format string, args ...any) {
			errs = append(errs, RowError{File: t.Name, Line: r.Line, Column: m.column("indicators", f), Reason: fmt.Sprintf(format, args...)})
		}
		if e := lengthCheck(t, m, "indicators", idx, r); len(e) > 0 {
			errs = append(errs, e...)
			continue
		}
		if get("unit") == "" {
			bad("unit", "empty")
			continue
		}
		u, err := ob.unit(get("unit"))
		if err != nil {
			bad("unit", "%v", err)
			continue
		}
		id, ok := byWord[get("indicator")]
		if !ok {
			bad("indicator", "%q is not an indicator (an id I01…, or the name of one of the 案件质量评价指标)", get("indicator"))
			continue
		}
		period, err := month(get("period"), t.Excel)
		if err != nil {
			bad("period", "%v", err)
			continue
		}
		v := store.IndicatorValue{UnitID: u.ID, IndicatorID: id, Period: period, Source: api.SourceReported}
		nums := []struct {
			f   string
			dst *float64
			req bool
		}{{"value", &v.Value, true}, {"numerator", &v.Numerator, false}, {"denominator", &v.Denominator, false}}
		okRow := true
		for _, n := range nums {
			s := strings.TrimSuffix(strings.ReplaceAll(get(n.f), ",", ""), "%")
			if s == "" && !n.req {
				continue
			}
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || x != x {
				bad(n.f, "%q is not a number", get(n.f))
				okRow = false
				continue
			}
			*n.dst = x
		}
		if !okRow {
			continue
		}
		k := key{u.ID, id, period}
		if prev, dup := seen[k]; dup {
			bad("indicator", "duplicate of line %d (same unit, indicator and month)", prev)
			continue
		}
		seen[k] = r.Line
		out = append(out, v)
	}
	return out, errs
}

// month reads a reporting month: YYYY-MM, YYYY/MM, YYYY年M月, or any date
// (its month).
func month(s string, excel bool) (string, error) {
	for _, layout := range []string{"2006-01", "2006-1", "2006/01", "2006/1", "2006年1月", "200601"} {
		if t, err := time.ParseInLocation(layout, s, sim.Zone); err == nil {
			return t.Format("2006-01"), nil
		}
	}
	t, err := parseTime(s, excel)
	if err != nil {
		return "", fmt.Errorf("%q is not a month (want YYYY-MM, YYYY年M月 or a date)", s)
	}
	return t.Format("2006-01"), nil
}
