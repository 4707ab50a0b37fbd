package tui

import (
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/theme"
)

// alertGroup is how the alerts list is grouped (karma style): not at all,
// or by case, unit or prosecutor, each group under a header row with its
// counts.
type alertGroup int

const (
	groupNone alertGroup = iota
	groupCase
	groupUnit
	groupPerson
	groupCount
)

// groupWords are the names of the groupings in the command line and the
// config file.
var groupWords = [groupCount]string{"off", "case", "unit", "person"}

// ackedMode is what the list does with acknowledged alerts (karma's
// silences): show them in place, sink them below the rest, or hide them
// (the counts say how many are hidden).
type ackedMode int

const (
	ackedShown ackedMode = iota
	ackedSunk
	ackedHidden
	ackedCount
)

// ackedWords are the names of the modes in the config file.
var ackedWords = [ackedCount]string{"show", "sink", "hide"}

// alertGroupInfo is one group of the grouped list.
type alertGroupInfo struct {
	key     string
	label   string
	n       int    // alerts in the group (after the filters)
	byLevel [6]int // per levels
}

// groupLabel is the name of grouping g in the catalog's language.
func (c *common) groupLabel(g alertGroup) string {
	switch g {
	case groupCase:
		return c.cat.T("group.case")
	case groupUnit:
		return c.cat.T("group.unit")
	case groupPerson:
		return c.cat.T("group.person")
	}
	return c.cat.T("group.none")
}

// setGroup groups the alerts by g; the list starts at its top, the worst
// group's header selected. It returns what the footer should say.
func (p *alertsPanel) setGroup(c *common, g alertGroup) tea.Msg {
	p.group = g
	p.collapsed = nil
	p.refilter(c)
	p.table.Top()
	p.pick()
	return statusMsg{text: c.cat.F("group.label", c.groupLabel(g))}
}

// setAcked sets what the list does with acknowledged alerts and returns
// what the footer should say.
func (p *alertsPanel) setAcked(c *common, a ackedMode) tea.Msg {
	p.acked = a
	p.refilter(c)
	switch a {
	case ackedSunk:
		return statusMsg{text: c.cat.T("hide.sink")}
	case ackedHidden:
		return statusMsg{text: c.cat.F("hide.hidden", p.hidden)}
	}
	return statusMsg{text: c.cat.T("hide.off")}
}

// isAcked reports whether an alert counts as acknowledged for sinking and
// hiding: acknowledged, or an acknowledgement waits in the outbox.
func (c *common) isAcked(a *client.Alert) bool { return a.Ack != nil || c.pending[a.ID] }

// arrange applies the acknowledged mode and the grouping to the filtered
// rows (alert indexes, in sort order). Grouped, the rows become headers
// (negative: -(group+1)) each followed by its alerts, the groups in the
// order of their first alert, so the worst group comes first; a group of
// one alert is that alert's row alone, without a header.
func (p *alertsPanel) arrange(c *common) {
	p.hidden = 0
	if p.acked != ackedShown {
		keep, sunk := p.rows[:0], p.sunk[:0]
		for _, i := range p.rows {
			if !c.isAcked(p.all[i]) {
				keep = append(keep, i)
				continue
			}
			if p.acked == ackedHidden {
				p.hidden++
				continue
			}
			sunk = append(sunk, i)
		}
		p.rows = append(keep, sunk...)
		p.sunk = sunk[:0]
	}
	p.shown = len(p.rows)
	p.groups = p.groups[:0]
	if p.group == groupNone || len(p.rows) == 0 {
		return
	}
	index := map[groupID]int{}
	member := make([]int32, len(p.rows)) // group of each row
	for k, i := range p.rows {
		a := p.all[i]
		id := groupIDOf(p.group, a)
		g, ok := index[id]
		if !ok {
			g = len(p.groups)
			index[id] = g
			p.groups = append(p.groups, alertGroupInfo{key: id.unit + "\x1f" + id.key, label: c.groupHeader(p.group, a)})
		}
		member[k] = int32(g)
		p.groups[g].n++
		if l := slices.Index(levels, a.Level); l >= 0 {
			p.groups[g].byLevel[l]++
		}
	}
	// Counting sort by group, stable within a group.
	start := make([]int, len(p.groups)+1)
	for _, g := range member {
		start[g+1]++
	}
	for g := range p.groups {
		start[g+1] += start[g]
	}
	sorted := slices.Grow(p.sunk[:0], len(p.rows))[:len(p.rows)]
	for k, i := range p.rows {
		g := member[k]
		sorted[start[g]] = i
		start[g]++
	}
	out := make([]int32, 0, len(p.rows)+len(p.groups))
	pos := 0
	for g := range p.groups {
		n := p.groups[g].n
		if n == 1 {
			// A group of one is its alert alone: by case, most cases
			// have one alert, and a header each would double the list.
			out = append(out, sorted[pos])
			pos++
			continue
		}
		out = append(out, int32(-(g + 1)))
		if !p.collapsed[p.groups[g].key] {
			out = append(out, sorted[pos:pos+n]...)
		}
		pos += n
	}
	p.sunk = sorted[:0]
	p.rows = out
}

