package cli

import (
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/tui"
)

// newRoot builds the command tree: casewatch (the dashboard) with
// serve-ssh, snapshot and config; fang adds --version and cobra the
// completion command.
func newRoot(e *Env) *cobra.Command {
	var f dashFlags
	root := &cobra.Command{
		Use:   "casewatch",
		Short: "Terminal dashboard for case-management supervision (案件管理监督看板)",
		Long: strings.TrimSpace(`
casewatch is a terminal dashboard for the case-management departments of
procuratorates (案件管理监督看板): process-monitoring alerts, quality
indicators and responsibility-list coverage, live from a case system's API.

With no API configured (--api, CASEWATCH_API or api in the config file) it
runs an embedded reference case system on simulated demo data (演示数据).

Settings come from flags, then the environment (CASEWATCH_<KEY>), then the
config file ($XDG_CONFIG_HOME/casewatch/config.toml or --config), then the
defaults; "casewatch config" shows them and where each came from.`),
		Example: strings.TrimSpace(`
casewatch                                   # demo data
casewatch --api http://127.0.0.1:8470       # a real case system
casewatch --wall --wall-panels alerts,coverage --kiosk
casewatch snapshot --format markdown --out handover.md
casewatch serve-ssh --authorized-keys ~/.ssh/authorized_keys`),
		Args: noArgs,
	}
	root.SetFlagErrorFunc(flagError)
	root.SuggestionsMinimumDistance = 2
	root.PersistentFlags().String("config", "", "config file (default $XDG_CONFIG_HOME/casewatch/config.toml)")
	sf := addSettings(root, keys(connectionKeys, []string{"user", "lang", "theme", "default_view", "export_dir", "notify", "clipboard"}, pollKeys, wallKeys)...)
	fl := root.Flags()
	fl.BoolVar(&f.readOnly, "read-only", false, "disable acknowledgements")
	fl.BoolVar(&f.noMouse, "no-mouse", false, "leave the mouse to the terminal")
	fl.StringVar(&f.scope, "scope", "", "unit id shown at start (default: the whole province)")
	fl.IntVar(&f.fps, "fps", 10, "maximum frames per second (1-60); a wall display runs at 4 unless given; lower costs less CPU when idle")
	fl.DurationVar(&f.escTimeout, "esc-timeout", tui.DefaultEscTimeout, escTimeoutUsage)
	fl.StringVar(&f.debug, "debug", "", "write a debug log to this file")
	fl.Float64Var(&f.demoSpeed, "demo-speed", casesim.DefaultSpeed, "simulation speed of the embedded demo system (0 freezes it)")
	fl.StringVar(&f.outbox, "outbox", "", "acknowledgement outbox file (default in $XDG_STATE_HOME/casewatch)")
	root.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := loadConfig(e, cmd, sf)
		if err != nil {
			return err
		}
		if err := f.check(cmd); err != nil {
			return err
		}
		f.fpsSet = cmd.Flags().Changed("fps")
		return runDash(cmd.Context(), e, cfg, f)
	}
	root.AddCommand(newServeSSH(e), newNotify(e), newSnapshot(e), newReport(e), newConfigCmd(e))
	return root
}

// runDash runs the dashboard; tests replace it.
var runDash = runDashboard

// checkDemoSpeed refuses a negative demo speed.
func checkDemoSpeed(cmd *cobra.Command, v float64) error {
	if v < 0 {
		return usagef(cmd, "--demo-speed %v must not be negative", v)
	}
	return nil
}

// escTimeoutUsage is the help of --esc-timeout.
const escTimeoutUsage = "how long a lone ESC waits for the rest of an escape sequence before it is the Esc key (1ms-1s); raise it if arrow keys arrive as Esc over a slow link"

// checkEscTimeout refuses an ESC wait outside 1 ms to 1 s.
func checkEscTimeout(cmd *cobra.Command, d time.Duration) error {
	if d < time.Millisecond || d > time.Second {
		return usagef(cmd, "--esc-timeout %v: want 1ms to 1s", d)
	}
	return nil
}

// checkFPS refuses a frame rate outside 1 to 60.
func checkFPS(cmd *cobra.Command, fps int) error {
	if fps < 1 || fps > 60 {
		return usagef(cmd, "--fps %d: want 1 to 60", fps)
	}
	return nil
}
