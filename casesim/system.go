// Package casesim assembles the reference case system: the simulation
// (sim, rules, indicators), its SQLite store and its HTTP API. Open gives a
// System whose Handler serves the contract of api/openapi.yaml; Run keeps
// the simulation clock moving.
package casesim

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/calendar"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/indicators"
	"github.com/casewatch/casewatch/casesim/rules"
	"github.com/casewatch/casewatch/casesim/server"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/casesim/store"
)

// DefaultSpeed is the simulation speed of the demo: one simulated day per
// real minute, so deadlines visibly approach and pass.
const DefaultSpeed = 1440

// Options configures a System.
type Options struct {
	// DBPath is the SQLite file, or ":memory:".
	DBPath string
	// Seed makes the simulation reproducible.
	Seed uint64
	// Speed is simulated seconds per real second; 0 freezes the clock.
	Speed float64
	// Start is the simulation time of a new database; zero means today at
	// 09:00 China time. Ignored when the database already has a clock.
	Start time.Time
	// WarmupDays of cases are simulated before Start on a new database
	// (default 120).
	WarmupDays int
	// Token, when set, is required as a bearer token on every request
	// except /health.
	Token string
	// Demo is kept for callers that set it; /health says demo exactly when
	// the system simulates (every mode but NoSim), whatever Demo says.
	Demo bool
	// NoSim serves imported data only: the wall clock, no simulated
	// arrivals or progress, no simulated organisation or indicators. A new
	// database starts empty; a simulated one is refused.
	NoSim bool
	// AnyData opens a database of either kind as it is (casesim import):
	// a simulated one simulates, any other serves imported data (NoSim).
	AnyData bool
	// ImportOnly opens a database of imported data for one import: its
	// cases are not read into memory and the rules are not evaluated on
	// them at Open; ImportBatch evaluates the cases it changes (casesim
	// import; a running server re-reads and re-evaluates everything).
	ImportOnly bool
	// Tick is how often Run advances the simulation (default 1 s).
	Tick time.Duration
	// RealNow is the real clock (default time.Now).
	RealNow func() time.Time
	// Logger receives operational messages (default: discard).
	Logger *slog.Logger
	// Holidays is the calendar periods are counted with (default: the
	// embedded one; casesim serve --holidays FILE).
	Holidays *calendar.Calendar
	// Powers is the responsibility list decisions are taken by and checked
	// against (default: the built-in example; casesim serve --powers FILE).
	Powers *domain.PowerList
	// OnImport, when set, is told of each import a server of imported
	// data took in from another process (casesim import into its
	// database): the cases it then holds, or the error (metrics).
	OnImport func(cases int, err error)
}

// System is a running reference case system.
type System struct {
	opts    Options
	st      *store.Store
	gen     *sim.Generator
	engine  *rules.Engine
	handler http.Handler

	mu         sync.Mutex
	cases      []*sim.Case
	byID       map[string]*sim.Case
	genThrough int       // last simulation day generated
	covered    time.Time // first simulated day stored (cases before it feed only the indicators' history)
	// tail holds the history cases (before covered, not stored) that still
	// count towards the months the indicators refresh.
	tail      []*sim.Case
	simBase   time.Time
	realBase  time.Time
	evaluated time.Time // simulation time of the last rule evaluation
	lastDay   int       // day index of the last indicator refresh
	lastEval  time.Time // real time of the last evaluation (NoSim)
	// force lists cases the next evaluation must look at even when
	// closed long ago (an import changed them); forceAll: every case.
	force    map[string]bool
	forceAll bool
	// indStale: imported data changed since the indicators were last
	// counted from it.
	indStale bool
}

// metaData is the meta key saying what a database holds: dataImported for
// a database of imported data only (simulated databases have a seed).
const (
	metaData     = "data"
	dataImported = "imported"
)

// RealEvalEvery is how often a system serving imported data re-evaluates
// the rules on the wall clock when no import changed anything.
const RealEvalEvery = time.Minute

