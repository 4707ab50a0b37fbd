package snapshot

import (
	"slices"
	"testing"
)

// TestUnmonitoredCategories: a category missing from the system's
// monitored list is reported as such; a system that does not say gives
// none.
func TestUnmonitoredCategories(t *testing.T) {
	if got := unmonitored(nil); got != nil {
		t.Errorf("no list: %v", got)
	}
	got := unmonitored([]string{"deadline", "card", "document", "rights", "measure", "rectification", "quality"})
	if !slices.Equal(got, []string{"property", "authority"}) {
		t.Errorf("unmonitored = %v, want [property authority]", got)
	}
}
