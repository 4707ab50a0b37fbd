package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/dataimport"
	"github.com/casewatch/casewatch/casesim/store"
	"github.com/casewatch/casewatch/cmd/internal/clikit"
)

// importFlags are the flags of casesim import.
type importFlags struct {
	common
	mapping, encoding string
	events, org       string
	indicators        string
	watch             string
	metrics           metricsFlags
}

func newImport(e *Env) *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "import [FILE.xlsx|FILE.csv]",
		Short: "Import a department's exports (.xlsx, CSV) into a database",
		Long: strings.TrimSpace(`
Import a department's exports (.xlsx, or CSV in UTF-8, GB18030 or UTF-16)
through a TOML column mapping into cases, events and the organisation;
re-importing updates changed cases and leaves the rest (docs/IMPORT.md).
With --watch DIR, import every file dropped into DIR until interrupted,
moving each with its report to DIR/done or DIR/rejected.`),
		Example: strings.TrimSpace(`
casesim import --db ./qingxi.db --mapping docs/mappings/anka-example.toml testdata/anka-export.xlsx
casesim import --db ./qingxi.db --events events.csv --org org.csv cases.csv
casesim import --db ./qingxi.db --mapping docs/mappings/anka-example.toml --watch ./drop`),
		RunE: func(cmd *cobra.Command, args []string) error { return importRun(cmd, e, &f, args) },
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.mapping, "mapping", "", "TOML file mapping the export's headers and words to casewatch's fields\n(default: the documented layout; docs/IMPORT.md)")
	fl.StringVar(&f.encoding, "encoding", "auto", "text encoding of CSV files: "+strings.Join(dataimport.Encodings, ", "))
	fl.StringVar(&f.events, "events", "", "CSV file of procedural events, one a row (a workbook has them on its events sheet)")
	fl.StringVar(&f.org, "org", "", "CSV file of the organisation: units, departments, people (a workbook: its org sheet)")
	fl.StringVar(&f.indicators, "indicators", "", "CSV or .xlsx file of official indicator values the department reported (案件质量评价指标),\nstored marked reported; alone, or beside a case file")
	fl.StringVar(&f.watch, "watch", "", "watch DIR: import every file dropped there, then move it to DIR/done or DIR/rejected with its report")
	f.metrics.register(fl)
	cmd.SetFlagErrorFunc(clikit.FlagError)
	return cmd
}

func importRun(cmd *cobra.Command, e *Env, f *importFlags, args []string) error {
	if f.watch != "" {
		if len(args) != 0 || f.events != "" || f.org != "" || f.indicators != "" {
			return clikit.Usagef(cmd, "--watch takes no files (a dropped workbook brings its own events, org and indicators sheets)")
		}
		if err := f.metrics.prepare(&casesim.Options{}); err != nil {
			return clikit.UsageError(cmd, err)
		}
		return watchCmd(cmd, e, f)
	}
	if f.metrics.addr != "" || f.metrics.allowRemote {
		return clikit.Usagef(cmd, "--metrics-addr is for --watch (a single import ends at once)")
	}
	if len(args) > 1 || (len(args) == 0 && f.indicators == "") {
		return clikit.Usagef(cmd, "give exactly one file, .xlsx or .csv (docs/IMPORT.md)")
	}
	name := f.indicators
	if len(args) == 1 {
		name = args[0]
	}
	m, err := dataimport.LoadMapping(f.mapping)
	if err != nil {
		return clikit.ConfigError(err)
	}
	if err := f.prepare(e.Getenv); err != nil {
		return err
	}
	ctx := cmd.Context()
	sys, err := casesim.Open(ctx, casesim.Options{DBPath: f.db, Seed: f.seed, AnyData: true, ImportOnly: true})
	if err != nil {
		return err
	}
	defer sys.Close()
	casesPath := ""
	if len(args) == 1 {
		casesPath = args[0]
	}
	report, err := importFiles(ctx, sys, m, f.encoding, casesPath, f.events, f.org, f.indicators)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Fprint(cmd.OutOrStdout(), report)
	return nil
}

// importFiles reads a case file (with its events and org files, if any),
// writes it in one transaction and returns the report: what was new,
// updated, unchanged, and the notes.
func importFiles(ctx context.Context, sys *casesim.System, m *dataimport.Mapping, enc, casesPath, eventsPath, orgPath, indicatorsPath string) (string, error) {
	read := func(path string) ([]*dataimport.Table, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return dataimport.ReadFile(path, b, enc)
	}
	var in dataimport.Inputs
	if casesPath != "" {
		tables, err := read(casesPath)
		if err != nil {
			return "", err
		}
		if in, err = dataimport.Assign(tables, m); err != nil {
			return "", err
		}
	}
	for _, x := range []struct {
		path string
		dst  **dataimport.Table
	}{{eventsPath, &in.Events}, {orgPath, &in.Org}, {indicatorsPath, &in.Indicators}} {
		if x.path == "" {
			continue
		}
		ts, err := read(x.path)
		if err != nil {
			return "", err
		}
		*x.dst = ts[0]
		if x.dst == &in.Indicators && len(ts) > 1 {
			for _, t := range ts {
				if t.Sheet == m.Indicators.Sheet {
					*x.dst = t
				}
			}
		}
	}
	units, depts, people := sys.Store().OrgSnapshot()
	res, err := dataimport.Build(in, m, dataimport.Known{Units: units, Depts: depts, People: people, Fixed: sys.Simulated()})
	if err != nil {
		var ie *dataimport.Error
		if errors.As(err, &ie) {
			return "", fmt.Errorf("%w\n  %d row(s) rejected", err, rejectedRows(ie))
		}
		return "", err
	}
	rep, err := sys.ImportBatch(ctx, res.Batch)
	if err != nil {
		return "", fmt.Errorf("nothing imported: %w", err)
	}
	if casesPath == "" {
		casesPath = indicatorsPath
	}
	return formatReport(casesPath, in, res, rep, sys), nil
}

func rejectedRows(e *dataimport.Error) int {
	type at struct {
		file string
		line int
	}
	seen := map[at]bool{}
	for _, p := range e.Problems {
		if p.Line > 1 {
			seen[at{p.File, p.Line}] = true
		}
	}
	return len(seen)
}

func formatReport(path string, in dataimport.Inputs, res *dataimport.Result, rep store.ImportReport, sys *casesim.System) string {
	var b strings.Builder
	enc := ""
	if in.Cases != nil && in.Cases.Encoding != "" {
		enc = " (" + in.Cases.Encoding + ")"
	}
	fmt.Fprintf(&b, "%s%s: %d new, %d updated, %d unchanged, 0 rejected; %d events read, %d stored new; organisation: %d added or changed\n",
		path, enc, rep.New, rep.Updated, rep.Unchanged, res.Events, rep.EventsAdded, rep.OrgAdded)
	if len(res.Batch.Indicators) > 0 {
		fmt.Fprintf(&b, "reported indicator values: %d read, %d new or changed (marked reported)\n", len(res.Batch.Indicators), rep.Indicators)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	kind := "imported data"
	if sys.Simulated() {
		kind = "a simulated database"
	}
	fmt.Fprintf(&b, "imported %d cases into %s (%s); rules evaluated at %s\n", rep.New+rep.Updated+rep.Unchanged,
		sys.Store().Path(), kind, sys.DataAsOf().Format("2006-01-02 15:04"))
	return b.String()
}
