// Package store is the SQLite store of the reference case system
// (modernc.org/sqlite, pure Go). It keeps the org tree, the cases with their
// events and decisions, the alerts with their revisions and
// acknowledgements, and the indicator values, and answers the queries the
// HTTP server needs, already shaped as api types.
//
// Writes come from one process (the engine and the server's ack handler)
// through a single writer connection with immediate transactions, so writers
// never fail with SQLITE_BUSY against each other; reads use a small pool of
// their own connections (a file database is in WAL mode, so readers do not
// block the writer). An in-memory database (":memory:") uses one connection
// for both.
//
// Every write transaction that changes what the API serves bumps the data
// version (DataVersion), which the server puts in its ETags.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/rules"
	"github.com/casewatch/casewatch/casesim/sim"
)

// Store is an open case-system database. It is safe for concurrent use.
type Store struct {
	w *sql.DB // the writer: one connection, immediate transactions
	r *sql.DB // readers; the same pool as w for an in-memory database

	path    string
	epoch   string
	epochN  uint64       // the epoch as cursors carry it
	version atomic.Int64 // data version, mirrors meta data_version
	// external is set when a write found the stored data version moved by
	// another process; Refresh reports and clears it.
	external atomic.Bool
	org      atomic.Pointer[org] // the org tree, loaded at Open and SaveOrg
	rules    atomic.Pointer[rules.Engine]
	powers   atomic.Pointer[domain.PowerList] // the responsibility list (SetPowers)
	planner  atomic.Pointer[NoticePlanner]
}

// SetRules sets the rule engine that computes a case's deadlines for
// GET /cases/{id} (default: rules.New(nil), the embedded holiday calendar).
func (s *Store) SetRules(e *rules.Engine) { s.rules.Store(e) }

func (s *Store) engine() *rules.Engine {
	if e := s.rules.Load(); e != nil {
		return e
	}
	return rules.New(nil)
}

// Open opens (creating if needed) the database at path and migrates its
// schema to the current version. path ":memory:" gives a private in-memory
// database that lives as long as the Store.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: empty database path")
	}
	s := &Store{path: path}
	if path == ":memory:" {
		db, err := sql.Open("sqlite", ":memory:?_pragma=foreign_keys(1)&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		// Every new connection to :memory: is a new, empty database: keep
		// exactly one, forever.
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
		s.w, s.r = db, db
	} else {
		if strings.ContainsAny(path, "?#") {
			return nil, fmt.Errorf("store: database path %q must not contain ? or #", path)
		}
		const pragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
		w, err := sql.Open("sqlite", path+"?"+pragmas+"&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		s.w = w
		// Migrate through the writer before readers open, so WAL mode and
		// the schema exist when they do.
		if err := s.migrate(context.Background()); err != nil {
			w.Close()
			return nil, err
		}
		r, err := sql.Open("sqlite", path+"?"+pragmas+"&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		r.SetMaxOpenConns(4)
		r.SetMaxIdleConns(4)
		s.r = r
	}
	if s.r == s.w {
		if err := s.migrate(context.Background()); err != nil {
			s.Close()
			return nil, err
		}
	}
	if err := s.loadState(context.Background()); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	var err error
	if s.r != nil && s.r != s.w {
		err = s.r.Close()
	}
	if s.w != nil {
		err = errors.Join(err, s.w.Close())
	}
	return err
}

// Path returns the path the store was opened with.
func (s *Store) Path() string { return s.path }

// Epoch returns the database's epoch: a random id created with the database
// and kept for its life. Cursors carry it; a cursor of another epoch is gone.
func (s *Store) Epoch() string { return s.epoch }

// DataVersion returns a number that changes after every committed write that
// can change an answer of the API (org, cases, alerts, acks, indicators,
// pruning). It is cheap (an atomic load) and meant for ETags. Meta writes do
// not change it. It assumes this Store is the only writer of the database.
func (s *Store) DataVersion() int64 { return s.version.Load() }

// loadState reads the epoch, the data version and the org tree.
func (s *Store) loadState(ctx context.Context) error {
	epoch, ok, err := s.Meta(ctx, metaEpoch)
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("store: database has no epoch")
	}
	s.epoch, s.epochN = epoch, epochNumber(epoch)
	v, err := metaInt(ctx, s.r, metaDataVersion)
	if err != nil {
		return err
	}
	s.version.Store(v)
	return s.loadOrg(ctx)
}

// writeTx runs fn in a write transaction. When fn reports bump, the data
// version is raised in the same transaction and, after the commit, in memory.
func (s *Store) writeTx(ctx context.Context, fn func(tx *sql.Tx) (bump bool, err error)) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	bump, err := fn(tx)
	if err != nil {
		return err
	}
	var v int64
	if bump {
		if v, err = metaInt(ctx, tx, metaDataVersion); err != nil {
			return err
		}
		if v != s.version.Load() {
			// Another process wrote since this store last looked (a
			// casesim import against the live file): Refresh must say so
			// even though this write takes the version past it.
			s.external.Store(true)
		}
		v++
		if err := setMetaInt(ctx, tx, metaDataVersion, v); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	if bump {
		// After the commit, never before: an ETag must not name data a
		// reader cannot see yet.
		s.version.Store(v)
	}
	return nil
}

// readTx runs fn in a read-only transaction, so a multi-query answer sees
// one snapshot of the database.
func (s *Store) readTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: begin read: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// queryer is what *sql.DB and *sql.Tx have in common.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// eachRow runs query and calls row on each row it returns, stopping at the
// first error.
func eachRow(ctx context.Context, q queryer, row func(*sql.Rows) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Times are stored as Unix nanoseconds; they come back in the simulation's
// zone.
func toNS(t time.Time) int64 { return t.UnixNano() }

func fromNS(n int64) time.Time { return time.Unix(0, n).In(sim.Zone) }

func nullNS(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixNano(), Valid: true}
}

func fromNullNS(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromNS(n.Int64)
	return &t
}

// placeholders returns "?,?,…" with n marks.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?,", n-1) + "?"
}

// anyStrings converts ids to query arguments.
func anyStrings(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
