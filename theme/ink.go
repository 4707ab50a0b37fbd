package theme

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// Ink is a lipgloss style reduced to the escape sequences it wraps text
// in, so hot paths (table rows drawn every frame) can colour text with two
// string concatenations instead of a full lipgloss render. Only colours and
// attributes survive the reduction: padding, width and borders do not.
// The zero Ink leaves text unchanged.
type Ink struct {
	// Style is the lipgloss style the ink was made from.
	Style lipgloss.Style
	pre   string
	post  string
}

// NewInk reduces st to an Ink.
func NewInk(st lipgloss.Style) Ink {
	// A printable letter: lipgloss v2.1 drops control characters such as
	// NUL from what it renders, and SGR sequences never hold a letter X.
	const probe = "X"
	out := st.Render(probe)
	i := strings.Index(out, probe)
	if i < 0 {
		return Ink{Style: st}
	}
	return Ink{Style: st, pre: out[:i], post: out[i+len(probe):]}
}

// Render wraps s in the ink's escape sequences.
func (k Ink) Render(s string) string {
	if k.pre == "" && k.post == "" {
		return s
	}
	return k.pre + s + k.post
}

// Plain reports whether the ink adds nothing to text.
func (k Ink) Plain() bool { return k.pre == "" && k.post == "" }

// Paint writes s wrapped in the ink to b.
func (k Ink) Paint(b *strings.Builder, s string) {
	b.WriteString(k.pre)
	b.WriteString(s)
	b.WriteString(k.post)
}
