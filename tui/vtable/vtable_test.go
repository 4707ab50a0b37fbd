package vtable

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/casewatch/casewatch/theme"
)

type rows struct{ n int }

func (r rows) Len() int { return r.n }

func (r rows) Row(i int, cells []string, inks []theme.Ink) {
	cells[0] = fmt.Sprint(i)
	cells[1] = strings.Repeat("名", i%7+1)
	cells[2] = "detail"
}

func cols() []Column {
	return []Column{
		{Title: "#", Min: 4, Priority: 10, Right: true},
		{Title: "名称", Min: 6, Max: 10, Priority: 5},
		{Title: "详情", Min: 8, Flex: true, Priority: 1},
	}
}

func TestLayoutDropsByPriority(t *testing.T) {
	m := New(cols())
	m.SetSize(30, 5)
	if !m.Shown(2) || m.ColumnWidth(0)+m.ColumnWidth(1)+m.ColumnWidth(2)+2 != 30 {
		t.Fatalf("widths %d %d %d", m.ColumnWidth(0), m.ColumnWidth(1), m.ColumnWidth(2))
	}
	m.SetSize(18, 5) // 4+1+6+1+8 = 20 > 18: the flex column goes
	if m.Shown(2) || !m.Shown(1) {
		t.Fatal("the lowest priority column should be dropped first")
	}
	m.SetSize(5, 5)
	if m.Shown(1) || !m.Shown(0) {
		t.Fatal("only the top priority column fits")
	}
}

// TestLayoutTakesBackWhatFits: when a wide column of middle priority is
// dropped, narrower columns of lower priority that fit in what is left
// come back instead of leaving the width empty (the notices list at 80
// columns lost its unit and person columns to the notice number).
func TestLayoutTakesBackWhatFits(t *testing.T) {
	m := New([]Column{
		{Title: "case", Min: 20, Priority: 99},
		{Title: "number", Min: 24, Priority: 60},
		{Title: "unit", Min: 6, Priority: 50},
		{Title: "person", Min: 4, Priority: 40},
	})
	m.SetSize(40, 5) // 20+1+24+1+6+1+4 = 57 > 40: the number cannot stay
	if m.Shown(1) || !m.Shown(0) || !m.Shown(2) || !m.Shown(3) {
		t.Fatalf("shown case %v number %v unit %v person %v", m.Shown(0), m.Shown(1), m.Shown(2), m.Shown(3))
	}
	m.SetSize(27, 5) // 20+1+6 = 27: the unit fits, the person not
	if !m.Shown(2) || m.Shown(3) {
		t.Fatalf("at 27: unit %v person %v", m.Shown(2), m.Shown(3))
	}
}

func TestLinesHoldWidth(t *testing.T) {
	for _, w := range []int{5, 11, 19, 20, 33, 80} {
		m := New(cols())
		m.SetSize(w, 6)
		m.SetLen(100)
		lines := m.Lines(rows{100}, nil)
		if len(lines) != 6 {
			t.Fatalf("%d lines", len(lines))
		}
		for _, l := range lines {
			if ansi.StringWidth(l) != w {
				t.Fatalf("width %d: line %q is %d wide", w, ansi.Strip(l), ansi.StringWidth(l))
			}
		}
	}
}

func TestCursorAndScroll(t *testing.T) {
	m := New(cols())
	m.SetSize(30, 6) // 5 data rows
	m.SetLen(20)
	m.Move(7)
	if m.Cursor() != 7 || m.Offset() != 3 {
		t.Fatalf("cursor %d offset %d", m.Cursor(), m.Offset())
	}
	m.PageDown()
	if m.Cursor() != 11 {
		t.Fatalf("page down to %d", m.Cursor())
	}
	m.Bottom()
	if m.Cursor() != 19 || m.Offset() != 15 {
		t.Fatalf("bottom: cursor %d offset %d", m.Cursor(), m.Offset())
	}
	m.Anchor(10, 2)
	if m.Cursor() != 10 || m.ScreenLine() != 2 {
		t.Fatalf("anchor: cursor %d line %d", m.Cursor(), m.ScreenLine())
	}
	m.Scroll(-100)
	if m.Offset() != 0 || m.Cursor() != 4 {
		t.Fatalf("scroll: offset %d cursor %d", m.Offset(), m.Cursor())
	}
	if i, ok := m.RowAt(3); !ok || i != 2 {
		t.Fatalf("RowAt(3) = %d %v", i, ok)
	}
	if _, ok := m.RowAt(0); ok {
		t.Fatal("the header is no row")
	}
	m.SetLen(3)
	if m.Cursor() != 2 {
		t.Fatalf("cursor not clamped: %d", m.Cursor())
	}
	m.SetLen(0)
	if m.Cursor() != 0 || m.Offset() != 0 {
		t.Fatal("empty table")
	}
}

func TestRenderAllocationsFlat(t *testing.T) {
	allocs := func(n int) float64 {
		m := New(cols())
		m.SetSize(60, 30)
		m.SetLen(n)
		m.Move(n / 2)
		buf := make([]string, 0, 40)
		return testing.AllocsPerRun(20, func() { _ = m.Lines(rows{n}, buf[:0]) })
	}
	small, big := allocs(1_000), allocs(1_000_000)
	if big > small*1.1+1 {
		t.Fatalf("allocations grow with rows: %v at 1k, %v at 1M", small, big)
	}
}
