package tui

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
)

// realError returns the error a real client gives for a failure of the
// kind code, from a real exchange over loopback.
func realError(t testing.TB, code client.Code) error {
	t.Helper()
	var h http.HandlerFunc
	cfg := client.Config{Timeout: 200 * time.Millisecond, Retries: -1, BodyLimit: 1 << 10}
	switch code {
	case client.CodeRefused:
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		cfg.BaseURL = "http://" + l.Addr().String()
		l.Close()
	case client.CodeTimeout:
		h = func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	case client.CodeReset:
		h = func(w http.ResponseWriter, r *http.Request) {
			conn, _, _ := w.(http.Hijacker).Hijack()
			_ = conn.(*net.TCPConn).SetLinger(0)
			conn.Close()
		}
	case client.CodeUnavailable, client.CodeServerError:
		status := map[client.Code]int{client.CodeUnavailable: 503, client.CodeServerError: 500}[code]
		h = func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"type":"about:blank","title":"injected","status":%d}`, status)
		}
	case client.CodeTruncated, client.CodeMalformed, client.CodeTooLarge:
		body := map[client.Code]string{client.CodeTruncated: `{"status":"ok","sim_ti`, client.CodeMalformed: `{"status":#}`,
			client.CodeTooLarge: `{"status":"` + strings.Repeat("x", 2<<10) + `"}`}[code]
		h = func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(body))
		}
	default:
		t.Fatalf("no real error for %s", code)
	}
	if h != nil {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		cfg.BaseURL = srv.URL
	}
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Health(context.Background())
	if got := client.CodeOf(err); got != code {
		t.Fatalf("real %s error is %v (%s)", code, err, got)
	}
	return err
}

// downState is the fixture with /health failing with err since a minute,
// the next try in 8 s; the data on screen was fetched just now.
func downState(err error) client.State {
	s := fixtureState(10)
	s.Health.Err, s.Health.Failures = err, 3
	s.Health.FailingSince, s.Health.NextAttempt = fixedNow.Add(-time.Minute), fixedNow.Add(8*time.Second)
	return s
}

// bannerOf returns the banner line of a view ("" when none).
func bannerOf(v string) string {
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "⚠") {
			return l
		}
	}
	return ""
}

// TestBannerNamesEachFailure: each kind of failure has its own banner, in
// the UI language; the English detail of the error is not on the Chinese
// banner but on the help screen.
func TestBannerNamesEachFailure(t *testing.T) {
	want := map[client.Code][2]string{
		client.CodeRefused:     {"连接被拒绝", "Connection refused by the case system"},
		client.CodeTimeout:     {"案件系统无应答（超时）", "The case system does not answer (timed out)"},
		client.CodeReset:       {"连接被案件系统重置", "Connection reset by the case system"},
		client.CodeUnavailable: {"案件系统暂不可用（503）", "Case system unavailable (503)"},
		client.CodeServerError: {"案件系统内部错误（HTTP 500）", "Case system error (HTTP 500)"},
		client.CodeTruncated:   {"应答不完整（JSON 被截断）", "Answer cut short (truncated JSON)"},
		client.CodeMalformed:   {"应答格式错误（JSON 无效）", "Malformed answer (invalid JSON)"},
		client.CodeTooLarge:    {"应答过大，超出上限", "Answer too large (over the limit)"},
	}
	for code, texts := range want {
		err := realError(t, code)
		for i, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
			t.Run(string(code)+"/"+[]string{"zh", "en"}[i], func(t *testing.T) {
				h := newHarness(t, 160, 48, downState(err), withLang(lang))
				v := h.view()
				b := bannerOf(v)
				if !strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(b), "⚠")), texts[i]) {
					t.Errorf("banner %q does not begin with %q", b, texts[i])
				}
				if lang == i18n.ZH && strings.ContainsAny(b, "abcdefghijklmnopqrstuvwxyz") {
					t.Errorf("English on the Chinese banner: %q", b)
				}
				checkFrame(t, v, 160, 48)
				h.keys("?")
				if v := h.view(); !strings.Contains(v, err.Error()[:min(len(err.Error()), 30)]) {
					t.Errorf("the help screen lacks the detail %q:\n%s", err, v)
				}
			})
		}
	}
}