// Open opens (creating if needed) the store at opts.DBPath, resumes or
// starts the simulation, and evaluates the rules once, so the API answers
// with data as soon as Open returns.
func Open(ctx context.Context, opts Options) (*System, error) {
	if opts.DBPath == "" {
		return nil, errors.New("casesim: no database path (use :memory: for a throwaway one)")
	}
	if opts.Speed < 0 {
		return nil, fmt.Errorf("casesim: speed %v must not be negative", opts.Speed)
	}
	if opts.WarmupDays == 0 {
		opts.WarmupDays = 120
	}
	if opts.Tick <= 0 {
		opts.Tick = time.Second
	}
	if opts.RealNow == nil {
		opts.RealNow = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Holidays == nil {
		opts.Holidays = calendar.NewDefault()
	}
	logger := opts.Logger
	opts.Holidays.OnUncovered(func(year int) {
		logger.Warn("holiday calendar does not cover this year: its deadlines count weekends only, and their alerts say so; load the State Council's notice with --holidays FILE",
			"year", year, "calendar", opts.Holidays.Source(), "covered", opts.Holidays.Years())
	})
	st, err := store.Open(opts.DBPath)
	if err != nil {
		return nil, err
	}
	st.SetRules(rules.New(opts.Holidays))
	if opts.Powers == nil {
		opts.Powers = domain.DefaultPowers()
	}
	if err := st.SetPowers(ctx, opts.Powers); err != nil {
		st.Close()
		return nil, err
	}
	s := &System{opts: opts, st: st, byID: map[string]*sim.Case{}}
	if opts.AnyData {
		_, simulated, err := st.Meta(ctx, "seed")
		if err != nil {
			st.Close()
			return nil, err
		}
		s.opts.NoSim = !simulated
	}
	start := s.resumeOrStart
	if s.opts.NoSim {
		start = s.openImported
	}
	if err := start(ctx); err != nil {
		st.Close()
		return nil, err
	}
	st.SetNoticePlanner(s.gen.PlanReply)
	s.handler = server.New(st, server.Options{Clock: s.DataAsOf, Health: s.Health, Token: opts.Token, Logger: logger,
		OnNotice: s.NoticeChanged})
	return s, nil
}

func (s *System) resumeOrStart(ctx context.Context) error {
	seedText := strconv.FormatUint(s.opts.Seed, 10)
	stored, ok, err := s.st.Meta(ctx, "seed")
	if err != nil {
		return err
	}
	if kind, _, err := s.st.Meta(ctx, metaData); err != nil {
		return err
	} else if kind == dataImported {
		return fmt.Errorf("casesim: database %s holds imported data only: serve it with --no-sim (a simulation is never mixed into it)", s.opts.DBPath)
	}
	if ok && stored != seedText {
		return fmt.Errorf("casesim: database %s was created with seed %s, not %s: use --seed %s or another --db", s.opts.DBPath, stored, seedText, stored)
	}
	s.gen = sim.NewGenerator(s.opts.Seed)
	s.gen.Cal = s.opts.Holidays
	s.gen.Powers = s.opts.Powers
	s.engine = rules.New(s.opts.Holidays)
	s.engine.SetAuthority(s.st.Judge)
	if ok {
		return s.resume(ctx)
	}
	return s.start(ctx)
}

// openImported opens a database of imported data: marks a new one as such
// (it starts empty), refuses a simulated one, loads the cases and evaluates
// the rules on the wall clock.
func (s *System) openImported(ctx context.Context) error {
	if seed, simulated, err := s.st.Meta(ctx, "seed"); err != nil {
		return err
	} else if simulated {
		return fmt.Errorf("casesim: database %s holds simulated data (seed %s): imported data is served from a database of its own (give another --db)", s.opts.DBPath, seed)
	}
	if err := s.st.SetMeta(ctx, metaData, dataImported); err != nil {
		return err
	}
	s.engine = rules.New(s.opts.Holidays)
	s.engine.SetAuthority(s.st.Judge)
	s.opts.Speed = 1
	if s.opts.ImportOnly {
		s.mu.Lock()
		s.simBase, s.realBase = s.opts.RealNow(), s.opts.RealNow()
		s.mu.Unlock()
		return nil
	}
	cases, err := s.st.LoadCases(ctx)
	if err != nil {
		return err
	}
	s.addCases(cases)
	s.opts.Logger.Info("serving imported data", "db", s.opts.DBPath, "cases", len(cases))
	return s.AdvanceTo(ctx, s.opts.RealNow())
}

// Simulated reports whether the system serves simulated data.
func (s *System) Simulated() bool { return !s.opts.NoSim }

func (s *System) resume(ctx context.Context) error {
	simText, _, err := s.st.Meta(ctx, "sim_time")
	if err != nil {
		return err
	}
	simTime, err := time.Parse(time.RFC3339Nano, simText)
	if err != nil {
		return fmt.Errorf("casesim: stored sim_time %q: %w", simText, err)
	}
	through, _, err := s.st.Meta(ctx, "generated_through")
	if err != nil {
		return err
	}
	if s.genThrough, err = strconv.Atoi(through); err != nil {
		return fmt.Errorf("casesim: stored generated_through %q: %w", through, err)
	}
	covered, _, err := s.st.Meta(ctx, "covered_from")
	if err != nil {
		return err
	}
	if s.covered, err = time.Parse(time.RFC3339Nano, covered); err != nil {
		return fmt.Errorf("casesim: stored covered_from %q: %w", covered, err)
	}
	cases, err := s.st.LoadCases(ctx)
	if err != nil {
		return err
	}
	s.addCases(cases)
	s.tail = s.historyTail(simTime)
	s.opts.Logger.Info("resumed simulation", "db", s.opts.DBPath, "sim_time", simTime, "cases", len(cases))
	return s.AdvanceTo(ctx, simTime)
}

func (s *System) start(ctx context.Context) error {
	start := s.opts.Start
	if start.IsZero() {
		now := s.opts.RealNow().In(sim.Zone)
		start = time.Date(now.Year(), now.Month(), now.Day(), 9, 0, 0, 0, sim.Zone)
	}
	if err := s.st.SaveOrg(ctx, domain.Units, domain.Departments, s.gen.Org.People); err != nil {
		return err
	}
	first := sim.DayIndex(start) - s.opts.WarmupDays
	s.genThrough = first - 1
	s.covered = sim.DayStart(first)
	for _, kv := range [][2]string{
		{"seed", strconv.FormatUint(s.opts.Seed, 10)},
		{"covered_from", s.covered.Format(time.RFC3339Nano)},
	} {
		if err := s.st.SetMeta(ctx, kv[0], kv[1]); err != nil {
			return err
		}
	}
	// The indicators' history comes from the same simulation run back over
	// the history window: those cases are counted a chunk at a time and
	// dropped, never stored, while the stored days are generated and
	// written (the generator is safe for concurrent use; storing is mostly
	// SQLite on one core). The few still counting afterwards stay in tail.
	months := indicators.Months(start, indicators.HistoryMonths+1)
	ctr := indicators.NewCounter(months, start, s.opts.Holidays)
	var tail []*sim.Case
	histDone := make(chan struct{})
	go func() {
		defer close(histDone)
		from := indicators.RefreshFrom(start)
		indicators.SimulateEach(s.gen, indicators.HistoryStart(start), first-1, func(cs []*sim.Case) {
			ctr.Add(cs)
			tail = append(tail, indicators.StillCounting(cs, from)...)
		})
	}()
	if err := s.generateThrough(ctx, sim.DayIndex(start)); err != nil {
		<-histDone
		return err
	}
	<-histDone
	ctr.Add(s.cases)
	vals := ctr.Values(s.opts.Seed)
	s.tail = tail
	if err := s.saveIndicators(ctx, vals); err != nil {
		return err
	}
	s.lastDay = sim.DayIndex(start)
	s.opts.Logger.Info("started simulation", "db", s.opts.DBPath, "sim_time", start, "cases", len(s.cases))
	return s.AdvanceTo(ctx, start)
}

func (s *System) addCases(cases []*sim.Case) {
	for _, c := range cases {
		if old, ok := s.byID[c.ID]; ok {
			*old = *c
			continue
		}
		s.byID[c.ID] = c
		s.cases = append(s.cases, c)
	}
}

// generateThrough simulates arrivals up to and including day n.
func (s *System) generateThrough(ctx context.Context, n int) error {
	if n <= s.genThrough {
		return nil
	}
	var fresh []*sim.Case
	for d := s.genThrough + 1; d <= n; d++ {
		fresh = append(fresh, s.gen.ArrivalsOn(d)...)
	}
	if err := s.st.UpsertCases(ctx, fresh); err != nil {
		return err
	}
	s.addCases(fresh)
	s.genThrough = n
	return s.st.SetMeta(ctx, "generated_through", strconv.Itoa(n))
}

func (s *System) saveIndicators(ctx context.Context, vals []indicators.Value) error {
	out := make([]store.IndicatorValue, len(vals))
	for i, v := range vals {
		out[i] = store.IndicatorValue{UnitID: v.UnitID, IndicatorID: v.IndicatorID, Period: v.Period,
			Numerator: v.Numerator, Denominator: v.Denominator, Value: v.Value}
	}
	return s.st.SaveIndicatorValues(ctx, out)
}

// SimNow returns the simulation time now.
func (s *System) SimNow() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.simNowLocked()
}

