// Package cli is the command line of casesim (cobra + fang, as casewatch):
// `casesim serve`, `casesim import`, `casesim powers`, with --help,
// --version, completions and a man page. cmd/casesim only calls Main.
package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/calendar"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/faults"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/cmd/internal/clikit"
	"github.com/casewatch/casewatch/paths"
)

// Env is what a run of casesim sees of the outside world; tests replace it.
type Env struct {
	// Args are the arguments, without the program name.
	Args []string
	// Stdout and Stderr receive the output.
	Stdout, Stderr io.Writer
	// Getenv reads the environment (the state directory's variables).
	Getenv func(string) string
}

// Main runs casesim with args (without the program name) and returns the
// exit status: 0 ok, 1 failure, 2 bad usage.
func Main(args []string, stdout, stderr io.Writer) int {
	return Run(context.Background(), Env{Args: args, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv})
}

// Run is Main with its world spelled out.
func Run(ctx context.Context, e Env) int {
	if e.Getenv == nil {
		e.Getenv = os.Getenv
	}
	return clikit.Execute(ctx, newRoot(&e), e.Args, e.Stdout, e.Stderr)
}

func newRoot(e *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "casesim",
		Short: "The casewatch reference case system (simulated data, SQLite, HTTP API)",
		Long: strings.TrimSpace(`
casesim is the reference case system of casewatch: the HTTP API of
api/openapi.yaml over a SQLite database, either simulating a province's
cases (演示数据, from a seed) or serving a department's imported exports on
the wall clock (--no-sim).

The database defaults to casesim.db in the state directory:
$STATE_DIRECTORY under systemd, else $XDG_STATE_HOME/casewatch, else
~/.local/state/casewatch.`),
		Example: strings.TrimSpace(`
casesim serve --addr 127.0.0.1:8470 --seed 1 --speed 1440
casesim import --db ./qingxi.db --mapping docs/mappings/anka-example.toml export.xlsx
casesim serve --db ./qingxi.db --no-sim
casesim powers > powers.csv`),
		SilenceUsage: true,
		// Without a command casesim does nothing useful: bad usage.
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return clikit.Usagef(cmd, "unknown command %q for %q", args[0], cmd.CommandPath())
			}
			return clikit.Usagef(cmd, "missing command: serve, import or powers")
		},
		Args: cobra.ArbitraryArgs,
	}
	root.SetFlagErrorFunc(clikit.FlagError)
	root.SuggestionsMinimumDistance = 2
	root.AddCommand(newServe(e), newImport(e), newPowers())
	return root
}

// common are the flags of serve and import.
type common struct {
	db   string
	seed uint64
}

func (c *common) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&c.db, "db", "", "the SQLite database file, or :memory: (default casesim.db in the state directory)")
	cmd.Flags().Uint64Var(&c.seed, "seed", 1, "simulation seed (a database keeps the seed it was created with)")
}

// prepare resolves the default database path and creates its directory.
func (c *common) prepare(getenv func(string) string) error {
	if c.db == "" {
		p, err := paths.StateFile(getenv, "casesim.db")
		if err != nil {
			return clikit.ConfigError(fmt.Errorf("%w (give --db)", err))
		}
		c.db = p
	}
	if c.db == ":memory:" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(c.db), 0o700); err != nil {
		return clikit.Failure(err)
	}
	return nil
}

// serveFlags are the flags of casesim serve.
type serveFlags struct {
	common
	addr, start, tokenFile, holidays, powers, faults string
	speed                                            float64
	noSim                                            bool
	metrics                                          metricsFlags
}