// TestEveryPanelOfflineWhenDown: while /health cannot reach the API, no
// panel claims to be live, though the others' polls have not failed yet;
// each keeps its true age.
func TestEveryPanelOfflineWhenDown(t *testing.T) {
	s := downState(realError(t, client.CodeRefused))
	h := newHarness(t, 160, 48, s)
	v := h.view()
	if strings.Contains(v, "刚刚") {
		t.Errorf("a panel claims to be live while the API is down:\n%s", v)
	}
	// The header's three ages and the three panels' titles.
	for _, w := range []string{"离线 预警 12秒 · 指标 40秒 · 权责 1分", "━ 12秒 离线 ━", "─ 40秒 离线 ─", "─ 1分 离线 ─"} {
		if !strings.Contains(v, w) {
			t.Errorf("view lacks %q: every panel is offline with its true age:\n%s", w, v)
		}
	}
	// English, and a failure of the alerts alone that is not the API's
	// unreachability: that panel is failing, the others are live.
	s = fixtureState(10)
	s.Alerts.Err, s.Alerts.Failures = realError(t, client.CodeServerError), 2
	s.Alerts.FailingSince, s.Alerts.NextAttempt = fixedNow.Add(-time.Minute), fixedNow.Add(5*time.Second)
	h = newHarness(t, 160, 48, s, withLang(i18n.EN))
	v = h.view()
	if !strings.Contains(v, "12s failing") || strings.Contains(v, "offline") || !strings.Contains(v, "live") {
		t.Errorf("want the alerts failing and the others live:\n%s", v)
	}
}

// TestBannerWithoutData: a case system never reached has no last good
// data to show, and the banner does not say it shows any; the panels say
// why they are empty instead of "loading" forever.
func TestBannerWithoutData(t *testing.T) {
	err := realError(t, client.CodeTimeout)
	s := client.State{Health: client.Feed[api.Health]{Err: err, Failures: 1,
		FailingSince: fixedNow.Add(-10 * time.Second), NextAttempt: fixedNow}}
	for _, c := range []struct {
		lang      i18n.Lang
		want, not []string
	}{
		{i18n.ZH, []string{"尚无数据", "正在重试", "加载失败：案件系统无应答（超时）", "详情：timed out"}, []string{"显示", "0秒后", "加载中"}},
		{i18n.EN, []string{"no data yet", "retrying now", "The case system does not answer (timed out)"}, []string{"showing", "in 0s", "loading"}},
	} {
		h := newHarness(t, 160, 48, s, withLang(c.lang))
		v := h.view()
		for _, w := range c.want {
			if !strings.Contains(v, w) {
				t.Errorf("%s: view lacks %q:\n%s", c.lang, w, v)
			}
		}
		for _, w := range c.not {
			if strings.Contains(v, w) {
				t.Errorf("%s: view says %q:\n%s", c.lang, w, v)
			}
		}
	}
}

// TestSimClockStandsStillOffline (D10): while the clock's source fails,
// the countdowns of the last good data stop instead of running on, and
// when the server, whose clock paused, answers again they never run
// backwards.
func TestSimClockStandsStillOffline(t *testing.T) {
	now := fixedNow
	sim := fixedNow.Add(-48 * time.Hour)
	s := fixtureState(5)
	s.Health.FetchedAt, s.Health.Interval = now, 10*time.Second
	s.Health.Data.SimTime, s.Health.Data.SimSpeed = sim, 1440
	h := newHarness(t, 80, 24, s, func(o *Options) { o.Now = func() time.Time { return now } })
	var last time.Time
	step := func(d time.Duration) time.Time {
		t.Helper()
		now = now.Add(d)
		h.send(tickMsg{gen: h.m.tickGen, at: now})
		got := h.m.simNow()
		if got.Before(last) {
			t.Fatalf("clock ran backwards at %v: %v after %v", now.Sub(fixedNow), got, last)
		}
		last = got
		return got
	}
	step(5 * time.Second) // runs between polls
	if want := sim.Add(5 * time.Second * 1440); !last.Equal(want) {
		t.Fatalf("between polls: %v, want %v", last, want)
	}
	// The server dies: the next poll fails 12 s after the last answer.
	now = now.Add(7 * time.Second)
	down := s
	down.Seq++
	down.Health.Err, down.Health.Failures = realError(t, client.CodeRefused), 1
	down.Health.FailingSince, down.Health.NextAttempt = now, now.Add(5*time.Second)
	h.send(stateMsg{state: down})
	held := step(0)
	if clk := h.m.simClock(); !strings.Contains(clk, "过时") || strings.Contains(clk, "已暂停") {
		t.Errorf("offline the simulation clock reads %q: the simulation is not paused, its clock is stale", clk)
	}
	for range 40 {
		if got := step(time.Second); !got.Equal(held) {
			t.Fatalf("the clock ran on while offline: %v, held %v", got, held)
		}
	}
	// The server returns; its clock paused a few seconds after its last
	// answer.
	up := s
	up.Seq += 2
	up.Health.FetchedAt = now
	up.Health.Data.SimTime = sim.Add(2 * time.Second * 1440)
	h.send(stateMsg{state: up})
	step(0)
	if clk := h.m.simClock(); !strings.Contains(clk, "×1440") {
		t.Errorf("back online the simulation clock reads %q, want its speed", clk)
	}
	for range 20 {
		step(time.Second)
	}
	if !last.After(held) {
		t.Fatalf("the clock did not resume: %v, held %v", last, held)
	}
	// A paused simulation (sim_speed 0) says so.
	paused := up
	paused.Seq++
	paused.Health.Data.SimSpeed = 0
	h.send(stateMsg{state: paused})
	if clk := h.m.simClock(); !strings.Contains(clk, "已暂停") {
		t.Errorf("a paused simulation's clock reads %q, want 已暂停", clk)
	}
}

