package tui

import (
	"math"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/tui/termtext"
)

// indicatorView is the indicator screen: peers ranked, history, definition.
type indicatorView struct {
	ind     api.Indicator // as opened; refreshed from polls while the id stays
	unit    string
	period  string
	parent  string
	req     int
	loading bool
	err     error
	ranking *api.Ranking
	scroll  int
	from    *indicatorsPanel // the panel it was opened from (read only)
}

// current returns the freshest copy of the indicator on screen: from the
// panel's set while it is of the same unit and period, else as opened.
func (v *indicatorView) current() *api.Indicator {
	if snap := v.from.snap; snap.HasData && snap.Data.UnitID == v.unit && snap.Data.Period == v.period {
		for i := range snap.Data.Indicators {
			if snap.Data.Indicators[i].ID == v.ind.ID {
				return &snap.Data.Indicators[i]
			}
		}
	}
	return &v.ind
}

// rankEntry returns the scope unit's entry of the loaded ranking, so that
// the header's rank and value and the list beneath come from one answer
// (nil when the ranking is not loaded or does not hold the unit).
func (v *indicatorView) rankEntry() *api.RankEntry {
	if v.ranking == nil || v.ind.Subordinates != nil || v.ranking.Period != v.period {
		return nil
	}
	for i := range v.ranking.Entries {
		if v.ranking.Entries[i].UnitID == v.unit {
			return &v.ranking.Entries[i]
		}
	}
	return nil
}

// inScope reports whether a unit is the scope unit or below it.
func (v *indicatorView) inScope(c *common, id string) bool {
	for u := c.units.unit(id); u != nil; u = c.units.unit(u.ParentID) {
		if u.ID == v.unit {
			return true
		}
		if u.ParentID == "" {
			break
		}
	}
	return false
}

// draw draws the indicator screen in r.
func (v *indicatorView) draw(c *common, r rect) []string {
	ind := v.current()
	title := c.cat.T("panel.indicator") + " " + c.cat.Name(ind.Name, ind.NameEn)
	note := ""
	if v.loading && v.ranking != nil {
		note = c.cat.T("loading")
	}
	return c.docBox(r, title, note, c.styles.Muted, v.lines(c, inner(r).w), v.scroll)
}

// lines lays out the indicator screen for width w: side by side when
// wide, stacked otherwise.
func (v *indicatorView) lines(c *common, w int) []string {
	if w >= 110 {
		lw := w/2 - 1
		left := v.info(c, lw)
		left = append(left, v.historyLines(c, lw, 10)...)
		right := v.rankingLines(c, w-lw-2)
		for i := range left {
			left[i] = fitLine(left[i], lw)
		}
		for len(left) < len(right) {
			left = append(left, termtext.Spaces(lw))
		}
		sep := make([]string, max(len(left), len(right)))
		for i := range sep {
			sep[i] = "  "
		}
		return joinColumns(left, sep, right)
	}
	lines := v.info(c, w)
	lines = append(lines, v.rankingLines(c, w)...)
	return append(lines, v.historyLines(c, w, 6)...)
}

