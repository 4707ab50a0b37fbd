package tui

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui/vtable"
)

// Indicator table columns.
const (
	icName = iota
	icValue
	icRef
	icRank
	icChange
	icVol
	icFlags
	icSpark
)

// indicatorsPanel is the view-state of the indicators panel.
type indicatorsPanel struct {
	table vtable.Model
	snap  client.Feed[api.IndicatorSet]
	unit  string
	rows  []int // indexes into snap.Data.Indicators
	byVol bool
	selID string
	// period is indMonth (the poller's set), indMTD or indYTD (fetched on
	// demand into alt, for altUnit; altAsked and altReq name the last fetch).
	period   int
	alt      client.Feed[api.IndicatorSet]
	altUnit  string
	altAsked string
	altReq   int
	// basic reports whether the scope is a basic unit (ranked among its
	// peers) rather than a city or the province (its basic units' standing).
	basic bool
}

func newIndicatorsPanel() indicatorsPanel { return indicatorsPanel{table: vtable.New(nil)} }

// columns returns the indicator table's columns.
func (p *indicatorsPanel) columns(c *common) []vtable.Column {
	t := c.cat.T
	fw := textWidth(t("flag.bottom.short") + " " + t("flag.volatile.short"))
	rank := t("col.rank")
	if !p.basic {
		rank = t("col.below")
	}
	return []vtable.Column{
		icName:   {Title: t("col.indicator"), Min: 10, Max: 24, Flex: true, Priority: 100},
		icValue:  {Title: t("col.value"), Min: 8, Priority: 90, Right: true},
		icRef:    {Title: t("col.ref"), Min: 8, Priority: 40, Right: true},
		icRank:   {Title: rank, Min: max(5, textWidth(rank)), Priority: 85, Right: true},
		icChange: {Title: t("col.change"), Min: 7, Priority: 60, Right: true},
		icVol:    {Title: t("col.vol"), Min: 5, Priority: 30, Right: true},
		icFlags:  {Title: t("col.flags"), Min: fw, Priority: 80},
		icSpark:  {Title: t("col.trend"), Min: 8, Max: 14, Priority: 70},
	}
}

// sync re-derives the rows when the scope's indicator set changed (or
// always, with force).
func (p *indicatorsPanel) sync(c *common, force bool) {
	unit := c.scopeUnit()
	snap := p.shownSet(c)
	if !force && unit == p.unit && sameIndicators(p.snap, snap) {
		p.snap = snap
		return
	}
	if basic := unitIsBasic(c, unit); basic != p.basic || p.unit == "" {
		p.basic = basic
		p.table.SetColumns(p.columns(c))
	}
	scopeMoved := unit != p.unit
	p.snap, p.unit = snap, unit
	if scopeMoved {
		// Another scope: start from the top, where the worst rows are
		// (D7), not at the indicator that was selected before.
		p.selID = ""
		p.rebuild()
		p.table.Top()
		p.pick()
		return
	}
	p.rebuild()
}

// unitIsBasic reports whether a unit is a basic unit (an unknown unit is
// taken for one: its rank is shown as the server gives it).
func unitIsBasic(c *common, id string) bool {
	u := c.units.unit(id)
	return u == nil || u.Level == api.UnitBasic
}

func sameIndicators(a, b client.Feed[api.IndicatorSet]) bool {
	x, y := a.Data.Indicators, b.Data.Indicators
	return a.HasData == b.HasData && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0]) && a.Data.AsOf.Equal(b.Data.AsOf)
}

// rebuild orders the rows: worst rank first, or most volatile first.
func (p *indicatorsPanel) rebuild() {
	line := p.table.ScreenLine()
	inds := p.snap.Data.Indicators
	p.rows = p.rows[:0]
	for i := range inds {
		p.rows = append(p.rows, i)
	}
	slices.SortStableFunc(p.rows, func(i, j int) int {
		a, b := &inds[i], &inds[j]
		if p.byVol {
			if c := cmp.Compare(b.Volatility, a.Volatility); c != 0 {
				return c
			}
		} else {
			if c := cmp.Compare(rankPosition(b), rankPosition(a)); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.ID, b.ID)
	})
	p.table.SetLen(len(p.rows))
	for k, i := range p.rows {
		if inds[i].ID == p.selID {
			p.table.Anchor(k, line)
			break
		}
	}
	p.pick()
}

// rankPosition places an indicator's rank on 0 (best) … 1 (worst); the
// server ranks with the indicator's direction, so this is direction-aware.
// At a city or the province it is the share of its basic units that are
// bottom-ranked.
func rankPosition(ind *api.Indicator) float64 {
	if s := ind.Subordinates; s != nil {
		if s.BasicUnits == 0 {
			return -1
		}
		return float64(len(s.Bottom)) / float64(s.BasicUnits)
	}
	if ind.RankOf <= 1 || ind.Rank <= 0 {
		return -1
	}
	return float64(ind.Rank-1) / float64(ind.RankOf-1)
}

