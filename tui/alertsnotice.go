package tui

import (
	"strings"
)

// The alerts panel's notice line: what of the case system's alerts the
// dashboard does not show, and why. It appears above the table only when
// there is something to say: the client holds fewer alerts than the case
// system has (the cap, client.Options.MaxAlerts), or it refused records
// that break the contract. Nothing is left out silently.

// alertsNotice is the text of the notice line, "" when there is none.
func (m *model) alertsNotice() string {
	s := m.state.Alerts
	if !s.HasData {
		return ""
	}
	var parts []string
	if held := len(s.Data.Alerts); s.Data.Total > held {
		parts = append(parts, m.cat.F("alerts.held", held, s.Data.Total))
	}
	if r := s.Data.Rejected; r.Count > 0 {
		parts = append(parts, m.cat.F("alerts.rejected", r.Count, outside(r.First.String())))
	}
	return strings.Join(parts, "  ·  ")
}

// alertsSummaryLines counts the lines above the alerts table: the two
// count lines, and the notice when there is one.
func (m *model) alertsSummaryLines() int {
	if m.alertsNotice() != "" {
		return alertsSummary + 1
	}
	return alertsSummary
}

// alertsNoticeLine renders the notice to width w.
func (m *model) alertsNoticeLine(w int) string {
	return m.styles.Warning.Render(fitLine(m.alertsNotice(), w))
}
