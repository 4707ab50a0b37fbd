package sshserve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/tui"
)

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// text is what the buffer shows, escape sequences removed.
func (s *syncBuffer) text() string { return ansi.Strip(s.String()) }

// fakeSource is a Source holding one fixed state; it counts subscriptions
// and records acknowledgements.
type fakeSource struct {
	state client.State

	mu   sync.Mutex
	subs int // open subscriptions
	acks []client.PendingAck
}

func (f *fakeSource) Subscribe() (<-chan client.State, func()) {
	ch := make(chan client.State, 1)
	ch <- f.state
	f.mu.Lock()
	f.subs++
	f.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			f.mu.Lock()
			f.subs--
			f.mu.Unlock()
			close(ch)
		})
	}
}

func (f *fakeSource) Current() client.State { return f.state }

func (f *fakeSource) Refresh() {}

func (f *fakeSource) Acknowledge(alertID, by, note string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.acks = append(f.acks, client.PendingAck{AlertID: alertID, By: by, Note: note})
	return fmt.Sprintf("key-%d", len(f.acks)), nil
}

func (f *fakeSource) counts() (subs int, acks []client.PendingAck) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.subs, append([]client.PendingAck(nil), f.acks...)
}

// testState is a healthy state with a few open alerts.
func testState() client.State {
	now := time.Now()
	units := []api.Unit{
		{ID: "p0", Name: "东州省人民检察院", NameEn: "Dongzhou Provincial Procuratorate", Level: api.UnitProvince,
			Departments: []api.Department{{ID: "d1", Name: "第一检察部", Line: api.LineCriminal}}},
		{ID: "b11", Name: "城关区人民检察院", NameEn: "Chengguan District", Level: api.UnitBasic, ParentID: "p0",
			Departments: []api.Department{{ID: "d1", Name: "第一检察部", Line: api.LineCriminal}}},
	}
	var alerts []*client.Alert
	for i := range 3 {
		alerts = append(alerts, client.NewAlert(api.Alert{
			ID: fmt.Sprintf("A%06d", i+1), Rule: "R2", RuleName: "审查起诉超期", RuleNameEn: "Prosecution review overdue",
			Category: api.CategoryDeadline, Level: api.LevelOverdue, Status: api.StatusOpen,
			CaseID: fmt.Sprintf("C%05d", i+1), CaseNo: fmt.Sprintf("东检刑诉受[2023]%05d号", i+1),
			UnitID: "b11", UnitName: "城关区人民检察院", DeptID: "d1", DeptName: "第一检察部",
			PersonID: "P1", PersonName: "李明", DueAt: now.Add(-time.Duration(i+1) * 24 * time.Hour),
			DetectedAt: now.Add(-time.Hour), UpdatedAt: now.Add(-time.Hour), Basis: "刑事诉讼法第172条", Message: "请及时处理",
		}))
	}
	s := client.State{Seq: 1}
	s.Health = client.Feed[api.Health]{HasData: true, FetchedAt: now, Interval: 10 * time.Second,
		Data: api.Health{Status: "ok", SimSpeed: 1}}
	s.Units = client.Feed[api.UnitList]{HasData: true, FetchedAt: now, Interval: time.Minute, Data: api.UnitList{Units: units}}
	s.Alerts = client.Feed[client.AlertSet]{HasData: true, FetchedAt: now, Interval: 5 * time.Second,
		Data: client.AlertSet{Alerts: alerts, AsOf: now, SimSpeed: 1}}
	return s
}

// keyPair is a client key and its authorized_keys line.
type keyPair struct {
	signer gossh.Signer
	line   string
	priv   ed25519.PrivateKey
}

func newKeyPair(t testing.TB, comment string) keyPair {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey()))) + " " + comment + "\n"
	return keyPair{signer: s, line: line, priv: priv}
}

