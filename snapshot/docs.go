package snapshot

import (
	"bufio"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// textDoc writes plain text: underlined headings, label columns and
// tables aligned by display width (a Chinese character takes two columns).
type textDoc struct {
	w     *bufio.Writer
	blank bool // a blank line is due before the next block
}

func (d *textDoc) block() {
	if d.blank {
		d.w.WriteByte('\n')
	}
	d.blank = true
}

func (d *textDoc) title(s string) {
	d.w.WriteString(s + "\n" + strings.Repeat("=", ansi.StringWidth(s)) + "\n")
	d.blank = true
}

func (d *textDoc) note(s string) {
	d.block()
	d.w.WriteString("** " + s + " **\n")
}

func (d *textDoc) fields(kv [][2]string) {
	d.block()
	width := 0
	for _, f := range kv {
		width = max(width, ansi.StringWidth(f[0]))
	}
	for _, f := range kv {
		d.w.WriteString(pad(f[0], width, false) + "  " + f[1] + "\n")
	}
}

func (d *textDoc) heading(s string) {
	d.w.WriteString("\n\n" + s + "\n" + strings.Repeat("-", ansi.StringWidth(s)) + "\n")
	d.blank = false
}

func (d *textDoc) sub(s string) {
	d.block()
	d.w.WriteString(s + "\n")
	d.blank = false
}

func (d *textDoc) para(s string) {
	d.block()
	d.w.WriteString(s + "\n")
}

func (d *textDoc) table(t table) {
	if len(t.rows) == 0 {
		d.w.WriteString("  " + t.none + "\n")
		d.blank = true
		return
	}
	width := make([]int, len(t.head))
	for i, h := range t.head {
		width[i] = ansi.StringWidth(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			width[i] = max(width[i], ansi.StringWidth(c))
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		b.WriteString("  ")
		for i, c := range cells {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(pad(c, width[i], t.right[i]))
		}
		d.w.WriteString(strings.TrimRight(b.String(), " ") + "\n")
	}
	line(t.head)
	rule := make([]string, len(width))
	for i, n := range width {
		rule[i] = strings.Repeat("-", n)
	}
	line(rule)
	for _, r := range t.rows {
		line(r)
	}
	d.blank = true
}

// pad pads s with spaces to width display columns, on the left when right.
func pad(s string, width int, right bool) string {
	n := width - ansi.StringWidth(s)
	if n <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", n) + s
	}
	return s + strings.Repeat(" ", n)
}

// markdownDoc writes CommonMark with GitHub tables.
type markdownDoc struct {
	w *bufio.Writer
}

func (d *markdownDoc) title(s string) { d.w.WriteString("# " + mdEscape(s) + "\n") }

func (d *markdownDoc) note(s string) { d.w.WriteString("\n> **" + mdEscape(s) + "**\n") }

func (d *markdownDoc) fields(kv [][2]string) {
	d.w.WriteString("\n")
	for _, f := range kv {
		d.w.WriteString("- **" + mdEscape(f[0]) + "**: " + mdEscape(f[1]) + "\n")
	}
}

func (d *markdownDoc) heading(s string) { d.w.WriteString("\n## " + mdEscape(s) + "\n") }

func (d *markdownDoc) sub(s string) { d.w.WriteString("\n### " + mdEscape(s) + "\n") }

func (d *markdownDoc) para(s string) { d.w.WriteString("\n" + mdEscape(s) + "\n") }

func (d *markdownDoc) table(t table) {
	d.w.WriteString("\n")
	if len(t.rows) == 0 {
		d.w.WriteString(mdEscape(t.none) + "\n")
		return
	}
	row := func(cells []string) {
		d.w.WriteString("|")
		for _, c := range cells {
			d.w.WriteString(" " + mdEscape(c) + " |")
		}
		d.w.WriteString("\n")
	}
	row(t.head)
	d.w.WriteString("|")
	for _, r := range t.right {
		if r {
			d.w.WriteString(" ---: |")
		} else {
			d.w.WriteString(" --- |")
		}
	}
	d.w.WriteString("\n")
	for _, r := range t.rows {
		row(r)
	}
}

// mdEscape keeps text from the API from being read as Markdown or HTML.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`",
	"[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "#", `\#`, "\n", " ")

func mdEscape(s string) string { return mdEscaper.Replace(s) }
