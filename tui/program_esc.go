//go:build !stocktea

package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// WithEscTimeout is the program option that sets how long a lone ESC waits
// (DefaultEscTimeout). It needs the carried Bubble Tea fork
// (third_party/README.md); scripts/stockbuild.sh builds against Bubble Tea
// as released with the stocktea tag, where it does nothing.
func WithEscTimeout(d time.Duration) tea.ProgramOption {
	return tea.WithEscTimeout(d)
}
