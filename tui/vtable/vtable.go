// Package vtable is a virtual table: it draws only the rows on screen,
// asks its Source for their cells on demand, and allocates nothing in
// proportion to the number of rows. Columns have a minimum and a preferred
// width and a priority; when the table is too narrow, the columns of lowest
// priority are dropped rather than squeezed, so rows never wrap. Every cell
// is measured, cut and padded by display width.
package vtable

import (
	"strings"

	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui/termtext"
)

// Column describes one column of a table.
type Column struct {
	// Title is the header text.
	Title string
	// Min is the narrowest width in cells the column is shown at.
	Min int
	// Max is the preferred width; columns grow from Min to Max before flex
	// columns take what is left. Zero means Min. A column with zero Min and
	// Max that is not Flex is hidden.
	Max int
	// Flex columns share the width left after every column reached Max.
	Flex bool
	// Priority orders dropping: when the columns do not fit, the lowest
	// priority goes first.
	Priority int
	// Right aligns the column to the right.
	Right bool
}

// Source supplies the rows of a table.
type Source interface {
	// Len is the number of rows.
	Len() int
	// Row fills cells[c] with the text of column c of row i and may set
	// inks[c] to colour it. Both slices have one entry per column given to
	// New; unset entries are empty and plain. Text is cleaned, cut and
	// padded by the table.
	Row(i int, cells []string, inks []theme.Ink)
}

// Spanner is implemented by a Source some of whose rows are one line
// across the whole table (a group's header): Span returns that line's
// text and ink, and ok false for an ordinary row.
type Spanner interface {
	Span(i int) (text string, ink theme.Ink, ok bool)
}

// Styles are the inks of the table's chrome.
type Styles struct {
	// Header draws the column titles.
	Header theme.Ink
	// Selected draws the row under the cursor, whole, over cell inks.
	Selected theme.Ink
}

// Model is the state of one virtual table: its columns, size, cursor and
// scroll offset. The zero Model is an empty table.
type Model struct {
	cols    []Column
	shown   []int // indexes of shown columns, in column order
	widths  []int // width of each column (0 when hidden)
	width   int
	height  int // rows of data, header excluded
	n       int
	cursor  int
	offset  int
	header  string // rendered header, cached per layout
	styles  Styles
	cells   []string
	inks    []theme.Ink
	focused bool
}

// New returns a table with the given columns.
func New(cols []Column) Model {
	m := Model{focused: true}
	m.SetColumns(cols)
	return m
}

// SetColumns replaces the columns and lays them out again.
func (m *Model) SetColumns(cols []Column) {
	m.cols = cols
	m.cells = make([]string, len(cols))
	m.inks = make([]theme.Ink, len(cols))
	m.layout()
}

// SetStyles sets the inks of header and selected row.
func (m *Model) SetStyles(s Styles) {
	m.styles = s
	m.layout()
}

// SetFocused sets whether the cursor row is highlighted.
func (m *Model) SetFocused(f bool) { m.focused = f }

// SetSize sets the table's outer size in cells: width, and height including
// the header line.
func (m *Model) SetSize(width, height int) {
	m.width = max(width, 0)
	m.height = max(height-1, 0)
	m.layout()
	m.clamp()
}

// Width returns the table's width in cells.
func (m *Model) Width() int { return m.width }

// Height returns the number of data rows on screen.
func (m *Model) Height() int { return m.height }

// Shown reports whether column c is on screen at the current width.
func (m *Model) Shown(c int) bool { return c >= 0 && c < len(m.widths) && m.widths[c] > 0 }

// ColumnWidth returns the width of column c (0 when dropped).
func (m *Model) ColumnWidth(c int) int {
	if c < 0 || c >= len(m.widths) {
		return 0
	}
	return m.widths[c]
}

