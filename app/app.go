// Package app is the casewatch command line: it reads flags and the
// environment, starts the embedded demo case system when no API is
// configured, wires the client's poller to the dashboard and runs it.
// cmd/casewatch only calls Main.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/demo"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui"
)

// Version is the casewatch release.
const Version = "0.1.0"

// APIEnv names the environment variable with the case-system URL.
const APIEnv = "CASEWATCH_API"

// Flags are the parsed command-line settings of the dashboard.
type Flags struct {
	API        string
	TokenFile  string
	CAFile     string
	CertFile   string
	KeyFile    string
	Lang       i18n.Lang
	Theme      theme.Kind
	ReadOnly   bool
	NoMouse    bool
	Scope      string
	User       string
	FPS        int
	Debug      string
	DemoSpeed  float64
	OutboxPath string
	Alerts     time.Duration
	Indicators time.Duration
	Coverage   time.Duration
	Version    bool
}

// ParseFlags reads args (without the program name) and the environment.
// It returns flag.ErrHelp for --help.
func ParseFlags(args []string, getenv func(string) string, stderr io.Writer) (Flags, error) {
	var f Flags
	fs := flag.NewFlagSet("casewatch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "casewatch %s: terminal dashboard for case-management supervision (案件管理监督看板)\n\n", Version)
		fmt.Fprintln(stderr, "Usage: casewatch [flags]")
		fmt.Fprintln(stderr, "With no --api (and no CASEWATCH_API) it runs an embedded reference case system on simulated demo data.")
		fmt.Fprintln(stderr, "\nFlags:")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nEnvironment: CASEWATCH_API (the API URL), CASEWATCH_TOKEN (bearer token), NO_COLOR, LC_ALL/LC_MESSAGES/LANG (language).")
	}
	lang := fs.String("lang", "", "display language: zh or en (default: from LC_ALL/LC_MESSAGES/LANG, Chinese when none names one)")
	th := fs.String("theme", "auto", "theme: auto (from the terminal background), dark, light, high-contrast or mono")
	fs.StringVar(&f.API, "api", getenv(APIEnv), "case-system URL, e.g. http://127.0.0.1:8470 (env "+APIEnv+")")
	fs.StringVar(&f.TokenFile, "token-file", "", "file holding the bearer token (else env "+client.TokenEnv+")")
	fs.StringVar(&f.CAFile, "ca-file", "", "PEM CA certificates to trust for https")
	fs.StringVar(&f.CertFile, "cert-file", "", "PEM client certificate (with --key-file)")
	fs.StringVar(&f.KeyFile, "key-file", "", "PEM client key (with --cert-file)")
	fs.BoolVar(&f.ReadOnly, "read-only", false, "disable acknowledgements")
	fs.BoolVar(&f.NoMouse, "no-mouse", false, "leave the mouse to the terminal")
	fs.StringVar(&f.Scope, "scope", "", "unit id shown at start (default: the whole province)")
	fs.StringVar(&f.User, "user", defaultUser(getenv), "name recorded with acknowledgements")
	fs.IntVar(&f.FPS, "fps", 10, "maximum frames per second (1-60); lower costs less CPU on an idle wall display")
	fs.StringVar(&f.Debug, "debug", "", "write a debug log to this file")
	fs.Float64Var(&f.DemoSpeed, "demo-speed", casesim.DefaultSpeed, "simulation speed of the embedded demo system (0 freezes it)")
	fs.StringVar(&f.OutboxPath, "outbox", "", "acknowledgement outbox file (default in $XDG_STATE_HOME/casewatch)")
	fs.DurationVar(&f.Alerts, "alerts-interval", client.DefaultAlertsInterval, "poll interval of the alerts")
	fs.DurationVar(&f.Indicators, "indicators-interval", client.DefaultIndicatorsInterval, "poll interval of the indicators")
	fs.DurationVar(&f.Coverage, "coverage-interval", client.DefaultCoverageInterval, "poll interval of the coverage")
	fs.BoolVar(&f.Version, "version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("unexpected argument %q (casewatch takes only flags; see --help)", fs.Arg(0))
	}
	var err error
	if *lang != "" {
		if f.Lang, err = i18n.Parse(*lang); err != nil {
			return f, fmt.Errorf("--lang: %w", err)
		}
	} else {
		f.Lang = i18n.Detect(getenv)
	}
	k, err := theme.Parse(*th)
	if err != nil {
		return f, fmt.Errorf("--theme: %w", err)
	}
	f.Theme = theme.Detect(getenv, k)
	if f.FPS < 1 || f.FPS > 60 {
		return f, fmt.Errorf("--fps %d: want 1 to 60", f.FPS)
	}
	if f.DemoSpeed < 0 {
		return f, fmt.Errorf("--demo-speed %v must not be negative", f.DemoSpeed)
	}
	for name, d := range map[string]time.Duration{"--alerts-interval": f.Alerts, "--indicators-interval": f.Indicators, "--coverage-interval": f.Coverage} {
		if d < time.Second {
			return f, fmt.Errorf("%s %v: want at least 1s", name, d)
		}
	}
	if (f.CertFile == "") != (f.KeyFile == "") {
		return f, errors.New("--cert-file and --key-file go together")
	}
	return f, nil
}