// info is the indicator's figures, direction and definition.
func (v *indicatorView) info(c *common, w int) []string {
	ind := v.current()
	s := c.styles
	t := c.cat.T
	d := &doc{c: c, w: w}
	period := v.period
	if snap := v.from.snap; snap.HasData && snap.Data.Period == v.period {
		period = c.periodLabel(&snap.Data)
	}
	d.add(s.Title.Render(c.cat.Name(ind.Name, ind.NameEn)) + s.Muted.Render("  "+ind.ID+" · "+c.cat.Line(ind.Line)+" · "+period))
	dir := c.cat.Direction(ind.Direction)
	if ind.Direction == api.DirectionBand && ind.BandLow != nil && ind.BandHigh != nil {
		dir += " [" + c.formatValue(*ind.BandLow, ind.Unit) + ", " + c.formatValue(*ind.BandHigh, ind.Unit) + "]"
	}
	d.add(d.kv(t("det.direction"), dir))
	value, num, den := ind.Value, ind.Numerator, ind.Denominator
	if e := v.rankEntry(); e != nil {
		value, num, den = e.Value, e.Numerator, e.Denominator
	}
	refLabel := t("det.reference")
	if ind.Direction == api.DirectionThreshold {
		refLabel = t("det.threshold")
	}
	kv := []string{t("det.value"), c.formatValue(value, ind.Unit), refLabel, c.formatValue(ind.Reference, ind.Unit)}
	if ind.Previous != nil {
		kv = append(kv, t("det.previous"), c.formatValue(*ind.Previous, ind.Unit))
	}
	d.add(d.kv(kv...))
	if ind.YearAgo != nil && ind.YoYChange != nil {
		yoy := *ind.YoYChange
		d.add(d.kv(t("det.yearago"), c.formatValue(*ind.YearAgo, ind.Unit), t("det.yoy"), c.signedChange(yoy, ind.Unit)))
	}
	d.add(d.kv(t("det.numden"), trimFloat(num)+" / "+trimFloat(den)))
	change, cink := c.changeText(ind)
	if ind.Change != nil {
		change = c.signedChange(*ind.Change, ind.Unit)
	}
	var line string
	if sub := ind.Subordinates; sub != nil {
		line = s.Flag.Render(c.cat.F("det.below", len(sub.Bottom), sub.BasicUnits))
		if len(sub.Bottom) > 0 {
			names := make([]string, len(sub.Bottom))
			for i, e := range sub.Bottom {
				names[i] = c.units.short(e.UnitID, e.UnitName)
			}
			line += s.Flag.Render(c.cat.T("det.colon") + strings.Join(names, c.cat.T("list.sep")))
		}
	} else {
		rank := "—"
		if e := v.rankEntry(); e != nil {
			rank = strconv.Itoa(e.Rank) + "/" + strconv.Itoa(len(v.ranking.Entries))
		} else if ind.RankOf > 0 && ind.Rank > 0 {
			rank = strconv.Itoa(ind.Rank) + "/" + strconv.Itoa(ind.RankOf)
		}
		line = d.kv(t("det.rank"), rank)
	}
	line += s.Muted.Render(" · "+t("det.change")+" ") + cink.Render(change)
	if ind.Change != nil && ind.Direction != api.DirectionRigid {
		line += s.Muted.Render(" · "+t("det.volatility")+" ") + strconv.FormatFloat(ind.Volatility, 'f', 1, 64)
	}
	d.add(line)
	var flags string
	bottom := ind.BottomRank
	if e := v.rankEntry(); e != nil {
		bottom = e.BottomRank
	}
	if bottom {
		flags += s.Flag.Render("⚑ "+t("flag.bottom")) + "  "
	}
	if ind.Volatile {
		flags += s.Flag.Render("≈ "+t("flag.volatile")) + "  "
	}
	if ind.Meets != nil {
		if *ind.Meets {
			flags += s.Good.Render(t("det.meets")) + "  "
		} else {
			flags += s.Flag.Render(t("det.short")) + "  "
		}
	}
	if ind.Direction == api.DirectionRigid {
		flags += s.Muted.Render(t("det.rigid")) + "  "
	}
	if ind.Source != "" && ind.Source != api.SourceComputed {
		flags += s.Flag.Render(t("det.simulated"))
	} else if ind.Computed || ind.Source == api.SourceComputed {
		flags += s.Muted.Render(t("det.computed"))
	}
	if flags != "" {
		d.add(flags)
	}
	if ind.Definition != "" {
		d.wrap(s.Muted.Render(t("det.definition")+" "), ind.Definition, s.Text)
	}
	return d.lines
}

// signedChange writes a change with its sign, in percentage points for a
// rate (个百分点 / pp).
func (c *common) signedChange(d float64, unit string) string {
	if math.Abs(d) < 0.5*math.Pow10(-unitDecimals(unit)) {
		d = 0 // no "-0.0"
	}
	txt := strconv.FormatFloat(d, 'f', unitDecimals(unit), 64)
	if d > 0 {
		txt = "+" + txt
	}
	if unit == "%" {
		return txt + c.cat.T("det.pp")
	}
	return txt
}

