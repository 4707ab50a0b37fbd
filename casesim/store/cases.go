package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/casewatch/casewatch/casesim/sim"
)

// caseBody is the JSON column of a case: the parts no query filters on.
type caseBody struct {
	Card       []sim.CardField `json:"card,omitempty"`
	Parties    []sim.Party     `json:"parties,omitempty"`
	Documents  []sim.Document  `json:"documents,omitempty"`
	CardErrors []sim.CardError `json:"card_errors,omitempty"`
	Review     *sim.Review     `json:"review,omitempty"`
	Defects    []sim.Defect    `json:"defects,omitempty"`
	Court      *sim.Court      `json:"court,omitempty"`
	Property   []sim.Property  `json:"property,omitempty"`
	Outcomes   *sim.Outcomes   `json:"outcomes,omitempty"`
	// Unknown: the facts an imported case's export did not carry.
	Unknown []string `json:"unknown,omitempty"`
}

// UpsertCases inserts or replaces cases whole (scalars, JSON body, events
// and decisions) in one transaction.
func (s *Store) UpsertCases(ctx context.Context, cases []*sim.Case) error {
	if len(cases) == 0 {
		return nil
	}
	o := s.org.Load()
	return s.writeTx(ctx, func(tx *sql.Tx) (bool, error) {
		upsert, err := tx.PrepareContext(ctx, `INSERT INTO cases(id, no, title, type, line, unit_id, dept_id,
			lead_id, assist_id, source, accepted_at, closed_at, major, fast_track, heavy_term, plea,
			leader_case, urgent, imported, body, matter_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
			ON CONFLICT(id) DO UPDATE SET no=excluded.no, title=excluded.title, type=excluded.type,
			line=excluded.line, unit_id=excluded.unit_id, dept_id=excluded.dept_id, lead_id=excluded.lead_id,
			assist_id=excluded.assist_id, source=excluded.source, accepted_at=excluded.accepted_at,
			closed_at=excluded.closed_at, major=excluded.major, fast_track=excluded.fast_track,
			heavy_term=excluded.heavy_term, plea=excluded.plea, leader_case=excluded.leader_case,
			urgent=excluded.urgent, imported=excluded.imported, body=excluded.body,
			matter_id=excluded.matter_id`)
		if err != nil {
			return false, err
		}
		defer upsert.Close()
		delEvents, err := tx.PrepareContext(ctx, `DELETE FROM events WHERE case_id = ?`)
		if err != nil {
			return false, err
		}
		defer delEvents.Close()
		delDecisions, err := tx.PrepareContext(ctx, `DELETE FROM decisions WHERE case_id = ?`)
		if err != nil {
			return false, err
		}
		defer delDecisions.Close()
		insEvent, err := tx.PrepareContext(ctx, `INSERT INTO events(case_id, seq, at, type, actor, detail) VALUES(?,?,?,?,?,?)`)
		if err != nil {
			return false, err
		}
		defer insEvent.Close()
		insDecision, err := tx.PrepareContext(ctx, `INSERT INTO decisions(case_id, seq, id, power_id, action, by, role,
			at, unit_id, dept_id, verdict, kind) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return false, err
		}
		defer insDecision.Close()

		for _, c := range cases {
			body, err := json.Marshal(caseBody{
				Card: c.Card, Parties: c.Parties, Documents: c.Documents,
				CardErrors: c.CardErrors, Review: c.Review, Defects: c.Defects,
				Court: c.Court, Property: c.Property, Outcomes: c.Outcomes, Unknown: c.Unknown,
			})
			if err != nil {
				return false, fmt.Errorf("store: case %s: %w", c.ID, err)
			}
			if _, err := upsert.ExecContext(ctx, c.ID, c.No, c.Title, c.Type, c.Line, c.UnitID, c.DeptID,
				c.LeadID, c.AssistID, c.Source, toNS(c.AcceptedAt), nullNS(c.ClosedAt), c.Major, c.FastTrack,
				c.HeavyTerm, c.Plea, c.LeaderCase, c.Urgent, c.Imported, string(body), c.Matter()); err != nil {
				return false, fmt.Errorf("store: upsert case %s: %w", c.ID, err)
			}
			if _, err := delEvents.ExecContext(ctx, c.ID); err != nil {
				return false, err
			}
			if _, err := delDecisions.ExecContext(ctx, c.ID); err != nil {
				return false, err
			}
			for i, e := range c.Events {
				if _, err := insEvent.ExecContext(ctx, c.ID, i, toNS(e.At), e.Type, e.Actor, e.Detail); err != nil {
					return false, fmt.Errorf("store: case %s event %d: %w", c.ID, i, err)
				}
			}
			for i, d := range c.Decisions {
				j := s.judge(o, d.Kind, d.Role, d.By, c.DeptID)
				if _, err := insDecision.ExecContext(ctx, c.ID, i, d.ID, j.PowerID, d.Action, d.By, d.Role,
					toNS(d.At), c.UnitID, c.DeptID, j.Verdict, d.Kind); err != nil {
					return false, fmt.Errorf("store: case %s decision %d: %w", c.ID, i, err)
				}
			}
			if err := insertSimNotices(ctx, tx, c); err != nil {
				return false, err
			}
		}
		return true, nil
	})
}

const caseColumns = `id, no, title, type, line, unit_id, dept_id, lead_id, assist_id, source,
	accepted_at, closed_at, major, fast_track, heavy_term, plea, leader_case, urgent, imported, body, matter_id`

func scanCase(sc interface{ Scan(...any) error }) (*sim.Case, error) {
	var c sim.Case
	var accepted int64
	var closed sql.NullInt64
	var body string
	if err := sc.Scan(&c.ID, &c.No, &c.Title, &c.Type, &c.Line, &c.UnitID, &c.DeptID, &c.LeadID,
		&c.AssistID, &c.Source, &accepted, &closed, &c.Major, &c.FastTrack, &c.HeavyTerm, &c.Plea,
		&c.LeaderCase, &c.Urgent, &c.Imported, &body, &c.MatterID); err != nil {
		return nil, err
	}
	c.AcceptedAt = fromNS(accepted)
	c.ClosedAt = fromNullNS(closed)
	var b caseBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return nil, fmt.Errorf("store: case %s body: %w", c.ID, err)
	}
	c.Card, c.Parties, c.Documents = b.Card, b.Parties, b.Documents
	c.CardErrors, c.Review, c.Defects = b.CardErrors, b.Review, b.Defects
	c.Court, c.Property, c.Outcomes = b.Court, b.Property, b.Outcomes
	c.Unknown = b.Unknown
	if c.MatterID == c.ID {
		c.MatterID = "" // a matter of its own, as generated
	}
	normaliseCaseTimes(&c)
	return &c, nil
}

// normaliseCaseTimes puts the times decoded from JSON in the simulation's
// zone, like those read from columns.
func normaliseCaseTimes(c *sim.Case) {
	for i := range c.Parties {
		p := &c.Parties[i]
		p.DetainedFrom = inZone(p.DetainedFrom)
		p.MeasureFrom = inZone(p.MeasureFrom)
		p.MeasureRenewedAt = inZone(p.MeasureRenewedAt)
	}
	for i := range c.Property {
		p := &c.Property[i]
		p.ListedAt, p.DisposedAt = inZone(p.ListedAt), inZone(p.DisposedAt)
	}
	if ct := c.Court; ct != nil {
		ct.FiledAt, ct.PronouncedAt, ct.ServedAt = ct.FiledAt.In(sim.Zone), ct.PronouncedAt.In(sim.Zone), ct.ServedAt.In(sim.Zone)
	}
	for i := range c.Documents {
		c.Documents[i].IssuedAt = c.Documents[i].IssuedAt.In(sim.Zone)
		c.Documents[i].ReturnedAt = inZone(c.Documents[i].ReturnedAt)
	}
	for i := range c.CardErrors {
		e := &c.CardErrors[i]
		e.FoundAt = e.FoundAt.In(sim.Zone)
		if e.FixedAt != nil {
			v := e.FixedAt.In(sim.Zone)
			e.FixedAt = &v
		}
	}
	if c.Review != nil {
		c.Review.ReviewedAt = c.Review.ReviewedAt.In(sim.Zone)
	}
	for i := range c.Defects {
		c.Defects[i].At = c.Defects[i].At.In(sim.Zone)
	}
}

// inZone is t in the simulation's zone (nil stays nil).
func inZone(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := t.In(sim.Zone)
	return &v
}

// LoadCases returns every case whole, ordered by acceptance time and id, for
// the engine to resume after a restart.
func (s *Store) LoadCases(ctx context.Context) ([]*sim.Case, error) {
	var out []*sim.Case
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		byID := map[string]*sim.Case{}
		rows, err := tx.QueryContext(ctx, `SELECT `+caseColumns+` FROM cases ORDER BY accepted_at, id`)
		if err != nil {
			return err
		}
		for rows.Next() {
			c, err := scanCase(rows)
			if err != nil {
				rows.Close() //nolint:sqlclosecheck // closed before the next query of the transaction, not at its end
				return err
			}
			out = append(out, c)
			byID[c.ID] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := loadEvents(ctx, tx, byID, `SELECT case_id, at, type, actor, detail FROM events ORDER BY case_id, seq`); err != nil {
			return err
		}
		if err := loadDecisions(ctx, tx, byID, `SELECT case_id, id, power_id, action, by, role, at, kind FROM decisions ORDER BY case_id, seq`); err != nil {
			return err
		}
		return loadNotices(ctx, tx, byID, "")
	})
	if err != nil {
		return nil, fmt.Errorf("store: load cases: %w", err)
	}
	return out, nil
}

// loadEvents appends the events query selects to their cases in byID.
func loadEvents(ctx context.Context, q queryer, byID map[string]*sim.Case, query string, args ...any) error {
	return eachRow(ctx, q, func(rows *sql.Rows) error {
		var id string
		var e sim.Event
		var at int64
		if err := rows.Scan(&id, &at, &e.Type, &e.Actor, &e.Detail); err != nil {
			return err
		}
		e.At = fromNS(at)
		if c := byID[id]; c != nil {
			c.Events = append(c.Events, e)
		}
		return nil
	}, query, args...)
}

// loadDecisions appends the decisions query selects to their cases in byID.
func loadDecisions(ctx context.Context, q queryer, byID map[string]*sim.Case, query string, args ...any) error {
	return eachRow(ctx, q, func(rows *sql.Rows) error {
		var id string
		var d sim.Decision
		var at int64
		if err := rows.Scan(&id, &d.ID, &d.PowerID, &d.Action, &d.By, &d.Role, &at, &d.Kind); err != nil {
			return err
		}
		d.At = fromNS(at)
		if c := byID[id]; c != nil {
			c.Decisions = append(c.Decisions, d)
		}
		return nil
	}, query, args...)
}

// loadCase reads one case whole; nil when there is none.
func loadCase(ctx context.Context, q queryer, id string) (*sim.Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	byID := map[string]*sim.Case{id: c}
	if err := loadEvents(ctx, q, byID, `SELECT case_id, at, type, actor, detail FROM events WHERE case_id = ? ORDER BY seq`, id); err != nil {
		return nil, err
	}
	if err := loadDecisions(ctx, q, byID, `SELECT case_id, id, power_id, action, by, role, at, kind FROM decisions WHERE case_id = ? ORDER BY seq`, id); err != nil {
		return nil, err
	}
	if err := loadNotices(ctx, q, byID, ` WHERE n.case_id = ?`, id); err != nil {
		return nil, err
	}
	return c, nil
}

// LoadCase returns one case whole, as stored.
func (s *Store) LoadCase(ctx context.Context, id string) (*sim.Case, error) {
	var c *sim.Case
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = loadCase(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: load case %s: %w", id, err)
	}
	if c == nil {
		return nil, &NotFoundError{What: "case", ID: id}
	}
	return c, nil
}