func (s *System) simNowLocked() time.Time {
	if s.opts.NoSim {
		return s.opts.RealNow().In(sim.Zone)
	}
	if s.simBase.IsZero() {
		return time.Time{}
	}
	elapsed := s.opts.RealNow().Sub(s.realBase)
	return s.simBase.Add(time.Duration(float64(elapsed) * s.opts.Speed))
}

// DataAsOf returns the simulation time of the last rule evaluation: the
// time the data the API serves is current for.
func (s *System) DataAsOf() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.evaluated
}

// Health reports the system's state for GET /health.
func (s *System) Health() api.Health {
	s.mu.Lock()
	defer s.mu.Unlock()
	return api.Health{
		Status: "ok", Version: api.Version, ServerTime: s.opts.RealNow(),
		SimTime: s.simNowLocked().In(sim.Zone), SimSpeed: s.opts.Speed,
		DataAsOf: s.evaluated.In(sim.Zone), Demo: !s.opts.NoSim,
		MonitoredCategories: domain.MonitoredCategories(),
	}
}

// Handler returns the HTTP API.
func (s *System) Handler() http.Handler { return s.handler }

// Store returns the system's store.
func (s *System) Store() *store.Store { return s.st }

// AdvanceTo sets the simulation clock to t and brings the data up to it:
// arrivals, rule evaluation, alert reconciliation and indicators. Tests use
// it with Speed 0 as a fake clock.
func (s *System) AdvanceTo(ctx context.Context, t time.Time) error {
	s.mu.Lock()
	s.simBase, s.realBase = t, s.opts.RealNow()
	s.mu.Unlock()
	return s.advance(ctx, t)
}

