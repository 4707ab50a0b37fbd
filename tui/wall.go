package tui

import (
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/theme"
)

// Defaults of WallOptions.
const (
	wallIntervalDefault = 20 * time.Second
	wallPinForDefault   = 60 * time.Second
)

// wallPanelNames maps the names WallOptions.Panels accepts to panels.
var wallPanelNames = map[string]panel{
	"alerts":     panelAlerts,
	"indicators": panelIndicators,
	"coverage":   panelCoverage,
}

// wallState is the state of wall-display mode: which panel the rotation
// shows and since when, the overdue alerts already known, and the alerts
// pinned on top after a new overdue one arrived.
type wallState struct {
	on       bool
	kiosk    bool
	interval time.Duration
	pinFor   time.Duration
	order    []panel // rotation order
	idx      int     // index into order of the panel on screen
	since    time.Time

	overdue map[string]struct{} // overdue alert ids of the last alert set
	primed  bool                // overdue holds a set: later ones are news
	set     []*client.Alert     // the last alert set looked at (see sameAlertSet)

	pinned   map[string]struct{} // new overdue alerts, on top and highlighted
	pinUntil time.Time           // fixed when the pin begins: later arrivals join, never extend it
	// After a pin the rotation runs a whole round (quietUntil); new overdue
	// alerts of that time wait and are pinned together when it is over.
	quietUntil time.Time
	waiting    map[string]struct{}
	announced  map[string]time.Time // alert id → when it was last pinned

	alarm bool // the stale-data / lost-connection banner is up

	dueToday int       // alerts in scope, not overdue, due today (sim time)
	dueDay   time.Time // the simulation day dueToday counted
	dueVer   int       // alerts.ver dueToday counted
}

// setupWall applies wall-mode defaults to opts and returns the initial
// wall state: read-only, no mouse, high contrast unless a theme was
// chosen, panels in the configured order.
func setupWall(opts *Options) wallState {
	wo := opts.Wall
	if !wo.Enabled {
		return wallState{}
	}
	opts.ReadOnly = true
	opts.NoMouse = true
	if opts.Theme == theme.Auto {
		opts.Theme = theme.HighContrast
	}
	w := wallState{on: true, kiosk: wo.Kiosk, interval: wo.Interval, pinFor: wo.PinFor}
	if w.interval <= 0 {
		w.interval = wallIntervalDefault
	}
	if w.pinFor <= 0 {
		w.pinFor = wallPinForDefault
	}
	seen := map[panel]bool{}
	for _, name := range wo.Panels {
		if p, ok := wallPanelNames[name]; ok && !seen[p] {
			seen[p] = true
			w.order = append(w.order, p)
		}
	}
	if len(w.order) == 0 {
		w.order = []panel{panelAlerts, panelIndicators, panelCoverage}
	}
	return w
}

// panel is the panel a wall display shows now.
func (ws *wallState) panel() panel {
	if ws.pinned != nil {
		return panelAlerts
	}
	return ws.order[ws.idx]
}

// step advances a wall display after any message: it pins the alerts that
// waited for the rotation's round, ends a pin whose time is up, rotates to the next panel when the interval passed, raises
// or drops the alarm banner, and recounts what is due today when the
// simulation day turned. The clock's tick, scheduled for the rotation,
// the end of the pin and the minutes of the pin banner (see nextChange),
// drives it. It reports whether the layout must be redone.
func (ws *wallState) step(c *common, d *dashboard) (relayout bool) {
	now := c.now()
	if ws.since.IsZero() || now.Before(ws.since) {
		ws.since = now
	}
	if ws.pinned == nil && len(ws.waiting) > 0 && !now.Before(ws.quietUntil) {
		if ids := ws.takeWaiting(d); len(ids) > 0 {
			relayout = ws.pin(c, d, ids)
			d.alerts.rebuild(c)
		}
	}
	switch {
	case ws.pinned != nil:
		if !now.Before(ws.pinUntil) || len(ws.pinnedAlerts(d)) == 0 {
			relayout = ws.unpin(c, d) || relayout // time is up, or every pinned alert went away
		}
	case len(ws.order) > 1 && now.Sub(ws.since) >= ws.interval:
		ws.idx = (ws.idx + 1) % len(ws.order)
		ws.since = now
		d.setFocus(ws.order[ws.idx])
	}
	if d.focus != ws.panel() {
		d.setFocus(ws.panel())
	}
	if alarm := ws.alarmNow(c, d); alarm != ws.alarm {
		ws.alarm = alarm
		relayout = true
	}
	ws.countDueToday(c, d)
	return relayout
}

