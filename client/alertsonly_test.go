package client

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// With AlertsOnly the poller asks the case system for health, units and
// alerts, never for notices, indicators or coverage; OnPoll hears of every
// request it makes.
func TestPollerAlertsOnly(t *testing.T) {
	sys := openSim(t, 3)
	var mu sync.Mutex
	paths := map[string]int{}
	count := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths[strings.TrimPrefix(r.URL.Path, "/api/v1")]++
		mu.Unlock()
		sys.Handler().ServeHTTP(w, r)
	})
	c := simClient(t, count, nil, simToken)
	events := map[string]int{}
	p, err := NewPoller(Options{Client: c, ReadOnly: true, AlertsOnly: true, Stagger: time.Millisecond,
		AlertsInterval: 50 * time.Millisecond, HealthInterval: 50 * time.Millisecond, UnitsInterval: 50 * time.Millisecond,
		IndicatorsInterval: 50 * time.Millisecond, CoverageInterval: 50 * time.Millisecond, NoticesInterval: 50 * time.Millisecond,
		OnPoll: func(e PollEvent) { mu.Lock(); events[e.DataSet]++; mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	p.Start(t.Context())
	defer p.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := p.Current()
		mu.Lock()
		units := paths["/units"]
		mu.Unlock()
		if st.Alerts.HasData && st.Units.HasData && units >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no alerts and units within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // per-unit polls would have started by now (stagger 1 ms)
	mu.Lock()
	defer mu.Unlock()
	for path, n := range paths {
		if path != "/health" && path != "/units" && path != "/alerts" {
			t.Errorf("%d requests of %s", n, path)
		}
	}
	for _, ds := range []string{DataSetHealth, DataSetUnits, DataSetAlerts} {
		if events[ds] == 0 {
			t.Errorf("OnPoll never heard of %s (%v)", ds, events)
		}
	}
	if len(p.Current().Indicators) != 0 || p.Current().Notices.HasData {
		t.Error("per-unit or notices data without polling them")
	}
}
