// Package cli is the command line of casesim: `casesim serve` and
// `casesim import`. cmd/casesim only calls Main.
package cli

import (
	"context"
	"flag"
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

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/calendar"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/faults"
	"github.com/casewatch/casewatch/casesim/sim"
)

const usage = `casesim: the casewatch reference case system (simulated data, SQLite, HTTP API)

Usage:
  casesim serve  [--addr 127.0.0.1:8470] [--db PATH] [--seed N] [--speed X] [--start YYYY-MM-DD] [--token-file F]
                 [--faults SPEC] [--holidays FILE] [--powers FILE]
                 [--no-sim]
  casesim import [--db PATH] [--mapping F.toml] [--encoding E] [--events F.csv] [--org F.csv] FILE.xlsx|FILE.csv
  casesim import [--db PATH] [--mapping F.toml] --watch DIR
  casesim powers [FILE]   check a responsibility-list file, or print the built-in example list

Run 'casesim serve --help' or 'casesim import --help' for the flags.
`

// Main runs casesim with args (without the program name) and returns the
// exit status: 0 ok, 1 failure, 2 bad usage.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stdout, stderr)
	case "import":
		return importCmd(args[1:], stdout, stderr)
	case "powers":
		return powersCmd(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "casesim: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// DefaultDBPath is the database file in the user's state directory.
func DefaultDBPath() string {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "casesim.db"
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "casewatch", "casesim.db")
}

type common struct {
	db   string
	seed uint64
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.db, "db", DefaultDBPath(), "SQLite database file, or :memory:")
	fs.Uint64Var(&c.seed, "seed", 1, "simulation seed (a database keeps the seed it was created with)")
}

func (c *common) prepare() error {
	if c.db == ":memory:" {
		return nil
	}
	return os.MkdirAll(filepath.Dir(c.db), 0o700)
}

