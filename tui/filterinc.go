package tui

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/casewatch/casewatch/client"
)

// filterMemo remembers the rows the text filter let through for the last
// few queries, so a key typed into the filter scans only the alerts the
// query before it matched, and a backspace finds its rows again without a
// scan. Adding characters to a query can only narrow its matches (a blob
// that contains the longer query contains the shorter one), so the rows of
// any remembered query contained in the new one are a superset to filter.
//
// It holds only while the ordered alerts, the level and category filters
// and the search blobs are the ones it was filled with; any of them changes
// and it starts empty.
type filterMemo struct {
	ver             int    // alertsPanel.ver when filled
	level, category string // the other filters when filled
	blobs           *string
	entries         []filterMemoEntry // oldest first
	carry           *filterCarry      // what was known before the last delta (filtercarry.go)
}

// filterMemoEntry is one query and the rows it let through, in order.
type filterMemoEntry struct {
	query string
	rows  []int32
}

// maxFilterMemo bounds the queries remembered: at 100,000 alerts a query
// matching all of them holds 400 KB.
const maxFilterMemo = 8

// valid reports whether the memo was filled for the panel as it is now, and
// empties it when not.
func (f *filterMemo) valid(p *alertsPanel) bool {
	var blobs *string
	if len(p.blobs) > 0 {
		blobs = &p.blobs[0]
	}
	if f.ver == p.ver && f.level == p.level && f.category == p.category && f.blobs == blobs {
		return true
	}
	*f = filterMemo{ver: p.ver, level: p.level, category: p.category, blobs: blobs, carry: f.carry}
	return false
}

// candidates returns the rows to filter for query q and whether they are
// already its answer: the rows of q itself when remembered, else those of
// the longest remembered query contained in q, else nil (scan them all).
func (f *filterMemo) candidates(q string) (rows []int32, exact bool) {
	best := -1
	for i, e := range f.entries {
		if e.query == q {
			return e.rows, true
		}
		if strings.Contains(q, e.query) && (best < 0 || len(e.query) > len(f.entries[best].query)) {
			best = i
		}
	}
	if best < 0 {
		return nil, false
	}
	return f.entries[best].rows, false
}

// remember stores the rows of q (a copy: the panel reuses its slice).
func (f *filterMemo) remember(q string, rows []int32) {
	f.entries = slices.DeleteFunc(f.entries, func(e filterMemoEntry) bool { return e.query == q })
	if len(f.entries) == maxFilterMemo {
		f.entries = slices.Delete(f.entries, 0, 1)
	}
	f.entries = append(f.entries, filterMemoEntry{query: q, rows: slices.Clone(rows)})
}

// textFiltered fills p.rows with the alerts that pass the level, category
// and text filters for the non-empty lower-cased query q, starting from
// what an earlier query matched when it can.
func (p *alertsPanel) textFiltered(q string) {
	p.memo.valid(p)
	from, exact := p.memo.candidates(q)
	p.rows = fit(p.rows, len(p.order))
	switch {
	case exact:
		p.rows = append(p.rows, from...)
		return
	case from != nil:
		// Rows a shorter query let through already passed the level and
		// category filters, in the current order.
		for _, i := range from {
			if strings.Contains(p.blobs[i], q) {
				p.rows = append(p.rows, i)
			}
		}
	case p.carriedFiltered(q):
		// Known from before a delta; only changed and new alerts tested.
	default:
		for _, i := range p.order {
			if p.passes(i) && strings.Contains(p.blobs[i], q) {
				p.rows = append(p.rows, i)
			}
		}
	}
	p.memo.remember(q, p.rows)
}

// passes reports whether the alert all[i] passes the level and category
// filters.
func (p *alertsPanel) passes(i int32) bool {
	a := p.all[i]
	return (p.level == "" || a.Level == p.level) && (p.category == "" || a.Category == p.category)
}

// lowerText is strings.ToLower, without its rune-by-rune case mapping for
// text that needs none: CJK (U+2E80–U+A63F: radicals, punctuation, kana,
// ideographs, Yi, none with a case) and ASCII other than A–Z pass as they
// are. Dashboard text is mostly Chinese, where strings.ToLower maps every
// rune (≈ 70 % of building the search text of 100,000 alerts).
func lowerText(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				return strings.ToLower(s)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if n == 1 || (r < 0x2E80 || r >= 0xA640) && unicode.ToLower(r) != r { // n == 1: invalid UTF-8
			return strings.ToLower(s)
		}
		i += n
	}
	return s
}

// lowerMemo remembers lowerText of the strings an alert shares with others
// (names, rules, messages are interned by the client: the same text is the
// same memory), keyed by where the string's bytes are, so building the
// search text of many alerts lowers each shared string once.
type lowerMemo map[lowerKey]string

type lowerKey struct {
	p *byte
	n int
}

// of returns lowerText(s), remembered.
func (m lowerMemo) of(s string) string {
	if s == "" {
		return s
	}
	k := lowerKey{unsafe.StringData(s), len(s)}
	if l, ok := m[k]; ok {
		return l
	}
	l := lowerText(s)
	m[k] = l
	return l
}

// carryBlobs returns the search text for the alerts of a new set, carrying
// over that of each alert the previous set held unchanged (the poller hands
// on the very same *client.Alert for an alert that did not change, and both
// sets are ordered by id) and leaving "" for the others, which fillBlobs
// builds. Nil when no search text was built for the old set.
func carryBlobs(old []*client.Alert, oldBlobs []string, all []*client.Alert) []string {
	if oldBlobs == nil {
		return nil
	}
	return carryBlobsFrom(oldBlobs, carryIndex(old, all))
}

// fillBlobs builds the search text the alerts lack.
// dropSearchText forgets the alerts' search text (and the matches
// remembered from it), to be built again on the next query: after the
// unit list changed, whose names it holds.
func (p *alertsPanel) dropSearchText() {
	p.blobs = nil
	p.memo = filterMemo{}
}

func (p *alertsPanel) fillBlobs(c *common) {
	if p.blobs == nil {
		p.blobs = make([]string, len(p.all))
	}
	var lower lowerMemo
	for i, b := range p.blobs {
		if b == "" {
			if lower == nil {
				lower = lowerMemo{}
			}
			p.blobs[i] = searchBlob(c, p.all[i], lower)
		}
	}
}
