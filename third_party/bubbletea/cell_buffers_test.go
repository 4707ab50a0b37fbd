package tea

// Tests of the casewatch patch "shared cell buffers" (casewatch:
// third_party/README.md).

import (
	"bytes"
	"strings"
	"testing"
)

// TestCellBufferNotHeldBetweenFrames: a renderer keeps no cell buffer of
// its own between flushes, and a buffer another renderer used leaves nothing
// of its cells in the next frame drawn into it.
func TestCellBufferNotHeldBetweenFrames(t *testing.T) {
	env := []string{"TERM=xterm-256color"}
	var a, b bytes.Buffer
	ra := newCursedRenderer(&a, env, 40, 10)
	va := NewView(strings.Repeat(strings.Repeat("甲", 20)+"\n", 9) + strings.Repeat("甲", 20))
	va.AltScreen = true
	ra.render(va)
	if err := ra.flush(false); err != nil {
		t.Fatal(err)
	}
	if ra.cellbuf.RenderBuffer != nil {
		t.Fatal("the renderer still holds its cell buffer after the flush")
	}
	for range 3 { // the pool may hand out the buffer ra used
		b.Reset()
		rb := newCursedRenderer(&b, env, 40, 10)
		vb := NewView("乙")
		vb.AltScreen = true
		rb.render(vb)
		if err := rb.flush(false); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "甲") {
			t.Fatalf("another renderer's cells leaked into the frame: %q", b.String())
		}
		if !strings.Contains(b.String(), "乙") {
			t.Fatalf("frame lacks its own content: %q", b.String())
		}
	}
}
