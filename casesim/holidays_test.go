package casesim

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/casesim/sim"
)

// TestUncoveredYearIsLoggedOnce: a simulation whose deadlines run into
// 2027 and 2028, which the embedded calendar does not cover, logs one
// warning per year, naming it and the calendar, however many deadlines
// touch it.
func TestUncoveredYearIsLoggedOnce(t *testing.T) {
	var buf bytes.Buffer
	s, err := Open(context.Background(), Options{DBPath: ":memory:", Seed: 1, WarmupDays: 20,
		Start: time.Date(2026, 12, 28, 9, 0, 0, 0, sim.Zone), Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.AdvanceTo(context.Background(), time.Date(2027, 1, 4, 9, 0, 0, 0, sim.Zone)); err != nil {
		t.Fatal(err)
	}
	log := buf.String()
	// Long periods (a 12-month 取保候审) reach 2028 too: one line per year.
	for _, y := range []string{"year=2027", "year=2028"} {
		if n := strings.Count(log, y); n != 1 {
			t.Errorf("%d warnings for %s, want 1:\n%s", n, y, log)
		}
	}
	if n := strings.Count(log, "holiday calendar does not cover"); n != 2 || !strings.Contains(log, "holidays_cn.txt") {
		t.Errorf("%d warnings, want 2 naming the calendar:\n%s", n, log)
	}
}
