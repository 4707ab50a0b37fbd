package tui

import (
	"os"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/tui/termtext"
)

// The frame cache. Bubble Tea calls View after every Update, and at idle
// most updates are poller publications that change nothing on screen but
// the data's fetch times (a 304 hands the previous value back). After
// such a publication View hands back the frame it rendered last instead
// of drawing the same screen again.
//
// Update decides (present) and draws the frame; View hands over the frame
// Update left and changes nothing.
//
// The rule is conservative: only a state message can keep the frame, and
// only when (see sameFrame) the screen is the dashboard or a wall with no
// prompt open, no moment at which time alone changes the screen
// (nextChange) has come since the frame was drawn, and everything the
// frame shows of the data is the same: the data ages and the banner as
// text, and the identity of each data set on screen (its slice, as
// published: a 304 keeps it), its errors, the units, the simulation
// clock's anchor, the outbox and the status line. Any other message, or
// any doubt, draws the frame again.

// verifyViewCache makes every reuse of a frame draw it again and panic
// when the two differ. The tests of this package turn it on (see
// TestMain); CASEWATCH_VERIFY_VIEW_CACHE=1 turns it on anywhere else (the
// end-to-end tests).
var verifyViewCache = os.Getenv("CASEWATCH_VERIFY_VIEW_CACHE") == "1"

// frameKey is what a frame shows of the data, as cheap comparable values.
type frameKey struct {
	ages    [3]string
	banner  string
	offline offlineInfo
	sim     simAnchor
	simSrc  int

	alerts0   **client.Alert // identity of the set, see sameAlertSet
	nAlerts   int
	alertsHas bool
	alertsAt  time.Time
	alertsErr string
	notice    [3]int

	inds    snapKey
	indsIn  bool // the scope has indicators in the state
	anyInds bool
	cov     snapKey
	covIn   bool
	anyCov  bool
	wall    [4]struct {
		n   int
		has bool
	}

	units0   *api.Unit
	nUnits   int
	pending0 *client.PendingAck
	nPending int
	nLocal   int
	lastAck  ackMark
	status   string
	bad      bool
	outbox   string // the outbox banner
}

// snapKey identifies the data of an indicator or coverage snapshot.
type snapKey struct {
	has      bool
	asOf     time.Time
	unit     string
	first    any // pointer to the first row, or nil
	n        int
	extra    any // pointer to the first unexercised power, or nil
	nExtra   int
	totals   api.CoverageRow
	err      string
	failures int
}

// errText is err's message, "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// frameKeyNow computes the frame key of the model as it is now.
func (m *model) frameKeyNow() frameKey {
	var k frameKey
	for i, f := range []freshness{m.alertsFresh(), m.indicatorsFresh(), m.coverageFresh()} {
		k.ages[i], _ = m.ageText(f)
	}
	switch {
	case m.wall.on && m.lay.banner:
		k.banner = m.wallAlarmText()
	case m.lay.banner:
		k.banner = m.bannerText()
	}
	k.offline = m.offline
	k.sim, k.simSrc = m.simAt, m.simSrc

	a := &m.state.Alerts
	k.nAlerts, k.alertsHas, k.alertsAt, k.alertsErr = len(a.Data.Alerts), a.HasData, a.Data.AsOf, errText(a.Err)
	k.notice = noticeKey(a.Data)
	if len(a.Data.Alerts) > 0 {
		k.alerts0 = &a.Data.Alerts[0]
	}

	is := &m.inds.snap
	k.inds = snapKey{has: is.HasData, asOf: is.Data.AsOf, unit: is.Data.UnitID + "\x00" + is.Data.UnitName + "\x00" + is.Data.Period,
		n: len(is.Data.Indicators), err: errText(is.Err), failures: is.Failures}
	if len(is.Data.Indicators) > 0 {
		k.inds.first = &is.Data.Indicators[0]
	}
	_, k.indsIn = m.state.Indicators[m.inds.unit]
	k.anyInds = len(m.state.Indicators) > 0

	cs := &m.cov.snap
	k.cov = snapKey{has: cs.HasData, asOf: cs.Data.AsOf, unit: cs.Data.UnitID + "\x00" + cs.Data.By,
		n: len(cs.Data.Rows), nExtra: len(cs.Data.Unexercised), totals: cs.Data.Totals, err: errText(cs.Err), failures: cs.Failures}
	if len(cs.Data.Rows) > 0 {
		k.cov.first = &cs.Data.Rows[0]
	}
	if len(cs.Data.Unexercised) > 0 {
		k.cov.extra = &cs.Data.Unexercised[0]
	}
	all := m.state.CoverageByDept
	if m.cov.byPerson {
		all = m.state.CoverageByPerson
	}
	_, k.covIn = all[m.cov.unit]
	k.anyCov = len(all) > 0
	if m.wall.on {
		for i, c := range m.wallCounts() {
			k.wall[i].n, k.wall[i].has = c.n, c.has
		}
	}

	if u := m.units.list; len(u) > 0 {
		k.units0 = &u[0]
	}
	k.nUnits = len(m.units.list)
	if p := m.state.Pending; len(p) > 0 {
		k.pending0 = &p[0]
	}
	k.nPending, k.nLocal, k.lastAck = len(m.state.Pending), len(m.pendingLocal), m.lastAck
	k.status, k.bad = m.status, m.statusBad
	k.outbox = m.outboxBannerText()
	return k
}

// frameReusable reports whether the screen is one whose frame may be kept
// across a state message: the dashboard or a wall display, with no prompt.
func (m *model) frameReusable() bool {
	return m.current() == screenDash && m.prompt == promptNone && !m.quitting
}

// sameFrame reports whether the frame drawn last still shows the model as
// it is now (see the comment at the top of this file).
func (m *model) sameFrame() bool {
	if !m.frameOK || !m.frameReusable() || m.width != m.frameW || m.height != m.frameH {
		return false
	}
	if now := m.now(); !m.frameUntil.IsZero() && !now.Before(m.frameUntil) {
		return false
	}
	return m.frameKeyNow() == m.frameKey
}

// present decides, at the end of each update, what View will show: the
// frame drawn last when the update was a publication that changed nothing
// on it (see sameFrame), a new one otherwise. View only reads the result.
func (m *model) present(isState bool) {
	if isState && m.sameFrame() {
		m.frameKept = true
		if verifyViewCache {
			if fresh := termtext.Guard(m.render()); fresh != m.frame {
				panic("tui: view cache: a kept frame differs from a fresh one\n--- kept\n" + m.frame + "\n--- fresh\n" + fresh)
			}
		}
		return
	}
	m.frameKept = false
	now := m.now()
	m.frame = termtext.Guard(m.render())
	m.frameOK = m.width > 0 && m.height > 0 && m.frameReusable()
	if m.frameOK {
		m.frameW, m.frameH = m.width, m.height
		m.frameKey = m.frameKeyNow()
		// The first moment time alone can change the screen (nextChange
		// returns the last within its slack).
		m.nextChange(now)
		m.frameUntil = m.schedFirst
	}
}
