package tui

import (
	"slices"
	"strings"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui/vtable"
)

// alertSort is an order of the alerts table.
type alertSort int

const (
	sortLevel alertSort = iota
	sortDeadline
	sortUnit
	sortAge
	sortCount
)

var sortKeys = [sortCount]string{"sort.level", "sort.deadline", "sort.unit", "sort.age"}

// Alert table columns.
const (
	acMark   = iota
	acNotice // glyphNotice when the case has a notice out (notices_marks.go)
	acLevel
	acCategory
	acCase
	acUnit
	acPerson
	acDue
	acDueAt
	acAge
	acRule
	acAck // who acknowledged, when, the note (caseack.go: ackCell)
	acCount
)

// levels are the deadline levels (超期, 预警, 提示), then the statuses of
// findings that are not deadlines (达到积分上限, 逾期未整改, 待整改).
var levels = api.Levels

var categories = api.Categories

// alertsPanel is the view-state of the alerts panel. It survives polls:
// the rows are re-derived from each new alert set, and the cursor stays on
// the same alert at the same screen line.
type alertsPanel struct {
	table vtable.Model

	all   []*client.Alert // the poller's alerts (read only, ordered by id)
	asOf  time.Time
	order []int32    // indexes into all: in scope, sorted
	rows  []int32    // order, filtered, arranged (alerts_group.go: negative rows are group headers)
	sunk  []int32    // arrange's buffer, reused (allocated once sinking or grouping is used)
	blobs []string   // lower-cased search text, built on the first query
	memo  filterMemo // rows of recent queries (filterinc.go)

	inScope map[string]bool // unit id -> inside the scope; nil for all

	sort     alertSort
	level    string
	category string
	query    string

	group     alertGroup       // grouping (alerts_group.go)
	acked     ackedMode        // acknowledged alerts shown, sunk or hidden
	collapsed map[string]bool  // group keys folded
	groups    []alertGroupInfo // the groups of rows, in order
	shown     int              // alert rows (headers excluded)
	hidden    int              // acknowledged alerts hidden

	selID string

	// unseen holds the ids of the alerts that arrived since the user last
	// looked (marked ●). What is there at start counts as looked at, so
	// it stays as small as what is new, whatever the number of alerts
	// (a set of every id looked at cost about 37 bytes an alert, issue 9).
	unseen   map[string]struct{}
	primed   bool // the first alert set has been taken in
	newCount int
	ver      int    // counts reorders, so derived counts know when to redo
	total    int    // alerts in scope, before filters
	byLevel  [6]int // per levels
	byCat    [9]int // per categories
	// shownLevel and shownCat count the rows the filters let through.
	shownLevel [6]int
	shownCat   [9]int
	// countRows is how many lines the level and category counts take
	// together (fitSummary).
	countRows int
	// measured is the widest content of the columns (alertcols.go);
	// glyphOnly, the level column has room for its glyph alone; absDue,
	// the due column shows the date and time (key t).
	measured  alertMeasure
	glyphOnly bool
	absDue    bool

	// What the wall tells the panel (the panel reads no wall state):
	// onWall, no cursor, the list shows from the top; pinned, the wall's
	// pinned alerts, sorted first (nil when none is).
	onWall bool
	pinned map[string]struct{}
}

func newAlertsPanel() alertsPanel {
	return alertsPanel{table: vtable.New(nil)}
}

// sameAlertSet reports whether two alert sets from the poller are the very
// same slice. The poller hands on the very same slice when nothing changed
// and a slice with a new backing array when anything did (client.AlertSet),
// so comparing the length and the address of the first slot is enough.
// Not the first pointer: successive sets share the alerts that did not
// change.
func sameAlertSet(a, b []*client.Alert) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// syncAlerts re-derives the rows when the poller's alert set changed.
func (p *alertsPanel) sync(c *common) {
	snap := c.state.Alerts
	if !snap.HasData {
		return
	}
	all := snap.Data.Alerts
	same := sameAlertSet(all, p.all) && snap.Data.AsOf.Equal(p.asOf)
	if same && p.primed {
		return
	}
	if p.primed {
		p.unseen = arrivals(p.all, all, p.unseen)
	}
	p.primed = true   // whatever is there at start counts as looked at
	p.takeAlerts(all) // carries the search text and matches of alerts that did not change (filtercarry.go)
	p.asOf = snap.Data.AsOf
	p.rebuild(c)
}

