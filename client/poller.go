package client

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/casewatch/casewatch/api"
)

// Defaults of Options.
const (
	DefaultAlertsInterval     = 5 * time.Second
	DefaultNoticesInterval    = 15 * time.Second
	DefaultIndicatorsInterval = 60 * time.Second
	DefaultCoverageInterval   = 60 * time.Second
	DefaultUnitsInterval      = 10 * time.Minute
	DefaultHealthInterval     = 10 * time.Second
	DefaultMinBackoff         = 2 * time.Second
	DefaultMaxBackoff         = 60 * time.Second
	DefaultStagger            = 5 * time.Second
	DefaultPublishGap         = 300 * time.Millisecond
	DefaultConcurrency        = 4
	DefaultRefreshGap         = 2 * time.Second
	DefaultAckHistory         = 20
)

// ErrReadOnly is returned by Acknowledge on a read-only poller.
var ErrReadOnly = errors.New("acknowledgements are disabled (read-only)")

// Options configures a Poller. Zero durations and counts mean their
// defaults; negative ones are an error.
type Options struct {
	// Client is the API client; required.
	Client *Client
	// Intervals of the data sets when all is well.
	AlertsInterval     time.Duration // default 5 s
	IndicatorsInterval time.Duration // default 60 s, per unit
	CoverageInterval   time.Duration // default 60 s, per unit and grouping
	UnitsInterval      time.Duration // default 10 min
	HealthInterval     time.Duration // default 10 s
	// NoticesInterval is how often GET /notices (the newest 1,000 of the
	// scope) is polled; default 15 s.
	NoticesInterval time.Duration
	// NoticesUnit limits the notices polled to a unit's subtree ("" all).
	NoticesUnit string
	// MinBackoff and MaxBackoff bound the wait after a failure: it doubles
	// with each consecutive failure of a data set, from
	// min(MinBackoff, interval) up to the data set's own interval or
	// MaxBackoff, whichever is shorter, with jitter (defaults 2 s and 60 s):
	// a data set is never retried later than one interval after a failure.
	// Only the server makes it wait longer, with a Retry-After (429, 503).
	MinBackoff, MaxBackoff time.Duration
	// Stagger spreads the first polls of the per-unit data sets asked
	// unit by unit over this window (default 5 s).
	Stagger time.Duration
	// Concurrency bounds the requests of the per-unit data sets in flight
	// at once when the server is asked unit by unit (default 4); health,
	// units, alerts and notices poll beside them.
	Concurrency int
	// RefreshGap is the least time between two forced refreshes; requests
	// within it are coalesced into one at its end (default 2 s).
	RefreshGap time.Duration
	// PublishGap is how long a per-unit data set's good news, when asked
	// unit by unit (indicators, coverage: 48 answers a minute with 16
	// units, mostly 304s, each of which would wake every subscriber), may
	// wait to be published with the ones that follow it (default 300 ms).
	// A unit's first data, errors, an answer for every unit at once, the
	// alerts, /health, units, notices and acknowledgements are published
	// at once and take the waiting news with them.
	PublishGap time.Duration
	// OutboxPath is the acknowledgement outbox file (default
	// DefaultOutboxPath()).
	OutboxPath string
	// ReadOnly disables acknowledgements and the outbox file.
	ReadOnly bool
	// AckHistory bounds State.AckResults (default 20).
	AckHistory int
	// MaxAlerts caps the alerts held (default DefaultMaxAlerts); past it
	// the most urgent are held and AlertSet.Total says how many there are.
	MaxAlerts int
	// OnPoll, when set, is called after every finished request of a data
	// set (not after one canceled by Close), from the poller's scheduler
	// goroutine: it must return quickly (count, never block). Metrics use
	// it (package metrics).
	OnPoll func(PollEvent)
	// AlertsOnly polls health, units and alerts only: no notices, no
	// indicators or coverage per unit (casewatch notify, which needs
	// nothing else, costs the case system a third of the requests).
	AlertsOnly bool
}

