package api

import "testing"

func TestProbeLoad(t *testing.T) {
	if _, err := LoadSpec(); err != nil {
		t.Fatal(err)
	}
}
