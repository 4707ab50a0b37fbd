package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
)

// scopePicker is the scope picker `u` opens: the org tree (province →
// cities → basic units) with a filter typed on top. Enter picks the unit
// under the cursor, esc leaves the scope as it was. It keeps its own
// state; the root applies the pick (setScope).
type scopePicker struct {
	open   bool
	filter textinput.Model
	tree   []pickRow // every unit, in tree order
	rows   []int     // indexes into tree shown under the filter
	cursor int       // index into rows
	offset int       // first row on screen
	height int       // rows on screen, as last drawn
}

// pickRow is one unit of the tree.
type pickRow struct {
	id      string
	depth   int
	last    []bool // per depth: the row is its parent's last child
	label   string // the display name
	blob    string // lower-cased text the filter matches: names and id
	overdue int    // overdue alerts held in its subtree
}

// start opens the scope picker with the cursor on the scope.
func (p *scopePicker) start(c *common) tea.Cmd {
	p.open = true
	p.filter = textinput.New()
	p.filter.Prompt = c.cat.T("picker.filter")
	p.filter.Placeholder = c.cat.T("picker.place")
	p.filter.CharLimit = 40
	p.filter.Focus() // no blinking (see openCmd)
	p.tree = c.units.tree(c.cat, overdueByUnit(c.state.Alerts.Data.Alerts))
	p.offset = 0
	p.refilter("")
	for i, t := range p.rows {
		if p.tree[t].id == c.scopeUnit() {
			p.cursor = i
		}
	}
	return nil
}

// key handles a key while the picker is open: navigation keys move,
// enter picks (setScopeMsg), esc cancels, and everything else edits the
// filter.
func (p *scopePicker) key(k tea.KeyPressMsg) tea.Msg {
	switch k.String() {
	case "ctrl+c":
		return quitMsg{}
	case "esc":
		p.open = false
		return nil
	case "enter":
		if len(p.rows) == 0 {
			return nil
		}
		id := p.tree[p.rows[p.cursor]].id
		p.open = false
		return setScopeMsg{id: id}
	case "up", "ctrl+p":
		p.move(-1)
		return nil
	case "down", "ctrl+n", "tab":
		p.move(1)
		return nil
	case "pgup":
		p.move(-max(p.height-1, 1))
		return nil
	case "pgdown":
		p.move(max(p.height-1, 1))
		return nil
	case "home":
		p.move(-len(p.rows))
		return nil
	case "end":
		p.move(len(p.rows))
		return nil
	}
	before := p.filter.Value()
	p.filter, _ = p.filter.Update(k)
	if v := p.filter.Value(); v != before {
		p.filter.SetValue(outside(v))
		p.refilter(p.filter.Value())
	}
	return nil
}

// footerKeys are the keys the footer names while the picker is open: its
// own, since every other key (r, q, ? …) is typed into the filter.
func (p *scopePicker) footerKeys(c *common) []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", c.cat.T("picker.move"))),
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.cat.T("picker.pick"))),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.cat.T("picker.cancel"))),
	}
}

// move moves the cursor by delta rows, within the list.
func (p *scopePicker) move(delta int) {
	p.cursor = min(max(p.cursor+delta, 0), max(len(p.rows)-1, 0))
}

// refilter shows the units matching q, with their ancestors for context,
// and puts the cursor on the first unit that matches.
func (p *scopePicker) refilter(q string) {
	q = strings.ToLower(strings.TrimSpace(q))
	p.rows = p.rows[:0]
	p.cursor, p.offset = 0, 0
	if q == "" {
		for i := range p.tree {
			p.rows = append(p.rows, i)
		}
		return
	}
	keep := make([]bool, len(p.tree))
	first := -1
	for i := range p.tree {
		if !strings.Contains(p.tree[i].blob, q) {
			continue
		}
		if first < 0 {
			first = i
		}
		keep[i] = true
		// Its ancestors: the nearest earlier rows of smaller depth.
		d := p.tree[i].depth
		for j := i - 1; j >= 0 && d > 0; j-- {
			if p.tree[j].depth < d {
				keep[j] = true
				d = p.tree[j].depth
			}
		}
	}
	for i, k := range keep {
		if k {
			if i == first {
				p.cursor = len(p.rows)
			}
			p.rows = append(p.rows, i)
		}
	}
}