// arrivals returns the ids of cur not looked at: those that were not in
// prev, and those of unseen still there (an alert that left is forgotten,
// so a 24/7 run stays bounded). The poller's sets are ordered by id, which
// makes it one merge walk; other orders (tests) take a map of prev.
func arrivals(prev, cur []*client.Alert, unseen map[string]struct{}) map[string]struct{} {
	var out map[string]struct{}
	add := func(id string) {
		if out == nil {
			out = make(map[string]struct{})
		}
		out[id] = struct{}{}
	}
	byID := func(a, b *client.Alert) int { return strings.Compare(a.ID, b.ID) }
	if slices.IsSortedFunc(prev, byID) && slices.IsSortedFunc(cur, byID) {
		j := 0
		for _, a := range cur {
			for j < len(prev) && prev[j].ID < a.ID {
				j++
			}
			_, was := unseen[a.ID]
			if was || j == len(prev) || prev[j].ID != a.ID {
				add(a.ID)
			}
		}
		return out
	}
	known := make(map[string]struct{}, len(prev))
	for _, a := range prev {
		known[a.ID] = struct{}{}
	}
	for _, a := range cur {
		_, was := unseen[a.ID]
		if _, ok := known[a.ID]; was || !ok {
			add(a.ID)
		}
	}
	return out
}

// fit returns buf emptied with room for n, reallocated when it has too
// little or more than twice what is needed (so a set that shrank does not
// keep the room of a bigger one).
func fit(buf []int32, n int) []int32 {
	if cap(buf) < n || cap(buf) > 2*n+64 {
		return make([]int32, 0, n)
	}
	return buf[:0]
}

// setScope recomputes which units are in scope and re-derives the rows.
func (p *alertsPanel) setScope(c *common) {
	scope := c.scopeUnit()
	if scope == "" || scope == c.units.root {
		p.inScope = nil
	} else {
		p.inScope = make(map[string]bool, len(c.units.list))
		for i := range c.units.list {
			id := c.units.list[i].ID
			if c.units.within(id, scope) {
				p.inScope[id] = true
			}
		}
	}
	p.rebuild(c)
}

// rebuild re-derives the rows after a change of data, scope or sort: it
// counts and sorts the alerts in scope, then filters them.
func (p *alertsPanel) rebuild(c *common) {
	p.reorder(c)
	p.refilter(c)
}

// reorder collects the alerts in scope, counts them by level and category,
// and sorts them. It runs once per data, scope or sort change, never per
// frame or per filter key.
func (p *alertsPanel) reorder(c *common) {
	p.ver++
	pinned := p.pinned
	// The sort keys live only while sorting: kept, they cost 8 to 16 bytes
	// an alert.
	keys := newOrderer(len(p.all), p.sortKeyBits())
	p.byLevel, p.byCat = [6]int{}, [9]int{}
	p.newCount, p.total = 0, 0
	var widths widthAcc // the columns' content (alertcols.go)
	for i := range p.all {
		a := p.all[i]
		if p.inScope != nil && !p.inScope[a.UnitID] {
			continue
		}
		p.total++
		widths.add(a)
		if k := slices.Index(levels, a.Level); k >= 0 {
			p.byLevel[k]++
		}
		if k := slices.Index(categories, a.Category); k >= 0 {
			p.byCat[k]++
		}
		if _, ok := p.unseen[a.ID]; ok {
			p.newCount++
		}
		after := false // pinned alerts of a wall display come first
		if pinned != nil {
			_, isPinned := pinned[a.ID]
			after = !isPinned
		}
		keys.add(p.sortKey(c, a), int32(i), after)
	}
	// Ties keep the poller's order, which is by alert id, so rows keep
	// their relative order from one poll to the next.
	p.order = keys.appendSorted(fit(p.order, keys.len()))
	if am := p.measure(c, widths); am != p.measured {
		p.measured = am
		p.fitColumns(c)
	}
}

