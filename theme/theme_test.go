package theme

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]Kind{"": Auto, "auto": Auto, "Dark": Dark, "light": Light, "hc": HighContrast, "high-contrast": HighContrast, "mono": Mono, "none": Mono} {
		got, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v", in, got, err)
		}
		if err == nil && got != Auto {
			if back, _ := Parse(got.String()); back != got {
				t.Errorf("%v does not round-trip", got)
			}
		}
	}
	if _, err := Parse("neon"); err == nil {
		t.Error("unknown theme accepted")
	}
}

func TestDetectNoColor(t *testing.T) {
	env := map[string]string{"NO_COLOR": "1"}
	if Detect(func(k string) string { return env[k] }, Dark) != Mono {
		t.Error("NO_COLOR should give Mono")
	}
	if Detect(func(string) string { return "" }, Light) != Light {
		t.Error("without NO_COLOR the fallback stays")
	}
}

func TestProfilesPickHandChosenColours(t *testing.T) {
	for _, tt := range []struct {
		p    colorprofile.Profile
		want string
	}{
		{colorprofile.ANSI, "\x1b[1;91m"},          // bright red, a basic colour
		{colorprofile.ANSI256, "\x1b[1;38;5;203m"}, // an xterm-256 index
		{colorprofile.TrueColor, "\x1b[1;38;2;255;95;95m"},
	} {
		s := New(Dark, true, tt.p)
		if got := s.Overdue.Render("x"); !strings.HasPrefix(got, tt.want) {
			t.Errorf("%v: overdue = %q, want prefix %q", tt.p, got, tt.want)
		}
	}
}

func TestMonoUsesAttributesOnly(t *testing.T) {
	for _, s := range []*Styles{New(Mono, true, colorprofile.TrueColor), New(Dark, true, colorprofile.Ascii)} {
		for name, ink := range map[string]Ink{"overdue": s.Overdue, "selected": s.Selected, "flag": s.Flag, "badge": s.Badge,
			"pinned": s.Pinned, "tile": s.TileOverdue, "tile-ok": s.TileOK} {
			out := ink.Render("x")
			if strings.Contains(out, "38;") || strings.Contains(out, "48;") || out == "x" {
				t.Errorf("mono %s = %q: want attributes, no colours", name, out)
			}
		}
	}
}

func TestAutoFollowsBackground(t *testing.T) {
	if New(Auto, false, colorprofile.ANSI256).Kind != Light || New(Auto, true, colorprofile.ANSI256).Kind != Dark {
		t.Fatal("Auto should follow the background")
	}
	if New(HighContrast, false, colorprofile.ANSI256).Kind != HighContrast {
		t.Fatal("explicit kinds stay")
	}
}

func TestLevelGlyphs(t *testing.T) {
	seen := map[string]bool{}
	for _, l := range []string{"notice", "warning", "overdue"} {
		g := LevelGlyph(l)
		if seen[g] {
			t.Fatalf("glyph %q reused", g)
		}
		seen[g] = true
	}
}

func TestInkZeroIsPlain(t *testing.T) {
	var k Ink
	if !k.Plain() || k.Render("x") != "x" {
		t.Fatal("zero Ink should be plain")
	}
}
