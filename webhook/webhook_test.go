package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/internal/atomicfile"
)

var asOf = time.Date(2026, 11, 20, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// alert is an active alert of unit at level, due days ago.
func alert(id, unit, level string, daysAgo int) *client.Alert {
	return client.NewAlert(api.Alert{ID: id, Rule: "R2", RuleName: "审查起诉超期", Category: api.CategoryDeadline,
		Level: level, Status: api.StatusOpen, CaseID: "C" + id, CaseNo: "东检刑诉受[2026]" + id + "号",
		UnitID: unit, UnitName: map[string]string{"b11": "城关区人民检察院", "b21": "河西区人民检察院"}[unit],
		DeptID: "d1", DeptName: "第一检察部", PersonID: "P1", PersonName: "李明",
		DueAt: asOf.Add(-time.Duration(daysAgo) * 24 * time.Hour), DetectedAt: asOf, UpdatedAt: asOf})
}

// state is a poller State holding alerts, with the unit tree
// p0 → c1 → b11 and p0 → c2 → b21.
func state(alerts ...*client.Alert) client.State {
	var st client.State
	st.Alerts = client.Feed[client.AlertSet]{HasData: true, Data: client.AlertSet{Alerts: alerts, Total: len(alerts), AsOf: asOf}}
	st.Units = client.Feed[api.UnitList]{HasData: true, Data: api.UnitList{Units: []api.Unit{
		{ID: "p0", Name: "东州省人民检察院"}, {ID: "c1", Name: "东州市人民检察院", ParentID: "p0"},
		{ID: "b11", Name: "城关区人民检察院", ParentID: "c1"}, {ID: "c2", Name: "西江市人民检察院", ParentID: "p0"},
		{ID: "b21", Name: "河西区人民检察院", ParentID: "c2"}}}}
	return st
}

// source hands States to a notifier's Run.
type source struct{ ch chan client.State }

func newSource() *source { return &source{ch: make(chan client.State, 1)} }

func (s *source) Subscribe() (<-chan client.State, func()) { return s.ch, func() {} }

// send replaces an unread State, as the poller does.
func (s *source) send(st client.State) {
	select {
	case <-s.ch:
	default:
	}
	s.ch <- st
}

// receiver is a webhook endpoint that records what it is posted and
// answers with the statuses in fail first, then 200.
type receiver struct {
	mu     sync.Mutex
	bodies []string
	hdrs   []http.Header
	urls   []string
	fail   []int
	calls  atomic.Int32
	answer string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.calls.Add(1)
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.fail) > 0 {
		code := rc.fail[0]
		rc.fail = rc.fail[1:]
		http.Error(w, "busy", code)
		return
	}
	rc.bodies = append(rc.bodies, string(b))
	rc.hdrs = append(rc.hdrs, r.Header.Clone())
	rc.urls = append(rc.urls, r.URL.String())
	if rc.answer != "" {
		_, _ = io.WriteString(w, rc.answer)
	}
}

func (rc *receiver) posts() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]string(nil), rc.bodies...)
}

// running is a notifier running on a source until stop.
type running struct {
	n      *Notifier
	src    *source
	stop   func()
	posted atomic.Int32
	retry  atomic.Int32
	// changes counts the state file's changes (OnPending), from New on.
	changes atomic.Int32
}

