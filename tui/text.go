package tui

import (
	"strings"

	"github.com/casewatch/casewatch/client/sanitize"
	"github.com/casewatch/casewatch/tui/termtext"
)

// Text from the case system arrives clean: the client passes every string
// through client/sanitize where it decodes it, and the dashboard draws it
// as it is. termtext.Guard checks each whole frame last. Text that enters
// some other way (an error's message, a file path, a name from the command
// line or an SSH key, what the user typed) passes the same sanitiser where
// the dashboard takes it in, through outside or errLine.

// outside makes text that did not come through the client's decoder safe
// to draw, by the client's own policy (sanitize.Line: one line, no
// escapes, no control or format characters).
func outside(s string) string { return sanitize.Line(s, 0) }

// errLine is an error's message made safe to draw on one line.
func errLine(err error) string { return outside(err.Error()) }

// oneLine joins the lines of a multi-line field (sanitize.Text keeps line
// breaks: definitions, notes, legal basis, event details) for a place that
// shows it on one line or wraps it anew.
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// textWidth is the display width of s.
func textWidth(s string) int { return termtext.Width(s) }

// fitLine cuts or pads a (possibly styled) line to exactly w cells.
func fitLine(s string, w int) string { return termtext.Fit(s, w) }

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
func (c *common) loadingText(err error) string {
	if err != nil {
		return c.cat.F("err.fetch", c.failText(failureOf(err)))
	}
	return c.cat.T("loading")
}
