package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/casewatch/casewatch/i18n"
)

// One time zone on screen (issue 14, D8): the case system's, read from
// the offset of its answers (as_of, sim_time), never the machine's (a
// kiosk box or the serve-ssh host often runs in UTC while the cases are
// in +08:00). The header's clock is labelled with it once ("10:00
// UTC+8"); the banner's times and the wall's clock are in it. On
// simulated data the header shows the simulation's clock and speed
// instead of the real one ("模拟 05-10 09时 ×1440 UTC+8"), at the
// resolution the speed allows without repainting more often than the
// rows' countdowns do.

// zone is the case system's time zone: the offset of its clock's last
// reading, else of its answers, else the machine's.
func (c *common) zone() *time.Location {
	switch {
	case c.simSrc != simFromNone && !c.simAt.sim.IsZero():
		return c.simAt.sim.Location()
	case c.state.Health.HasData && !c.state.Health.Data.SimTime.IsZero():
		return c.state.Health.Data.SimTime.Location()
	case c.state.Alerts.HasData && !c.state.Alerts.Data.AsOf.IsZero():
		return c.state.Alerts.Data.AsOf.Location()
	}
	return c.now().Location()
}

// zoneNow is the real time now in the case system's zone.
func (c *common) zoneNow() time.Time { return c.now().In(c.zone()) }

// zoneLabel names t's offset from UTC: UTC+8, UTC+5:30, UTC.
func zoneLabel(t time.Time) string {
	_, off := t.Zone()
	if off == 0 {
		return "UTC"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	h, m := off/3600, off%3600/60
	if m == 0 {
		return "UTC" + sign + strconv.Itoa(h)
	}
	return fmt.Sprintf("UTC%s%d:%02d", sign, h, m)
}

// simShown reports whether the header shows the simulation's clock: on
// simulated data whose clock has been read.
func (c *common) simShown() bool {
	return c.demoData() && c.simSrc != simFromNone && !c.simAt.sim.IsZero()
}

// simStep is the resolution of the simulation clock in the header: the
// minute in real time, the hour when faster (at 1440× a simulated hour is
// 2.5 real seconds, as the rows' countdowns change).
func (c *common) simStep() time.Duration {
	if c.simSpeed() > 1 {
		return time.Hour
	}
	return time.Minute
}

// headerClock is the header's real clock, in the case system's zone and
// labelled with it: 10:00 UTC+8.
func (c *common) headerClock() string {
	now := c.zoneNow()
	return now.Format("15:04") + " " + zoneLabel(now)
}

// simClock is the simulation's clock and speed on simulated data, "" on
// real data: 模拟 05-10 09时 ×1440; 模拟 05-10 09:00 已暂停 when the
// simulation is paused (sim_speed 0), 模拟 05-10 09:00 过时 when the clock
// stands still for want of answers (simHorizon: the API is lost or late),
// which is not a pause of the simulation.
func (c *common) simClock() string { return c.simClockAs("01-02 ", true) }

// simClockAs is simClock with the date in layout date ("" leaves it out),
// and without the speed unless speed.
func (c *common) simClockAs(date string, speed bool) string {
	if !c.simShown() {
		return ""
	}
	sim := c.simNow()
	txt := sim.Format(date + "15:04")
	if c.simStep() == time.Hour {
		txt = sim.Format(date+"15") + c.cat.T("clock.hour")
	}
	if c.simSpeed() == 0 {
		if c.simAt.speed > 0 && !c.simAt.real.IsZero() {
			return c.cat.F("clock.stale", txt)
		}
		return c.cat.F("clock.frozen", txt)
	}
	if !speed {
		return strings.TrimSpace(c.cat.F("clock.sim", txt, ""))
	}
	return c.cat.F("clock.sim", txt, "×"+strconv.FormatFloat(c.simAt.speed, 'g', 4, 64))
}

// simClockOnTabs puts the simulation's clock at the right end of the tabs
// line when the header had no room for it (80 columns).
// fr is the data's freshness the header shows.
func (c *common) simClockOnTabs(tabs string, fr [panelCount]freshness, w int) string {
	sim := c.simClock()
	if sim == "" {
		return tabs
	}
	if _, has := c.header(fr, w); has {
		return tabs
	}
	tabs = strings.TrimRight(tabs, " ")
	// Where it does not fit (English, with a new-alerts count on a tab, or
	// paused or stale) the speed goes first, then the date: the simulated
	// hour and whether the clock runs matter more.
	fits := func(sim string) bool { return textWidth(tabs)+1+textWidth(sim)+1 <= w }
	if !fits(sim) {
		sim = c.simClockAs("01-02 ", false)
	}
	if !fits(sim) {
		sim = c.simClockAs("", false)
	}
	return spread(tabs, c.styles.Accent.Render(sim)+" ", w)
}

// headerClockNext offers the simulation time at which the header's
// simulation clock changes (schedule.go).
func (c *common) headerClockNext(sim time.Time, next *changes) {
	if c.simShown() && c.simSpeed() > 0 {
		step := c.simStep()
		next.at(sim.Truncate(step).Add(step))
	}
}

// fieldLabel is a case-card field's label in the catalog's language: the
// English of a standard field, else the label the case system sent
// (issue 14, D19).
func fieldLabel(c *common, field, label string) string {
	if s := c.cat.Code(i18n.KindCardField, field); s != field {
		return s
	}
	return label
}
