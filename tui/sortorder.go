package tui

import (
	"cmp"
	"math/bits"
	"slices"
)

// sortEntry is one alert with its precomputed sort key and its index in
// the poller's list (ordered by id), which breaks ties.
type sortEntry struct {
	key int64
	i   int32
}

// pinBias lifts the sort keys of alerts not pinned above every pinned
// one's (keys use at most 52 bits).
const pinBias = 1 << 60

// orderer sorts alert indexes by a sort key, ties by index (the poller's
// order, by alert id). When the key, a pin bit and the index fit in 64
// bits together (every order but by unit, below 2^27 alerts) they are
// packed into one uint64 and sorted as plain integers: about twice as fast
// as sorting (key, index) pairs with a comparison function, and half the
// memory to clear (BenchmarkRebuild). Otherwise it sorts the pairs.
type orderer struct {
	keyBits uint // the keys are below 1<<keyBits
	shift   uint // bits of the index in a packed entry
	pack    bool // entries are packed
	packed  []uint64
	pairs   []sortEntry
}

// newOrderer is an orderer for up to n alerts whose keys are below
// 1<<keyBits.
func newOrderer(n int, keyBits uint) *orderer {
	o := &orderer{keyBits: keyBits, shift: uint(bits.Len(uint(n)))}
	if o.pack = o.keyBits+1+o.shift <= 64; o.pack {
		o.packed = make([]uint64, 0, n)
	} else {
		o.pairs = make([]sortEntry, 0, n)
	}
	return o
}

// add records the alert at index i with its sort key; after says whether
// it sorts after every alert added without it (a wall's alerts not
// pinned).
func (o *orderer) add(key int64, i int32, after bool) {
	if !o.pack {
		if after {
			key += pinBias
		}
		o.pairs = append(o.pairs, sortEntry{key: key, i: i})
		return
	}
	k := uint64(key)
	if after {
		k |= 1 << o.keyBits
	}
	o.packed = append(o.packed, k<<o.shift|uint64(i))
}

// len is the number of alerts added.
func (o *orderer) len() int { return len(o.packed) + len(o.pairs) }

// appendSorted appends the indexes in order to dst.
func (o *orderer) appendSorted(dst []int32) []int32 {
	if o.pack {
		slices.Sort(o.packed)
		mask := uint64(1)<<o.shift - 1
		for _, e := range o.packed {
			dst = append(dst, int32(e&mask))
		}
		return dst
	}
	slices.SortFunc(o.pairs, func(x, y sortEntry) int {
		if c := cmp.Compare(x.key, y.key); c != 0 {
			return c
		}
		return cmp.Compare(x.i, y.i)
	})
	for _, e := range o.pairs {
		dst = append(dst, e.i)
	}
	return dst
}
