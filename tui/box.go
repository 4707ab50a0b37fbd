package tui

import (
	"strings"

	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui/termtext"
)

// borderSet is the set of characters of a panel border.
type borderSet struct{ tl, tr, bl, br, h, v string }

var (
	thinBorder  = borderSet{"╭", "╮", "╰", "╯", "─", "│"}
	thickBorder = borderSet{"┏", "┓", "┗", "┛", "━", "┃"}
)

// box draws a panel of exactly w×h cells: a border with title on the left
// and note on the right of its top edge, and body inside. Body lines are
// cut or padded to the inner width; missing lines are blank, extra lines
// are dropped. The focused panel gets a thick border, so focus reads
// without colour.
func (c *common) box(w, h int, title, note string, noteInk theme.Ink, focused bool, body []string) []string {
	if w < 2 || h < 2 {
		out := make([]string, max(h, 0))
		for i := range out {
			out[i] = termtext.Spaces(w)
		}
		return out
	}
	bs, ink, tink := thinBorder, c.styles.Border, c.styles.Title
	if focused {
		bs, ink, tink = thickBorder, c.styles.Focus, c.styles.Focus
	}
	iw := w - 2
	out := make([]string, 0, h)

	// Top edge: ╭─ title ───── note ─╮
	var b strings.Builder
	b.WriteString(ink.Render(bs.tl + bs.h))
	room := iw - 1
	t := termtext.Truncate(title, max(room-2, 0))
	used := 0
	if t != "" && room >= 3 {
		b.WriteString(" ")
		b.WriteString(tink.Render(t))
		b.WriteString(" ")
		used = termtext.Width(t) + 2
	}
	n := note
	if n != "" {
		avail := room - used - 4
		if avail >= 4 {
			n = termtext.Truncate(n, avail)
			fill := room - used - termtext.Width(n) - 4
			b.WriteString(ink.Render(strings.Repeat(bs.h, fill+1)))
			b.WriteString(" ")
			b.WriteString(noteInk.Render(n))
			b.WriteString(" ")
			b.WriteString(ink.Render(bs.h + bs.tr))
			out = append(out, b.String())
			n = "-"
		} else {
			n = ""
		}
	}
	if n == "" {
		b.WriteString(ink.Render(strings.Repeat(bs.h, room-used) + bs.tr))
		out = append(out, b.String())
	}

	side := ink.Render(bs.v)
	for i := 0; i < h-2; i++ {
		line := ""
		if i < len(body) {
			line = body[i]
		}
		out = append(out, side+termtext.Fit(line, iw)+side)
	}
	out = append(out, ink.Render(bs.bl+strings.Repeat(bs.h, iw)+bs.br))
	return out
}

// joinColumns puts blocks of lines side by side, line by line.
func joinColumns(blocks ...[]string) []string {
	h := 0
	for _, b := range blocks {
		h = max(h, len(b))
	}
	out := make([]string, h)
	for i := range out {
		var sb strings.Builder
		for _, b := range blocks {
			if i < len(b) {
				sb.WriteString(b[i])
			}
		}
		out[i] = sb.String()
	}
	return out
}
