package dataimport

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// Event kinds the importer turns into a party's measure rather than a
// timeline event (the case's suspect: custody or a measure out of custody).
const (
	KindDetention = "measure_detention" // 拘留: in custody from then
	KindBail      = "measure_bail"      // 取保候审 decided by the investigating organ
	KindResidence = "measure_residence" // 监视居住 decided by the investigating organ
)

// eventKinds are the extra event codes a mapping may name.
var eventKinds = map[string]string{KindDetention: "拘留", KindBail: "取保候审", KindResidence: "监视居住"}

var timeLayouts = []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
	"2006/01/02 15:04:05", "2006/01/02 15:04", "2006/01/02", "2006/1/2 15:04", "2006/1/2", "2006-1-2 15:04", "2006-1-2",
	"2006年1月2日 15:04", "2006年1月2日", "2006.01.02", "20060102"}

// parseTime reads a date or time in China time; excel allows an Excel date
// serial (a workbook cell formatted as a date).
func parseTime(s string, excel bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("empty (want a date such as 2026-11-10)")
	}
	var t time.Time
	ok := false
	for _, layout := range timeLayouts {
		if v, err := time.ParseInLocation(layout, s, sim.Zone); err == nil {
			t, ok = v, true
			break
		}
	}
	if !ok && excel {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 && !math.IsInf(f, 0) {
			// Excel's 1900 date system: day 25569 is 1970-01-01.
			days := math.Floor(f)
			secs := math.Round((f - days) * 86400)
			t = time.Date(1899, 12, 30, 0, 0, 0, 0, sim.Zone).AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
			ok = true
		}
	}
	if !ok {
		return time.Time{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD, YYYY/MM/DD, YYYY年M月D日, with an optional HH:MM, or RFC 3339)", s)
	}
	if t.Year() < 2000 || t.Year() > 2100 {
		return time.Time{}, fmt.Errorf("%q is outside 2000–2100", s)
	}
	return t.In(sim.Zone), nil
}

// words holds a mapping's value words with the built-in ones.
type words struct {
	types  map[string]domain.CaseTypeSpec
	events map[string]string
	yes    map[string]bool
	no     map[string]bool
	level  map[string]string
}

func newWords(v Values) *words {
	w := &words{types: map[string]domain.CaseTypeSpec{}, events: map[string]string{}, yes: map[string]bool{}, no: map[string]bool{}, level: map[string]string{}}
	for _, t := range domain.CaseTypes {
		w.types[t.Type] = t
		w.types[t.Name] = t
		w.types[t.Name+"案件"] = t
	}
	for word, code := range v.Type {
		t, _ := domain.CaseTypeByType(code)
		w.types[strings.TrimSpace(word)] = t
	}
	for code, label := range domain.EventLabels {
		if code == domain.EvAccepted {
			continue
		}
		w.events[code] = code
		w.events[label] = code
	}
	for code, label := range eventKinds {
		w.events[code] = code
		w.events[label] = code
	}
	for word, code := range v.Event {
		w.events[strings.TrimSpace(word)] = code
	}
	for _, s := range []string{"是", "1", "true", "yes", "y", "√", "有"} {
		w.yes[s] = true
	}
	for _, s := range []string{"", "否", "0", "false", "no", "n", "无", "×"} {
		w.no[s] = true
	}
	for _, s := range v.Yes {
		w.yes[strings.ToLower(strings.TrimSpace(s))] = true
	}
	for _, s := range v.No {
		w.no[strings.ToLower(strings.TrimSpace(s))] = true
	}
	for _, l := range []string{"province", "city", "basic"} {
		w.level[l] = l
	}
	for word, l := range map[string]string{"省院": "province", "省级院": "province", "市院": "city", "市级院": "city", "分院": "city", "基层院": "basic", "区院": "basic", "县院": "basic"} {
		w.level[word] = l
	}
	for word, l := range v.Level {
		w.level[strings.TrimSpace(word)] = l
	}
	return w
}

func (w *words) boolean(s string) (bool, error) {
	k := strings.ToLower(s)
	if w.yes[k] {
		return true, nil
	}
	if w.no[k] {
		return false, nil
	}
	return false, fmt.Errorf("%q is not a yes/no word (是/否, true/false, 1/0, or [values] yes/no of the mapping)", s)
}
