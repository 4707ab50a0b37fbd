package tui

import "time"

// DefaultEscTimeout is how long a program running the dashboard should let
// a lone ESC wait for the rest of an escape sequence before reading it as
// the Esc key (tea.WithEscTimeout, a casewatch addition to its Bubble Tea
// fork). Bubble Tea's reader waits 50 ms, which every Esc press paid: 62 ms
// median key → screen (docs/PERFORMANCE.md, issue 15). A terminal writes a
// sequence in one piece and SSH carries it in one packet, so 10 ms, tmux's
// default escape-time since 3.5, is ample; a sequence split in transit
// would be read as Esc and its other bytes as keys. Terminals with the
// kitty keyboard protocol send Esc unambiguously and never wait.
const DefaultEscTimeout = 10 * time.Millisecond
