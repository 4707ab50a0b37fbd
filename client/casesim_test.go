package client

import (
	"cmp"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/api/apitest"
	"github.com/casewatch/casewatch/casesim"
)

// Tests against the reference case system, every exchange validated
// against api/openapi.yaml.

const simToken = "casesim-test-token"

func openSim(t *testing.T, seed uint64) *casesim.System {
	t.Helper()
	sys, err := casesim.Open(t.Context(), casesim.Options{DBPath: ":memory:", Seed: seed, WarmupDays: 30, Token: simToken})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close() })
	return sys
}

// switchable serves whichever handler is current.
type switchable struct{ h atomic.Pointer[http.Handler] }

func (s *switchable) set(h http.Handler)                               { s.h.Store(&h) }
func (s *switchable) ServeHTTP(w http.ResponseWriter, r *http.Request) { (*s.h.Load()).ServeHTTP(w, r) }

func simClient(t *testing.T, h http.Handler, v *apitest.Validator, token string) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg := Config{BaseURL: srv.URL, Timeout: 5 * time.Second, RetryWait: 5 * time.Millisecond, RetryMaxWait: 20 * time.Millisecond}
	if token != "" {
		cfg.TokenFile = filepath.Join(t.TempDir(), "token")
		if err := os.WriteFile(cfg.TokenFile, []byte(token+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if v != nil {
		cfg.WrapTransport = v.Transport
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func TestCasesimEveryEndpoint(t *testing.T) {
	sys := openSim(t, 1)
	v := apitest.NewValidator(t)
	c := simClient(t, sys.Handler(), v, simToken)
	ctx := context.Background()

	h, err := c.Health(ctx)
	if err != nil || h.Status != "ok" {
		t.Fatalf("health: %v %+v", err, h)
	}
	units, err := c.Units(ctx)
	if err != nil || len(units.Units) == 0 {
		t.Fatalf("units: %v", err)
	}
	if again, err := c.Units(ctx); err != nil || again != units {
		t.Errorf("units not answered 304 from the cache: %v", err)
	}
	var basic, root string
	for _, u := range units.Units {
		if u.Level == api.UnitBasic && basic == "" {
			basic = u.ID
		}
		if u.ParentID == "" {
			root = u.ID
		}
	}
	s := NewAlertSync(c, "")
	set, _, err := s.Sync(ctx)
	if err != nil || len(set.Alerts) == 0 {
		t.Fatalf("alerts: %v (%d)", err, len(set.Alerts))
	}
	if !slices.IsSortedFunc(set.Alerts, func(a, b *Alert) int { return cmp.Compare(a.ID, b.ID) }) {
		t.Error("alerts not sorted by id")
	}
	page, err := c.Alerts(ctx, AlertQuery{Unit: basic, Level: api.LevelOverdue, Limit: 5})
	if err != nil {
		t.Fatalf("filtered alerts: %v", err)
	}
	for _, a := range page.Alerts {
		if a.Level != api.LevelOverdue {
			t.Errorf("filter ignored: %+v", a)
		}
	}
	ind, err := c.Indicators(ctx, basic, "")
	if err != nil || len(ind.Indicators) == 0 {
		t.Fatalf("indicators: %v", err)
	}
	if _, err := c.Ranking(ctx, ind.Indicators[0].ID, ind.Period, ""); err != nil {
		t.Fatalf("ranking: %v", err)
	}
	if _, err := c.Ranking(ctx, ind.Indicators[0].ID, "", root); err != nil {
		t.Fatalf("ranking with parent: %v", err)
	}
	for _, by := range []string{ByDepartment, ByPerson} {
		if cov, err := c.Coverage(ctx, basic, by); err != nil || cov.By != by {
			t.Fatalf("coverage by %s: %v", by, err)
		}
	}
	if _, err := c.Decisions(ctx, DecisionQuery{Unit: root, Verdict: "over", Limit: 20}); err != nil {
		t.Fatalf("decisions: %v", err)
	}
	cases, err := c.Cases(ctx, CaseQuery{Unit: basic, Limit: 5})
	if err != nil || len(cases.Cases) == 0 {
		t.Fatalf("cases: %v", err)
	}
	cs, err := c.Case(ctx, cases.Cases[0].ID)
	if err != nil || cs.ID != cases.Cases[0].ID {
		t.Fatalf("case: %v", err)
	}
	if _, err := c.Case(ctx, "no-such-case"); StatusOf(err) != http.StatusNotFound {
		t.Errorf("missing case: %v", err)
	}
	// Acknowledge an open alert twice with one key: one answer.
	var open *Alert
	for _, a := range set.Alerts {
		if a.Status == api.StatusOpen {
			open = a
			break
		}
	}
	if open == nil {
		t.Fatal("no open alert in the simulation")
	}
	key := NewIdempotencyKey()
	a1, err := c.Ack(ctx, open.ID, key, api.AckRequest{By: "案管办", Note: "已督促"})
	if err != nil || a1.Status != api.StatusAcknowledged {
		t.Fatalf("ack: %v %+v", err, a1)
	}
	a2, err := c.Ack(ctx, open.ID, key, api.AckRequest{By: "案管办", Note: "已督促"})
	if err != nil || !a2.Ack.At.Equal(a1.Ack.At) {
		t.Fatalf("repeated ack: %v", err)
	}
	// The acknowledgement arrives by delta.
	set, _, err = s.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i, found := slices.BinarySearchFunc(set.Alerts, open.ID, func(a *Alert, id string) int { return cmp.Compare(a.ID, id) })
	if !found || set.Alerts[i].Status != api.StatusAcknowledged {
		t.Errorf("ack not merged by delta")
	}
	v.Check(t)
}

func TestCasesimDeltaMatchesFullListing(t *testing.T) {
	sys := openSim(t, 1)
	v := apitest.NewValidator(t)
	c := simClient(t, sys.Handler(), v, simToken)
	ctx := context.Background()
	s := NewAlertSync(c, "")
	before, _, err := s.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cursor := s.Cursor()
	// Nothing happened: the delta changes nothing and keeps the slice.
	same, changed, err := s.Sync(ctx)
	if err != nil || changed || len(same.Alerts) != len(before.Alerts) || &same.Alerts[0] != &before.Alerts[0] {
		t.Fatalf("idle delta: changed=%v err=%v", changed, err)
	}
	// Five simulated days pass: alerts appear, escalate and are rectified.
	if err := sys.AdvanceTo(ctx, sys.SimNow().Add(5*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	after, changed, err := s.Sync(ctx)
	if err != nil || !changed || s.Cursor() == cursor {
		t.Fatalf("delta after 5 days: changed=%v err=%v", changed, err)
	}
	fresh, _, err := NewAlertSync(c, "").Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Alerts) != len(fresh.Alerts) {
		t.Fatalf("delta-merged %d alerts, a full listing %d", len(after.Alerts), len(fresh.Alerts))
	}
	for i := range fresh.Alerts {
		// days_remaining is computed at answer time and a day passing is
		// not a change the delta carries, so it is stale in a merged copy:
		// compare without it (consumers count down from due_at).
		x, y := after.Alerts[i].API(), fresh.Alerts[i].API()
		x.DaysRemaining, y.DaysRemaining = 0, 0
		if !alertEqual(NewAlert(x), NewAlert(y)) {
			t.Fatalf("alert %d differs:\n%+v\n%+v", i, x, y)
		}
	}
	v.Check(t)
}

func TestCasesim410Relist(t *testing.T) {
	sys1, sys2 := openSim(t, 1), openSim(t, 2)
	var sw switchable
	sw.set(sys1.Handler())
	v := apitest.NewValidator(t)
	c := simClient(t, &sw, v, simToken)
	s := NewAlertSync(c, "")
	if _, _, err := s.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	sw.set(sys2.Handler()) // another database behind the same URL
	set, changed, err := s.Sync(t.Context())
	if err != nil || !changed || s.Relists() != 1 {
		t.Fatalf("relist: changed=%v relists=%d err=%v", changed, s.Relists(), err)
	}
	fresh, _, _ := NewAlertSync(c, "").Sync(t.Context())
	if len(set.Alerts) != len(fresh.Alerts) {
		t.Errorf("relisted %d alerts, want %d", len(set.Alerts), len(fresh.Alerts))
	}
	v.Check(t)
}

func TestCasesimAuth(t *testing.T) {
	sys := openSim(t, 1)
	v := apitest.NewValidator(t)
	c := simClient(t, sys.Handler(), v, "")
	if _, err := c.Health(t.Context()); err != nil {
		t.Fatalf("health needs no token: %v", err)
	}
	_, err := c.Units(t.Context())
	if StatusOf(err) != http.StatusUnauthorized || !strings.HasPrefix(err.Error(), "unauthorized (401) from /units") {
		t.Fatalf("no token: %v", err)
	}
	bad := simClient(t, sys.Handler(), v, "wrong")
	if _, err := bad.Alerts(t.Context(), AlertQuery{}); StatusOf(err) != http.StatusUnauthorized || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("wrong token: %v", err)
	}
	v.Check(t)
}

func TestCasesimPoller(t *testing.T) {
	sys := openSim(t, 1)
	v := apitest.NewValidator(t)
	c := simClient(t, sys.Handler(), v, simToken)
	p := startPoller(t, fastOptions(c, t.TempDir()))
	st := waitState(t, p, "everything loaded", func(st State) bool {
		if !st.Health.HasData || !st.Units.HasData || !st.Alerts.HasData {
			return false
		}
		for _, u := range st.Units.Data.Units {
			if !st.Indicators[u.ID].HasData || !st.CoverageByDept[u.ID].HasData || !st.CoverageByPerson[u.ID].HasData {
				return false
			}
		}
		return true
	})
	if st.Alerts.Data.SimSpeed != sys.Health().SimSpeed {
		t.Errorf("sim speed %v", st.Alerts.Data.SimSpeed)
	}
	var open string
	for _, a := range st.Alerts.Data.Alerts {
		if a.Status == api.StatusOpen {
			open = a.ID
			break
		}
	}
	if _, err := p.Acknowledge(open, "案管办", ""); err != nil {
		t.Fatal(err)
	}
	waitState(t, p, "ack delivered and shown", func(st State) bool {
		if len(st.Pending) != 0 || len(st.AckResults) != 1 || st.AckResults[0].Err != nil {
			return false
		}
		i, ok := slices.BinarySearchFunc(st.Alerts.Data.Alerts, open, func(a *Alert, id string) int { return cmp.Compare(a.ID, id) })
		return ok && st.Alerts.Data.Alerts[i].Status == api.StatusAcknowledged
	})
	p.Close()
	v.Check(t)
}

// An acknowledgement that waited in the outbox through an outage reaches
// the reference system with the time the person made it (acted_at), not
// the time of delivery.
func TestCasesimAckActedAtIsWhenQueued(t *testing.T) {
	sys := openSim(t, 2)
	sw := &switchable{}
	sw.set(sys.Handler())
	c := simClient(t, sw, nil, simToken) // the outage is outside the contract
	page, err := c.Alerts(t.Context(), AlertQuery{Status: api.StatusOpen, Limit: 1})
	if err != nil || len(page.Alerts) != 1 {
		t.Fatalf("alerts: %v", err)
	}
	id := page.Alerts[0].ID
	sw.set(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	p := startPoller(t, fastOptions(c, t.TempDir()))
	if _, err := p.Acknowledge(id, "张三", "离线时确认"); err != nil {
		t.Fatal(err)
	}
	st := waitState(t, p, "attempted", func(st State) bool { return len(st.Pending) == 1 && st.Pending[0].Attempts >= 1 })
	queued := st.Pending[0].QueuedAt
	time.Sleep(100 * time.Millisecond)
	sw.set(sys.Handler())
	st = waitState(t, p, "delivered", func(st State) bool { return len(st.AckResults) == 1 })
	res := st.AckResults[0]
	if res.Err != nil || res.Alert == nil || res.Alert.Ack == nil {
		t.Fatalf("result: %+v", res)
	}
	if ack := res.Alert.Ack; !ack.ActedAt.Equal(queued) || ack.By != "张三" {
		t.Errorf("acted_at %v, want the queue time %v (at %v)", ack.ActedAt, queued, ack.At)
	}
}
