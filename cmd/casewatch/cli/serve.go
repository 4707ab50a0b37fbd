package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/config"
	"github.com/casewatch/casewatch/metrics"
	"github.com/casewatch/casewatch/sshserve"
	"github.com/casewatch/casewatch/version"
)

// serveSSH runs the SSH server; tests replace it.
var serveSSH = sshserve.Serve

// serveFlags are the flags of serve-ssh that are not config settings.
type serveFlags struct {
	scope      string
	fps        int
	escTimeout time.Duration
	demoSpeed  float64
	outbox     string
	metrics    metricsFlags
	access     accessFlags
	hook       webhookFlags
}

func newServeSSH(e *Env) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve-ssh",
		Short: "Serve the dashboard over SSH, one shared poller for every session",
		Long: strings.TrimSpace(`
Serve the dashboard over SSH: every session gets its own dashboard and all
share one poller of the case system. Keys in --authorized-keys may look;
keys in --triage-keys may also acknowledge alerts. There is no password or
anonymous access. ctrl+c or SIGTERM shuts down gracefully, telling the
connected sessions.`),
		Example: "casewatch serve-ssh --authorized-keys /etc/casewatch/viewers --triage-keys /etc/casewatch/triage --addr 0.0.0.0:2222",
		Args:    noArgs,
	}
	sf := addSettings(cmd, keys(connectionKeys, []string{"lang", "theme"}, pollKeys, sshKeys)...)
	fl := cmd.Flags()
	fl.StringVar(&f.scope, "scope", "", "unit id each session shows at start (default: the whole province)")
	fl.IntVar(&f.fps, "fps", 10, "maximum frames per second of each session (1-60)")
	fl.DurationVar(&f.escTimeout, "esc-timeout", sshserve.DefaultEscTimeout, escTimeoutUsage)
	fl.Float64Var(&f.demoSpeed, "demo-speed", casesim.DefaultSpeed, "simulation speed of the embedded demo system (0 freezes it)")
	fl.StringVar(&f.outbox, "outbox", "", "acknowledgement outbox file (default in $XDG_STATE_HOME/casewatch)")
	f.metrics.register(fl)
	f.access.register(fl)
	f.hook.register(fl, "webhook-scope")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := loadConfig(e, cmd, sf)
		if err != nil {
			return err
		}
		if cfg.SSH.AuthorizedKeys == "" && cfg.SSH.TrustedUserCAKeys == "" {
			return usagef(cmd, "serve-ssh needs --authorized-keys (or authorized_keys in the [ssh] table of the config file), or --trusted-user-ca-keys")
		}
		if err := f.access.check(cfg.SSH.ProxyProtocol); err != nil {
			return usagef(cmd, "%v", err)
		}
		if err := f.hook.check(cmd.Flags()); err != nil {
			return usagef(cmd, "%v", err)
		}
		if err := checkFPS(cmd, f.fps); err != nil {
			return err
		}
		if err := checkEscTimeout(cmd, f.escTimeout); err != nil {
			return err
		}
		if err := checkDemoSpeed(cmd, f.demoSpeed); err != nil {
			return err
		}
		if err := f.metrics.check(); err != nil {
			return usagef(cmd, "%v", err)
		}
		ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return runServe(ctx, e, cfg, f)
	}
	return cmd
}

// ServeGCPercent is the garbage collector's target of serve-ssh unless GOGC
// is set: most of a session's heap is its screen model, which lives as long
// as the session, so collecting at 25 % growth instead of 100 % keeps the
// RSS per idle session at 1.30–1.33 MiB instead of 1.55–1.58 (−16 %) for up to 6 %
// more CPU (2.4 % against 2.2 % of a core for 100 idle sessions; sshload,
// docs/PERFORMANCE.md, issue 15).
const ServeGCPercent = 25

// serveGC is the GC percentage serve-ssh sets, and whether it sets one:
// not when the environment sets GOGC.
func serveGC(getenv func(string) string) (int, bool) {
	if getenv("GOGC") != "" {
		return 0, false
	}
	return ServeGCPercent, true
}

// runServe connects to the case system, starts the shared poller and
// serves until ctx ends.
func runServe(ctx context.Context, e *Env, cfg *config.Config, f serveFlags) error {
	if pct, ok := serveGC(e.Getenv); ok {
		defer debug.SetGCPercent(debug.SetGCPercent(pct))
	}
	audit, closeAudit, err := openAudit(cfg.SSH.AuditLog, e.Stderr)
	if err != nil {
		return err
	}
	defer closeAudit()
	b, err := connect(cfg, f.demoSpeed)
	if err != nil {
		return err
	}
	defer b.close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var m *metrics.Casewatch
	if f.metrics.addr != "" {
		m = metrics.NewCasewatch(version.Read().Version)
		b.onPoll = m.OnPoll
	}
	// Nobody can acknowledge without triage keys: no outbox then.
	p, err := b.poller(ctx, e, cfg, cfg.SSH.TriageKeys == "", f.outbox)
	if err != nil {
		return err
	}
	defer p.Close()
	var observer sshserve.Observer
	if m != nil {
		m.Watch(p)
		ms, err := metrics.Listen(f.metrics.addr, f.metrics.allowRemote, metrics.Handler(m.Registry(), m.Ready))
		if err != nil {
			return err
		}
		defer ms.Close()
		observer = m
		fmt.Fprintf(e.Stderr, "casewatch: metrics on http://%s/metrics (/healthz, /readyz)\n", ms.Addr())
	}
	if f.hook.url != "" {
		stopHook, err := f.hook.start(ctx, e, p, b.demo, m, e.Stderr)
		if err != nil {
			return err
		}
		defer stopHook()
	}
	idle := cfg.SSH.IdleTimeout
	if idle == 0 {
		idle = -1 // never
	}
	data := "the case system at " + cfg.API
	if b.demo {
		data = "simulated demo data (演示数据)"
	}
	scope, err := checkScope(ctx, b.client, f.scope)
	if err != nil && !errors.Is(err, errScopeUnchecked) {
		return err
	}
	dash := baseOptions(cfg, dashFlags{scope: scope})
	dash.Source, dash.Fetcher, dash.Demo = p, b.client, b.demo
	fmt.Fprintf(e.Stderr, "casewatch: serving the dashboard over SSH on %s, %s\n", cfg.SSH.Addr, data)
	err = serveSSH(ctx, sshserve.Options{
		Addr: cfg.SSH.Addr, HostKeyPath: cfg.SSH.HostKey,
		AuthorizedKeysPath: cfg.SSH.AuthorizedKeys, TriageKeysPath: cfg.SSH.TriageKeys,
		IdleTimeout: idle, MaxSessions: cfg.SSH.MaxSessions, Audit: audit, FPS: f.fps, EscTimeout: f.escTimeout,
		Dashboard: dash, Observer: observer,
		TrustedUserCAKeysPath: cfg.SSH.TrustedUserCAKeys, RevokedKeysPath: cfg.SSH.RevokedKeys,
		ProxyProtocol: cfg.SSH.ProxyProtocol, ProxyFrom: f.access.proxyFrom,
	})
	if err == nil {
		err = outboxVerdict(p)
	}
	return err
}

// openAudit opens the audit log for appending, or returns stderr when no
// file is named.
func openAudit(path string, stderr io.Writer) (io.Writer, func(), error) {
	if path == "" {
		return stderr, func() {}, nil
	}
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("--audit-log: %w", err)
	}
	return fh, func() { _ = fh.Close() }, nil
}