// groupID identifies an alert's group: the case, the unit, or the unit
// and the prosecutor. Two strings the alert already holds, so grouping
// allocates nothing per alert.
type groupID struct{ unit, key string }

// groupIDOf is alert a's group under g.
func groupIDOf(g alertGroup, a *client.Alert) groupID {
	switch g {
	case groupCase:
		return groupID{key: a.CaseID}
	case groupUnit:
		return groupID{unit: a.UnitID}
	}
	if a.PersonName == "" {
		return groupID{key: "\x00"} // no prosecutor, whatever the unit
	}
	if a.PersonID != "" {
		return groupID{unit: a.UnitID, key: a.PersonID}
	}
	return groupID{unit: a.UnitID, key: a.PersonName}
}

// groupHeader is the header label of alert a's group under g.
func (c *common) groupHeader(g alertGroup, a *client.Alert) string {
	switch g {
	case groupCase:
		return a.CaseNo
	case groupUnit:
		return c.units.name(c.cat, a.UnitID, a.UnitName)
	}
	if a.PersonName == "" {
		return c.cat.T("group.nobody")
	}
	return a.PersonName + " · " + c.units.short(a.UnitID, a.UnitName)
}

// alertAt returns the alert of table row i, nil for a group header.
func (p *alertsPanel) alertAt(i int) *client.Alert {
	if i < 0 || i >= len(p.rows) || p.rows[i] < 0 {
		return nil
	}
	return p.all[p.rows[i]]
}

// groupAt returns the group whose header is table row i, or nil.
func (p *alertsPanel) groupAt(i int) *alertGroupInfo {
	if i < 0 || i >= len(p.rows) || p.rows[i] >= 0 {
		return nil
	}
	g := int(-p.rows[i]) - 1
	if g >= len(p.groups) {
		return nil
	}
	return &p.groups[g]
}

// toggleGroup folds or unfolds the group whose header is under the
// cursor; it reports whether there was one.
func (p *alertsPanel) toggleGroup(c *common) bool {
	g := p.groupAt(p.table.Cursor())
	if g == nil {
		return false
	}
	if p.collapsed == nil {
		p.collapsed = map[string]bool{}
	}
	key := g.key
	p.collapsed[key] = !p.collapsed[key]
	p.refilter(c)
	for k := range p.rows {
		if h := p.groupAt(k); h != nil && h.key == key {
			p.table.SetCursor(k)
			break
		}
	}
	return true
}

// Span implements vtable.Spanner: a group header is one line across the
// table: fold mark, name, count and counts by level.
func (r alertRows) Span(i int) (string, theme.Ink, bool) {
	c, p := r.c, r.p
	g := p.groupAt(i)
	if g == nil {
		return "", theme.Ink{}, false
	}
	mark := "▾ "
	if p.collapsed[g.key] {
		mark = "▸ "
	}
	var b strings.Builder
	b.WriteString(mark + g.label + "  " + c.cat.F("group.count", g.n))
	for k, l := range levels {
		if g.byLevel[k] == 0 {
			continue
		}
		b.WriteString("  " + theme.LevelGlyph(l) + c.cat.LevelShort(l) + " " + strconv.Itoa(g.byLevel[k]))
	}
	return b.String(), c.styles.Title, true
}

// actNote is what the level line adds about grouping and hidden alerts:
// "分组：按案件 12 组", "已隐藏已确认 3".
func (p *alertsPanel) actNote(c *common) string {
	var parts []string
	if p.group != groupNone {
		parts = append(parts, c.cat.F("group.label", c.groupLabel(p.group))+" "+c.cat.F("group.groups", len(p.groups)))
	}
	switch {
	case p.acked == ackedHidden:
		parts = append(parts, c.cat.F("hide.hidden", p.hidden))
	case p.acked == ackedSunk:
		parts = append(parts, c.cat.T("hide.sink"))
	}
	return strings.Join(parts, "  ")
}

// ackedChanged re-arranges the list after an alert became acknowledged
// here (or its acknowledgement failed), when acknowledged alerts are sunk
// or hidden.
//
// When the alert under the cursor is the one that sank, the cursor stays on
// its row, now the next alert, instead of following it to the bottom: the
// officer goes on with the next worst, and a following a or n acts on it.
func (p *alertsPanel) ackedChanged(c *common) {
	if p.acked == ackedShown {
		return
	}
	at, line := p.table.Cursor(), p.table.ScreenLine()
	sel := p.selected()
	sank := sel != nil && c.isAcked(sel)
	p.refilter(c)
	if sank && !p.onWall && p.table.Len() > 0 {
		p.table.Anchor(min(at, p.table.Len()-1), line)
		p.pick()
	}
}

// narrowed reports whether the rows are fewer than the alerts in scope:
// a filter is in force or acknowledged alerts are hidden, so the counts
// read shown/total.
func (p *alertsPanel) narrowed() bool { return p.filtered() || p.hidden > 0 }
