package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui/termtext"
)

// doc builds the lines of a scrollable drill-down screen.
type doc struct {
	c     *common
	w     int
	lines []string
}

// add appends a line, cut to the width. A line of "label value" pairs
// (kv) that does not fit wraps between pairs instead, the following lines
// indented, so that no pair hides behind an ellipsis.
func (d *doc) add(s string) {
	if !strings.Contains(s, kvBreak) {
		d.lines = append(d.lines, fitLine(s, d.w))
		return
	}
	parts := strings.Split(s, kvBreak)
	if whole := strings.Join(parts, ""); textWidth(whole) <= d.w {
		d.lines = append(d.lines, whole)
		return
	}
	sep := d.kvSep()
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.TrimPrefix(parts[i], sep)
	}
	// The following lines indent two cells past the first line's indent.
	indent := parts[0][:len(parts[0])-len(strings.TrimLeft(parts[0], " "))] + "  "
	d.lines = append(d.lines, packItems(parts, sep, indent, d.w, 0)...)
}

// kvBreak marks where a kv line may wrap (before each pair's separator);
// add removes it. The sanitised data never holds this control character.
const kvBreak = "\x1e"

// kvSep is the painted separator between kv pairs.
func (d *doc) kvSep() string {
	var b strings.Builder
	d.c.styles.Muted.Paint(&b, " · ")
	return b.String()
}

// blank appends an empty line.
func (d *doc) blank() { d.lines = append(d.lines, "") }

// section appends a section heading.
func (d *doc) section(title string) {
	if len(d.lines) > 0 {
		d.blank()
	}
	t := "── " + title + " "
	d.add(d.c.styles.Title.Render(t) + d.c.styles.Border.Render(termtext.Repeat("─", d.w-textWidth(t))))
}

// wrap appends text wrapped to the width after a prefix (the prefix's width
// indents the following lines).
func (d *doc) wrap(prefix, text string, ink theme.Ink) {
	pw := textWidth(prefix)
	room := max(d.w-pw, 8)
	for i, l := range wrapText(oneLine(text), room) {
		p := prefix
		if i > 0 {
			p = termtext.Spaces(pw)
		}
		d.add(p + ink.Render(l))
	}
}

// wrapText wraps clean text to w cells by display width.
func wrapText(s string, w int) []string {
	if s == "" {
		return []string{""}
	}
	return strings.Split(ansi.Wrap(s, w, ""), "\n")
}

// kv formats "label value" pairs separated by a muted dot, marked where
// add may wrap them (kvBreak): its result goes to add.
func (d *doc) kv(pairs ...string) string {
	s := d.c.styles
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(kvBreak)
			s.Muted.Paint(&b, " · ")
		}
		s.Muted.Paint(&b, pairs[i]+" ")
		b.WriteString(pairs[i+1])
	}
	return b.String()
}

// docBox draws a scrolled document in r with a scroll position note.
func (c *common) docBox(r rect, title, note string, noteInk theme.Ink, lines []string, offset int) []string {
	in := inner(r)
	offset = min(max(offset, 0), max(len(lines)-in.h, 0))
	end := min(offset+in.h, len(lines))
	if len(lines) > in.h && note == "" {
		note = c.cat.F("doc.pos", offset+1, end, len(lines))
		noteInk = c.styles.Muted
	}
	return c.box(r.w, r.h, title, note, noteInk, true, lines[offset:end])
}

// scrollKey applies a navigation key to a document of total lines shown
// h lines at a time; it reports whether the key was one.
func (c *common) scrollKey(k tea.KeyPressMsg, off *int, total, h int) bool {
	km := &c.keys
	maxOff := max(total-h, 0)
	switch {
	case key.Matches(k, km.Up):
		*off--
	case key.Matches(k, km.Down):
		*off++
	case key.Matches(k, km.PageUp):
		*off -= max(h-1, 1)
	case key.Matches(k, km.PageDown):
		*off += max(h-1, 1)
	case key.Matches(k, km.Top):
		*off = 0
	case key.Matches(k, km.Bottom):
		*off = maxOff
	default:
		return false
	}
	*off = min(max(*off, 0), maxOff)
	return true
}
