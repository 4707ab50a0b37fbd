//go:build stocktea

package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// WithEscTimeout does nothing in a build against Bubble Tea as released
// (the stocktea tag of scripts/stockbuild.sh), which cannot set the wait:
// a lone ESC waits its 50 ms there.
func WithEscTimeout(time.Duration) tea.ProgramOption {
	return func(*tea.Program) {}
}