func defaultUser(getenv func(string) string) string {
	for _, k := range []string{"CASEWATCH_USER", "USER", "LOGNAME"} {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
	}
	return "casewatch"
}

// Main runs the dashboard and returns the exit status: 0 ok, 1 failure,
// 2 bad usage.
func Main(args []string, stdout, stderr io.Writer) int {
	f, err := ParseFlags(args, os.Getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "casewatch: %v\n", err)
		return 2
	}
	if f.Version {
		fmt.Fprintf(stdout, "casewatch %s (API %s)\n", Version, api.Version)
		return 0
	}
	if err := run(f); err != nil {
		fmt.Fprintf(stderr, "casewatch: %v\n", err)
		return 1
	}
	return 0
}

func run(f Flags) error {
	if f.Debug != "" {
		lf, err := tea.LogToFile(f.Debug, "casewatch")
		if err != nil {
			return fmt.Errorf("--debug: %w", err)
		}
		defer lf.Close()
	}
	demoMode := f.API == ""
	base := f.API
	if demoMode {
		srv, err := demo.Start(casesim.Options{Speed: f.DemoSpeed})
		if err != nil {
			return err
		}
		defer srv.Close()
		base = srv.URL()
	}
	cl, err := client.New(client.Config{BaseURL: base, TokenFile: f.TokenFile, CAFile: f.CAFile, CertFile: f.CertFile, KeyFile: f.KeyFile,
		UserAgent: "casewatch/" + Version})
	if err != nil {
		return err
	}
	defer cl.Close()
	outbox := f.OutboxPath
	if outbox == "" {
		if outbox, err = client.DefaultOutboxPath(); err != nil {
			return err
		}
		if demoMode {
			// Demo acknowledgements must never be replayed against a real system.
			outbox = filepath.Join(filepath.Dir(outbox), "outbox-demo.json")
		}
	}
	p, err := client.NewPoller(client.Options{Client: cl, ReadOnly: f.ReadOnly, OutboxPath: outbox,
		AlertsInterval: f.Alerts, IndicatorsInterval: f.Indicators, CoverageInterval: f.Coverage})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p.Start(ctx)
	defer p.Close()
	m := tui.New(tui.Options{
		Source: p, Fetcher: Fetcher{C: cl}, Demo: demoMode, ReadOnly: f.ReadOnly, NoMouse: f.NoMouse,
		Lang: f.Lang, Theme: f.Theme, Scope: f.Scope, User: f.User,
		AlertsInterval: f.Alerts, IndicatorsInterval: f.Indicators, CoverageInterval: f.Coverage,
	})
	prog := tea.NewProgram(m, tea.WithContext(ctx), tea.WithFPS(f.FPS))
	_, err = prog.Run()
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// Fetcher adapts the client to the dashboard's on-demand fetches.
type Fetcher struct{ C *client.Client }

// Case implements tui.Fetcher.
func (f Fetcher) Case(ctx context.Context, id string) (*api.Case, error) { return f.C.Case(ctx, id) }

// Ranking implements tui.Fetcher.
func (f Fetcher) Ranking(ctx context.Context, id, period, parent string) (*api.Ranking, error) {
	return f.C.Ranking(ctx, id, period, parent)
}

// Decisions implements tui.Fetcher.
func (f Fetcher) Decisions(ctx context.Context, q tui.DecisionQuery) (*api.DecisionPage, error) {
	return f.C.Decisions(ctx, client.DecisionQuery{Unit: q.Unit, Dept: q.Dept, Person: q.Person, Verdict: q.Verdict})
}
