package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
)

// Meta keys the store itself uses. Other keys are free for the engine.
const (
	metaSchemaVersion = "schema_version"
	metaEpoch         = "epoch"
	metaRev           = "rev"          // the global alert revision counter
	metaHorizon       = "horizon"      // highest rev pruned; since-cursors at or below it are gone
	metaDataVersion   = "data_version" // bumped by every write the API can see
)

// migration is one step of the schema; migrations[i] takes a database from
// version i to version i+1. Steps are append-only: never edit a released one.
type migration struct {
	name string
	up   func(ctx context.Context, tx *sql.Tx) error
}

// migrations is the ordered schema history; its length is the current
// schema version.
var migrations = []migration{
	{"core tables: meta, org, cases, events, decisions, alerts", migrateV1},
	{"idempotent acknowledgements: ack_keys, alerts.ack_level", migrateV2},
	{"indicator values", migrateV3},
	{"acknowledgement time of the person: alerts.ack_acted_at", migrateV4},
	{"matters: cases.matter_id links the cases of one matter (捕→诉→判)", migrateV5},
	{"decision kinds: decisions.kind, checked against a replaceable responsibility list", migrateV6},
	{"imported cases: cases.import_hash, what the export last said about the case", migrateV7},
	{"decisions of the old fixed list: kinds by action, 讯问/审查报告 dropped, the rest unclassified", migrateV8},
	{"reported indicator values: indicator_values.source", migrateV9},
	{"process-monitoring notices: notices, notice_events, notice_keys", migrateNotices},
}

// SchemaVersion returns the schema version this build migrates databases
// to (stored as schema_version in the meta table).
func SchemaVersion() int { return len(migrations) }

func execAll(ctx context.Context, tx *sql.Tx, stmts ...string) error {
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%w\n%s", err, q)
		}
	}
	return nil
}

func migrateV1(ctx context.Context, tx *sql.Tx) error {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	if err := execAll(ctx, tx,
		`CREATE TABLE units (
			id TEXT PRIMARY KEY, ord INTEGER NOT NULL, name TEXT NOT NULL, name_en TEXT NOT NULL,
			short TEXT NOT NULL, level TEXT NOT NULL, parent_id TEXT NOT NULL, scale REAL NOT NULL)`,
		`CREATE TABLE departments (
			id TEXT PRIMARY KEY, ord INTEGER NOT NULL, unit_id TEXT NOT NULL, suffix TEXT NOT NULL,
			name TEXT NOT NULL, line TEXT NOT NULL, abbrev TEXT NOT NULL)`,
		`CREATE TABLE people (
			id TEXT PRIMARY KEY, name TEXT NOT NULL, unit_id TEXT NOT NULL, dept_id TEXT NOT NULL,
			role TEXT NOT NULL, quota INTEGER NOT NULL, leader INTEGER NOT NULL)`,
		`CREATE INDEX people_name ON people(name)`,
		// Scalar columns of a case; the card, parties, documents, card
		// errors, review and defects are the JSON body.
		`CREATE TABLE cases (
			id TEXT PRIMARY KEY, no TEXT NOT NULL, title TEXT NOT NULL, type TEXT NOT NULL,
			line TEXT NOT NULL, unit_id TEXT NOT NULL, dept_id TEXT NOT NULL, lead_id TEXT NOT NULL,
			assist_id TEXT NOT NULL, source TEXT NOT NULL, accepted_at INTEGER NOT NULL,
			closed_at INTEGER, major INTEGER NOT NULL, fast_track INTEGER NOT NULL,
			heavy_term INTEGER NOT NULL, plea INTEGER NOT NULL, leader_case INTEGER NOT NULL,
			urgent INTEGER NOT NULL, imported INTEGER NOT NULL, body TEXT NOT NULL)`,
		`CREATE INDEX cases_accepted ON cases(accepted_at, id)`,
		`CREATE INDEX cases_unit_accepted ON cases(unit_id, accepted_at)`,
		`CREATE TABLE events (
			case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
			at INTEGER NOT NULL, type TEXT NOT NULL, actor TEXT NOT NULL, detail TEXT NOT NULL,
			PRIMARY KEY (case_id, seq)) WITHOUT ROWID`,
		`CREATE INDEX events_case_at ON events(case_id, at)`,
		// unit_id, dept_id and verdict are denormalised from the case and
		// the responsibility list for the coverage queries.
		`CREATE TABLE decisions (
			dseq INTEGER PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
			seq INTEGER NOT NULL, id TEXT NOT NULL, power_id TEXT NOT NULL, action TEXT NOT NULL,
			by TEXT NOT NULL, role TEXT NOT NULL, at INTEGER NOT NULL, unit_id TEXT NOT NULL,
			dept_id TEXT NOT NULL, verdict TEXT NOT NULL)`,
		`CREATE UNIQUE INDEX decisions_case ON decisions(case_id, seq)`,
		`CREATE INDEX decisions_unit_at ON decisions(unit_id, at)`,
		// An alert's id is "A" + its zero-padded seq. rev is unique: every
		// insert or change takes the next value of the global counter.
		`CREATE TABLE alerts (
			seq INTEGER PRIMARY KEY, case_id TEXT NOT NULL, key TEXT NOT NULL, rule TEXT NOT NULL,
			category TEXT NOT NULL, level TEXT NOT NULL, status TEXT NOT NULL, unit_id TEXT NOT NULL,
			dept_id TEXT NOT NULL, person_id TEXT NOT NULL, case_no TEXT NOT NULL,
			due_at INTEGER NOT NULL, detected_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
			rectified_at INTEGER, basis TEXT NOT NULL, message TEXT NOT NULL,
			ack_by TEXT, ack_note TEXT, ack_at INTEGER, rev INTEGER NOT NULL)`,
		`CREATE UNIQUE INDEX alerts_active_key ON alerts(case_id, key) WHERE status <> 'rectified'`,
		`CREATE UNIQUE INDEX alerts_rev ON alerts(rev)`,
		`CREATE INDEX alerts_case ON alerts(case_id)`,
	); err != nil {
		return err
	}
	for k, v := range map[string]string{
		metaEpoch: hex.EncodeToString(b[:]), metaRev: "0", metaHorizon: "0", metaDataVersion: "0",
	} {
		if err := setMeta(ctx, tx, k, v); err != nil {
			return err
		}
	}
	return nil
}

