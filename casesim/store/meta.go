package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// Meta returns the value stored under key, and whether there is one.
func (s *Store) Meta(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: meta %s: %w", key, err)
	}
	return v, true, nil
}

// SetMeta stores value under key (the engine keeps its clock, seed and
// generated-through day there). Meta writes do not change DataVersion. The
// store's own keys (schema_version, epoch, rev, horizon, data_version) are
// refused.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	switch key {
	case metaSchemaVersion, metaEpoch, metaRev, metaHorizon, metaDataVersion:
		return fmt.Errorf("store: meta key %q is the store's own", key)
	}
	return setMeta(ctx, s.w, key, value)
}

func setMeta(ctx context.Context, q queryer, key, value string) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES(?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
		return fmt.Errorf("store: set meta %s: %w", key, err)
	}
	return nil
}

func metaInt(ctx context.Context, q queryer, key string) (int64, error) {
	var s string
	err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&s)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: meta %s: %w", key, err)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("store: meta %s = %q: %w", key, s, err)
	}
	return n, nil
}

func setMetaInt(ctx context.Context, q queryer, key string, v int64) error {
	return setMeta(ctx, q, key, strconv.FormatInt(v, 10))
}
