package casesim_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/casewatch/casewatch/api"
)

// TestDutiesFollowTheMatterAfterClose: over three simulated weeks with the
// fake clock, deadlines that start after a case is 办结 (investigation
// custody after the arrest decision, the protest period after 起诉, …)
// still open alerts on the closed case, and its view shows the matter.
func TestDutiesFollowTheMatterAfterClose(t *testing.T) {
	sys := open(t, ":memory:")
	defer sys.Close()
	ctx := context.Background()
	for d := 1; d <= 21; d++ {
		if err := sys.AdvanceTo(ctx, start.AddDate(0, 0, d)); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(sys.Handler())
	defer srv.Close()
	seen := map[string]int{}
	for _, a := range allAlerts(t, srv.Client(), srv.URL) {
		if !a.DetectedAt.After(start) || (a.Rule != "R7" && a.Rule != "R17") {
			continue
		}
		var c api.Case
		getJSON(t, srv.Client(), srv.URL+"/api/v1/cases/"+a.CaseID, &c)
		if c.ClosedAt == nil || !c.ClosedAt.Before(start) {
			continue
		}
		if c.Matter == nil || len(c.Matter.Cases) == 0 {
			t.Fatalf("case %s: no matter", c.ID)
		}
		seen[a.Rule]++
	}
	t.Logf("alerts raised after the start on cases closed before it: %v", seen)
	if seen["R7"] == 0 || seen["R17"] == 0 {
		t.Fatalf("no R7 or R17 alert raised on a case closed before the clock moved: %v", seen)
	}
}
