package client

import (
	"cmp"
	"context"
	"errors"
	"hash/maphash"
	"net/http"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/casewatch/casewatch/api"
)

// alertPageLimit is the page size AlertSync asks for (the contract's max).
const alertPageLimit = 1000

// maxAlertPages bounds one listing, against a server that pages forever.
const maxAlertPages = 2000

// AlertSync keeps a local copy of the active alerts (open or
// acknowledged) by delta sync, Kubernetes list-and-watch style: the first
// Sync lists everything (status=active, following next_cursor) and keeps
// the listing's sync_cursor; every later Sync asks only for the alerts
// created or changed since it and merges them (created and changed ones
// join or replace, rectified ones leave); a 410 (cursor from another
// database or past the retention horizon) discards the copy and lists
// again from scratch. A failed Sync changes nothing.
//
// It holds at most MaxAlerts alerts (SetMaxAlerts; DefaultMaxAlerts): past
// that, the most urgent (level, then due time) are held, and the set's
// Total says how many the case system has. Records that do not fit the
// contract are left out and counted in the set's Rejected. It is safe for
// concurrent use (Syncs run one at a time).
type AlertSync struct {
	c    *Client
	unit string

	syncMu sync.Mutex // one Sync at a time; guards in
	in     interner

	mu        sync.Mutex
	max       int
	listed    bool
	cursor    string
	set       AlertSet
	dropped   []uint64 // sorted hashes of the ids of active alerts left out by the cap
	seed      maphash.Seed
	lastDelta *AlertPage
	relists   int
}

// DefaultMaxAlerts is the default cap on the alerts an AlertSync holds:
// about 60 MB of alerts.
const DefaultMaxAlerts = 250000

// NewAlertSync returns an AlertSync over c for a unit's subtree ("" for
// the whole tree).
func NewAlertSync(c *Client, unit string) *AlertSync {
	return &AlertSync{c: c, unit: unit, max: DefaultMaxAlerts, seed: maphash.MakeSeed()}
}

// SetMaxAlerts sets the cap on the alerts held (n <= 0: DefaultMaxAlerts),
// from the next full listing on.
func (s *AlertSync) SetMaxAlerts(n int) {
	if n <= 0 {
		n = DefaultMaxAlerts
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.max = n
}

// Set returns the current local copy; neither its Alerts slice nor the
// alerts it points to may be modified.
func (s *AlertSync) Set() AlertSet {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.set
}

// Cursor returns the current sync cursor ("" before the first listing).
func (s *AlertSync) Cursor() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cursor
}

// Relists counts the full listings forced by 410 since creation.
func (s *AlertSync) Relists() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.relists
}

// Sync brings the local copy up to date and returns it, with changed
// reporting whether its Alerts slice is new. When nothing changed, the
// returned Alerts is the very slice returned before.
func (s *AlertSync) Sync(ctx context.Context) (set AlertSet, changed bool, err error) {
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	s.mu.Lock()
	listed, cursor, last, maxN := s.listed, s.cursor, s.lastDelta, s.max
	// Alerts left out by the cap come back only with a full listing: list
	// again once rectifications have freed a tenth of the room.
	refill := len(s.dropped) > 0 && len(s.set.Alerts) < maxN-maxN/10
	s.mu.Unlock()

	if listed && !refill {
		var (
			changes  []*Alert
			rejected Rejections
		)
		page, err := s.fetch(ctx, cursor, func(p *AlertPage) {
			changes = append(changes, p.Alerts...)
			rejected.merge(p.Rejected)
		})
		if err == nil {
			if page == last {
				// 304: the same answer as last time; nothing to merge.
				return s.Set(), false, nil
			}
			return s.merge(cursor, page, changes, rejected)
		}
		if StatusOf(err) != http.StatusGone {
			return s.Set(), false, err
		}
		s.mu.Lock()
		s.relists++
		s.mu.Unlock()
	}
	for attempt := 0; ; attempt++ {
		sel := &selector{max: maxN, seed: s.seed}
		page, err := s.fetch(ctx, "", sel.add)
		// A paging cursor can expire mid-listing too: start over once.
		if err != nil && StatusOf(err) == http.StatusGone && attempt == 0 {
			continue
		}
		if err != nil {
			return s.Set(), false, err
		}
		return s.replace(page, sel)
	}
}

