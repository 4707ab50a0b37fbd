// Package sanitize makes untrusted text safe to show in a terminal.
//
// Every string that casewatch receives from a case system passes through
// Line (one-line fields: names, codes, ids, messages) or Text (multi-line
// fields: definitions, notes, legal basis) exactly once, where it is decoded.
// Both:
//
//   - replace each byte of invalid UTF-8 with U+FFFD (as encoding/json
//     does, so that sanitising raw bytes and sanitising what encoding/json
//     decoded from them give the same result);
//   - strip terminal escape sequences (CSI, OSC, DCS, APC, ...) with
//     github.com/charmbracelet/x/ansi;
//   - turn a tab into a space;
//   - drop every other control character: C0, DEL and C1 (including their
//     UTF-8 forms such as U+009B), so no carriage return, backspace or bell
//     survives;
//   - drop every Unicode format character (category Cf): zero-width
//     characters (U+200B–U+200F, U+2060–U+2064, U+FEFF), bidi embeddings,
//     overrides and isolates (U+202A–U+202E, U+2066–U+2069, U+061C) and tag
//     characters (U+E0000 block) among them;
//   - cap the length in runes, never splitting one, and mark a cut with "…".
//
// Line also flattens line breaks (CR, LF, CRLF, VT, FF, NEL, U+2028, U+2029)
// into one space each. Text keeps line breaks as "\n" (CRLF, CR, NEL,
// U+2028 and U+2029 become "\n"; VT and FF are dropped).
//
// Clean input, the common case, is returned as is without allocating.
package sanitize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Ellipsis marks a string cut to its cap.
const Ellipsis = "…"

// Line returns s made safe for a one-line field, at most maxN runes long
// (no cap when maxN <= 0).
func Line(s string, maxN int) string {
	if clean(s, maxN, false) {
		return s
	}
	return slow(s, maxN, false)
}

// Text returns s made safe for a multi-line field, at most maxN runes long
// (no cap when maxN <= 0). Line breaks are kept as "\n".
func Text(s string, maxN int) string {
	if clean(s, maxN, true) {
		return s
	}
	return slow(s, maxN, true)
}

// IsClean reports whether Line(s, maxN) would return s unchanged.
func IsClean(s string, maxN int) bool { return clean(s, maxN, false) }

// Forbidden reports whether r must not appear in sanitised text of any kind:
// a control character other than "\n", or a format character (zero-width,
// bidi control, tag, ...). Tests and fuzzers use it as the invariant.
func Forbidden(r rune) bool {
	if r == '\n' {
		return false
	}
	return unicode.IsControl(r) || isFormat(r) || r == '\u2028' || r == '\u2029'
}

// clean reports whether s needs no change: valid UTF-8, no forbidden rune, no
// line break (unless multi), and at most maxN runes.
func clean(s string, maxN int, multi bool) bool {
	if maxN > 0 && len(s) > maxN*utf8.UTFMax {
		return false
	}
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				if !(multi && c == '\n') {
					return false
				}
			}
			i++
			n++
			continue
		}
		// Fast path for most CJK text: lead bytes E3–EC and EE start
		// U+3000–U+CFFF and U+E000–U+EFFF, where every rune is allowed.
		if (c >= 0xe3 && c <= 0xec || c == 0xee) && i+2 < len(s) &&
			s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 {
			i += 3
			n++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		if !allowedNonASCII(r) {
			return false
		}
		i += size
		n++
	}
	return maxN <= 0 || n <= maxN
}

// allowedNonASCII reports whether a non-ASCII rune may stay as it is.
func allowedNonASCII(r rune) bool {
	// Fast path for the bulk of CJK text and most symbols: no control or
	// format character lives in [U+2070, U+FEFF).
	if r >= 0x2070 && r < 0xfeff {
		return true
	}
	if r < 0xa0 { // C1 controls U+0080–U+009F
		return false
	}
	if r == '\u2028' || r == '\u2029' {
		return false
	}
	return !isFormat(r)
}

func isFormat(r rune) bool {
	if r < 0xad {
		return false
	}
	return unicode.Is(unicode.Cf, r)
}

// slow builds the sanitised copy of s.
func slow(s string, maxN int, multi bool) string {
	if !utf8.ValidString(s) {
		s = fixUTF8(s)
	}
	if strings.IndexByte(s, 0x1b) >= 0 {
		s = ansi.Strip(s)
	}
	var b strings.Builder
	b.Grow(min(len(s), capBytes(maxN)))
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		out := rune(-1)
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' { // CRLF is one break
				i++
			}
			out = brk(multi)
		case r == '\n' || r == '\u0085' || r == '\u2028' || r == '\u2029':
			out = brk(multi)
		case r == '\t':
			out = ' '
		case r == '\v' || r == '\f':
			if !multi {
				out = ' '
			}
		case r < 0x20 || r == 0x7f:
			// other C0 and DEL: dropped
		case r < utf8.RuneSelf:
			out = r
		case allowedNonASCII(r):
			out = r
		}
		if out < 0 {
			continue
		}
		if maxN > 0 && n == maxN {
			return cut(b.String(), maxN)
		}
		b.WriteRune(out)
		n++
	}
	return b.String()
}

func brk(multi bool) rune {
	if multi {
		return '\n'
	}
	return ' '
}

// cut ends a string of maxN runes that had more to come: its last rune gives
// way to the ellipsis, so the result is still maxN runes long.
func cut(out string, maxN int) string {
	if maxN == 1 {
		return Ellipsis
	}
	_, size := utf8.DecodeLastRuneInString(out)
	return out[:len(out)-size] + Ellipsis
}

func capBytes(maxN int) int {
	if maxN <= 0 {
		return 1 << 30
	}
	return maxN * utf8.UTFMax
}

// fixUTF8 replaces each byte of an invalid UTF-8 sequence with U+FFFD.
func fixUTF8(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			i++
			continue
		}
		b.WriteString(s[i : i+size])
		i += size
	}
	return b.String()
}
