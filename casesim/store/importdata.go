package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// OrgUnit is a unit (院) as an import names it.
type OrgUnit struct {
	ID, Name, Level, ParentID string
}

// OrgDept is a department of a unit as an import names it.
type OrgDept struct {
	ID, UnitID, Name, Line string
}

// ImportedCase is a case read from a department's export, with the hash of
// what the export said about it (a re-import with the same hash leaves the
// case alone).
type ImportedCase struct {
	Case *sim.Case
	Hash string
}

// ImportBatch is everything one import writes, in one transaction.
type ImportBatch struct {
	Units  []OrgUnit
	Depts  []OrgDept
	People []sim.Person
	Cases  []ImportedCase
	// Indicators are official indicator values a department reported
	// (Source api.SourceReported).
	Indicators []IndicatorValue
}

// ImportReport counts what an import changed.
type ImportReport struct {
	New, Updated, Unchanged int
	// EventsAdded counts events stored that the database did not have.
	EventsAdded int
	// OrgAdded counts units, departments and people created or changed.
	OrgAdded int
	// Changed lists the ids of the new and updated cases.
	Changed []string
	// Indicators counts reported indicator values written or changed.
	Indicators int
}

// OrgSnapshot returns the org tree as stored: units, departments, people.
func (s *Store) OrgSnapshot() ([]OrgUnit, []OrgDept, []sim.Person) {
	o := s.org.Load()
	units := make([]OrgUnit, 0, len(o.units))
	var depts []OrgDept
	for _, u := range o.units {
		units = append(units, OrgUnit{ID: u.ID, Name: u.Name, Level: u.Level, ParentID: u.ParentID})
		for _, d := range u.Departments {
			depts = append(depts, OrgDept{ID: d.ID, UnitID: u.ID, Name: d.Name, Line: d.Line})
		}
	}
	people := make([]sim.Person, 0, len(o.people))
	for _, p := range o.people {
		people = append(people, p)
	}
	slices.SortFunc(people, func(a, b sim.Person) int {
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	return units, depts, people
}

// Import writes a batch in one transaction: readers see all of it or none.
// Units, departments and people are added or renamed; a case whose hash is
// stored already is unchanged; a changed case is replaced, keeping the
// events stored before that the export no longer lists (events are
// appended, never lost); new cases are inserted. The data version moves
// only when something changed.
func (s *Store) Import(ctx context.Context, b ImportBatch) (ImportReport, error) {
	var rep ImportReport
	err := s.writeTx(ctx, func(tx *sql.Tx) (bool, error) {
		rep = ImportReport{}
		n, err := importOrg(ctx, tx, b)
		if err != nil {
			return false, err
		}
		rep.OrgAdded = n
		hashes := map[string]string{}
		if err := eachRow(ctx, tx, func(rows *sql.Rows) error {
			var id, h string
			if err := rows.Scan(&id, &h); err != nil {
				return err
			}
			hashes[id] = h
			return nil
		}, `SELECT id, import_hash FROM cases`); err != nil {
			return false, fmt.Errorf("store: import: %w", err)
		}
		w, err := newCaseWriter(ctx, tx, s)
		if err != nil {
			return false, err
		}
		defer w.close()
		for _, ic := range b.Cases {
			c := ic.Case
			old, exists := hashes[c.ID]
			switch {
			case exists && old == ic.Hash:
				rep.Unchanged++
				continue
			case exists:
				prev, err := loadCase(ctx, tx, c.ID)
				if err != nil {
					return false, fmt.Errorf("store: import: case %s: %w", c.ID, err)
				}
				if prev != nil {
					rep.EventsAdded += mergeEvents(c, prev.Events)
				}
				rep.Updated++
			default:
				rep.EventsAdded += len(c.Events)
				rep.New++
			}
			if err := w.write(ctx, c, ic.Hash, exists); err != nil {
				return false, err
			}
			rep.Changed = append(rep.Changed, c.ID)
			hashes[c.ID] = ic.Hash
		}
		if rep.Indicators, err = saveIndicatorValuesTx(ctx, tx, b.Indicators); err != nil {
			return false, err
		}
		return rep.New+rep.Updated+rep.OrgAdded+rep.Indicators > 0, nil
	})
	if err != nil {
		return ImportReport{}, err
	}
	if rep.OrgAdded > 0 {
		if err := s.loadOrg(ctx); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// mergeEvents adds to c the events of stored that c does not have (same
// type at the same time), except the accepted and closed events the import
// derives from the case's own columns, and returns how many of c's events
// are new.
func mergeEvents(c *sim.Case, stored []sim.Event) int {
	type key struct {
		typ string
		at  int64
	}
	have := map[key]bool{}
	for _, e := range stored {
		have[key{e.Type, e.At.UnixNano()}] = true
	}
	added := 0
	seen := map[key]bool{}
	for _, e := range c.Events {
		k := key{e.Type, e.At.UnixNano()}
		seen[k] = true
		if !have[k] {
			added++
		}
	}
	for _, e := range stored {
		if e.Type == domain.EvAccepted || e.Type == domain.EvClosed {
			continue
		}
		if k := (key{e.Type, e.At.UnixNano()}); !seen[k] {
			c.Events = append(c.Events, e)
			seen[k] = true
		}
	}
	slices.SortStableFunc(c.Events, func(a, b sim.Event) int { return a.At.Compare(b.At) })
	return added
}

// importOrg adds the batch's units, departments and people that are new,
// and renames those whose name changed; it returns how many it added.
func importOrg(ctx context.Context, tx *sql.Tx, b ImportBatch) (int, error) {
	added := 0
	var ord int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(ord), -1) + 1 FROM units`).Scan(&ord); err != nil {
		return 0, fmt.Errorf("store: import org: %w", err)
	}
	for _, u := range b.Units {
		res, err := tx.ExecContext(ctx, `INSERT INTO units(id, ord, name, name_en, short, level, parent_id, scale)
			VALUES(?,?,?,?,?,?,?,1) ON CONFLICT(id) DO UPDATE SET name = excluded.name, level = excluded.level,
			parent_id = excluded.parent_id WHERE name <> excluded.name OR level <> excluded.level OR parent_id <> excluded.parent_id`,
			u.ID, ord, u.Name, u.Name, u.Name, u.Level, u.ParentID)
		if err != nil {
			return 0, fmt.Errorf("store: import unit %s: %w", u.ID, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added++
			ord++
		}
	}
	for i, d := range b.Depts {
		res, err := tx.ExecContext(ctx, `INSERT INTO departments(id, ord, unit_id, suffix, name, line, abbrev)
			VALUES(?,?,?,?,?,?,'') ON CONFLICT(id) DO UPDATE SET name = excluded.name, line = excluded.line
			WHERE name <> excluded.name OR line <> excluded.line`,
			d.ID, i, d.UnitID, d.ID[min(len(d.UnitID), len(d.ID)):], d.Name, d.Line)
		if err != nil {
			return 0, fmt.Errorf("store: import department %s: %w", d.ID, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added++
		}
	}
	for _, p := range b.People {
		res, err := tx.ExecContext(ctx, `INSERT INTO people(id, name, unit_id, dept_id, role, quota, leader)
			VALUES(?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, unit_id = excluded.unit_id,
			dept_id = excluded.dept_id, role = excluded.role WHERE name <> excluded.name OR unit_id <> excluded.unit_id
			OR dept_id <> excluded.dept_id OR role <> excluded.role`,
			p.ID, p.Name, p.UnitID, p.DeptID, p.Role, p.Quota, p.Leader)
		if err != nil {
			return 0, fmt.Errorf("store: import person %s: %w", p.ID, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added++
		}
	}
	return added, nil
}

// caseWriter writes cases whole within one transaction.
type caseWriter struct {
	st                                                     *Store
	org                                                    *org
	upsert, delEvents, delDecisions, insEvent, insDecision *sql.Stmt
}

func newCaseWriter(ctx context.Context, tx *sql.Tx, s *Store) (*caseWriter, error) {
	w := &caseWriter{st: s, org: s.org.Load()}
	for _, p := range []struct {
		dst **sql.Stmt
		q   string
	}{
		{&w.upsert, `INSERT INTO cases(id, no, title, type, line, unit_id, dept_id,
			lead_id, assist_id, source, accepted_at, closed_at, major, fast_track, heavy_term, plea,
			leader_case, urgent, imported, body, matter_id, import_hash) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
			ON CONFLICT(id) DO UPDATE SET no=excluded.no, title=excluded.title, type=excluded.type,
			line=excluded.line, unit_id=excluded.unit_id, dept_id=excluded.dept_id, lead_id=excluded.lead_id,
			assist_id=excluded.assist_id, source=excluded.source, accepted_at=excluded.accepted_at,
			closed_at=excluded.closed_at, major=excluded.major, fast_track=excluded.fast_track,
			heavy_term=excluded.heavy_term, plea=excluded.plea, leader_case=excluded.leader_case,
			urgent=excluded.urgent, imported=excluded.imported, body=excluded.body,
			matter_id=excluded.matter_id, import_hash=excluded.import_hash`},
		{&w.delEvents, `DELETE FROM events WHERE case_id = ?`},
		{&w.delDecisions, `DELETE FROM decisions WHERE case_id = ?`},
		{&w.insEvent, `INSERT INTO events(case_id, seq, at, type, actor, detail) VALUES(?,?,?,?,?,?)`},
		{&w.insDecision, `INSERT INTO decisions(case_id, seq, id, power_id, action, by, role,
			at, unit_id, dept_id, verdict, kind) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)`},
	} {
		st, err := tx.PrepareContext(ctx, p.q) //nolint:sqlclosecheck // the statements live as long as the writer; w.close closes them
		if err != nil {
			w.close()
			return nil, err
		}
		*p.dst = st
	}
	return w, nil
}

func (w *caseWriter) close() {
	for _, st := range []*sql.Stmt{w.upsert, w.delEvents, w.delDecisions, w.insEvent, w.insDecision} {
		if st != nil {
			st.Close()
		}
	}
}

// write inserts or replaces one case whole: scalars, body, events and
// decisions, with the hash of the export's rows; exists says whether the
// database has the case already (a new case has no events to delete).
func (w *caseWriter) write(ctx context.Context, c *sim.Case, hash string, exists bool) error {
	body, err := json.Marshal(caseBody{
		Card: c.Card, Parties: c.Parties, Documents: c.Documents,
		CardErrors: c.CardErrors, Review: c.Review, Defects: c.Defects,
		Court: c.Court, Property: c.Property, Unknown: c.Unknown,
	})
	if err != nil {
		return fmt.Errorf("store: case %s: %w", c.ID, err)
	}
	if _, err := w.upsert.ExecContext(ctx, c.ID, c.No, c.Title, c.Type, c.Line, c.UnitID, c.DeptID,
		c.LeadID, c.AssistID, c.Source, toNS(c.AcceptedAt), nullNS(c.ClosedAt), c.Major, c.FastTrack,
		c.HeavyTerm, c.Plea, c.LeaderCase, c.Urgent, c.Imported, string(body), c.Matter(), hash); err != nil {
		return fmt.Errorf("store: upsert case %s: %w", c.ID, err)
	}
	if exists {
		if _, err := w.delEvents.ExecContext(ctx, c.ID); err != nil {
			return err
		}
		if _, err := w.delDecisions.ExecContext(ctx, c.ID); err != nil {
			return err
		}
	}
	for i, e := range c.Events {
		if _, err := w.insEvent.ExecContext(ctx, c.ID, i, toNS(e.At), e.Type, e.Actor, e.Detail); err != nil {
			return fmt.Errorf("store: case %s event %d: %w", c.ID, i, err)
		}
	}
	for i, d := range c.Decisions {
		j := w.st.judge(w.org, d.Kind, d.Role, d.By, c.DeptID)
		if _, err := w.insDecision.ExecContext(ctx, c.ID, i, d.ID, j.PowerID, d.Action, d.By, d.Role,
			toNS(d.At), c.UnitID, c.DeptID, j.Verdict, d.Kind); err != nil {
			return fmt.Errorf("store: case %s decision %d: %w", c.ID, i, err)
		}
	}
	return nil
}

// Refresh notices writes another process made to the database (a
// `casesim import` against the live file): when the stored data version
// moved, or a write of this store found it moved by another process
// meanwhile, it takes the newer version (so ETags change), reloads the
// org tree and reports true.
func (s *Store) Refresh(ctx context.Context) (bool, error) {
	v, err := metaInt(ctx, s.r, metaDataVersion)
	if err != nil {
		return false, err
	}
	moved := s.external.Swap(false)
	if v == s.version.Load() && !moved {
		return false, nil
	}
	if v > s.version.Load() {
		s.version.Store(v)
	}
	return true, s.loadOrg(ctx)
}
