// Package termtext measures, guards and fits text for terminal cells by
// display width: Chinese characters take two cells, escape sequences none.
//
// Text from the case system is made safe once, where the client decodes
// it (client/sanitize); Guard is the last check on each whole frame.
package termtext

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// Ellipsis marks text cut to fit.
const Ellipsis = "…"

// dropped reports invisible formatting characters (Unicode category Cf:
// zero-width characters, bidirectional embeddings, overrides and isolates,
// the soft hyphen, tag characters…), which can reorder or hide text.
func dropped(r rune) bool {
	if r < 0xad || (r >= 0x2070 && r < 0xfeff) {
		return false // no Cf character lives here; the common case
	}
	return unicode.Is(unicode.Cf, r)
}

// Width returns the display width of s in cells.
func Width(s string) int { return ansi.StringWidth(s) }

// Truncate cuts s to at most w cells, ending with an ellipsis when cut.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, Ellipsis)
}

// Fit returns the (possibly styled) s cut or padded with spaces to exactly
// w cells, left-aligned.
func Fit(s string, w int) string {
	return fit(s, w, false)
}

// FitRight is Fit, right-aligned.
func FitRight(s string, w int) string {
	return fit(s, w, true)
}

func fit(s string, w int, right bool) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, Ellipsis)
		sw = ansi.StringWidth(s)
	}
	if sw == w {
		return s
	}
	if right {
		return Spaces(w-sw) + s
	}
	return s + Spaces(w-sw)
}

const spaces = "                                                                                                                                                                                                                                                                "

// Spaces returns n spaces, without allocating for n up to 256.
func Spaces(n int) string {
	if n <= 0 {
		return ""
	}
	if n <= len(spaces) {
		return spaces[:n]
	}
	return strings.Repeat(" ", n)
}

// Repeat returns s repeated to fill n cells (s is one cell wide).
func Repeat(s string, n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(s, n)
}
