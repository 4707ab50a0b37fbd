package client

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
)

func readOutbox(t *testing.T, path string) outboxFile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f outboxFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("outbox file: %v", err)
	}
	return f
}

func refusedClient(t *testing.T, addr string) *Client {
	c, err := New(Config{BaseURL: "http://" + addr, RetryWait: time.Millisecond, RetryMaxWait: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func TestAckDuringOutageDeliveredOnce(t *testing.T) {
	addr := reservePort(t)
	dir := t.TempDir()
	p := startPoller(t, fastOptions(refusedClient(t, addr), dir))
	key, err := p.Acknowledge("A0000003", "刘主任", "已督促承办人")
	if err != nil {
		t.Fatal(err)
	}
	// Persisted before Acknowledge returned.
	if f := readOutbox(t, filepath.Join(dir, "outbox.json")); len(f.Pending) != 1 || f.Pending[0].Key != key {
		t.Fatalf("outbox file: %+v", f)
	}
	st := waitState(t, p, "pending with an error", func(st State) bool {
		return len(st.Pending) == 1 && st.Pending[0].Attempts >= 1
	})
	if pa := st.Pending[0]; pa.Key != key || pa.AlertID != "A0000003" || !strings.Contains(pa.LastError, "connection refused") {
		t.Errorf("pending: %+v", pa)
	}
	f := newFakeAPI(10)
	srv := serveOn(t, addr, f)
	defer srv.Close()
	st = waitState(t, p, "delivered", func(st State) bool {
		return len(st.Pending) == 0 && len(st.AckResults) == 1 && st.Alerts.HasData
	})
	res := st.AckResults[0]
	if res.Key != key || res.Rejected || res.Err != nil || res.Alert == nil || res.Alert.Status != api.StatusAcknowledged {
		t.Errorf("result: %+v", res)
	}
	time.Sleep(50 * time.Millisecond)
	if n := f.acked("A0000003"); n != 1 {
		t.Errorf("server saw %d acknowledgements, want 1", n)
	}
	if f := readOutbox(t, filepath.Join(dir, "outbox.json")); len(f.Pending) != 0 {
		t.Errorf("outbox not emptied: %+v", f)
	}
	waitState(t, p, "ack in the alert set", func(st State) bool {
		for _, a := range st.Alerts.Data.Alerts {
			if a.ID == "A0000003" {
				return a.Status == api.StatusAcknowledged && a.Ack != nil && a.Ack.By == "刘主任"
			}
		}
		return false
	})
}

func TestAckSurvivesRestart(t *testing.T) {
	addr := reservePort(t)
	dir := t.TempDir()
	c := refusedClient(t, addr)
	p1, err := NewPoller(fastOptions(c, dir))
	if err != nil {
		t.Fatal(err)
	}
	p1.Start(t.Context())
	key, err := p1.Acknowledge("A0000002", "刘主任", "")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p1, "attempted", func(st State) bool { return len(st.Pending) == 1 && st.Pending[0].Attempts >= 1 })
	p1.Close()

	p2, err := NewPoller(fastOptions(c, dir))
	if err != nil {
		t.Fatal(err)
	}
	if pend := p2.Current().Pending; len(pend) != 1 || pend[0].Key != key || pend[0].Attempts < 1 {
		t.Fatalf("restarted outbox: %+v", pend)
	}
	f := newFakeAPI(10)
	srv := serveOn(t, addr, f)
	defer srv.Close()
	p2.Start(t.Context())
	defer p2.Close()
	st := waitState(t, p2, "delivered after restart", func(st State) bool { return len(st.Pending) == 0 && len(st.AckResults) == 1 })
	if st.AckResults[0].Key != key || st.AckResults[0].Err != nil {
		t.Errorf("result: %+v", st.AckResults[0])
	}
	if n := f.acked("A0000002"); n != 1 {
		t.Errorf("server saw %d acknowledgements, want 1", n)
	}
}

func TestAckLostAnswerRetriedWithSameKey(t *testing.T) {
	f := newFakeAPI(5)
	var dropped atomic.Int32
	f.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodPost || dropped.Add(1) > 1 {
			return false
		}
		// The server applies the acknowledgement, then the answer is lost.
		f.setFault(nil)
		f.ServeHTTP(httptest.NewRecorder(), r)
		conn, _, _ := w.(http.Hijacker).Hijack()
		_ = conn.(*net.TCPConn).SetLinger(0)
		conn.Close()
		return true
	})
	c, _ := newTestClient(t, f, nil)
	p := startPoller(t, fastOptions(c, t.TempDir()))
	key, err := p.Acknowledge("A0000001", "tester", "note")
	if err != nil {
		t.Fatal(err)
	}
	st := waitState(t, p, "delivered", func(st State) bool { return len(st.AckResults) == 1 && len(st.Pending) == 0 })
	if st.AckResults[0].Err != nil {
		t.Errorf("result: %+v", st.AckResults[0])
	}
	if n := f.acked("A0000001"); n != 1 {
		t.Errorf("server applied %d acknowledgements, want 1", n)
	}
	f.mu.Lock()
	var keys []string
	for _, r := range f.reqs {
		if r.Method == http.MethodPost {
			keys = append(keys, r.Header.Get("Idempotency-Key"))
		}
	}
	f.mu.Unlock()
	if len(keys) < 2 || dropped.Load() < 1 {
		t.Fatalf("the lost answer was not retried: %d requests", len(keys))
	}
	for _, k := range keys {
		if k != key {
			t.Errorf("sent key %q, want %q", k, key)
		}
	}
}

