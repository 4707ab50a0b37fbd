package client

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/api/apitest"
)

// TestCasesimNotices takes a notice through its life against the reference
// system: issued from an alert (a retry with the same key issues nothing
// more), listed with ETags, answered, closed; a case lists it; control
// characters typed into the text never reach the server or come back.
func TestCasesimNotices(t *testing.T) {
	sys := openSim(t, 1)
	v := apitest.NewValidator(t)
	defer v.Check(t)
	c := simClient(t, sys.Handler(), v, simToken)
	ctx := context.Background()
	page, err := c.Alerts(ctx, AlertQuery{Level: api.LevelOverdue})
	if err != nil || len(page.Alerts) == 0 {
		t.Fatalf("alerts: %v", err)
	}
	a := page.Alerts[0]
	req := api.NoticeRequest{AlertID: a.ID, Kind: api.NoticeWritten, Text: "请回复\x1b]52;c;ZXZpbA==\x07超期原因", By: "值班员"}
	n, err := c.IssueNotice(ctx, "issue-1", req)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(n.Text, "\x1b\x07") || n.Number == "" || n.Status != api.NoticeIssued || n.CaseID != a.CaseID {
		t.Fatalf("issued %+v", n)
	}
	again, err := c.IssueNotice(ctx, "issue-1", req)
	if err != nil || again.ID != n.ID {
		t.Fatalf("retry: %v %+v", err, again)
	}
	list, err := c.AllNotices(ctx, NoticeQuery{Alert: a.ID})
	if err != nil || len(list) != 1 {
		t.Fatalf("notices of the alert: %v %d", err, len(list))
	}
	p1, err := c.Notices(ctx, NoticeQuery{Unit: a.UnitID, Status: "open"})
	if err != nil {
		t.Fatal(err)
	}
	if p2, err := c.Notices(ctx, NoticeQuery{Unit: a.UnitID, Status: "open"}); err != nil || p2 != p1 {
		t.Errorf("an unchanged listing is not answered from the cache (304): %v", err)
	}
	if _, err := c.CloseNotice(ctx, n.ID, "close-early", api.NoticeCloseRequest{By: "值班员"}); err == nil {
		t.Error("closing an unanswered notice succeeded")
	}
	if _, err := c.ReplyNotice(ctx, n.ID, "reply-1", api.NoticeReplyRequest{By: "承办检察官", Text: "已整改"}); err != nil {
		t.Fatal(err)
	}
	closed, err := c.CloseNotice(ctx, n.ID, "close-1", api.NoticeCloseRequest{By: "值班员", Note: "整改属实"})
	if err != nil || closed.Status != api.NoticeClosed || len(closed.History) != 3 {
		t.Fatalf("close: %v %+v", err, closed)
	}
	k, err := c.Case(ctx, a.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range k.Notices {
		found = found || (x.ID == n.ID && x.Status == api.NoticeClosed)
	}
	if !found {
		t.Errorf("case %s does not list %s closed: %+v", a.CaseID, n.ID, k.Notices)
	}
	full, err := c.Notice(ctx, n.ID)
	if err != nil || full.ClosedBy != "值班员" {
		t.Fatalf("notice: %v %+v", err, full)
	}
}

// A notice issued while the API is down waits in the outbox, survives a
// restart of the dashboard (a new poller on the same file), and reaches the
// reference system once, with the time the officer issued it; its 销号
// goes the same way.
func TestCasesimNoticeAcrossOutage(t *testing.T) {
	sys := openSim(t, 2)
	sw := &switchable{}
	sw.set(sys.Handler())
	c := simClient(t, sw, nil, simToken) // the outage is outside the contract
	page, err := c.Alerts(t.Context(), AlertQuery{Status: api.StatusOpen, Limit: 1})
	if err != nil || len(page.Alerts) != 1 {
		t.Fatalf("alerts: %v", err)
	}
	a := page.Alerts[0]
	down := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	sw.set(down)
	dir := t.TempDir()
	p := startPoller(t, fastOptions(c, dir))
	if _, err := p.IssueNotice(a.ID, "值班员", PendingNotice{Kind: api.NoticeWritten, Text: "离线时发出的通知书"}); err != nil {
		t.Fatal(err)
	}
	st := waitState(t, p, "attempted", func(st State) bool { return len(st.Pending) == 1 && st.Pending[0].Attempts >= 1 })
	queued := st.Pending[0].QueuedAt
	p.Close()
	// The dashboard restarts, still offline; then the API comes back.
	p = startPoller(t, fastOptions(c, dir))
	time.Sleep(50 * time.Millisecond)
	sw.set(sys.Handler())
	st = waitState(t, p, "issued", func(st State) bool { return len(st.Pending) == 0 && len(st.AckResults) == 1 })
	res := st.AckResults[0]
	if res.Err != nil || res.Notice == nil || res.Notice.Number == "" {
		t.Fatalf("result: %+v", res)
	}
	if acted := res.Notice.History[0].ActedAt; !acted.Equal(queued) {
		t.Errorf("acted_at %v, want the queue time %v", acted, queued)
	}
	waitState(t, p, "the notice in the polled listing", func(st State) bool {
		if !st.Notices.HasData {
			return false
		}
		for _, x := range st.Notices.Data.Notices {
			if x.ID == res.Notice.ID {
				return true
			}
		}
		return false
	})
	list, err := c.AllNotices(t.Context(), NoticeQuery{Alert: a.ID})
	if err != nil || len(list) != 1 {
		t.Fatalf("notices on the alert after the outage: %v %d, want exactly 1", err, len(list))
	}
	n := list[0]
	if _, err := c.ReplyNotice(t.Context(), n.ID, "r1", api.NoticeReplyRequest{By: "承办人", Text: "已整改"}); err != nil {
		t.Fatal(err)
	}
	sw.set(down)
	if _, err := p.CloseNotice(n.ID, "值班员", "整改属实", PendingNotice{}); err != nil {
		t.Fatal(err)
	}
	waitState(t, p, "close attempted", func(st State) bool { return len(st.Pending) == 1 && st.Pending[0].Attempts >= 1 })
	sw.set(sys.Handler())
	st = waitState(t, p, "closed", func(st State) bool { return len(st.Pending) == 0 && len(st.AckResults) == 2 })
	if r := st.AckResults[1]; r.Err != nil || r.Notice == nil || r.Notice.Status != api.NoticeClosed {
		t.Fatalf("close result %+v", r)
	}
}

// heldListing answers GET /notices as the wrapped handler did when the
// request arrived, but holds the answer back while hold is set: a listing
// that left before a change and arrives after it.
type heldListing struct {
	h       http.Handler
	hold    atomic.Bool
	held    chan struct{} // a held request is waiting
	release chan struct{}
}

func (l *heldListing) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet || r.URL.Path != "/api/v1/notices" || !l.hold.CompareAndSwap(true, false) {
		l.h.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	l.h.ServeHTTP(rec, r)
	l.held <- struct{}{}
	<-l.release
	maps.Copy(w.Header(), rec.Header())
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// TestNoticeShownWhenListingWasInFlight: a notice issued while the poller's
// notices listing is on its way, having left before the notice existed, is
// in the listing published right after that one (it was fetched again at
// once), not a whole NoticesInterval (15 s) later.
func TestNoticeShownWhenListingWasInFlight(t *testing.T) {
	sys := openSim(t, 3)
	l := &heldListing{h: sys.Handler(), held: make(chan struct{}), release: make(chan struct{})}
	c := simClient(t, l, nil, simToken)
	page, err := c.Alerts(t.Context(), AlertQuery{Status: api.StatusOpen, Limit: 1})
	if err != nil || len(page.Alerts) != 1 {
		t.Fatalf("alerts: %v", err)
	}
	p := startPoller(t, fastOptions(c, t.TempDir())) // notices every 15 s
	waitState(t, p, "notices listed", func(st State) bool { return st.Notices.HasData })
	l.hold.Store(true)
	p.Refresh()
	select {
	case <-l.held:
	case <-time.After(10 * time.Second):
		t.Fatal("no notices listing asked for after Refresh")
	}
	if _, err := p.IssueNotice(page.Alerts[0].ID, "值班员", PendingNotice{Kind: api.NoticeWritten, Text: "请说明超期原因"}); err != nil {
		t.Fatal(err)
	}
	st := waitState(t, p, "issued", func(st State) bool { return len(st.Pending) == 0 && len(st.AckResults) == 1 })
	id := st.AckResults[0].Notice.ID
	close(l.release)
	ch, cancel := p.Subscribe()
	defer cancel()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case st := <-ch:
			for _, n := range st.Notices.Data.Notices {
				if n.ID == id {
					return
				}
			}
		case <-deadline:
			t.Fatal("the notice is not in the polled listing 5 s after the held one was answered")
		}
	}
}