func (s *System) advance(ctx context.Context, t time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.opts.NoSim {
		if err := s.generateThrough(ctx, sim.DayIndex(t)); err != nil {
			return err
		}
	}
	since := s.evaluated
	if s.forceAll {
		since = time.Time{}
	}
	var ids []string
	findings := map[string][]rules.Finding{}
	for _, c := range s.cases {
		if c.AcceptedAt.After(t) {
			continue
		}
		// Cases open now or with duties still running after their close
		// (custody, court stage, reconsiderations), and cases whose last
		// scheduled event passed since the last evaluation (so their
		// alerts are settled).
		if w := c.WatchedUntil(); w != nil && !w.After(since) && !since.IsZero() && !s.force[c.ID] {
			continue
		}
		ids = append(ids, c.ID)
		if f := s.engine.Findings(c, t); len(f) > 0 {
			findings[c.ID] = f
		}
	}
	if _, err := s.st.Reconcile(ctx, t, ids, findings); err != nil {
		return err
	}
	if err := s.st.AdvanceNotices(ctx, since, t); err != nil {
		return err
	}
	s.evaluated = t
	s.force, s.forceAll = nil, false
	s.lastEval = s.opts.RealNow()
	d := sim.DayIndex(t)
	if s.opts.NoSim && !s.opts.ImportOnly && (d != s.lastDay || s.indStale) {
		// A one-off import process holds only the cases it changed: the
		// server that serves the database counts them all.
		if err := s.refreshImportedIndicators(ctx, t); err != nil {
			return err
		}
		s.indStale = false
	}
	if d != s.lastDay {
		if !s.opts.NoSim {
			if err := s.refreshIndicators(ctx, t); err != nil {
				return err
			}
		}
		if err := s.st.PruneRectified(ctx, t.AddDate(0, 0, -60)); err != nil {
			return err
		}
		s.lastDay = d
	}
	return s.st.SetMeta(ctx, "sim_time", t.Format(time.RFC3339Nano))
}

// refreshIndicators recomputes the current month (and the previous one,
// which may have ended since the last refresh).
func (s *System) refreshIndicators(ctx context.Context, t time.Time) error {
	months := indicators.Months(t, 2)
	s.tail = indicators.StillCounting(s.tail, indicators.RefreshFrom(t))
	cases := s.cases
	if len(s.tail) > 0 {
		cases = append(append(make([]*sim.Case, 0, len(s.tail)+len(s.cases)), s.tail...), s.cases...)
	}
	return s.saveIndicators(ctx, indicators.Build(s.opts.Seed, cases, months, t, s.opts.Holidays))
}

// refreshImportedIndicators counts the indicators of imported data from
// every case, for the history window up to t (docs/INDICATORS.md).
func (s *System) refreshImportedIndicators(ctx context.Context, t time.Time) error {
	months := indicators.Months(t, indicators.HistoryMonths+1)
	vals := indicators.ImportedValues(s.cases, s.st.ImportedUnits(), months, t, s.opts.Holidays)
	return s.st.SaveImportedIndicators(ctx, months, vals)
}

