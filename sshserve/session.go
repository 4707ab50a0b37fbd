package sshserve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	bm "charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/client/sanitize"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/tui"
)

// ErrViewer is what a viewer session's Acknowledge returns: the dashboard
// is read-only for viewer keys, and the shared Source refuses too, in case
// the UI ever asks.
var ErrViewer = errors.New("this SSH key is a viewer: acknowledging alerts needs a triage key")

// Causes of a session's end, set by the server.
var (
	errShutdown = errors.New("server shutting down")
	errIdle     = errors.New("no input")
)

// defaultWidth and defaultHeight size a terminal that reports no size
// (ssh -tt without a local terminal asks for 0x0).
const defaultWidth, defaultHeight = 80, 24

// maxWidth and maxHeight bound the terminal size a session is drawn for.
// The renderer keeps two cell buffers of the whole screen (about 230 bytes
// a cell together), so a client claiming a 10000x10000 terminal would
// otherwise make the server allocate gigabytes; beyond the bounds the
// dashboard uses the top-left 300x100 cells.
const maxWidth, maxHeight = 300, 100

// clampWindow returns the size to draw for a client's window.
func clampWindow(w ssh.Window) (width, height int) {
	if w.Width <= 0 || w.Height <= 0 {
		return defaultWidth, defaultHeight
	}
	return min(w.Width, maxWidth), min(w.Height, maxHeight)
}

// maxAckedInAudit bounds the alert ids listed in a session's audit line.
const maxAckedInAudit = 20

// session is one SSH session running a dashboard.
type session struct {
	ssh    ssh.Session
	user   string // the SSH user name the client chose, sanitised: not an identity
	fp     string // SHA256 fingerprint of the key
	role   role
	name   string // the key's holder, from the key files ("" for a viewer key with none)
	known  bool   // the key is still authorized
	remote string
	start  time.Time
	lang   i18n.Lang
	by     string // recorded with acknowledgements: the key's name
	audit  *auditLog

	ctx    context.Context
	cancel context.CancelCauseFunc

	mu          sync.Mutex
	acked       []string // alert ids acknowledged
	ackRefused  int      // acknowledgements refused to a viewer
	unsubscribe []func()
	ended       bool

	admitted bool               // counted in Server.running until its exit status is sent
	out      *countingWriter    // the dashboard's output, once it runs
	cert     *gossh.Certificate // the certificate logged in with, if any
}

// stop ends the session's dashboard with cause.
func (ss *session) stop(cause error) { ss.cancel(cause) }

// middleware runs every session through the server.
func (srv *Server) middleware(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		srv.handle(s)
		next(s)
	}
}

// newSession gathers who is connecting.
func (srv *Server) newSession(s ssh.Session) *session {
	ss := &session{
		ssh:    s,
		user:   sanitize.Line(s.User(), 32),
		remote: addrString(s.RemoteAddr()),
		start:  time.Now(),
		lang:   sessionLang(s.Environ(), srv.opts.Dashboard.Lang),
	}
	if ss.user == "" {
		ss.user = "ssh"
	}
	if key := s.PublicKey(); key != nil {
		ss.fp = keyFingerprint(key)
		var info keyInfo
		info, ss.known, _ = srv.identify(key, s.RemoteAddr())
		ss.role, ss.name = info.role, info.name
		if cert, ok := key.(*gossh.Certificate); ok {
			ss.cert = cert
		}
	}
	// The author of acknowledgements is the key's holder as the key files
	// name them (a triage key always has a name), never the user name the
	// client sent; a nameless viewer key is shown by its fingerprint.
	ss.by = ss.name
	if ss.by == "" {
		short := strings.TrimPrefix(ss.fp, "SHA256:")
		if len(short) > 8 {
			short = short[:8]
		}
		ss.by = "SHA256:" + short
	}
	ss.audit = srv.audit
	ss.ctx, ss.cancel = context.WithCancelCause(s.Context())
	return ss
}