// selected returns the indicator under the cursor, or nil.
func (p *indicatorsPanel) selected() *api.Indicator {
	return cursorItem(p.snap.Data.Indicators, p.rows, &p.table)
}

// pick records the row under the cursor.
func (p *indicatorsPanel) pick() {
	if ind := p.selected(); ind != nil {
		p.selID = ind.ID
	}
}

// indicatorRows is the vtable.Source of the indicators table.
type indicatorRows struct {
	p *indicatorsPanel
	c *common
}

// Len implements vtable.Source.
func (r indicatorRows) Len() int { return len(r.p.rows) }

// Row implements vtable.Source.
func (r indicatorRows) Row(i int, cells []string, inks []theme.Ink) {
	c, p := r.c, r.p
	s := c.styles
	ind := &p.snap.Data.Indicators[p.rows[i]]
	// At a city or the province a quarter of the basic units below is always
	// bottom-ranked, so the row flag would mark every indicator; the 下辖靠后
	// column carries that count, and the flag stays for a unit's own rank.
	bottom := ind.BottomRank && ind.Subordinates == nil
	cells[icName] = c.cat.Name(shortOr(ind.Short, ind.Name), shortOr(ind.ShortEn, ind.NameEn))
	if bottom || ind.Volatile {
		inks[icName] = s.Flag
	}
	cells[icValue] = c.formatValue(ind.Value, ind.Unit)
	if ind.Denominator == 0 && ind.Unit != unitCount {
		cells[icValue] = "—" // nothing to count in the period
	}
	cells[icRef] = c.formatValue(ind.Reference, ind.Unit)
	inks[icRef] = s.Muted
	cells[icRank] = rankText(ind)
	if bottom {
		inks[icRank] = s.Flag
	}
	cells[icChange], inks[icChange] = c.changeText(ind)
	cells[icVol] = ""
	if ind.Change != nil && ind.Direction != api.DirectionRigid {
		cells[icVol] = strconv.FormatFloat(ind.Volatility, 'f', 1, 64)
	}
	if ind.Volatile {
		inks[icVol] = s.Flag
	}
	var f []string
	if bottom {
		f = append(f, c.cat.T("flag.bottom.short"))
	}
	if ind.Volatile {
		f = append(f, c.cat.T("flag.volatile.short"))
	}
	cells[icFlags], inks[icFlags] = strings.Join(f, " "), s.Flag
	if ind.Source != "" && ind.Source != api.SourceComputed {
		cells[icFlags] = strings.TrimSpace(cells[icFlags] + " " + c.cat.T("flag.sim.short"))
	}
	cells[icSpark] = sparkline(historyValues(ind.History), p.table.ColumnWidth(icSpark))
	inks[icSpark] = s.Spark
}

// shortOr is short, or long when short is empty.
func shortOr(short, long string) string {
	if short != "" {
		return short
	}
	return long
}

// rankText is the standing of an indicator: "7/12" among peers at a basic
// unit, "3/12" bottom-ranked of the basic units below a city or the
// province, "—" when unranked.
func rankText(ind *api.Indicator) string {
	if s := ind.Subordinates; s != nil {
		return strconv.Itoa(len(s.Bottom)) + "/" + strconv.Itoa(s.BasicUnits)
	}
	if ind.RankOf > 0 && ind.Rank > 0 {
		return strconv.Itoa(ind.Rank) + "/" + strconv.Itoa(ind.RankOf)
	}
	return "—"
}

// historyValues returns the values of a history.
func historyValues(h []api.HistoryPoint) []float64 {
	v := make([]float64, len(h))
	for i, p := range h {
		v[i] = p.Value
	}
	return v
}

// formatValue formats an indicator value with its unit of measure: a ratio
// ("ratio" or "1:x", the value being x) as 1:1.10, a percentage as 38.1%,
// days as 23.4天 (23.4d); an unknown unit follows the value as given.
func (c *common) formatValue(v float64, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	num := strconv.FormatFloat(v, 'f', unitDecimals(unit), 64)
	switch unit {
	case unitRatio, unitRatioX:
		return "1:" + num
	case unitCount:
		return strconv.FormatFloat(v, 'f', 0, 64) + c.cat.Code(i18n.KindUnit, unit)
	case "%", "":
		return num + unit
	}
	return num + c.cat.Code(i18n.KindUnit, unit)
}

// Units of measure of indicators that format specially.
const (
	unitRatio  = "ratio" // 1:x, the value is x (the contract's spelling)
	unitRatioX = "1:x"   // the same, spelled as it reads
	unitCount  = "count" // a number of occurrences (rigid indicators)
)

