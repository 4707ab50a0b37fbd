package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// The bell (issue 14): a new 超期 alert in scope rings the terminal bell
// once; with Options.Notify it also raises a desktop notification (OSC 9,
// read by iTerm2, Windows Terminal, kitty, WezTerm, and OSC 777, read by
// foot, rxvt-unicode, Ghostty and VTE terminals; a terminal that knows
// neither ignores them; inside tmux they need allow-passthrough). A wall
// display rings and notifies only with Options.Notify: it has its pin.
// And `y` copies a case number with OSC 52 when Options.Clipboard allows.

// bellState remembers the overdue alerts already known, so that each new
// overdue alert rings once and never again.
type bellState struct {
	primed bool
	set    []*client.Alert     // the last alert set looked at
	rung   map[string]struct{} // overdue alerts known (rung, or there at start)
}

// see looks at the alert set of the latest publication and returns the
// new overdue alerts in scope: overdue now, not rung before. The first set
// only primes: a dashboard started on a bad day does not ring. Alerts gone
// from the set are forgotten.
func (b *bellState) see(c *common, inScope map[string]bool) []*client.Alert {
	snap := c.state.Alerts
	if !snap.HasData || (b.primed && sameAlertSet(snap.Data.Alerts, b.set)) {
		return nil
	}
	all := snap.Data.Alerts
	b.set = all
	if b.rung == nil {
		b.rung = map[string]struct{}{}
	}
	var fresh []*client.Alert
	present := make(map[string]struct{}, len(b.rung))
	for _, a := range all {
		if a.Level != api.LevelOverdue {
			continue
		}
		present[a.ID] = struct{}{}
		if _, ok := b.rung[a.ID]; ok {
			continue
		}
		// Known from now on, rung or not: one out of scope is old news by
		// the time a scope change takes it in.
		b.rung[a.ID] = struct{}{}
		if b.primed && (inScope == nil || inScope[a.UnitID]) {
			fresh = append(fresh, a)
		}
	}
	for id := range b.rung {
		if _, ok := present[id]; !ok {
			delete(b.rung, id)
		}
	}
	b.primed = true
	return fresh
}

// ring returns the command that rings for fresh alerts: the bell, and the
// desktop notification when asked; nothing on a wall display unless
// Notify asks.
func (b *bellState) ring(c *common, wall bool, fresh []*client.Alert) tea.Cmd {
	if len(fresh) == 0 || (wall && !c.opts.Notify) {
		return nil
	}
	seq := "\a"
	if c.opts.Notify {
		first := fresh[0]
		body := oscText(c.cat.F("bell.body", len(fresh), c.units.short(first.UnitID, first.UnitName), first.CaseNo))
		title := oscText(c.cat.T("bell.title"))
		seq += "\x1b]9;" + title + ": " + body + "\x07" + "\x1b]777;notify;" + title + ";" + body + "\x07"
	}
	return tea.Raw(seq)
}

// oscText makes text safe inside an OSC string: no control characters
// (the data is sanitised already; this is the second fence) and no ';',
// which separates OSC 777's fields.
func oscText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		case r == ';':
			return '；'
		}
		return r
	}, s)
}

// yankMsg asks to copy a case number to the clipboard (OSC 52).
type yankMsg struct{ caseNo string }

// apply copies the case number when the clipboard is allowed, and says so.
func (y yankMsg) apply(c *common) tea.Cmd {
	switch {
	case y.caseNo == "":
		return nil
	case !c.opts.Clipboard:
		c.status, c.statusBad = c.cat.T("yank.off"), true
		return nil
	}
	c.status, c.statusBad = c.cat.F("yank.done", y.caseNo), false
	return tea.SetClipboard(y.caseNo)
}
