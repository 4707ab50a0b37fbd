package cli

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/casewatch/casewatch/config"
	"github.com/casewatch/casewatch/tui"
)

// dashFlags are the dashboard's flags that are not config settings.
type dashFlags struct {
	readOnly, noMouse bool
	scope             string
	fps               int
	fpsSet            bool // --fps was given (see frameRate)
	escTimeout        time.Duration
	debug             string
	demoSpeed         float64
	outbox            string
}

func (f dashFlags) check(cmd *cobra.Command) error {
	if err := checkFPS(cmd, f.fps); err != nil {
		return err
	}
	if err := checkEscTimeout(cmd, f.escTimeout); err != nil {
		return err
	}
	return checkDemoSpeed(cmd, f.demoSpeed)
}

// wallFPS is a wall display's frame rate unless --fps says otherwise:
// nobody types at a wall, so a key may take a quarter of a second to show,
// and the renderer, which wakes at the frame rate for the whole run, wakes
// less often.
const wallFPS = 4

// frameRate is the frame rate of a dashboard: --fps when given, wallFPS on
// a wall display, else --fps's default.
func (f dashFlags) frameRate(wall bool) int {
	if wall && !f.fpsSet {
		return wallFPS
	}
	return f.fps
}

// baseOptions are the options of a dashboard but for its data source and
// wall mode.
func baseOptions(cfg *config.Config, f dashFlags) tui.Options {
	return tui.Options{
		ReadOnly: f.readOnly, NoMouse: f.noMouse,
		Lang: cfg.Lang, Theme: cfg.Theme, Scope: f.scope, User: cfg.User,
		Views: dashViews(cfg.Views), DefaultView: cfg.DefaultView,
	}
}

// dashViews are the config file's saved views as the dashboard takes them.
func dashViews(vs []config.View) []tui.View {
	out := make([]tui.View, len(vs))
	for i, v := range vs {
		out[i] = tui.View{Name: v.Name, Scope: v.Scope, Panel: v.Panel, Level: v.Level, Category: v.Category,
			Query: v.Query, Sort: v.Sort, Group: v.Group, Acked: v.Acked}
	}
	return out
}

// dashboardOptions are the terminal dashboard's options but for its data
// source. A wall display is read-only; --kiosk given on the command line
// implies --wall (kiosk = true in the file only matters with wall mode on).
func dashboardOptions(cfg *config.Config, f dashFlags) tui.Options {
	wall := cfg.Wall.Enabled || (cfg.Wall.Kiosk && cfg.Source("wall.kiosk").Kind == config.FromFlag)
	o := baseOptions(cfg, f)
	o.ReadOnly = o.ReadOnly || wall
	o.ExportDir, o.Notify, o.Clipboard = cfg.ExportDir, cfg.Notify, cfg.Clipboard
	if wall {
		o.Wall = tui.WallOptions{Enabled: true, Interval: cfg.Wall.Interval, Panels: append([]string(nil), cfg.Wall.Panels...),
			PinFor: cfg.Wall.Pin, Kiosk: cfg.Wall.Kiosk}
	}
	return o
}

// oneProc says whether the dashboard should run its Go code on one thread
// at a time (GOMAXPROCS=1): a wall display, unless GOMAXPROCS is set. Nobody
// types at a wall, so nothing waits on a second core, and at idle the
// runtime then wakes fewer threads for each poll: 17 against 27 wakeups a
// second and 0.12 % against 0.18 % of a core in the same run
// (docs/PERFORMANCE.md, issue 15).
func oneProc(wall bool, getenv func(string) string) bool {
	return wall && getenv("GOMAXPROCS") == ""
}

// runDashboard runs the dashboard until the user quits.
func runDashboard(ctx context.Context, e *Env, cfg *config.Config, f dashFlags) error {
	if f.debug != "" {
		lf, err := tea.LogToFile(f.debug, "casewatch")
		if err != nil {
			return fmt.Errorf("--debug: %w", err)
		}
		defer lf.Close()
	}
	b, err := connect(cfg, f.demoSpeed)
	if err != nil {
		return err
	}
	defer b.close()
	if f.scope, err = checkScope(ctx, b.client, f.scope); err != nil && !errors.Is(err, errScopeUnchecked) {
		return err
	}
	opts := dashboardOptions(cfg, f)
	if oneProc(opts.Wall.Enabled, e.Getenv) {
		runtime.GOMAXPROCS(1)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p, err := b.poller(ctx, e, cfg, opts.ReadOnly, f.outbox)
	if err != nil {
		return err
	}
	defer p.Close()
	opts.Source, opts.Fetcher, opts.Demo = p, b.client, b.demo
	prog := tea.NewProgram(tui.New(opts), tea.WithContext(ctx), tea.WithFPS(f.frameRate(opts.Wall.Enabled)), tui.WithEscTimeout(f.escTimeout))
	_, err = prog.Run()
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) {
		err = nil
	}
	if err == nil {
		err = outboxVerdict(p)
	}
	return err
}
