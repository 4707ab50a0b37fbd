package sshserve

import (
	"context"
	"errors"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/casewatch/casewatch/i18n"
)

func TestViewerSeesDashboardInOwnLanguage(t *testing.T) {
	ts := startServer(t, nil)
	zh := openTerm(t, ts.login(t, "alice", ts.viewer), true, nil)
	zh.waitText(t, headerZH, 5*time.Second)
	zh.waitText(t, "东检刑诉受[2023]00001号", 5*time.Second) // the alerts arrived from the shared Source
	en := openTerm(t, ts.login(t, "bob", ts.viewer), true, map[string]string{"LANG": "en_US.UTF-8"})
	en.waitText(t, headerEN, 5*time.Second)
	if n := ts.srv.Sessions(); n != 2 {
		t.Errorf("Sessions() = %d, want 2", n)
	}

	zh.send(t, "q")
	if code := zh.wait(t, 5*time.Second); code != 0 {
		t.Errorf("exit status %d after q", code)
	}
	eventually(t, 2*time.Second, "audit line", func() bool { return len(ts.auditLines("session")) == 1 })
	line := ts.auditLines("session")[0]
	for _, want := range []string{"user=alice", "key=" + gossh.FingerprintSHA256(ts.viewer.signer.PublicKey()),
		"role=viewer", "remote=127.0.0.1:", "start=", "end=", "acks=0", "reason=quit"} {
		if !strings.Contains(line, want) {
			t.Errorf("audit line lacks %q: %s", want, line)
		}
	}
}

func TestOnlyAuthorizedKeysGetIn(t *testing.T) {
	ts := startServer(t, nil)
	kbdAsked := false
	cases := []struct {
		name string
		auth []gossh.AuthMethod
	}{
		{"unknown key", []gossh.AuthMethod{gossh.PublicKeys(ts.unknown.signer)}},
		{"no key (none method)", nil},
		{"password", []gossh.AuthMethod{gossh.Password("hunter2")}},
		{"keyboard-interactive", []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			kbdAsked = true
			return nil, nil
		})}},
	}
	for _, c := range cases {
		cl, err := ts.dial("mallory", c.auth...)
		if err == nil {
			cl.Close()
			t.Errorf("%s: logged in", c.name)
			continue
		}
		if !strings.Contains(err.Error(), "unable to authenticate") {
			t.Errorf("%s: %v, want an authentication failure", c.name, err)
		}
	}
	if kbdAsked {
		t.Error("the server offered keyboard-interactive")
	}
	if ts.srv.Sessions() != 0 {
		t.Error("a refused login holds a session")
	}
	eventually(t, 2*time.Second, "audit of the refusals", func() bool {
		return len(ts.auditLines("key-refused")) == 1 && len(ts.auditLines("login-failed")) == 4
	})
	if l := ts.auditLines("key-refused")[0]; !strings.Contains(l, gossh.FingerprintSHA256(ts.unknown.signer.PublicKey())) ||
		!strings.Contains(l, "user=mallory") {
		t.Errorf("key-refused line: %s", l)
	}
	// The known keys do get in.
	ts.login(t, "alice", ts.viewer)
	ts.login(t, "tom", ts.triage)
}

// TestViewerCannotAcknowledgeTriageCan runs in a synctest bubble, so
// "the viewer's enter acknowledged nothing" is checked once every goroutine
// has done all it will do (synctest.Wait), not after a sleep.
func TestViewerCannotAcknowledgeTriageCan(t *testing.T) {
	synctest.Test(t, viewerCannotAcknowledgeTriageCan)
}

