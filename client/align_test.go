package client

import (
	"hash/fnv"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/casewatch/casewatch/api"
)

// slowNet answers through memNet after a latency that differs by request
// (1–12 ms, in the bubble's virtual time), as a real server's would, and
// records when each request went out.
type slowNet struct {
	*memNet
	mu   sync.Mutex
	sent map[string][]time.Time // data set ("/coverage?unit=u" …) → send times
}

func (n *slowNet) RoundTrip(req *http.Request) (*http.Response, error) {
	key := strings.TrimPrefix(req.URL.Path, api.BasePath)
	if u := req.URL.Query().Get("unit"); u != "" {
		key += "?unit=" + u + "&by=" + req.URL.Query().Get("by")
	}
	n.mu.Lock()
	n.sent[key] = append(n.sent[key], time.Now())
	n.mu.Unlock()
	h := fnv.New32a()
	_, _ = h.Write([]byte(req.URL.String()))
	time.Sleep(time.Millisecond * time.Duration(1+h.Sum32()%12))
	return n.memNet.RoundTrip(req)
}

// TestPollsGoOutTogether: with the default intervals (alerts 5 s, /health
// 10 s, notices 15 s, per unit every minute), the requests of the data
// sets go out in groups, about one group per alerts poll, instead of each
// at its own time, and no data set is polled more often than before.
func TestPollsGoOutTogether(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := &slowNet{memNet: newMemNet(newFakeAPI(5)), sent: map[string][]time.Time{}}
		memPoller(t, n)
		start := time.Now()
		time.Sleep(2 * time.Minute) // the staggered first round, then aligned
		from := time.Now()
		const window = 10 * time.Minute
		time.Sleep(window)
		synctest.Wait()
		n.mu.Lock()
		defer n.mu.Unlock()

		var all []time.Time
		for key, times := range n.sent {
			interval := DefaultIndicatorsInterval
			switch {
			case key == "/alerts":
				interval = DefaultAlertsInterval
			case key == "/health":
				interval = DefaultHealthInterval
			case key == "/notices":
				interval = DefaultNoticesInterval
			case key == "/units":
				interval = DefaultUnitsInterval
			case strings.HasPrefix(key, "/coverage"):
				interval = DefaultCoverageInterval
			}
			var polls []time.Time // after the first polls' stagger
			for _, at := range times {
				if at.Sub(start) >= 10*time.Second {
					polls = append(polls, at)
				}
			}
			for i := 1; i < len(polls); i++ {
				// A poll may go out up to a quarter of its interval early
				// and the next is then due an interval after where it was
				// due, so one gap may be up to a quarter long or short.
				gap := polls[i].Sub(polls[i-1])
				if gap < interval*3/4 || gap > interval*5/4+50*time.Millisecond {
					t.Errorf("%s polled %v after the poll before, want between %v and %v", key, gap, interval*3/4, interval*5/4)
				}
			}
			// On average no data set is polled more often than its
			// interval (plus the answers' latency, which it counts from).
			if n := len(polls); n > 2 {
				mean := polls[n-1].Sub(polls[0]) / time.Duration(n-1)
				if mean < interval*97/100 || mean > interval*103/100 {
					t.Errorf("%s polled every %v on average, want its interval %v", key, mean, interval)
				}
			}
			for _, at := range times {
				if !at.Before(from) {
					all = append(all, at)
				}
			}
		}
		if len(n.sent) < 3+3*len(fxUnits) {
			t.Fatalf("only %d data sets polled: %v", len(n.sent), slices.Collect(maps.Keys(n.sent)))
		}
		// Requests less than 100 ms apart belong to one wake-up.
		slices.SortFunc(all, func(a, b time.Time) int { return a.Compare(b) })
		groups := 0
		for i, at := range all {
			if i == 0 || at.Sub(all[i-1]) > 100*time.Millisecond {
				groups++
			}
		}
		alertsPolls := int(window / DefaultAlertsInterval)
		t.Logf("%d requests in %v went out in %d groups (%d alerts polls)", len(all), window, groups, alertsPolls)
		if groups > alertsPolls+alertsPolls/10 {
			t.Errorf("%d requests in %v went out in %d groups, want about one group per alerts poll (%d)",
				len(all), window, groups, alertsPolls)
		}
	})
}

// TestAlignDueSkipsFailingAndFirstPolls: a data set that failed keeps its
// retry time and one never answered keeps its staggered first poll; only
// one whose last poll succeeded is brought forward, and only within a
// quarter of its interval.
func TestAlignDueSkipsFailingAndFirstPolls(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	mk := func(unit string, next time.Duration, answered bool, failures int) *task {
		return &task{kind: dsIndicators, unit: unit, interval: time.Minute, next: now.Add(next), answered: answered, failures: failures}
	}
	due := mk("due", 0, true, 0)
	near := mk("near", 15*time.Second, true, 0)
	far := mk("far", 16*time.Second, true, 0)
	first := mk("first", time.Second, false, 0)
	failing := mk("failing", time.Second, false, 2)
	busy := mk("busy", time.Second, true, 0)
	busy.inFlight = true
	p := &Poller{opts: Options{Concurrency: 4}, tasks: []*task{due, near, far, first, failing, busy}}
	p.alignDue(now)
	for _, c := range []struct {
		t    *task
		want time.Duration
	}{{due, 0}, {near, 0}, {far, 16 * time.Second}, {first, time.Second}, {failing, time.Second}, {busy, time.Second}} {
		if got := c.t.next.Sub(now); got != c.want {
			t.Errorf("%s: due in %v, want %v", c.t.unit, got, c.want)
		}
	}
	// Nothing due: nothing moves.
	near.next = now.Add(10 * time.Second)
	due.next = now.Add(time.Second)
	p.alignDue(now)
	if near.next.Sub(now) != 10*time.Second || due.next.Sub(now) != time.Second {
		t.Errorf("with nothing due, alignDue moved a poll: %v, %v", near.next.Sub(now), due.next.Sub(now))
	}
	// A per-unit data set due but waiting for a slot (a slow server) goes
	// out with nothing: the alerts keep their own time.
	alerts := &task{kind: dsAlerts, interval: 5 * time.Second, next: now.Add(time.Second), answered: true}
	waiting := mk("waiting", 0, true, 0)
	p = &Poller{opts: Options{Concurrency: 4}, inflight: 4, tasks: []*task{alerts, waiting}}
	p.alignDue(now)
	if got := alerts.next.Sub(now); got != time.Second {
		t.Errorf("the alerts were brought forward to a per-unit poll that has no slot: due in %v, want 1s", got)
	}
	p.inflight = 3
	p.alignDue(now)
	if got := alerts.next.Sub(now); got != 0 {
		t.Errorf("the alerts did not go with a per-unit poll that has a slot: due in %v", got)
	}
}
