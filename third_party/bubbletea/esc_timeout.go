package tea

import "time"

// WithEscTimeout sets how long the input reader waits, after an ESC byte
// with nothing behind it, for the rest of an escape sequence before it
// reads the ESC as the Esc key (ultraviolet's DefaultEscTimeout, 50 ms,
// when not given or not positive). A terminal writes an escape sequence in
// one piece, so a short wait (tmux 3.5 waits 10 ms by default) only risks
// misreading a sequence split in transit, and makes the Esc key answer
// that much sooner. Terminals speaking the kitty keyboard protocol send
// Esc unambiguously and never wait.
//
// This option is part of casewatch's fork (third_party/README.md).
func WithEscTimeout(d time.Duration) ProgramOption {
	return func(p *Program) {
		p.escTimeout = d
	}
}
