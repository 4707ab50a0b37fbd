package i18n

import (
	"fmt"
	"strconv"
	"time"
)

// Catalog is the message catalog of one language.
type Catalog struct {
	lang  Lang
	msgs  map[string]string
	codes map[string]map[string]string
}

// Code kinds accepted by Catalog.Code.
const (
	KindLevel      = "level"
	KindCategory   = "category"
	KindLine       = "line"
	KindRole       = "role"
	KindVerdict    = "verdict"
	KindDirection  = "direction"
	KindDeadline   = "deadline"
	KindUnitLevel  = "unit_level"
	KindStatus     = "status"
	KindSource     = "source"
	KindGrade      = "grade"
	KindReviewMode = "review_mode"
	KindPartyRole  = "party_role"
	KindUnit       = "unit"      // units of measure of indicators
	KindCaseType   = "case_type" // 案件类别
	// KindLevelShort is the short level word of narrow columns.
	KindLevelShort = "level_short"
	KindSetBy      = "set_by"      // who set a deadline's period
	KindPeriodUnit = "period_unit" // unit of a deadline's period
)

// New returns the catalog of language l.
func New(l Lang) *Catalog {
	if l == EN {
		return &Catalog{lang: EN, msgs: enMessages, codes: enCodes}
	}
	return &Catalog{lang: ZH, msgs: zhMessages, codes: zhCodes}
}

// Lang returns the catalog's language.
func (c *Catalog) Lang() Lang { return c.lang }

// T returns the message key. A missing key is returned in angle quotes so
// that it shows up in golden files rather than vanishing.
func (c *Catalog) T(key string) string {
	if s, ok := c.msgs[key]; ok {
		return s
	}
	return "‹" + key + "›"
}

// F formats the message key with args, as fmt.Sprintf.
func (c *Catalog) F(key string, args ...any) string {
	return fmt.Sprintf(c.T(key), args...)
}

// Has reports whether the catalog holds key.
func (c *Catalog) Has(key string) bool {
	_, ok := c.msgs[key]
	return ok
}

// Keys returns every message key of the catalog (for tests).
func (c *Catalog) Keys() []string {
	keys := make([]string, 0, len(c.msgs))
	for k := range c.msgs {
		keys = append(keys, k)
	}
	return keys
}

// Code translates an API code of the given kind (KindLevel, KindCategory…).
// Unknown codes are returned unchanged.
func (c *Catalog) Code(kind, code string) string {
	if m, ok := c.codes[kind]; ok {
		if s, ok := m[code]; ok {
			return s
		}
	}
	return code
}

// Level translates an alert level code (notice, warning, overdue).
func (c *Catalog) Level(code string) string { return c.Code(KindLevel, code) }

// LevelShort translates an alert level code into its short word, for
// narrow columns (逾期未整改 → 逾期未改).
func (c *Catalog) LevelShort(code string) string { return c.Code(KindLevelShort, code) }

// Category translates an alert category code.
func (c *Catalog) Category(code string) string { return c.Code(KindCategory, code) }

// Line translates a business-line code.
func (c *Catalog) Line(code string) string { return c.Code(KindLine, code) }

// Role translates a role code.
func (c *Catalog) Role(code string) string { return c.Code(KindRole, code) }

// Verdict translates a decision verdict code.
func (c *Catalog) Verdict(code string) string { return c.Code(KindVerdict, code) }

// Direction translates an indicator direction code.
func (c *Catalog) Direction(code string) string { return c.Code(KindDirection, code) }

// CaseType translates a case-type code (案件类别: arrest_review,
// prosecution_review…).
func (c *Catalog) CaseType(code string) string { return c.Code(KindCaseType, code) }

// Deadline translates a deadline status code.
func (c *Catalog) Deadline(code string) string { return c.Code(KindDeadline, code) }

// Name picks the English name in English when there is one, the Chinese
// name otherwise.
func (c *Catalog) Name(zh, en string) string {
	if c.lang == EN && en != "" {
		return en
	}
	return zh
}

// Age formats a duration coarsely, in its largest unit: 12秒, 5分, 3时, 2天
// (12s, 5m, 3h, 2d). Negative durations count as zero.
func (c *Catalog) Age(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	u := c.units()
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + u[0]
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + u[1]
	case d < 24*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + u[2]
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + u[3]
}

// Span formats a countdown: 3天05时 (3d05h) from a day up, 05时12分 (05h12m)
// below a day. Negative durations are formatted by their magnitude.
func (c *Catalog) Span(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	d = d.Truncate(time.Second)
	if d >= 24*time.Hour {
		u := c.units()
		days := int(d / (24 * time.Hour))
		hours := int(d%(24*time.Hour)) / int(time.Hour)
		return strconv.Itoa(days) + u[3] + two(hours) + u[2]
	}
	// Minutes are the finest unit: a countdown that showed seconds would
	// repaint the screen every second for nothing a duty officer acts on.
	u := c.units()
	h := int(d / time.Hour)
	m := int(d%time.Hour) / int(time.Minute)
	return two(h) + u[2] + two(m) + u[1]
}

func (c *Catalog) units() [4]string {
	if c.lang == EN {
		return [4]string{"s", "m", "h", "d"}
	}
	return [4]string{"秒", "分", "时", "天"}
}

func two(i int) string {
	if i < 10 {
		return "0" + strconv.Itoa(i)
	}
	return strconv.Itoa(i)
}
