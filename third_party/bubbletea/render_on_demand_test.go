package tea

// Tests of the casewatch patch "render on demand" (casewatch: third_party/README.md): the frame
// ticker runs only while there is something to draw, the first view after a
// quiet spell is drawn at once, views arriving within a frame interval are
// drawn together, and a tick that finds nothing waiting stops the ticker.

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"
)

// flushRecord is one call of the renderer's flush: when, and the content of
// the view it had to draw.
type flushRecord struct {
	at      time.Time
	content string
}

// recordingRenderer wraps the real renderer and records every flush.
type recordingRenderer struct {
	renderer
	mu      sync.Mutex
	content string
	flushes []flushRecord
}

func (r *recordingRenderer) render(v View) {
	r.mu.Lock()
	r.content = v.Content
	r.mu.Unlock()
	r.renderer.render(v)
}

func (r *recordingRenderer) flush(closing bool) error {
	r.mu.Lock()
	r.flushes = append(r.flushes, flushRecord{at: time.Now(), content: r.content})
	r.mu.Unlock()
	return r.renderer.flush(closing) //nolint:wrapcheck
}

// log returns a copy of the flushes so far.
func (r *recordingRenderer) log() []flushRecord {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]flushRecord(nil), r.flushes...)
}

// syncBuffer is an output the test can read while the program writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p) //nolint:wrapcheck
}

func (b *syncBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

func (b *syncBuffer) Since(n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()[n:]
}

// setText sets the view's text; callIn runs a function on the event loop.
type (
	setText string
	callIn  func()
)

type demandModel struct {
	text          string
	width, height int
}

func (m *demandModel) Init() Cmd { return nil }

func (m *demandModel) Update(msg Msg) (Model, Cmd) {
	switch msg := msg.(type) {
	case setText:
		m.text = string(msg)
	case WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case callIn:
		msg()
	}
	return m, nil
}

func (m *demandModel) View() View {
	return NewView(fmt.Sprintf("%s %dx%d", m.text, m.width, m.height))
}

// demandHarness runs a program at fps frames a second with a recording
// renderer.
type demandHarness struct {
	t        *testing.T
	p        *Program
	rec      *recordingRenderer
	out      *syncBuffer
	interval time.Duration
	done     chan struct{}
}

func startDemandProgram(t *testing.T, fps int) *demandHarness {
	t.Helper()
	pr, pw := io.Pipe()
	t.Cleanup(func() { _ = pw.Close() })
	out := &syncBuffer{}
	env := []string{"TERM=xterm-256color", "TERM_PROGRAM=Apple_Terminal"}
	p := NewProgram(&demandModel{text: "start"},
		WithContext(t.Context()),
		WithInput(pr),
		WithOutput(out),
		WithEnvironment(env),
		WithoutSignals(),
		WithWindowSize(80, 24),
		WithFPS(fps),
	)
	rec := &recordingRenderer{renderer: newCursedRenderer(out, env, 80, 24)}
	p.renderer = rec
	h := &demandHarness{t: t, p: p, rec: rec, out: out, interval: time.Second / time.Duration(fps), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		_, _ = p.Run()
	}()
	t.Cleanup(func() {
		p.Quit()
		select {
		case <-h.done:
		case <-time.After(5 * time.Second):
			t.Error("program did not quit")
		}
	})
	return h
}

// waitFlush waits for a flush at or after from whose view reads content and
// returns it.
func (h *demandHarness) waitFlush(content string, from time.Time) flushRecord {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, f := range h.rec.log() {
			if !f.at.Before(from) && f.content == content {
				return f
			}
		}
		time.Sleep(time.Millisecond)
	}
	h.t.Fatalf("no frame showing %q within 5s; flushes: %v", content, h.rec.log())
	return flushRecord{}
}

// settle waits until the program has drawn its first frame and then been
// quiet for more than two frame intervals, so the ticker has had its idle
// tick.
func (h *demandHarness) settle() {
	h.t.Helper()
	first := h.waitFlush("start 80x24", time.Time{})
	if wait := time.Until(first.at.Add(h.interval*2 + h.interval/4)); wait > 0 {
		time.Sleep(wait)
	}
}