// fetch reads a whole listing (since == "") or delta, every page, handing
// each page to each as it arrives, and returns the last page.
func (s *AlertSync) fetch(ctx context.Context, since string, each func(*AlertPage)) (*AlertPage, error) {
	q := AlertQuery{Unit: s.unit, Since: since, Limit: alertPageLimit}
	if since == "" {
		q.Status = "active"
	}
	for n := 0; ; n++ {
		page, _, err := s.c.alerts(ctx, q, &s.in)
		if err != nil {
			return nil, err
		}
		each(page)
		if page.NextCursor == "" {
			return page, nil
		}
		if n+1 >= maxAlertPages {
			return nil, bodyError("/alerts", "more than %d pages from /alerts", maxAlertPages)
		}
		if page.NextCursor == q.Cursor {
			return nil, bodyError("/alerts", "/alerts repeats its next_cursor")
		}
		q.Cursor = page.NextCursor
	}
}

// bigListing is the size of a full listing past which its garbage (the
// bodies and the decoding, about 3 times the alerts kept) is handed back
// to the operating system at once, rather than left to the collector's
// pace: a dashboard lists in full only at start and after a 410.
const bigListing = 20000

// freeAgainAfter is when the garbage of a big listing is handed back a
// second time; releaseMemory hands it back (variables for tests).
var (
	freeAgainAfter = 3 * time.Second
	releaseMemory  = debug.FreeOSMemory
)

// replace installs a full listing.
func (s *AlertSync) replace(page *AlertPage, sel *selector) (AlertSet, bool, error) {
	list, dropped := sel.result()
	s.mu.Lock()
	s.listed, s.cursor, s.lastDelta, s.dropped = true, page.SyncCursor, nil, dropped
	s.set = AlertSet{Alerts: list, AsOf: page.AsOf, SimSpeed: s.set.SimSpeed,
		Total: len(list) + len(dropped), Rejected: sel.rejected}
	set := s.set
	s.mu.Unlock()
	if set.Total >= bigListing {
		releaseMemory()
		// Once more when the consumer has derived what it shows from the
		// set (the dashboard sorts, sizes and draws it): that garbage too,
		// about 4 MB at 100,000 alerts that the runtime would otherwise
		// keep (issue 9).
		time.AfterFunc(freeAgainAfter, releaseMemory)
	}
	return set, true, nil
}

// merge applies a delta if the cursor has not moved meanwhile.
func (s *AlertSync) merge(from string, page *AlertPage, changes []*Alert, rejected Rejections) (AlertSet, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cursor != from {
		return s.set, false, errors.New("alert sync raced with itself")
	}
	s.cursor, s.lastDelta = page.SyncCursor, page
	changed := s.applyLocked(changes)
	if rejected.Count > 0 {
		s.set.Rejected.merge(rejected)
		changed = true
	}
	if !page.AsOf.IsZero() {
		s.set.AsOf = page.AsOf
	}
	return s.set, changed, nil
}

// applyLocked merges changes into the set within the cap; s.mu is held.
func (s *AlertSync) applyLocked(changes []*Alert) bool {
	merged, changed := mergeAlerts(s.set.Alerts, changes)
	if len(s.dropped) > 0 {
		// A change to an alert left out has joined merged (active) or left.
		n := len(s.dropped)
		s.dropped = s.forget(s.dropped, changes)
		changed = changed || len(s.dropped) != n
	}
	if len(merged) > s.max {
		var evicted []*Alert
		merged, evicted = evictLeastUrgent(merged, len(merged)-s.max)
		for _, a := range evicted {
			s.dropped = append(s.dropped, maphash.String(s.seed, a.ID))
		}
		slices.Sort(s.dropped)
		changed = true
	}
	if changed {
		s.set.Alerts = merged
		s.set.Total = len(merged) + len(s.dropped)
	}
	return changed
}

// forget removes the ids of changes from the sorted hashes.
func (s *AlertSync) forget(hashes []uint64, changes []*Alert) []uint64 {
	gone := make(map[uint64]bool, len(changes))
	for _, a := range changes {
		gone[maphash.String(s.seed, a.ID)] = true
	}
	return slices.DeleteFunc(hashes, func(h uint64) bool { return gone[h] })
}

