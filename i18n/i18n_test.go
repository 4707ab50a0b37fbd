package i18n

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want Lang
	}{
		{nil, ZH},
		{map[string]string{"LANG": "en_US.UTF-8"}, EN},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, ZH},
		{map[string]string{"LANG": "C.UTF-8"}, ZH},
		{map[string]string{"LANG": "POSIX"}, ZH},
		{map[string]string{"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB"}, EN},
		{map[string]string{"LANG": "en_US", "LC_ALL": "zh_TW.UTF-8"}, ZH},
		{map[string]string{"LANG": "en_US", "LC_ALL": "C"}, EN},
		{map[string]string{"LANG": "fr_FR.UTF-8"}, EN},
	}
	for _, tt := range tests {
		got := Detect(func(k string) string { return tt.env[k] })
		if got != tt.want {
			t.Errorf("Detect(%v) = %v, want %v", tt.env, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Lang{"zh": ZH, "zh-CN": ZH, "zh_CN.UTF-8": ZH, "cn": ZH, "en": EN, "EN": EN, "en-US": EN, "english": EN} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "fr", "jp"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestCatalogsMatch(t *testing.T) {
	zh, en := New(ZH).Keys(), New(EN).Keys()
	slices.Sort(zh)
	slices.Sort(en)
	for _, k := range zh {
		if !New(EN).Has(k) {
			t.Errorf("key %q missing in English", k)
		}
	}
	for _, k := range en {
		if !New(ZH).Has(k) {
			t.Errorf("key %q missing in Chinese", k)
		}
	}
	for kind, m := range zhCodes {
		for code := range m {
			if _, ok := enCodes[kind][code]; !ok {
				t.Errorf("code %s/%s missing in English", kind, code)
			}
		}
	}
	// Format verbs agree.
	for _, k := range zh {
		if strings.Count(New(ZH).T(k), "%") != strings.Count(New(EN).T(k), "%") {
			t.Errorf("key %q: verbs differ", k)
		}
	}
}

func TestCodes(t *testing.T) {
	c := New(ZH)
	if c.Level("overdue") != "超期" || c.Level("warning") != "预警" || c.Level("notice") != "提示" {
		t.Error("levels")
	}
	if c.Verdict("over") != "越权" || c.Role("chief") != "检察长" || c.Deadline("approaching") != "临期" {
		t.Error("codes")
	}
	if c.Category("unknown-code") != "unknown-code" {
		t.Error("unknown codes pass through")
	}
	if New(EN).Name("东州", "Dongzhou") != "Dongzhou" || New(EN).Name("东州", "") != "东州" || c.Name("东州", "Dongzhou") != "东州" {
		t.Error("Name")
	}
	if c.T("no.such.key") != "‹no.such.key›" {
		t.Error("missing keys should show")
	}
}

func TestDurations(t *testing.T) {
	zh, en := New(ZH), New(EN)
	cases := []struct {
		d       time.Duration
		age, sp string
	}{
		{12 * time.Second, "12秒", "00时00分"},
		{5*time.Minute + 3*time.Second, "5分", "00时05分"},
		{3*time.Hour + 4*time.Minute, "3时", "03时04分"},
		{50 * time.Hour, "2天", "2天02时"},
		{-90 * time.Minute, "0秒", "01时30分"},
	}
	for _, c := range cases {
		if got := zh.Age(c.d); got != c.age {
			t.Errorf("Age(%v) = %q, want %q", c.d, got, c.age)
		}
		if got := zh.Span(c.d); got != c.sp {
			t.Errorf("Span(%v) = %q, want %q", c.d, got, c.sp)
		}
	}
	if en.Age(50*time.Hour) != "2d" || en.Span(50*time.Hour) != "2d02h" {
		t.Error("English durations")
	}
}

func TestCaseTypes(t *testing.T) {
	zh, en := New(ZH), New(EN)
	for code, want := range map[string][2]string{
		"arrest_review": {"审查逮捕", "Arrest review"}, "petition": {"信访件", "Petition (letters and visits)"},
		"pil_admin": {"行政公益诉讼", "Administrative public-interest case"},
	} {
		if zh.CaseType(code) != want[0] || en.CaseType(code) != want[1] {
			t.Errorf("%s: %q / %q", code, zh.CaseType(code), en.CaseType(code))
		}
	}
	// Labels the reference system sends in Chinese read in English too.
	if en.Code(KindSource, "移送") != "transferred" || en.Code(KindPartyRole, "申诉人") != "petitioner" || zh.Code(KindSource, "移送") != "移送" {
		t.Error("Chinese labels")
	}
}

// TestEveryLevelAndCategoryIsTranslated: the level and category codes of the
// contract, the finding statuses included, have words in both languages, and
// a finding's status never reads as 超期 / overdue.
func TestEveryLevelAndCategoryIsTranslated(t *testing.T) {
	for _, l := range []Lang{ZH, EN} {
		c := New(l)
		for _, code := range api.Levels {
			for _, w := range []string{c.Level(code), c.LevelShort(code)} {
				if w == "" || w == code && code != "overdue" && code != "warning" && code != "notice" {
					t.Errorf("%v: level %s has no word (%q)", l, code, w)
				}
				if !api.IsDeadlineLevel(code) && (strings.Contains(w, "超期") || strings.Contains(strings.ToLower(w), "overdue ")) {
					t.Errorf("%v: finding status %s reads %q", l, code, w)
				}
			}
		}
		for _, code := range api.Categories {
			if w := c.Category(code); w == "" || (l == ZH && w == code) {
				t.Errorf("%v: category %s has no word (%q)", l, code, w)
			}
		}
		for _, code := range []string{api.SetByLaw, api.SetByRule, api.SetBySystem} {
			if w := c.Code(KindSetBy, code); w == code {
				t.Errorf("%v: set_by %s has no word", l, code)
			}
		}
	}
	if w := New(ZH).Code(KindSetBy, api.SetBySystem); w != "本系统设定" {
		t.Errorf("system-set reads %q", w)
	}
}