// refilter applies the level, category and text filters to the sorted
// alerts, keeping the selected alert under the cursor at the same screen
// line. It runs once per filter change or data change.
func (p *alertsPanel) refilter(c *common) {
	line := p.table.ScreenLine()
	q := strings.ToLower(strings.TrimSpace(p.query))
	if q != "" {
		p.fillBlobs(c)
	}
	if q != "" {
		p.textFiltered(q) // from an earlier query's matches when it can (filterinc.go)
	} else {
		p.rows = fit(p.rows, len(p.order))
		for _, i := range p.order {
			if p.passes(i) {
				p.rows = append(p.rows, i)
			}
		}
	}
	p.arrange(c)
	p.table.SetLen(len(p.rows))
	p.countShown()
	p.refitSummary(c) // the counts may now need another line
	if p.onWall {
		p.table.Top() // no cursor on a wall: the list shows from the top
	} else if p.selID != "" {
		for k, i := range p.rows {
			if i >= 0 && p.all[i].ID == p.selID {
				p.table.Anchor(k, line)
				break
			}
		}
	}
	p.pick()
}

// searchBlob is the lower-cased text a filter query is matched against.
func searchBlob(c *common, a *client.Alert, lower lowerMemo) string {
	parts := []string{a.CaseNo, a.UnitName, c.units.name(c.cat, a.UnitID, ""), c.units.short(a.UnitID, ""), a.DeptName,
		a.PersonName, a.RuleName, a.RuleNameEn, a.Rule, a.Message,
		c.cat.Level(a.Level), c.cat.Category(a.Category)}
	for i, s := range parts {
		parts[i] = lower.of(s)
	}
	return strings.Join(parts, "\x1f")
}

// epochBias makes Unix seconds non-negative for the packed keys (years
// 1698–2242 fit in 34 bits).
const epochBias = 1 << 33

// unix34 is t in biased Unix seconds, clamped to 34 bits.
func unix34(t time.Time) int64 {
	return min(max(t.Unix()+epochBias, 0), 1<<34-1)
}

// sortKeyBits is how many bits the keys of sortKey take in the chosen
// order.
func (p *alertsPanel) sortKeyBits() uint {
	switch p.sort {
	case sortUnit:
		return 52
	case sortAge:
		return 34
	}
	return 36
}

// sortKey packs the chosen order of an alert into one integer.
// level: most urgent level first, then earliest due;
// deadline: earliest due first, then most urgent level;
// unit: org-tree order, then level, then due;
// age: oldest detection first.
func (p *alertsPanel) sortKey(c *common, a *client.Alert) int64 {
	urgency := int64(3 - api.LevelRank(a.Level))
	switch p.sort {
	case sortDeadline:
		return unix34(a.DueAt())<<2 | urgency
	case sortUnit:
		u, ok := c.units.idx[a.UnitID]
		if !ok {
			u = 1<<16 - 1
		}
		return int64(min(u, 1<<16-1))<<36 | urgency<<34 | unix34(a.DueAt())
	case sortAge:
		return unix34(a.DetectedAt())
	}
	return urgency<<34 | unix34(a.DueAt())
}

// selected returns the alert under the cursor, or nil.
func (p *alertsPanel) selected() *client.Alert {
	return p.alertAt(p.table.Cursor())
}

// pick records the alert under the cursor and marks it as seen.
func (p *alertsPanel) pick() {
	a := p.selected()
	if a == nil {
		p.selID = ""
		return
	}
	p.selID = a.ID
	if p.onWall {
		return // no cursor on a wall: the top row is not looked at
	}
	if _, ok := p.unseen[a.ID]; ok {
		delete(p.unseen, a.ID)
		p.newCount = max(p.newCount-1, 0)
	}
}

// markAllSeen records every alert as looked at.
func (p *alertsPanel) markAllSeen() {
	p.unseen = nil
	p.newCount = 0
}

// isPinned reports whether alert id is pinned by a wall display.
func (p *alertsPanel) isPinned(id string) bool {
	_, ok := p.pinned[id]
	return ok
}

// isNew reports whether the alert arrived since the user last looked.
func (p *alertsPanel) isNew(id string) bool {
	_, ok := p.unseen[id]
	return ok
}

// alertRows is the vtable.Source of the alerts table for one frame.
type alertRows struct {
	p   *alertsPanel
	c   *common
	sim time.Time
}

