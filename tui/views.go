package tui

import (
	"slices"
	"strings"
)

// View is a saved view (gh-dash's sections), from config.toml's [[view]]
// tables: a name and what switching to it sets. Empty fields set nothing
// but the filters, which a view always sets (empty clears them), so a view
// shows the same list whatever was on screen before.
type View struct {
	// Name is how the view is shown and chosen (`:view NAME`).
	Name string
	// Scope is a unit's id or name; empty leaves the scope as it is.
	Scope string
	// Panel is alerts, indicators or coverage; empty leaves the focus.
	Panel string
	// Level, Category and Query filter the alerts (API codes; Query as
	// typed after /).
	Level, Category, Query string
	// Sort is level, deadline, unit or age; empty leaves the sort.
	Sort string
	// Group is off, case, unit or person; empty leaves the grouping.
	Group string
	// Acked is show, sink or hide; empty leaves it.
	Acked string
}

// SortWords are the names of the alert sorts in the config file, in the
// order `s` cycles through them.
var SortWords = []string{"level", "deadline", "unit", "age"}

// GroupWords are the names of the alert groupings in the config file.
var GroupWords = groupWords[:]

// AckedWords are the names of the modes of acknowledged alerts in the
// config file.
var AckedWords = ackedWords[:]

// PanelWords are the names of the panels in the config file and on the
// command line.
var PanelWords = panelWords[:]

// viewIndex returns the view named name (case-insensitive, or the one
// view whose name begins with it), or -1.
func (c *common) viewIndex(name string) int {
	n := strings.ToLower(strings.TrimSpace(name))
	found := -1
	for i, v := range c.views {
		l := strings.ToLower(v.Name)
		if l == n {
			return i
		}
		if strings.HasPrefix(l, n) && n != "" {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// viewAfter returns the index of the view after view cur (-1 for none),
// wrapping around; false when there are no views.
func (c *common) viewAfter(cur int) (int, bool) {
	if len(c.views) == 0 {
		return 0, false
	}
	return (cur + 1) % len(c.views), true
}

// applyView switches to view i: its scope, panel, filters, sort, grouping
// and acknowledged mode; every list lands on its top.
func (m *model) applyView(i int) {
	v := m.views[i]
	m.view = i
	m.showHelp = false
	m.stack = m.stack[:0]
	p := &m.alerts
	p.level, p.category, p.query = v.Level, v.Category, outside(v.Query)
	if k := slices.Index(SortWords, v.Sort); k >= 0 {
		p.sort = alertSort(k)
	}
	if k := slices.Index(GroupWords, v.Group); k >= 0 {
		p.group, p.collapsed = alertGroup(k), nil
	}
	if k := slices.Index(AckedWords, v.Acked); k >= 0 {
		p.acked = ackedMode(k)
	}
	if k := slices.Index(PanelWords, v.Panel); k >= 0 {
		m.setFocus(panel(k))
	}
	status, bad := m.cat.F("view.now", v.Name), false
	if v.Scope != "" {
		if id, ok := m.viewScope(v.Scope); ok {
			m.scopeID = id
		} else if len(m.units.list) > 0 {
			status, bad = m.cat.F("view.now", v.Name)+" · "+m.cat.F("cmd.nounit", v.Scope), true
		} else {
			m.viewPending = v.Scope // the units are not known yet
		}
	}
	m.dashboard.scopeChanged(&m.common) // rebuilds the alerts with the new sort and filters; every list to its top
	m.status, m.statusBad = status, bad
}

// viewProvince is the scope of the built-in province view.
const viewProvince = "\x00province"

// viewScope resolves a view's scope, a unit's id or name.
func (c *common) viewScope(s string) (string, bool) {
	if s == viewProvince {
		return c.units.root, c.units.root != ""
	}
	if c.units.unit(s) != nil {
		return s, true
	}
	ids := c.units.match(c.cat, s)
	if len(ids) == 1 || (len(ids) > 1 && c.units.exact(c.cat, ids[0], s)) {
		return ids[0], true
	}
	return "", false
}

// resolveViewScope applies the scope of the view applied before the units
// were known, once they are.
func (m *model) resolveViewScope() {
	if m.viewPending == "" || len(m.units.list) == 0 {
		return
	}
	s := m.viewPending
	m.viewPending = ""
	if id, ok := m.viewScope(s); ok {
		m.scopeID = id
		m.say(m.dashboard.scopeChanged(&m.common))
		return
	}
	m.status, m.statusBad = m.cat.F("cmd.nounit", s), true
}

// startViews sets up the saved views at start (not on a wall display) and
// returns the index of the default view to apply, -1 for none. Without
// saved views, a dashboard started on a unit has two: that unit ("my
// unit") and the province, so v goes back and forth.
func (c *common) startViews(onWall bool) int {
	if len(c.views) == 0 && c.opts.Scope != "" && !onWall {
		c.views = []View{{Name: c.cat.T("view.myunit"), Scope: c.opts.Scope}, {Name: c.cat.T("scope.province"), Scope: viewProvince}}
	}
	if c.opts.DefaultView == "" || onWall {
		return -1
	}
	return c.viewIndex(c.opts.DefaultView)
}
