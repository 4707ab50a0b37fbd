package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/store/storetest"
)

// postJSON sends a validated POST with a JSON body and an optional
// Idempotency-Key.
func (e *env) postJSON(path string, body any, key string) response {
	e.t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		e.t.Fatal(err)
	}
	h := []string{"Content-Type", "application/json"}
	if key != "" {
		h = append(h, "Idempotency-Key", key)
	}
	return e.do(false, http.MethodPost, path, bytes.NewReader(b), h...)
}

func (e *env) firstAlertOf(caseID string) api.Alert {
	e.t.Helper()
	var page api.AlertPage
	e.get("/api/v1/alerts").decode(e.t, &page)
	for _, a := range page.Alerts {
		if a.CaseID == caseID {
			return a
		}
	}
	e.t.Fatalf("no alert on %s", caseID)
	return api.Alert{}
}

func issueWritten(t *testing.T, e *env, alertID, key string) api.Notice {
	t.Helper()
	r := e.postJSON("/api/v1/notices", api.NoticeRequest{AlertID: alertID, Kind: api.NoticeWritten,
		Text: "退回补充侦查期限将届满，请于期限内书面回复。", By: "案管 周八"}, key)
	wantStatus(t, r, http.StatusCreated)
	var n api.Notice
	r.decode(t, &n)
	return n
}

func TestNoticeLife(t *testing.T) {
	e := newEnv(t, storetest.Open(t, ":memory:"), "")
	a := e.firstAlertOf("C1")
	n := issueWritten(t, e, a.ID, "k-issue")
	if n.CaseID != "C1" || n.Rule != a.Rule || n.Category != a.Category || n.Status != api.NoticeIssued ||
		n.Origin != api.OriginAPI || n.PersonName != "张明" || n.IssuedBy != "案管 周八" {
		t.Fatalf("issued notice %+v", n)
	}
	if n.Number != "黛阳检流监〔2023〕第1号" {
		t.Errorf("number %q, want 黛阳检流监〔2023〕第1号", n.Number)
	}
	// Due by default 7 days on, at 24:00 of the day (R12, 本系统设定):
	// 22 June 2023 is 端午节, so the 25th (a working Sunday, 调休).
	if want := time.Date(2023, 6, 25, 23, 59, 59, 999999999, n.DueAt.Location()); !n.DueAt.Equal(want) {
		t.Errorf("due %v, want %v", n.DueAt, want)
	}
	if len(n.History) != 1 || n.History[0].Kind != api.NoticeEventIssued {
		t.Errorf("history %+v", n.History)
	}
	// The same key and body: the first answer, nothing doubled.
	again := issueWritten(t, e, a.ID, "k-issue")
	if again.ID != n.ID || again.Number != n.Number {
		t.Errorf("repeat gave %s %s, want %s %s", again.ID, again.Number, n.ID, n.Number)
	}
	// The same key, another body: refused, naming the key.
	r := e.postJSON("/api/v1/notices", api.NoticeRequest{CaseID: "C2", Kind: api.NoticeOral, Text: "x", By: "y"}, "k-issue")
	wantStatus(t, r, http.StatusBadRequest)
	if p := r.problem(t); p.Param != "Idempotency-Key" {
		t.Errorf("param %q", p.Param)
	}
	var page api.NoticePage
	e.get("/api/v1/notices?case=C1").decode(t, &page)
	if len(page.Notices) != 1 {
		t.Fatalf("%d notices on C1 after a repeated POST, want 1", len(page.Notices))
	}

	// Closing before a reply: nothing to verify.
	wantStatus(t, e.postJSON("/api/v1/notices/"+n.ID+"/close", api.NoticeCloseRequest{By: "周八"}, ""), http.StatusConflict)

	e.setClock(storetest.Now.Add(48 * time.Hour))
	r = e.postJSON("/api/v1/notices/"+n.ID+"/reply", api.NoticeReplyRequest{By: "张明", Text: "已整改"}, "k-reply")
	wantStatus(t, r, http.StatusOK)
	n = api.Notice{}
	r.decode(t, &n)
	if n.Status != api.NoticeReplied || n.Late || n.ReplyText != "已整改" || n.RepliedAt == nil {
		t.Fatalf("after reply %+v", n)
	}
	wantStatus(t, e.postJSON("/api/v1/notices/"+n.ID+"/reply", api.NoticeReplyRequest{By: "张明", Text: "再次"}, ""), http.StatusConflict)
	// Reopen: the rectification is found wanting; a new round.
	r = e.postJSON("/api/v1/notices/"+n.ID+"/close", api.NoticeCloseRequest{By: "周八", Note: "整改不到位", Reopen: true, DueDate: "2023-06-25"}, "")
	wantStatus(t, r, http.StatusOK)
	n = api.Notice{}
	r.decode(t, &n)
	if n.Status != api.NoticeIssued || n.Reopened != 1 || n.RepliedAt != nil || n.DueAt.Day() != 25 {
		t.Fatalf("after reopen %+v", n)
	}
	// Past the new date with no reply: overdue.
	e.setClock(time.Date(2023, 6, 26, 9, 0, 0, 0, n.DueAt.Location()))
	e.get("/api/v1/notices?status=overdue").decode(t, &page)
	if len(page.Notices) != 1 || page.Notices[0].ID != n.ID || page.Notices[0].DaysRemaining >= 0 {
		t.Fatalf("overdue listing %+v", page.Notices)
	}
	r = e.postJSON("/api/v1/notices/"+n.ID+"/reply", api.NoticeReplyRequest{By: "张明", Text: "已全部整改"}, "")
	wantStatus(t, r, http.StatusOK)
	n = api.Notice{}
	r.decode(t, &n)
	if !n.Late {
		t.Errorf("a reply after the date is late: %+v", n)
	}
	r = e.postJSON("/api/v1/notices/"+n.ID+"/close", api.NoticeCloseRequest{By: "周八", Note: "整改属实"}, "k-close")
	wantStatus(t, r, http.StatusOK)
	n = api.Notice{}
	r.decode(t, &n)
	if n.Status != api.NoticeClosed || n.ClosedBy != "周八" {
		t.Fatalf("after close %+v", n)
	}
	wantStatus(t, e.postJSON("/api/v1/notices/"+n.ID+"/close", api.NoticeCloseRequest{By: "周八"}, ""), http.StatusConflict)
	// A repeat of the close with its key answers as the first time.
	wantStatus(t, e.postJSON("/api/v1/notices/"+n.ID+"/close", api.NoticeCloseRequest{By: "周八", Note: "整改属实"}, "k-close"), http.StatusOK)

	var full api.Notice
	e.get("/api/v1/notices/"+n.ID).decode(t, &full)
	var kinds []string
	for _, h := range full.History {
		kinds = append(kinds, h.Kind)
	}
	if got := strings.Join(kinds, ","); got != "issued,replied,reopened,replied,closed" {
		t.Errorf("history %s", got)
	}
	var c api.Case
	e.get("/api/v1/cases/C1").decode(t, &c)
	if len(c.Notices) != 1 || c.Notices[0].Status != api.NoticeClosed || c.Notices[0].History != nil {
		t.Errorf("case notices %+v", c.Notices)
	}
}