func newServe(e *Env) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the API: simulated cases, or imported data with --no-sim",
		Long: strings.TrimSpace(`
Serve the casewatch API under /api/v1 (loopback by default). The simulation
clock runs --speed times real time; a database keeps its seed, clock,
acknowledgements and imported cases across restarts. SIGINT and SIGTERM
finish in-flight requests and close the database.`),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return serve(cmd, e, &f) },
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8470", "listen address (loopback by default)")
	fl.Float64Var(&f.speed, "speed", casesim.DefaultSpeed, "simulated seconds per real second (0 freezes the clock)")
	fl.StringVar(&f.start, "start", "", "simulation start date of a new database, YYYY-MM-DD (default: today)")
	fl.StringVar(&f.tokenFile, "token-file", "", "file holding the bearer token every request must carry (/health stays open)")
	fl.StringVar(&f.holidays, "holidays", "", "holiday calendar file (format of casesim/calendar/holidays_cn.txt; default: the embedded one,\nwhich covers the years its \"year\" lines declare)")
	fl.StringVar(&f.powers, "powers", "", "the province's responsibility list (权责清单), CSV as docs/POWERS.md describes (default: the\nbuilt-in example list, which a province replaces)")
	fl.BoolVar(&f.noSim, "no-sim", false, "serve imported data only: the wall clock, no simulation, nothing labelled demo\n(a new database starts empty; fill it with casesim import)")
	f.metrics.register(fl)
	fl.StringVar(&f.faults, "faults", "", "inject faults to rehearse a misbehaving API, e.g. \"latency=200ms,unavailable=0.1,outage=30s@60s\"\n(grammar in docs/FAULTS.md; seeded from --seed)")
	cmd.SetFlagErrorFunc(clikit.FlagError)
	return cmd
}

// noArgs refuses positional arguments.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return clikit.Usagef(cmd, "unexpected argument %q (%s takes only flags; see --help)", args[0], cmd.CommandPath())
	}
	return nil
}

// serveOptions checks serve's flags and files and assembles the options
// of casesim.Open; every problem is bad usage (exit 2).
func serveOptions(cmd *cobra.Command, f *serveFlags) (casesim.Options, faults.Spec, error) {
	stderr := cmd.ErrOrStderr()
	opts := casesim.Options{DBPath: f.db, Seed: f.seed, Speed: f.speed, NoSim: f.noSim,
		Logger: slog.New(slog.NewTextHandler(stderr, nil))}
	if f.noSim {
		// The simulation's flags mean nothing to imported data: say so
		// rather than ignore them.
		var simFlags []string
		for _, name := range []string{"seed", "speed", "start"} {
			if cmd.Flags().Changed(name) {
				simFlags = append(simFlags, "--"+name)
			}
		}
		if len(simFlags) > 0 {
			return opts, faults.Spec{}, clikit.Usagef(cmd, "%s simulate; --no-sim serves imported data on the wall clock", strings.Join(simFlags, ", "))
		}
	}
	if f.speed < 0 {
		return opts, faults.Spec{}, clikit.Usagef(cmd, "--speed %v must not be negative", f.speed)
	}
	if err := f.metrics.prepare(&opts); err != nil {
		return opts, faults.Spec{}, clikit.UsageError(cmd, err)
	}
	if f.start != "" {
		t, err := time.ParseInLocation("2006-01-02", f.start, sim.Zone)
		if err != nil {
			return opts, faults.Spec{}, clikit.Usagef(cmd, "--start %q is not a date YYYY-MM-DD", f.start)
		}
		opts.Start = t.Add(9 * time.Hour)
	}
	if f.holidays != "" {
		cal, err := calendar.Load(f.holidays)
		if err != nil {
			return opts, faults.Spec{}, clikit.ConfigError(fmt.Errorf("--holidays: %s", strings.TrimPrefix(err.Error(), "calendar: ")))
		}
		opts.Holidays = cal
	} else {
		opts.Holidays = calendar.NewDefault()
	}
	if f.powers != "" {
		l, err := domain.LoadPowers(f.powers)
		if err != nil {
			return opts, faults.Spec{}, clikit.ConfigError(fmt.Errorf("--powers:\n%s", strings.TrimPrefix(err.Error(), "powers: ")))
		}
		opts.Powers = l
	} else {
		opts.Powers = domain.DefaultPowers()
	}
	if f.tokenFile != "" {
		tok, err := ReadToken(f.tokenFile)
		if err != nil {
			return opts, faults.Spec{}, clikit.ConfigError(err)
		}
		opts.Token = tok
	}
	spec, err := faults.Parse(f.faults)
	if err != nil {
		return opts, faults.Spec{}, clikit.Usagef(cmd, "--faults: %s", strings.TrimPrefix(err.Error(), "faults: "))
	}
	return opts, spec, nil
}