// historyTail regenerates, on resume, the cases before the first stored
// day that still count towards the months refreshed at t.
func (s *System) historyTail(t time.Time) []*sim.Case {
	from := indicators.RefreshFrom(t)
	first := sim.DayIndex(s.covered)
	if from.Sub(s.covered) > indicators.LeadDays*24*time.Hour {
		return nil
	}
	return indicators.StillCounting(indicators.Simulate(s.gen, first-indicators.LeadDays, first-1), from)
}

// NoticeChanged brings a case's notices from the store into the
// simulation after one changed through the API, and re-evaluates the case
// at the data time, so R12 raises (or settles) its alert at once, even with
// the clock frozen.
func (s *System) NoticeChanged(ctx context.Context, caseID string) error {
	notices, err := s.st.CaseNotices(ctx, caseID)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.byID[caseID]
	if c == nil {
		return fmt.Errorf("casesim: notice on unknown case %s", caseID)
	}
	c.Notices = notices
	t := s.evaluated
	var findings map[string][]rules.Finding
	if f := s.engine.Findings(c, t); len(f) > 0 {
		findings = map[string][]rules.Finding{caseID: f}
	}
	_, err = s.st.Reconcile(ctx, t, []string{caseID}, findings)
	return err
}

// Import adds cases (from a CSV import) to the store and the simulation and
// evaluates the rules on them at once.
func (s *System) Import(ctx context.Context, cases []*sim.Case) error {
	if err := s.st.UpsertCases(ctx, cases); err != nil {
		return err
	}
	s.mu.Lock()
	s.addCases(cases)
	s.mu.Unlock()
	return s.advance(ctx, s.SimNow())
}

// Run advances the simulation every tick until ctx ends. Errors are logged
// and retried on the next tick; Run never gives up on its own.
func (s *System) Run(ctx context.Context) {
	t := time.NewTicker(s.opts.Tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if s.opts.NoSim {
				if err := s.followImports(ctx); err != nil && ctx.Err() == nil {
					s.opts.Logger.Error("re-reading imported data failed", "err", err)
				}
				continue
			}
			if s.opts.Speed == 0 {
				continue
			}
			if err := s.advance(ctx, s.SimNow()); err != nil && ctx.Err() == nil {
				s.opts.Logger.Error("simulation step failed", "err", err)
			}
		}
	}
}

// ImportBatch writes an import in one transaction, takes its new and
// changed cases into the system and derives their alerts at once.
func (s *System) ImportBatch(ctx context.Context, b store.ImportBatch) (store.ImportReport, error) {
	rep, err := s.st.Import(ctx, b)
	if err != nil {
		return rep, err
	}
	changed := make(map[string]bool, len(rep.Changed))
	for _, id := range rep.Changed {
		changed[id] = true
	}
	var fresh []*sim.Case
	for _, ic := range b.Cases {
		if changed[ic.Case.ID] {
			fresh = append(fresh, ic.Case)
		}
	}
	s.mu.Lock()
	s.addCases(fresh)
	s.force = changed
	s.indStale = s.indStale || len(changed) > 0
	s.mu.Unlock()
	return rep, s.advance(ctx, s.SimNow())
}

// followImports, on a system serving imported data, takes in what another
// process imported into the database (the data version moved: every case
// is read again) and re-evaluates the rules on the wall clock after a
// change or every RealEvalEvery.
func (s *System) followImports(ctx context.Context) error {
	changed, err := s.st.Refresh(ctx)
	if err != nil {
		return err
	}
	if changed {
		cases, err := s.st.LoadCases(ctx)
		if s.opts.OnImport != nil {
			s.opts.OnImport(len(cases), err)
		}
		if err != nil {
			return err
		}
		s.mu.Lock()
		s.cases, s.byID = nil, map[string]*sim.Case{}
		s.addCases(cases)
		s.forceAll, s.indStale = true, true
		s.mu.Unlock()
		s.opts.Logger.Info("took in imported data", "cases", len(cases))
	}
	s.mu.Lock()
	due := s.opts.RealNow().Sub(s.lastEval) >= RealEvalEvery
	s.mu.Unlock()
	if changed || due {
		return s.advance(ctx, s.SimNow())
	}
	return nil
}

// Close closes the store. Stop Run first.
func (s *System) Close() error { return s.st.Close() }