// Len implements vtable.Source.
func (r alertRows) Len() int { return len(r.p.rows) }

// Row implements vtable.Source.
func (r alertRows) Row(i int, cells []string, inks []theme.Ink) {
	c, p := r.c, r.p
	a := p.alertAt(i)
	if a == nil {
		return // a group header (see Span)
	}
	s := c.styles
	if p.isPinned(a.ID) {
		for k := range inks {
			inks[k] = s.Pinned
		}
		cells[acMark] = glyphPinned
	}
	switch {
	case cells[acMark] != "":
	case c.pending[a.ID]:
		cells[acMark], inks[acMark] = glyphPending, s.Pending
	case p.isNew(a.ID):
		cells[acMark], inks[acMark] = glyphNew, s.New
	case a.Ack != nil:
		cells[acMark], inks[acMark] = glyphAcked, s.OK
	}
	if g, ink := c.noticeMark(a); g != "" {
		cells[acNotice], inks[acNotice] = g, ink
	}
	cells[acLevel] = theme.LevelGlyph(a.Level)
	if !p.glyphOnly {
		cells[acLevel] += " " + c.cat.LevelShort(a.Level)
	}
	if inks[acLevel].Plain() {
		inks[acLevel] = s.Level(a.Level)
	}
	cells[acCategory] = c.cat.Category(a.Category)
	cells[acCase] = a.CaseNo
	cells[acUnit] = c.units.short(a.UnitID, a.UnitName)
	cells[acPerson] = a.PersonName
	var dueInk theme.Ink
	cells[acDue], dueInk = c.dueText(a.DueAt(), r.sim)
	cells[acDueAt] = dueAtText(a.DueAt())
	if p.absDue {
		cells[acDue], cells[acDueAt] = cells[acDueAt], cells[acDue]
	}
	cells[acAge] = c.cat.Age(r.sim.Sub(a.DetectedAt()))
	if inks[acDue].Plain() {
		inks[acDue], inks[acAge] = dueInk, s.Muted
	}
	cells[acRule] = c.cat.Name(a.RuleName, a.RuleNameEn)
	if a.Ack != nil {
		cells[acAck], inks[acAck] = c.ackCell(a.Ack), s.Muted
	}
}

// Marker glyphs of the alerts table.
const (
	glyphNew     = "✦" // not ●, the glyph of the level 提示 (D16); one cell wide even where ambiguous widths are two
	glyphPending = "⧗"
	glyphAcked   = "✓"
	glyphPinned  = "▶"
)

// dueText formats a due time as a local countdown against the simulation
// clock: "剩 2天03时" before it, "超 05:12:09" after it.
func (c *common) dueText(due, sim time.Time) (string, theme.Ink) {
	if due.IsZero() {
		return "—", c.styles.Muted
	}
	d := due.Sub(sim)
	if d >= 0 {
		ink := c.styles.Text
		if d < 24*time.Hour {
			ink = c.styles.Warning
		}
		return c.cat.F("due.left", c.cat.Span(d)), ink
	}
	return c.cat.F("due.over", c.cat.Span(d)), c.styles.Overdue
}

// shownLevels are the levels the level filter cycles through: the deadline
// levels always, a finding status (待整改 …) only when an alert in scope has
// it.
func (p *alertsPanel) shownLevels() []string {
	out := make([]string, 0, len(levels))
	for k, l := range levels {
		if api.IsDeadlineLevel(l) || p.byLevel[k] > 0 {
			out = append(out, l)
		}
	}
	return out
}

// shownCategories are the categories the category filter cycles through:
// 监控整改, 办案质量 and 越权决定 only when an alert in scope has them.
func (p *alertsPanel) shownCategories() []string {
	out := make([]string, 0, len(categories))
	for k, c := range categories {
		if !findingCategory(c) || p.byCat[k] > 0 {
			out = append(out, c)
		}
	}
	return out
}

// findingCategory reports whether category c holds findings rather than
// deadlines (监控整改, 办案质量, 越权决定): it is shown only when some alert
// in scope has it.
func findingCategory(c string) bool {
	return c == api.CategoryRectification || c == api.CategoryQuality || c == api.CategoryAuthority
}
