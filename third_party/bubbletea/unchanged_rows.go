package tea

// [casewatch patch: unchanged rows]
//
// The renderer clears its cell buffer and draws every frame whole, which
// marks every row as touched. ultraviolet's terminal renderer diffs a touched
// row against what it believes is on screen, except a row holding a wide
// (CJK) cell or a cell whose width the terminal may measure differently: that
// row it repaints whole, touched being all it knows. So on a Chinese screen
// any change repainted nearly every row. Here a row whose cells hash the same
// as the same row of the last frame drawn is marked untouched, and the
// terminal renderer leaves it alone; rows it must repaint for reasons of its
// own (scrolls, erases, resizes) it still repaints, and the hashes are
// dropped whenever the screen may not hold the last frame (start, resize,
// erase, alt screen switch, colour profile or width method change, lines
// inserted above).

import (
	"image/color"

	uv "github.com/charmbracelet/ultraviolet"
)

// untouchUnchangedRows marks untouched each row of the frame in the cell
// buffer that hashes the same as in the last frame, when keep says the
// screen holds that frame, and remembers this frame's hashes.
func (s *cursedRenderer) untouchUnchangedRows(keep bool) {
	lines := s.cellbuf.Lines
	keep = keep && len(s.rowHashes) == len(lines) && len(s.cellbuf.Touched) >= len(lines)
	if cap(s.rowHashes) < len(lines) {
		s.rowHashes = make([]uint64, len(lines))
	}
	s.rowHashes = s.rowHashes[:len(lines)]
	for y := range lines {
		h := hashRow(lines[y])
		if keep && s.rowHashes[y] == h {
			if t := s.cellbuf.Touched[y]; t != nil {
				t.FirstCell, t.LastCell = -1, -1
			}
		}
		s.rowHashes[y] = h
	}
}

// FNV-1a, 64 bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashRow hashes what [uv.Cell.Equal] compares of every cell of a row:
// content, width, style (colours by their RGBA, as ultraviolet compares
// them) and link.
func hashRow(line uv.Line) uint64 {
	h := uint64(fnvOffset)
	for i := range line {
		c := &line[i]
		h = hashString(h, c.Content)
		h = hashWord(h, uint64(c.Width))
		h = hashWord(h, uint64(c.Style.Underline)<<8|uint64(c.Style.Attrs))
		h = hashColor(h, c.Style.Fg)
		h = hashColor(h, c.Style.Bg)
		h = hashColor(h, c.Style.UnderlineColor)
		h = hashString(h, c.Link.URL)
		h = hashString(h, c.Link.Params)
	}
	return h
}

func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return (h ^ 0xff) * fnvPrime // end of string: "ab"+"c" differs from "a"+"bc"
}

func hashWord(h, w uint64) uint64 {
	for range 8 {
		h = (h ^ (w & 0xff)) * fnvPrime
		w >>= 8
	}
	return h
}

func hashColor(h uint64, c color.Color) uint64 {
	if c == nil {
		return hashWord(h, 1<<63)
	}
	r, g, b, a := c.RGBA()
	return hashWord(hashWord(h, uint64(r)<<32|uint64(g)), uint64(b)<<32|uint64(a))
}
