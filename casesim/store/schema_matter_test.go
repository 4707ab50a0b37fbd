package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestMigrateCasesToMatters: a version-3 file with a case opens at the
// current version; the case becomes a matter of its own and loads.
func TestMigrateCasesToMatters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v3.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if err := migrateTo(ctx, db, 3); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO cases(id, no, title, type, line, unit_id, dept_id, lead_id,
		assist_id, source, accepted_at, closed_at, major, fast_track, heavy_term, plea, leader_case, urgent,
		imported, body) VALUES('C7', 'No.7', '旧案', 'arrest_review', 'criminal', 'U11', 'U11-D1', 'P1', 'P2',
		'移送', 1686794400000000000, NULL, 0, 0, 0, 0, 0, 0, 0, '{}')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var matter string
	if err := st.r.QueryRowContext(ctx, `SELECT matter_id FROM cases WHERE id = 'C7'`).Scan(&matter); err != nil || matter != "C7" {
		t.Fatalf("matter_id = %q, %v; want C7", matter, err)
	}
	c, err := st.LoadCase(ctx, "C7")
	if err != nil || c.Matter() != "C7" || c.MatterID != "" {
		t.Fatalf("migrated case: %+v, %v", c, err)
	}
}
