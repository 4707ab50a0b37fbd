package tui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"

	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui/termtext"
)

// Sizes of a wall display's parts.
const (
	wallBigMinW  = 100     // the summary strip goes big from here…
	wallBigMinH  = 34      // …and here,
	wallTallMinW = 160     // and tall from here…
	wallTallMinH = 44      // …and here
	wallClock    = "15:04" // the big clock's layout
)

// wallLayout places a wall display's parts: header, alarm banner (one line,
// or three when big), summary strip, the rotation line (the pin banner
// while pinned), one panel, footer.
func (m *model) wallLayout(w, h int) layout {
	l := layout{tabsY: -1, big: w >= wallBigMinW && h >= wallBigMinH}
	l.tall = w >= wallTallMinW && h >= wallTallMinH
	y := 1
	if m.wall.alarm {
		l.banner, l.bannerH = true, 1
		if l.big {
			l.bannerH = 3
		}
		y += l.bannerH
	}
	l.stripH = 1
	switch {
	case l.tall:
		l.stripH = tallLines + 2
	case l.big:
		l.stripH = bigLines + 2
	}
	y += l.stripH
	l.tabsY = y
	l.pinned = m.wall.pinned != nil
	y++
	l.body = rect{0, y, w, max(h-y-1, 0)}
	for p := range l.panels {
		l.panels[p] = l.body
	}
	l.footerY = max(h-1, 0)
	return l
}

// renderWall draws a wall display: exactly height lines of width cells.
func (m *model) renderWall() string {
	w, h := m.width, m.height
	l := &m.lay
	lines := make([]string, 0, h)
	lines = append(lines, m.headerLine(w))
	if l.banner {
		lines = append(lines, m.wallAlarmLines(w, l.bannerH)...)
	}
	lines = append(lines, m.wallStrip(w, l)...)
	if l.pinned {
		lines = append(lines, m.styles.Pinned.Render(termtext.Fit(" "+glyphPinned+" "+m.pinBannerText(), w)))
	} else {
		lines = append(lines, m.wallRotationLine(w))
	}
	if l.body.h > 0 {
		if m.showHelp {
			lines = append(lines, m.helpBox(l.body)...)
		} else {
			lines = append(lines, m.panelBox(&m.common, m.wallPanel(), l.body, true)...)
		}
	}
	return fitScreen(lines, m.wallFooter(w), w, h)
}

// wallAlarmLines is the inverse banner of a wall display that cannot miss:
// the connection is lost (with the data's age and when it is tried again),
// or data is STALE.
func (m *model) wallAlarmLines(w, n int) []string {
	ink := m.styles.Banner
	txt := "⚠ " + m.wallAlarmText()
	out := make([]string, 0, n)
	for i := range n {
		if n > 1 && i != n/2 {
			out = append(out, ink.Render(termtext.Spaces(w)))
			continue
		}
		out = append(out, ink.Render(termtext.Fit(" "+txt, w)))
	}
	return out
}

// wallAlarmText says what is wrong with the data on a wall display.
func (m *model) wallAlarmText() string {
	now := m.now()
	if o := m.offline; o.active {
		age := "—"
		if f := m.panelFresh(&m.common, panelAlerts); f.has {
			age = m.cat.Age(f.age)
		}
		since, in := "—", "—"
		if !o.since.IsZero() {
			since = o.since.In(now.Location()).Format("15:04:05")
		}
		if !o.next.IsZero() {
			in = m.cat.Age(o.next.Sub(now))
		}
		if !o.down {
			// The case system answers, badly: no "connection lost".
			return m.cat.F("wall.alarm.failing", m.failText(o.fail), age, in, since)
		}
		txt := m.cat.F("wall.alarm.offline", age, in, since)
		if o.fail.code != "" {
			txt += " · " + m.failText(o.fail)
		}
		return txt
	}
	var stale []string
	for _, f := range []struct {
		key string
		fr  freshness
	}{{"age.alerts", m.panelFresh(&m.common, panelAlerts)}, {"age.indicators", m.panelFresh(&m.common, panelIndicators)}, {"age.coverage", m.panelFresh(&m.common, panelCoverage)}} {
		if f.fr.stale {
			stale = append(stale, m.cat.T(f.key)+" "+m.cat.Age(f.fr.age))
		}
	}
	return m.cat.F("wall.alarm.stale", strings.Join(stale, " · "))
}

// wallCount is one count of the summary strip.
type wallCount struct {
	label string
	n     int
	has   bool
	tile  theme.Ink // the tile when the count is not zero
	ink   theme.Ink // the big digits when the count is not zero
}

