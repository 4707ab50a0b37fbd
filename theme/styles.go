package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

// Styles is everything the dashboard draws with, built from one palette.
type Styles struct {
	// Kind is the family actually used (never Auto).
	Kind Kind
	// Dark reports whether the styles target a dark background.
	Dark bool

	Text     Ink // ordinary text
	Muted    Ink // secondary text, units, hints
	Accent   Ink // product name, headings, keys in help
	Title    Ink // panel titles
	Border   Ink // panel borders
	Focus    Ink // border and title of the focused panel
	Header   Ink // table column headers
	Selected Ink // the row under the cursor
	Badge    Ink // the 演示数据 / DEMO badge
	Banner   Ink // the API-unreachable banner
	Stale    Ink // STALE data ages
	TabOn    Ink // the active tab
	TabOff   Ink // other tabs

	OK      Ink // good values, confirmed acks
	Notice  Ink // level notice (提示)
	Warning Ink // level warning (预警)
	Overdue Ink // level overdue (超期)
	New     Ink // the marker of alerts new since last looked
	Pending Ink // acks waiting in the outbox
	Flag    Ink // 排名靠后 / 波动较大 and failed card checks
	Good    Ink // a change in the better direction
	Bad     Ink // a change in the worse direction
	Mark    Ink // the scope unit in a ranking

	Pinned      Ink // rows and banner of new overdue alerts on a wall display
	TileOK      Ink // a summary tile whose count is zero (all clear)
	TileWarning Ink // a summary tile of things due soon
	TileOverdue Ink // a summary tile of overdue things and gaps

	BarFill  Ink // filled part of coverage and ranking bars
	BarEmpty Ink // empty part of bars
	Spark    Ink // sparklines and history charts

	// HelpKey, HelpDesc and HelpSep style the bubbles help component.
	HelpKey, HelpDesc, HelpSep lipgloss.Style
	// Prompt, Input and Placeholder style the bubbles textinput component.
	Prompt, Input, Placeholder lipgloss.Style
}

// Level returns the ink of an alert level code (notice, warning, overdue).
func (s *Styles) Level(code string) Ink {
	switch code {
	case "overdue":
		return s.Overdue
	case "warning":
		return s.Warning
	case "notice":
		return s.Notice
	case "rectify_overdue", "points_limit":
		return s.Warning // red stays for 超期
	case "rectify":
		return s.Muted
	}
	return s.Text
}

// LevelGlyph returns the glyph shown beside the level word, so a level
// reads without colour.
func LevelGlyph(code string) string {
	switch code {
	case "overdue":
		return "✖"
	case "warning":
		return "▲"
	case "notice":
		return "●"
	case "rectify_overdue", "points_limit":
		return "◆"
	case "rectify":
		return "◇"
	}
	return "·"
}

// Resolve returns the concrete family of k for a background: Auto becomes
// Dark or Light.
func (k Kind) Resolve(isDark bool) Kind {
	if k != Auto {
		return k
	}
	if isDark {
		return Dark
	}
	return Light
}

// New builds the styles of kind k for a dark (isDark) or light background,
// picking hand-chosen colours for colour profile p (colorprofile.ANSI,
// ANSI256 or TrueColor; Ascii and NoTTY give colourless styles).
func New(k Kind, isDark bool, p colorprofile.Profile) *Styles {
	k = k.Resolve(isDark)
	var pal Palette
	switch k {
	case Light:
		pal = LightPalette()
	case HighContrast:
		pal = HighContrastPalette(isDark)
	default:
		pal = DarkPalette()
	}
	if k == Mono {
		p = colorprofile.Ascii
	}
	c := func(t Tone) color.Color { return t.Resolve(p) }
	fg := func(t Tone) lipgloss.Style {
		st := lipgloss.NewStyle()
		if col := c(t); col != nil {
			st = st.Foreground(col)
		}
		return st
	}
	fgbg := func(f, b Tone) lipgloss.Style {
		st := fg(f)
		if col := c(b); col != nil {
			st = st.Background(col)
		}
		return st
	}
	hc := k == HighContrast
	mono := k == Mono || c(pal.Text) == nil

	s := &Styles{Kind: k, Dark: isDark}
	s.Text = NewInk(lipgloss.NewStyle())
	s.Muted = NewInk(fg(pal.Muted))
	s.Accent = NewInk(fg(pal.Accent).Bold(true))
	s.Title = NewInk(fg(pal.Text).Bold(true))
	s.Border = NewInk(fg(pal.Border))
	s.Focus = NewInk(fg(pal.Accent).Bold(true))
	s.Header = NewInk(fg(pal.Muted).Bold(true).Underline(mono || hc))
	s.Selected = NewInk(fgbg(pal.SelectFg, pal.SelectBg).Bold(true).Reverse(mono))
	s.Badge = NewInk(fgbg(pal.BadgeFg, pal.BadgeBg).Bold(true).Reverse(mono))
	s.Banner = NewInk(fgbg(pal.BannerFg, pal.BannerBg).Bold(true).Reverse(mono))
	s.Stale = NewInk(fg(pal.Overdue).Bold(true).Underline(mono || hc))
	s.TabOn = NewInk(fgbg(pal.SelectFg, pal.SelectBg).Bold(true).Reverse(mono))
	s.TabOff = NewInk(fg(pal.Muted))

	s.OK = NewInk(fg(pal.OK))
	s.Notice = NewInk(fg(pal.Notice))
	s.Warning = NewInk(fg(pal.Warning).Bold(true))
	s.Overdue = NewInk(fg(pal.Overdue).Bold(true).Reverse(mono || hc))
	s.New = NewInk(fg(pal.Accent).Bold(true))
	s.Pending = NewInk(fg(pal.Warning).Italic(!mono))
	s.Flag = NewInk(fg(pal.Overdue).Bold(true).Underline(mono))
	s.Good = NewInk(fg(pal.OK))
	s.Bad = NewInk(fg(pal.Overdue))
	s.Mark = NewInk(fg(pal.Accent).Bold(true).Underline(mono))

	s.Pinned = NewInk(fgbg(pal.PinFg, pal.PinBg).Bold(true).Reverse(mono))
	s.TileOK = NewInk(fgbg(pal.TileFg, pal.OK).Bold(true).Reverse(mono))
	s.TileWarning = NewInk(fgbg(pal.TileFg, pal.Warning).Bold(true).Reverse(mono))
	s.TileOverdue = NewInk(fgbg(pal.TileFg, pal.Overdue).Bold(true).Reverse(mono))

	s.BarFill = NewInk(fg(pal.Accent))
	s.BarEmpty = NewInk(fg(pal.Border))
	s.Spark = NewInk(fg(pal.Accent))

	s.HelpKey = fg(pal.Accent).Bold(true)
	s.HelpDesc = fg(pal.Text)
	s.HelpSep = fg(pal.Border)
	s.Prompt = fg(pal.Accent).Bold(true)
	s.Input = fg(pal.Text)
	s.Placeholder = fg(pal.Muted)
	return s
}