// layout decides which columns are shown and how wide each is.
func (m *Model) layout() {
	m.widths = make([]int, len(m.cols))
	m.shown = m.shown[:0]
	on := make([]bool, len(m.cols))
	for i, c := range m.cols {
		// A column with no width at all is switched off.
		on[i] = c.Min > 0 || c.Max > 0 || c.Flex
	}
	need := func() int {
		w, k := 0, 0
		for i, c := range m.cols {
			if on[i] {
				w += c.Min
				k++
			}
		}
		if k > 1 {
			w += k - 1
		}
		return w
	}
	for need() > m.width {
		low := -1
		for i, c := range m.cols {
			if on[i] && (low < 0 || c.Priority < m.cols[low].Priority) {
				low = i
			}
		}
		if low < 0 {
			break
		}
		on[low] = false
	}
	// A narrower column of lower priority may fit where a wide one was
	// dropped: take back, highest priority first, every dropped column
	// that fits in what is left.
	for {
		back := -1
		for i, c := range m.cols {
			if !on[i] && (c.Min > 0 || c.Max > 0 || c.Flex) && need()+c.Min+1 <= m.width &&
				(back < 0 || c.Priority > m.cols[back].Priority) {
				back = i
			}
		}
		if back < 0 {
			break
		}
		on[back] = true
	}
	left := m.width - need()
	for i, c := range m.cols {
		if on[i] {
			m.widths[i] = c.Min
			m.shown = append(m.shown, i)
		}
	}
	// Grow towards Max by priority.
	for left > 0 {
		best := -1
		for i, c := range m.cols {
			if on[i] && m.widths[i] < max(c.Max, c.Min) && (best < 0 || c.Priority > m.cols[best].Priority) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		grow := min(left, max(m.cols[best].Max, m.cols[best].Min)-m.widths[best])
		m.widths[best] += grow
		left -= grow
	}
	// Share the rest among flex columns.
	var flex []int
	for i, c := range m.cols {
		if on[i] && c.Flex {
			flex = append(flex, i)
		}
	}
	for k, i := range flex {
		share := left / (len(flex) - k)
		m.widths[i] += share
		left -= share
	}
	var b strings.Builder
	for k, i := range m.shown {
		if k > 0 {
			b.WriteByte(' ')
		}
		if m.cols[i].Right {
			b.WriteString(termtext.FitRight(m.cols[i].Title, m.widths[i]))
		} else {
			b.WriteString(termtext.Fit(m.cols[i].Title, m.widths[i]))
		}
	}
	b.WriteString(termtext.Spaces(m.width - m.used()))
	m.header = m.styles.Header.Render(b.String())
}

// used is the width of the shown columns and their separators.
func (m *Model) used() int {
	w := 0
	for k, i := range m.shown {
		if k > 0 {
			w++
		}
		w += m.widths[i]
	}
	return w
}

// SetLen sets the number of rows and keeps the cursor in range.
func (m *Model) SetLen(n int) {
	m.n = max(n, 0)
	m.clamp()
}

// Len returns the number of rows.
func (m *Model) Len() int { return m.n }

// Cursor returns the selected row (0 when empty).
func (m *Model) Cursor() int { return m.cursor }

// Offset returns the first row on screen.
func (m *Model) Offset() int { return m.offset }

// SetCursor selects row i, scrolling as little as needed.
func (m *Model) SetCursor(i int) {
	m.cursor = i
	m.clamp()
}

// Anchor selects row i and scrolls so that it stays at screen line line
// (0 is the first data line), as far as the rows allow. Use it after the
// rows changed under the cursor, so the selected row does not jump.
func (m *Model) Anchor(i, line int) {
	m.cursor = i
	m.offset = i - line
	m.clamp()
}

// ScreenLine returns the cursor's line on screen (0 is the first data line).
func (m *Model) ScreenLine() int { return m.cursor - m.offset }

// Move moves the cursor by delta rows.
func (m *Model) Move(delta int) {
	m.cursor += delta
	m.clamp()
}

// PageDown moves the cursor down by a screen.
func (m *Model) PageDown() { m.Move(max(m.height-1, 1)) }

// PageUp moves the cursor up by a screen.
func (m *Model) PageUp() { m.Move(-max(m.height-1, 1)) }

// Top selects the first row.
func (m *Model) Top() { m.SetCursor(0) }

// Bottom selects the last row.
func (m *Model) Bottom() { m.SetCursor(m.n - 1) }

// Scroll moves the view by delta rows, dragging the cursor along only when
// it would leave the screen (mouse wheel).
func (m *Model) Scroll(delta int) {
	m.offset += delta
	maxOff := max(m.n-m.height, 0)
	m.offset = min(max(m.offset, 0), maxOff)
	if m.cursor < m.offset {
		m.cursor = m.offset
	}
	if m.height > 0 && m.cursor >= m.offset+m.height {
		m.cursor = m.offset + m.height - 1
	}
	m.clamp()
}

// RowAt returns the row drawn at line y of the table (0 is the header).
func (m *Model) RowAt(y int) (int, bool) {
	if y < 1 || y > m.height {
		return 0, false
	}
	i := m.offset + y - 1
	if i >= m.n {
		return 0, false
	}
	return i, true
}

func (m *Model) clamp() {
	if m.n == 0 {
		m.cursor, m.offset = 0, 0
		return
	}
	m.cursor = min(max(m.cursor, 0), m.n-1)
	if m.height <= 0 {
		m.offset = m.cursor
		return
	}
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+m.height {
		m.offset = m.cursor - m.height + 1
	}
	m.offset = min(max(m.offset, 0), max(m.n-m.height, 0))
}

// Lines appends the table's lines to dst: the header, then one line per
// screen row (blank lines below the last row), each exactly Width cells
// wide.
func (m *Model) Lines(src Source, dst []string) []string {
	dst = append(dst, m.header)
	var b strings.Builder
	for y := 0; y < m.height; y++ {
		i := m.offset + y
		if i >= m.n {
			dst = append(dst, termtext.Spaces(m.width))
			continue
		}
		for c := range m.cells {
			m.cells[c] = ""
			m.inks[c] = theme.Ink{}
		}
		sel := m.focused && i == m.cursor
		if sp, ok := src.(Spanner); ok {
			if text, ink, ok := sp.Span(i); ok {
				line := termtext.Fit(text, m.width)
				if sel {
					dst = append(dst, m.styles.Selected.Render(line))
				} else {
					dst = append(dst, ink.Render(line))
				}
				continue
			}
		}
		src.Row(i, m.cells, m.inks)
		b.Reset()
		b.Grow(m.width + 64)
		for k, c := range m.shown {
			if k > 0 {
				b.WriteByte(' ')
			}
			var cell string
			if m.cols[c].Right {
				cell = termtext.FitRight(m.cells[c], m.widths[c])
			} else {
				cell = termtext.Fit(m.cells[c], m.widths[c])
			}
			if sel {
				b.WriteString(cell)
			} else {
				m.inks[c].Paint(&b, cell)
			}
		}
		b.WriteString(termtext.Spaces(m.width - m.used()))
		if sel {
			dst = append(dst, m.styles.Selected.Render(b.String()))
		} else {
			dst = append(dst, b.String())
		}
	}
	return dst
}
