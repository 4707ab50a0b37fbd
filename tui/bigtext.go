package tui

import "strings"

// bigGlyphs are 3×5-pixel digits and a colon, drawn three lines high with
// half blocks (each line holds two pixel rows; the sixth row is blank), so
// that counts and the clock on a wall display read from across a room.
// Each string is five rows of pixels, '#' set.
var bigGlyphs = map[rune][5]string{
	'0': {"###", "# #", "# #", "# #", "###"},
	'1': {" # ", "## ", " # ", " # ", "###"},
	'2': {"###", "  #", "###", "#  ", "###"},
	'3': {"###", "  #", "###", "  #", "###"},
	'4': {"# #", "# #", "###", "  #", "  #"},
	'5': {"###", "#  ", "###", "  #", "###"},
	'6': {"###", "#  ", "###", "# #", "###"},
	'7': {"###", "  #", "  #", "  #", "  #"},
	'8': {"###", "# #", "###", "# #", "###"},
	'9': {"###", "# #", "###", "  #", "###"},
	':': {" ", "#", " ", "#", " "},
	'—': {"   ", "   ", "###", "   ", "   "},
	'-': {"   ", "   ", "###", "   ", "   "},
}

// Heights of big text in lines: half blocks pack two pixel rows in a line
// (the sixth row blank); tall text draws each pixel as two full blocks on
// a line of its own, square on most terminals.
const (
	bigLines  = 3
	tallLines = 5
)

// bigWidth returns the width in cells of s drawn big (tall: in tall
// text), or -1 when s holds a character the font lacks.
func bigWidth(s string, tall bool) int {
	scale := 1
	if tall {
		scale = 2
	}
	w := 0
	for i, r := range s {
		g, ok := bigGlyphs[r]
		if !ok {
			return -1
		}
		if i > 0 {
			w += scale
		}
		w += len(g[0]) * scale
	}
	return w
}

// bigText draws s in the big font: bigLines lines (tallLines when tall) of
// equal width, glyphs one pixel apart. Characters the font lacks are
// skipped.
func bigText(s string, tall bool) []string {
	var px [6][]bool
	first := true
	for _, r := range s {
		g, ok := bigGlyphs[r]
		if !ok {
			continue
		}
		if !first {
			for y := range px {
				px[y] = append(px[y], false)
			}
		}
		first = false
		for y := range px {
			for x := range len(g[0]) {
				px[y] = append(px[y], y < 5 && g[y][x] == '#')
			}
		}
	}
	if tall {
		out := make([]string, tallLines)
		for y := range out {
			var b strings.Builder
			for _, on := range px[y] {
				if on {
					b.WriteString("██")
				} else {
					b.WriteString("  ")
				}
			}
			out[y] = b.String()
		}
		return out
	}
	out := make([]string, bigLines)
	for l := range out {
		var b strings.Builder
		top, bottom := px[2*l], px[2*l+1]
		for x := range top {
			switch {
			case top[x] && bottom[x]:
				b.WriteString("█")
			case top[x]:
				b.WriteString("▀")
			case bottom[x]:
				b.WriteString("▄")
			default:
				b.WriteByte(' ')
			}
		}
		out[l] = b.String()
	}
	return out
}
