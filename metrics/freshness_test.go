package metrics

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

type fixedState client.State

func (f fixedState) Current() client.State { return client.State(f) }

// A data set is fresh while its last good data is at most 3 intervals +
// 30 s old; a per-unit set only when every unit's is; /readyz names the
// stale ones and the last error.
func TestFreshness(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	ok := func(age, interval time.Duration) client.Feed[api.IndicatorSet] {
		return client.Feed[api.IndicatorSet]{HasData: true, FetchedAt: now.Add(-age), Interval: interval}
	}
	st := client.State{
		Health:  client.Feed[api.Health]{HasData: true, FetchedAt: now.Add(-5 * time.Second), Interval: 10 * time.Second},
		Units:   client.Feed[api.UnitList]{HasData: true, FetchedAt: now, Interval: 10 * time.Minute},
		Alerts:  client.Feed[client.AlertSet]{HasData: true, FetchedAt: now.Add(-46 * time.Second), Interval: 5 * time.Second, Err: errors.New("server error 503 from /alerts")},
		Notices: client.Feed[api.NoticePage]{HasData: true, FetchedAt: now.Add(-44 * time.Second), Interval: 5 * time.Second},
		Indicators: map[string]client.Feed[api.IndicatorSet]{
			"p0": ok(10*time.Second, time.Minute), "b11": ok(200*time.Second, time.Minute)},
		CoverageByDept:   map[string]client.Feed[api.Coverage]{"p0": {HasData: true, FetchedAt: now, Interval: time.Minute}, "b11": {Interval: time.Minute}},
		CoverageByPerson: map[string]client.Feed[api.Coverage]{},
	}
	got := map[string]feedAge{}
	for _, f := range freshness(st, now) {
		got[f.dataset] = f
	}
	want := map[string]bool{"health": true, "units": true, "alerts": false, "notices": true,
		"indicators": true, "coverage_department": false, "coverage_person": false}
	for ds, fresh := range want {
		if got[ds].fresh != fresh {
			t.Errorf("%s: fresh = %v, want %v (%+v)", ds, got[ds].fresh, fresh, got[ds])
		}
	}
	if a := got["indicators"].age; a != 200*time.Second {
		t.Errorf("indicators age %v, want the oldest unit's 200s", a)
	}
	if got["coverage_department"].hasData {
		t.Error("coverage_department: a unit without data, yet hasData")
	}
	m := NewCasewatch("test")
	m.now = func() time.Time { return now }
	m.Watch(fixedState(st))
	err := m.Ready()
	if err == nil {
		t.Fatal("ready with stale alerts")
	}
	for _, s := range []string{"alerts: last good data 46s old (last error: server error 503 from /alerts)",
		"coverage_department: 1 of 2 units without data", "coverage_person: no data yet"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("readiness %q lacks %q", err, s)
		}
	}
	if strings.Contains(err.Error(), "health") || strings.Contains(err.Error(), "indicators") {
		t.Errorf("readiness names a fresh data set: %q", err)
	}
	// A poller of some data sets only (notify): the others do not count.
	m.Watch(fixedState(st), client.DataSetHealth, client.DataSetUnits, client.DataSetIndicators)
	if err := m.Ready(); err != nil {
		t.Errorf("ready on health, units and indicators: %v", err)
	}
	m.Watch(fixedState(st), client.DataSetHealth, client.DataSetAlerts)
	if err := m.Ready(); err == nil || !strings.Contains(err.Error(), "alerts") || strings.Contains(err.Error(), "coverage") {
		t.Errorf("readiness on health and alerts: %v", err)
	}
}

// Only loopback addresses unless asked.
func TestCheckAddr(t *testing.T) {
	for _, c := range []struct {
		addr   string
		remote bool
		ok     bool
	}{
		{"127.0.0.1:9464", false, true},
		{"[::1]:9464", false, true},
		{"localhost:9464", false, true},
		{"0.0.0.0:9464", false, false},
		{":9464", false, false},
		{"10.1.2.3:9464", false, false},
		{"0.0.0.0:9464", true, true},
		{"127.0.0.1", false, false},
		{"127.0.0.1:", false, false},
	} {
		err := CheckAddr(c.addr, c.remote)
		if (err == nil) != c.ok {
			t.Errorf("CheckAddr(%q, %v) = %v, want ok %v", c.addr, c.remote, err, c.ok)
		}
	}
}