// rankingLines draws all peer units ranked as a horizontal bar chart, the
// scope unit marked.
func (v *indicatorView) rankingLines(c *common, w int) []string {
	s := c.styles
	d := &doc{c: c, w: w}
	d.section(c.cat.T("det.ranking.basic"))
	switch {
	case v.ranking == nil && v.err != nil:
		d.add(s.Flag.Render(c.loadingText(v.err)))
		d.add(s.Muted.Render(c.cat.T("hint.retry")))
		return d.lines
	case v.ranking == nil:
		d.add(s.Muted.Render(c.cat.T("loading")))
		return d.lines
	}
	ents := v.ranking.Entries
	if len(ents) == 0 {
		d.add(s.Muted.Render(c.cat.T("nodata")))
		return d.lines
	}
	ind := v.current()
	nw, vw := 0, 0
	hi := 0.0
	for i := range ents {
		nw = max(nw, textWidth(c.units.name(c.cat, ents[i].UnitID, ents[i].UnitName)))
		vw = max(vw, textWidth(c.formatValue(ents[i].Value, ind.Unit)))
		hi = max(hi, ents[i].Value)
	}
	rw := len(strconv.Itoa(len(ents)))
	room := max(w/3, 6)
	// Full names when they fit, short ones (黛阳区院) rather than cut ones.
	name := func(e *api.RankEntry) string { return c.units.name(c.cat, e.UnitID, e.UnitName) }
	if nw > room {
		name = func(e *api.RankEntry) string { return c.units.short(e.UnitID, e.UnitName) }
		nw = 0
		for i := range ents {
			nw = max(nw, textWidth(name(&ents[i])))
		}
	}
	nw = min(nw, room)
	bw := w - rw - nw - vw - 5
	for i := range ents {
		e := &ents[i]
		mark, ink := " ", s.Text
		if e.BottomRank {
			ink = s.Flag
		}
		switch {
		case e.UnitID == v.unit:
			mark, ink = "▶", s.Mark
		case v.unit != "" && v.inScope(c, e.UnitID):
			mark = "•"
		}
		frac := 0.0
		if hi > 0 {
			frac = math.Max(0, e.Value/hi)
		}
		line := ink.Render(termtext.FitRight(strconv.Itoa(e.Rank), rw)+mark+fitLine(name(e), nw)) + " " +
			bar(frac, max(bw, 0), s.BarFill) + " " + ink.Render(termtext.FitRight(c.formatValue(e.Value, ind.Unit), vw))
		d.add(line)
	}
	return d.lines
}

// historyLines draws the indicator's history as a column chart chartH
// lines high.
func (v *indicatorView) historyLines(c *common, w, chartH int) []string {
	ind := v.current()
	s := c.styles
	d := &doc{c: c, w: w}
	d.section(c.cat.T("det.history"))
	h := ind.History
	if len(h) == 0 {
		d.add(s.Muted.Render(c.cat.T("nodata")))
		return d.lines
	}
	vals := historyValues(h)
	lo, hi := chartRange(vals)
	axisW := max(textWidth(c.formatValue(hi, ind.Unit)), textWidth(c.formatValue(lo, ind.Unit))) + 1
	room := w - axisW - 1
	if len(vals) > room/2 && room >= 2 {
		vals = vals[len(vals)-room/2:]
		h = h[len(h)-room/2:]
	}
	bw := max(min(room/len(vals)-1, 4), 1)
	chart := columnChart(vals, lo, hi, chartH, bw, s.Spark)
	for i, l := range chart {
		axis := termtext.Spaces(axisW)
		switch i {
		case 0:
			axis = termtext.FitRight(c.formatValue(hi, ind.Unit), axisW-1) + " "
		case chartH - 1:
			axis = termtext.FitRight(c.formatValue(lo, ind.Unit), axisW-1) + " "
		}
		d.add(s.Muted.Render(axis) + "│" + l)
	}
	first, last := h[0].Period, h[len(h)-1].Period
	span := (bw+1)*len(vals) - 1
	labels := first
	if len(h) > 1 {
		gap := span - textWidth(first) - textWidth(last)
		if gap >= 1 {
			labels = first + termtext.Spaces(gap) + last
		} else {
			labels = first + "…" + last
		}
	}
	d.add(termtext.Spaces(axisW+1) + s.Muted.Render(labels))
	d.add(s.Muted.Render(c.cat.F("det.refline", c.formatValue(ind.Reference, ind.Unit))))
	return d.lines
}

// trimFloat formats a count without a needless fraction.
func trimFloat(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', 2, 64)
}

// key handles a key on the indicator screen.
func (v *indicatorView) key(c *common, k tea.KeyPressMsg) tea.Msg {
	in := inner(c.lay.body)
	return documentKey(c, k, &v.scroll, len(v.lines(c, in.w)), in.h)
}