func serve(cmd *cobra.Command, e *Env, f *serveFlags) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	opts, spec, err := serveOptions(cmd, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "casesim: holiday calendar %s covers %s; other years count weekends only (and their alerts say so)\n",
		opts.Holidays.Source(), yearList(opts.Holidays.Years()))
	fmt.Fprintf(stderr, "casesim: responsibility list %s, %d items\n", powersSource(opts.Powers), len(opts.Powers.Items))
	if err := f.prepare(e.Getenv); err != nil {
		return err
	}
	opts.DBPath = f.db
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	sys, err := casesim.Open(ctx, opts)
	if err != nil {
		return err
	}
	defer sys.Close()
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return err
	}
	handler := sys.Handler()
	if !spec.IsZero() {
		// Outage windows count from here, when the server starts listening.
		inj, err := faults.New(spec, f.seed, nil)
		if err != nil {
			ln.Close()
			return clikit.Usagef(cmd, "--faults: %v", err)
		}
		handler = inj.Wrap(handler)
		fmt.Fprintf(stderr, "casesim: injecting faults %s (/health is exempt except during outages; see docs/FAULTS.md)\n", spec)
	}
	if handler, err = f.metrics.start(handler, stderr); err != nil {
		ln.Close()
		return err
	}
	defer f.metrics.stop()
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	runCtx, cancelRun := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { sys.Run(runCtx); close(done) }()
	if f.noSim {
		fmt.Fprintf(stdout, "casesim listening on http://%s/api/v1 (db %s, imported data, wall clock)\n", ln.Addr(), f.db)
	} else {
		fmt.Fprintf(stdout, "casesim listening on http://%s/api/v1 (db %s, simulated data: seed %d, speed %gx)\n", ln.Addr(), f.db, f.seed, f.speed)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
	case err := <-errc:
		cancelRun()
		<-done
		return err
	}
	fmt.Fprintln(stderr, "casesim: shutting down: finishing in-flight requests")
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		fmt.Fprintf(stderr, "casesim: shutdown: %v\n", err)
	}
	cancelRun()
	<-done
	return nil
}

// ReadToken reads a bearer token from a file: one line, not empty.
func ReadToken(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("token file: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" {
		return "", fmt.Errorf("token file %s is empty", path)
	}
	if strings.ContainsAny(tok, " \t\r\n") {
		return "", fmt.Errorf("token file %s: the token must be one word on one line", path)
	}
	return tok, nil
}

// yearList shows covered years: "2023–2026", or "2023, 2025" with gaps.
func yearList(ys []int) string {
	if len(ys) == 0 {
		return "no year"
	}
	contiguous := ys[len(ys)-1]-ys[0] == len(ys)-1
	if contiguous && len(ys) > 1 {
		return fmt.Sprintf("%d–%d", ys[0], ys[len(ys)-1])
	}
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = strconv.Itoa(y)
	}
	return strings.Join(parts, ", ")
}

// powersSource names a list for a log line.
func powersSource(l *domain.PowerList) string {
	if l.Example {
		return "built-in example (replace it with --powers FILE)"
	}
	return l.Source
}

func newPowers() *cobra.Command {
	return &cobra.Command{
		Use:   "powers [FILE]",
		Short: "Check a responsibility-list file, or print the built-in example list",
		Long: strings.TrimSpace(`
With FILE, check a responsibility list (权责清单, CSV as docs/POWERS.md
describes): exit 1 with line-numbered errors when it is invalid. Without,
print the built-in example list, a template for a province's own.`),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return clikit.Usagef(cmd, "give at most one FILE")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return powersCmd(args, cmd.OutOrStdout())
		},
	}
}

// powersCmd checks a list file (a failure, exit 1, with line-numbered
// errors when it is invalid), or prints the built-in example list as a
// template.
func powersCmd(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		_, err := stdout.Write(domain.DefaultPowersCSV())
		return err
	}
	l, err := domain.LoadPowers(args[0])
	if err != nil {
		return clikit.Failure(fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "powers: ")))
	}
	counted := 0
	for _, p := range l.Items {
		if p.Counted() {
			counted++
		}
	}
	fmt.Fprintf(stdout, "%s: %d items, %d of them govern dispositive decisions\n", l.Source, len(l.Items), counted)
	return nil
}
