package tui

import "github.com/casewatch/casewatch/tui/vtable"

// rect is a rectangle of cells on screen.
type rect struct{ x, y, w, h int }

// contains reports whether the cell (x, y) lies inside r.
func (r rect) contains(x, y int) bool {
	return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h
}

// layout is where everything goes on screen, computed when the size or the
// banner changes.
type layout struct {
	wide    bool // all three panels at once (140x40 and above)
	banner  bool // the API-unreachable banner is shown
	outbox  bool // the acknowledgement-outbox banner is shown
	tabsY   int  // line of the tabs, -1 when the panels are all shown
	body    rect
	panels  [panelCount]rect
	footerY int

	// Wall display only (see wallLayout).
	bannerH int  // lines of the alarm banner
	pinned  bool // the new-overdue banner is shown
	big     bool // the summary strip is drawn in big text…
	tall    bool // …or in tall text
	stripH  int  // lines of the summary strip
}

// Sizes of the dashboard's fixed parts.
const (
	wideMinW      = 140
	wideMinH      = 40
	alertsSummary = 3 // count and chip lines above the alerts table
)

// relayout recomputes the layout and resizes the tables.
func (m *model) relayout() {
	w, h := max(m.width, 0), max(m.height, 0)
	if m.wall.on {
		m.lay = m.wall.layout(w, h)
		m.sizeTables()
		return
	}
	l := layout{wide: w >= wideMinW && h >= wideMinH, tabsY: -1}
	y := 1 // header
	if m.offline.active {
		l.banner = true
		y++
	}
	if m.state.OutboxErr != nil {
		l.outbox = true
		y++
	}
	if !l.wide {
		l.tabsY = y
		y++
	}
	bodyH := max(h-y-1, 0)
	l.body = rect{0, y, w, bodyH}
	if l.wide {
		top := bodyH * 11 / 20
		indW := w * 11 / 20
		l.panels[panelAlerts] = rect{0, y, w, top}
		l.panels[panelIndicators] = rect{0, y + top, indW, bodyH - top}
		l.panels[panelCoverage] = rect{indW, y + top, w - indW, bodyH - top}
	} else {
		for p := range l.panels {
			l.panels[p] = l.body
		}
	}
	l.footerY = max(h-1, 0)
	m.lay = l
	m.sizeTables()
	counter := 0
	if m.prompt == promptAck {
		counter = len(m.ackCounter()) + 4 // room for a count up to 500
	}
	m.input.SetWidth(max(w-textWidth(m.input.Prompt)-2-counter, 1))
}

// inner returns the area inside a panel's border.
func inner(r rect) rect {
	return rect{r.x + 1, r.y + 1, max(r.w-2, 0), max(r.h-2, 0)}
}

// sizeTables fits every table to its panel.
func (m *model) sizeTables() {
	a := inner(m.lay.panels[panelAlerts])
	m.alerts.table.SetSize(a.w, max(a.h-m.alerts.summaryLines(&m.common), 0))
	m.alerts.fitColumns(&m.common) // the columns give way by the width (alertcols.go)
	i := inner(m.lay.panels[panelIndicators])
	m.inds.table.SetSize(i.w, max(i.h-1, 0))
	m.cov.area = inner(m.lay.panels[panelCoverage])
	m.cov.fit()
	b := inner(m.lay.body)
	m.decView.table.SetSize(b.w, max(b.h-1, 0))
	m.decView.table.SetColumns(m.decView.columns(&m.common))
	m.notices.list.table.SetSize(b.w, max(b.h-noticesHeader, 0))
}

// tableStyles returns the chrome of every table in the current theme.
func (c *common) tableStyles() vtable.Styles {
	return vtable.Styles{Header: c.styles.Header, Selected: c.styles.Selected}
}
