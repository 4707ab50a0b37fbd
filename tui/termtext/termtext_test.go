package termtext

import (
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain 中文", "plain 中文"},
		{"\x1b[31mred\x1b[0m", "red"},
		{"\x1b]52;c;SGVsbG8=\x07x", "x"},
		{"\x1b]8;;http://e\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"good\rEVIL", "good EVIL"},
		{"a\tb\nc", "a b c"},
		{"bidi\u202Eevil\u202C", "bidievil"},
		{"zero\u200Bwidth\uFEFF", "zerowidth"},
		{"c1\u009b31m", "c131m"},
		{"nel\u0085x", "nel x"},
		{"bell\a\b\x7f", "bell"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"isolate\u2066x\u2069", "isolatex"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanDoesNotAllocateOnCleanText(t *testing.T) {
	s := "东检刑诉受[2023]00001号 ok ✓ ▲"
	if n := testing.AllocsPerRun(100, func() { _ = Clean(s) }); n != 0 {
		t.Fatalf("Clean allocates %v times on clean text", n)
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"a", "\x1b[31m", "\x1b]0;x\x07", "中\r文", "\u202e", "\xc2\x9b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Clean(s)
		for _, r := range c {
			if r == 0x1b || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("Clean(%q) = %q keeps %U", s, c, r)
			}
		}
		if Clean(c) != c {
			t.Fatalf("Clean is not idempotent on %q", s)
		}
	})
}

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
