package theme

import (
	"image/color"
	"strconv"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

// Tone is one semantic colour given for each colour depth. A zero field
// means "no colour" at that depth.
type Tone struct {
	// ANSI is one of the 16 basic colours (lipgloss.Red … lipgloss.BrightWhite).
	ANSI color.Color
	// ANSI256 is an xterm 256-colour index, as lipgloss.Color("208").
	ANSI256 color.Color
	// True is a 24-bit colour, as lipgloss.Color("#ff8700").
	True color.Color
}

// tone builds a Tone from a basic colour index, a 256-colour index and a hex
// value.
func tone(ansi, ansi256 int, hex string) Tone {
	return Tone{
		ANSI:    lipgloss.Color(strconv.Itoa(ansi)),
		ANSI256: lipgloss.Color(strconv.Itoa(ansi256)),
		True:    lipgloss.Color(hex),
	}
}

// Resolve picks the colour of t for profile p; nil when p carries no colour.
func (t Tone) Resolve(p colorprofile.Profile) color.Color {
	switch p {
	case colorprofile.TrueColor:
		return t.True
	case colorprofile.ANSI256:
		return t.ANSI256
	case colorprofile.ANSI:
		return t.ANSI
	}
	return nil
}

// Palette is the semantic colour set of one theme.
type Palette struct {
	// Text is ordinary text; Muted secondary text; Border panel borders;
	// Accent headings, keys and the focused panel.
	Text, Muted, Border, Accent Tone
	// OK, Notice, Warning and Overdue are the states of data: fine, 提示,
	// 预警 and 超期.
	OK, Notice, Warning, Overdue Tone
	// SelectFg and SelectBg draw the row under the cursor.
	SelectFg, SelectBg Tone
	// BadgeFg and BadgeBg draw the 演示数据 / DEMO badge.
	BadgeFg, BadgeBg Tone
	// BannerFg and BannerBg draw the API-unreachable banner.
	BannerFg, BannerBg Tone
	// PinFg and PinBg draw the rows a wall display pinned on a new overdue
	// alert, and its banner.
	PinFg, PinBg Tone
	// TileFg is the text on a tile of state colour (OK, Warning, Overdue
	// as background) of a wall display's summary strip.
	TileFg Tone
}

// DarkPalette is the palette for dark backgrounds.
func DarkPalette() Palette {
	return Palette{
		Text:     tone(7, 252, "#d0d0d0"),
		Muted:    tone(8, 245, "#8a8a8a"),
		Border:   tone(8, 240, "#585858"),
		Accent:   tone(6, 38, "#00afd7"),
		OK:       tone(2, 35, "#00af5f"),
		Notice:   tone(12, 75, "#5fafff"),
		Warning:  tone(3, 214, "#ffaf00"),
		Overdue:  tone(9, 203, "#ff5f5f"),
		SelectFg: tone(15, 231, "#ffffff"),
		SelectBg: tone(4, 24, "#005f87"),
		BadgeFg:  tone(15, 231, "#ffffff"),
		BadgeBg:  tone(5, 127, "#af00af"),
		BannerFg: tone(15, 231, "#ffffff"),
		BannerBg: tone(1, 124, "#af0000"),
		PinFg:    tone(0, 16, "#000000"),
		PinBg:    tone(11, 220, "#ffd700"),
		TileFg:   tone(0, 16, "#000000"),
	}
}

// LightPalette is the palette for light backgrounds.
func LightPalette() Palette {
	return Palette{
		Text:     tone(0, 235, "#262626"),
		Muted:    tone(8, 242, "#6c6c6c"),
		Border:   tone(8, 248, "#a8a8a8"),
		Accent:   tone(4, 25, "#005faf"),
		OK:       tone(2, 28, "#008700"),
		Notice:   tone(4, 32, "#0087d7"),
		Warning:  tone(5, 130, "#af5f00"),
		Overdue:  tone(1, 160, "#d70000"),
		SelectFg: tone(15, 231, "#ffffff"),
		SelectBg: tone(4, 25, "#005faf"),
		BadgeFg:  tone(15, 231, "#ffffff"),
		BadgeBg:  tone(5, 90, "#870087"),
		BannerFg: tone(15, 231, "#ffffff"),
		BannerBg: tone(1, 160, "#d70000"),
		PinFg:    tone(0, 16, "#000000"),
		PinBg:    tone(11, 220, "#ffd700"),
		TileFg:   tone(15, 231, "#ffffff"),
	}
}

// HighContrastPalette is a palette of saturated colours for a dark (isDark)
// or light background.
func HighContrastPalette(isDark bool) Palette {
	if !isDark {
		return Palette{
			Text:     tone(0, 16, "#000000"),
			Muted:    tone(0, 236, "#303030"),
			Border:   tone(0, 16, "#000000"),
			Accent:   tone(4, 19, "#0000af"),
			OK:       tone(2, 22, "#005f00"),
			Notice:   tone(4, 18, "#000087"),
			Warning:  tone(5, 94, "#875f00"),
			Overdue:  tone(1, 124, "#af0000"),
			SelectFg: tone(15, 231, "#ffffff"),
			SelectBg: tone(0, 16, "#000000"),
			BadgeFg:  tone(15, 231, "#ffffff"),
			BadgeBg:  tone(0, 16, "#000000"),
			BannerFg: tone(15, 231, "#ffffff"),
			BannerBg: tone(1, 124, "#af0000"),
			PinFg:    tone(0, 16, "#000000"),
			PinBg:    tone(11, 220, "#ffd700"),
			TileFg:   tone(15, 231, "#ffffff"),
		}
	}
	return Palette{
		Text:     tone(15, 231, "#ffffff"),
		Muted:    tone(7, 250, "#bcbcbc"),
		Border:   tone(15, 231, "#ffffff"),
		Accent:   tone(14, 51, "#00ffff"),
		OK:       tone(10, 46, "#00ff00"),
		Notice:   tone(14, 87, "#5fffff"),
		Warning:  tone(11, 226, "#ffff00"),
		Overdue:  tone(9, 196, "#ff0000"),
		SelectFg: tone(0, 16, "#000000"),
		SelectBg: tone(15, 231, "#ffffff"),
		BadgeFg:  tone(0, 16, "#000000"),
		BadgeBg:  tone(11, 226, "#ffff00"),
		BannerFg: tone(15, 231, "#ffffff"),
		BannerBg: tone(1, 196, "#ff0000"),
		PinFg:    tone(0, 16, "#000000"),
		PinBg:    tone(11, 226, "#ffff00"),
		TileFg:   tone(0, 16, "#000000"),
	}
}