// unitDecimals is how many decimals values (and changes) of an indicator
// in unit are shown with: two for ratios, which move in hundredths, and
// for unitless values; one otherwise.
func unitDecimals(unit string) int {
	switch unit {
	case unitRatio, unitRatioX, "":
		return 2
	case unitCount:
		return 0
	}
	return 1
}

// changeText formats the change against the previous period, coloured by
// whether it moved in the indicator's better direction.
func (c *common) changeText(ind *api.Indicator) (string, theme.Ink) {
	if ind.Change == nil {
		return "—", c.styles.Muted
	}
	d := *ind.Change
	mag := strconv.FormatFloat(math.Abs(d), 'f', unitDecimals(ind.Unit), 64)
	if v, err := strconv.ParseFloat(mag, 64); err == nil && v == 0 {
		return "=0", c.styles.Muted // a change that rounds to zero is no change: never ▲0.0 or ▼0.0 (D20)
	}
	arrow := "▲"
	if d < 0 {
		arrow = "▼"
	}
	txt := arrow + mag
	if better(ind) {
		return txt, c.styles.Good
	}
	return txt, c.styles.Bad
}

// better reports whether the latest change moved the indicator in its
// better direction.
func better(ind *api.Indicator) bool {
	if ind.Change == nil {
		return true
	}
	switch ind.Direction {
	case api.DirectionHigher:
		return *ind.Change > 0
	case api.DirectionLower, api.DirectionRigid:
		return *ind.Change < 0
	case api.DirectionBand:
		return ind.Previous == nil || bandDistance(ind, ind.Value) < bandDistance(ind, *ind.Previous)
	case api.DirectionThreshold:
		return *ind.Change > 0 || ind.Value >= ind.Reference
	}
	return true
}

// bandDistance is how far v lies outside the indicator's band (0 inside);
// without a band, the distance to the reference value.
func bandDistance(ind *api.Indicator, v float64) float64 {
	if ind.BandLow == nil || ind.BandHigh == nil {
		return math.Abs(v - ind.Reference)
	}
	switch {
	case v < *ind.BandLow:
		return *ind.BandLow - v
	case v > *ind.BandHigh:
		return v - *ind.BandHigh
	}
	return 0
}

// body returns the lines inside the indicators panel's border; focused
// says whether the panel has the keyboard.
func (p *indicatorsPanel) body(c *common, w, h int, focused bool) []string {
	s := c.styles
	lines := make([]string, 0, h)
	if !p.snap.HasData {
		if _, ok := c.state.Indicators[p.unit]; !ok && c.hasState && len(c.state.Indicators) > 0 {
			return append(lines, s.Muted.Render(c.cat.T("nodata.scope")))
		}
		return append(lines, c.waitLines(p.snap.Err)...)
	}
	bottom, volatile, basicUnits := 0, 0, 0
	for i := range p.snap.Data.Indicators {
		in := &p.snap.Data.Indicators[i]
		switch {
		case in.Subordinates != nil:
			bottom += len(in.Subordinates.Bottom)
			basicUnits = max(basicUnits, in.Subordinates.BasicUnits)
		case in.BottomRank:
			bottom++
		}
		if p.snap.Data.Indicators[i].Volatile {
			volatile++
		}
	}
	order := c.cat.T("order.rank")
	if p.byVol {
		order = c.cat.T("order.vol")
	}
	left := s.Accent.Render(c.periodLabel(&p.snap.Data)) + s.Muted.Render(" · ") +
		c.cat.F("ind.count", len(p.snap.Data.Indicators)) + s.Muted.Render(" · ")
	if n := len(p.snap.Data.DataMissing); n > 0 {
		// Imported data: the indicators the export cannot give (data_missing).
		left += s.Muted.Render(c.cat.F("ind.missing", n)) + s.Muted.Render(" · ")
	}
	if p.basic {
		left += s.Flag.Render(c.cat.F("ind.bottom", bottom))
	} else {
		left += c.cat.F("ind.below", basicUnits) + s.Muted.Render(" · ") + s.Flag.Render(c.cat.F("ind.bottomcells", bottom))
	}
	if p.snap.Data.PeriodKind == "" || p.snap.Data.PeriodKind == api.PeriodMonth {
		left += s.Muted.Render(" · ") + s.Flag.Render(c.cat.F("ind.volatile", volatile))
	}
	lines = append(lines, spread(left, s.Accent.Render(order), w))
	p.table.SetFocused(focused)
	lines = p.table.Lines(indicatorRows{p: p, c: c}, lines)
	if len(p.rows) == 0 && len(lines) > 2 {
		lines[2] = s.Muted.Render(c.cat.T("nodata"))
	}
	return lines
}