// offBeat sleeps until half an interval after the frame ticks the stock
// renderer would have (every interval since the last flush), so that a
// renderer that waits for its ticker needs half an interval to draw.
func (h *demandHarness) offBeat() {
	log := h.rec.log()
	last := log[len(log)-1].at
	target := last.Add(h.interval / 2)
	for !target.After(time.Now()) {
		target = target.Add(h.interval)
	}
	time.Sleep(time.Until(target))
}

func TestRenderOnDemandStopsTickingWhenIdle(t *testing.T) {
	t.Parallel()
	h := startDemandProgram(t, 20)
	h.settle()
	before := len(h.rec.log())
	time.Sleep(10 * h.interval)
	if after := len(h.rec.log()); after != before {
		t.Fatalf("idle program flushed %d times in 10 frame intervals, want 0", after-before)
	}
}

func TestRenderOnDemandDrawsFirstViewAfterQuietAtOnce(t *testing.T) {
	t.Parallel()
	h := startDemandProgram(t, 2) // 500 ms between ticks
	h.settle()
	for i := range 2 {
		h.offBeat()
		sent := time.Now()
		text := fmt.Sprintf("moved%d", i)
		mark := h.out.Len()
		h.p.Send(setText(text))
		f := h.waitFlush(text+" 80x24", sent)
		if lag := f.at.Sub(sent); lag > h.interval/4 {
			t.Fatalf("view after a quiet spell drawn %v after it arrived, want < %v", lag, h.interval/4)
		}
		if h.out.Len() == mark {
			t.Fatalf("nothing written for %q", text)
		}
		time.Sleep(h.interval*2 + h.interval/4) // quiet again
	}
}

func TestRenderOnDemandCoalescesBursts(t *testing.T) {
	t.Parallel()
	h := startDemandProgram(t, 5) // 200 ms between ticks
	h.settle()
	sent := time.Now()
	h.p.Send(setText("a"))
	lead := h.waitFlush("a 80x24", sent)
	burst := []string{"b", "c", "d", "e", "f", "g", "h", "i", "j"}
	for _, s := range burst {
		h.p.Send(setText(s))
	}
	last := h.waitFlush("j 80x24", lead.at)
	// One view may be drawn at once after the leading frame (the spare);
	// the rest of the burst waits for the tick and is drawn together. When
	// the whole burst reached the model before the spare was drawn (a slow
	// renderer, -race), the spare itself shows the burst's last view.
	var drawn []flushRecord
	for _, f := range h.rec.log() {
		if f.at.After(lead.at) && !f.at.After(last.at) {
			drawn = append(drawn, f)
		}
	}
	switch {
	case len(drawn) > 2:
		t.Fatalf("burst of %d views drawn in %d frames, want at most 2 (the spare and the tick): %v", len(burst), len(drawn), drawn)
	case len(drawn) == 2:
		if gap := drawn[0].at.Sub(lead.at); gap > h.interval/4 {
			t.Fatalf("intermediate view %q drawn %v after the leading frame, want at once (the spare) or not at all", drawn[0].content, gap)
		}
		if gap := last.at.Sub(lead.at); gap < h.interval/2 {
			t.Fatalf("burst drawn %v after the leading frame, want the next tick (≈ %v)", gap, h.interval)
		}
	case len(drawn) == 1 && last.at.Sub(lead.at) > h.interval/4 && last.at.Sub(lead.at) < h.interval/2:
		t.Fatalf("burst drawn %v after the leading frame, want at once (the spare) or at the next tick (≈ %v)", last.at.Sub(lead.at), h.interval)
	}
	// The tick after the burst's frame finds nothing and stops the ticker.
	time.Sleep(2*h.interval + h.interval/4)
	before := len(h.rec.log())
	time.Sleep(5 * h.interval)
	if after := len(h.rec.log()); after != before {
		t.Fatalf("still ticking after the burst: %d flushes in 5 intervals", after-before)
	}
}

func TestRenderOnDemandResize(t *testing.T) {
	t.Parallel()
	h := startDemandProgram(t, 2)
	h.settle()
	h.offBeat()
	sent := time.Now()
	h.p.Send(WindowSizeMsg{Width: 100, Height: 30})
	f := h.waitFlush("start 100x30", sent)
	if lag := f.at.Sub(sent); lag > h.interval/4 {
		t.Fatalf("resize drawn %v after it arrived, want < %v", lag, h.interval/4)
	}
	// A burst of resizes (a window being dragged) is drawn once, at its end.
	for w := 101; w <= 110; w++ {
		h.p.Send(WindowSizeMsg{Width: w, Height: 30})
	}
	last := h.waitFlush("start 110x30", f.at)
	spares := 0
	for _, g := range h.rec.log() {
		if g.at.After(f.at) && g.at.Before(last.at) && g.content != "start 100x30" {
			if spares++; spares > 1 { // one may pass at once after the leading frame
				t.Fatalf("intermediate size %q drawn while resizing", g.content)
			}
		}
	}
}

