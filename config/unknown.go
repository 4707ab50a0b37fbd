package config

import (
	"strings"
)

// unknownKey explains an unknown key: the nearest known key when one is
// close, else the keys of its table.
func unknownKey(key string) string {
	if isViewKey(key) && key != "view" {
		return unknownViewKey(key)
	}
	msg := "unknown key " + quote(key)
	if s := suggest(key); s != "" {
		return msg + "; did you mean " + quote(s) + "?"
	}
	sec := section(key)
	if sec != "" && !isSection(sec) {
		return msg + ": there is no table [" + sec + "] (tables: [" + strings.Join(Sections, "], [") + "], [[view]])"
	}
	var keys []string
	for _, s := range settings {
		if section(s.Key) == sec {
			keys = append(keys, strings.TrimPrefix(s.Key, sec+"."))
		}
	}
	if sec == "" {
		return msg + " (top-level keys: " + strings.Join(keys, ", ") + "; tables: [" + strings.Join(Sections, "], [") + "], [[view]])"
	}
	return msg + " (keys of [" + sec + "]: " + strings.Join(keys, ", ") + ")"
}

// unknownTable explains an unknown table.
func unknownTable(key string) string {
	return "unknown table [" + key + "] (tables: [" + strings.Join(Sections, "], [") + "], [[view]])"
}

// suggest returns the known key nearest to key: one whose last part is the
// same (a key put in the wrong table), or one at most two edits away.
func suggest(key string) string {
	last := key[strings.LastIndexByte(key, '.')+1:]
	best, bestD := "", 3
	for _, s := range settings {
		if s.Key[strings.LastIndexByte(s.Key, '.')+1:] == last {
			return s.Key
		}
		if d := distance(key, s.Key); d < bestD {
			best, bestD = s.Key, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b, in bytes.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