// Apply merges one alert known from elsewhere (the answer to an
// acknowledgement), unless the copy already holds a newer version.
func (s *AlertSync) Apply(a api.Alert) (AlertSet, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.listed {
		return s.set, false
	}
	changed := s.applyLocked([]*Alert{NewAlert(a)})
	return s.set, changed
}

// setSimSpeed records the simulation speed carried by the set.
func (s *AlertSync) setSimSpeed(v float64) AlertSet {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.set.SimSpeed = v
	return s.set
}

func isActive(status string) bool {
	return status == api.StatusOpen || status == api.StatusAcknowledged
}

// mergeAlerts returns old (sorted by ID, never modified) with changes
// applied: an active alert joins or replaces, an inactive one leaves; an
// incoming alert older (UpdatedAt) than the one held is ignored. Changes
// are applied in order, so a later change of the same ID wins. When
// nothing changes it returns old itself and false; otherwise a new slice
// (always a new backing array, so &out[0] != &old[0]) built by copying the
// untouched runs of old's pointers in bulk. Every Alert is an allocation
// of its own, never modified once decoded, so an alert that joins or
// replaces is not copied, and the set never holds a whole page alive.
func mergeAlerts(old []*Alert, changes []*Alert) ([]*Alert, bool) {
	if len(changes) == 0 {
		return old, false
	}
	type op struct {
		pos   int  // index in old where the ID is or would be
		found bool // old[pos] has the ID
		a     *Alert
	}
	ops := make([]op, 0, len(changes))
	for _, a := range changes {
		ops = append(ops, op{a: a})
	}
	// Stable sort by ID keeps the delta order among equal IDs; keep the
	// last of each ID.
	slices.SortStableFunc(ops, func(x, y op) int { return cmp.Compare(x.a.ID, y.a.ID) })
	w := 0
	for i := 1; i < len(ops); i++ {
		if ops[i].a.ID == ops[w].a.ID {
			ops[w] = ops[i]
			continue
		}
		w++
		ops[w] = ops[i]
	}
	ops = ops[:w+1]

	// Locate each change and drop the ones that change nothing. ops is
	// sorted, so each search starts where the previous one ended.
	grow, lo := 0, 0
	keep := ops[:0]
	for _, o := range ops {
		pos, found := slices.BinarySearchFunc(old[lo:], o.a.ID, func(e *Alert, id string) int { return cmp.Compare(e.ID, id) })
		o.pos, o.found = lo+pos, found
		lo = o.pos
		active := isActive(o.a.Status)
		switch {
		case o.found && o.a.updated < old[o.pos].updated:
			continue // stale
		case o.found && active && alertEqual(old[o.pos], o.a):
			continue
		case !o.found && !active:
			continue // leaving, but never held
		case o.found && !active:
			grow--
		case !o.found && active:
			grow++
		}
		keep = append(keep, o)
	}
	if len(keep) == 0 {
		return old, false
	}
	out := make([]*Alert, 0, len(old)+grow)
	prev := 0
	for _, o := range keep {
		out = append(out, old[prev:o.pos]...)
		prev = o.pos
		if o.found {
			prev++ // old[o.pos] is replaced or removed
		}
		if isActive(o.a.Status) {
			out = append(out, o.a)
		}
	}
	out = append(out, old[prev:]...)
	return out, true
}

// alertEqual reports whether two alerts are the same in every field.
func alertEqual(a, b *Alert) bool {
	if a.ID != b.ID || a.CaseID != b.CaseID || a.CaseNo != b.CaseNo || a.Message != b.Message ||
		*a.AlertKind != *b.AlertKind || *a.AlertWho != *b.AlertWho ||
		a.due != b.due || a.detected != b.detected || a.updated != b.updated || a.DaysRemaining != b.DaysRemaining {
		return false
	}
	switch {
	case a.Ack == nil || b.Ack == nil:
		return a.Ack == b.Ack
	default:
		return a.Ack.By == b.Ack.By && a.Ack.Note == b.Ack.Note && a.Ack.At.Equal(b.Ack.At) && a.Ack.ActedAt.Equal(b.Ack.ActedAt)
	}
}
