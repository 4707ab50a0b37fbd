package tui

import (
	"os"
	"testing"
)

// TestMain runs every test with the frame cache checked: each frame kept
// after a state message is drawn again and compared (see present).
func TestMain(m *testing.M) {
	verifyViewCache = true
	os.Exit(m.Run())
}