// alarmNow reports whether the stale-data / lost-connection banner must
// be up: the API is unreachable, or any data set on the wall is STALE.
func (ws *wallState) alarmNow(c *common, d *dashboard) bool {
	if c.offline.active {
		return true
	}
	for _, f := range []freshness{d.panelFresh(c, panelAlerts), d.panelFresh(c, panelIndicators), d.panelFresh(c, panelCoverage)} {
		if f.stale {
			return true
		}
	}
	return false
}

// seeAlerts looks for new overdue alerts in a new alert set: alerts
// overdue now that were not overdue (or not there) in the previous set.
// Those in scope and not already pinned in the last pin window are pinned:
// at once when no pin is up and the rotation had its round since the last
// one, into the pin that is up (without extending it), or else after the
// round (see step). The first set only primes what is known, so a wall
// display started on a bad day does not pin at once; new notices and
// warnings never pin. It reports whether it pinned any, and whether the
// layout must be redone (the pin banner came).
func (ws *wallState) seeAlerts(c *common, d *dashboard) (pinned, relayout bool) {
	snap := c.state.Alerts
	if !snap.HasData {
		return false, false
	}
	all := snap.Data.Alerts
	if ws.primed && sameAlertSet(all, ws.set) {
		return false, false // the very same set: nothing changed
	}
	ws.set = all
	known := ws.overdue
	ws.overdue = make(map[string]struct{}, len(known))
	var fresh []string
	for _, a := range all {
		if a.Level != api.LevelOverdue {
			continue
		}
		ws.overdue[a.ID] = struct{}{}
		if _, ok := known[a.ID]; ok || !ws.primed {
			continue
		}
		if d.alerts.inScope == nil || d.alerts.inScope[a.UnitID] {
			fresh = append(fresh, a.ID)
		}
	}
	ws.primed = true
	fresh = ws.notAnnounced(c.now(), fresh)
	if len(fresh) == 0 {
		return false, false
	}
	if ws.pinned == nil && c.now().Before(ws.quietUntil) {
		if ws.waiting == nil {
			ws.waiting = map[string]struct{}{}
		}
		for _, id := range fresh {
			ws.waiting[id] = struct{}{}
		}
		return false, false
	}
	return true, ws.pin(c, d, fresh)
}