// TestBannerForAPanelAlone: when only a panel on screen fails (a dripping
// indicators answer times out, the alerts are fine), the banner still
// names the failure, and only that panel is marked.
func TestBannerForAPanelAlone(t *testing.T) {
	s := fixtureState(10)
	var root string
	for _, u := range s.Units.Data.Units {
		if u.ParentID == "" {
			root = u.ID
		}
	}
	in := s.Indicators[root]
	in.Err, in.Failures = realError(t, client.CodeTimeout), 1
	in.FailingSince, in.NextAttempt = fixedNow.Add(-10*time.Second), fixedNow.Add(30*time.Second)
	s.Indicators[root] = in
	h := newHarness(t, 160, 48, s, withLang(i18n.EN))
	v := h.view()
	if b := bannerOf(v); !strings.Contains(b, "The case system does not answer (timed out) · since 09:59:50") {
		t.Errorf("banner %q does not name the indicators' timeout", b)
	}
	if !strings.Contains(v, "alerts live") || !strings.Contains(v, "ind. 40s offline") {
		t.Errorf("want the alerts live and the indicators offline:\n%s", v)
	}
}

// TestEveryCodeTranslated: every code the client gives has its words in
// both languages.
func TestEveryCodeTranslated(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
		cat := i18n.New(l)
		for _, c := range client.Codes {
			if !cat.Has("fail." + string(c)) {
				t.Errorf("%v: no words for %s", l, c)
			}
		}
	}
}

// TestWallAlarmSaysWhatFails: a wall whose case system answers with
// errors says which, not "connection lost".
func TestWallAlarmSaysWhatFails(t *testing.T) {
	s := fixtureState(10)
	s.Alerts.Err, s.Alerts.Failures = realError(t, client.CodeServerError), 2
	s.Alerts.FailingSince, s.Alerts.NextAttempt = fixedNow.Add(-time.Minute), fixedNow.Add(5*time.Second)
	h, _ := newWall(t, 160, 44, s, WallOptions{})
	v := h.view()
	if !strings.Contains(v, "案件系统内部错误（HTTP 500） · 数据已 12秒 未更新") || strings.Contains(v, "连接中断") {
		t.Errorf("wall alarm:\n%s", v)
	}
	s.Seq++
	s.Alerts.Err = realError(t, client.CodeRefused)
	h.send(stateMsg{state: s})
	if v := h.view(); !strings.Contains(v, "连接中断") || !strings.Contains(v, "连接被拒绝") {
		t.Errorf("wall alarm offline:\n%s", v)
	}
}

// TestBannerNextTryIsTheProbe: while /health fails the data sets wait for
// it (their own next attempt is past, parked): the next try is /health's
// next probe, not "retrying now" for good.
func TestBannerNextTryIsTheProbe(t *testing.T) {
	err := realError(t, client.CodeReset)
	s := downState(err)
	s.Alerts.Err, s.Alerts.Failures = err, 1
	s.Alerts.FailingSince, s.Alerts.NextAttempt = fixedNow.Add(-time.Minute), fixedNow.Add(-50*time.Second)
	h := newHarness(t, 160, 48, s)
	if b := bannerOf(h.view()); !strings.Contains(b, "下次重试 10:00:08（8秒后）") || strings.Contains(b, "正在重试") {
		t.Errorf("banner %q: want the next probe of /health", b)
	}
}
