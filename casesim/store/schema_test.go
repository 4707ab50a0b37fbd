package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/sim"
)

// TestMigrateOldFile builds a version-1 file by hand, with an acknowledged
// alert in the old layout, and opens it: the store migrates it to the
// current version and the old data works, acknowledgement level included.
func TestMigrateOldFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if err := migrateTo(ctx, db, 1); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2023, 6, 15, 10, 0, 0, 0, sim.Zone)
	for _, q := range []string{
		`INSERT INTO units VALUES('U11', 0, '黛阳', 'Daiyang', '黛阳', 'basic', '', 1)`,
		`INSERT INTO alerts(seq, case_id, key, rule, category, level, status, unit_id, dept_id, person_id,
			case_no, due_at, detected_at, updated_at, basis, message, ack_by, ack_note, ack_at, rev)
			VALUES(7, 'C1', 'R2', 'R2', 'deadline', 'notice', 'acknowledged', 'U11', 'U11-D1', 'P1',
			'No.1', 1686794400000000000, 1686794400000000000, 1686794400000000000, 'basis', 'msg',
			'张明', '', 1686794400000000000, 3)`,
		`UPDATE meta SET value = '3' WHERE key = 'rev'`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var epoch string
	if err := db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'epoch'`).Scan(&epoch); err != nil {
		t.Fatal(err)
	}
	if v, _ := schemaVersion(ctx, db); v != 1 {
		t.Fatalf("built version %d, want 1", v)
	}
	db.Close()

	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if v, _ := schemaVersion(ctx, st.r); v != SchemaVersion() {
		t.Errorf("after Open: version %d, want %d", v, SchemaVersion())
	}
	if st.Epoch() != epoch || epoch == "" {
		t.Errorf("epoch %q changed to %q", epoch, st.Epoch())
	}
	if _, ok := st.Unit("U11"); !ok {
		t.Error("old unit lost")
	}
	a, err := st.Alert(ctx, "A00000007", now)
	if err != nil || a.Status != api.StatusAcknowledged || a.Ack == nil || a.Ack.By != "张明" {
		t.Fatalf("old alert: %+v, %v", a, err)
	}
	// v2 filled ack_level from the level: a rise reopens the alert.
	var lvl string
	if err := st.r.QueryRowContext(ctx, `SELECT ack_level FROM alerts WHERE seq = 7`).Scan(&lvl); err != nil {
		t.Fatal(err)
	}
	if lvl != api.LevelNotice {
		t.Errorf("ack_level = %q, want notice", lvl)
	}
	// v2's idempotency table and v3's indicator table work.
	if _, err := st.Ack(ctx, "A00000007", api.AckRequest{By: "李华"}, "k", now); err != nil {
		t.Errorf("ack on migrated file: %v", err)
	}
	if err := st.SaveIndicatorValues(ctx, []IndicatorValue{{UnitID: "U11", IndicatorID: "I01", Period: "2023-06", Numerator: 13, Denominator: 10, Value: 1.3}}); err != nil {
		t.Errorf("indicators on migrated file: %v", err)
	}
	// A newer file than the program is refused.
	if _, err := st.w.ExecContext(ctx, `UPDATE meta SET value = '99' WHERE key = 'schema_version'`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := Open(path); err == nil {
		t.Error("Open of a newer schema: no error")
	}
}

func TestCursorCodec(t *testing.T) {
	c := cursor{kind: cursorDeltaPage, epoch: 0xdeadbeefcafe, rev: 42, after: -7, afterS: "C1/x", filter: 99}
	got, err := decodeCursor(c.encode())
	if err != nil || got != c {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	for _, bad := range []string{"", "!!!", "AAAA", c.encode() + "A", c.encode()[:10], "AgAAAAAAAAAAAAAAAA"} {
		if _, err := decodeCursor(bad); err == nil {
			t.Errorf("decodeCursor(%q): no error", bad)
		}
	}
}
