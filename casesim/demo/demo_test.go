package demo

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/sim"
)

func TestStartServesAtOnceAndLabelsDemo(t *testing.T) {
	t0 := time.Now()
	s, err := Start(casesim.Options{Speed: casesim.DefaultSpeed, Start: time.Date(2026, 11, 2, 9, 0, 0, 0, sim.Zone)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t.Logf("Start returned after %v (the simulation opens in the background)", time.Since(t0))
	// The first request waits for the simulation instead of failing.
	resp, err := http.Get(s.BaseAPI() + "/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h api.Health
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil || !h.Demo || h.SimSpeed != casesim.DefaultSpeed {
		t.Fatalf("health %+v, %v", h, err)
	}
}
