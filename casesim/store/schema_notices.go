package store

import (
	"context"
	"database/sql"
)

// migrateNotices adds the process-monitoring notices (口头提示, 流程监控通知书):
// the simulation's own, written when their case is generated with their
// scheduled reply and closure, and those issued through the API. A row
// holds the notice's current round; notice_events its history (rows with
// a time after the simulation clock are scheduled, not yet happened). A
// written notice gets its number (number_year, number_seq) when it is
// issued, sequential per unit and year.
func migrateNotices(ctx context.Context, tx *sql.Tx) error {
	return execAll(ctx, tx,
		`CREATE TABLE notices (
			id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
			kind TEXT NOT NULL, origin TEXT NOT NULL, alert_id TEXT NOT NULL, rule TEXT NOT NULL,
			category TEXT NOT NULL, text TEXT NOT NULL, unit_id TEXT NOT NULL, dept_id TEXT NOT NULL,
			person_id TEXT NOT NULL, issued_by TEXT NOT NULL, issued_at INTEGER NOT NULL,
			round_at INTEGER NOT NULL, due_at INTEGER NOT NULL, replied_at INTEGER,
			reply_by TEXT NOT NULL, reply_text TEXT NOT NULL, closed_at INTEGER, closed_by TEXT NOT NULL,
			reopened INTEGER NOT NULL, number_year INTEGER, number_seq INTEGER)`,
		`CREATE INDEX notices_issued ON notices(issued_at, id)`,
		`CREATE INDEX notices_unit_issued ON notices(unit_id, issued_at)`,
		`CREATE INDEX notices_case ON notices(case_id)`,
		`CREATE UNIQUE INDEX notices_number ON notices(unit_id, number_year, number_seq) WHERE number_seq IS NOT NULL`,
		`CREATE TABLE notice_events (
			notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
			kind TEXT NOT NULL, at INTEGER NOT NULL, acted_at INTEGER NOT NULL, by TEXT NOT NULL,
			text TEXT NOT NULL, PRIMARY KEY (notice_id, seq)) WITHOUT ROWID`,
		// Idempotency-Key of the notice POSTs → the first answer.
		`CREATE TABLE notice_keys (
			key TEXT PRIMARY KEY, request TEXT NOT NULL, response TEXT NOT NULL, created_at INTEGER NOT NULL)`,
	)
}
