package tui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
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

// layout places a wall display's parts: header, alarm banner (one line,
// or three when big), summary strip, the rotation line (the pin banner
// while pinned), one panel, footer.
func (ws *wallState) layout(w, h int) layout {
	l := layout{tabsY: -1, big: w >= wallBigMinW && h >= wallBigMinH}
	l.tall = w >= wallTallMinW && h >= wallTallMinH
	y := 1
	if ws.alarm {
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
	l.pinned = ws.pinned != nil
	y++
	l.body = rect{0, y, w, max(h-y-1, 0)}
	for p := range l.panels {
		l.panels[p] = l.body
	}
	l.footerY = max(h-1, 0)
	return l
}

// render draws a wall display showing d: exactly the terminal's height
// lines of its width, with the help drawn by hm over the body while
// showHelp.
func (ws *wallState) render(c *common, d *dashboard, hm help.Model, showHelp bool) string {
	w, h := c.width, c.height
	l := &c.lay
	lines := make([]string, 0, h)
	lines = append(lines, c.headerLine(d.freshAll(c), w))
	if l.banner {
		lines = append(lines, ws.alarmLines(c, d, w, l.bannerH)...)
	}
	lines = append(lines, ws.strip(c, d, w, l)...)
	if l.pinned {
		lines = append(lines, c.styles.Pinned.Render(termtext.Fit(" "+glyphPinned+" "+ws.pinBannerText(c, d), w)))
	} else {
		lines = append(lines, ws.rotationLine(c, d, w))
	}
	if l.body.h > 0 {
		if showHelp {
			lines = append(lines, c.helpBox(hm, ws.keys(c), l.body)...)
		} else {
			lines = append(lines, d.panelBox(c, ws.panel(), l.body, true)...)
		}
	}
	return fitScreen(lines, ws.footer(c, hm, w), w, h)
}

// alarmLines is the inverse banner of a wall display that cannot miss:
// the connection is lost (with the data's age and when it is tried again),
// or data is STALE.
func (ws *wallState) alarmLines(c *common, d *dashboard, w, n int) []string {
	ink := c.styles.Banner
	txt := "⚠ " + ws.alarmText(c, d)
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

// alarmText says what is wrong with the data on a wall display.
func (ws *wallState) alarmText(c *common, d *dashboard) string {
	now := c.now()
	if o := c.offline; o.active {
		age := "—"
		if f := d.panelFresh(c, panelAlerts); f.has {
			age = c.cat.Age(f.age)
		}
		since, in := "—", "—"
		if !o.since.IsZero() {
			since = o.since.In(c.zone()).Format("15:04:05")
		}
		if !o.next.IsZero() {
			in = c.cat.Age(o.next.Sub(now))
		}
		if !o.down {
			// The case system answers, badly: no "connection lost".
			return c.cat.F("wall.alarm.failing", c.failText(o.fail), age, in, since)
		}
		txt := c.cat.F("wall.alarm.offline", age, in, since)
		if o.fail.code != "" {
			txt += " · " + c.failText(o.fail)
		}
		return txt
	}
	var stale []string
	for _, f := range []struct {
		key string
		fr  freshness
	}{{"age.alerts", d.panelFresh(c, panelAlerts)}, {"age.indicators", d.panelFresh(c, panelIndicators)}, {"age.coverage", d.panelFresh(c, panelCoverage)}} {
		if f.fr.stale {
			stale = append(stale, c.cat.T(f.key)+" "+c.cat.Age(f.fr.age))
		}
	}
	return c.cat.F("wall.alarm.stale", strings.Join(stale, " · "))
}

// wallCount is one count of the summary strip.
type wallCount struct {
	label string
	n     int
	has   bool
	tile  theme.Ink // the tile when the count is not zero
	ink   theme.Ink // the big digits when the count is not zero
}

// counts are the counts that matter on a wall: overdue alerts, alerts
// due today, bottom-ranked indicators and decisions outside the list.
func (ws *wallState) counts(c *common, d *dashboard) []wallCount {
	s := c.styles
	t := c.cat.T
	hasAlerts := c.state.Alerts.HasData
	bottom, hasInds := 0, d.inds.snap.HasData
	for i := range d.inds.snap.Data.Indicators {
		// At a city or the province: its bottom-ranked basic units.
		if sub := d.inds.snap.Data.Indicators[i].Subordinates; sub != nil {
			bottom += len(sub.Bottom)
		} else if d.inds.snap.Data.Indicators[i].BottomRank {
			bottom++
		}
	}
	gaps, hasCov := 0, false
	if cv, ok := c.state.CoverageByDept[c.scopeUnit()]; ok && cv.HasData {
		gaps, hasCov = cv.Data.Totals.Over, true
	} else if cv, ok := c.state.CoverageByPerson[c.scopeUnit()]; ok && cv.HasData {
		gaps, hasCov = cv.Data.Totals.Over, true
	}
	return []wallCount{
		{t("wall.overdue"), d.alerts.byLevel[0], hasAlerts, s.TileOverdue, s.Overdue},
		{t("wall.duetoday"), ws.dueToday, hasAlerts, s.TileWarning, s.Warning},
		{t("wall.bottom"), bottom, hasInds, s.TileOverdue, s.Flag},
		{t("wall.gaps"), gaps, hasCov, s.TileWarning, s.Warning},
	}
}

// strip draws the summary strip: one line of coloured tiles, or big
// (or tall) digits in bordered tiles with a big clock when there is room.
func (ws *wallState) strip(c *common, d *dashboard, w int, l *layout) []string {
	counts := ws.counts(c, d)
	s := c.styles
	if !l.big {
		var b strings.Builder
		b.WriteString(" ")
		for i, ct := range counts {
			if i > 0 {
				b.WriteString("  ")
			}
			switch {
			case !ct.has:
				s.Muted.Paint(&b, " "+ct.label+" — ")
			case ct.n == 0:
				s.TileOK.Paint(&b, " "+ct.label+" 0 ")
			default:
				ct.tile.Paint(&b, " "+ct.label+" "+strconv.Itoa(ct.n)+" ")
			}
		}
		return []string{fitLine(b.String(), w)}
	}
	clockW := bigWidth(wallClock, l.tall) + 4
	tw := (w - clockW) / len(counts)
	blocks := make([][]string, 0, len(counts)+1)
	for i, ct := range counts {
		cw := tw
		if i == len(counts)-1 {
			cw = w - clockW - tw*(len(counts)-1)
		}
		txt, tile, ink := "—", s.Muted, s.Muted
		if ct.has {
			txt = strconv.Itoa(ct.n)
			tile, ink = s.TileOK, s.OK
			if ct.n > 0 {
				tile, ink = ct.tile, ct.ink
			}
		}
		blocks = append(blocks, wallTile(cw, l.stripH, ct.label, tile, ink, txt))
	}
	clock := c.zoneNow().Format(wallClock)
	blocks = append(blocks, wallTile(clockW, l.stripH, c.cat.T("wall.clock"), s.TabOn, s.Title, clock))
	return joinColumns(blocks...)
}

// wallTile draws one tile of the big strip, w×h cells: a border in the
// value's ink with the label as an inverse title, and the value centred in
// the biggest digits that fit (tall, big, then plain text).
func wallTile(w, h int, label string, tile, ink theme.Ink, value string) []string {
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

// rotationLine shows the panels of the rotation, the one on screen
// marked, and where the rotation stands ("轮播 2/3 · 每20秒"). It counts no
// seconds: on a screen of Chinese text every change repaints nearly every
// line (see nextChange), so it changes only when the panel does.
func (ws *wallState) rotationLine(c *common, d *dashboard, w int) string {
	s := c.styles
	right := c.cat.T("wall.fixed")
	if n := len(ws.order); n > 1 {
		right = c.cat.F("wall.rotate", ws.idx+1, n, c.cat.Age(ws.interval))
	}
	right = s.Muted.Render(right) + " "
	tabs := func(compact bool) string {
		var b strings.Builder
		b.WriteString(" ")
		for _, p := range ws.order {
			switch {
			case p == ws.panel():
				s.TabOn.Paint(&b, "▶ "+d.tabLabel(c, p)+" ")
			case compact: // the number is enough for the keys
				s.TabOff.Paint(&b, " "+strconv.Itoa(int(p)+1)+" ")
			default:
				s.TabOff.Paint(&b, " "+d.tabLabel(c, p)+" ")
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
// when the rotation resumes: "鹭汀区院等3个单位新增超期4件 · 已置顶，50秒后恢复轮播".
// The units are named busiest first.
func (ws *wallState) pinBannerText(c *common, d *dashboard) string {
	pinned := ws.pinnedAlerts(d)
	byUnit := map[string]int{}
	var units []string
	for _, a := range pinned {
		name := c.units.short(a.UnitID, a.UnitName)
		if byUnit[name] == 0 {
			units = append(units, name)
		}
		byUnit[name]++
	}
	slices.SortStableFunc(units, func(a, b string) int { return cmp.Compare(byUnit[b], byUnit[a]) })
	var what string
	switch len(units) {
	case 0:
		what = c.cat.F("wall.pin.one", "—", 0)
	case 1:
		what = c.cat.F("wall.pin.one", units[0], len(pinned))
	case 2:
		what = c.cat.F("wall.pin.two", units[0], units[1], len(pinned))
	default:
		what = c.cat.F("wall.pin.many", units[0], len(units), len(pinned), len(units)-1)
	}
	n, secs := pinLeft(ws.pinUntil.Sub(c.now()))
	left := c.cat.F("wall.pin.min", n)
	if secs {
		left = c.cat.F("wall.pin.sec", n)
	}
	return what + " · " + left
}

// pinLeft is the pin banner's countdown: whole minutes rounded up while
// more than a minute is left, then seconds rounded up to ten (60, 50 … 10),
// so that the line changes at most six times in the last minute.
func pinLeft(left time.Duration) (n int, secs bool) {
	if left > time.Minute {
		return int((left + time.Minute - 1) / time.Minute), false
	}
	const step = 10 * time.Second
	return max(int((left+step-1)/step), 1) * 10, true
}

// pinTextNext returns when the pin banner's text or the pin itself changes
// by the passage of time: the instant the countdown falls a step, which in
// its last step is the pin's end.
func pinTextNext(now, until time.Time) time.Time {
	n, secs := pinLeft(until.Sub(now))
	if secs {
		return until.Add(-time.Duration(n-10) * time.Second)
	}
	return until.Add(-time.Duration(n-1) * time.Minute)
}

// footer is a wall display's bottom line: read-only, and in kiosk mode
// that the keys are locked; otherwise the few keys that work (drawn with
// hm).
func (ws *wallState) footer(c *common, hm help.Model, w int) string {
	s := c.styles
	left := " " + s.Muted.Render(c.cat.T("wall.readonly"))
	if ws.kiosk {
		left += s.Muted.Render(" · " + c.cat.T("wall.kiosk"))
		return fitLine(left, w)
	}
	if c.status != "" {
		ink := s.OK
		if c.statusBad {
			ink = s.Flag
		}
		left += "  " + ink.Render(termtext.Truncate(c.status, max(w/2, 10)))
	}
	hm.SetWidth(max(w-textWidth(left)-3, 0))
	return spread(left, hm.ShortHelpView(ws.keys(c).short)+" ", w)
}

// keys are the keys of a wall display that is not a kiosk.
func (ws *wallState) keys(c *common) keyHelp {
	km := c.keys
	panels := key.NewBinding(key.WithKeys("1", "2", "3"), key.WithHelp("1/2/3", c.cat.T("key.panels")))
	short := []key.Binding{panels}
	if ws.pinned != nil {
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
