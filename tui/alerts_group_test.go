package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/casewatch/casewatch/i18n"
)

func TestGroupAlerts(t *testing.T) {
	for _, tc := range []struct {
		presses int
		group   alertGroup
		key     func(h *harness, i int32) string
	}{
		{1, groupCase, func(h *harness, i int32) string { return h.m.alerts.all[i].CaseID }},
		{2, groupUnit, func(h *harness, i int32) string { return h.m.alerts.all[i].UnitID }},
		{3, groupPerson, func(h *harness, i int32) string {
			a := h.m.alerts.all[i]
			return a.UnitID + "/" + a.PersonID
		}},
	} {
		h := newHarness(t, 100, 30, fixtureState(60))
		for range tc.presses {
			h.keys("b")
		}
		p := &h.m.alerts
		if p.group != tc.group {
			t.Fatalf("group %v, want %v", p.group, tc.group)
		}
		// Every group is one run of rows: a header followed by exactly
		// its alerts, or a group of one, its alert alone. No key comes
		// back in a later run.
		seen := map[string]bool{}
		alerts, headers, multi := 0, 0, 0
		for _, g := range p.groups {
			if g.n > 1 {
				multi++
			}
		}
		for k := 0; k < len(p.rows); {
			n, key := 1, ""
			if p.rows[k] < 0 {
				g := p.groupAt(k)
				headers++
				k++
				n = g.n
				if n < 2 {
					t.Fatalf("a header for a group of %d", n)
				}
			}
			for j := 0; j < n; j++ {
				if k >= len(p.rows) || p.rows[k] < 0 {
					t.Fatalf("row %d: a group of %d ends after %d", k, n, j)
				}
				kk := tc.key(h, p.rows[k])
				if j == 0 {
					if seen[kk] {
						t.Fatalf("key %s in two groups", kk)
					}
					seen[kk], key = true, kk
				} else if kk != key {
					t.Fatalf("row %d: %s inside group %s", k, kk, key)
				}
				alerts++
				k++
			}
		}
		if alerts != p.total || headers != multi || p.shown != p.total || len(seen) != len(p.groups) {
			t.Fatalf("alerts %d of %d, headers %d of %d, shown %d, groups %d of %d", alerts, p.total, headers, multi, p.shown, len(seen), len(p.groups))
		}
		// The worst group first, the top row selected; enter on the first
		// header folds its group.
		if top := p.all[p.rows[slices.IndexFunc(p.rows, func(i int32) bool { return i >= 0 })]]; top.Level != "overdue" {
			t.Fatalf("the first alert is %s, not the worst", top.Level)
		}
		hk := slices.IndexFunc(p.rows, func(i int32) bool { return i < 0 })
		p.table.SetCursor(hk)
		p.pick()
		if p.selected() != nil {
			t.Fatal("a header selects no alert")
		}
		g := p.groupAt(hk)
		n := len(p.rows)
		h.keys("enter")
		if h.m.current() != screenDash || len(p.rows) != n-g.n || !strings.Contains(h.view(), "▸ ") {
			t.Fatalf("enter did not fold: %d rows of %d\n%s", len(p.rows), n, h.view())
		}
		h.keys("enter")
		if len(p.rows) != n {
			t.Fatal("enter did not unfold")
		}
		h.keys("down", "enter")
		if h.m.current() != screenCase {
			t.Fatal("enter on an alert of a group should open its case")
		}
	}
}