func migrateV2(ctx context.Context, tx *sql.Tx) error {
	return execAll(ctx, tx,
		// The level an acknowledged alert had when acknowledged: if the
		// level later rises above it, the alert opens again.
		`ALTER TABLE alerts ADD COLUMN ack_level TEXT`,
		`UPDATE alerts SET ack_level = level WHERE ack_at IS NOT NULL`,
		// Idempotency-Key of POST /alerts/{id}/ack → the first answer.
		`CREATE TABLE ack_keys (
			key TEXT PRIMARY KEY, alert_seq INTEGER NOT NULL, request TEXT NOT NULL,
			response TEXT NOT NULL, created_at INTEGER NOT NULL)`,
	)
}

func migrateV3(ctx context.Context, tx *sql.Tx) error {
	return execAll(ctx, tx,
		`CREATE TABLE indicator_values (
			unit_id TEXT NOT NULL, indicator_id TEXT NOT NULL, period TEXT NOT NULL,
			numerator REAL NOT NULL, denominator REAL NOT NULL, value REAL NOT NULL,
			PRIMARY KEY (unit_id, indicator_id, period)) WITHOUT ROWID`,
		`CREATE INDEX indicator_values_period ON indicator_values(period, indicator_id)`,
	)
}

func migrateV5(ctx context.Context, tx *sql.Tx) error {
	return execAll(ctx, tx,
		// A case stored before matters existed is a matter of its own.
		`ALTER TABLE cases ADD COLUMN matter_id TEXT NOT NULL DEFAULT ''`,
		`UPDATE cases SET matter_id = id`,
		`CREATE INDEX cases_matter ON cases(matter_id, accepted_at)`,
	)
}

// migrate brings the database to SchemaVersion, one transaction per step.
func (s *Store) migrate(ctx context.Context) error {
	return migrateTo(ctx, s.w, SchemaVersion())
}

// migrateTo brings db to version target (tests use it to build old files).
func migrateTo(ctx context.Context, db *sql.DB, target int) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("store: create meta: %w", err)
	}
	for {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
		v, err := schemaVersion(ctx, tx)
		if err != nil {
			tx.Rollback()
			return err
		}
		if v > len(migrations) {
			tx.Rollback()
			return fmt.Errorf("store: database schema version %d is newer than this program's %d", v, len(migrations))
		}
		if v >= target {
			return tx.Rollback()
		}
		m := migrations[v]
		if err := m.up(ctx, tx); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %d (%s): %w", v+1, m.name, err)
		}
		if err := setMeta(ctx, tx, metaSchemaVersion, strconv.Itoa(v+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %d: commit: %w", v+1, err)
		}
	}
}