func start(t *testing.T, opts Options) *running {
	t.Helper()
	r := &running{src: newSource()}
	opts.MinBackoff, opts.MaxBackoff = 10*time.Millisecond, 40*time.Millisecond
	opts.OnPost = func(res string) {
		if res == "ok" {
			r.posted.Add(1)
		} else {
			r.retry.Add(1)
		}
	}
	opts.OnPending = func(int) { r.changes.Add(1) }
	n, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	r.n = n
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { n.Run(ctx, r.src); close(done) }()
	r.stop = func() { cancel(); <-done; n.Close() }
	t.Cleanup(func() {
		select {
		case <-done:
		default:
			r.stop()
		}
	})
	return r
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 5s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Only alerts that become overdue after the first start are posted, each
// once, also across a restart; the default body has no names.
func TestPostsNewOverdueOnceAcrossRestarts(t *testing.T) {
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	statePath := filepath.Join(t.TempDir(), "webhook.json")
	opts := Options{URL: srv.URL + "/hook", StatePath: statePath}

	r := start(t, opts)
	old := alert("A1", "b11", api.LevelOverdue, 5)
	warn := alert("A2", "b11", api.LevelWarning, 0)
	r.src.send(state(old, warn))
	eventually(t, "the baseline", func() bool { return r.changes.Load() == 2 })

	// A2 becomes overdue, A3 is new and overdue, A4 is a warning.
	r.src.send(state(old, alert("A2", "b11", api.LevelOverdue, 1), alert("A3", "b21", api.LevelOverdue, 2), alert("A4", "b21", api.LevelWarning, 0)))
	eventually(t, "one post", func() bool { return len(rc.posts()) == 1 })
	var p Payload
	if err := json.Unmarshal([]byte(rc.posts()[0]), &p); err != nil {
		t.Fatal(err)
	}
	if p.New != 2 || p.OverdueTotal != 3 || len(p.Alerts) != 2 || p.Alerts[0].ID != "A2" || p.Alerts[1].ID != "A3" ||
		p.Alerts[1].DaysOverdue != 2 || p.Alerts[0].UnitName != "城关区人民检察院" || len(p.ByUnit) != 2 || p.Event != "overdue" {
		t.Errorf("payload %+v", p)
	}
	for _, private := range []string{"李明", "东检刑诉受", "person_name", "case_no"} {
		if strings.Contains(rc.posts()[0], private) {
			t.Errorf("the default body carries %q: %s", private, rc.posts()[0])
		}
	}
	// The same alerts again: nothing new.
	r.src.send(state(old, alert("A2", "b11", api.LevelOverdue, 1), alert("A3", "b21", api.LevelOverdue, 2)))
	time.Sleep(50 * time.Millisecond)
	r.stop()

	// A restart with the same alerts posts nothing; a new overdue one is
	// posted.
	r = start(t, opts)
	r.src.send(state(old, alert("A2", "b11", api.LevelOverdue, 1), alert("A3", "b21", api.LevelOverdue, 2)))
	time.Sleep(100 * time.Millisecond)
	if n := len(rc.posts()); n != 1 {
		t.Fatalf("%d posts after the restart, want still 1:\n%s", n, strings.Join(rc.posts(), "\n"))
	}
	r.src.send(state(old, alert("A2", "b11", api.LevelOverdue, 1), alert("A5", "b11", api.LevelOverdue, 1)))
	eventually(t, "the post of A5", func() bool { return len(rc.posts()) == 2 })
	if !strings.Contains(rc.posts()[1], `"id":"A5"`) || strings.Contains(rc.posts()[1], `"id":"A2"`) {
		t.Errorf("second post %s", rc.posts()[1])
	}
}

// A webhook that answers 500 is retried with backoff until it takes the
// post; the alerts are posted once.
func TestRetriesOn500(t *testing.T) {
	rc := &receiver{fail: []int{500, 500, 503}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	r := start(t, Options{URL: srv.URL, StatePath: filepath.Join(t.TempDir(), "s.json"), PostExisting: true})
	r.src.send(state(alert("A1", "b11", api.LevelOverdue, 3)))
	eventually(t, "the post after three failures", func() bool { return len(rc.posts()) == 1 })
	if got := r.retry.Load(); got != 3 {
		t.Errorf("%d retries counted, want 3", got)
	}
	if got := rc.calls.Load(); got != 4 {
		t.Errorf("%d calls, want 4", got)
	}
	time.Sleep(60 * time.Millisecond)
	if len(rc.posts()) != 1 || r.n.Pending() != 0 {
		t.Errorf("posts %d, pending %d", len(rc.posts()), r.n.Pending())
	}
}

// While the webhook is down, the alert found waits in the state file; a
// restart keeps it and posts it once the webhook is up, without repeating
// it.
func TestDownWebhookKeepsAlertsAcrossRestart(t *testing.T) {
	const addr = "127.0.0.1:21610"
	statePath := filepath.Join(t.TempDir(), "s.json")
	opts := Options{URL: "http://" + addr + "/hook", StatePath: statePath, PostExisting: true}
	r := start(t, opts)
	r.src.send(state(alert("A1", "b11", api.LevelOverdue, 3), alert("A2", "b21", api.LevelOverdue, 1)))
	eventually(t, "two failed posts", func() bool { return r.retry.Load() >= 2 })
	r.stop()
	if r.posted.Load() != 0 {
		t.Fatal("posted to nothing")
	}

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	rc := &receiver{}
	srv := &http.Server{Handler: rc}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	// After the restart the case system no longer lists A2 (rectified
	// meanwhile): it was found overdue, so it is posted all the same.
	r = start(t, opts)
	r.src.send(state(alert("A1", "b11", api.LevelOverdue, 3)))
	eventually(t, "the post", func() bool { return len(rc.posts()) == 1 })
	if b := rc.posts()[0]; !strings.Contains(b, `"id":"A1"`) || !strings.Contains(b, `"id":"A2"`) {
		t.Errorf("body %s", b)
	}
	time.Sleep(60 * time.Millisecond)
	if len(rc.posts()) != 1 {
		t.Errorf("%d posts, want 1", len(rc.posts()))
	}
}

// The scope keeps the alerts of a unit's subtree; names come only when
// configured; Alertmanager's body is what its webhook receivers read.
func TestAlertmanagerFormatScopeAndNames(t *testing.T) {
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	r := start(t, Options{URL: srv.URL, StatePath: filepath.Join(t.TempDir(), "s.json"), Format: FormatAlertmanager,
		Scope: "c1", IncludeNames: true, Secret: "tok"})
	r.src.send(state())
	eventually(t, "the baseline", func() bool { return r.changes.Load() == 2 })
	r.src.send(state(alert("A1", "b11", api.LevelOverdue, 3), alert("A2", "b21", api.LevelOverdue, 1)))
	eventually(t, "the post", func() bool { return len(rc.posts()) == 1 })
	var am struct {
		Version, Status, Receiver string
		Alerts                    []struct {
			Status      string
			Labels      map[string]string
			Annotations map[string]string
			StartsAt    time.Time
			Fingerprint string
		}
	}
	if err := json.Unmarshal([]byte(rc.posts()[0]), &am); err != nil {
		t.Fatal(err)
	}
	if am.Version != "4" || am.Status != "firing" || len(am.Alerts) != 1 {
		t.Fatalf("body %s", rc.posts()[0])
	}
	a := am.Alerts[0]
	if a.Labels["alertname"] != "CasewatchOverdue" || a.Labels["alert_id"] != "A1" || a.Labels["unit_id"] != "b11" ||
		a.Annotations["person"] != "李明" || a.Annotations["case_no"] != "东检刑诉受[2026]A1号" || a.Fingerprint == "" ||
		!a.StartsAt.Equal(asOf.Add(-72*time.Hour)) {
		t.Errorf("alert %+v", a)
	}
	if got := rc.hdrs[0].Get("Authorization"); got != "Bearer tok" {
		t.Errorf("Authorization %q", got)
	}
}

// A 钉钉 robot's post is signed; an errcode in a 200 answer is a failure,
// retried.
func TestDingTalk(t *testing.T) {
	rc := &receiver{answer: `{"errcode":0,"errmsg":"ok"}`}
	var refuse atomic.Bool
	refuse.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if refuse.Swap(false) {
			_, _ = io.WriteString(w, `{"errcode":310000,"errmsg":"keywords not in content"}`)
			return
		}
		rc.ServeHTTP(w, r)
	}))
	defer srv.Close()
	var log strings.Builder
	var mu sync.Mutex
	r := start(t, Options{URL: srv.URL + "/robot/send?access_token=SECRET-TOKEN", StatePath: filepath.Join(t.TempDir(), "s.json"),
		Format: FormatDingTalk, Secret: "SEC123", PostExisting: true, Log: lockedWriter{&mu, &log}})
	r.src.send(state(alert("A1", "b11", api.LevelOverdue, 3)))
	eventually(t, "the post", func() bool { return len(rc.posts()) == 1 })
	if r.retry.Load() != 1 {
		t.Errorf("retries %d, want 1 (errcode 310000)", r.retry.Load())
	}
	var msg struct {
		Msgtype  string
		Markdown struct{ Title, Text string }
	}
	if err := json.Unmarshal([]byte(rc.posts()[0]), &msg); err != nil {
		t.Fatal(err)
	}
	if msg.Msgtype != "markdown" || !strings.Contains(msg.Markdown.Title, "案件超期提醒") ||
		!strings.Contains(msg.Markdown.Text, "城关区人民检察院 第一检察部：审查起诉超期，超期 3 天（A1）") || strings.Contains(msg.Markdown.Text, "李明") {
		t.Errorf("message %+v", msg)
	}
	if u := rc.urls[0]; !strings.Contains(u, "access_token=SECRET-TOKEN") || !strings.Contains(u, "timestamp=") || !strings.Contains(u, "sign=") {
		t.Errorf("url %s", u)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Contains(log.String(), "SECRET-TOKEN") {
		t.Errorf("the log shows the access token: %s", log.String())
	}
	if !strings.Contains(log.String(), "errcode 310000") {
		t.Errorf("log %s", log.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// One state file, one notifier; a damaged one is set aside; bad options
// are refused.
func TestStateFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.json")
	n, err := New(Options{URL: "http://127.0.0.1:1/h", StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{URL: "http://127.0.0.1:1/h", StatePath: path}); !errors.Is(err, ErrLocked) {
		t.Errorf("second notifier on one state file: %v", err)
	}
	n.Scan(state(alert("A1", "b11", api.LevelOverdue, 1)))
	n.Close()
	if _, err := New(Options{URL: "http://127.0.0.1:2/other", StatePath: path}); err == nil || !strings.Contains(err.Error(), "belongs to") {
		t.Errorf("state of another webhook: %v", err)
	}
	if err := atomicfile.Write(path, []byte("{not json")); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	n, err = New(Options{URL: "http://127.0.0.1:1/h", StatePath: path, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	n.Close()
	if !strings.Contains(log.String(), "was damaged") {
		t.Errorf("log %q", log.String())
	}
	matches, _ := filepath.Glob(path + ".damaged-*")
	if len(matches) != 1 {
		t.Errorf("damaged files: %v", matches)
	}
	for _, o := range []Options{{URL: "ftp://x/y", StatePath: path}, {URL: "http://x/y", StatePath: path, Format: "slack"}, {URL: "http://x/y"}} {
		if _, err := New(o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

// A State holding the very same alerts and units is not scanned again; a
// new slice is.
func TestSameAlerts(t *testing.T) {
	a := state(alert("A1", "b11", api.LevelOverdue, 1))
	b := a
	b.Seq++
	if !sameAlerts(a, b) {
		t.Error("the same slices judged different")
	}
	c := state(alert("A1", "b11", api.LevelOverdue, 1))
	if sameAlerts(a, c) {
		t.Error("new alerts judged the same")
	}
	d := a
	d.Units = c.Units
	if sameAlerts(a, d) {
		t.Error("new units judged the same")
	}
}

// With SendResolved, an alert posted overdue is posted once more when it
// is overdue no more: rectified, or gone from a set that holds every
// active alert; not when it is missing from a capped set. What was posted
// survives a restart, and the resolved post goes out after it.
func TestResolvedPostedOnceAcrossRestart(t *testing.T) {
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	opts := Options{URL: srv.URL, StatePath: filepath.Join(t.TempDir(), "s.json"), Format: FormatAlertmanager, SendResolved: true}
	r := start(t, opts)
	r.src.send(state())
	eventually(t, "the baseline", func() bool { return r.changes.Load() == 2 })
	a1, a2 := alert("A1", "b11", api.LevelOverdue, 3), alert("A2", "b21", api.LevelOverdue, 1)
	r.src.send(state(a1, a2))
	eventually(t, "the overdue post", func() bool { return len(rc.posts()) == 1 })

	// A2 leaves a capped set: that says nothing, no post.
	capped := state(a1)
	capped.Alerts.Data.Total = 5
	r.src.send(capped)
	time.Sleep(60 * time.Millisecond)
	if n := len(rc.posts()); n != 1 {
		t.Fatalf("a capped set resolved an alert: %d posts", n)
	}
	r.stop()

	// After a restart: A1 rectified, A2 gone from a whole set.
	r = start(t, opts)
	fixed := alert("A1", "b11", api.LevelOverdue, 3)
	fixed = client.NewAlert(api.Alert{ID: "A1", Rule: "R2", RuleName: "审查起诉超期", Category: api.CategoryDeadline,
		Level: api.LevelOverdue, Status: api.StatusRectified, CaseID: "CA1", UnitID: "b11", UnitName: "城关区人民检察院",
		DueAt: fixed.DueAt(), DetectedAt: asOf, UpdatedAt: asOf})
	r.src.send(state(fixed))
	eventually(t, "the resolved post", func() bool { return len(rc.posts()) == 2 })
	var am struct {
		Status            string
		CommonAnnotations map[string]string
		Alerts            []struct {
			Status string
			Labels map[string]string
			EndsAt time.Time
		}
	}
	if err := json.Unmarshal([]byte(rc.posts()[1]), &am); err != nil {
		t.Fatal(err)
	}
	if am.Status != "resolved" || len(am.Alerts) != 2 || am.Alerts[0].Labels["alert_id"] != "A1" ||
		am.Alerts[1].Labels["alert_id"] != "A2" || am.Alerts[0].Status != "resolved" || am.Alerts[0].EndsAt.IsZero() ||
		!strings.Contains(am.CommonAnnotations["summary"], "超期已消除 2 件") {
		t.Fatalf("resolved body %s", rc.posts()[1])
	}
	// Once only, also when the alert comes back unchanged.
	r.src.send(state(fixed, alert("A2", "b21", api.LevelOverdue, 1)))
	time.Sleep(60 * time.Millisecond)
	if n := len(rc.posts()); n != 2 {
		t.Fatalf("%d posts, want 2:\n%s", n, strings.Join(rc.posts(), "\n"))
	}
}

// Without SendResolved nothing is posted when an alert is overdue no
// more, and the robot's message says what was resolved when it is.
func TestResolvedOffByDefaultAndRobotText(t *testing.T) {
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	r := start(t, Options{URL: srv.URL, StatePath: filepath.Join(t.TempDir(), "s.json")})
	r.src.send(state())
	eventually(t, "the baseline", func() bool { return r.changes.Load() == 2 })
	r.src.send(state(alert("A1", "b11", api.LevelOverdue, 3)))
	eventually(t, "the overdue post", func() bool { return len(rc.posts()) == 1 })
	r.src.send(state())
	time.Sleep(60 * time.Millisecond)
	if n := len(rc.posts()); n != 1 {
		t.Fatalf("resolved posted without SendResolved: %d posts", n)
	}
	at := asOf.Add(time.Hour)
	b := batch{Resolved: true, AsOf: asOf, Alerts: []Record{{ID: "A1", UnitName: "城关区人民检察院", DeptName: "第一检察部",
		RuleName: "审查起诉超期", Resolved: true, ResolvedAt: &at}}}
	if md := b.markdown(); !strings.Contains(md, "案件超期已消除：1 件") || !strings.Contains(md, "已于 11-20 11:00 消除超期") {
		t.Errorf("robot text:\n%s", md)
	}
}