func (o Options) withDefaults() (Options, error) {
	if o.Client == nil {
		return o, errors.New("client: poller needs a Client")
	}
	durs := []struct {
		p   *time.Duration
		def time.Duration
		n   string
	}{
		{&o.AlertsInterval, DefaultAlertsInterval, "alerts interval"},
		{&o.IndicatorsInterval, DefaultIndicatorsInterval, "indicators interval"},
		{&o.CoverageInterval, DefaultCoverageInterval, "coverage interval"},
		{&o.UnitsInterval, DefaultUnitsInterval, "units interval"},
		{&o.HealthInterval, DefaultHealthInterval, "health interval"},
		{&o.NoticesInterval, DefaultNoticesInterval, "notices interval"},
		{&o.MinBackoff, DefaultMinBackoff, "minimum backoff"},
		{&o.MaxBackoff, DefaultMaxBackoff, "maximum backoff"},
		{&o.Stagger, DefaultStagger, "stagger"},
		{&o.RefreshGap, DefaultRefreshGap, "refresh gap"},
		{&o.PublishGap, DefaultPublishGap, "publish gap"},
	}
	for _, d := range durs {
		switch {
		case *d.p < 0:
			return o, fmt.Errorf("client: negative %s %v", d.n, *d.p)
		case *d.p == 0:
			*d.p = d.def
		}
	}
	if o.MaxBackoff < o.MinBackoff {
		return o, fmt.Errorf("client: maximum backoff %v is below the minimum %v", o.MaxBackoff, o.MinBackoff)
	}
	switch {
	case o.Concurrency < 0:
		return o, fmt.Errorf("client: negative concurrency %d", o.Concurrency)
	case o.Concurrency == 0:
		o.Concurrency = DefaultConcurrency
	}
	switch {
	case o.AckHistory < 0:
		return o, fmt.Errorf("client: negative ack history %d", o.AckHistory)
	case o.AckHistory == 0:
		o.AckHistory = DefaultAckHistory
	}
	return o, nil
}

// dataset names what a task polls.
type dataset int

const (
	dsHealth dataset = iota
	dsUnits
	dsAlerts
	dsIndicators
	dsCovDept
	dsCovPerson
	dsNotices
)

// task is the schedule of one data set (of one unit); owned by the
// scheduler goroutine.
type task struct {
	kind         dataset
	unit         string
	interval     time.Duration
	next         time.Time
	failures     int
	failingSince time.Time
	notBefore    time.Time // the server's Retry-After ends then
	started      time.Time // when its latest attempt began
	inFlight     bool
	again        bool // asked for while in flight: poll again once it ends
	removed      bool
	answered     bool          // its latest result was a success
	early        time.Duration // how far alignDue brought this poll forward
	// all marks a per-unit data set asked for every unit in one request
	// (GET /indicator-sets, /coverage-sets); unit is then "".
	all bool
}

// attemptEvent reports an attempt of a task's call that timed out while
// the call goes on (see withTimeoutObserver).
type attemptEvent struct {
	t   *task
	err error
	at  time.Time
}

// pollResult is a worker's answer.
type pollResult struct {
	t     *task
	v     any // *api.Health, *api.UnitList, AlertSet, *api.IndicatorSet, *api.Coverage
	fresh bool
	err   error
	at    time.Time
}

// ackEvent is the deliverer's news.
type ackEvent struct {
	res     *AckResult // nil when only the pending list changed
	pending bool
}

// Poller polls the case system for any number of viewers. One goroutine
// schedules every data set (health, units, alerts, notices, and per unit
// the indicators and both coverage groupings) on its own interval with its
// own ETag, backoff and Feed. The per-unit data sets are asked for every
// unit in one request each (GET /indicator-sets, /coverage-sets; a unit
// whose set is bad fails on its own); a server without those requests
// answers 404 and is then asked unit by unit, at most
// Options.Concurrency requests at once beside the others. When one is
// due, those that would fall due within a quarter of their interval go
// with it (alignDue), so that the program wakes once for all. Each change is
// published as an immutable State to every subscriber through a one-slot
// channel where a newer State replaces an unread one, so a slow subscriber
// never blocks the poller or the others.
//
// While a data set fails it keeps its last good data, publishes the
// failure and retries within its own interval (longer only when the
// server sends Retry-After); it never gives up. An attempt that runs out
// of the client's timeout is published as it happens, before the call's
// retries end. While the API cannot be reached at all (GET /health is
// refused, reset or times out), the data sets wait and only /health is
// probed, at the shortest interval of any data set; when it answers again,
// every data set is refreshed at once, so each is fresh again within one
// interval of the API's return. When any data set succeeds after
// failures, every other failing one is retried at once too.
// Acknowledgements go through a durable Outbox and are delivered in the
// background.
type Poller struct {
	opts      Options
	c         *Client
	sync      *AlertSync
	outbox    *Outbox
	outboxErr error

	events    chan any
	refreshCh chan struct{}
	pokeCh    chan struct{}
	ackWake   chan struct{}
	retryAcks atomic.Bool

	cur atomic.Pointer[State]

	subsMu sync.Mutex
	subs   map[chan State]struct{}
	closed bool

	lifeMu  sync.Mutex
	started bool
	cancel  context.CancelFunc
	wg      sync.WaitGroup

	// Owned by the scheduler goroutine.
	tasks       []*task
	st          State
	seq         uint64
	inflight    int // requests of per-unit data sets in flight
	simSpeed    float64
	lastRefresh time.Time
	refreshAt   time.Time // a coalesced refresh is due then (zero: none)
	publishAt   time.Time // news held back is published then (zero: none; PublishGap)
	down        bool      // the last probe of /health could not reach the API
	probe       time.Duration
	perUnit     bool // the server lacks the sets requests: ask unit by unit
}