func schemaVersion(ctx context.Context, q queryer) (int, error) {
	var s string
	err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, metaSchemaVersion).Scan(&s)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("store: schema version %q: %w", s, err)
	}
	return v, nil
}

func migrateV4(ctx context.Context, tx *sql.Tx) error {
	return execAll(ctx, tx,
		// When the person acknowledged (the client's acted_at); ack_at
		// stays the time the server recorded it.
		`ALTER TABLE alerts ADD COLUMN ack_acted_at INTEGER`,
		`UPDATE alerts SET ack_acted_at = ack_at WHERE ack_at IS NOT NULL`,
	)
}

// migrateV6 adds the decision kind (domain.DecisionKinds); decisions stored
// before it get the kind of the power id they had under the old fixed list
// (讯问 and 审查报告 were no decisions and keep none). Store.SetPowers
// re-checks every decision against the list in force.
func migrateV6(ctx context.Context, tx *sql.Tx) error {
	return execAll(ctx, tx,
		`ALTER TABLE decisions ADD COLUMN kind TEXT NOT NULL DEFAULT ''`,
		`UPDATE decisions SET kind = CASE power_id
			WHEN 'P03' THEN 'arrest_approve' WHEN 'P04' THEN 'arrest_approve_major'
			WHEN 'P05' THEN 'arrest_refuse' WHEN 'P07' THEN 'supplementary_investigation'
			WHEN 'P08' THEN 'review_extend' WHEN 'P09' THEN 'prosecute'
			WHEN 'P10' THEN 'sentencing_recommendation' WHEN 'P11' THEN 'non_prosecution'
			WHEN 'P13' THEN 'withdraw_prosecution' WHEN 'P17' THEN 'protest'
			WHEN 'P18' THEN 'civil_retrial_recommendation' WHEN 'P19' THEN 'pil_file'
			WHEN 'P20' THEN 'pil_recommend' WHEN 'P21' THEN 'pil_sue' WHEN 'P22' THEN 'flow_notice'
			ELSE '' END`,
		`CREATE INDEX decisions_verdict ON decisions(verdict, unit_id, at)`,
	)
}

func migrateV7(ctx context.Context, tx *sql.Tx) error {
	return execAll(ctx, tx,
		// The hash of what a department's export said about an imported
		// case: a re-import with the same hash leaves the case alone.
		`ALTER TABLE cases ADD COLUMN import_hash TEXT NOT NULL DEFAULT ''`,
	)
}

// migrateV8 finishes what migrateV6 began for decisions stored under the
// old fixed list: those it left without a kind get theirs from the action
// the old simulation wrote, 讯问 and 制作审查报告 (no decisions) go, and
// any other becomes "unclassified" (a 清单未列事项 under that code), so no
// decision is left without a kind.
func migrateV8(ctx context.Context, tx *sql.Tx) error {
	return execAll(ctx, tx,
		`DELETE FROM decisions WHERE kind = '' AND power_id IN ('P01', 'P02')`,
		`UPDATE decisions SET kind = CASE action
			WHEN '提出释放或变更强制措施建议' THEN 'custody_review_recommend'
			WHEN '决定不予提出建议' THEN 'custody_review_close'
			WHEN '不支持监督申请' THEN 'civil_supervision_refuse'
			WHEN '审查结论答复' THEN 'complaint_conclusion'
			WHEN '变更强制措施为取保候审' THEN 'measure_change'
			ELSE 'unclassified' END WHERE kind = ''`,
		`UPDATE decisions SET kind = 'arrest_reconsider' WHERE kind = 'arrest_refuse' AND action = '复议维持不批准逮捕'`,
	)
}

func migrateV9(ctx context.Context, tx *sql.Tx) error {
	return execAll(ctx, tx,
		// 'reported' for an official value a department reported (imported);
		// empty: the indicator's own source (computed or simulated).
		`ALTER TABLE indicator_values ADD COLUMN source TEXT NOT NULL DEFAULT ''`,
	)
}
