package tui

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// fullScan is the text filter done the plain way: every ordered alert
// checked against every filter.
func fullScan(p *alertsPanel) []int32 {
	q := strings.ToLower(strings.TrimSpace(p.query))
	var rows []int32
	for _, i := range p.order {
		if p.passes(i) && (q == "" || strings.Contains(p.blobs[i], q)) {
			rows = append(rows, i)
		}
	}
	return rows
}

// TestFilterIncrementalMatchesFullScan types, deletes and retypes a query,
// changes the level filter and the sort in between, and checks after every
// key that the rows are exactly what a full scan gives.
func TestFilterIncrementalMatchesFullScan(t *testing.T) {
	h := newHarness(t, 160, 48, fixtureState(3000))
	check := func(step string) {
		t.Helper()
		p := &h.m.alerts
		// The same alerts (arrange may group and reorder them after the
		// filter, and adds group headers as negative rows).
		got := slices.DeleteFunc(slices.Clone(p.rows), func(i int32) bool { return i < 0 })
		want := fullScan(p)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("after %s (query %q): %d rows, a full scan gives %d", step, p.query, len(got), len(want))
		}
	}
	h.keys("/")
	for _, step := range []string{"东", "检", "backspace", "backspace", "0", "0", "1", "backspace", "2"} {
		if len([]rune(step)) == 1 {
			h.typeText(step)
		} else {
			h.keys(step)
		}
		check(step)
	}
	if h.m.alerts.query == "" || len(h.m.alerts.rows) == 0 {
		t.Fatalf("the test query %q matched nothing: the check proves little", h.m.alerts.query)
	}
	h.keys("enter", "l") // the level filter changes under a standing query
	check("l")
	h.keys("s") // another order
	check("s")
	h.keys("/")
	h.keys("backspace")
	check("backspace after sort")
	h.typeText("1")
	check("retype after sort")
}

// TestFilterNarrowsFromPreviousMatches checks that a longer query starts
// from the rows of the query it extends, and that a backspace finds the
// shorter query's rows without a scan.
func TestFilterNarrowsFromPreviousMatches(t *testing.T) {
	h := newHarness(t, 160, 48, fixtureState(3000))
	h.keys("/")
	h.typeText("12")
	p := &h.m.alerts
	from, exact := p.memo.candidates("123")
	if exact || from == nil || !slices.Equal(from, p.rows) {
		t.Fatalf("123 would start from %d rows (exact %v), want the %d rows of 12", len(from), exact, len(p.rows))
	}
	if len(p.rows) == 0 || len(p.rows) == len(p.order) {
		t.Fatalf("12 matched %d of %d rows: the check proves little", len(p.rows), len(p.order))
	}
	short := slices.Clone(p.rows)
	h.typeText("3")
	if _, exact := p.memo.candidates("12"); !exact {
		t.Fatal("12's rows are not remembered after typing past it")
	}
	h.keys("backspace")
	if !slices.Equal(p.rows, short) {
		t.Fatalf("backspace to 12: %d rows, want %d", len(p.rows), len(short))
	}
	// New data invalidates what was remembered.
	p.ver++
	if p.memo.valid(p) {
		t.Fatal("memo still valid after a reorder")
	}
	if from, _ := p.memo.candidates("12"); from != nil {
		t.Fatal("memo kept rows across a reorder")
	}
}

// TestLowerTextIsToLower checks lowerText against strings.ToLower for every
// rune, alone and beside others, so the ranges it lets through really have
// no lower case.
func TestLowerTextIsToLower(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r < 0xE000 {
			continue // surrogates are not runes of a valid string
		}
		s := string(r)
		for _, in := range []string{s, "东" + s + "X", "a" + s} {
			if got, want := lowerText(in), strings.ToLower(in); got != want {
				t.Fatalf("lowerText(%q) = %q, strings.ToLower gives %q", in, got, want)
			}
		}
	}
	for _, in := range []string{"", "东检刑诉受[2023]00001号", "R12 Detention", "ＡＢＣ全角", "Ünïcode", "\xff\xfe bad"} {
		if got, want := lowerText(in), strings.ToLower(in); got != want {
			t.Errorf("lowerText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCarryBlobsKeepsUnchangedAlerts: after a new alert set, the search text
// of the alerts that did not change is carried over and the rest is built
// again, and the filter answers as a full scan does.
func TestCarryBlobsKeepsUnchangedAlerts(t *testing.T) {
	h := newHarness(t, 160, 48, fixtureState(500))
	h.keys("/")
	h.typeText("12")
	p := &h.m.alerts
	next := slices.Clone(p.all)
	changed := *next[7]
	changed.PersonName = "赵新人12"
	next[7] = &changed
	next = append(next[:20], next[21:]...) // one alert left the set
	blobs := carryBlobs(p.all, p.blobs, next)
	for i, a := range next {
		switch {
		case i == 7 && blobs[i] != "":
			t.Fatal("the changed alert's search text was carried over")
		case i != 7 && blobs[i] == "":
			t.Fatalf("alert %s unchanged but its search text not carried over", a.ID)
		}
	}
	p.blobs, p.all = blobs, next
	p.ver++
	p.fillBlobs(&h.m.common)
	for i, a := range next {
		if want := searchBlob(&h.m.common, a, lowerMemo{}); p.blobs[i] != want {
			t.Fatalf("alert %s: search text %q, want %q", a.ID, p.blobs[i], want)
		}
	}
	if !strings.Contains(p.blobs[7], "赵新人12") {
		t.Fatal("the changed alert's new person is not searchable")
	}
}
