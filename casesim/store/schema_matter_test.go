package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
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

// TestMigrateOldDecisions: decisions stored under the old fixed list get
// their kinds (by power id, or by the old action), 讯问 and 审查报告 go,
// and the rest are unclassified; the coverage counts them by the list.
func TestMigrateOldDecisions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v5.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if err := migrateTo(ctx, db, 5); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO cases(id, no, title, type, line, unit_id, dept_id, lead_id,
		assist_id, source, accepted_at, closed_at, major, fast_track, heavy_term, plea, leader_case, urgent,
		imported, body, matter_id) VALUES('C7', 'No.7', '旧案', 'arrest_review', 'criminal', 'U11', 'U11-D1', 'P1', 'P2',
		'移送', 1686794400000000000, NULL, 0, 0, 0, 0, 0, 0, 0, '{}', 'C7')`); err != nil {
		t.Fatal(err)
	}
	for i, d := range [][2]string{{"P01", "讯问犯罪嫌疑人"}, {"P05", "不批准逮捕"}, {"P05", "复议维持不批准逮捕"},
		{"", "审查结论答复"}, {"", "请示汇报"}} {
		if _, err := db.ExecContext(ctx, `INSERT INTO decisions(case_id, seq, id, power_id, action, by, role, at,
			unit_id, dept_id, verdict) VALUES('C7', ?, ?, ?, ?, 'P1', 'chief', 1686794400000000000, 'U11', 'U11-D1', 'within')`,
			i, "D"+string(rune('1'+i)), d[0], d[1]); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.r.QueryContext(ctx, `SELECT kind FROM decisions ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var kinds []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, k)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{"arrest_refuse", "arrest_reconsider", "complaint_conclusion", "unclassified"}
	if strings.Join(kinds, " ") != strings.Join(want, " ") {
		t.Fatalf("kinds %v, want %v", kinds, want)
	}
}