// NewPoller validates opts and opens the outbox. A damaged outbox file is
// moved aside, what could be read from it queued again, and the damage
// reported in State.OutboxErr (an *OutboxDamage); it does not stop the
// poller.
// Call Start (or Run) to begin polling.
func NewPoller(opts Options) (*Poller, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if opts.MaxAlerts < 0 {
		return nil, fmt.Errorf("client: negative alert cap %d", opts.MaxAlerts)
	}
	p := &Poller{
		opts:      opts,
		c:         opts.Client,
		sync:      NewAlertSync(opts.Client, ""),
		events:    make(chan any, 16),
		refreshCh: make(chan struct{}, 1),
		pokeCh:    make(chan struct{}, 1),
		ackWake:   make(chan struct{}, 1),
		subs:      make(map[chan State]struct{}),
		simSpeed:  1,
	}
	p.sync.SetMaxAlerts(opts.MaxAlerts)
	if !opts.ReadOnly {
		p.outbox, p.outboxErr = OpenOutbox(opts.OutboxPath)
	}
	p.st = State{
		Indicators:       map[string]Feed[api.IndicatorSet]{},
		CoverageByDept:   map[string]Feed[api.Coverage]{},
		CoverageByPerson: map[string]Feed[api.Coverage]{},
		OutboxErr:        p.outboxErr,
	}
	now := time.Now()
	p.probe = min(opts.HealthInterval, opts.AlertsInterval, opts.IndicatorsInterval, opts.CoverageInterval, opts.UnitsInterval)
	p.tasks = []*task{
		{kind: dsHealth, interval: opts.HealthInterval, next: now},
		{kind: dsUnits, interval: opts.UnitsInterval, next: now},
		{kind: dsAlerts, interval: opts.AlertsInterval, next: now},
	}
	if !opts.AlertsOnly {
		p.tasks = append(p.tasks, &task{kind: dsNotices, interval: opts.NoticesInterval, next: now},
			&task{kind: dsIndicators, all: true, interval: opts.IndicatorsInterval, next: now},
			&task{kind: dsCovDept, all: true, interval: opts.CoverageInterval, next: now},
			&task{kind: dsCovPerson, all: true, interval: opts.CoverageInterval, next: now})
	}
	p.st.Notices.Interval, p.st.Notices.NextAttempt = opts.NoticesInterval, now
	p.st.Health.Interval = opts.HealthInterval
	p.st.Units.Interval = opts.UnitsInterval
	p.st.Alerts.Interval = opts.AlertsInterval
	p.st.Health.NextAttempt, p.st.Units.NextAttempt, p.st.Alerts.NextAttempt = now, now, now
	if p.outbox != nil {
		p.st.Pending = p.outbox.List()
	}
	st := p.st
	p.cur.Store(&st)
	return p, nil
}

// Client returns the poller's API client, for on-demand fetches (case
// detail, rankings, decisions) that share its retries, limits and
// sanitiser.
func (p *Poller) Client() *Client { return p.c }

// Start begins polling and delivering acknowledgements in the background
// until ctx ends or Close is called. Calling it again does nothing.
func (p *Poller) Start(ctx context.Context) {
	p.lifeMu.Lock()
	defer p.lifeMu.Unlock()
	if p.started {
		return
	}
	p.started = true
	ctx, p.cancel = context.WithCancel(ctx)
	p.wg.Add(1)
	go p.run(ctx)
	if p.outbox != nil {
		p.wg.Add(1)
		go p.deliver(ctx)
	}
}

// Run polls until ctx ends, then closes the poller.
func (p *Poller) Run(ctx context.Context) {
	p.Start(ctx)
	<-ctx.Done()
	p.Close()
}

