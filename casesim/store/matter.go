package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/sim"
)

// matterOf shapes the matter of c as it stands at now: the cases of the
// matter accepted by now, oldest first, and the court stage of the one
// that prosecuted it, as far as it has happened.
func matterOf(ctx context.Context, q queryer, c *sim.Case, now time.Time) (*api.Matter, error) {
	m := &api.Matter{ID: c.Matter(), Cases: []api.MatterCase{}}
	var ids []string
	err := eachRow(ctx, q, func(rows *sql.Rows) error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	}, `SELECT id FROM cases WHERE matter_id = ? AND accepted_at <= ? ORDER BY accepted_at, id`, c.Matter(), toNS(now))
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		mc := c
		if id != c.ID {
			if mc, err = loadCase(ctx, q, id); err != nil {
				return nil, err
			}
			if mc == nil {
				continue
			}
		}
		row := api.MatterCase{ID: mc.ID, CaseNo: mc.No, Type: mc.Type, Stage: stageAt(mc, now),
			AcceptedAt: mc.AcceptedAt.In(sim.Zone)}
		if mc.ClosedAt != nil && !mc.ClosedAt.After(now) {
			t := mc.ClosedAt.In(sim.Zone)
			row.ClosedAt = &t
		}
		m.Cases = append(m.Cases, row)
		if ct := courtAt(mc, now); ct != nil {
			m.Court = ct
		}
	}
	return m, nil
}

// courtAt is the court stage of c as far as it has happened at now; nil
// before the court accepted the indictment.
func courtAt(c *sim.Case, now time.Time) *api.Court {
	ct := c.Court
	if ct == nil || ct.FiledAt.After(now) {
		return nil
	}
	out := &api.Court{CaseID: c.ID, Court: ct.Court, Procedure: ct.Procedure, FiledAt: ct.FiledAt.In(sim.Zone)}
	if !ct.PronouncedAt.After(now) {
		t := ct.PronouncedAt.In(sim.Zone)
		out.PronouncedAt, out.Kind, out.Outcome, out.Sentence = &t, ct.Kind, ct.Outcome, ct.Sentence
	}
	if !ct.ServedAt.IsZero() && !ct.ServedAt.After(now) {
		t := ct.ServedAt.In(sim.Zone)
		out.ServedAt = &t
	}
	return out
}

// stageAt labels c's stage at now.
func stageAt(c *sim.Case, now time.Time) string {
	stage := ""
	for _, e := range c.EventsUntil(now) {
		if !stageSkipped[e.Type] {
			stage = e.Type
		}
	}
	return stageOf(stage, c.ClosedAt != nil && !c.ClosedAt.After(now))
}

// propertyAt shapes c's seized property as it stands at now.
func propertyAt(c *sim.Case, now time.Time) []api.Property {
	var out []api.Property
	at := func(t *time.Time) *time.Time {
		if t == nil || t.After(now) {
			return nil
		}
		v := t.In(sim.Zone)
		return &v
	}
	for _, p := range c.Property {
		ap := api.Property{ID: p.ID, Kind: p.Kind, Measure: p.Measure, Value: p.Value,
			ListedAt: at(p.ListedAt), DisposedAt: at(p.DisposedAt)}
		if ap.DisposedAt != nil {
			ap.Disposal = p.Disposal
		}
		out = append(out, ap)
	}
	return out
}

// measureFrom is when the party's current bail or surveillance period
// started at now.
func measureFrom(p sim.Party, now time.Time) *time.Time {
	t := p.MeasureFrom
	if r := p.MeasureRenewedAt; r != nil && !r.After(now) {
		t = r
	}
	if t == nil || t.After(now) {
		return nil
	}
	v := t.In(sim.Zone)
	return &v
}