// testServer is a running server with a viewer, a triage and an unknown
// key.
type testServer struct {
	srv                     *Server
	addr                    string
	dir                     string
	authPath, triagePath    string
	viewer, triage, unknown keyPair
	src                     *fakeSource
	audit                   *syncBuffer
	pipe                    *pipeListener // set when the server runs in memory
}

// pipeListener is an in-memory net.Listener: dial hands one end of a
// bufPipe to Accept. It lets a test run the server inside a synctest
// bubble, where time is virtual and a goroutine waiting on a real socket
// would stop the clock.
type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

// Accept waits for the next dial.
func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// Close stops Accept and further dials.
func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

// Addr names the listener.
func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

// dial connects to the listener.
func (l *pipeListener) dial() (net.Conn, error) {
	a, b := bufPipe()
	select {
	case l.conns <- b:
		return a, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// bufPipe is net.Pipe with a buffer each way, as a socket has: SSH has
// both ends write their version line before either reads, which blocks
// forever on net.Pipe's synchronous writes. Deadlines are not kept.
func bufPipe() (net.Conn, net.Conn) {
	ab, ba := newPipeBuf(), newPipeBuf()
	return &bufConn{r: ba, w: ab}, &bufConn{r: ab, w: ba}
}

// pipeBuf is one direction of a bufPipe.
type pipeBuf struct {
	mu     sync.Mutex
	cond   *sync.Cond
	buf    []byte
	closed bool
}

func newPipeBuf() *pipeBuf {
	b := &pipeBuf{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *pipeBuf) read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.buf) == 0 && !b.closed {
		b.cond.Wait()
	}
	if len(b.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, b.buf)
	b.buf = b.buf[n:]
	return n, nil
}

func (b *pipeBuf) write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, net.ErrClosed
	}
	b.buf = append(b.buf, p...)
	b.cond.Broadcast()
	return len(p), nil
}

func (b *pipeBuf) close() {
	b.mu.Lock()
	b.closed = true
	b.cond.Broadcast()
	b.mu.Unlock()
}

// bufConn is one end of a bufPipe.
type bufConn struct{ r, w *pipeBuf }

func (c *bufConn) Read(p []byte) (int, error)       { return c.r.read(p) }
func (c *bufConn) Write(p []byte) (int, error)      { return c.w.write(p) }
func (c *bufConn) Close() error                     { c.r.close(); c.w.close(); return nil }
func (c *bufConn) LocalAddr() net.Addr              { return pipeAddr{} }
func (c *bufConn) RemoteAddr() net.Addr             { return pipeAddr{} }
func (c *bufConn) SetDeadline(time.Time) error      { return nil }
func (c *bufConn) SetReadDeadline(time.Time) error  { return nil }
func (c *bufConn) SetWriteDeadline(time.Time) error { return nil }

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// startServer starts a server on a loopback TCP port.
func startServer(t testing.TB, tweak func(*Options)) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return startServerOn(t, ln, tweak)
}

// startServerInMemory starts a server on a pipeListener (for synctest).
func startServerInMemory(t testing.TB, tweak func(*Options)) *testServer {
	t.Helper()
	ln := newPipeListener()
	ts := startServerOn(t, ln, tweak)
	ts.pipe = ln
	return ts
}

func startServerOn(t testing.TB, ln net.Listener, tweak func(*Options)) *testServer {
	t.Helper()
	ts := &testServer{dir: t.TempDir(), src: &fakeSource{state: testState()}, audit: &syncBuffer{}}
	ts.viewer, ts.triage, ts.unknown = newKeyPair(t, "viewer@test"), newKeyPair(t, "triage@test"), newKeyPair(t, "stranger@test")
	ts.authPath = filepath.Join(ts.dir, "authorized_keys")
	ts.triagePath = filepath.Join(ts.dir, "triage_keys")
	writeFile(t, ts.authPath, "# viewers\n"+ts.viewer.line, 0o600)
	writeFile(t, ts.triagePath, ts.triage.line, 0o600)
	opts := Options{
		HostKeyPath:        filepath.Join(ts.dir, "state", HostKeyFile),
		AuthorizedKeysPath: ts.authPath,
		TriageKeysPath:     ts.triagePath,
		Audit:              ts.audit,
		Dashboard:          tui.Options{Source: ts.src, Lang: i18n.ZH},
		FPS:                20,
	}
	if tweak != nil {
		tweak(&opts)
	}
	srv, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		if err := <-done; !errors.Is(err, ErrServerClosed) {
			t.Errorf("Serve returned %v", err)
		}
	})
	ts.srv, ts.addr = srv, ln.Addr().String()
	return ts
}