func TestAckRejectedIsSurfaced(t *testing.T) {
	f := newFakeAPI(5)
	f.rectify("A0000004")
	c, _ := newTestClient(t, f, nil)
	dir := t.TempDir()
	p := startPoller(t, fastOptions(c, dir))
	if _, err := p.Acknowledge("A0000004", "tester", ""); err != nil {
		t.Fatal(err)
	}
	st := waitState(t, p, "rejected", func(st State) bool { return len(st.AckResults) == 1 && len(st.Pending) == 0 })
	res := st.AckResults[0]
	if !res.Rejected || res.Err == nil || !strings.Contains(res.Err.Error(), "conflict (409) on /alerts/A0000004/ack: alert already rectified") {
		t.Errorf("result: %+v", res)
	}
	if f := readOutbox(t, filepath.Join(dir, "outbox.json")); len(f.Pending) != 0 {
		t.Error("rejected acknowledgement left in the outbox")
	}
}

func TestAckUnauthorizedStaysPending(t *testing.T) {
	f := newFakeAPI(5)
	f.token = "right"
	c, _ := newTestClient(t, f, nil) // no token
	p := startPoller(t, fastOptions(c, t.TempDir()))
	if _, err := p.Acknowledge("A0000001", "tester", ""); err != nil {
		t.Fatal(err)
	}
	st := waitState(t, p, "attempted", func(st State) bool { return len(st.Pending) == 1 && st.Pending[0].Attempts >= 1 })
	if !strings.Contains(st.Pending[0].LastError, "unauthorized (401)") || len(st.AckResults) != 0 {
		t.Errorf("state: %+v %+v", st.Pending, st.AckResults)
	}
}

func TestOutboxCorruptMovedAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "outbox.json")
	// Two whole entries, then the file ends in the middle of the third.
	damaged := `{"version":1,"pending":[
 {"alert_id":"A1","by":"张三","note":"n1","key":"k-1","queued_at":"2026-12-03T07:47:04Z","attempts":2},
 {"alert_id":"A2","by":"李四","note":"n2","key":"k-2","queued_at":"2026-12-03T07:48:00Z","attempts":0},
 {"alert_id":"A3","by":"王`
	if err := os.WriteFile(path, []byte(damaged), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _ := New(Config{BaseURL: "http://127.0.0.1:1"})
	opts := fastOptions(c, dir)
	p, err := NewPoller(opts)
	if err != nil {
		t.Fatal(err)
	}
	st := p.Current()
	var d *OutboxDamage
	if !errors.As(st.OutboxErr, &d) || d.Recovered != 2 || d.Path != path || !strings.HasPrefix(d.Aside, path+".corrupt-") {
		t.Fatalf("OutboxErr = %v", st.OutboxErr)
	}
	if msg := st.OutboxErr.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, d.Aside) || !strings.Contains(msg, "2 acknowledgement(s) recovered") {
		t.Errorf("message: %s", msg)
	}
	aside, _ := filepath.Glob(path + ".corrupt-*")
	if len(aside) != 1 {
		t.Fatalf("corrupt file not kept: %v", aside)
	}
	if b, _ := os.ReadFile(aside[0]); string(b) != damaged {
		t.Error("corrupt file altered")
	}
	// The readable entries are pending again, on disk and in the state.
	if f := readOutbox(t, path); len(f.Pending) != 2 || f.Pending[0].Key != "k-1" || f.Pending[1].Note != "n2" || f.Pending[0].Attempts != 2 {
		t.Fatalf("recovered outbox: %+v", f)
	}
	if len(st.Pending) != 2 || !st.Pending[0].QueuedAt.Equal(time.Date(2026, 12, 3, 7, 47, 4, 0, time.UTC)) {
		t.Errorf("pending: %+v", st.Pending)
	}
	if _, err := p.Acknowledge("A9", "tester", ""); err != nil {
		t.Fatalf("acknowledge after a corrupt outbox: %v", err)
	}
	if f := readOutbox(t, path); len(f.Pending) != 3 {
		t.Error("new entry not added to the recovered ones")
	}
	p.Close()
}

