package termtext

import (
	"strings"
	"unicode/utf8"
)

// Guard is the last check on a whole rendered frame: it lets through text,
// line feeds and SGR sequences (colours and attributes, ESC [ … m), and
// removes every other escape sequence (OSC, other CSI, DCS…), control
// character, C1 control, zero-width and bidirectional formatting character.
// A clean frame is returned as is after one byte scan.
func Guard(frame string) string {
	if guardClean(frame) {
		return frame
	}
	var b strings.Builder
	b.Grow(len(frame))
	for i := 0; i < len(frame); {
		c := frame[i]
		switch {
		case c == 0x1b:
			if j := sgrEnd(frame, i); j > 0 {
				b.WriteString(frame[i:j])
				i = j
			} else {
				i = skipEscape(frame, i)
			}
			continue
		case c == '\n':
			b.WriteByte(c)
			i++
			continue
		case c == '\t':
			b.WriteByte(' ')
			i++
			continue
		case c < 0x20 || c == 0x7f:
			i++
			continue
		case c < 0x80:
			b.WriteByte(c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(frame[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			b.WriteString("\uFFFD")
		case r >= 0x80 && r < 0xa0, dropped(r):
		case r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		default:
			b.WriteString(frame[i : i+n])
		}
		i += n
	}
	return b.String()
}

// guardClean is Guard's fast path.
func guardClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 0x1b:
			j := sgrEnd(s, i)
			if j < 0 {
				return false
			}
			i = j - 1
		case c == '\n':
		case c < 0x20 || c == 0x7f:
			return false
		case c >= 0x80:
			r, n := utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && n <= 1) || r < 0xa0 || r == 0x2028 || r == 0x2029 || dropped(r) {
				return false
			}
			i += n - 1
		}
	}
	return true
}

// sgrEnd returns the index just past the SGR sequence starting at s[i], or
// -1 when s[i:] is not one.
func sgrEnd(s string, i int) int {
	if i+1 >= len(s) || s[i+1] != '[' {
		return -1
	}
	for j := i + 2; j < len(s); j++ {
		switch c := s[j]; {
		case c >= '0' && c <= '9', c == ';', c == ':':
		case c == 'm':
			return j + 1
		default:
			return -1
		}
	}
	return -1
}

// skipEscape returns the index just past the (non-SGR) escape sequence
// starting at s[i].
func skipEscape(s string, i int) int {
	if i+1 >= len(s) {
		return len(s)
	}
	switch s[i+1] {
	case '[': // CSI: parameters, intermediates, one final byte
		for j := i + 2; j < len(s); j++ {
			if s[j] >= 0x40 && s[j] <= 0x7e {
				return j + 1
			}
		}
		return len(s)
	case ']', 'P', 'X', '^', '_': // OSC, DCS, SOS, PM, APC: until BEL or ST
		for j := i + 2; j < len(s); j++ {
			if s[j] == 0x07 {
				return j + 1
			}
			if s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\' {
				return j + 2
			}
		}
		return len(s)
	}
	return i + 2
}