// handle runs one session from start to audit line.
func (srv *Server) handle(s ssh.Session) {
	ss := srv.newSession(s)
	defer ss.cancel(nil)
	// The SSH library grants agent forwarding by itself; no agent channel
	// is ever opened, so nothing is forwarded. Say that it was asked, when
	// the session starts (OpenSSH asks before the shell) or else at its end.
	agentSaid := ssh.AgentRequested(s)
	if agentSaid {
		srv.refused(s.Context(), "agent-forwarding")
	}
	reason, refused := srv.run(ss)
	end := time.Now()
	event, code := "session", 0
	if refused {
		event, code = "session-refused", 1
	}
	roleName := ss.role.String()
	if !ss.known {
		roleName = "none"
	}
	ss.mu.Lock()
	acked := ss.acked
	if len(acked) > maxAckedInAudit {
		acked = append(acked[:maxAckedInAudit:maxAckedInAudit], "+"+strconv.Itoa(len(ss.acked)-maxAckedInAudit))
	}
	fields := []field{
		{"user", ss.user},
		{"name", ss.name},
		{"key", ss.fp},
		{"role", roleName},
		{"remote", ss.remote},
		{"start", ss.start.Format(time.RFC3339)},
		{"end", end.Format(time.RFC3339)},
		{"duration", end.Sub(ss.start).Round(time.Second).String()},
		{"acks", strconv.Itoa(len(ss.acked))},
		{"acked", strings.Join(acked, ",")},
		{"acks_refused", strconv.Itoa(ss.ackRefused)},
		{"reason", reason},
	}
	if cmd := s.RawCommand(); cmd != "" {
		fields = append(fields, field{"command", sanitize.Line(cmd, 200)})
	}
	if ss.cert != nil {
		fields = append(fields, certFields(ss.cert)...)
	}
	ss.mu.Unlock()
	srv.audit.write(event, fields...)
	srv.observeEnd(ss, reason, refused, end)
	if !agentSaid && ssh.AgentRequested(s) {
		srv.refused(s.Context(), "agent-forwarding")
	}
	_ = s.Exit(code)
	// Only now may Shutdown drop the connection: releasing earlier let it
	// close the channel before the exit status went out.
	if ss.admitted {
		srv.release(ss)
	}
}

// run checks the session, admits it and runs its dashboard. It returns why
// the session ended, and whether it was refused.
func (srv *Server) run(ss *session) (reason string, refused bool) {
	s := ss.ssh
	if !ss.known {
		ss.refuse("revoked")
		return "key-not-authorized", true
	}
	if _, _, ok := s.Pty(); !ok {
		ss.refuse("nopty")
		return "no-pty", true
	}
	if s.RawCommand() != "" || s.Subsystem() != "" {
		ss.refuse("command")
		return "command", true
	}
	if why := srv.admit(ss); why != "" {
		ss.refuse(why, srv.opts.MaxSessions)
		return why, true
	}
	ss.admitted = true // released by handle, after the exit status
	srv.opts.Observer.SessionStarted(ss.role.String())
	return srv.runDashboard(ss), false
}

// admit registers the session unless the server is full or closing; it
// returns the reason for a refusal.
func (srv *Server) admit(ss *session) string {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	switch {
	case srv.closing:
		return "shutdown"
	case len(srv.sessions) >= srv.opts.MaxSessions:
		return "limit"
	}
	srv.sessions[ss] = struct{}{}
	srv.running.Add(1)
	return ""
}

func (srv *Server) release(ss *session) {
	srv.mu.Lock()
	delete(srv.sessions, ss)
	srv.mu.Unlock()
	srv.running.Done()
}