func TestNoticeNumbersConcurrent(t *testing.T) {
	e := newEnv(t, storetest.Open(t, t.TempDir()+"/n.db"), "")
	const n = 16
	var wg sync.WaitGroup
	numbers := make([]string, n)
	for i := range n {
		wg.Go(func() {
			b, _ := json.Marshal(api.NoticeRequest{CaseID: "C1", Kind: api.NoticeWritten, Text: fmt.Sprintf("第%d份", i), By: "周八"})
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/notices", bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", fmt.Sprintf("k%d", i))
			resp, err := e.client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			var out api.Notice
			if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&out) != nil {
				t.Errorf("status %d", resp.StatusCode)
				return
			}
			numbers[i] = out.Number
		})
	}
	wg.Wait()
	sort.Strings(numbers)
	seen := map[string]bool{}
	for _, s := range numbers {
		if seen[s] {
			t.Errorf("number %s given twice", s)
		}
		seen[s] = true
	}
	for k := 1; k <= n; k++ {
		if want := fmt.Sprintf("黛阳检流监〔2023〕第%d号", k); !seen[want] {
			t.Errorf("missing %s in %v", want, numbers)
		}
	}
	// An oral reminder has no number.
	r := e.postJSON("/api/v1/notices", api.NoticeRequest{CaseID: "C2", Kind: api.NoticeOral, Text: "口头提示", By: "周八"}, "")
	wantStatus(t, r, http.StatusCreated)
	var oral api.Notice
	r.decode(t, &oral)
	if oral.Number != "" || oral.Kind != api.NoticeOral {
		t.Errorf("oral %+v", oral)
	}
}

func TestNoticeListing(t *testing.T) {
	e := newEnv(t, storetest.Open(t, ":memory:"), "")
	for i, c := range []string{"C1", "C1", "C2", "C5"} {
		e.setClock(storetest.Now.Add(time.Duration(i) * time.Minute))
		wantStatus(t, e.postJSON("/api/v1/notices", api.NoticeRequest{CaseID: c, Kind: api.NoticeWritten, Text: "请回复", By: "周八"}, ""), http.StatusCreated)
	}
	r := e.get("/api/v1/notices?unit=U10&limit=2")
	var page api.NoticePage
	r.decode(t, &page)
	if len(page.Notices) != 2 || page.NextCursor == "" || page.Notices[0].CaseID != "C5" {
		t.Fatalf("first page %+v", page)
	}
	tag := r.Header.Get("ETag")
	if nm := e.get("/api/v1/notices?unit=U10&limit=2", "If-None-Match", tag); nm.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", nm.StatusCode)
	}
	var next api.NoticePage
	e.get("/api/v1/notices?unit=U10&limit=2&cursor="+page.NextCursor).decode(t, &next)
	if len(next.Notices) != 2 || next.NextCursor != "" {
		t.Fatalf("second page %+v", next)
	}
	e.get("/api/v1/notices?unit=U12").decode(t, &page)
	if len(page.Notices) != 1 || page.Notices[0].CaseID != "C2" {
		t.Errorf("unit U12: %+v", page.Notices)
	}
	e.get("/api/v1/notices?period=2023-Q2&person=U11-P01").decode(t, &page)
	if len(page.Notices) != 2 {
		t.Errorf("Q2, 张明: %d", len(page.Notices))
	}
	e.get("/api/v1/notices?period=2023-05").decode(t, &page)
	if len(page.Notices) != 0 {
		t.Errorf("May: %d", len(page.Notices))
	}
	for _, c := range []struct {
		q      string
		status int
		param  string
	}{
		{"period=2023-13", 400, "period"},
		{"period=2023-Q5", 400, "period"},
		{"status=late", 400, "status"},
		{"unit=U99", 404, "unit"},
		{"person=nobody", 404, "person"},
		{"limit=0", 400, "limit"},
		{"cursor=zzz", 400, "cursor"},
	} {
		r := e.getInvalid("/api/v1/notices?" + c.q)
		wantStatus(t, r, c.status)
		if p := r.problem(t); p.Param != c.param {
			t.Errorf("%s: param %q, want %q", c.q, p.Param, c.param)
		}
	}
	wantStatus(t, e.get("/api/v1/notices/C9-N1"), http.StatusNotFound)
}