func viewerCannotAcknowledgeTriageCan(t *testing.T) {
	ts := startServerInMemory(t, nil)
	v := openTerm(t, ts.login(t, "alice", ts.viewer), true, nil)
	v.waitText(t, "东检刑诉受[2023]00001号", 5*time.Second)
	v.waitText(t, "│ viewer@test", 5*time.Second) // who the session is, in the header
	v.send(t, "a")
	v.waitText(t, "只读：此密钥无确认权限", 5*time.Second)
	v.send(t, "\r")
	synctest.Wait()
	if _, acks := ts.src.counts(); len(acks) != 0 {
		t.Fatalf("a viewer acknowledged: %+v", acks)
	}

	tr := openTerm(t, ts.login(t, "tom", ts.triage), true, nil)
	tr.waitText(t, "东检刑诉受[2023]00001号", 5*time.Second)
	tr.send(t, "a")
	tr.waitText(t, "备注", 5*time.Second)
	tr.send(t, "已督办\r")
	eventually(t, 5*time.Second, "the triage acknowledgement", func() bool { _, acks := ts.src.counts(); return len(acks) == 1 })
	_, acks := ts.src.counts()
	// The author is the key's name, not the user name the client chose.
	if a := acks[0]; a.AlertID == "" || a.Note != "已督办" || a.By != "triage@test" {
		t.Errorf("acknowledgement %+v, want by %q", a, "triage@test")
	}
	tr.send(t, "q")
	tr.wait(t, 5*time.Second)
	eventually(t, 2*time.Second, "audit line", func() bool { return len(ts.auditLines("session")) == 1 })
	fp := gossh.FingerprintSHA256(ts.triage.signer.PublicKey())
	if l := ts.auditLines("session")[0]; !strings.Contains(l, "role=triage") || !strings.Contains(l, "acks=1") ||
		!strings.Contains(l, "acked="+acks[0].AlertID) || !strings.Contains(l, "name=triage@test") || !strings.Contains(l, "user=tom") {
		t.Errorf("audit line: %s", l)
	}
	if l := ts.auditLines("ack"); len(l) != 1 || !strings.Contains(l[0], "by=triage@test") || !strings.Contains(l[0], "key="+fp) ||
		!strings.Contains(l[0], "alert="+acks[0].AlertID) || !strings.Contains(l[0], "idempotency_key=key-1") {
		t.Errorf("ack audit lines: %q", l)
	}
	if l := ts.auditLines("ack-refused"); len(l) != 0 {
		t.Errorf("the viewer's a reached the source: %q", l)
	}
}

// The Source a viewer's dashboard gets refuses acknowledgements by itself,
// whatever the UI does.
func TestViewerSourceRefusesAcknowledge(t *testing.T) {
	src := &fakeSource{state: testState()}
	ss := &session{by: "alice (abc)"}
	viewer := &sessionSource{Source: src, ss: ss}
	if _, err := viewer.Acknowledge("A000001", "forged", ""); !errors.Is(err, ErrViewer) {
		t.Errorf("viewer Acknowledge: %v, want ErrViewer", err)
	}
	triage := &sessionSource{Source: src, ss: ss, canAck: true}
	if _, err := triage.Acknowledge("A000002", "forged", "n"); err != nil {
		t.Fatal(err)
	}
	_, acks := src.counts()
	if len(acks) != 1 || acks[0].AlertID != "A000002" || acks[0].By != "alice (abc)" {
		t.Errorf("acks %+v: want only A000002, recorded by the session's identity", acks)
	}
	if ss.ackRefused != 1 || len(ss.acked) != 1 {
		t.Errorf("counted %d refused, %d made", ss.ackRefused, len(ss.acked))
	}
}

func TestSessionWithoutPTYIsRefused(t *testing.T) {
	ts := startServer(t, nil)
	tm := openTerm(t, ts.login(t, "alice", ts.viewer), false, map[string]string{"LANG": "en_GB.UTF-8"})
	if code := tm.wait(t, 5*time.Second); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if got := tm.out.String(); !strings.Contains(got, "the dashboard needs a terminal; connect with ssh -t") {
		t.Errorf("output %q", got)
	}
	eventually(t, 2*time.Second, "audit", func() bool { return len(ts.auditLines("session-refused")) == 1 })
	if l := ts.auditLines("session-refused")[0]; !strings.Contains(l, "reason=no-pty") {
		t.Errorf("audit: %s", l)
	}
}

func TestSessionLimit(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.MaxSessions = 2 })
	for range 2 {
		openTerm(t, ts.login(t, "alice", ts.viewer), true, nil).waitText(t, headerZH, 5*time.Second)
	}
	third := openTerm(t, ts.login(t, "alice", ts.viewer), true, nil)
	if code := third.wait(t, 5*time.Second); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if got := third.out.text(); !strings.Contains(got, "服务器已满（最多 2 个会话）") {
		t.Errorf("refusal %q", got)
	}
	if l := ts.auditLines("session-refused"); len(l) != 1 || !strings.Contains(l[0], "reason=limit") {
		t.Errorf("audit: %q", l)
	}
}

