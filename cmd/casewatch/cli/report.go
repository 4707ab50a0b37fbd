package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/report"
)

// reportFlags are the flags of report that are not config settings.
type reportFlags struct {
	period, format, out, scope, notice string
	demoSpeed                          float64
}

func newReport(e *Env) *cobra.Command {
	var f reportFlags
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write the 流程监控通报 of a month, a quarter or the year to date, or print one notice",
		Long: strings.TrimSpace(`
Write the process-monitoring circular (流程监控通报) of a period: problems
found by category, unit and department; notices issued (口头提示 and
流程监控通知书), replied on time, late, unanswered and closed (销号);
整改率; repeat problems and the change against the previous period; the
indicators with the units ranked low and the volatile ones; 越权 decisions
and list gaps. Markdown to paste, HTML that prints on A4, JSON for other
tools. Data from the API only; without an API, the embedded demo (and it
says so). With --notice ID, print that notice instead.

Exit status: 0 ok, 1 the case system failed, 2 bad usage.
Documented in docs/REPORT.md.`),
		Example: strings.TrimSpace(`
casewatch report --period 2026-11 --format html --out 通报-2026-11.html
casewatch report --period 2026-Q4 --scope U20
casewatch report --period 2026-ytd --format json
casewatch report --notice C0247010000-N1 --format html`),
		Args: noArgs,
	}
	sf := addSettings(cmd, keys(connectionKeys)...)
	fl := cmd.Flags()
	fl.StringVar(&f.period, "period", "", "2026-11 (a month), 2026-Q4 (a quarter) or 2026-ytd (the year to date); default: last month")
	fl.StringVar(&f.format, "format", report.Markdown, "output format: markdown, html or json")
	fl.StringVarP(&f.out, "out", "o", "", "write to this file instead of standard output")
	fl.StringVar(&f.scope, "scope", "", "unit to report on, with its subtree: its id, or the name, short name or English name of exactly one unit (default: the whole province)")
	fl.StringVar(&f.notice, "notice", "", "print this notice (its id) instead of the circular")
	fl.Float64Var(&f.demoSpeed, "demo-speed", casesim.DefaultSpeed, "simulation speed of the embedded demo system")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := loadConfig(e, cmd, sf)
		if err != nil {
			return err
		}
		if err := checkDemoSpeed(cmd, f.demoSpeed); err != nil {
			return err
		}
		if !slices.Contains([]string{report.Markdown, report.HTML, report.JSON}, f.format) {
			return usageError(cmd, fmt.Errorf("--format %q: want markdown, html or json", f.format))
		}
		if f.period != "" {
			if _, err := report.ParsePeriod(f.period, sim.Zone); err != nil {
				return usageError(cmd, fmt.Errorf("--period: %w", err))
			}
		}
		ctx := cmd.Context()
		b, err := connect(cfg, f.demoSpeed)
		if err != nil {
			return err
		}
		defer b.close()
		var buf bytes.Buffer
		if f.notice != "" {
			n, err := b.client.Notice(ctx, f.notice)
			if err != nil {
				return fmt.Errorf("report: notice %s: %w", f.notice, err)
			}
			if err := report.RenderNotice(&buf, n, b.demo, f.format); err != nil {
				return err
			}
		} else {
			period := f.period
			if period == "" {
				h, err := b.client.Health(ctx)
				if err != nil {
					return fmt.Errorf("report: the case system failed: %w", err)
				}
				t := h.DataAsOf.In(sim.Zone)
				period = t.AddDate(0, 0, 1-t.Day()).AddDate(0, -1, 0).Format("2006-01")
			}
			p, _ := report.ParsePeriod(period, sim.Zone)
			// --scope takes an id or a name, as the dashboard's does; an
			// unknown one is bad usage (exit 2). Unchecked (the case
			// system did not answer): Build says what failed.
			scope, err := checkScope(ctx, b.client, f.scope)
			if err != nil && !errors.Is(err, errScopeUnchecked) {
				return err
			}
			r, err := report.Build(ctx, b.client, scope, p)
			if err != nil {
				return fmt.Errorf("report: %w", err)
			}
			r.Simulated = r.Simulated || b.demo
			if err := report.Render(&buf, r, f.format); err != nil {
				return err
			}
		}
		if f.out == "" {
			_, err := io.Copy(e.Stdout, &buf)
			return err
		}
		return writeFile(f.out, buf.Bytes())
	}
	return cmd
}
