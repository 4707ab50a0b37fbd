package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/dataimport"
	"github.com/casewatch/casewatch/cmd/internal/clikit"
)

// watchInterval is how often a watched folder is looked at; a file is
// imported once its size and time stayed the same for one interval (so a
// file still being copied in is left alone).
const watchInterval = 2 * time.Second

// watchCmd imports every file dropped into a folder until interrupted.
func watchCmd(cmd *cobra.Command, e *Env, f *importFlags) error {
	stdout := cmd.OutOrStdout()
	m, err := dataimport.LoadMapping(f.mapping)
	if err != nil {
		return clikit.ConfigError(err)
	}
	if err := f.prepare(e.Getenv); err != nil {
		return err
	}
	for _, sub := range []string{"", "done", "rejected"} {
		if err := os.MkdirAll(filepath.Join(f.watch, sub), 0o700); err != nil {
			return fmt.Errorf("--watch: %w", err)
		}
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	sys, err := casesim.Open(ctx, casesim.Options{DBPath: f.db, Seed: f.seed, AnyData: true, ImportOnly: true})
	if err != nil {
		return err
	}
	defer sys.Close()
	fmt.Fprintf(stdout, "casesim: watching %s for .xlsx and .csv files (into %s); ctrl+c stops\n", f.watch, f.db)
	w := &watcher{sys: sys, m: m, enc: f.encoding, dir: f.watch, log: stdout, seen: map[string]fileState{}}
	if f.metrics.m != nil {
		if _, err := f.metrics.start(http.NotFoundHandler(), cmd.ErrOrStderr()); err != nil {
			return err
		}
		defer f.metrics.stop()
		w.onFile = f.metrics.m.FileImported
	}
	t := time.NewTicker(watchInterval)
	defer t.Stop()
	for {
		w.poll(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

type fileState struct {
	size int64
	mod  time.Time
}

// watcher imports the files of a folder.
type watcher struct {
	sys  *casesim.System
	m    *dataimport.Mapping
	enc  string
	dir  string
	log  io.Writer
	seen map[string]fileState // files waiting for their size to settle
	// onFile, when set, is told "done" or "rejected" after each file
	// (metrics).
	onFile func(result string)
}

// importable says whether a file name is one the watcher imports (not a
// hidden, temporary or Office lock file).
func importable(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
		return false
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm", ".csv":
		return true
	}
	return false
}

// poll imports every file that has settled since the last poll, moving it
// with its report to done/ or rejected/.
func (w *watcher) poll(ctx context.Context) {
	entries, err := os.ReadDir(w.dir)
	if err != nil {
		fmt.Fprintf(w.log, "casesim: --watch %s: %v\n", w.dir, err)
		return
	}
	for _, e := range entries {
		if ctx.Err() != nil {
			return
		}
		if !e.Type().IsRegular() || !importable(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		st := fileState{info.Size(), info.ModTime()}
		if prev, ok := w.seen[e.Name()]; !ok || prev != st {
			w.seen[e.Name()] = st // new or still growing: look again next time
			continue
		}
		delete(w.seen, e.Name())
		w.importOne(ctx, e.Name())
	}
}

func (w *watcher) importOne(ctx context.Context, name string) {
	path := filepath.Join(w.dir, name)
	report, err := importFiles(ctx, w.sys, w.m, w.enc, path, "", "", "")
	dest := "done"
	if err != nil {
		dest, report = "rejected", fmt.Sprintf("%s: %v\n", name, err)
	}
	stamp := time.Now().Format("20060102-150405")
	target := filepath.Join(w.dir, dest, stamp+"-"+name)
	if err := os.Rename(path, target); err != nil {
		fmt.Fprintf(w.log, "casesim: cannot move %s to %s/: %v\n", name, dest, err)
		return
	}
	if err := os.WriteFile(target+".report.txt", []byte(report), 0o600); err != nil {
		fmt.Fprintf(w.log, "casesim: cannot write the report of %s: %v\n", name, err)
	}
	fmt.Fprintf(w.log, "%s → %s/%s\n%s", name, dest, filepath.Base(target), report)
	if w.onFile != nil {
		w.onFile(dest)
	}
}
