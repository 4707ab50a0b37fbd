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
	} else {
		m.lay = m.layoutNow(w, h)
	}
	// Every table to its panel or screen.
	m.dashboard.fit(&m.common)
	b := inner(m.lay.body)
	m.decView.table.SetSize(b.w, max(b.h-1, 0))
	m.decView.table.SetColumns(m.decView.columns(&m.common))
	m.notices.list.table.SetSize(b.w, max(b.h-noticesHeader, 0))
	if m.wall.on {
		return
	}
	counter := 0
	if m.prompt == promptAck {
		counter = len(m.ackCounter()) + 4 // room for a count up to 500
	}
	m.input.SetWidth(max(w-textWidth(m.input.Prompt)-2-counter, 1))
}

// layoutNow computes the layout (but a wall display's, wallState.layout)
// of a terminal of w×h: the header, the banners that are up, the tabs
// when the panels do not all fit, the body and the footer.
func (c *common) layoutNow(w, h int) layout {
	l := layout{wide: w >= wideMinW && h >= wideMinH, tabsY: -1}
	y := 1 // header
	if c.offline.active {
		l.banner = true
		y++
	}
	if c.state.OutboxErr != nil {
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
	return l
}

// inner returns the area inside a panel's border.
func inner(r rect) rect {
	return rect{r.x + 1, r.y + 1, max(r.w-2, 0), max(r.h-2, 0)}
}

// fit fits the panels' tables to the panels of the layout.
func (d *dashboard) fit(c *common) {
	d.alerts.fitSummary(c)
	d.alerts.fitColumns(c) // the columns give way by the width (alertcols.go)
	i := inner(c.lay.panels[panelIndicators])
	d.inds.table.SetSize(i.w, max(i.h-1, 0))
	d.cov.area = inner(c.lay.panels[panelCoverage])
	d.cov.fit()
}

// tableStyles returns the chrome of every table in the current theme.
func (c *common) tableStyles() vtable.Styles {
	return vtable.Styles{Header: c.styles.Header, Selected: c.styles.Selected}
}
