package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/config"
	"github.com/casewatch/casewatch/snapshot"
)

// snapFlags are the flags of snapshot that are not config settings.
type snapFlags struct {
	format    choiceValue
	all       bool
	out       string
	scope     string
	demoSpeed float64
}

func newSnapshot(e *Env) *cobra.Command {
	f := snapFlags{format: choiceValue{text: string(snapshot.Text), typ: "format",
		parse: func(s string) error { _, err := snapshot.ParseFormat(s); return err }}}
	cmd := &cobra.Command{
		Use:   "snapshot",
		Short: "Write a one-shot report: alerts, overdue cases, indicators, coverage gaps",
		Long: strings.TrimSpace(`
Write a one-shot report of the case system for shift handover, the monthly
notice or cron: active alerts by level, category and unit; the most overdue
cases; bottom-ranked and volatile indicators; responsibility-list coverage
gaps; and the time the data is as of. Without an API it reports on the
embedded demo system and says so.

Exit status: 0 ok, 1 the case system failed, 2 bad usage.
The JSON shape is documented in docs/SNAPSHOT.md (schema_version 1).`),
		Example: strings.TrimSpace(`
casewatch snapshot --scope U11
casewatch snapshot --api https://cases.example --format markdown --out handover.md
casewatch snapshot --format json | jq .alerts.by_level
casewatch snapshot --all --format csv --out handover.csv`),
		Args: noArgs,
	}
	sf := addSettings(cmd, keys(connectionKeys, []string{"lang"})...)
	fl := cmd.Flags()
	fl.Var(&f.format, "format", "output format: text, markdown, json or csv (UTF-8 with BOM, for a spreadsheet)")
	fl.BoolVar(&f.all, "all", false, "list every overdue case and coverage gap, not the first 10")
	fl.StringVarP(&f.out, "out", "o", "", "write the report to this file instead of standard output")
	fl.StringVar(&f.scope, "scope", "", "unit to report on, with its subtree: its id, or the name, short name or English name of exactly one unit (default: the whole province)")
	fl.Float64Var(&f.demoSpeed, "demo-speed", casesim.DefaultSpeed, "simulation speed of the embedded demo system")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := loadConfig(e, cmd, sf)
		if err != nil {
			return err
		}
		if err := checkDemoSpeed(cmd, f.demoSpeed); err != nil {
			return err
		}
		return runSnapshot(cmd, e, cfg, f)
	}
	return cmd
}

// runSnapshot builds the report, renders it whole, then writes it.
func runSnapshot(cmd *cobra.Command, e *Env, cfg *config.Config, f snapFlags) error {
	ctx := cmd.Context()
	format, _ := snapshot.ParseFormat(f.format.text)
	b, err := connect(cfg, f.demoSpeed)
	if err != nil {
		return err
	}
	defer b.close()
	// --scope takes an id or a name, as the dashboard's and the config
	// file's do (河阳市院); unknown: exit 2 listing the units.
	scope, err := checkScope(ctx, b.client, f.scope)
	if err != nil && !errors.Is(err, errScopeUnchecked) {
		return err
	}
	r, err := snapshot.Build(ctx, b.client, snapshot.Options{Scope: scope, Demo: b.demo, Now: e.Now, All: f.all})
	var se *snapshot.ScopeError
	switch {
	case errors.As(err, &se):
		return usageError(cmd, err)
	case err != nil:
		return fmt.Errorf("snapshot: the case system failed: %w", err)
	}
	var buf bytes.Buffer
	if err := r.Render(&buf, format, cfg.Lang); err != nil {
		return err
	}
	if f.out == "" {
		_, err := io.Copy(e.Stdout, &buf)
		return err
	}
	return writeFile(f.out, buf.Bytes())
}

// writeFile replaces path with data atomically: a reader (or a cron job
// interrupted half-way) never sees half a report.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("--out: %w", err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("--out: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	return nil
}
