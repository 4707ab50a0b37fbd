package tea

// Tests of the casewatch patch "unchanged rows" (casewatch:
// third_party/README.md).

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
)

// rowsModel shows 30 rows of Chinese text; selected is highlighted.
type (
	rowsModel struct{ selected int }
	selectRow int
)

func (m *rowsModel) Init() Cmd { return nil }

func (m *rowsModel) Update(msg Msg) (Model, Cmd) {
	if s, ok := msg.(selectRow); ok {
		m.selected = int(s)
	}
	return m, nil
}

func (m *rowsModel) View() View {
	var b strings.Builder
	for i := range 30 {
		if i > 0 {
			b.WriteByte('\n')
		}
		line := fmt.Sprintf("第%02d行 东州市城关区人民检察院 审查起诉超期 李明 %02d", i, i)
		if i == m.selected {
			line = "\x1b[7m" + line + "\x1b[m"
		}
		b.WriteString(line)
	}
	v := NewView(b.String())
	v.AltScreen = true
	return v
}

// TestUnchangedRowsAreNotRepainted moves a highlight from one row of Chinese
// text to the next: the frame rewrites those two rows and no other (before
// the patch, ultraviolet repainted every row holding a wide character).
func TestUnchangedRowsAreNotRepainted(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	t.Cleanup(func() { _ = pw.Close() })
	out := &syncBuffer{}
	p := NewProgram(&rowsModel{},
		WithContext(t.Context()),
		WithInput(pr),
		WithOutput(out),
		WithEnvironment([]string{"TERM=xterm-256color"}),
		WithColorProfile(colorprofile.ANSI256),
		WithoutSignals(),
		WithWindowSize(100, 30),
		WithFPS(20),
	)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = p.Run()
	}()
	t.Cleanup(func() {
		p.Quit()
		<-done
	})
	settleOutput(t, out)
	full := out.Len()
	if full < 30*40 {
		t.Fatalf("first frame only %d bytes", full)
	}
	for sel := 1; sel <= 3; sel++ {
		mark := out.Len()
		p.Send(selectRow(sel))
		settleOutput(t, out)
		frame := out.Since(mark)
		for i := range 30 {
			row := fmt.Sprintf("第%02d行", i)
			if moved := i == sel || i == sel-1; moved != strings.Contains(frame, row) {
				t.Errorf("moving the highlight to row %d: row %d written %v, want %v", sel, i, !moved, moved)
			}
		}
		if len(frame) > full/5 {
			t.Errorf("moving the highlight wrote %d bytes, the whole screen is %d", len(frame), full)
		}
	}
}

// TestRowsRepaintedWhenScreenMayDiffer: after a resize (the terminal may
// have moved or reflowed rows) and after a colour profile change (the same
// cells are written differently), every row is written again.
func TestRowsRepaintedWhenScreenMayDiffer(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		msg  Msg
	}{
		{"resize", WindowSizeMsg{Width: 100, Height: 30}},
		{"profile", ColorProfileMsg{Profile: colorprofile.TrueColor}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pr, pw := io.Pipe()
			t.Cleanup(func() { _ = pw.Close() })
			out := &syncBuffer{}
			p := NewProgram(&rowsModel{},
				WithContext(t.Context()), WithInput(pr), WithOutput(out),
				WithEnvironment([]string{"TERM=xterm-256color"}), WithColorProfile(colorprofile.ANSI256),
				WithoutSignals(), WithWindowSize(100, 30), WithFPS(20))
			done := make(chan struct{})
			go func() {
				defer close(done)
				_, _ = p.Run()
			}()
			t.Cleanup(func() {
				p.Quit()
				<-done
			})
			settleOutput(t, out)
			mark := out.Len()
			p.Send(tc.msg)
			p.Send(selectRow(1))
			settleOutput(t, out)
			frame := out.Since(mark)
			for i := range 30 {
				if row := fmt.Sprintf("第%02d行", i); !strings.Contains(frame, row) {
					t.Errorf("after %s, row %d not written again", tc.name, i)
				}
			}
		})
	}
}

// settleOutput waits until out has not grown for 150 ms.
func settleOutput(t *testing.T, out *syncBuffer) {
	t.Helper()
	n, since := out.Len(), time.Now()
	deadline := time.Now().Add(5 * time.Second)
	for time.Since(since) < 150*time.Millisecond {
		if time.Now().After(deadline) {
			t.Fatal("output never settled")
		}
		time.Sleep(5 * time.Millisecond)
		if m := out.Len(); m != n {
			n, since = m, time.Now()
		}
	}
}
