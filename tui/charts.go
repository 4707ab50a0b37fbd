package tui

import (
	"math"
	"strings"

	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui/termtext"
)

// Block characters used by the charts: eight heights and eight widths.
var (
	vblocks = []string{" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"}
	hblocks = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"}
)

// sparkline draws the last w values as one line of block characters,
// scaled between their minimum and maximum.
func sparkline(vals []float64, w int) string {
	if w <= 0 || len(vals) == 0 {
		return ""
	}
	if len(vals) > w {
		vals = vals[len(vals)-w:]
	}
	lo, hi := minMax(vals)
	var b strings.Builder
	for _, v := range vals {
		lvl := 4
		if hi > lo {
			lvl = 1 + int(math.Round((v-lo)/(hi-lo)*7))
		}
		b.WriteString(vblocks[min(max(lvl, 1), 8)])
	}
	return b.String()
}

func minMax(vals []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		lo, hi = min(lo, v), max(hi, v)
	}
	if lo > hi {
		return 0, 0
	}
	return lo, hi
}

// columnChart draws values as vertical bars, h lines high, each bar bw
// cells wide with one space between bars, scaled between lo (the bottom
// line) and hi (the top). It returns h lines.
func columnChart(vals []float64, lo, hi float64, h, bw int, ink theme.Ink) []string {
	lines := make([]string, h)
	if h <= 0 || len(vals) == 0 {
		return lines
	}
	if hi <= lo {
		hi = lo + 1
	}
	bs := make([]strings.Builder, h)
	for i, v := range vals {
		units := int(math.Round((v - lo) / (hi - lo) * float64(h*8)))
		units = max(units, 1) // every bar shows
		for row := 0; row < h; row++ {
			fromBottom := h - 1 - row // row 0 is the top line
			lvl := min(max(units-fromBottom*8, 0), 8)
			if i > 0 {
				bs[row].WriteByte(' ')
			}
			bs[row].WriteString(strings.Repeat(vblocks[lvl], bw))
		}
	}
	for row := range lines {
		lines[row] = ink.Render(bs[row].String())
	}
	return lines
}

// chartRange returns the range a column chart of vals is drawn over: from
// a little below the minimum (or zero, when that is close) to the maximum,
// so that small changes of a high value still show.
func chartRange(vals []float64) (lo, hi float64) {
	lo, hi = minMax(vals)
	span := hi - lo
	if span == 0 {
		span = math.Abs(hi)*0.1 + 1
	}
	base := lo - span/3
	if lo >= 0 && base < 0 || lo >= 0 && lo < span {
		base = 0
	}
	return base, hi
}

// bar returns a bar of w cells: used cells filled with fill, the rest
// blank, for the ranking chart.
func bar(frac float64, w int, fill theme.Ink) string {
	if w <= 0 {
		return ""
	}
	frac = min(max(frac, 0), 1)
	eighths := int(math.Round(frac * float64(w*8)))
	full, part := eighths/8, eighths%8
	s := strings.Repeat("█", full) + hblocks[part]
	return fill.Render(s) + termtext.Spaces(w-termtext.Width(s))
}