func writeFile(t testing.TB, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

// dial logs in as user with the given methods, checking the host key.
func (ts *testServer) dial(user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	want := ts.srv.HostKeyFingerprint()
	cfg := &gossh.ClientConfig{
		User: user,
		Auth: auth,
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			if got := gossh.FingerprintSHA256(key); got != want {
				return fmt.Errorf("host key %s, want %s", got, want)
			}
			return nil
		},
		Timeout: 5 * time.Second,
	}
	if ts.pipe == nil {
		return gossh.Dial("tcp", ts.addr, cfg)
	}
	conn, err := ts.pipe.dial()
	if err != nil {
		return nil, err
	}
	c, chans, reqs, err := gossh.NewClientConn(conn, ts.addr, cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return gossh.NewClient(c, chans, reqs), nil
}

// login dials with key and fails the test on error.
func (ts *testServer) login(t testing.TB, user string, key keyPair) *gossh.Client {
	t.Helper()
	c, err := ts.dial(user, gossh.PublicKeys(key.signer))
	if err != nil {
		t.Fatalf("login as %s: %v", user, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// term is a session with a pseudo-terminal running the shell.
type term struct {
	sess *gossh.Session
	out  *syncBuffer // stdout and stderr
	in   io.WriteCloser
	done chan error // Wait's answer
}

// openTerm opens a session; pty false skips the terminal request.
func openTerm(t testing.TB, c *gossh.Client, pty bool, env map[string]string) *term {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	tm := &term{sess: sess, out: &syncBuffer{}, done: make(chan error, 1)}
	sess.Stdout, sess.Stderr = tm.out, tm.out
	if tm.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	for k, v := range env {
		if err := sess.Setenv(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if pty {
		if err := sess.RequestPty("xterm-256color", 30, 110, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { tm.done <- sess.Wait() }()
	return tm
}

// waitText waits until the screen text contains want.
func (tm *term) waitText(t testing.TB, want string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !strings.Contains(tm.out.text(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q within %v; got:\n%s", want, d, tail(tm.out.text(), 1500))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// wait waits for the session to end and returns its exit status.
func (tm *term) wait(t testing.TB, d time.Duration) int {
	t.Helper()
	select {
	case err := <-tm.done:
		var ee *gossh.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ee):
			return ee.ExitStatus()
		default:
			t.Fatalf("session ended with %v", err)
		}
	case <-time.After(d):
		t.Fatalf("session still open after %v; screen:\n%s", d, tail(tm.out.text(), 1500))
	}
	return -1
}

func (tm *term) send(t testing.TB, s string) {
	t.Helper()
	if _, err := io.WriteString(tm.in, s); err != nil {
		t.Fatal(err)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// eventually polls cond until it holds or d passes.
func eventually(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// auditLines returns the audit lines of event.
func (ts *testServer) auditLines(event string) []string {
	var out []string
	for _, l := range strings.Split(ts.audit.String(), "\n") {
		if strings.Contains(l, " event="+event+" ") {
			out = append(out, l)
		}
	}
	return out
}

// headerZH is on a Chinese dashboard at any width: the first panel's
// title (the header's product name shortens to 案管看板 when the clock and
// the time zone need its room).
const headerZH = "流程监控预警"

// headerEN is on an English dashboard at any width (the product name in
// the header gives way to the short name when narrow).
const headerEN = "Process alerts"
