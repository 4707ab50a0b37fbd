package tui

import (
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
	pinUntil time.Time

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

// wallPanel is the panel a wall display shows now.
func (m *model) wallPanel() panel {
	if m.wall.pinned != nil {
		return panelAlerts
	}
	return m.wall.order[m.wall.idx]
}

// wallStep advances a wall display after any message: it ends a pin whose
// time is up, rotates to the next panel when the interval passed, raises
// or drops the alarm banner, and recounts what is due today when the
// simulation day turned. The clock's tick, scheduled for the rotation,
// the end of the pin and the minutes of the pin banner (see nextChange),
// drives it.
func (m *model) wallStep() {
	w := &m.wall
	now := m.now()
	if w.since.IsZero() || now.Before(w.since) {
		w.since = now
	}
	switch {
	case w.pinned != nil:
		if !now.Before(w.pinUntil) || len(m.pinnedAlerts()) == 0 {
			m.unpin() // time is up, or every pinned alert went away
		}
	case len(w.order) > 1 && now.Sub(w.since) >= w.interval:
		w.idx = (w.idx + 1) % len(w.order)
		w.since = now
		m.setFocus(w.order[w.idx])
	}
	if m.focus != m.wallPanel() {
		m.setFocus(m.wallPanel())
	}
	if alarm := m.wallAlarm(); alarm != w.alarm {
		w.alarm = alarm
		m.relayout()
	}
	m.countDueToday()
}

// wallAlarm reports whether the stale-data / lost-connection banner must
// be up: the API is unreachable, or any data set on the wall is STALE.
func (m *model) wallAlarm() bool {
	if m.offline.active {
		return true
	}
	for _, f := range []freshness{m.panelFresh(&m.common, panelAlerts), m.panelFresh(&m.common, panelIndicators), m.panelFresh(&m.common, panelCoverage)} {
		if f.stale {
			return true
		}
	}
	return false
}

// wallSeeAlerts looks for new overdue alerts in a new alert set: alerts
// overdue now that were not overdue (or not there) in the previous set.
// Those in scope are pinned. The first set only primes what is known, so
// a wall display started on a bad day does not pin at once; new notices
// and warnings never pin.
func (m *model) wallSeeAlerts() {
	w := &m.wall
	snap := m.state.Alerts
	if !snap.HasData {
		return
	}
	all := snap.Data.Alerts
	if w.primed && sameAlertSet(all, w.set) {
		return // the very same set: nothing changed
	}
	w.set = all
	known := w.overdue
	w.overdue = make(map[string]struct{}, len(known))
	var fresh []string
	for _, a := range all {
		if a.Level != api.LevelOverdue {
			continue
		}
		w.overdue[a.ID] = struct{}{}
		if _, ok := known[a.ID]; ok || !w.primed {
			continue
		}
		if m.alerts.inScope == nil || m.alerts.inScope[a.UnitID] {
			fresh = append(fresh, a.ID)
		}
	}
	w.primed = true
	if len(fresh) > 0 {
		m.pin(fresh)
	}
}

// pin puts new overdue alerts on top of the alerts panel, highlighted, and
// holds the wall on it for PinFor (from the latest arrival).
func (m *model) pin(ids []string) {
	w := &m.wall
	if w.pinned == nil {
		w.pinned = make(map[string]struct{}, len(ids))
		m.alerts.pinned = w.pinned // the panel sorts them first
		m.relayout()               // the pin banner takes a line
	}
	for _, id := range ids {
		w.pinned[id] = struct{}{}
	}
	w.pinUntil = m.now().Add(w.pinFor)
	m.showHelp = false
	m.setFocus(panelAlerts)
}

// unpin ends a pin: the alerts fall back into their order and the rotation
// resumes with the panel it showed before, for a whole interval.
func (m *model) unpin() {
	w := &m.wall
	if w.pinned == nil {
		return
	}
	w.pinned, m.alerts.pinned = nil, nil
	w.since = m.now()
	m.alerts.rebuild(&m.common)
	m.setFocus(w.order[w.idx])
	m.relayout()
}

// pinnedAlerts returns the pinned alerts still in the alert set, in the
// order of the table.
func (m *model) pinnedAlerts() []*client.Alert {
	if m.wall.pinned == nil {
		return nil
	}
	p := &m.alerts
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
func (m *model) countDueToday() {
	w := &m.wall
	p := &m.alerts
	sim := m.simNow()
	y, mo, d := sim.Date()
	day := time.Date(y, mo, d, 0, 0, 0, 0, sim.Location())
	if day.Equal(w.dueDay) && p.ver == w.dueVer {
		return
	}
	w.dueDay, w.dueVer = day, p.ver
	end := day.AddDate(0, 0, 1)
	n := 0
	for _, i := range p.order {
		a := p.all[i]
		// Deadlines only: a finding's date (待整改 …) is not "due today".
		if (a.Level == api.LevelNotice || a.Level == api.LevelWarning) && !a.DueAt().Before(day) && a.DueAt().Before(end) {
			n++
		}
	}
	w.dueToday = n
}

// wallKey handles a key on a wall display. In kiosk mode only ctrl+c
// works; otherwise the keys that need no cursor do: quit, help, refresh,
// panels (which restart the rotation there), scope, and esc to unpin.
func (m *model) wallKey(k tea.KeyPressMsg) tea.Cmd {
	if m.wall.kiosk {
		if k.String() == "ctrl+c" {
			return m.quit()
		}
		return nil
	}
	if cmd, ok := m.commonKey(k); ok {
		return cmd
	}
	km := &m.keys
	switch {
	case key.Matches(k, km.Unpin):
		m.unpin()
	case key.Matches(k, km.Panel1):
		m.wallShow(panelAlerts)
	case key.Matches(k, km.Panel2):
		m.wallShow(panelIndicators)
	case key.Matches(k, km.Panel3):
		m.wallShow(panelCoverage)
	case key.Matches(k, km.NextPanel):
		m.wallShow(m.wall.order[(m.wall.idx+1)%len(m.wall.order)])
	case key.Matches(k, km.PrevPanel):
		m.wallShow(m.wall.order[(m.wall.idx+len(m.wall.order)-1)%len(m.wall.order)])
	case key.Matches(k, km.Scope):
		m.cycleScope(1)
	case key.Matches(k, km.ScopeBack):
		m.cycleScope(-1)
	}
	return nil
}

// wallShow shows panel p now and restarts the rotation from it; a pin
// ends. Panels outside the rotation are not shown.
func (m *model) wallShow(p panel) {
	w := &m.wall
	for i, q := range w.order {
		if q == p {
			m.unpin()
			w.idx, w.since = i, m.now()
			m.setFocus(p)
			return
		}
	}
}
