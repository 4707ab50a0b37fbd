package store

import (
	"context"
	"path/filepath"
	"testing"
)

// TestRefreshSeesAnotherProcessesImport: an import by another process is
// noticed by Refresh, even when this store wrote after it and so took the
// data version past it before Refresh looked.
func TestRefreshSeesAnotherProcessesImport(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "live.db")
	live, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if changed, err := live.Refresh(ctx); err != nil || changed {
		t.Fatalf("nothing happened, yet Refresh says %v, %v", changed, err)
	}
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Import(ctx, ImportBatch{Units: []OrgUnit{{ID: "UA", Name: "甲院", Level: "basic"}}}); err != nil {
		t.Fatal(err)
	}
	other.Close()
	// The live store writes before it refreshes.
	if _, err := live.Import(ctx, ImportBatch{Units: []OrgUnit{{ID: "UB", Name: "乙院", Level: "basic"}}}); err != nil {
		t.Fatal(err)
	}
	changed, err := live.Refresh(ctx)
	if err != nil || !changed {
		t.Fatalf("Refresh missed the other process's import: %v, %v", changed, err)
	}
	if _, ok := live.Unit("UA"); !ok {
		t.Error("the other process's unit is not in the reloaded org")
	}
	if changed, _ := live.Refresh(ctx); changed {
		t.Error("Refresh reports a change twice")
	}
}