// TestIdleTimeoutCountsInputNotOutput runs in a synctest bubble over an
// in-memory listener: the timeout, the key presses and the repaints run
// on virtual time, exactly, and the test does not wait them out.
func TestIdleTimeoutCountsInputNotOutput(t *testing.T) {
	synctest.Test(t, idleTimeoutCountsInputNotOutput)
}

func idleTimeoutCountsInputNotOutput(t *testing.T) {
	const idle = 1500 * time.Millisecond
	ts := startServerInMemory(t, func(o *Options) { o.IdleTimeout = idle })
	quiet := openTerm(t, ts.login(t, "alice", ts.viewer), true, nil)
	busy := openTerm(t, ts.login(t, "bob", ts.viewer), true, map[string]string{"LC_ALL": "en_US.UTF-8"})
	quiet.waitText(t, headerZH, 5*time.Second)
	busy.waitText(t, headerEN, 5*time.Second)
	start := time.Now()

	// bob presses a key every 300 ms for longer than the timeout.
	stop := time.After(2 * idle)
	for pressing := true; pressing; {
		select {
		case <-stop:
			pressing = false
		case <-time.After(300 * time.Millisecond):
			busy.send(t, "\x1b[B") // down arrow
		}
	}
	// alice typed nothing; the clock repainted her screen every second,
	// and still she was disconnected.
	if code := quiet.wait(t, time.Second); code != 0 {
		t.Errorf("idle session exit status %d", code)
	}
	if !strings.Contains(quiet.out.text(), "无输入，已断开") {
		t.Errorf("idle session was not told why: %q", tail(quiet.out.text(), 300))
	}
	select {
	case err := <-busy.done:
		t.Fatalf("the session with input ended after %v: %v", time.Since(start), err)
	default:
	}
	eventually(t, 2*time.Second, "audit", func() bool { return len(ts.auditLines("session")) == 1 })
	if l := ts.auditLines("session")[0]; !strings.Contains(l, "user=alice") || !strings.Contains(l, "reason=idle") {
		t.Errorf("audit: %s", l)
	}
	busy.send(t, "q")
	busy.wait(t, 5*time.Second)
	if subs, _ := ts.src.counts(); subs != 0 {
		t.Errorf("%d subscriptions left open after the sessions ended", subs)
	}
}

func TestShutdownTellsSessions(t *testing.T) {
	ts := startServer(t, nil)
	a := openTerm(t, ts.login(t, "alice", ts.viewer), true, nil)
	b := openTerm(t, ts.login(t, "bob", ts.triage), true, map[string]string{"LANG": "en_US.UTF-8"})
	a.waitText(t, headerZH, 5*time.Second)
	b.waitText(t, headerEN, 5*time.Second)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ts.srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	a.wait(t, 2*time.Second)
	b.wait(t, 2*time.Second)
	if !strings.Contains(a.out.text(), "服务器正在关闭") || !strings.Contains(b.out.text(), "server shutting down") {
		t.Errorf("not told:\n%q\n%q", tail(a.out.text(), 200), tail(b.out.text(), 200))
	}
	// The terminal was restored (alternate screen left) before the line.
	if out := b.out.String(); strings.LastIndex(out, "\x1b[?1049l") > strings.LastIndex(out, "server shutting down") {
		t.Error("the farewell line was written inside the alternate screen")
	}
	if subs, _ := ts.src.counts(); subs != 0 {
		t.Errorf("%d subscriptions left open", subs)
	}
	if l := ts.auditLines("session"); len(l) != 2 || !strings.Contains(l[0], "reason=shutdown") {
		t.Errorf("audit: %q", l)
	}
	if _, err := ts.dial("alice", gossh.PublicKeys(ts.viewer.signer)); err == nil {
		t.Error("a login succeeded after Shutdown")
	}
}

