package client

import (
	"cmp"
	"context"
	"errors"
	"net/http"
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
// again from scratch. A failed Sync changes nothing. It is safe for
// concurrent use.
type AlertSync struct {
	c    *Client
	unit string

	mu        sync.Mutex
	listed    bool
	cursor    string
	set       AlertSet
	lastDelta *api.AlertPage
	relists   int
}

// NewAlertSync returns an AlertSync over c for a unit's subtree ("" for
// the whole tree).
func NewAlertSync(c *Client, unit string) *AlertSync {
	return &AlertSync{c: c, unit: unit}
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
	s.mu.Lock()
	listed, cursor, last := s.listed, s.cursor, s.lastDelta
	s.mu.Unlock()

	if listed {
		page, alerts, err := s.fetch(ctx, cursor)
		if err == nil {
			if page != nil && page == last {
				// 304: the same answer as last time; nothing to merge.
				return s.Set(), false, nil
			}
			return s.merge(cursor, page, alerts)
		}
		if StatusOf(err) != http.StatusGone {
			return s.Set(), false, err
		}
		s.mu.Lock()
		s.relists++
		s.mu.Unlock()
	}
	var (
		alerts []*api.Alert
		page   *api.AlertPage
	)
	for attempt := 0; ; attempt++ {
		page, alerts, err = s.fetch(ctx, "")
		// A paging cursor can expire mid-listing too: start over once.
		if err != nil && StatusOf(err) == http.StatusGone && attempt == 0 {
			continue
		}
		break
	}
	if err != nil {
		return s.Set(), false, err
	}
	return s.replace(page, alerts)
}

// fetch reads a whole listing (since == "") or delta, every page. page is
// the last page; alerts points at the alerts of every page, in order, in
// the pages' own arrays (read only: a delta page may be shared with the
// client's cache).
func (s *AlertSync) fetch(ctx context.Context, since string) (*api.AlertPage, []*api.Alert, error) {
	q := AlertQuery{Unit: s.unit, Since: since, Limit: alertPageLimit}
	if since == "" {
		q.Status = "active"
	}
	var all []*api.Alert
	for n := 0; ; n++ {
		page, _, err := s.c.alerts(ctx, q)
		if err != nil {
			return nil, nil, err
		}
		all = slices.Grow(all, len(page.Alerts))
		for i := range page.Alerts {
			all = append(all, &page.Alerts[i])
		}
		if page.NextCursor == "" {
			return page, all, nil
		}
		if n+1 >= maxAlertPages {
			return nil, nil, bodyError("/alerts", "more than %d pages from /alerts", maxAlertPages)
		}
		if page.NextCursor == q.Cursor {
			return nil, nil, bodyError("/alerts", "/alerts repeats its next_cursor")
		}
		q.Cursor = page.NextCursor
	}
}

// replace installs a full listing. The set points into the listing's
// pages, which nothing else holds (full listings are not cached), so the
// alerts are not copied, only the pointers sorted.
func (s *AlertSync) replace(page *api.AlertPage, alerts []*api.Alert) (AlertSet, bool, error) {
	list := make([]*api.Alert, 0, len(alerts))
	for _, a := range alerts {
		if isActive(a.Status) {
			list = append(list, a)
		}
	}
	// Sort by ID; for a repeated ID the later one (newer change) wins.
	slices.SortStableFunc(list, func(a, b *api.Alert) int { return cmp.Compare(a.ID, b.ID) })
	list = dedupLast(list)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listed, s.cursor, s.lastDelta = true, page.SyncCursor, nil
	s.set = AlertSet{Alerts: list, AsOf: page.AsOf, SimSpeed: s.set.SimSpeed}
	return s.set, true, nil
}

// merge applies a delta if the cursor has not moved meanwhile.
func (s *AlertSync) merge(from string, page *api.AlertPage, changes []*api.Alert) (AlertSet, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cursor != from {
		return s.set, false, errors.New("alert sync raced with itself")
	}
	s.cursor, s.lastDelta = page.SyncCursor, page
	merged, changed := mergeAlerts(s.set.Alerts, changes)
	if changed {
		s.set.Alerts = merged
	}
	if !page.AsOf.IsZero() {
		s.set.AsOf = page.AsOf
	}
	return s.set, changed, nil
}

// Apply merges one alert known from elsewhere (the answer to an
// acknowledgement), unless the copy already holds a newer version.
func (s *AlertSync) Apply(a api.Alert) (AlertSet, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.listed {
		return s.set, false
	}
	merged, changed := mergeAlerts(s.set.Alerts, []*api.Alert{&a})
	if changed {
		s.set.Alerts = merged
	}
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

// dedupLast removes repeated IDs from a sorted list, keeping the last.
func dedupLast(list []*api.Alert) []*api.Alert {
	if len(list) < 2 {
		return list
	}
	w := 0
	for i := 1; i < len(list); i++ {
		if list[i].ID == list[w].ID {
			list[w] = list[i]
			continue
		}
		w++
		list[w] = list[i]
	}
	clear(list[w+1:])
	return list[:w+1]
}

// mergeAlerts returns old (sorted by ID, never modified) with changes
// applied: an active alert joins or replaces, an inactive one leaves; an
// incoming alert older (UpdatedAt) than the one held is ignored. Changes
// are applied in order, so a later change of the same ID wins. When
// nothing changes it returns old itself and false; otherwise a new slice
// (always a new backing array, so &out[0] != &old[0]) built by copying the
// untouched runs of old's pointers in bulk. An alert that joins or
// replaces is copied into an allocation of its own: the set never points
// into a delta page (shared with the client's cache, and it would keep the
// whole page alive for one alert), and no published alert is modified.
func mergeAlerts(old []*api.Alert, changes []*api.Alert) ([]*api.Alert, bool) {
	if len(changes) == 0 {
		return old, false
	}
	type op struct {
		pos   int  // index in old where the ID is or would be
		found bool // old[pos] has the ID
		a     *api.Alert
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
		pos, found := slices.BinarySearchFunc(old[lo:], o.a.ID, func(e *api.Alert, id string) int { return cmp.Compare(e.ID, id) })
		o.pos, o.found = lo+pos, found
		lo = o.pos
		active := isActive(o.a.Status)
		switch {
		case o.found && o.a.UpdatedAt.Before(old[o.pos].UpdatedAt):
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
	out := make([]*api.Alert, 0, len(old)+grow)
	prev := 0
	for _, o := range keep {
		out = append(out, old[prev:o.pos]...)
		prev = o.pos
		if o.found {
			prev++ // old[o.pos] is replaced or removed
		}
		if isActive(o.a.Status) {
			a := new(api.Alert)
			*a = *o.a
			out = append(out, a)
		}
	}
	out = append(out, old[prev:]...)
	return out, true
}

// alertEqual reports whether two alerts are the same in every field.
func alertEqual(a, b *api.Alert) bool {
	if a.ID != b.ID || a.Rule != b.Rule || a.RuleName != b.RuleName || a.RuleNameEn != b.RuleNameEn ||
		a.Category != b.Category || a.Level != b.Level || a.Status != b.Status ||
		a.CaseID != b.CaseID || a.CaseNo != b.CaseNo || a.UnitID != b.UnitID || a.UnitName != b.UnitName ||
		a.DeptID != b.DeptID || a.DeptName != b.DeptName || a.PersonID != b.PersonID || a.PersonName != b.PersonName ||
		!a.DueAt.Equal(b.DueAt) || a.DaysRemaining != b.DaysRemaining || !a.DetectedAt.Equal(b.DetectedAt) ||
		!a.UpdatedAt.Equal(b.UpdatedAt) || a.Basis != b.Basis || a.Message != b.Message {
		return false
	}
	if !timePtrEqual(a.RectifiedAt, b.RectifiedAt) {
		return false
	}
	switch {
	case a.Ack == nil || b.Ack == nil:
		return a.Ack == b.Ack
	default:
		return a.Ack.By == b.Ack.By && a.Ack.Note == b.Ack.Note && a.Ack.At.Equal(b.Ack.At)
	}
}

func timePtrEqual(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