// Close stops polling, waits for every goroutine of the poller to end and
// closes every subscriber's channel. Pending acknowledgements stay in the
// outbox for the next start. It is safe to call more than once.
func (p *Poller) Close() error {
	p.lifeMu.Lock()
	if p.cancel != nil {
		p.cancel()
	}
	p.started = true // a Start after Close does nothing
	p.lifeMu.Unlock()
	p.wg.Wait()
	p.subsMu.Lock()
	if !p.closed {
		p.closed = true
		for ch := range p.subs {
			close(ch)
		}
		clear(p.subs)
	}
	p.subsMu.Unlock()
	return nil
}

// Subscribe returns a channel that receives every newer State (the latest
// one at once), and a function that ends the subscription and closes the
// channel. The channel holds one State: a newer one replaces an unread
// older one. After Close, the channel is closed.
func (p *Poller) Subscribe() (<-chan State, func()) {
	ch := make(chan State, 1)
	p.subsMu.Lock()
	defer p.subsMu.Unlock()
	if p.closed {
		close(ch)
		return ch, func() {}
	}
	ch <- *p.cur.Load()
	p.subs[ch] = struct{}{}
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			p.subsMu.Lock()
			defer p.subsMu.Unlock()
			if _, ok := p.subs[ch]; ok {
				delete(p.subs, ch)
				close(ch)
			}
		})
	}
}

// Current returns the latest published State.
func (p *Poller) Current() State { return *p.cur.Load() }

// Refresh asks for one immediate poll of every data set (the r key) and an
// immediate attempt at pending acknowledgements. Requests are coalesced:
// while polls are in flight they are not repeated, and two refreshes are at
// least RefreshGap apart. A forced poll counts like any other, so a failing
// data set keeps its backoff.
func (p *Poller) Refresh() {
	select {
	case p.refreshCh <- struct{}{}:
	default:
	}
}

// Acknowledge queues an acknowledgement of alertID by by with an optional
// note, writes it to the outbox before returning, and tries to deliver it
// at once in the background. It returns the Idempotency-Key under which it
// will be delivered (retried with the same key until the server confirms or
// rejects it); State.Pending and State.AckResults follow its fate.
func (p *Poller) Acknowledge(alertID, by, note string) (key string, err error) {
	if p.opts.ReadOnly {
		return "", ErrReadOnly
	}
	if p.outbox == nil {
		return "", fmt.Errorf("acknowledgements unavailable: %w", p.outboxErr)
	}
	if alertID == "" {
		return "", errors.New("no alert to acknowledge")
	}
	req, err := cleanAck(api.AckRequest{By: by, Note: note})
	if err != nil {
		return "", err
	}
	key = NewIdempotencyKey()
	if err := p.outbox.Add(PendingAck{AlertID: alertID, By: req.By, Note: req.Note, Key: key, QueuedAt: time.Now()}); err != nil {
		return "", err
	}
	p.wakeDeliverer(false)
	p.poke()
	return key, nil
}

func (p *Poller) poke() {
	select {
	case p.pokeCh <- struct{}{}:
	default:
	}
}

func (p *Poller) wakeDeliverer(retryAll bool) {
	if retryAll {
		p.retryAcks.Store(true)
	}
	select {
	case p.ackWake <- struct{}{}:
	default:
	}
}

// ---- the scheduler ----

func (p *Poller) run(ctx context.Context) {
	defer p.wg.Done()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		now := time.Now()
		if !p.refreshAt.IsZero() && !now.Before(p.refreshAt) {
			p.refreshAt = time.Time{}
			p.forceAll(now)
		}
		if !p.publishAt.IsZero() && !now.Before(p.publishAt) {
			p.publish()
		}
		p.dispatch(ctx, now)
		timer.Reset(p.nextWake(now))
		select {
		case <-ctx.Done():
			return
		case ev := <-p.events:
			urgent := p.handle(ev)
		drain:
			for {
				select {
				case ev := <-p.events:
					urgent = p.handle(ev) || urgent
				default:
					break drain
				}
			}
			switch {
			case urgent:
				p.publish()
			case p.publishAt.IsZero():
				p.publishAt = time.Now().Add(p.opts.PublishGap)
			}
		case <-p.refreshCh:
			now := time.Now()
			if now.Sub(p.lastRefresh) >= p.opts.RefreshGap {
				p.forceAll(now)
			} else if p.refreshAt.IsZero() {
				p.refreshAt = p.lastRefresh.Add(p.opts.RefreshGap)
			}
		case <-p.pokeCh:
			p.publish()
		case <-timer.C:
		}
	}
}

// forceAll makes every idle data set due now.
func (p *Poller) forceAll(now time.Time) {
	p.lastRefresh = now
	for _, t := range p.tasks {
		if !t.inFlight {
			t.next = now
		}
	}
	p.wakeDeliverer(true)
}