// draw draws the picker over the body in r.
func (p *scopePicker) draw(c *common, r rect) []string {
	in := inner(r)
	s := c.styles
	lines := make([]string, 0, in.h)
	p.filter.SetWidth(max(in.w-textWidth(p.filter.Prompt)-2, 1))
	lines = append(lines, fitLine(p.filter.View(), in.w))
	p.height = max(in.h-2, 1)
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+p.height {
		p.offset = p.cursor - p.height + 1
	}
	p.offset = min(max(p.offset, 0), max(len(p.rows)-p.height, 0))
	for y := 0; y < p.height; y++ {
		i := p.offset + y
		if i >= len(p.rows) {
			if len(p.rows) == 0 && y == 0 {
				lines = append(lines, fitLine(s.Muted.Render(c.cat.T("picker.none")), in.w))
				continue
			}
			lines = append(lines, fitLine("", in.w))
			continue
		}
		row := &p.tree[p.rows[i]]
		text := treePrefix(row) + row.label
		note := ""
		if row.overdue > 0 {
			note = c.cat.F("picker.overdue", row.overdue)
		}
		cur := ""
		if row.id == c.scopeUnit() {
			cur = " ◂"
		}
		if i == p.cursor {
			lines = append(lines, s.Selected.Render(spread(text+cur, note+" ", in.w)))
			continue
		}
		lines = append(lines, spread(text+s.Accent.Render(cur), s.Overdue.Render(note)+" ", in.w))
	}
	lines = append(lines, fitLine(s.Muted.Render(c.cat.T("picker.hint")), in.w))
	count := c.cat.F("picker.count", len(p.rows), len(p.tree))
	return c.box(r.w, r.h, c.cat.T("picker.title"), count, s.Muted, true, lines)
}

// treePrefix draws a row's branch lines: ├─ and └─, with │ for the
// ancestors that have more children below.
func treePrefix(r *pickRow) string {
	if r.depth == 0 {
		return ""
	}
	var b strings.Builder
	for d := 1; d < r.depth; d++ {
		if r.last[d] {
			b.WriteString("   ")
		} else {
			b.WriteString("│  ")
		}
	}
	if r.last[r.depth] {
		b.WriteString("└─ ")
	} else {
		b.WriteString("├─ ")
	}
	return b.String()
}

// tree lists the units in tree order (each unit followed by its
// subtree), with their overdue counts summed over the subtree.
func (u *unitIndex) tree(c *i18n.Catalog, overdue map[string]int) []pickRow {
	children := map[string][]int{}
	var roots []int
	for i := range u.list {
		pid := u.list[i].ParentID
		if _, ok := u.idx[pid]; pid == "" || !ok {
			roots = append(roots, i)
			continue
		}
		children[pid] = append(children[pid], i)
	}
	out := make([]pickRow, 0, len(u.list))
	var walk func(i, depth int, last []bool) int
	walk = func(i, depth int, last []bool) int {
		un := &u.list[i]
		pos := len(out)
		label := c.Name(un.Name, un.NameEn)
		blob := strings.ToLower(strings.Join([]string{un.Name, un.NameEn, un.ID, u.shorts[i]}, "\x1f"))
		out = append(out, pickRow{id: un.ID, depth: depth, last: append([]bool(nil), last...), label: label, blob: blob,
			overdue: overdue[un.ID]})
		kids := children[un.ID]
		sum := overdue[un.ID]
		for k, j := range kids {
			if depth > 16 {
				break // a cycle in bad data must not hang the picker
			}
			sum += walk(j, depth+1, append(last, k == len(kids)-1))
		}
		out[pos].overdue = sum
		return sum
	}
	for k, i := range roots {
		walk(i, 0, []bool{k == len(roots)-1})
	}
	return out
}

// overdueByUnit counts the overdue alerts per unit (not subtree).
func overdueByUnit(alerts []*client.Alert) map[string]int {
	out := map[string]int{}
	for _, a := range alerts {
		if a.Level == api.LevelOverdue {
			out[a.UnitID]++
		}
	}
	return out
}

// match returns the units whose id, name, short name or English name
// contains q (case-insensitive), best first: the exact id or name, then
// a name beginning with q, then the rest, in tree order.
func (u *unitIndex) match(c *i18n.Catalog, q string) []string {
	lq := strings.ToLower(strings.TrimSpace(q))
	if lq == "" {
		return append([]string(nil), u.cycle...)
	}
	var ranked [3][]string
	for _, id := range u.cycle {
		i := u.idx[id]
		un := &u.list[i]
		names := []string{strings.ToLower(un.ID), strings.ToLower(un.Name), strings.ToLower(un.NameEn), strings.ToLower(u.shorts[i]),
			strings.ToLower(shortUnitName(un.Name))}
		best := -1
		for _, n := range names {
			switch {
			case n == "":
			case n == lq:
				best = 0
			case strings.HasPrefix(n, lq) && (best < 0 || best > 1):
				best = 1
			case strings.Contains(n, lq) && best < 0:
				best = 2
			}
		}
		if best >= 0 {
			ranked[best] = append(ranked[best], id)
		}
	}
	return append(append(ranked[0], ranked[1]...), ranked[2]...)
}

// exact reports whether q is exactly unit id's id or one of its names.
func (u *unitIndex) exact(c *i18n.Catalog, id, q string) bool {
	un := u.unit(id)
	if un == nil {
		return false
	}
	lq := strings.ToLower(strings.TrimSpace(q))
	for _, n := range []string{un.ID, un.Name, un.NameEn, u.short(id, ""), shortUnitName(un.Name), c.Name(un.Name, un.NameEn)} {
		if n != "" && strings.ToLower(n) == lq {
			return true
		}
	}
	return false
}
