package client

import (
	"cmp"
	"container/heap"
	"hash/maphash"
	"slices"
)

// selector gathers a full listing page by page, holding at most max
// active alerts: the most urgent (compareUrgency). The ids of those left
// out are kept as 8-byte hashes, to count them and to recognise them in
// later deltas. Memory thus stays within the cap whatever the listing's
// size: an alert that does not make it is garbage as soon as its page is.
type selector struct {
	max      int
	seed     maphash.Seed
	held     []heldAlert // a heap, least urgent on top, once full
	dropped  []uint64
	rejected Rejections
	seq      int
}

// heldAlert is an alert with its position in the listing, so that the
// later of two records with one id wins.
type heldAlert struct {
	a   *Alert
	seq int
}

func (x *selector) Len() int           { return len(x.held) }
func (x *selector) Less(i, j int) bool { return compareUrgency(x.held[i].a, x.held[j].a) > 0 }
func (x *selector) Swap(i, j int)      { x.held[i], x.held[j] = x.held[j], x.held[i] }
func (x *selector) Push(v any)         { x.held = append(x.held, v.(heldAlert)) }
func (x *selector) Pop() any {
	v := x.held[len(x.held)-1]
	x.held = x.held[:len(x.held)-1]
	return v
}

// add takes the alerts of one page.
func (x *selector) add(p *AlertPage) {
	x.rejected.merge(p.Rejected)
	for _, a := range p.Alerts {
		x.seq++
		if !isActive(a.Status) {
			continue
		}
		h := heldAlert{a: a, seq: x.seq}
		switch {
		case len(x.held) < x.max:
			x.held = append(x.held, h)
			if len(x.held) == x.max {
				heap.Init(x)
			}
		case compareUrgency(a, x.held[0].a) < 0:
			x.dropped = append(x.dropped, maphash.String(x.seed, x.held[0].a.ID))
			x.held[0] = h
			heap.Fix(x, 0)
		default:
			x.dropped = append(x.dropped, maphash.String(x.seed, a.ID))
		}
	}
}

// result returns the alerts held, by id (the later record of an id wins),
// and the sorted hashes of the ids left out (none of them held).
func (x *selector) result() ([]*Alert, []uint64) {
	slices.SortFunc(x.held, func(p, q heldAlert) int {
		if c := cmp.Compare(p.a.ID, q.a.ID); c != 0 {
			return c
		}
		return cmp.Compare(p.seq, q.seq)
	})
	list := make([]*Alert, 0, len(x.held))
	for i, h := range x.held {
		if i+1 < len(x.held) && x.held[i+1].a.ID == h.a.ID {
			continue
		}
		list = append(list, h.a)
	}
	x.held = nil
	if len(x.dropped) == 0 {
		return list, nil
	}
	slices.Sort(x.dropped)
	dropped := slices.Compact(x.dropped)
	heldIDs := make(map[uint64]bool)
	for _, a := range list {
		if _, ok := slices.BinarySearch(dropped, maphash.String(x.seed, a.ID)); ok {
			heldIDs[maphash.String(x.seed, a.ID)] = true
		}
	}
	dropped = slices.DeleteFunc(dropped, func(h uint64) bool { return heldIDs[h] })
	return list, slices.Clip(dropped)
}

// evictLeastUrgent removes the n least urgent alerts from list (sorted by
// id), returning a new list and the removed alerts.
func evictLeastUrgent(list []*Alert, n int) (kept, evicted []*Alert) {
	byUrgency := slices.Clone(list)
	slices.SortFunc(byUrgency, compareUrgency)
	evicted = byUrgency[len(byUrgency)-n:]
	out := make(map[*Alert]bool, n)
	for _, a := range evicted {
		out[a] = true
	}
	kept = make([]*Alert, 0, len(list)-n)
	for _, a := range list {
		if !out[a] {
			kept = append(kept, a)
		}
	}
	return kept, evicted
}
