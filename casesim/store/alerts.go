package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/rules"
)

// alertID formats an alert's id from its seq.
func alertID(seq int64) string { return fmt.Sprintf("A%08d", seq) }

// parseAlertID returns the seq of an alert id; ok is false for a string
// that is no alert id.
func parseAlertID(id string) (int64, bool) {
	if len(id) < 2 || id[0] != 'A' {
		return 0, false
	}
	for _, r := range id[1:] {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(id[1:], 10, 64)
	return n, err == nil && n > 0
}

// alertRow is one row of the alerts table.
type alertRow struct {
	seq                                        int64
	caseID, key, rule, category, level, status string
	unitID, deptID, personID, caseNo           string
	due, detected, updated                     int64
	rectified                                  sql.NullInt64
	basis, message                             string
	ackBy, ackNote, ackLevel                   sql.NullString
	ackAt, ackActedAt                          sql.NullInt64
	rev                                        int64
}

const alertColumns = `seq, case_id, key, rule, category, level, status, unit_id, dept_id, person_id,
	case_no, due_at, detected_at, updated_at, rectified_at, basis, message, ack_by, ack_note, ack_level,
	ack_at, ack_acted_at, rev`

func scanAlert(sc interface{ Scan(...any) error }) (alertRow, error) {
	var a alertRow
	err := sc.Scan(&a.seq, &a.caseID, &a.key, &a.rule, &a.category, &a.level, &a.status, &a.unitID,
		&a.deptID, &a.personID, &a.caseNo, &a.due, &a.detected, &a.updated, &a.rectified, &a.basis,
		&a.message, &a.ackBy, &a.ackNote, &a.ackLevel, &a.ackAt, &a.ackActedAt, &a.rev)
	return a, err
}

// toAPI shapes a row for the wire; days_remaining is counted at now.
func (a *alertRow) toAPI(o *org, now time.Time) api.Alert {
	spec := domain.Rules[a.rule]
	due := fromNS(a.due)
	out := api.Alert{
		ID:            alertID(a.seq),
		Rule:          a.rule,
		RuleName:      spec.Name,
		RuleNameEn:    spec.NameEn,
		Category:      a.category,
		Level:         a.level,
		Status:        a.status,
		CaseID:        a.caseID,
		CaseNo:        a.caseNo,
		UnitID:        a.unitID,
		UnitName:      o.unitName(a.unitID),
		DeptID:        a.deptID,
		DeptName:      o.deptName(a.deptID),
		PersonID:      a.personID,
		PersonName:    o.personName(a.personID),
		DueAt:         due,
		DaysRemaining: rules.DaysRemaining(due, now),
		DetectedAt:    fromNS(a.detected),
		UpdatedAt:     fromNS(a.updated),
		RectifiedAt:   fromNullNS(a.rectified),
		Basis:         a.basis,
		Message:       a.message,
	}
	if out.RuleName == "" {
		out.RuleName, out.RuleNameEn = a.rule, a.rule
	}
	if a.ackAt.Valid {
		acted := a.ackAt.Int64
		if a.ackActedAt.Valid {
			acted = a.ackActedAt.Int64
		}
		out.Ack = &api.Ack{By: a.ackBy.String, Note: a.ackNote.String, At: fromNS(a.ackAt.Int64), ActedAt: fromNS(acted)}
	}
	return out
}

// revCounter hands out the global revision numbers inside one write
// transaction and stores the last one at the end.
type revCounter struct {
	start, cur int64
}

func readRev(ctx context.Context, tx *sql.Tx) (*revCounter, error) {
	v, err := metaInt(ctx, tx, metaRev)
	if err != nil {
		return nil, err
	}
	return &revCounter{start: v, cur: v}, nil
}

func (r *revCounter) next() int64 { r.cur++; return r.cur }

func (r *revCounter) save(ctx context.Context, tx *sql.Tx) error {
	if r.cur == r.start {
		return nil
	}
	return setMetaInt(ctx, tx, metaRev, r.cur)
}

// Reconcile brings the alerts of the evaluated cases in line with their
// findings, in one transaction: a finding with no active alert of its
// (case, key) opens a new alert; an active alert whose finding changed
// level, due time or message is updated (an acknowledged one opens again
// when its level rises above the level it was acknowledged at, keeping the
// acknowledgement); an active alert of an evaluated case with no finding any
// more is rectified at now. Each insert or change takes the next revision.
// Findings of cases not in evaluated are ignored. It returns how many
// alerts were inserted or changed. A case that gets a new alert must have
// been stored with UpsertCases (else an error).
func (s *Store) Reconcile(ctx context.Context, now time.Time, evaluated []string, findings map[string][]rules.Finding) (changed int, err error) {
	if len(evaluated) == 0 {
		return 0, nil
	}
	nowNS := toNS(now)
	err = s.writeTx(ctx, func(tx *sql.Tx) (bool, error) {
		revs, err := readRev(ctx, tx)
		if err != nil {
			return false, err
		}
		caseInfo, err := tx.PrepareContext(ctx, `SELECT no, unit_id, dept_id, lead_id FROM cases WHERE id = ?`) //nolint:sqlclosecheck // closed by the defer below
		if err != nil {
			return false, err
		}
		defer caseInfo.Close()
		insert, err := tx.PrepareContext(ctx, `INSERT INTO alerts(case_id, key, rule, category, level, status,
			unit_id, dept_id, person_id, case_no, due_at, detected_at, updated_at, basis, message, rev)
			VALUES(?,?,?,?,?,'open',?,?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return false, err
		}
		defer insert.Close()
		update, err := tx.PrepareContext(ctx, `UPDATE alerts SET level = ?, status = ?, due_at = ?, message = ?,
			basis = ?, person_id = ?, updated_at = ?, rev = ? WHERE seq = ?`)
		if err != nil {
			return false, err
		}
		defer update.Close()
		rectify, err := tx.PrepareContext(ctx, `UPDATE alerts SET status = 'rectified', rectified_at = ?,
			updated_at = ?, rev = ? WHERE seq = ?`)
		if err != nil {
			return false, err
		}
		defer rectify.Close()
		active, err := loadActive(ctx, tx, evaluated)
		if err != nil {
			return false, err
		}

		seen := map[string]bool{}
		for _, caseID := range evaluated {
			if seen[caseID] {
				continue
			}
			seen[caseID] = true
			cur := active[caseID]
			fs := findings[caseID]
			if len(cur) == 0 && len(fs) == 0 {
				continue
			}
			// The case's own columns, needed to open an alert.
			var caseNo, unitID, deptID, leadID string
			caseLoaded := false
			loadCaseInfo := func() error {
				if caseLoaded {
					return nil
				}
				caseLoaded = true
				err := caseInfo.QueryRowContext(ctx, caseID).Scan(&caseNo, &unitID, &deptID, &leadID)
				if err == sql.ErrNoRows {
					return fmt.Errorf("store: reconcile: case %s is not stored", caseID)
				}
				return err
			}
			done := map[string]bool{}
			for _, f := range fs {
				if done[f.Key] {
					continue // one alert per key: the first finding wins
				}
				done[f.Key] = true
				spec := domain.Rules[f.Rule]
				basis := f.Basis
				if basis == "" {
					basis = spec.Basis
				}
				c, ok := cur[f.Key]
				if ok && c.level == f.Level && c.due == toNS(f.DueAt) && c.msg == f.Message {
					continue
				}
				person := f.PersonID
				if person == "" {
					if err := loadCaseInfo(); err != nil {
						return false, err
					}
					person = leadID
				}
				if !ok {
					if err := loadCaseInfo(); err != nil {
						return false, err
					}
					category := f.Category
					if category == "" {
						category = spec.Category
					}
					detected := f.DetectedAt
					if detected.IsZero() {
						detected = now
					}
					unitID, deptID := unitID, deptID
					if f.UnitID != "" { // owned by another unit (the 上一级院)
						unitID, deptID = f.UnitID, f.DeptID
					}
					if _, err := insert.ExecContext(ctx, caseID, f.Key, f.Rule, category, f.Level, unitID, deptID,
						person, caseNo, toNS(f.DueAt), toNS(detected), nowNS, basis, f.Message, revs.next()); err != nil {
						return false, fmt.Errorf("store: reconcile: insert %s/%s: %w", caseID, f.Key, err)
					}
					changed++
					continue
				}
				status := c.status
				if status == api.StatusAcknowledged && api.LevelRank(f.Level) > api.LevelRank(c.ackLevel.String) {
					status = api.StatusOpen
				}
				if _, err := update.ExecContext(ctx, f.Level, status, toNS(f.DueAt), f.Message, basis, person,
					nowNS, revs.next(), c.seq); err != nil {
					return false, fmt.Errorf("store: reconcile: update %s: %w", alertID(c.seq), err)
				}
				changed++
			}
			// In key order, so revisions are reproducible.
			for _, key := range slices.Sorted(maps.Keys(cur)) {
				if done[key] {
					continue
				}
				c := cur[key]
				if _, err := rectify.ExecContext(ctx, nowNS, nowNS, revs.next(), c.seq); err != nil {
					return false, fmt.Errorf("store: reconcile: rectify %s: %w", alertID(c.seq), err)
				}
				changed++
			}
		}
		if err := revs.save(ctx, tx); err != nil {
			return false, err
		}
		return changed > 0, nil
	})
	if err != nil {
		return 0, err
	}
	return changed, nil
}

// activeAlert is what Reconcile compares of an active alert.
type activeAlert struct {
	seq                int64
	level, status, msg string
	due                int64
	ackLevel           sql.NullString
}

// bulkActive is the number of evaluated cases from which loadActive reads
// every active alert in one scan rather than case by case.
var bulkActive = 64

// loadActive returns the active alerts of the evaluated cases by case and
// key.
func loadActive(ctx context.Context, tx *sql.Tx, evaluated []string) (map[string]map[string]activeAlert, error) {
	out := map[string]map[string]activeAlert{}
	scan := func(rows *sql.Rows) error {
		defer rows.Close()
		for rows.Next() {
			var a activeAlert
			var caseID, key string
			if err := rows.Scan(&caseID, &key, &a.seq, &a.level, &a.status, &a.due, &a.msg, &a.ackLevel); err != nil {
				return err
			}
			m := out[caseID]
			if m == nil {
				m = map[string]activeAlert{}
				out[caseID] = m
			}
			m[key] = a
		}
		return rows.Err()
	}
	const cols = `SELECT case_id, key, seq, level, status, due_at, message, ack_level FROM alerts`
	if len(evaluated) >= bulkActive {
		rows, err := tx.QueryContext(ctx, cols+` WHERE status <> 'rectified'`) //nolint:rowserrcheck // scan checks rows.Err
		if err != nil {
			return nil, err
		}
		return out, scan(rows)
	}
	stmt, err := tx.PrepareContext(ctx, cols+` WHERE case_id = ? AND status <> 'rectified'`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	for _, id := range evaluated {
		rows, err := stmt.QueryContext(ctx, id) //nolint:rowserrcheck // scan checks rows.Err
		if err != nil {
			return nil, err
		}
		if err := scan(rows); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PruneRectified deletes the alerts rectified before before, with the
// idempotency keys recorded before it, and raises the delta horizon to the
// highest revision deleted: since-cursors below it answer 410 (one at
// it saw the last pruned change).
func (s *Store) PruneRectified(ctx context.Context, before time.Time) error {
	return s.writeTx(ctx, func(tx *sql.Tx) (bool, error) {
		var maxRev sql.NullInt64
		var n int64
		if err := tx.QueryRowContext(ctx, `SELECT max(rev), count(*) FROM alerts
			WHERE status = 'rectified' AND rectified_at < ?`, toNS(before)).Scan(&maxRev, &n); err != nil {
			return false, fmt.Errorf("store: prune: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM ack_keys WHERE created_at < ?`, toNS(before)); err != nil {
			return false, fmt.Errorf("store: prune keys: %w", err)
		}
		if n == 0 {
			return false, nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM alerts WHERE status = 'rectified' AND rectified_at < ?`, toNS(before)); err != nil {
			return false, fmt.Errorf("store: prune: %w", err)
		}
		horizon, err := metaInt(ctx, tx, metaHorizon)
		if err != nil {
			return false, err
		}
		if maxRev.Int64 > horizon {
			if err := setMetaInt(ctx, tx, metaHorizon, maxRev.Int64); err != nil {
				return false, err
			}
		}
		return true, nil
	})
}

// unitFilter returns the SQL condition and arguments selecting the rows of
// a unit's subtree ("" when no unit is given).
func (o *org) unitFilter(column, unit string) (string, []any) {
	if unit == "" {
		return "", nil
	}
	ids := o.subtree(unit)
	return " AND " + column + " IN (" + placeholders(len(ids)) + ")", anyStrings(ids)
}

// statusFilter returns the SQL condition and argument of an alert status
// filter: "" or "active" is open or acknowledged, "all" is any.
func statusFilter(status string) (string, []any) {
	switch status {
	case "", "active":
		return " AND status IN ('open','acknowledged')", nil
	case api.StatusAll:
		return "", nil
	}
	return " AND status = ?", []any{status}
}
