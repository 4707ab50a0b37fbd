package tui

// The column allocator: a table's columns start at the width of what they
// hold (measured from the data, not fixed), and when the table is too
// narrow they give way in a stated order, one step at a time and only as
// far as needed: a column shrinks to a narrower form (the level's glyph
// alone, a unit name cut to 8 cells) or is dropped. A column that no step
// names never gives way: the alerts table's case number is never cut
// (issue 14, D1/D17). What is left over goes to the flex column.

// giveWay is one step of the order in which columns give way: column col
// shrinks to width to (0 drops it). A discrete step (a form that is either
// whole or not, such as the level word) jumps to to at once; otherwise the
// column shrinks only as far as the table needs.
type giveWay struct {
	col      int
	to       int
	discrete bool
}

// allocColumns returns the width of every column for a table width cells
// wide (0 for a dropped column). full is each column's measured width (0:
// not shown at all); flex is the column that takes what is left over (-1
// for none), starting from its full width; steps is the order of giving
// way. Columns are separated by one cell.
func allocColumns(full []int, flex int, steps []giveWay, width int) []int {
	w := append([]int(nil), full...)
	need := func() int {
		n, k := 0, 0
		for _, x := range w {
			if x > 0 {
				n += x
				k++
			}
		}
		return n + max(k-1, 0)
	}
	for _, s := range steps {
		over := need() - width
		if over <= 0 {
			break
		}
		if s.col < 0 || s.col >= len(w) || w[s.col] <= s.to {
			continue
		}
		switch {
		case s.to == 0 || s.discrete:
			w[s.col] = s.to
		default:
			w[s.col] = max(s.to, w[s.col]-over)
		}
	}
	if flex >= 0 && flex < len(w) && w[flex] > 0 {
		if left := width - need(); left > 0 {
			w[flex] += left
		}
	}
	return w
}
