package tui

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui/termtext"
)

var benchSizes = []int{1_000, 10_000, 100_000}

// BenchmarkAlertsCursor measures one cursor move plus a full View of the
// dashboard, with the alerts table of n rows on screen, against
// bubbles/v2/table given the same rows and visible columns.
func BenchmarkAlertsCursor(b *testing.B) {
	for _, n := range benchSizes {
		s := fixtureState(n)
		for _, sz := range [][2]int{{80, 24}, {160, 48}} {
			b.Run(fmt.Sprintf("casewatch/%dx%d/%d", sz[0], sz[1], n), func(b *testing.B) {
				h := newHarness(b, sz[0], sz[1], s)
				down, up := keyMsg("down"), keyMsg("up")
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					k := down
					if (i/60)%2 == 1 {
						k = up
					}
					nm, _ := h.m.Update(k)
					h.m = nm.(Model)
					_ = h.m.View()
				}
			})
		}
		b.Run(fmt.Sprintf("vtable-only/80x24/%d", n), func(b *testing.B) {
			h := newHarness(b, 80, 24, s)
			t := &h.m.alerts.table
			src := alertRows{p: &h.m.alerts, c: &h.m.common, sim: h.m.simNow()}
			buf := make([]string, 0, 32)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				d := 1
				if (i/60)%2 == 1 {
					d = -1
				}
				t.Move(d)
				h.m.alerts.pick()
				buf = t.Lines(src, buf[:0])
			}
		})
		b.Run(fmt.Sprintf("bubbles-table/80x24/%d", n), func(b *testing.B) {
			h := newHarness(b, 80, 24, s)
			t := bubblesTable(h.m.model)
			down, up := keyMsg("down"), keyMsg("up")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := down
				if (i/60)%2 == 1 {
					k = up
				}
				t, _ = t.Update(k)
				_ = tea.NewView(t.View())
			}
		})
	}
}

// bubblesTable builds a bubbles/v2/table with the rows and visible columns
// of the model's alerts table.
func bubblesTable(m *model) table.Model {
	at := &m.alerts.table
	var cols []table.Column
	var idx []int
	for c, col := range m.alerts.columns(&m.common) {
		if at.Shown(c) {
			cols = append(cols, table.Column{Title: col.Title, Width: at.ColumnWidth(c)})
			idx = append(idx, c)
		}
	}
	src := alertRows{p: &m.alerts, c: &m.common, sim: m.simNow()}
	rows := make([]table.Row, len(m.alerts.rows))
	cells := make([]string, len(m.alerts.columns(&m.common)))
	inks := make([]theme.Ink, len(cells))
	for i := range rows {
		for c := range cells {
			cells[c] = ""
		}
		src.Row(i, cells, inks)
		r := make(table.Row, len(idx))
		for k, c := range idx {
			r[k] = cells[c]
		}
		rows[i] = r
	}
	return table.New(table.WithColumns(cols), table.WithRows(rows), table.WithFocused(true),
		table.WithHeight(at.Height()+1), table.WithWidth(at.Width()))
}

// BenchmarkRebuild measures re-deriving the alert rows (filter + sort),
// which runs once per data, filter or sort change.
func BenchmarkRebuild(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			h := newHarness(b, 80, 24, fixtureState(n), withLang(i18n.ZH))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				h.m.alerts.rebuild(&h.m.common)
			}
		})
	}
}

// BenchmarkFilterKey measures one key typed into the text filter: the
// sorted alerts are filtered again, not sorted.
func BenchmarkFilterKey(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			h := newHarness(b, 80, 24, fixtureState(n))
			h.keys("/")
			h.typeText("王")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%2 == 0 {
					h.typeText("芳")
				} else {
					h.keys("backspace")
				}
			}
		})
	}
}

// BenchmarkFilterKeyAfterNewData measures the dearest key of the text
// filter: the first one after the alerts changed (a poll brought new data),
// when nothing remembered holds and the search text of every alert is built
// again before the scan.
func BenchmarkFilterKeyAfterNewData(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			h := newHarness(b, 80, 24, fixtureState(n))
			h.keys("/")
			h.typeText("王")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				h.keys("backspace")
				h.m.alerts.blobs = nil // what a new alert set does (alertsPanel.sync)
				h.m.alerts.ver++
				b.StartTimer()
				h.typeText("王")
			}
		})
	}
}

