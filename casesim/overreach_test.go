package casesim_test

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
)

// TestEveryOverreachRaisesAnAlert: each decision beyond authority (越权)
// has an R30 alert naming the case, the decision and the decider, and the
// responsibility-list panel counts the same decisions.
func TestEveryOverreachRaisesAnAlert(t *testing.T) {
	sys := open(t, ":memory:")
	defer sys.Close()
	srv := httptest.NewServer(sys.Handler())
	defer srv.Close()
	c := srv.Client()
	var over api.DecisionPage
	getJSON(t, c, srv.URL+"/api/v1/decisions?verdict=over&limit=200", &over)
	if len(over.Decisions) == 0 {
		t.Fatal("no decision beyond authority in the demo's warm-up")
	}
	var alerts api.AlertPage
	getJSON(t, c, srv.URL+"/api/v1/alerts?category=authority&status=all&limit=1000", &alerts)
	byCase := map[string][]api.Alert{}
	for _, a := range alerts.Alerts {
		if a.Rule != "R30" || a.Level != api.LevelRectify {
			t.Errorf("authority alert %s: rule %s level %s", a.ID, a.Rule, a.Level)
		}
		byCase[a.CaseNo] = append(byCase[a.CaseNo], a)
	}
	for _, d := range over.Decisions {
		found := false
		for _, a := range byCase[d.CaseNo] {
			if strings.Contains(a.Message, d.Action) && strings.Contains(a.Message, d.DeciderName) && strings.Contains(a.Message, d.PowerID) {
				found = true
			}
		}
		if !found {
			t.Errorf("decision %s (%s by %s, %s) has no R30 alert naming it: %+v", d.ID, d.Action, d.DeciderName, d.Reason, byCase[d.CaseNo])
		}
	}
	if len(alerts.Alerts) != len(over.Decisions) {
		t.Errorf("%d R30 alerts for %d decisions beyond authority", len(alerts.Alerts), len(over.Decisions))
	}
	t.Logf("%d decisions beyond authority, e.g. %s", len(over.Decisions), alerts.Alerts[0].Message)
}

// TestUnexercisedAgreesWithIndicators: the list's 撤回起诉 (P13) is
// exercised in exactly the months the indicator I13 counts withdrawals,
// and listed as not exercised in the others (the same decisions). Months
// wholly within the stored simulation (from 120 days before start).
func TestUnexercisedAgreesWithIndicators(t *testing.T) {
	sys := open(t, ":memory:")
	defer sys.Close()
	srv := httptest.NewServer(sys.Handler())
	defer srv.Close()
	c := srv.Client()
	seen := 0
	first := start.AddDate(0, 0, -120)
	first = time.Date(first.Year(), first.Month()+1, 1, 0, 0, 0, 0, first.Location())
	thisMonth := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, start.Location())
	for m := first; m.Before(thisMonth); m = m.AddDate(0, 1, 0) {
		period := m.Format("2006-01")
		var cov api.Coverage
		getJSON(t, c, srv.URL+"/api/v1/coverage?period="+period, &cov)
		used := 0
		for _, p := range cov.Powers {
			if p.ID == "P13" {
				used = p.Decisions
			}
		}
		listed := false
		for _, p := range cov.Unexercised {
			listed = listed || p.ID == "P13"
		}
		var is api.IndicatorSet
		getJSON(t, c, srv.URL+"/api/v1/indicators?period="+period, &is)
		withdrawn := -1.0
		for _, in := range is.Indicators {
			if in.ID == "I13" {
				withdrawn = in.Numerator
			}
		}
		if (used > 0) != (withdrawn > 0) || listed != (used == 0) {
			t.Errorf("%s: P13 decisions %d (listed as not exercised: %v), I13 withdrawn %v", period, used, listed, withdrawn)
		}
		if used > 0 {
			seen++
		}
	}
	t.Logf("months with withdrawals: %d", seen)
}
