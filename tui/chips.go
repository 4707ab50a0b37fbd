package tui

import (
	"strconv"
	"strings"

	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui/termtext"
	"github.com/casewatch/casewatch/tui/vtable"
)

// What the alerts panel shows is never a guess (issue 14, D4/D7): a chip
// line, at every width, names the filters in force (first, so a narrow
// panel cuts the sort and scope rather than them), counts "shown / total",
// the sort and the scope; every list's bottom edge says where the cursor
// is ("12 / 184"); a change of scope or filter puts the cursor on the top
// row, the worst, and a change of scope says which filters carried over.

// chipLine is the alerts panel's chip line.
func (p *alertsPanel) chipLine(c *common, w int) string {
	s := c.styles
	var b strings.Builder
	chips := p.filterChips(c)
	for i, ch := range chips {
		if i > 0 {
			b.WriteString(" ")
		}
		s.TabOn.Paint(&b, " "+ch+" ")
	}
	if len(chips) == 0 {
		s.Muted.Paint(&b, c.cat.T("chip.nofilter"))
	}
	b.WriteString("  ")
	b.WriteString(c.cat.F("chip.shown", p.shown, p.total))
	if note := p.actNote(c); note != "" {
		s.Accent.Paint(&b, "  "+note)
	}
	s.Muted.Paint(&b, "  "+c.cat.F("chip.sort", c.cat.T(sortKeys[p.sort])))
	s.Muted.Paint(&b, "  "+c.cat.F("chip.scope", c.scopeShortName()))
	if len(chips) > 0 {
		s.Muted.Paint(&b, "  "+c.cat.T("chip.clear"))
	}
	return fitLine(b.String(), w)
}

// filterChips names the alerts panel's filters in force, in the order
// level, category, text.
func (p *alertsPanel) filterChips(c *common) []string {
	var out []string
	if p.level != "" {
		out = append(out, c.cat.F("chip.level", c.cat.Level(p.level)))
	}
	if p.category != "" {
		out = append(out, c.cat.F("chip.category", c.cat.Category(p.category)))
	}
	if p.query != "" {
		out = append(out, c.cat.F("chip.query", termtext.Truncate(p.query, 24)))
	}
	return out
}

// countText is a count for the summary lines: "n" when nothing is
// filtered out, "shown/total" when the filters narrow it.
func countText(shown, total int, narrowed bool) string {
	if !narrowed || shown == total {
		return strconv.Itoa(total)
	}
	return strconv.Itoa(shown) + "/" + strconv.Itoa(total)
}

// filtered reports whether any filter of the alerts panel is in force.
func (p *alertsPanel) filtered() bool {
	return p.level != "" || p.category != "" || p.query != ""
}

// countShown counts the shown rows by level and by category (refilter).
func (p *alertsPanel) countShown() {
	p.shownLevel, p.shownCat = [6]int{}, [9]int{}
	if !p.narrowed() {
		return // nothing filtered or hidden: the counts read the totals (countText)
	}
	for _, i := range p.rows {
		if i < 0 {
			continue // a group header
		}
		a := p.all[i]
		for k, l := range levels {
			if l == a.Level {
				p.shownLevel[k]++
				break
			}
		}
		for k, c := range categories {
			if c == a.Category {
				p.shownCat[k]++
				break
			}
		}
	}
}

// toTop puts the alerts cursor on the first row: after a change of scope
// or filter the worst rows are the ones to see.
func (p *alertsPanel) toTop() {
	if p.table.Len() > 0 {
		p.table.Top()
	}
	p.pick()
}

// scopeMoved puts every list on its top after a change of scope, and
// returns what the status line says of it: the new scope and, when
// filters are in force, that they carried over.
func (d *dashboard) scopeMoved(c *common) statusMsg {
	name, st := c.scopeName(), statusMsg{}
	if chips := d.alerts.filterChips(c); len(chips) > 0 {
		st.text = c.cat.F("scope.carried", name, strings.Join(chips, " · "))
	} else {
		st.text = c.cat.F("scope.to", name)
	}
	d.alerts.toTop()
	d.inds.table.Top()
	d.inds.pick()
	d.cov.table.Top()
	d.cov.pick()
	return st
}

// positionNote is a list's position, "12 / 184" ("" when empty).
func (c *common) positionNote(t *vtable.Model) string {
	if t.Len() == 0 {
		return ""
	}
	return c.cat.F("pos", t.Cursor()+1, t.Len())
}

// withBottomNote redraws the bottom edge of a box drawn by m.box with
// note near its right corner: ┗━━━━━ 12 / 184 ━┛.
func (c *common) withBottomNote(lines []string, w int, focused bool, note string) []string {
	if len(lines) < 2 || note == "" || w < textWidth(note)+6 {
		return lines
	}
	bs, ink := thinBorder, c.styles.Border
	if focused {
		bs, ink = thickBorder, c.styles.Focus
	}
	fill := w - 2 - textWidth(note) - 3
	lines[len(lines)-1] = ink.Render(bs.bl+strings.Repeat(bs.h, fill)) + " " +
		c.styles.Muted.Render(note) + " " + ink.Render(bs.h+bs.br)
	return lines
}

// levelInk is the ink of a level count: the active filter stands out.
func (p *alertsPanel) levelInk(c *common, l string) theme.Ink {
	if p.level == l {
		return c.styles.TabOn
	}
	return c.styles.Level(l)
}

// position is the position note of panel p's list: none on a wall,
// which has no cursor, nor before the alerts arrive.
func (d *dashboard) position(c *common, p panel) string {
	if d.onWall || (p == panelAlerts && !c.state.Alerts.HasData) {
		return ""
	}
	if p == panelAlerts && d.alerts.group != groupNone {
		return d.alerts.groupedPosition(c)
	}
	return c.positionNote(d.panel(p).grid())
}

// groupedPosition is the grouped alerts list's position counted in
// alerts, not rows: group headers are not counted, a folded group counts
// its alerts, and on a header the position is its first alert's.
func (p *alertsPanel) groupedPosition(c *common) string {
	if len(p.rows) == 0 || p.shown == 0 {
		return ""
	}
	cur := min(max(p.table.Cursor(), 0), len(p.rows)-1)
	k := 0
	for _, r := range p.rows[:cur] {
		switch {
		case r >= 0:
			k++
		case p.collapsed[p.groups[-r-1].key]:
			k += p.groups[-r-1].n
		}
	}
	return c.cat.F("pos", k+1, p.shown)
}
