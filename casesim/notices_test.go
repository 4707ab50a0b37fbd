package casesim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/api/apitest"
)

// TestSimulationNoticesAreTheAPIs checks that the notices the simulation
// issues are the ones GET /notices serves, numbered per unit and year, and
// that R12's alerts follow exactly the written ones still awaiting a reply.
func TestSimulationNoticesAreTheAPIs(t *testing.T) {
	sys := open(t, ":memory:")
	defer sys.Close()
	v := apitest.NewValidator(t)
	defer v.Check(t)
	srv := httptest.NewServer(sys.Handler())
	defer srv.Close()
	c := &http.Client{Transport: v.Transport(http.DefaultTransport)}

	var all []api.Notice
	url := srv.URL + "/api/v1/notices?limit=1000"
	for {
		var page api.NoticePage
		getJSON(t, c, url, &page)
		all = append(all, page.Notices...)
		if page.NextCursor == "" {
			break
		}
		url = srv.URL + "/api/v1/notices?limit=1000&cursor=" + page.NextCursor
	}
	count := map[string]int{}
	numbers := map[string]bool{}
	awaiting := map[string]bool{} // "case/R12#id" of written notices with no reply
	for _, n := range all {
		count[n.Kind]++
		count[n.Status]++
		if n.Origin != api.OriginSimulation {
			t.Fatalf("%s: origin %s", n.ID, n.Origin)
		}
		if n.Kind == api.NoticeWritten {
			if n.Number == "" || numbers[n.Number] {
				t.Fatalf("%s: number %q missing or repeated", n.ID, n.Number)
			}
			numbers[n.Number] = true
		}
		if n.IssuedAt.After(start) {
			t.Fatalf("%s issued %v, after the clock %v", n.ID, n.IssuedAt, start)
		}
	}
	t.Logf("%d notices at %v: %v", len(all), start, count)
	if count[api.NoticeOral] == 0 || count[api.NoticeWritten] == 0 || count[api.NoticeClosed] == 0 ||
		count[api.NoticeReplied] == 0 || count[api.NoticeOverdue] == 0 {
		t.Errorf("the demo should show every kind and status: %v", count)
	}
	for _, n := range all {
		if n.Kind == api.NoticeWritten && (n.Status == api.NoticeIssued || n.Status == api.NoticeOverdue) {
			awaiting[n.ID] = true
		}
	}
	r12 := 0
	for _, a := range allAlerts(t, c, srv.URL) {
		if a.Rule != "R12" {
			continue
		}
		r12++
		var k api.Case
		getJSON(t, c, srv.URL+"/api/v1/cases/"+a.CaseID, &k)
		found := false
		for _, n := range k.Notices {
			found = found || (awaiting[n.ID] && strings.Contains(a.Message, "流程监控通知书"))
		}
		if !found {
			t.Errorf("R12 alert %s on %s has no written notice awaiting a reply", a.ID, a.CaseID)
		}
	}
	if r12 == 0 {
		t.Error("no R12 alert in the demo")
	}
}

// TestAPINoticeRaisesR12AndIsAnswered issues a written notice on an alert
// at a frozen clock: R12 raises its alert at once; the simulated prosecutor
// answers when the clock passes the planned reply, which settles the alert;
// the officer closes it.
func TestAPINoticeRaisesR12AndIsAnswered(t *testing.T) {
	sys := open(t, ":memory:")
	defer sys.Close()
	v := apitest.NewValidator(t)
	defer v.Check(t)
	srv := httptest.NewServer(sys.Handler())
	defer srv.Close()
	c := &http.Client{Transport: v.Transport(http.DefaultTransport)}
	post := func(path string, body any, want int) api.Notice {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(http.MethodPost, srv.URL+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != want {
			t.Fatalf("POST %s: %s", path, resp.Status)
		}
		var n api.Notice
		if err := json.NewDecoder(resp.Body).Decode(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	var target api.Alert
	for _, a := range allAlerts(t, c, srv.URL) {
		if a.Level == api.LevelOverdue {
			target = a
			break
		}
	}
	if target.ID == "" {
		t.Fatal("no overdue alert")
	}
	n := post("/api/v1/notices", api.NoticeRequest{AlertID: target.ID, Kind: api.NoticeWritten,
		Text: "请书面回复超期原因及整改措施", By: "值班员"}, http.StatusCreated)
	if n.Status != api.NoticeIssued || n.Number == "" {
		t.Fatalf("new notice %+v", n)
	}
	if !hasR12(t, c, srv.URL, n) {
		t.Fatalf("no R12 alert for %s right after issuing it", n.ID)
	}
	// The reply is planned within the period or late; three weeks on it
	// has come in all but the missing-reply case.
	ctx := context.Background()
	replied := false
	for d := 1; d <= 21 && !replied; d++ {
		if err := sys.AdvanceTo(ctx, start.AddDate(0, 0, d)); err != nil {
			t.Fatal(err)
		}
		var cur api.Notice
		getJSON(t, c, srv.URL+"/api/v1/notices/"+n.ID, &cur)
		replied = cur.Status == api.NoticeReplied
		if replied && hasR12(t, c, srv.URL, n) {
			t.Errorf("R12 still active after the reply to %s", n.ID)
		}
	}
	if !replied {
		t.Skipf("the simulation planned no reply to %s (one in twelve)", n.ID)
	}
	closed := post("/api/v1/notices/"+n.ID+"/close", api.NoticeCloseRequest{By: "值班员", Note: "整改属实"}, http.StatusOK)
	if closed.Status != api.NoticeClosed || len(closed.History) != 3 {
		t.Errorf("closed %+v", closed)
	}
}

func hasR12(t *testing.T, c *http.Client, base string, n api.Notice) bool {
	t.Helper()
	var k api.Case
	getJSON(t, c, base+"/api/v1/cases/"+n.CaseID, &k)
	for _, a := range k.Alerts {
		if a.Rule == "R12" && a.Status != api.StatusRectified && strings.Contains(a.Message, "流程监控通知书") {
			return true
		}
	}
	return false
}