// BenchmarkFilterKeyAfterDelta measures the first key of the text filter
// after a delta changed 100 of the alerts: the search text of the others is
// carried over (carryBlobs), only the changed ones are built again, and so
// is what the query before matched (filtercarry.go).
func BenchmarkFilterKeyAfterDelta(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			h := newHarness(b, 80, 24, fixtureState(n))
			h.keys("/")
			h.typeText("王")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				h.keys("backspace")
				p := &h.m.alerts
				next := slices.Clone(p.all)
				for k := range 100 {
					changed := *next[(k*997+i)%len(next)]
					next[(k*997+i)%len(next)] = &changed
				}
				p.takeAlerts(next) // what alertsPanel.sync does
				p.ver++
				b.StartTimer()
				h.typeText("王")
			}
		})
	}
}

// BenchmarkWallNewAlertSet measures what a wall display does with each
// changed alert set from the poller: looking for new overdue alerts,
// re-deriving the rows, and drawing the wall at 200x50.
func BenchmarkWallNewAlertSet(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := fixtureState(n)
			h := newHarness(b, 200, 50, s, func(o *Options) { o.Wall = WallOptions{Enabled: true} })
			sets := [2][]*client.Alert{slices.Clone(s.Alerts.Data.Alerts), slices.Clone(s.Alerts.Data.Alerts)}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s.Alerts.Data.Alerts = sets[i%2] // a new slice: a changed set
				nm, _ := h.m.Update(stateMsg{state: s})
				h.m = nm.(Model)
				_ = h.m.View()
			}
		})
	}
}

// BenchmarkIdlePublish measures what the dashboard does at idle with each
// publication of the poller that changes nothing on screen (a 304: the
// same data, a new FetchedAt), at 200x50 with 1,000 alerts: the update and
// the View after it, which keeps the last frame ("kept"), against drawing
// the frame again, as every View did before the frame cache ("redrawn").
func BenchmarkIdlePublish(b *testing.B) {
	defer func(v bool) { verifyViewCache = v }(verifyViewCache)
	verifyViewCache = false // it draws every kept frame again
	for _, wall := range []bool{false, true} {
		for _, kept := range []bool{true, false} {
			name := "dashboard"
			if wall {
				name = "wall"
			}
			if kept {
				name += "/kept"
			} else {
				name += "/redrawn"
			}
			b.Run(name, func(b *testing.B) {
				s := fixtureState(1_000)
				var opts []harnessOpt
				if wall {
					opts = append(opts, func(o *Options) { o.Wall = WallOptions{Enabled: true} })
				}
				h := newHarness(b, 200, 50, s, opts...)
				_ = h.m.View()
				var states [2]client.State
				for i := range states {
					states[i] = s
					states[i].Seq = uint64(i + 2)
					states[i].Alerts.FetchedAt = fixedNow.Add(-time.Duration(2+10*i) * time.Second)
				}
				nm, _ := h.m.Update(stateMsg{state: states[0]})
				h.m = nm.(Model)
				if !h.m.frameKept {
					b.Fatal("a publication that changes nothing on screen should keep the frame")
				}
				_ = h.m.View()
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					nm, _ := h.m.Update(stateMsg{state: states[i%2]})
					h.m = nm.(Model)
					if kept {
						_ = h.m.View()
					} else {
						_ = termtext.Guard(h.m.render())
					}
				}
			})
		}
	}
}

// BenchmarkAlertsDeltaCarry measures what a new alert set from a delta of
// 100 changes costs the filter's memory when the filter has been used:
// carrying the search text alone (carryBlobs, before the matches were
// carried), and the search text and the matches of the remembered queries
// (takeAlerts, eight queries remembered).
func BenchmarkAlertsDeltaCarry(b *testing.B) {
	for _, n := range benchSizes {
		h := newHarness(b, 80, 24, fixtureState(n))
		h.keys("/")
		h.typeText("王芳12345")
		h.keys("backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
		h.typeText("东检")
		p := &h.m.alerts
		next := slices.Clone(p.all)
		for k := range 100 {
			changed := *next[(k*997)%len(next)]
			next[(k*997)%len(next)] = &changed
		}
		b.Run(fmt.Sprintf("blobs/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = carryBlobs(p.all, p.blobs, next)
			}
		})
		b.Run(fmt.Sprintf("blobs+matches/%d", n), func(b *testing.B) {
			q := *p
			if len(q.memo.entries) < maxFilterMemo {
				b.Fatalf("%d queries remembered, want %d", len(q.memo.entries), maxFilterMemo)
			}
			b.ReportAllocs()
			for b.Loop() {
				q.all, q.blobs, q.memo.carry = p.all, p.blobs, nil
				q.takeAlerts(next)
			}
		})
	}
}
