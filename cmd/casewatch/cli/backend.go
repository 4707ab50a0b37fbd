package cli

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/demo"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/config"
	"github.com/casewatch/casewatch/version"
)

// backend is the case system a command talks to: the configured API, or
// the embedded demo system when there is none.
type backend struct {
	client *client.Client
	demo   bool
	srv    *demo.Server
	// onPoll, when set, is the poller's OnPoll (metrics).
	onPoll func(client.PollEvent)
	// alertsOnly polls health, units and alerts only (notify).
	alertsOnly bool
}

// connect starts the demo system when cfg has no API URL and returns a
// client of the case system.
func connect(cfg *config.Config, demoSpeed float64) (*backend, error) {
	b := &backend{demo: cfg.API == ""}
	base := cfg.API
	if b.demo {
		srv, err := demo.Start(casesim.Options{Speed: demoSpeed})
		if err != nil {
			return nil, err
		}
		b.srv, base = srv, srv.URL()
	}
	cl, err := client.New(client.Config{BaseURL: base, TokenFile: cfg.TokenFile, CAFile: cfg.CAFile,
		CertFile: cfg.CertFile, KeyFile: cfg.KeyFile, UserAgent: "casewatch/" + version.Read().Version})
	if err != nil {
		b.close()
		return nil, err
	}
	b.client = cl
	return b, nil
}

// close stops the client and the demo system.
func (b *backend) close() {
	if b.client != nil {
		b.client.Close()
	}
	if b.srv != nil {
		_ = b.srv.Close()
	}
}

// outboxPath is the acknowledgement outbox: the --outbox flag, else
// outbox.json in the state directory (as client.DefaultOutboxPath), a
// separate file for the demo system (demo acknowledgements must never be
// replayed against a real system).
func outboxPath(flag string, demoMode bool, getenv func(string) string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	dir, err := config.StateDir(getenv)
	if err != nil {
		return "", fmt.Errorf("no state directory for the acknowledgement outbox (use --outbox): %w", err)
	}
	if demoMode {
		return filepath.Join(dir, "outbox-demo.json"), nil
	}
	return filepath.Join(dir, "outbox.json"), nil
}

// poller starts the poller of the backend with cfg's intervals; the
// outbox is only used when acknowledgements are possible.
func (b *backend) poller(ctx context.Context, e *Env, cfg *config.Config, readOnly bool, outboxFlag string) (*client.Poller, error) {
	opts := client.Options{Client: b.client, ReadOnly: readOnly,
		AlertsInterval: cfg.Poll.Alerts, IndicatorsInterval: cfg.Poll.Indicators, CoverageInterval: cfg.Poll.Coverage,
		MaxAlerts: cfg.MaxAlerts, OnPoll: b.onPoll, AlertsOnly: b.alertsOnly}
	if !readOnly {
		var err error
		if opts.OutboxPath, err = outboxPath(outboxFlag, b.demo, e.Getenv); err != nil {
			return nil, err
		}
	}
	p, err := client.NewPoller(opts)
	if err != nil {
		return nil, err
	}
	if err := p.Current().OutboxErr; err != nil {
		// Said before the dashboard takes the screen (and in logs), shown
		// on screen, and said again when it exits (outboxVerdict).
		fmt.Fprintf(e.Stderr, "casewatch: warning: %v\n", err)
	}
	p.Start(ctx)
	return p, nil
}

// outboxVerdict is the error a command that ran with p ends with when its
// acknowledgement outbox was found damaged at any time: the run itself
// went on with what could be recovered, but the exit status and the last
// line on standard error must not hide that a file was set aside.
func outboxVerdict(p *client.Poller) error {
	if err := p.Current().OutboxErr; err != nil {
		return fmt.Errorf("%w (see the file kept aside for anything not recovered)", err)
	}
	return nil
}