// TestRenderOnDemandSuspendResume releases and restores the terminal the way
// a suspend (ctrl+z) and an Exec do, on the event loop: the restored screen is
// repainted without any new view, the ticker stops again afterwards, and the
// next view after a quiet spell is drawn at once.
func TestRenderOnDemandSuspendResume(t *testing.T) {
	t.Parallel()
	h := startDemandProgram(t, 5)
	h.settle()
	mark := h.out.Len()
	released := make(chan struct{})
	h.p.Send(callIn(func() {
		// What suspend does, without signalling the process group.
		if err := h.p.releaseTerminal(true); err != nil {
			t.Error(err)
		}
		if err := h.p.RestoreTerminal(); err != nil {
			t.Error(err)
		}
		close(released)
	}))
	<-released
	deadline := time.Now().Add(5 * time.Second)
	for !bytes.Contains([]byte(h.out.Since(mark)), []byte("start 80x24")) {
		if time.Now().After(deadline) {
			t.Fatalf("screen not repainted after resume; wrote %q; flushes %v", h.out.Since(mark), h.rec.log())
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(2*h.interval + h.interval/4)
	before := len(h.rec.log())
	time.Sleep(5 * h.interval)
	if after := len(h.rec.log()); after != before {
		t.Fatalf("still ticking after resume: %d flushes in 5 intervals", after-before)
	}
	sent := time.Now()
	h.p.Send(setText("back"))
	f := h.waitFlush("back 80x24", sent)
	if lag := f.at.Sub(sent); lag > h.interval/2 {
		t.Fatalf("view after resume drawn %v after it arrived, want < %v", lag, h.interval/2)
	}
}

// TestRenderOnDemandUnchangedViewDoesNotDelay: a message that leaves the
// screen as it was (a poll that brought nothing new) draws no frame and must
// not start the rate limit, or the key that follows it would wait a frame
// interval.
func TestRenderOnDemandUnchangedViewDoesNotDelay(t *testing.T) {
	t.Parallel()
	h := startDemandProgram(t, 2)
	h.settle()
	for i := range 2 {
		h.offBeat()
		h.p.Send(setText("start")) // the same view as on screen
		time.Sleep(20 * time.Millisecond)
		sent := time.Now()
		text := fmt.Sprintf("key%d", i)
		h.p.Send(setText(text))
		f := h.waitFlush(text+" 80x24", sent)
		if lag := f.at.Sub(sent); lag > h.interval/4 {
			t.Fatalf("view after an unchanged one drawn %v after it arrived, want < %v", lag, h.interval/4)
		}
		h.p.Send(setText("start"))
		time.Sleep(h.interval*2 + h.interval/4)
	}
}

// TestRenderOnDemandAnswerAfterLoadingFrame: a view that answers the frame
// just drawn (a drill-down's data after its loading frame) is drawn at once,
// not at the next tick; a third view in the same interval waits for it.
func TestRenderOnDemandAnswerAfterLoadingFrame(t *testing.T) {
	t.Parallel()
	h := startDemandProgram(t, 2) // 500 ms between ticks
	h.settle()
	h.offBeat()
	sent := time.Now()
	h.p.Send(setText("loading"))
	lead := h.waitFlush("loading 80x24", sent)
	time.Sleep(30 * time.Millisecond)
	sent = time.Now()
	h.p.Send(setText("data"))
	f := h.waitFlush("data 80x24", sent)
	if lag := f.at.Sub(sent); lag > h.interval/4 {
		t.Fatalf("the answer after the loading frame drawn %v after it arrived, want < %v", lag, h.interval/4)
	}
	time.Sleep(30 * time.Millisecond)
	h.p.Send(setText("more"))
	g := h.waitFlush("more 80x24", f.at)
	if gap := g.at.Sub(lead.at); gap < h.interval/2 {
		t.Fatalf("a third view drawn %v after the first, want the tick (≈ %v)", gap, h.interval)
	}
}
