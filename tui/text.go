package tui

import (
	"github.com/casewatch/casewatch/tui/termtext"
)

// clean guards one piece of data text (see termtext.Clean).
func clean(s string) string { return termtext.Clean(s) }

// textWidth is the display width of s.
func textWidth(s string) int { return termtext.Width(s) }

// fitLine cuts or pads a (possibly styled) line to exactly w cells.
func fitLine(s string, w int) string { return termtext.Pad(s, w) }

// spread puts left at the start and right at the end of a w-cell line;
// when both do not fit, right is cut first.
func spread(left, right string, w int) string {
	lw, rw := textWidth(left), textWidth(right)
	switch {
	case lw+1+rw <= w:
		return left + termtext.Spaces(w-lw-rw) + right
	case lw+3 < w:
		room := w - lw - 2
		return left + "  " + fitLine(right, room)
	default:
		return fitLine(left, w)
	}
}

// loadingText says data is on its way, or why it is not.
func (m *model) loadingText(err error) string {
	if err != nil {
		return m.cat.F("err.fetch", m.failText(failureOf(err)))
	}
	return m.cat.T("loading")
}