func TestServeReturnsAfterContext(t *testing.T) {
	ts := startServer(t, nil) // for its key files
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- Serve(ctx, Options{Addr: "127.0.0.1:0", HostKeyPath: ts.dir + "/hk2", AuthorizedKeysPath: ts.authPath,
			Audit: ts.audit, Dashboard: ts.srv.opts.Dashboard})
	}()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return")
	}
}

func TestSessionLang(t *testing.T) {
	for _, c := range []struct {
		env  []string
		def  i18n.Lang
		want i18n.Lang
	}{
		{nil, i18n.EN, i18n.EN},
		{[]string{"LANG=C.UTF-8"}, i18n.EN, i18n.EN},
		{[]string{"LANG=zh_CN.UTF-8"}, i18n.EN, i18n.ZH},
		{[]string{"LANG=zh_CN.UTF-8", "LC_ALL=en_US.UTF-8"}, i18n.ZH, i18n.EN},
		{[]string{"TERM=xterm", "LANG=de_DE.UTF-8"}, i18n.ZH, i18n.EN},
	} {
		if got := sessionLang(c.env, c.def); got != c.want {
			t.Errorf("sessionLang(%q, %v) = %v, want %v", c.env, c.def, got, c.want)
		}
	}
}

// Sessions that quit, disconnect or drop their channel leave no goroutine
// and no subscription behind.
func TestSessionsLeaveNothingBehind(t *testing.T) {
	ts := startServer(t, nil)
	base := runtime.NumGoroutine()
	var quit, dropped []*term
	var conns []*gossh.Client
	for i := range 6 {
		c, err := ts.dial("alice", gossh.PublicKeys(ts.viewer.signer))
		if err != nil {
			t.Fatal(err)
		}
		tm := openTerm(t, c, true, nil)
		tm.waitText(t, headerZH, 5*time.Second)
		switch i % 3 {
		case 0:
			quit = append(quit, tm)
			conns = append(conns, c)
		case 1:
			dropped = append(dropped, tm)
			conns = append(conns, c)
		case 2:
			c.Close() // the whole connection goes
		}
	}
	for _, tm := range quit {
		tm.send(t, "q")
		tm.wait(t, 5*time.Second)
	}
	for _, tm := range dropped {
		tm.sess.Close() // the channel goes, the connection stays
	}
	for _, c := range conns {
		c.Close()
	}
	eventually(t, 5*time.Second, "sessions ended", func() bool { return ts.srv.Sessions() == 0 })
	// A generous bound: on a loaded 2-core CI machine, goroutines of closed
	// sessions can take a while to be scheduled and return. If they do not,
	// the stacks say which ones stayed.
	deadline := time.Now().Add(20 * time.Second)
	for runtime.NumGoroutine() > base+2 {
		if time.Now().After(deadline) {
			var stacks strings.Builder
			_ = pprof.Lookup("goroutine").WriteTo(&stacks, 1)
			t.Fatalf("goroutines: %d, baseline %d; still running:\n%s", runtime.NumGoroutine(), base, stacks.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if subs, _ := ts.src.counts(); subs != 0 {
		t.Errorf("%d subscriptions left open", subs)
	}
	if l := ts.auditLines("session"); len(l) != 6 {
		t.Errorf("%d audit lines, want 6", len(l))
	}
}

// A client claiming an absurd terminal gets a bounded one: the renderer's
// buffers grow with the screen, and one session must not exhaust the server.
func TestHugeTerminalIsBounded(t *testing.T) {
	ts := startServer(t, nil)
	c := ts.login(t, "alice", ts.viewer)
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	out := &syncBuffer{}
	sess.Stdout = out
	if _, err := sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	if err := sess.RequestPty("xterm", 100000, 100000, nil); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	tm := &term{out: out}
	tm.waitText(t, headerZH, 5*time.Second)
	if err := sess.WindowChange(50000, 50000); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 100<<20 {
		t.Errorf("heap grew by %d MB for one session", grown>>20)
	}
	for _, c := range []struct{ in, w, h int }{{0, 80, 24}, {100000, 300, 100}} {
		if w, h := clampWindow(ssh.Window{Width: c.in, Height: c.in}); w != c.w || h != c.h {
			t.Errorf("clampWindow(%d) = %dx%d, want %dx%d", c.in, w, h, c.w, c.h)
		}
	}
}
