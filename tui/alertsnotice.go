package tui

import (
	"strings"
)

// The alerts panel's notice line: what of the case system's alerts the
// dashboard does not show, and why. It appears above the table only when
// there is something to say: the client holds fewer alerts than the case
// system has (the cap, client.Options.MaxAlerts), or it refused records
// that break the contract. Nothing is left out silently.

// notice is the text of the notice line, "" when there is none.
func (p *alertsPanel) notice(c *common) string {
	s := c.state.Alerts
	if !s.HasData {
		return ""
	}
	var parts []string
	if held := len(s.Data.Alerts); s.Data.Total > held {
		parts = append(parts, c.cat.F("alerts.held", held, s.Data.Total))
	}
	if r := s.Data.Rejected; r.Count > 0 {
		parts = append(parts, c.cat.F("alerts.rejected", r.Count, outside(r.First.String())))
	}
	return strings.Join(parts, "  ·  ")
}

// summaryLines counts the lines above the alerts table: the count lines
// (levels and categories, one or two each: countRows), the chip line,
// and the notice when there is one.
func (p *alertsPanel) summaryLines(c *common) int {
	n := alertsSummary + max(p.countRows, 2) - 2
	if p.notice(c) != "" {
		n++
	}
	return n
}

// noticeLine renders the notice to width w.
func (p *alertsPanel) noticeLine(c *common, w int) string {
	return c.styles.Warning.Render(fitLine(p.notice(c), w))
}
