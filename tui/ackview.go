package tui

import (
	"errors"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/tui/termtext"
)

// ackTime formats when someone acknowledged: the time of day when it was
// today (in the acknowledgement's own zone), else the date and time.
func (c *common) ackTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	now := c.now().In(t.Location())
	if y, mo, d := t.Date(); y == now.Year() && mo == now.Month() && d == now.Day() {
		return t.Format("15:04")
	}
	if t.Year() == now.Year() {
		return t.Format("01-02 15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// ackedLine says who acknowledged an alert and when they did (the time
// they pressed the key, acted_at), and when the server recorded it if
// that was more than a minute later (it waited in an outbox).
func (c *common) ackedLine(ack *api.Ack) string {
	acted := actedAt(ack)
	line := c.cat.F("case.acked", termtext.Truncate(ack.By, 32), c.ackTime(acted))
	if ack.At.Sub(acted) > time.Minute {
		line += c.cat.F("case.acked.recorded", c.ackTime(ack.At))
	}
	return line
}

// actedAt is when the person acknowledged; a server that does not say
// gives only when it recorded the acknowledgement.
func actedAt(ack *api.Ack) time.Time {
	if ack.ActedAt.IsZero() {
		return ack.At
	}
	return ack.ActedAt
}

// outboxBannerText says what is wrong with the acknowledgement outbox, or
// "" when nothing is.
func (c *common) outboxBannerText() string {
	err := c.state.OutboxErr
	if err == nil {
		return ""
	}
	var d *client.OutboxDamage
	if errors.As(err, &d) {
		return c.cat.F("outbox.damaged", d.Recovered, outside(d.Aside))
	}
	return c.cat.F("outbox.error", errLine(err))
}