func TestGroupHeaderView(t *testing.T) {
	h := newHarness(t, 100, 30, fixtureState(60), withLang(i18n.EN))
	h.keys("b")
	v := h.view()
	for _, want := range []string{"▾ 东检刑诉受[2023]00006号  2 alerts  ✖overdue 2", "group: by case 50 groups"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	h.keys("b", "b", "b")
	if h.m.alerts.group != groupNone || len(h.m.alerts.groups) != 0 || strings.Contains(h.view(), "▾") {
		t.Fatal("b four times should ungroup")
	}
}

func TestHideAcked(t *testing.T) {
	h := newHarness(t, 100, 30, fixtureState(60))
	p := &h.m.alerts
	acked := p.all[3] // the fixture's acknowledged alert
	if acked.Ack == nil {
		t.Fatal("fixture changed")
	}
	h.keys("h") // sink
	last := p.all[p.rows[len(p.rows)-1]]
	if last != acked || p.shown != p.total || p.hidden != 0 {
		t.Fatalf("sink: last %s, shown %d/%d", last.ID, p.shown, p.total)
	}
	if !strings.Contains(h.view(), "已确认沉底") {
		t.Fatalf("sink not said:\n%s", h.view())
	}
	h.keys("h") // hide
	for _, i := range p.rows {
		if p.all[i] == acked {
			t.Fatal("the acknowledged alert is still listed")
		}
	}
	if p.hidden != 1 || p.shown != p.total-1 || !strings.Contains(h.view(), "已隐藏已确认 1") || !strings.Contains(h.view(), "●提示 23/24") {
		t.Fatalf("hidden %d shown %d\n%s", p.hidden, p.shown, h.view())
	}
	// An acknowledgement waiting in the outbox counts as acknowledged.
	h.keys("a")
	h.typeText("督办")
	h.keys("enter")
	if p.hidden != 2 {
		t.Fatalf("after an ack, hidden %d", p.hidden)
	}
	h.keys("h") // shown again
	if p.hidden != 0 || p.shown != p.total {
		t.Fatal("h thrice should show every alert")
	}
	// Hidden and grouped: the group counts leave the hidden out.
	h.keys("h", "h", "b")
	sum := 0
	for _, g := range p.groups {
		sum += g.n
	}
	if sum != p.total-2 {
		t.Fatalf("groups hold %d, want %d", sum, p.total-2)
	}
}

// TestSinkKeepsTheCursorsRow: with acknowledged alerts sunk, acknowledging
// the alert under the cursor leaves the cursor on its row, now the next
// alert, so the next a or n acts on that one (not on the sunk alert).
func TestSinkKeepsTheCursorsRow(t *testing.T) {
	h := newHarness(t, 100, 30, fixtureState(60))
	p := &h.m.alerts
	h.keys("h") // sink
	h.keys("down", "down")
	at := p.table.Cursor()
	first, next := p.selected(), p.alertAt(at+1)
	h.keys("a")
	h.typeText("督办")
	h.keys("enter")
	if !h.m.isAcked(first) {
		t.Fatalf("%s not acknowledged", first.ID)
	}
	if got := p.selected(); p.table.Cursor() != at || got != next {
		t.Fatalf("cursor at %d on %v, want %d on %s (the sunk alert is %s)", p.table.Cursor(), got.ID, at, next.ID, first.ID)
	}
	if last := p.all[p.rows[len(p.rows)-1]]; last != first && !h.m.isAcked(last) {
		t.Fatalf("the acknowledged alert did not sink: last row %s", last.ID)
	}
}

// TestGroupedPositionCountsAlerts: grouped, the list's position counts
// alerts, not rows: headers are skipped, a folded group counts its
// alerts, and the total is the alerts shown.
func TestGroupedPositionCountsAlerts(t *testing.T) {
	h := newHarness(t, 100, 30, fixtureState(60))
	h.keys("b", "b") // by unit: four groups of 15
	p := &h.m.alerts
	if want := "1 / 60"; h.m.dashboard.position(&h.m.common, panelAlerts) != want {
		t.Fatalf("top: %q, want %q", h.m.dashboard.position(&h.m.common, panelAlerts), want)
	}
	// The second group's header: its first alert is the 16th.
	second := -1
	for k, r := range p.rows {
		if r < 0 && k > 0 {
			second = k
			break
		}
	}
	p.table.SetCursor(second)
	if got := h.m.dashboard.position(&h.m.common, panelAlerts); got != "16 / 60" {
		t.Fatalf("second header: %q", got)
	}
	// Fold the first group: the second header is still the 16th alert.
	p.table.SetCursor(0)
	h.keys("enter")
	for k, r := range p.rows {
		if r < 0 && k > 0 {
			p.table.SetCursor(k)
			break
		}
	}
	if got := h.m.dashboard.position(&h.m.common, panelAlerts); got != "16 / 60" {
		t.Fatalf("second header after folding the first: %q", got)
	}
	h.keys("down")
	if got := h.m.dashboard.position(&h.m.common, panelAlerts); got != "16 / 60" {
		t.Fatalf("first alert of the second group: %q", got)
	}
}