// dispatch starts the due tasks: health, units and alerts at once, the
// per-unit data sets within the concurrency, so that a server whose
// answers hang cannot keep the alerts (and the news that they fail)
// waiting behind the per-unit requests. Due per-unit data sets start in
// the order of the units (parents before children): when the server is
// too slow for all of them, the province's and the cities' come first.
func (p *Poller) dispatch(ctx context.Context, now time.Time) {
	p.alignDue(now)
	for {
		var best *task
		for _, t := range p.tasks {
			if t.inFlight || t.next.After(now) || p.parked(t) || !p.hasSlot(t) {
				continue
			}
			best = t
			break
		}
		if best == nil {
			return
		}
		best.inFlight, best.started = true, now
		if best.unit != "" {
			p.inflight++
		}
		p.wg.Add(1)
		go p.poll(ctx, best, best.kind == dsHealth && p.down)
	}
}

// alignShare is the share of its interval by which a data set's poll may
// be brought forward to go with another's (alignDue): a quarter.
const alignShare = 4

// alignDue brings forward, when a data set is due now, every data set
// whose last poll succeeded and that falls due within a quarter of its
// interval, so that they all go out together. The program then wakes once
// for all of them instead of once for each: the alerts every 5 s, /health
// every 10 s, the notices every 15 s and the 48 per-unit requests a minute
// of a province of 16 units would each wake it at their own time (about
// 70 wake-ups a minute, each costing the process some 20 context
// switches); aligned, they go out about 12 times a minute. A data set is
// only ever polled early, never late, and no more often than before: the
// poll after one brought forward is due an interval after where that one
// was due (handlePoll). One that failed keeps its own retry time, and one
// never answered keeps its staggered first poll.
func (p *Poller) alignDue(now time.Time) {
	due := false // one goes out now (a per-unit data set waiting for a slot does not)
	for _, t := range p.tasks {
		if !t.inFlight && !t.next.After(now) && !p.parked(t) && p.hasSlot(t) {
			due = true
			break
		}
	}
	if !due {
		return
	}
	for _, t := range p.tasks {
		if t.inFlight || !t.answered || t.failures > 0 || p.parked(t) || !t.next.After(now) {
			continue
		}
		if d := t.next.Sub(now); d <= t.interval/alignShare {
			t.next, t.early = now, t.early+d
		}
	}
}

// nextWake is how long the scheduler may sleep.
func (p *Poller) nextWake(now time.Time) time.Duration {
	wake := now.Add(time.Hour)
	for _, t := range p.tasks {
		if !t.inFlight && !p.parked(t) && p.hasSlot(t) && t.next.Before(wake) {
			wake = t.next
		}
	}
	if !p.refreshAt.IsZero() && p.refreshAt.Before(wake) {
		wake = p.refreshAt
	}
	if !p.publishAt.IsZero() && p.publishAt.Before(wake) {
		wake = p.publishAt
	}
	return max(wake.Sub(now), 0)
}

// poll runs one task's request (in its own goroutine). A probe of /health
// while the API is unreachable gives up after the probing interval.
func (p *Poller) poll(ctx context.Context, t *task, probe bool) {
	defer p.wg.Done()
	r := pollResult{t: t}
	ctx = withTimeoutObserver(ctx, func(e *Error) {
		select {
		case p.events <- attemptEvent{t: t, err: e, at: time.Now()}:
		case <-ctx.Done():
		}
	})
	switch t.kind {
	case dsHealth:
		r.v, r.fresh, r.err = p.probeHealth(ctx, probe)
	case dsUnits:
		r.v, r.fresh, r.err = get(ctx, p.c, "/units", nil, true, decodeUnits)
	case dsAlerts:
		r.v, r.fresh, r.err = p.sync.Sync(ctx)
	case dsIndicators:
		if t.all {
			r.v, r.fresh, r.err = get(ctx, p.c, pathIndicatorSets, nil, true, decodeIndicatorSets)
			break
		}
		r.v, r.fresh, r.err = get(ctx, p.c, "/indicators", indicatorQuery(t.unit, ""), true, decodeIndicatorSet)
	case dsCovDept:
		if t.all {
			r.v, r.fresh, r.err = get(ctx, p.c, pathCoverageSets, coverageQuery("", ByDepartment, ""), true, decodeCoverageSets)
			break
		}
		r.v, r.fresh, r.err = get(ctx, p.c, "/coverage", coverageQuery(t.unit, ByDepartment, ""), true, decodeCoverage)
	case dsCovPerson:
		if t.all {
			r.v, r.fresh, r.err = get(ctx, p.c, pathCoverageSets, coverageQuery("", ByPerson, ""), true, decodeCoverageSets)
			break
		}
		r.v, r.fresh, r.err = get(ctx, p.c, "/coverage", coverageQuery(t.unit, ByPerson, ""), true, decodeCoverage)
	case dsNotices:
		r.v, r.fresh, r.err = get(ctx, p.c, "/notices", NoticeQuery{Unit: p.opts.NoticesUnit, Limit: 1000}.values(), true, decodeNoticePage)
	}
	r.at = time.Now()
	select {
	case p.events <- r:
	case <-ctx.Done():
	}
}

