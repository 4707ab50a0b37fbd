package tui

import "testing"

// BenchmarkCaseCands is the local half of `:case`'s completion (the alerts
// held), run on every key typed: 100,000 alerts, a serial number, a
// Chinese prefix every case number has, and Latin letters (folded).
func BenchmarkCaseCands(b *testing.B) {
	h := newHarness(b, 100, 30, fixtureState(100000))
	c := &h.m.common
	for _, q := range []string{"2430", "东检", "abc"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				h.m.cmd.caseCands(c, q)
			}
		})
	}
}

// BenchmarkRefilterGrouped is the alerts panel's refilter of 100,000
// alerts, ungrouped and grouped each way (alerts_group.go).
func BenchmarkRefilterGrouped(b *testing.B) {
	h := newHarness(b, 100, 30, fixtureState(100000))
	c := &h.m.common
	p := &h.m.alerts
	for _, g := range []alertGroup{groupNone, groupCase, groupUnit, groupPerson} {
		p.group = g
		b.Run(groupWords[g], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.refilter(c)
			}
		})
	}
}
