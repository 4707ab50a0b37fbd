package tui

import (
	"strings"

	"github.com/casewatch/casewatch/client"
)

// A new alert set from a delta differs from the one before in a few
// alerts; the others are the very same *client.Alert with the same search
// text (carryBlobs). What the text filter knew of them carries over: an
// unchanged alert that matched a query still matches it, one that did not
// still does not. carriedRows keeps that knowledge per query as bit sets
// over the new set's indexes, so the first key after a delta tests only the
// alerts that changed or arrived, not all of them.

// carriedRows is what is known of one query over the alerts of a set.
type carriedRows struct {
	query string
	hit   bitset // passed the level, category and text filters
	known bitset // whether it did is known (not changed, not new, in scope when learnt)
}

// filterCarry is the carried knowledge of the recent queries. It holds for
// the alert set and search text it was carried to (blobs) and for the level
// and category filters it was learnt under, whatever the scope and order.
type filterCarry struct {
	blobs           *string
	level, category string
	entries         []carriedRows
}

// bitset is a set of alert indexes.
type bitset []uint64

func newBitset(n int) bitset      { return make(bitset, (n+63)/64) }
func (b bitset) has(i int32) bool { return b[i>>6]&(1<<(uint(i)&63)) != 0 }
func (b bitset) set(i int32)      { b[i>>6] |= 1 << (uint(i) & 63) }
func blobsID(blobs []string) *string {
	if len(blobs) == 0 {
		return nil
	}
	return &blobs[0]
}

// takeAlerts installs a new alert set: the search text of the alerts that
// did not change is carried over (carryBlobs) and so is what the recent
// queries matched among them.
func (p *alertsPanel) takeAlerts(all []*client.Alert) {
	from := carryIndex(p.all, all)
	blobs := carryBlobsFrom(p.blobs, from)
	p.memo.carry = p.carryMatches(from, blobs)
	p.blobs, p.all = blobs, all
}

// carryIndex returns, for each alert of the new set all, the index of the
// very same alert in old, or -1 (changed or new). Both are ordered by id.
func carryIndex(old, all []*client.Alert) []int32 {
	from := make([]int32, len(all))
	j := 0
	for i, a := range all {
		if j < len(old) && old[j] == a { // the common case: no id to compare
			from[i] = int32(j)
			j++
			continue
		}
		for j < len(old) && old[j].ID < a.ID {
			j++
		}
		from[i] = -1
		if j < len(old) && old[j] == a {
			from[i] = int32(j)
			j++
		}
	}
	return from
}

// carryBlobsFrom is carryBlobs over a carryIndex.
func carryBlobsFrom(oldBlobs []string, from []int32) []string {
	if oldBlobs == nil {
		return nil
	}
	blobs := make([]string, len(from))
	for i, j := range from {
		if j >= 0 {
			blobs[i] = oldBlobs[j]
		}
	}
	return blobs
}

// carryMatches translates what is known of the recent queries over the
// current set (p.all, p.blobs) to the new set reached by from, whose search
// text is newBlobs. Nil when nothing is known or the search text was not
// carried.
func (p *alertsPanel) carryMatches(from []int32, newBlobs []string) *filterCarry {
	old := blobsID(p.blobs)
	if old == nil || newBlobs == nil {
		return nil
	}
	out := &filterCarry{blobs: blobsID(newBlobs), level: p.level, category: p.category}
	translate := func(query string, hit, known bitset) {
		e := carriedRows{query: query, hit: newBitset(len(from)), known: newBitset(len(from))}
		for i, j := range from {
			if j >= 0 && known.has(j) {
				e.known.set(int32(i))
				if hit.has(j) {
					e.hit.set(int32(i))
				}
			}
		}
		out.entries = append(out.entries, e)
	}
	have := map[string]bool{}
	// What the memo learnt, when it was learnt for this set, these filters
	// and this order (its rows hold only the alerts in scope).
	m := &p.memo
	if m.blobs == old && m.ver == p.ver && m.level == p.level && m.category == p.category && len(m.entries) > 0 {
		inScope := newBitset(len(p.all))
		for _, i := range p.order {
			inScope.set(i)
		}
		rows := newBitset(len(p.all))
		for k := len(m.entries) - 1; k >= 0; k-- { // newest first
			e := m.entries[k]
			clear(rows)
			for _, i := range e.rows {
				rows.set(i)
			}
			translate(e.query, rows, inScope)
			have[e.query] = true
		}
	}
	// What was carried to the current set and not learnt again since.
	if c := m.carry; c != nil && c.blobs == old && c.level == p.level && c.category == p.category {
		for _, e := range c.entries {
			if !have[e.query] && len(out.entries) < maxFilterMemo {
				translate(e.query, e.hit, e.known)
				have[e.query] = true
			}
		}
	}
	if len(out.entries) == 0 {
		return nil
	}
	return out
}

// carriedFiltered fills p.rows for the lower-cased query q from the carried
// knowledge of the longest query contained in q, testing only the alerts
// whose match is unknown (and, for a longer query, those that matched); it
// reports false when nothing carried applies.
func (p *alertsPanel) carriedFiltered(q string) bool {
	c := p.memo.carry
	if c == nil || c.blobs != blobsID(p.blobs) || c.level != p.level || c.category != p.category {
		return false
	}
	best := -1
	for k, e := range c.entries {
		if strings.Contains(q, e.query) && (best < 0 || len(e.query) > len(c.entries[best].query)) {
			best = k
		}
	}
	if best < 0 {
		return false
	}
	e := c.entries[best]
	exact := e.query == q
	for _, i := range p.order {
		switch {
		case !e.known.has(i):
			if p.passes(i) && strings.Contains(p.blobs[i], q) {
				p.rows = append(p.rows, i)
			}
		case e.hit.has(i):
			if exact || strings.Contains(p.blobs[i], q) {
				p.rows = append(p.rows, i)
			}
		}
	}
	return true
}