// runDashboard runs the session's own dashboard on the shared Source and
// returns why it ended.
func (srv *Server) runDashboard(ss *session) string {
	s := ss.ssh
	pty, winch, _ := s.Pty()

	// Idle timeout on input only: the timer is reset by reads of client
	// input, never by output (the dashboard repaints on its own: its clock
	// each minute, new data whenever it comes).
	in := &idleReader{r: s}
	if d := srv.opts.IdleTimeout; d > 0 {
		in.d = d
		in.t = time.AfterFunc(d, func() { ss.stop(errIdle) })
		defer in.t.Stop()
	}

	src := &sessionSource{Source: srv.opts.Dashboard.Source, ss: ss,
		canAck: ss.role == triage && !srv.opts.Dashboard.ReadOnly}
	defer src.end()
	dash := srv.opts.Dashboard
	dash.Source = src
	dash.ReadOnly = !src.canAck
	dash.ViewerKey = ss.role != triage
	dash.User = ss.by
	dash.Identity = ss.by
	dash.Lang = ss.lang

	opts := append(bm.MakeOptions(s),
		tea.WithInput(in),
		tea.WithContext(ss.ctx),
		tea.WithFPS(srv.opts.FPS),
		tui.WithEscTimeout(srv.opts.EscTimeout),
		// The server's own signals are the server's business, not every
		// session's.
		tea.WithoutSignalHandler(),
	)
	if s.EmulatedPty() {
		// Counted for the metrics: frames and bytes written to the client.
		ss.out = &countingWriter{w: s, obs: srv.opts.Observer}
		opts = append(opts, tea.WithOutput(ss.out))
	}
	w, h := clampWindow(pty.Window)
	opts = append(opts, tea.WithWindowSize(w, h))
	p := tea.NewProgram(tui.New(dash), opts...)
	go forwardWindowChanges(ss.ctx, p, winch)
	_, err := p.Run()
	cause := context.Cause(ss.ctx)
	ss.cancel(nil)

	switch {
	case errors.Is(cause, errIdle):
		ss.say("idle", srv.opts.IdleTimeout)
		return "idle"
	case errors.Is(cause, errShutdown):
		ss.say("shutdown")
		return "shutdown"
	case s.Context().Err() != nil || errors.Is(err, io.EOF):
		return "disconnect"
	case err != nil:
		return "error: " + err.Error()
	}
	return "quit"
}

// observeEnd tells the Observer how a session ended.
func (srv *Server) observeEnd(ss *session, reason string, refused bool, end time.Time) {
	if refused {
		srv.opts.Observer.SessionRefused(reason)
		return
	}
	if strings.HasPrefix(reason, "error") {
		reason = "error"
	}
	var frames, bytes int64
	if ss.out != nil {
		frames, bytes = ss.out.frames.Load(), ss.out.bytes.Load()
	}
	srv.opts.Observer.SessionEnded(ss.role.String(), reason, frames, bytes, end.Sub(ss.start))
}

// forwardWindowChanges sends the client's window changes to the program.
func forwardWindowChanges(ctx context.Context, p *tea.Program, winch <-chan ssh.Window) {
	for {
		select {
		case <-ctx.Done():
			return
		case w, ok := <-winch:
			if !ok {
				return
			}
			if w.Width <= 0 || w.Height <= 0 {
				continue
			}
			width, height := clampWindow(w)
			p.Send(tea.WindowSizeMsg{Width: width, Height: height})
		}
	}
}

// idleReader is the session's input; every read of client input pushes
// the idle deadline back.
type idleReader struct {
	r io.Reader
	d time.Duration
	t *time.Timer
}

// Read implements io.Reader.
func (ir *idleReader) Read(p []byte) (int, error) {
	n, err := ir.r.Read(p)
	if n > 0 && ir.t != nil {
		ir.t.Reset(ir.d)
	}
	return n, err
}

// sessionSource is the shared Source as one session sees it: it counts the
// session's acknowledgements for the audit line, records them under the
// session's identity whatever the UI passes, refuses them for viewers, and
// ends the session's subscriptions when the session ends (a dashboard
// stopped from outside never unsubscribes by itself).
type sessionSource struct {
	tui.Source
	ss     *session
	canAck bool
}

// Subscribe implements tui.Source.
func (c *sessionSource) Subscribe() (<-chan client.State, func()) {
	ch, cancel := c.Source.Subscribe()
	c.ss.mu.Lock()
	ended := c.ss.ended
	if !ended {
		c.ss.unsubscribe = append(c.ss.unsubscribe, cancel)
	}
	c.ss.mu.Unlock()
	if ended {
		cancel()
	}
	return ch, cancel
}

