// Package i18n holds the Chinese and English message catalogs of the
// casewatch dashboard and the choice of language.
//
// Codes that come from the API (alert levels and categories, business
// lines, roles, verdicts, indicator directions, deadline statuses…) are
// translated here; names of units, people and indicators come from the API
// itself (with their English name_en where the API gives one).
package i18n

import (
	"fmt"
	"strings"
)

// Lang is a display language.
type Lang int

// Supported languages. ZH is the default.
const (
	ZH Lang = iota // 中文
	EN             // English
)

// String returns "zh" or "en".
func (l Lang) String() string {
	if l == EN {
		return "en"
	}
	return "zh"
}

// Parse reads a --lang value: zh (zh-CN, zh_CN.UTF-8, cn, chinese, 中文)
// or en (en-US, english).
func Parse(s string) (Lang, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	switch v {
	case "cn", "chinese", "中文":
		return ZH, nil
	case "english":
		return EN, nil
	}
	switch langCode(v) {
	case "zh":
		return ZH, nil
	case "en":
		return EN, nil
	}
	return ZH, fmt.Errorf("i18n: unknown language %q (want zh or en)", s)
}

// Detect picks the language from the locale variables, in POSIX order of
// precedence: LC_ALL, then LC_MESSAGES, then LANG. The first variable that
// names a language decides: zh_* gives Chinese, any other language gives
// English. Unset variables and the C and POSIX locales name no language;
// when none names one, the answer is Chinese.
func Detect(getenv func(string) string) Lang {
	if getenv == nil {
		return ZH
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		code := langCode(strings.ToLower(strings.TrimSpace(getenv(name))))
		switch code {
		case "", "c", "posix":
			continue
		case "zh":
			return ZH
		default:
			return EN
		}
	}
	return ZH
}

// langCode returns the language part of a locale name such as
// "zh_cn.utf-8@x" or "en-us": the letters before _ - . or @.
func langCode(v string) string {
	if i := strings.IndexAny(v, "_-.@:"); i >= 0 {
		v = v[:i]
	}
	return v
}