// handle applies a worker's or the deliverer's news to the working state;
// it reports whether the news is to be published at once (see
// Options.PublishGap): all but a per-unit data set's success.
func (p *Poller) handle(ev any) (urgent bool) {
	switch ev := ev.(type) {
	case pollResult:
		first := ev.t.unit != "" && !p.unitHasData(ev.t)
		p.handlePoll(ev)
		return ev.t.unit == "" || ev.err != nil || first
	case attemptEvent:
		p.handleAttempt(ev)
	case ackEvent:
		if ev.res != nil {
			res := *ev.res
			hist := append(slices.Clone(p.st.AckResults), res)
			if len(hist) > p.opts.AckHistory {
				hist = hist[len(hist)-p.opts.AckHistory:]
			}
			p.st.AckResults = hist
			if res.Notice != nil {
				p.refreshNotices() // show the notice issued or closed at once
			}
			if res.Alert != nil {
				if set, changed := p.sync.Apply(*res.Alert); changed && p.st.Alerts.HasData {
					p.st.Alerts.Data = set
				}
			}
		}
	}
	return true
}

// unitHasData reports whether per-unit task t's feed holds data already:
// a unit's first data is published at once (the dashboard waits for it).
func (p *Poller) unitHasData(t *task) bool {
	switch t.kind {
	case dsIndicators:
		return p.st.Indicators[t.unit].HasData
	case dsCovDept:
		return p.st.CoverageByDept[t.unit].HasData
	case dsCovPerson:
		return p.st.CoverageByPerson[t.unit].HasData
	}
	return true
}

func (p *Poller) handlePoll(r pollResult) {
	t := r.t
	t.inFlight = false
	again := t.again
	t.again = false
	early := t.early
	t.early = 0
	if t.unit != "" {
		p.inflight--
	}
	if t.removed {
		return
	}
	if r.err != nil && errors.Is(r.err, context.Canceled) {
		return
	}
	if p.opts.OnPoll != nil {
		p.opts.OnPoll(PollEvent{DataSet: t.kind.String(), Unit: t.unit, Fresh: r.fresh,
			Err: r.err, Duration: r.at.Sub(t.started)})
	}
	if t.all && setsUnsupported(r.err) {
		p.askUnitByUnit(r.at)
		return
	}
	recovered := false
	if r.err == nil {
		recovered = t.failures > 0 || (t.kind == dsHealth && p.down)
		t.failures, t.failingSince, t.notBefore = 0, time.Time{}, time.Time{}
		t.answered = true
		// A poll brought forward keeps its place: the next one is due an
		// interval after where it was due, so that aligning never makes a
		// data set polled more often.
		t.next = r.at.Add(t.interval + early)
		if again {
			// The answer may predate what it was asked again for (a notice
			// issued while the listing was on its way).
			t.next = r.at
		}
	} else {
		t.answered = false
		if t.failures == 0 {
			t.failingSince = r.at
		}
		t.failures++
		t.next, t.notBefore = p.retryAt(t, r.err, r.at)
	}
	p.linkNews(t, r.err, r.at, recovered)
	if recovered && p.outbox != nil && p.outbox.Len() > 0 {
		p.wakeDeliverer(true) // the server is back: try pending acks now
	}
	if t.all {
		p.applySets(t, r)
		return
	}
	switch t.kind {
	case dsHealth:
		v, _ := r.v.(*api.Health)
		p.st.Health = update(p.st.Health, v, r, t)
		if v != nil {
			p.simSpeed = v.SimSpeed
			if p.st.Alerts.HasData {
				p.st.Alerts.Data = p.sync.setSimSpeed(v.SimSpeed)
			}
		}
	case dsUnits:
		v, _ := r.v.(*api.UnitList)
		p.st.Units = update(p.st.Units, v, r, t)
		if v != nil { // also on 304: the cache may predate the poller
			p.reconcileUnits(v, r.at)
		}
	case dsAlerts:
		var v *AlertSet
		if r.err == nil {
			set := p.sync.setSimSpeed(p.simSpeed)
			v = &set
		}
		p.st.Alerts = update(p.st.Alerts, v, r, t)
	case dsIndicators:
		v, _ := r.v.(*api.IndicatorSet)
		m := maps.Clone(p.st.Indicators)
		m[t.unit] = update(m[t.unit], v, r, t)
		p.st.Indicators = m
	case dsCovDept:
		v, _ := r.v.(*api.Coverage)
		m := maps.Clone(p.st.CoverageByDept)
		m[t.unit] = update(m[t.unit], v, r, t)
		p.st.CoverageByDept = m
	case dsCovPerson:
		v, _ := r.v.(*api.Coverage)
		m := maps.Clone(p.st.CoverageByPerson)
		m[t.unit] = update(m[t.unit], v, r, t)
		p.st.CoverageByPerson = m
	case dsNotices:
		v, _ := r.v.(*api.NoticePage)
		p.st.Notices = update(p.st.Notices, v, r, t)
	}
}

