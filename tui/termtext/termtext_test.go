package termtext

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

func TestFit(t *testing.T) {
	tests := []struct {
		in    string
		w     int
		want  string
		right bool
	}{
		{"abc", 5, "abc  ", false},
		{"abc", 5, "  abc", true},
		{"中文字", 6, "中文字", false},
		{"中文字", 5, "中文…", false},
		{"中文字", 4, "中… ", false},
		{"abcdef", 3, "ab…", false},
		{"", 2, "  ", false},
		{"x", 0, "", false},
	}
	for _, tt := range tests {
		got := Fit(tt.in, tt.w)
		if tt.right {
			got = FitRight(tt.in, tt.w)
		}
		if got != tt.want {
			t.Errorf("Fit(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
		}
		if ansi.StringWidth(got) != max(tt.w, 0) {
			t.Errorf("Fit(%q, %d) is %d wide", tt.in, tt.w, ansi.StringWidth(got))
		}
	}
	// Wide text of any length fits exactly.
	for w := 1; w < 40; w++ {
		s := Fit(strings.Repeat("宽ｗ", 50), w)
		if ansi.StringWidth(s) != w {
			t.Fatalf("width %d: got %d", w, ansi.StringWidth(s))
		}
	}
}

func TestGuard(t *testing.T) {
	ok := "\x1b[1;38;5;203mred\x1b[m plain\n中文 \x1b[38:2::1:2:3mx\x1b[0m"
	if Guard(ok) != ok {
		t.Fatalf("Guard changed a clean frame: %q", Guard(ok))
	}
	tests := []struct{ in, want string }{
		{"a\x1b]0;title\x07b", "ab"},
		{"a\x1b]8;;http://x\x1b\\l\x1b]8;;\x1b\\b", "alb"},
		{"a\x1b[2Jb", "ab"},
		{"a\x1b[10;1Hb", "ab"},
		{"a\rb\x07c", "abc"},
		{"a\u202Eb", "ab"},
		{"a\u009bb", "ab"},
		{"a\x1bPdcs\x1b\\b", "ab"},
		{"tab\there", "tab here"},
	}
	for _, tt := range tests {
		if got := Guard(tt.in); got != tt.want {
			t.Errorf("Guard(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzGuard: whatever a frame holds, the guarded frame keeps no escape
// sequence but SGR, no control character but the line feed and no format
// character, and guarding it again changes nothing.
func FuzzGuard(f *testing.F) {
	for _, s := range []string{"a", "\x1b[31mx\x1b[0m", "\x1b]0;x\x07", "中\r文", "\u202e", "\xc2\x9b", "\x1b[38:2::1:2:3m", "\x1bP\x1b\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g := Guard(s)
		rest := sgr.ReplaceAllString(g, "")
		for _, r := range rest {
			if r == 0x1b || (unicode.IsControl(r) && r != '\n') || unicode.Is(unicode.Cf, r) {
				t.Fatalf("Guard(%q) = %q keeps %U", s, g, r)
			}
		}
		if Guard(g) != g {
			t.Fatalf("Guard is not idempotent on %q: %q", s, g)
		}
	})
}

// sgr matches the escape sequences Guard lets through.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)
