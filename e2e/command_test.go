package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
)

// TestDashboardCommandCase jumps with `:case` to a case no alert points
// at, found by the reference system's GET /cases?q=, typed and entered
// at once (the case opens when the search answers); then `:unit` moves
// the scope by a unit's name.
func TestDashboardCommandCase(t *testing.T) {
	e := dashOpen(t, i18n.ZH)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	held := map[string]bool{}
	for _, a := range e.poller.Current().Alerts.Data.Alerts {
		held[a.CaseID] = true
	}
	var target api.CaseSummary
	for cursor := ""; target.ID == ""; {
		page, err := e.cl.Cases(ctx, client.CaseQuery{Limit: 200, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Cases {
			if c.OpenAlerts == 0 && !held[c.ID] {
				target = c
				break
			}
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	if target.ID == "" {
		t.Fatal("the reference system has no case without alerts")
	}

	e.key(":", "case "+target.CaseNo, "enter")
	e.wait("the case screen of "+target.CaseNo, func(s dashScreen) bool {
		return s.has("案件 "+target.CaseNo, "案卡")
	})
	e.key("esc")
	e.wait("the dashboard again", func(s dashScreen) bool { return s.has("流程监控预警") && !s.has("案件 "+target.CaseNo) })

	units := e.poller.Current().Units.Data.Units
	var basic api.Unit
	for _, u := range units {
		if u.Level == api.UnitBasic {
			basic = u
			break
		}
	}
	e.key(":", "unit "+basic.Name, "enter")
	e.wait("the scope "+basic.Name, func(s dashScreen) bool { return s.has("范围：" + basic.Name) })
}