// wallCounts are the counts that matter on a wall: overdue alerts, alerts
// due today, bottom-ranked indicators and decisions outside the list.
func (m *model) wallCounts() []wallCount {
	s := m.styles
	t := m.cat.T
	hasAlerts := m.state.Alerts.HasData
	bottom, hasInds := 0, m.inds.snap.HasData
	for i := range m.inds.snap.Data.Indicators {
		// At a city or the province: its bottom-ranked basic units.
		if sub := m.inds.snap.Data.Indicators[i].Subordinates; sub != nil {
			bottom += len(sub.Bottom)
		} else if m.inds.snap.Data.Indicators[i].BottomRank {
			bottom++
		}
	}
	gaps, hasCov := 0, false
	if c, ok := m.state.CoverageByDept[m.scopeUnit()]; ok && c.HasData {
		gaps, hasCov = c.Data.Totals.Over, true
	} else if c, ok := m.state.CoverageByPerson[m.scopeUnit()]; ok && c.HasData {
		gaps, hasCov = c.Data.Totals.Over, true
	}
	return []wallCount{
		{t("wall.overdue"), m.alerts.byLevel[0], hasAlerts, s.TileOverdue, s.Overdue},
		{t("wall.duetoday"), m.wall.dueToday, hasAlerts, s.TileWarning, s.Warning},
		{t("wall.bottom"), bottom, hasInds, s.TileOverdue, s.Flag},
		{t("wall.gaps"), gaps, hasCov, s.TileWarning, s.Warning},
	}
}

// wallStrip draws the summary strip: one line of coloured tiles, or big
// (or tall) digits in bordered tiles with a big clock when there is room.
func (m *model) wallStrip(w int, l *layout) []string {
	counts := m.wallCounts()
	s := m.styles
	if !l.big {
		var b strings.Builder
		b.WriteString(" ")
		for i, c := range counts {
			if i > 0 {
				b.WriteString("  ")
			}
			switch {
			case !c.has:
				s.Muted.Paint(&b, " "+c.label+" — ")
			case c.n == 0:
				s.TileOK.Paint(&b, " "+c.label+" 0 ")
			default:
				c.tile.Paint(&b, " "+c.label+" "+strconv.Itoa(c.n)+" ")
			}
		}
		return []string{fitLine(b.String(), w)}
	}
	clockW := bigWidth(wallClock, l.tall) + 4
	tw := (w - clockW) / len(counts)
	blocks := make([][]string, 0, len(counts)+1)
	for i, c := range counts {
		cw := tw
		if i == len(counts)-1 {
			cw = w - clockW - tw*(len(counts)-1)
		}
		txt, tile, ink := "—", s.Muted, s.Muted
		if c.has {
			txt = strconv.Itoa(c.n)
			tile, ink = s.TileOK, s.OK
			if c.n > 0 {
				tile, ink = c.tile, c.ink
			}
		}
		blocks = append(blocks, m.wallTile(cw, l.stripH, c.label, tile, ink, txt))
	}
	clock := m.now().Format(wallClock)
	blocks = append(blocks, m.wallTile(clockW, l.stripH, m.cat.T("wall.clock"), s.TabOn, s.Title, clock))
	return joinColumns(blocks...)
}

// wallTile draws one tile of the big strip, w×h cells: a border in the
// value's ink with the label as an inverse title, and the value centred in
// the biggest digits that fit (tall, big, then plain text).
func (m *model) wallTile(w, h int, label string, tile, ink theme.Ink, value string) []string {
	out := make([]string, 0, h)
	if w < 6 || h < 3 {
		for range h {
			out = append(out, termtext.Spaces(max(w, 0)))
		}
		return out
	}
	iw, ih := w-2, h-2
	title := termtext.Truncate(" "+label+" ", max(iw-2, 0))
	out = append(out, ink.Render("┏━")+tile.Render(title)+ink.Render(termtext.Repeat("━", iw-1-textWidth(title))+"┓"))
	var body []string
	switch {
	case ih >= tallLines && fits(bigWidth(value, true), iw):
		body = bigText(value, true)
	case ih >= bigLines && fits(bigWidth(value, false), iw):
		body = bigText(value, false)
	default:
		body = []string{termtext.Truncate(value, iw)}
	}
	top := (ih - len(body)) / 2
	for y := range ih {
		l := ""
		if k := y - top; k >= 0 && k < len(body) {
			l = body[k]
		}
		lw := textWidth(l)
		left := (iw - lw) / 2
		line := termtext.Spaces(left) + ink.Render(l) + termtext.Spaces(iw-lw-left)
		out = append(out, ink.Render("┃")+line+ink.Render("┃"))
	}
	out = append(out, ink.Render("┗"+termtext.Repeat("━", iw)+"┛"))
	return out
}