func serve(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("casesim serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c common
	c.register(fs)
	addr := fs.String("addr", "127.0.0.1:8470", "listen address (loopback by default)")
	speed := fs.Float64("speed", casesim.DefaultSpeed, "simulated seconds per real second (0 freezes the clock)")
	start := fs.String("start", "", "simulation start date of a new database, YYYY-MM-DD (default: today)")
	tokenFile := fs.String("token-file", "", "file holding the bearer token every request must carry (/health stays open)")
	holidays := fs.String("holidays", "", "holiday calendar file (format of casesim/calendar/holidays_cn.txt; default: the embedded\none, which covers the years its \"year\" lines declare)")
	powersFile := fs.String("powers", "", "the province's responsibility list (权责清单), CSV as docs/POWERS.md describes (default: the\nbuilt-in example list, which a province replaces)")
	noSim := fs.Bool("no-sim", false, "serve imported data only: the wall clock, no simulation, nothing labelled demo\n(a new database starts empty; fill it with casesim import)")
	var mf metricsFlags
	mf.register(fs)
	faultText := fs.String("faults", "", "inject faults to rehearse a misbehaving API, e.g. \"latency=200ms,unavailable=0.1,outage=30s@60s\"\n(grammar in docs/FAULTS.md; seeded from --seed)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "casesim serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *noSim {
		// The simulation's flags mean nothing to imported data: say so
		// rather than ignore them.
		var simFlags []string
		fs.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "seed", "speed", "start":
				simFlags = append(simFlags, "--"+f.Name)
			}
		})
		if len(simFlags) > 0 {
			fmt.Fprintf(stderr, "casesim serve: %s simulate; --no-sim serves imported data on the wall clock\n", strings.Join(simFlags, ", "))
			return 2
		}
	}
	opts := casesim.Options{DBPath: c.db, Seed: c.seed, Speed: *speed, NoSim: *noSim,
		Logger: slog.New(slog.NewTextHandler(stderr, nil))}
	if *speed < 0 {
		fmt.Fprintf(stderr, "casesim serve: --speed %v must not be negative\n", *speed)
		return 2
	}
	if err := mf.prepare(&opts); err != nil {
		fmt.Fprintf(stderr, "casesim serve: %v\n", err)
		return 2
	}
	if *start != "" {
		t, err := time.ParseInLocation("2006-01-02", *start, sim.Zone)
		if err != nil {
			fmt.Fprintf(stderr, "casesim serve: --start %q is not a date YYYY-MM-DD\n", *start)
			return 2
		}
		opts.Start = t.Add(9 * time.Hour)
	}
	if *holidays != "" {
		cal, err := calendar.Load(*holidays)
		if err != nil {
			fmt.Fprintf(stderr, "casesim serve: --holidays: %s\n", strings.TrimPrefix(err.Error(), "calendar: "))
			return 2
		}
		opts.Holidays = cal
	} else {
		opts.Holidays = calendar.NewDefault()
	}
	fmt.Fprintf(stderr, "casesim: holiday calendar %s covers %s; other years count weekends only (and their alerts say so)\n",
		opts.Holidays.Source(), yearList(opts.Holidays.Years()))
	if *powersFile != "" {
		l, err := domain.LoadPowers(*powersFile)
		if err != nil {
			fmt.Fprintf(stderr, "casesim serve: --powers:\n%s\n", strings.TrimPrefix(err.Error(), "powers: "))
			return 2
		}
		opts.Powers = l
	} else {
		opts.Powers = domain.DefaultPowers()
	}
	fmt.Fprintf(stderr, "casesim: responsibility list %s, %d items\n", powersSource(opts.Powers), len(opts.Powers.Items))
	if *tokenFile != "" {
		tok, err := ReadToken(*tokenFile)
		if err != nil {
			fmt.Fprintf(stderr, "casesim serve: %v\n", err)
			return 2
		}
		opts.Token = tok
	}
	spec, err := faults.Parse(*faultText)
	if err != nil {
		fmt.Fprintf(stderr, "casesim serve: --faults: %s\n", strings.TrimPrefix(err.Error(), "faults: "))
		return 2
	}
	if err := c.prepare(); err != nil {
		fmt.Fprintf(stderr, "casesim serve: %v\n", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	sys, err := casesim.Open(ctx, opts)
	if err != nil {
		fmt.Fprintf(stderr, "casesim serve: %v\n", err)
		return 1
	}
	defer sys.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "casesim serve: %v\n", err)
		return 1
	}
	handler := sys.Handler()
	if !spec.IsZero() {
		// Outage windows count from here, when the server starts listening.
		inj, err := faults.New(spec, c.seed, nil)
		if err != nil {
			ln.Close()
			fmt.Fprintf(stderr, "casesim serve: --faults: %v\n", err)
			return 2
		}
		handler = inj.Wrap(handler)
		fmt.Fprintf(stderr, "casesim: injecting faults %s (/health is exempt except during outages; see docs/FAULTS.md)\n", spec)
	}
	if handler, err = mf.start(handler, stderr); err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "casesim serve: %v\n", err)
		return 1
	}
	defer mf.stop()
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	runCtx, cancelRun := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { sys.Run(runCtx); close(done) }()
	if *noSim {
		fmt.Fprintf(stdout, "casesim listening on http://%s/api/v1 (db %s, imported data, wall clock)\n", ln.Addr(), c.db)
	} else {
		fmt.Fprintf(stdout, "casesim listening on http://%s/api/v1 (db %s, simulated data: seed %d, speed %gx)\n", ln.Addr(), c.db, c.seed, *speed)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
	case err := <-errc:
		cancelRun()
		<-done
		fmt.Fprintf(stderr, "casesim serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, "casesim: shutting down: finishing in-flight requests")
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		fmt.Fprintf(stderr, "casesim: shutdown: %v\n", err)
	}
	cancelRun()
	<-done
	return 0
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

// powersCmd checks a list file (exit 1 with line-numbered errors when it
// is invalid), or prints the built-in example list as a template.
func powersCmd(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		_, err := stdout.Write(domain.DefaultPowersCSV())
		if err != nil {
			return 1
		}
		return 0
	case len(args) > 1 || strings.HasPrefix(args[0], "-"):
		fmt.Fprint(stderr, "usage: casesim powers [FILE]\n  FILE: check a responsibility-list file; no FILE: print the built-in example list\n")
		return 2
	}
	l, err := domain.LoadPowers(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "casesim powers: %s\n", strings.TrimPrefix(err.Error(), "powers: "))
		return 1
	}
	counted := 0
	for _, p := range l.Items {
		if p.Counted() {
			counted++
		}
	}
	fmt.Fprintf(stdout, "%s: %d items, %d of them govern dispositive decisions\n", l.Source, len(l.Items), counted)
	return 0
}
