package tea

// [casewatch patch: shared cell buffers]
//
// The renderer draws each frame whole into a cell buffer and hands it to the
// terminal renderer, which diffs it against its own model of the screen and
// keeps none of it. Between flushes the buffer is dead weight: 112 bytes a
// cell, 0.54 MB at 120x40, in every program (every SSH session). The
// renderers of a process share a pool of them instead: a flush takes one of
// the frame's size and gives it back when the terminal renderer is done.

import (
	"sync"

	uv "github.com/charmbracelet/ultraviolet"
)

var cellBuffers sync.Pool

// takeCellBuffer returns a w×h cell buffer from the pool, or a new one.
// Its cells are whatever the last user left: the renderer clears it before
// drawing.
func takeCellBuffer(w, h int) *uv.RenderBuffer {
	if b, ok := cellBuffers.Get().(*uv.RenderBuffer); ok {
		if b.Width() == w && b.Height() == h {
			return b
		}
	}
	return uv.NewRenderBuffer(w, h)
}

// giveCellBuffer hands a cell buffer back to the pool.
func giveCellBuffer(b *uv.RenderBuffer) {
	if b != nil {
		cellBuffers.Put(b)
	}
}