// update derives a data set's new Feed from a result.
func update[T any](s Feed[T], v *T, r pollResult, t *task) Feed[T] {
	s.Interval = t.interval
	s.NextAttempt = t.next
	s.Failures = t.failures
	s.FailingSince = t.failingSince
	if r.err != nil || v == nil {
		s.Err = r.err
		if s.Err == nil {
			s.Err = errors.New("no data")
		}
		return s
	}
	s.Err = nil
	s.Data, s.HasData = *v, true
	s.FetchedAt = r.at
	return s
}

// reconcileUnits follows the units list: the feeds of units gone are
// dropped and new units are announced as pending; when the server is
// asked unit by unit (perUnit), each unit gets one indicators and two
// coverage tasks, the first polls of new units staggered.
func (p *Poller) reconcileUnits(l *api.UnitList, now time.Time) {
	if p.opts.AlertsOnly {
		return
	}
	want := make(map[string]bool, len(l.Units))
	for _, u := range l.Units {
		want[u.ID] = true
	}
	have := map[string]bool{}
	kept := p.tasks[:0]
	for _, t := range p.tasks {
		if t.unit != "" && !want[t.unit] {
			t.removed = true
			continue
		}
		if t.unit != "" {
			have[t.unit] = true
		}
		kept = append(kept, t)
	}
	clear(p.tasks[len(kept):])
	p.tasks = kept
	var added []*task
	for _, u := range l.Units {
		if !p.perUnit || have[u.ID] {
			continue
		}
		have[u.ID] = true
		added = append(added,
			&task{kind: dsIndicators, unit: u.ID, interval: p.opts.IndicatorsInterval},
			&task{kind: dsCovDept, unit: u.ID, interval: p.opts.CoverageInterval},
			&task{kind: dsCovPerson, unit: u.ID, interval: p.opts.CoverageInterval})
	}
	for i, t := range added {
		t.next = now.Add(p.opts.Stagger * time.Duration(i) / time.Duration(len(added)))
	}
	p.tasks = append(p.tasks, added...)

	// The feeds: drop those of units gone; announce new units (and the
	// new tasks of known ones) as pending, keeping any data they hold.
	next := map[dataset]map[string]*task{dsIndicators: {}, dsCovDept: {}, dsCovPerson: {}}
	for _, t := range p.tasks {
		if m := next[t.kind]; m != nil {
			m[t.unit] = t // "" for the task of every unit
		}
	}
	fresh := map[*task]bool{}
	for _, t := range added {
		fresh[t] = true
	}
	p.st.Indicators = follow(p.st.Indicators, l.Units, want, next[dsIndicators], fresh)
	p.st.CoverageByDept = follow(p.st.CoverageByDept, l.Units, want, next[dsCovDept], fresh)
	p.st.CoverageByPerson = follow(p.st.CoverageByPerson, l.Units, want, next[dsCovPerson], fresh)
}