func TestNoticeBadRequests(t *testing.T) {
	e := newEnv(t, storetest.Open(t, ":memory:"), "")
	post := func(body string) response {
		r := e.do(true, http.MethodPost, "/api/v1/notices", strings.NewReader(body), "Content-Type", "application/json")
		_ = e.v.ValidateResponse(r.Request, r.Response, r.body)
		return r
	}
	for _, c := range []struct {
		body   string
		status int
		param  string
	}{
		{`{"kind":"written","text":"x","by":"y"}`, 400, "alert_id"},
		{`{"case_id":"C1","kind":"memo","text":"x","by":"y"}`, 400, "kind"},
		{`{"case_id":"C1","kind":"oral","text":"","by":"y"}`, 400, "text"},
		{`{"case_id":"C1","kind":"oral","text":"x","by":" "}`, 400, "by"},
		{`{"case_id":"C1","kind":"oral","text":"x","by":"y","category":"misc"}`, 400, "category"},
		{`{"case_id":"C1","kind":"oral","text":"x","by":"y","due_date":"2023-06-01"}`, 400, "due_date"},
		{`{"case_id":"C1","kind":"oral","text":"x","by":"y","due_date":"6/30"}`, 400, "due_date"},
		{`{"case_id":"C1","kind":"oral","text":"x","by":"y","acted_at":"yesterday"}`, 400, "acted_at"},
		{`{"case_id":"C1","kind":"oral","text":"x","by":"y","extra":1}`, 400, "body"},
		{`{"case_id":"C4","kind":"oral","text":"x","by":"y"}`, 404, ""},
		{`{"alert_id":"A999999","kind":"oral","text":"x","by":"y"}`, 404, ""},
	} {
		r := post(c.body)
		wantStatus(t, r, c.status)
		if p := r.problem(t); p.Param != c.param {
			t.Errorf("%s: param %q, want %q", c.body, p.Param, c.param)
		}
	}
	r := e.do(true, http.MethodPost, "/api/v1/notices", strings.NewReader(`{}`), "Content-Type", "text/plain")
	wantStatus(t, r, http.StatusUnsupportedMediaType)
	wantStatus(t, e.postJSON("/api/v1/notices/C1-N9/reply", api.NoticeReplyRequest{By: "a", Text: "b"}, ""), http.StatusNotFound)
}

func TestReviews(t *testing.T) {
	e := newEnv(t, storetest.Open(t, ":memory:"), "")
	var rs api.ReviewSummary
	r := e.get("/api/v1/reviews?period=2023-06")
	wantStatus(t, r, http.StatusOK)
	r.decode(t, &rs)
	// C3 closed on 1 June and reviewed on the 10th (合格, one issue); C1
	// and C2 close after Now.
	if rs.Closed != 1 || rs.Reviewed != 1 || rs.WithIssues != 1 || len(rs.Grades) != 1 || rs.Grades[0] != (api.GradeCount{Grade: "合格", Count: 1}) {
		t.Errorf("June: %+v", rs)
	}
	if nm := e.get("/api/v1/reviews?period=2023-06", "If-None-Match", r.Header.Get("ETag")); nm.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", nm.StatusCode)
	}
	rs = api.ReviewSummary{}
	e.get("/api/v1/reviews?period=2023-06&unit=U12").decode(t, &rs)
	if rs.Closed != 0 || rs.Reviewed != 0 {
		t.Errorf("U12 in June: %+v", rs)
	}
	for _, c := range []struct {
		q      string
		status int
		param  string
	}{{"", 400, "period"}, {"period=2023-Q7", 400, "period"}, {"period=2023&unit=U99", 404, "unit"}} {
		r := e.getInvalid("/api/v1/reviews?" + c.q)
		wantStatus(t, r, c.status)
		if p := r.problem(t); p.Param != c.param {
			t.Errorf("%s: param %q", c.q, p.Param)
		}
	}
}