func TestOutboxDamagedByAnotherWriterIsRecovered(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "outbox.json")
	o, err := OpenOutbox(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Add(PendingAck{AlertID: "A1", By: "b", Key: "k1", QueuedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	// Something else garbles the file while this process runs.
	b, _ := os.ReadFile(path)
	if err := os.WriteFile(path, append([]byte("\x00garbage"), b...), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := o.List(); len(got) != 1 || got[0].Key != "k1" {
		t.Errorf("list after damage: %+v", got)
	}
	var d *OutboxDamage
	if !errors.As(o.Err(), &d) || d.Recovered != 1 {
		t.Fatalf("damage not reported: %v", o.Err())
	}
	if f := readOutbox(t, path); len(f.Pending) != 1 {
		t.Errorf("rewritten outbox: %+v", f)
	}
}

func TestOutboxKeepsOtherProcessesEntries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.json")
	// Two Outbox values on one file stand for two processes: each opened
	// the file before the other wrote.
	a, _ := OpenOutbox(path)
	b, _ := OpenOutbox(path)
	if err := a.Add(PendingAck{AlertID: "X", By: "a", Key: "kx"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(PendingAck{AlertID: "Y", By: "b", Key: "ky"}); err != nil {
		t.Fatal(err)
	}
	if err := a.Failed("kx", "refused"); err != nil {
		t.Fatal(err)
	}
	f := readOutbox(t, path)
	if len(f.Pending) != 2 || f.Pending[0].Key != "kx" || f.Pending[0].Attempts != 1 || f.Pending[1].Key != "ky" {
		t.Fatalf("outbox: %+v", f)
	}
	if got := a.List(); len(got) != 2 {
		t.Errorf("a does not see b's entry: %+v", got)
	}
	// b delivers a's entry; a's later Remove of it is harmless.
	if err := b.Remove("kx"); err != nil {
		t.Fatal(err)
	}
	if err := a.Remove("kx"); err != nil {
		t.Fatal(err)
	}
	if f := readOutbox(t, path); len(f.Pending) != 1 || f.Pending[0].Key != "ky" {
		t.Errorf("after removes: %+v", f)
	}
}

func TestOutboxWritesAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state", "casewatch", "outbox.json")
	o, err := OpenOutbox(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if err := o.Add(PendingAck{AlertID: "A", By: "b", Key: NewIdempotencyKey(), QueuedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.Remove(o.List()[0].Key); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 2 || entries[0].Name() != "outbox.json" || entries[1].Name() != "outbox.json.lock" {
		t.Errorf("leftovers beside the outbox: %v", entries)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("outbox mode %v", fi.Mode())
	}
	o2, err := OpenOutbox(path)
	if err != nil || o2.Len() != 4 {
		t.Fatalf("reopen: %v, %d pending", err, o2.Len())
	}
	// A directory that cannot be written: Add fails and queues nothing.
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o500); err != nil {
		t.Fatal(err)
	}
	o3, _ := OpenOutbox(filepath.Join(ro, "sub", "outbox.json"))
	if os.Geteuid() != 0 {
		if err := o3.Add(PendingAck{AlertID: "A", By: "b", Key: "k"}); err == nil || o3.Len() != 0 {
			t.Errorf("add to an unwritable directory: %v, %d pending", err, o3.Len())
		}
	}
}

func TestDefaultOutboxPath(t *testing.T) {
	t.Setenv("STATE_DIRECTORY", "/var/lib/casewatch")
	t.Setenv("XDG_STATE_HOME", "/var/tmp/xdg")
	if p, _ := DefaultOutboxPath(); p != "/var/lib/casewatch/outbox.json" {
		t.Errorf("under systemd's StateDirectory=: %s", p)
	}
	t.Setenv("STATE_DIRECTORY", "")
	if p, _ := DefaultOutboxPath(); p != "/var/tmp/xdg/casewatch/outbox.json" {
		t.Errorf("with XDG_STATE_HOME: %s", p)
	}
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("HOME", "/home/someone")
	if p, _ := DefaultOutboxPath(); p != "/home/someone/.local/state/casewatch/outbox.json" {
		t.Errorf("fallback: %s", p)
	}
}

func TestReadOnlyPoller(t *testing.T) {
	c, _ := New(Config{BaseURL: "http://127.0.0.1:1"})
	p, err := NewPoller(Options{Client: c, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Acknowledge("A1", "x", ""); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only acknowledge: %v", err)
	}
	p.Close()
}

func TestIdempotencyKey(t *testing.T) {
	k := NewIdempotencyKey()
	if len(k) != 36 || k[14] != '4' || strings.Count(k, "-") != 4 || k == NewIdempotencyKey() {
		t.Errorf("key %q", k)
	}
}