// notAnnounced keeps the ids not pinned within the last pin window before
// now, and forgets announcements older than that.
func (ws *wallState) notAnnounced(now time.Time, ids []string) []string {
	for id, at := range ws.announced {
		if now.Sub(at) >= ws.pinFor {
			delete(ws.announced, id)
		}
	}
	out := ids[:0]
	for _, id := range ids {
		if _, ok := ws.announced[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}

// takeWaiting returns the waiting alerts still overdue and in scope, and
// empties the queue.
func (ws *wallState) takeWaiting(d *dashboard) []string {
	var ids []string
	for id := range ws.waiting {
		if _, ok := ws.overdue[id]; ok {
			ids = append(ids, id)
		}
	}
	ws.waiting = nil
	if d.alerts.inScope == nil {
		return ids
	}
	out := ids[:0]
	for _, a := range ws.set {
		if slices.Contains(ids, a.ID) && d.alerts.inScope[a.UnitID] {
			out = append(out, a.ID)
		}
	}
	return out
}

// pin puts new overdue alerts on top of the alerts panel, highlighted, and
// holds the wall on it for PinFor from the pin's start; alerts arriving
// while it is up join it without extending it, so a stream of new overdue
// alerts (the demo's) cannot hold the wall for ever. It reports whether
// the layout must be redone (the first pin).
func (ws *wallState) pin(c *common, d *dashboard, ids []string) (relayout bool) {
	now := c.now()
	if ws.pinned == nil {
		ws.pinned = make(map[string]struct{}, len(ids))
		d.alerts.pinned = ws.pinned // the panel sorts them first
		ws.pinUntil = now.Add(ws.pinFor)
		relayout = true // the pin banner takes a line
	}
	if ws.announced == nil {
		ws.announced = map[string]time.Time{}
	}
	for _, id := range ids {
		ws.pinned[id] = struct{}{}
		ws.announced[id] = now
	}
	d.setFocus(panelAlerts)
	return relayout
}

// quietFor is how long the rotation runs after a pin before the next one:
// a whole round of the panels, at least PinFor.
func (ws *wallState) quietFor() time.Duration {
	return max(ws.interval*time.Duration(len(ws.order)), ws.pinFor)
}

// unpin ends a pin: the alerts fall back into their order and the rotation
// resumes with the panel it showed before, for a whole interval. It
// reports whether there was a pin (the layout must be redone).
func (ws *wallState) unpin(c *common, d *dashboard) (relayout bool) {
	if ws.pinned == nil {
		return false
	}
	ws.pinned, d.alerts.pinned = nil, nil
	ws.since = c.now()
	ws.quietUntil = ws.since.Add(ws.quietFor())
	d.alerts.rebuild(c)
	d.setFocus(ws.order[ws.idx])
	return true
}

// pinnedAlerts returns the pinned alerts still in the alert set, in the
// order of the table.
func (ws *wallState) pinnedAlerts(d *dashboard) []*client.Alert {
	if ws.pinned == nil {
		return nil
	}
	p := &d.alerts
	var out []*client.Alert
	for _, i := range p.order {
		a := p.all[i]
		if p.isPinned(a.ID) {
			out = append(out, a)
		} else {
			break // pinned alerts sort first
		}
	}
	return out
}

// countDueToday counts the alerts in scope that are not overdue and fall
// due on the simulation's current day; it recounts only when the alerts
// were re-derived or the day turned.
func (ws *wallState) countDueToday(c *common, d *dashboard) {
	p := &d.alerts
	sim := c.simNow()
	y, mo, dd := sim.Date()
	day := time.Date(y, mo, dd, 0, 0, 0, 0, sim.Location())
	if day.Equal(ws.dueDay) && p.ver == ws.dueVer {
		return
	}
	ws.dueDay, ws.dueVer = day, p.ver
	end := day.AddDate(0, 0, 1)
	n := 0
	for _, i := range p.order {
		a := p.all[i]
		// Deadlines only: a finding's date (待整改 …) is not "due today".
		if (a.Level == api.LevelNotice || a.Level == api.LevelWarning) && !a.DueAt().Before(day) && a.DueAt().Before(end) {
			n++
		}
	}
	ws.dueToday = n
}

// key handles a key on a wall display showing d, after the keys of every
// screen (quit, help, refresh: the root's commonKey) unless in kiosk mode,
// where only ctrl+c works (quitMsg). Otherwise the keys that need no
// cursor do: panels (which restart the rotation there), scope (scopeMsg),
// and esc to unpin. It reports whether the layout must be redone.
func (ws *wallState) key(c *common, d *dashboard, k tea.KeyPressMsg) (up tea.Msg, relayout bool) {
	if ws.kiosk {
		if k.String() == "ctrl+c" {
			return quitMsg{}, false
		}
		return nil, false
	}
	km := &c.keys
	switch {
	case key.Matches(k, km.Unpin):
		relayout = ws.unpin(c, d)
	case key.Matches(k, km.Panel1):
		relayout = ws.show(c, d, panelAlerts)
	case key.Matches(k, km.Panel2):
		relayout = ws.show(c, d, panelIndicators)
	case key.Matches(k, km.Panel3):
		relayout = ws.show(c, d, panelCoverage)
	case key.Matches(k, km.NextPanel):
		relayout = ws.show(c, d, ws.order[(ws.idx+1)%len(ws.order)])
	case key.Matches(k, km.PrevPanel):
		relayout = ws.show(c, d, ws.order[(ws.idx+len(ws.order)-1)%len(ws.order)])
	case key.Matches(k, km.Scope):
		up = scopeMsg{step: 1}
	case key.Matches(k, km.ScopeBack):
		up = scopeMsg{step: -1}
	case key.Matches(k, km.Notices.Issue, km.Notices.Close, km.Notices.Reopen):
		up = statusMsg{text: c.cat.T("wall.notices"), bad: true} // a wall only shows
	}
	return up, relayout
}

// show shows panel p now and restarts the rotation from it; a pin ends.
// Panels outside the rotation are not shown. It reports whether the layout
// must be redone.
func (ws *wallState) show(c *common, d *dashboard, p panel) (relayout bool) {
	for i, q := range ws.order {
		if q == p {
			relayout = ws.unpin(c, d)
			ws.idx, ws.since = i, c.now()
			d.setFocus(p)
			return relayout
		}
	}
	return false
}