// fits reports whether big text of width bw (-1: not drawable) fits in a
// tile of inner width iw with a cell of margin each side.
func fits(bw, iw int) bool { return bw > 0 && bw <= iw-2 }

// wallRotationLine shows the panels of the rotation, the one on screen
// marked, and where the rotation stands ("轮播 2/3 · 每20秒"). It counts no
// seconds: on a screen of Chinese text every change repaints nearly every
// line (see nextChange), so it changes only when the panel does.
func (m *model) wallRotationLine(w int) string {
	s := m.styles
	right := m.cat.T("wall.fixed")
	if n := len(m.wall.order); n > 1 {
		right = m.cat.F("wall.rotate", m.wall.idx+1, n, m.cat.Age(m.wall.interval))
	}
	right = s.Muted.Render(right) + " "
	tabs := func(compact bool) string {
		var b strings.Builder
		b.WriteString(" ")
		for _, p := range m.wall.order {
			switch {
			case p == m.wallPanel():
				s.TabOn.Paint(&b, "▶ "+m.tabLabel(&m.common, p)+" ")
			case compact: // the number is enough for the keys
				s.TabOff.Paint(&b, " "+strconv.Itoa(int(p)+1)+" ")
			default:
				s.TabOff.Paint(&b, " "+m.tabLabel(&m.common, p)+" ")
			}
		}
		return b.String()
	}
	left := tabs(false)
	if textWidth(left)+textWidth(right) > w {
		left = tabs(true)
	}
	return spread(left, right, w)
}

// pinBannerText says how many new overdue alerts are pinned, where, and
// when the rotation resumes.
func (m *model) pinBannerText() string {
	pinned := m.pinnedAlerts()
	byUnit := map[string]int{}
	var units []string
	for _, a := range pinned {
		name := m.units.short(a.UnitID, a.UnitName)
		if byUnit[name] == 0 {
			units = append(units, name)
		}
		byUnit[name]++
	}
	slices.SortStableFunc(units, func(a, b string) int { return cmp.Compare(byUnit[b], byUnit[a]) })
	const shown = 3
	parts := make([]string, 0, shown+1)
	for i, u := range units {
		if i == shown {
			parts = append(parts, m.cat.F("wall.more", len(units)-shown))
			break
		}
		parts = append(parts, u+" "+strconv.Itoa(byUnit[u]))
	}
	return m.cat.F("wall.pin.banner", len(pinned), strings.Join(parts, m.cat.T("list.sep")), pinMinutes(m.wall.pinUntil.Sub(m.now())))
}

// pinMinutes is the pin banner's time left: whole minutes, rounded up, at
// least 1 ("1分钟内" until the pin ends).
func pinMinutes(left time.Duration) int {
	return max(int((left+time.Minute-1)/time.Minute), 1)
}

// pinTextNext returns when the pin banner's text or the pin itself changes
// by the passage of time: the instant the time left falls to a whole
// number of minutes fewer, which in the last minute is the pin's end.
func pinTextNext(now, until time.Time) time.Time {
	n := pinMinutes(until.Sub(now))
	return until.Add(-time.Duration(n-1) * time.Minute)
}

// wallFooter is a wall display's bottom line: read-only, and in kiosk mode
// that the keys are locked; otherwise the few keys that work.
func (m *model) wallFooter(w int) string {
	s := m.styles
	left := " " + s.Muted.Render(m.cat.T("wall.readonly"))
	if m.wall.kiosk {
		left += s.Muted.Render(" · " + m.cat.T("wall.kiosk"))
		return fitLine(left, w)
	}
	if m.status != "" {
		ink := s.OK
		if m.statusBad {
			ink = s.Flag
		}
		left += "  " + ink.Render(termtext.Truncate(m.status, max(w/2, 10)))
	}
	hm := m.help
	hm.SetWidth(max(w-textWidth(left)-3, 0))
	return spread(left, hm.ShortHelpView(m.wallKeys().short)+" ", w)
}

// wallKeys are the keys of a wall display that is not a kiosk.
func (m *model) wallKeys() keyHelp {
	km := m.keys
	panels := key.NewBinding(key.WithKeys("1", "2", "3"), key.WithHelp("1/2/3", m.cat.T("key.panels")))
	short := []key.Binding{panels}
	if m.wall.pinned != nil {
		short = append(short, km.Unpin)
	}
	short = append(short, km.Help, km.Quit)
	return keyHelp{
		short: short,
		full: [][]key.Binding{
			{km.Panel1, km.Panel2, km.Panel3, km.NextPanel, km.PrevPanel},
			{km.Scope, km.ScopeBack, km.Refresh, km.Unpin},
			{km.Help, km.Quit},
		},
	}
}
