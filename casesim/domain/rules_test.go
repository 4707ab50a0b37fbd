package domain

import (
	"slices"
	"testing"
)

// TestMonitoredCategories: every category some rule names is monitored,
// and only those.
func TestMonitoredCategories(t *testing.T) {
	got := MonitoredCategories()
	for id, r := range Rules {
		if !slices.Contains(got, r.Category) {
			t.Errorf("%s's category %s is not listed as monitored", id, r.Category)
		}
	}
	for _, c := range got {
		found := false
		for _, r := range Rules {
			found = found || r.Category == c
		}
		if !found {
			t.Errorf("%s listed as monitored, but no rule has it", c)
		}
	}
	if len(got) < 6 || got[0] != "deadline" {
		t.Errorf("monitored = %v", got)
	}
}
