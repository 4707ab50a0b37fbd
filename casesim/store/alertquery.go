package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/casewatch/casewatch/api"
)

// AlertQuery is a GET /alerts request, its parameters already checked for
// form (the store checks the cursors and the unit).
type AlertQuery struct {
	Unit     string // a unit id (its whole subtree); "" for all
	Category string // "" for any
	Level    string // "" for any; not applied to a delta
	Status   string // "active" (or ""), "open", "acknowledged", "rectified", "all"; not applied to a delta
	Since    string // a sync_cursor: ask for a delta
	Cursor   string // a next_cursor of the previous page
	Limit    int    // page size, > 0
}

// ListAlerts answers GET /alerts at now: a page of a listing ordered by id,
// or, with Since (or a delta page cursor), a page of the alerts created or
// changed after that position, ordered by revision.
//
// The sync_cursor of every page of a listing is the revision read at its
// first page, before any row: a client that pages through a listing and then
// asks since=sync_cursor misses nothing. A delta holds the changes up to
// that revision only, so its pages end even while alerts keep changing.
func (s *Store) ListAlerts(ctx context.Context, q AlertQuery, now time.Time) (api.AlertPage, error) {
	page := api.AlertPage{Alerts: []api.Alert{}, AsOf: now}
	o := s.org.Load()
	if q.Unit != "" {
		if _, ok := o.unitByID[q.Unit]; !ok {
			return page, &NotFoundError{What: "unit", ID: q.Unit}
		}
	}
	if q.Limit <= 0 {
		q.Limit = 500
	}
	listFilter := filterHash("alerts", q.Unit, q.Category, q.Level, q.Status)
	deltaFilter := filterHash("delta", q.Unit, q.Category)

	// Decode what can be decoded before touching the database.
	var pageCur, since *cursor
	if q.Cursor != "" {
		c, err := s.parseCursor("cursor", q.Cursor, cursorAlertPage, cursorDeltaPage)
		if err != nil {
			return page, err
		}
		want := listFilter
		if c.kind == cursorDeltaPage {
			want = deltaFilter
		}
		if c.filter != want {
			return page, &ParamError{Param: "cursor", Reason: "cursor of a listing with other filters"}
		}
		pageCur = &c
	} else if q.Since != "" {
		c, err := s.parseCursor("since", q.Since, cursorSync)
		if err != nil {
			return page, err
		}
		since = &c
	}

	err := s.readTx(ctx, func(tx *sql.Tx) error {
		// The current revision first, then the rows: a change committed in
		// between shows in the rows and again in the next delta, never in
		// neither.
		current, err := metaInt(ctx, tx, metaRev)
		if err != nil {
			return err
		}
		horizon, err := metaInt(ctx, tx, metaHorizon)
		if err != nil {
			return err
		}
		delta := since != nil || (pageCur != nil && pageCur.kind == cursorDeltaPage)
		snap := current
		var after int64
		switch {
		case since != nil:
			// Below the horizon, a pruned alert's last change may be
			// unseen. At it, the pruned change was seen: a listing whose
			// newest change was pruned hands out exactly the horizon.
			if since.rev < horizon {
				return &GoneError{Param: "since", Reason: "older than the retention horizon; list again without since"}
			}
			if since.rev > current {
				return &GoneError{Param: "since", Reason: "not a position of this database; list again without since"}
			}
			after = since.rev
		case pageCur != nil:
			snap, after = pageCur.rev, pageCur.after
			if delta && horizon > after {
				return &GoneError{Param: "cursor", Reason: "older than the retention horizon; list again without since"}
			}
		}
		page.Delta = delta
		page.SyncCursor = cursor{kind: cursorSync, epoch: s.epochNum(), rev: snap}.encode()

		where, args := o.unitFilter("unit_id", q.Unit)
		if q.Category != "" {
			where += " AND category = ?"
			args = append(args, q.Category)
		}
		var query string
		if delta {
			// Bounded by the snapshot, so a delta ends even while alerts
			// keep changing; later changes come with since=sync_cursor.
			where = " AND rev <= ?" + where
			args = append([]any{snap}, args...)
			query = `SELECT ` + alertColumns + ` FROM alerts WHERE rev > ?` + where + ` ORDER BY rev LIMIT ?`
		} else {
			if q.Level != "" {
				where += " AND level = ?"
				args = append(args, q.Level)
			}
			cond, sargs := statusFilter(q.Status)
			where += cond
			args = append(args, sargs...)
			query = `SELECT ` + alertColumns + ` FROM alerts WHERE seq > ?` + where + ` ORDER BY seq LIMIT ?`
		}
		args = append(append([]any{after}, args...), q.Limit+1)
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var last alertRow
		for rows.Next() {
			a, err := scanAlert(rows)
			if err != nil {
				return err
			}
			if len(page.Alerts) == q.Limit {
				next := cursor{kind: cursorAlertPage, epoch: s.epochNum(), rev: snap, after: last.seq, filter: listFilter}
				if delta {
					next.kind, next.after, next.filter = cursorDeltaPage, last.rev, deltaFilter
				}
				page.NextCursor = next.encode()
				break
			}
			page.Alerts = append(page.Alerts, a.toAPI(o, now))
			last = a
		}
		return rows.Err()
	})
	if err != nil {
		return api.AlertPage{}, wrapQueryErr("list alerts", err)
	}
	return page, nil
}

// alertsOfCase returns every alert of a case, any status, by id.
func alertsOfCase(ctx context.Context, q queryer, o *org, caseID string, now time.Time) ([]api.Alert, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+alertColumns+` FROM alerts WHERE case_id = ? ORDER BY seq`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []api.Alert{}
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a.toAPI(o, now))
	}
	return out, rows.Err()
}

// Alert returns one alert as the API shows it at now.
func (s *Store) Alert(ctx context.Context, id string, now time.Time) (api.Alert, error) {
	seq, ok := parseAlertID(id)
	if !ok {
		return api.Alert{}, &NotFoundError{What: "alert", ID: id}
	}
	a, err := scanAlert(s.r.QueryRowContext(ctx, `SELECT `+alertColumns+` FROM alerts WHERE seq = ?`, seq))
	if err == sql.ErrNoRows {
		return api.Alert{}, &NotFoundError{What: "alert", ID: id}
	}
	if err != nil {
		return api.Alert{}, fmt.Errorf("store: alert %s: %w", id, err)
	}
	return a.toAPI(s.org.Load(), now), nil
}

// wrapQueryErr passes the store's own error types through and wraps others.
func wrapQueryErr(what string, err error) error {
	switch err.(type) {
	case *NotFoundError, *ParamError, *GoneError, *ConflictError:
		return err
	}
	return fmt.Errorf("store: %s: %w", what, err)
}
