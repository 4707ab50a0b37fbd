package tea

import (
	"io"
	"testing"
	"time"
)

// keyModel hands every key press it gets to keys.
type keyModel struct{ keys chan string }

func (m keyModel) Init() Cmd { return nil }

func (m keyModel) Update(msg Msg) (Model, Cmd) {
	if k, ok := msg.(KeyPressMsg); ok {
		m.keys <- k.String()
	}
	return m, nil
}

func (m keyModel) View() View { return NewView("keys") }

// startKeyProgram runs a keyModel reading from a pipe and returns the pipe's
// writing end and the keys read.
func startKeyProgram(t *testing.T, opts ...ProgramOption) (io.Writer, chan string) {
	t.Helper()
	pr, pw := io.Pipe()
	keys := make(chan string, 16)
	opts = append([]ProgramOption{
		WithContext(t.Context()),
		WithInput(pr),
		WithOutput(io.Discard),
		WithEnvironment([]string{"TERM=xterm-256color"}),
		WithoutSignals(),
		WithWindowSize(80, 24),
	}, opts...)
	p := NewProgram(keyModel{keys: keys}, opts...)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = p.Run()
	}()
	t.Cleanup(func() {
		p.Quit()
		_ = pw.Close()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("program did not quit")
		}
	})
	return pw, keys
}

func nextKey(t *testing.T, keys chan string) string {
	t.Helper()
	select {
	case k := <-keys:
		return k
	case <-time.After(5 * time.Second):
		t.Fatal("no key within 5s")
		return ""
	}
}

// TestEscTimeoutIsUsed: the reader waits as long as WithEscTimeout says for
// the rest of a sequence. With an hour, an ESC and, 200 ms later, "[A" are
// one up arrow (the default 50 ms would have read an Esc key first, so this
// fails when the option is not passed to the reader).
func TestEscTimeoutIsUsed(t *testing.T) {
	t.Parallel()
	w, keys := startKeyProgram(t, WithEscTimeout(time.Hour))
	if _, err := w.Write([]byte("\x1b")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	select {
	case k := <-keys:
		t.Fatalf("read %q before the sequence was complete, want to wait", k)
	default:
	}
	if _, err := w.Write([]byte("[A")); err != nil {
		t.Fatal(err)
	}
	if k := nextKey(t, keys); k != "up" {
		t.Fatalf("read %q, want up", k)
	}
}

// TestShortEscTimeoutReadsEsc: with a short wait a lone ESC is the Esc key,
// and keys typed after it are read as themselves.
func TestShortEscTimeoutReadsEsc(t *testing.T) {
	t.Parallel()
	w, keys := startKeyProgram(t, WithEscTimeout(time.Millisecond))
	if _, err := w.Write([]byte("\x1b")); err != nil {
		t.Fatal(err)
	}
	if k := nextKey(t, keys); k != "esc" {
		t.Fatalf("read %q, want esc", k)
	}
	if _, err := w.Write([]byte("\x1b[Aj")); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"up", "j"} {
		if k := nextKey(t, keys); k != want {
			t.Fatalf("read %q, want %q", k, want)
		}
	}
}