// follow makes a per-unit data set's feeds follow the units list (see
// reconcileUnits): m itself when nothing changes, else a new map. tasks
// holds the data set's task of each unit ("" for the one of every unit),
// fresh the tasks just added.
func follow[T any](m map[string]Feed[T], units []api.Unit, want map[string]bool, tasks map[string]*task, fresh map[*task]bool) map[string]Feed[T] {
	out, cloned := m, false
	own := func() {
		if !cloned {
			out, cloned = maps.Clone(m), true
			if out == nil {
				out = map[string]Feed[T]{}
			}
		}
	}
	for k := range m {
		if !want[k] {
			own()
			delete(out, k)
		}
	}
	for _, u := range units {
		t := tasks[u.ID]
		if t == nil {
			t = tasks[""]
		}
		f, ok := out[u.ID]
		if t == nil || (ok && !fresh[t]) {
			continue
		}
		own()
		f.Interval, f.NextAttempt = t.interval, t.next
		out[u.ID] = f
	}
	return out
}

// publish hands the working state to every subscriber.
func (p *Poller) publish() {
	p.publishAt = time.Time{}
	p.seq++
	st := p.st
	st.Seq = p.seq
	if p.outbox != nil {
		st.Pending = p.outbox.List()
		if err := p.outbox.Err(); err != nil {
			st.OutboxErr = err // damage found since the start
		}
	}
	p.cur.Store(&st)
	p.subsMu.Lock()
	defer p.subsMu.Unlock()
	for ch := range p.subs {
		select {
		case ch <- st:
			continue
		default:
		}
		// Full: replace the unread older State with this one.
		select {
		case <-ch:
		default:
		}
		select {
		case ch <- st:
		default:
		}
	}
}

// backoffDelay is the wait after the n-th consecutive failure: base
// doubled n-1 times, capped at maxN, with equal jitter (between half and
// all of it).
func backoffDelay(n int, base, maxN time.Duration) time.Duration {
	if base <= 0 {
		base = time.Millisecond
	}
	d := base
	for i := 1; i < n && d < maxN; i++ {
		d *= 2
	}
	if d > maxN {
		d = maxN
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// ---- acknowledgement delivery ----

// deliver sends pending acknowledgements, oldest first, until ctx ends.
// After a transient failure it waits (with backoff) before the next pass;
// a 2xx or a final 4xx takes the acknowledgement out of the outbox.
func (p *Poller) deliver(ctx context.Context) {
	defer p.wg.Done()
	var (
		failures  int
		holdUntil time.Time
	)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		if p.retryAcks.Swap(false) {
			holdUntil = time.Time{}
		}
		if now := time.Now(); !now.Before(holdUntil) {
			for _, pa := range p.outbox.List() {
				if ctx.Err() != nil {
					return
				}
				var a *api.Alert
				var n *api.Notice
				var err error
				if pa.Notice != nil {
					n, err = p.c.deliverNotice(ctx, pa)
				} else {
					a, err = p.c.Ack(ctx, pa.AlertID, pa.Key, pa.request())
				}
				if err != nil && ctx.Err() != nil {
					return
				}
				res := &AckResult{AlertID: pa.AlertID, Key: pa.Key, Alert: a, Notice: n, At: time.Now()}
				if pa.Notice != nil {
					res.NoticeOp = pa.Notice.Op
				}
				switch {
				case err == nil:
					failures = 0
				case ackFinal(err):
					res.Rejected, res.Err = true, err
				case ackDelivered(err):
					res.Err = err // confirmed, but the answer was unreadable
				default:
					failures++
					_ = p.outbox.Failed(pa.Key, err.Error())
					d := backoffDelay(failures, min(p.opts.MinBackoff, time.Second), p.opts.MaxBackoff)
					if ra := RetryAfterOf(err); ra > d {
						d = ra
					}
					holdUntil = time.Now().Add(d)
					res = nil
				}
				if res != nil {
					_ = p.outbox.Remove(pa.Key)
				}
				select {
				case p.events <- ackEvent{res: res, pending: true}:
				case <-ctx.Done():
					return
				}
				if res == nil {
					break // the server is unwell: wait before the others
				}
			}
		}
		wait := time.Hour
		if p.outbox.Len() > 0 && !holdUntil.IsZero() {
			wait = max(time.Until(holdUntil), 0)
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-p.ackWake:
		case <-timer.C:
		}
	}
}

// ackFinal reports whether the server refused an acknowledgement for good:
// a 4xx other than 401 (a token problem the user can fix), 408 and 429.
func ackFinal(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	if e.Kind == KindConfig {
		return true
	}
	s := e.Status
	return s >= 400 && s < 500 && s != http.StatusUnauthorized && s != http.StatusRequestTimeout && s != http.StatusTooManyRequests
}

// ackDelivered reports whether a 2xx arrived whose body was unreadable: the
// server holds the acknowledgement, and a repeat would only return the same
// answer.
func ackDelivered(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Kind == KindBody || e.Kind == KindInvalid)
}
