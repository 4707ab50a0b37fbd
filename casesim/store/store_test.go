package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/rules"
	"github.com/casewatch/casewatch/casesim/store"
	"github.com/casewatch/casewatch/casesim/store/storetest"
)

var ctx = context.Background()

func listAll(t *testing.T, st *store.Store, q store.AlertQuery) api.AlertPage {
	t.Helper()
	p, err := st.ListAlerts(ctx, q, storetest.Now)
	if err != nil {
		t.Fatalf("ListAlerts(%+v): %v", q, err)
	}
	return p
}

func byCase(p api.AlertPage) map[string]api.Alert {
	m := map[string]api.Alert{}
	for _, a := range p.Alerts {
		m[a.CaseID+"/"+a.Rule] = a
	}
	return m
}

func TestPersistenceAcrossRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "casesim.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := storetest.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	page := listAll(t, st, store.AlertQuery{})
	if len(page.Alerts) != 3 {
		t.Fatalf("got %d alerts, want 3", len(page.Alerts))
	}
	id := page.Alerts[0].ID
	acked, err := st.Ack(ctx, id, api.AckRequest{By: "张明", Note: "已处理"}, "key-1", storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetMeta(ctx, "sim_time", "x"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetMeta(ctx, "rev", "0"); err == nil {
		t.Error("SetMeta of the store's own key: no error")
	}
	epoch, version := st.Epoch(), st.DataVersion()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if st.Epoch() != epoch || st.DataVersion() != version {
		t.Errorf("epoch/version %s/%d after reopen, want %s/%d", st.Epoch(), st.DataVersion(), epoch, version)
	}
	if v, ok, err := st.Meta(ctx, "sim_time"); err != nil || !ok || v != "x" {
		t.Errorf("meta sim_time = %q %v %v", v, ok, err)
	}
	got, err := st.Alert(ctx, id, storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != api.StatusAcknowledged || got.Ack == nil || got.Ack.By != "张明" || got.Ack.Note != "已处理" {
		t.Errorf("after reopen: %+v (ack %+v)", got, got.Ack)
	}
	// The idempotency key survived: the repeat returns the first answer.
	again, err := st.Ack(ctx, id, api.AckRequest{By: "张明", Note: "已处理"}, "key-1", storetest.Now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !again.UpdatedAt.Equal(acked.UpdatedAt) || !again.Ack.At.Equal(acked.Ack.At) {
		t.Errorf("repeat after reopen acknowledged again: %v vs %v", again.Ack.At, acked.Ack.At)
	}
	cases, err := st.LoadCases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := storetest.Cases()
	if len(cases) != len(want) {
		t.Fatalf("LoadCases: %d cases, want %d", len(cases), len(want))
	}
	byID := map[string]int{}
	for i, c := range cases {
		byID[c.ID] = i
	}
	for _, w := range want {
		if g := cases[byID[w.ID]]; !reflect.DeepEqual(g, w) {
			t.Errorf("case %s after reopen:\n got %+v\nwant %+v", w.ID, g, w)
		}
	}
	set, err := st.Indicators(ctx, "U11", "", storetest.Now)
	if err != nil || len(set.Indicators) != 3 {
		t.Errorf("indicators after reopen: %d, %v", len(set.Indicators), err)
	}
	if u, ok := st.Unit("U11"); !ok || len(u.Departments) != 6 {
		t.Errorf("org after reopen: %+v", u)
	}
}

func TestReconcile(t *testing.T) {
	t.Run("case by case", testReconcile)
	t.Run("one scan", func(t *testing.T) {
		defer store.SetBulkActive(1)()
		testReconcile(t)
	})
}

func testReconcile(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	before := byCase(listAll(t, st, store.AlertQuery{}))
	r3 := before["C1/R3"]
	if r3.Level != api.LevelNotice || r3.Status != api.StatusOpen || r3.ID == "" {
		t.Fatalf("C1/R3 = %+v", r3)
	}
	if r3.UnitName != "北原市黛阳区人民检察院" || r3.DeptName != "第一检察部" || r3.PersonName != "张明" ||
		r3.RuleName != "退回补充侦查" || r3.Basis == "" || r3.CaseNo != "黛阳检刑诉受〔2023〕1号" {
		t.Errorf("joined names: %+v", r3)
	}
	if r3.DaysRemaining != 2 {
		t.Errorf("days_remaining = %d, want 2", r3.DaysRemaining)
	}
	// Same findings again: nothing changes.
	v := st.DataVersion()
	if n, err := st.Reconcile(ctx, storetest.Now, storetest.Evaluated, storetest.Findings()); err != nil || n != 0 {
		t.Fatalf("second reconcile: %d, %v", n, err)
	}
	if st.DataVersion() != v {
		t.Errorf("a no-op reconcile bumped the data version")
	}
	// Acknowledge R3, then raise its level to warning: open again, ack kept.
	if _, err := st.Ack(ctx, r3.ID, api.AckRequest{By: "张明"}, "", storetest.Now); err != nil {
		t.Fatal(err)
	}
	f := storetest.Findings()
	f["C1"][0].Message = "changed text, same level"
	later := storetest.Now.Add(time.Hour)
	if n, err := st.Reconcile(ctx, later, storetest.Evaluated, f); err != nil || n != 1 {
		t.Fatalf("reconcile (message): %d, %v", n, err)
	}
	a, _ := st.Alert(ctx, r3.ID, later)
	if a.Status != api.StatusAcknowledged || a.Message != "changed text, same level" || !a.UpdatedAt.Equal(later) {
		t.Errorf("after message change: %+v", a)
	}
	f["C1"][0].Level = api.LevelWarning
	if n, err := st.Reconcile(ctx, later, storetest.Evaluated, f); err != nil || n != 1 {
		t.Fatalf("reconcile (level): %d, %v", n, err)
	}
	a, _ = st.Alert(ctx, r3.ID, later)
	if a.Status != api.StatusOpen || a.Level != api.LevelWarning || a.Ack == nil {
		t.Errorf("after level rise: status %s level %s ack %v", a.Status, a.Level, a.Ack)
	}
	// R3 disappears: rectified; C2 not evaluated: untouched.
	f["C1"] = f["C1"][1:]
	if n, err := st.Reconcile(ctx, later, []string{"C1"}, f); err != nil || n != 1 {
		t.Fatalf("reconcile (gone): %d, %v", n, err)
	}
	a, _ = st.Alert(ctx, r3.ID, later)
	if a.Status != api.StatusRectified || a.RectifiedAt == nil || !a.RectifiedAt.Equal(later) {
		t.Errorf("after finding gone: %+v", a)
	}
	if _, err := st.Ack(ctx, r3.ID, api.AckRequest{By: "x"}, "", later); !isConflict(err) {
		t.Errorf("ack of rectified: %v, want ConflictError", err)
	}
	// It comes back: a new alert.
	f = storetest.Findings()
	if n, err := st.Reconcile(ctx, later, []string{"C1"}, f); err != nil || n != 1 {
		t.Fatalf("reconcile (back): %d, %v", n, err)
	}
	now := byCase(listAll(t, st, store.AlertQuery{}))
	if now["C1/R3"].ID == r3.ID || now["C1/R3"].Status != api.StatusOpen {
		t.Errorf("returning finding: %+v (old id %s)", now["C1/R3"], r3.ID)
	}
	// A finding on a case that was never stored is an error.
	if _, err := st.Reconcile(ctx, later, []string{"nope"}, map[string][]rules.Finding{"nope": f["C1"]}); err == nil {
		t.Error("reconcile of an unknown case: no error")
	}
}

func isConflict(err error) bool {
	var c *store.ConflictError
	return errors.As(err, &c)
}

func TestIdempotentAck(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	id := listAll(t, st, store.AlertQuery{}).Alerts[0].ID
	req := api.AckRequest{By: "张明", Note: "n"}
	first, err := st.Ack(ctx, id, req, "k", storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	v := st.DataVersion()
	second, err := st.Ack(ctx, id, req, "k", storetest.Now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(jsonish(first), jsonish(second)) || st.DataVersion() != v {
		t.Errorf("repeat differs or wrote:\n%+v\n%+v", first, second)
	}
	var pe *store.ParamError
	if _, err := st.Ack(ctx, id, api.AckRequest{By: "other"}, "k", storetest.Now); !errors.As(err, &pe) || pe.Param != "Idempotency-Key" {
		t.Errorf("same key, other body: %v", err)
	}
	var nf *store.NotFoundError
	if _, err := st.Ack(ctx, "A99999999", req, "", storetest.Now); !errors.As(err, &nf) {
		t.Errorf("unknown alert: %v", err)
	}
}

func jsonish(a api.Alert) string {
	return a.ID + a.Status + a.UpdatedAt.Format(time.RFC3339Nano) + a.Ack.At.Format(time.RFC3339Nano)
}

func TestDeltaSyncAndPrune(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	// Page through with limit 1.
	var seen []string
	q := store.AlertQuery{Limit: 1}
	var sync string
	for {
		p := listAll(t, st, q)
		if sync == "" {
			sync = p.SyncCursor
		} else if p.SyncCursor != sync {
			t.Errorf("sync_cursor changed between pages")
		}
		for _, a := range p.Alerts {
			seen = append(seen, a.ID)
		}
		if p.NextCursor == "" {
			break
		}
		q.Cursor = p.NextCursor
	}
	if len(seen) != 3 {
		t.Fatalf("paged %v", seen)
	}
	// Nothing changed: an empty delta.
	d := listAll(t, st, store.AlertQuery{Since: sync})
	if !d.Delta || len(d.Alerts) != 0 {
		t.Fatalf("empty delta: %+v", d)
	}
	// C2's alert is rectified: the delta shows it though status=active.
	later := storetest.Now.Add(time.Hour)
	f := storetest.Findings()
	delete(f, "C2")
	if _, err := st.Reconcile(ctx, later, storetest.Evaluated, f); err != nil {
		t.Fatal(err)
	}
	d = listAll(t, st, store.AlertQuery{Since: sync, Status: "active"})
	if len(d.Alerts) != 1 || d.Alerts[0].Status != api.StatusRectified || d.Alerts[0].CaseID != "C2" {
		t.Fatalf("delta after rectify: %+v", d.Alerts)
	}
	// The unit filter applies to deltas.
	if d2 := listAll(t, st, store.AlertQuery{Since: sync, Unit: "U10"}); len(d2.Alerts) != 1 {
		t.Errorf("delta of U10 (C2 is U12 of U10): got %d", len(d2.Alerts))
	} else if d3 := listAll(t, st, store.AlertQuery{Since: sync, Unit: "U20"}); len(d3.Alerts) != 0 {
		t.Errorf("delta of U20: %d alerts", len(d3.Alerts))
	}
	sync2 := d.SyncCursor
	// Prune it: the old cursor is gone; the one that saw the rectification
	// (at the horizon) and a fresh listing's cursor work.
	if err := st.PruneRectified(ctx, later.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	var g *store.GoneError
	if _, err := st.ListAlerts(ctx, store.AlertQuery{Since: sync}, later); !errors.As(err, &g) || g.Param != "since" {
		t.Errorf("since after prune: %v, want GoneError", err)
	}
	if d := listAll(t, st, store.AlertQuery{Since: sync2}); len(d.Alerts) != 0 {
		t.Errorf("since at the horizon: %+v", d.Alerts)
	}
	fresh := listAll(t, st, store.AlertQuery{Status: "all"})
	if len(fresh.Alerts) != 2 {
		t.Errorf("after prune: %d alerts, want 2", len(fresh.Alerts))
	}
	if _, err := st.ListAlerts(ctx, store.AlertQuery{Since: fresh.SyncCursor}, later); err != nil {
		t.Errorf("fresh sync cursor: %v", err)
	}
	// Malformed and foreign cursors.
	var pe *store.ParamError
	if _, err := st.ListAlerts(ctx, store.AlertQuery{Since: "!!"}, later); !errors.As(err, &pe) || pe.Param != "since" {
		t.Errorf("malformed since: %v", err)
	}
	if _, err := st.ListAlerts(ctx, store.AlertQuery{Cursor: "AAAA"}, later); !errors.As(err, &pe) || pe.Param != "cursor" {
		t.Errorf("malformed cursor: %v", err)
	}
	other := storetest.Open(t, ":memory:")
	if _, err := other.ListAlerts(ctx, store.AlertQuery{Since: fresh.SyncCursor}, later); !errors.As(err, &g) {
		t.Errorf("cursor of another database: %v, want GoneError", err)
	}
	// A page cursor of other filters is refused.
	p := listAll(t, st, store.AlertQuery{Limit: 1, Status: "all"})
	if _, err := st.ListAlerts(ctx, store.AlertQuery{Limit: 1, Cursor: p.NextCursor}, later); !errors.As(err, &pe) {
		t.Errorf("cursor with other filters: %v", err)
	}
}

func TestAlertFilters(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	for _, c := range []struct {
		q    store.AlertQuery
		want int
	}{
		{store.AlertQuery{}, 3},
		{store.AlertQuery{Unit: "U11"}, 2},
		{store.AlertQuery{Unit: "U10"}, 3},
		{store.AlertQuery{Unit: "U20"}, 0},
		{store.AlertQuery{Category: api.CategoryCard}, 1},
		{store.AlertQuery{Level: api.LevelOverdue}, 1},
		{store.AlertQuery{Status: api.StatusRectified}, 0},
		{store.AlertQuery{Status: api.StatusAll}, 3},
	} {
		if got := len(listAll(t, st, c.q).Alerts); got != c.want {
			t.Errorf("%+v: %d alerts, want %d", c.q, got, c.want)
		}
	}
}

func TestFindingPersonDefaultsToLead(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	f := map[string][]rules.Finding{"C5": {{Key: "R10", Rule: "R10", Level: api.LevelNotice, DueAt: storetest.Day(20, 9)}}}
	if _, err := st.Reconcile(ctx, storetest.Now, []string{"C5"}, f); err != nil {
		t.Fatal(err)
	}
	a := byCase(listAll(t, st, store.AlertQuery{}))["C5/R10"]
	if a.PersonID != "U13-P09" || a.PersonName != "吴刚" || a.Category != api.CategoryDeadline || a.Basis == "" {
		t.Errorf("defaults: %+v", a)
	}
}

func TestDeltaPagesAreBoundedBySnapshot(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	sync := listAll(t, st, store.AlertQuery{}).SyncCursor
	later := storetest.Now.Add(time.Hour)
	f := storetest.Findings()
	f["C1"][0].Level = api.LevelWarning
	f["C1"][1].Level = api.LevelOverdue
	if n, err := st.Reconcile(ctx, later, storetest.Evaluated, f); err != nil || n != 2 {
		t.Fatalf("reconcile: %d %v", n, err)
	}
	p1 := listAll(t, st, store.AlertQuery{Since: sync, Limit: 1})
	if len(p1.Alerts) != 1 || p1.NextCursor == "" || !p1.Delta {
		t.Fatalf("delta page 1: %+v", p1)
	}
	// A change between the pages is not in this delta but in the next.
	f["C2"][0].Message = "changed meanwhile"
	if n, err := st.Reconcile(ctx, later, storetest.Evaluated, f); err != nil || n != 1 {
		t.Fatalf("reconcile: %d %v", n, err)
	}
	p2 := listAll(t, st, store.AlertQuery{Since: sync, Cursor: p1.NextCursor, Limit: 1})
	if len(p2.Alerts) != 1 || p2.NextCursor != "" || p2.SyncCursor != p1.SyncCursor || !p2.Delta {
		t.Fatalf("delta page 2: %+v", p2)
	}
	if p1.Alerts[0].CaseID != "C1" || p2.Alerts[0].CaseID != "C1" {
		t.Errorf("delta pages: %s, %s", p1.Alerts[0].CaseID, p2.Alerts[0].CaseID)
	}
	next := listAll(t, st, store.AlertQuery{Since: p2.SyncCursor})
	if len(next.Alerts) != 1 || next.Alerts[0].Message != "changed meanwhile" {
		t.Errorf("next delta: %+v", next.Alerts)
	}
}
