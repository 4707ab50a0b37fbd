package tui

import (
	"os"
	"slices"
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
// (nextChange) has come since the frame was drawn, the data version has
// not moved (setState bumps it when a publication brings more than new
// fetch times: sameData) and the text that moves with the fetch times
// (the data ages, the banner) reads the same. Any other message, or any
// doubt, draws the frame again. Nothing here lists what the screen shows:
// a new panel, column or line needs no entry.

// verifyViewCache makes every reuse of a frame draw it again and panic
// when the two differ. The tests of this package turn it on (see
// TestMain); CASEWATCH_VERIFY_VIEW_CACHE=1 turns it on anywhere else (the
// end-to-end tests).
var verifyViewCache = os.Getenv("CASEWATCH_VERIFY_VIEW_CACHE") == "1"

// frameStamp is what a kept frame must still match besides its size and
// the moment time alone changes it: the data it was drawn from (the data
// version, see setState) and the text that moves with the fetch times
// rather than with the data (the data ages and the banner).
type frameStamp struct {
	ver    uint64
	ages   [3]string
	banner string
}

// stamp computes the frame stamp of a screen drawn now from data version
// ver, whose panels' data is as fresh as fr and whose banner, when it has
// one, reads banner().
func (c *common) stamp(ver uint64, fr [panelCount]freshness, banner func() string) frameStamp {
	k := frameStamp{ver: ver}
	for i, f := range fr {
		k.ages[i], _ = c.ageText(f)
	}
	if c.lay.banner {
		k.banner = banner()
	}
	return k
}

// sameData reports whether publication b brings nothing but new fetch
// times after a: every data set's data is the very same (a 304 hands the
// previous value back, so slices are compared by identity), and so are
// its failures. TestSameDataKnowsEveryField keeps it in step with
// client.State.
func sameData(a, b *client.State) bool {
	return sameFeed(&a.Health, &b.Health, sameHealth) &&
		sameFeed(&a.Units, &b.Units, func(x, y api.UnitList) bool { return sameSlice(x.Units, y.Units) }) &&
		sameFeed(&a.Alerts, &b.Alerts, func(x, y client.AlertSet) bool {
			return sameSlice(x.Alerts, y.Alerts) && x.Total == y.Total && x.Rejected == y.Rejected &&
				x.AsOf.Equal(y.AsOf) && x.SimSpeed == y.SimSpeed
		}) &&
		sameFeeds(a.Indicators, b.Indicators, func(x, y api.IndicatorSet) bool {
			return x.UnitID == y.UnitID && x.UnitName == y.UnitName && x.Period == y.Period && x.PeriodKind == y.PeriodKind &&
				x.From == y.From && x.Through == y.Through && x.AsOf.Equal(y.AsOf) && sameSlice(x.Indicators, y.Indicators) &&
				sameSlice(x.DataMissing, y.DataMissing)
		}) &&
		sameFeeds(a.CoverageByDept, b.CoverageByDept, sameCoverage) &&
		sameFeeds(a.CoverageByPerson, b.CoverageByPerson, sameCoverage) &&
		sameFeed(&a.Notices, &b.Notices, func(x, y api.NoticePage) bool {
			return sameSlice(x.Notices, y.Notices) && x.NextCursor == y.NextCursor && x.AsOf.Equal(y.AsOf)
		}) &&
		sameSlice(a.Pending, b.Pending) && sameSlice(a.AckResults, b.AckResults) &&
		sameErr(a.OutboxErr, b.OutboxErr)
}

// sameFeed compares two feeds but for their fetch and schedule times.
func sameFeed[T any](a, b *client.Feed[T], same func(x, y T) bool) bool {
	return a.HasData == b.HasData && a.Failures == b.Failures && a.FailingSince.Equal(b.FailingSince) &&
		a.Interval == b.Interval && sameErr(a.Err, b.Err) && same(a.Data, b.Data)
}

// sameFeeds compares two maps of feeds with sameFeed.
func sameFeeds[T any](a, b map[string]client.Feed[T], same func(x, y T) bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		x := a[k]
		y, ok := b[k]
		if !ok || !sameFeed(&x, &y, same) {
			return false
		}
	}
	return true
}

// sameSlice reports whether two slices are the very same: same length
// and same backing array.
func sameSlice[E any](a, b []E) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func sameHealth(x, y api.Health) bool {
	// ServerTime, the server's clock when it answered, is never drawn.
	return x.Status == y.Status && x.Version == y.Version && x.SimTime.Equal(y.SimTime) && x.SimSpeed == y.SimSpeed &&
		x.DataAsOf.Equal(y.DataAsOf) && x.Demo == y.Demo && slices.Equal(x.MonitoredCategories, y.MonitoredCategories)
}

func sameCoverage(x, y api.Coverage) bool {
	return x.UnitID == y.UnitID && x.By == y.By && x.Period == y.Period && x.PeriodKind == y.PeriodKind &&
		x.From.Equal(y.From) && x.To.Equal(y.To) && x.AsOf.Equal(y.AsOf) && x.List == y.List && x.Totals == y.Totals &&
		sameSlice(x.Rows, y.Rows) && sameSlice(x.Powers, y.Powers) && sameSlice(x.NotOnList, y.NotOnList) &&
		sameSlice(x.Unexercised, y.Unexercised)
}

// sameErr reports whether two errors read the same (the very same error,
// as a 304 hands it back, without building its message).
func sameErr(a, b error) bool {
	switch {
	case a == nil || b == nil:
		return a == b
	case a == b:
		return true
	}
	return a.Error() == b.Error()
}

// frameCache is the frame drawn last and what it must still match to be
// kept.
type frameCache struct {
	frame          string     // the frame drawn last…
	frameOK        bool       // …which may be kept,
	frameW, frameH int        // drawn at this size,
	frameStamp     frameStamp // showing this version of the data,
	frameUntil     time.Time  // until time alone changes it (zero: never);
	frameKept      bool       // the last update left it as it is
}

// sameFrame reports whether the frame drawn last still shows a screen of
// w×h with stamp at now (see the comment at the top of this file).
func (f *frameCache) sameFrame(w, h int, now time.Time, stamp func() frameStamp) bool {
	if !f.frameOK || w != f.frameW || h != f.frameH {
		return false
	}
	if !f.frameUntil.IsZero() && !now.Before(f.frameUntil) {
		return false
	}
	return stamp() == f.frameStamp
}

// present decides, at the end of each update, what View will show: the
// frame drawn last when the update was a publication that changed nothing
// on it (see sameFrame), a new one otherwise. View only reads the result.
func (m *model) present(isState bool) {
	// Only the dashboard or a wall display, with no prompt, keeps a frame.
	reusable := m.current() == screenDash && m.prompt == promptNone && !m.quitting
	stampNow := func() frameStamp {
		banner := m.bannerText // the API-unreachable banner, or a wall's alarm
		if m.wall.on {
			banner = func() string { return m.wall.alarmText(&m.common, &m.dashboard) }
		}
		return m.stamp(m.dataVer, m.freshAll(&m.common), banner)
	}
	if isState && reusable && m.sameFrame(m.width, m.height, m.now(), stampNow) {
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
	m.frameOK = m.width > 0 && m.height > 0 && reusable
	if m.frameOK {
		m.frameW, m.frameH = m.width, m.height
		m.frameStamp = stampNow()
		// The first moment time alone can change the screen (nextChange
		// returns the last within its slack).
		m.nextChange(now)
		m.frameUntil = m.schedFirst
	}
}
