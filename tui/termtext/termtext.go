// Package termtext measures, guards and fits text for terminal cells by
// display width: Chinese characters take two cells, escape sequences none.
//
// Clean is the last line of defence against control characters in data:
// the client sanitises every string from the API, and the dashboard still
// passes each cell through Clean before drawing it. Clean costs a byte scan
// and allocates nothing when the text is already clean.
package termtext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Ellipsis marks text cut to fit.
const Ellipsis = "…"

// Clean returns s as plain one-line text: escape sequences are removed, tabs
// and line breaks become spaces, other C0 and C1 controls, DEL, zero-width
// and bidirectional formatting characters are dropped, and invalid UTF-8 is
// replaced. Clean text is returned as is, without allocating.
func Clean(s string) string {
	if !suspicious(s) {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		case dropped(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dropped reports invisible formatting characters (Unicode category Cf:
// zero-width characters, bidirectional embeddings, overrides and isolates,
// the soft hyphen, tag characters…), which can reorder or hide text.
func dropped(r rune) bool {
	if r < 0xad || (r >= 0x2070 && r < 0xfeff) {
		return false // no Cf character lives here; the common case
	}
	return unicode.Is(unicode.Cf, r)
}

// suspicious is the fast path of Clean: it reports whether s holds
// anything Clean would change, without allocating.
func suspicious(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c < 0x20 || c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n <= 1) || r < 0xa0 || r == 0x2028 || r == 0x2029 || dropped(r) {
			return true
		}
		i += n
	}
	return false
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

// Fit cleans s and returns it cut or padded with spaces to exactly w cells,
// left-aligned.
func Fit(s string, w int) string {
	return fit(Clean(s), w, false)
}

// FitRight is Fit, right-aligned.
func FitRight(s string, w int) string {
	return fit(Clean(s), w, true)
}

// Pad pads the (already clean, possibly styled) s with spaces to w cells,
// cutting it when it is wider.
func Pad(s string, w int) string {
	return fit(s, w, false)
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