// Acknowledge implements tui.Source.
func (c *sessionSource) Acknowledge(alertID, _, note string) (string, error) {
	if !c.canAck {
		c.ss.mu.Lock()
		c.ss.ackRefused++
		c.ss.mu.Unlock()
		c.ss.auditAck("ack-refused", alertID, "", ErrViewer)
		return "", ErrViewer
	}
	key, err := c.Source.Acknowledge(alertID, c.ss.by, note)
	if err == nil {
		c.ss.mu.Lock()
		c.ss.acked = append(c.ss.acked, alertID)
		c.ss.mu.Unlock()
	}
	c.ss.auditAck("ack", alertID, key, err)
	return key, err
}

// auditAck writes one line per acknowledgement as it is made: who (the
// key's name and fingerprint), from where, which alert, under which
// Idempotency-Key, or why not.
func (ss *session) auditAck(event, alertID, key string, err error) {
	if ss.audit == nil {
		return
	}
	fields := []field{{"name", ss.name}, {"by", ss.by}, {"key", ss.fp}, {"user", ss.user},
		{"remote", ss.remote}, {"alert", sanitize.Line(alertID, 40)}, {"idempotency_key", key}}
	if err != nil {
		fields = append(fields, field{"err", err.Error()})
	}
	ss.audit.write(event, fields...)
}

// end ends every subscription of the session.
func (c *sessionSource) end() {
	c.ss.mu.Lock()
	c.ss.ended = true
	subs := c.ss.unsubscribe
	c.ss.unsubscribe = nil
	c.ss.mu.Unlock()
	for _, cancel := range subs {
		cancel()
	}
}

// sessionLang returns the language the client's environment names
// (LC_ALL, LC_MESSAGES, LANG, sent with ssh's SendEnv), or def when it
// names none.
func sessionLang(env []string, def i18n.Lang) i18n.Lang {
	vals := make(map[string]string, len(env))
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vals[k] = v
		}
	}
	get := func(k string) string { return vals[k] }
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := strings.ToLower(strings.TrimSpace(get(k)))
		if i := strings.IndexAny(v, "_-.@:"); i >= 0 {
			v = v[:i]
		}
		if v != "" && v != "c" && v != "posix" {
			return i18n.Detect(get)
		}
	}
	return def
}

// messages are the server's own lines, in Chinese and English.
var messages = map[string][2]string{
	"revoked":  {"casewatch：此密钥已不再获准登录", "casewatch: this key is no longer authorized"},
	"nopty":    {"casewatch：看板需要终端，请用 ssh -t 连接", "casewatch: the dashboard needs a terminal; connect with ssh -t"},
	"command":  {"casewatch：不支持执行命令，请直接连接（ssh -t 主机）", "casewatch: commands are not supported; connect without one (ssh -t HOST)"},
	"limit":    {"casewatch：服务器已满（最多 %d 个会话），请稍后再试", "casewatch: server full (at most %d sessions); try again later"},
	"shutdown": {"casewatch：服务器正在关闭", "casewatch: server shutting down"},
	"idle":     {"casewatch：%v 无输入，已断开", "casewatch: no input for %v; disconnected"},
}

// text returns the message key in the session's language.
func (ss *session) text(key string, args ...any) string {
	m := messages[key]
	f := m[0]
	if ss.lang == i18n.EN {
		f = m[1]
	}
	if strings.Contains(f, "%") {
		return fmt.Sprintf(f, args...)
	}
	return f
}

// refuse tells a refused client why, on stderr.
func (ss *session) refuse(key string, args ...any) {
	_, _ = fmt.Fprintln(ss.ssh.Stderr(), ss.text(key, args...))
}

// say writes a last line after the dashboard has restored the terminal.
func (ss *session) say(key string, args ...any) {
	_, _ = fmt.Fprintln(ss.ssh, ss.text(key, args...))
}
