package sanitize

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	cases := []struct {
		name, in, want string
		max            int
	}{
		{"clean ascii", "R2 deadline", "R2 deadline", 0},
		{"clean chinese", "杭州市西湖区人民检察院", "杭州市西湖区人民检察院", 0},
		{"tab", "a\tb", "a b", 0},
		{"newline", "a\nb", "a b", 0},
		{"crlf", "a\r\nb", "a b", 0},
		{"cr rewrite", "good\rEVIL", "good EVIL", 0},
		{"backspace bell", "ab\b\bc\a", "abc", 0},
		{"del", "a\x7fb", "ab", 0},
		{"csi colour", "\x1b[31mred\x1b[0m", "red", 0},
		{"osc title", "\x1b]0;pwned\x07case", "case", 0},
		{"osc52 clipboard", "x\x1b]52;c;ZXZpbA==\x1b\\y", "xy", 0},
		{"osc8 link", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click", 0},
		{"c1 csi utf8", "a\u009b31mb", "a31mb", 0},
		{"nel", "a\u0085b", "a b", 0},
		{"line sep", "a\u2028b\u2029c", "a b c", 0},
		{"bidi override", "abc\u202edcba", "abcdcba", 0},
		{"bidi isolates", "\u2066x\u2069\u061c", "x", 0},
		{"zero width", "a\u200bb\u200dc\ufeffd\u2060e", "abcde", 0},
		{"tag chars", "a\U000E0041\U000E007Fb", "ab", 0},
		{"invalid utf8", "a\xffb", "a\uFFFDb", 0},
		{"invalid before esc", "\xe0\x1b[31mx", "\uFFFDx", 0},
		{"cap", "abcdef", "ab…", 3},
		{"cap exact", "abc", "abc", 3},
		{"cap runes not bytes", "检察院检察院", "检察…", 3},
		{"cap one", "abc", "…", 1},
		{"cap after flatten", "a\tbcd", "a …", 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Line(c.in, c.max); got != c.want {
				t.Errorf("Line(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
			}
		})
	}
}

func TestText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"line one\nline two", "line one\nline two"},
		{"a\r\nb\rc", "a\nb\nc"},
		{"a\u2028b", "a\nb"},
		{"a\vb\fc", "abc"},
		{"a\tb", "a b"},
		{"\x1b[2J\x1b[Hwiped", "wiped"},
	}
	for _, c := range cases {
		if got := Text(c.in, 0); got != c.want {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCleanDoesNotAllocate(t *testing.T) {
	s := "杭州市西湖区人民检察院 R2 办案期限 overdue"
	if n := testing.AllocsPerRun(100, func() { _ = Line(s, 200) }); n != 0 {
		t.Errorf("Line of clean text allocates %v times", n)
	}
}

// checkOut asserts the invariant of sanitised output.
func checkOut(t *testing.T, in, out string, maxN int, multi bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("invalid UTF-8 out of %q: %q", in, out)
	}
	for _, r := range out {
		if Forbidden(r) || (!multi && r == '\n') {
			t.Fatalf("rune %U survived in %q (from %q)", r, out, in)
		}
		// The brief's explicit list, in case Forbidden drifts.
		if (unicode.IsControl(r) && r != '\n') || (r >= 0x200b && r <= 0x200f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
			r == 0xfeff || r == 0x061c {
			t.Fatalf("rune %U survived in %q (from %q)", r, out, in)
		}
	}
	if strings.IndexByte(out, 0x1b) >= 0 {
		t.Fatalf("ESC survived in %q", out)
	}
	if maxN > 0 && utf8.RuneCountInString(out) > maxN {
		t.Fatalf("%d runes > cap %d: %q", utf8.RuneCountInString(out), maxN, out)
	}
}

func FuzzLine(f *testing.F) {
	for _, s := range []string{"", "plain", "检察院", "\x1b[31mx", "a\rb", "\u202e", "\xe0\x1b]0;t\x07", "a\u009b1m", "\t\n\r\n"} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, s string, maxN int) {
		maxN %= 300
		out := Line(s, maxN)
		checkOut(t, s, out, maxN, false)
		if again := Line(out, maxN); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
	})
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"", "a\nb", "a\r\nb\rc", "\x1b]52;c;eA==\x07", "\u2066\u2069"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, maxN int) {
		maxN %= 300
		out := Text(s, maxN)
		checkOut(t, s, out, maxN, true)
		if again := Text(out, maxN); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
	})
}

func BenchmarkLineClean(b *testing.B) {
	s := "杭州市西湖区人民检察院第一检察部 犯罪嫌疑人羁押期限即将届满"
	for b.Loop() {
		_ = Line(s, 200)
	}
}

func BenchmarkLineDirty(b *testing.B) {
	s := "杭州市\x1b[31m西湖区\u202e人民检察院\r\n第一检察部"
	for b.Loop() {
		_ = Line(s, 200)
	}
}
