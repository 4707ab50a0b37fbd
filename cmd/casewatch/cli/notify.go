package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/config"
	"github.com/casewatch/casewatch/metrics"
	"github.com/casewatch/casewatch/version"
)

// notifyFlags are the flags of notify that are not config settings.
type notifyFlags struct {
	hook      webhookFlags
	demoSpeed float64
	metrics   metricsFlags
}

func newNotify(e *Env) *cobra.Command {
	var f notifyFlags
	cmd := &cobra.Command{
		Use:   "notify",
		Short: "Post each new overdue (超期) alert to a webhook, until stopped",
		Long: strings.TrimSpace(`
Watch the case system and post each alert of the scope that becomes
overdue (超期) once to a webhook: casewatch's JSON, Alertmanager's webhook
body, or a 钉钉 / 企业微信 group robot's markdown message. What was posted
is kept in a state file, so a restart posts nothing twice and loses
nothing found; a failed post is retried with backoff. By default a post
carries counts, ids and units only, no names of people.

On the first start the overdue alerts already open are recorded, not
posted (--webhook-post-existing posts them). ctrl+c or SIGTERM stops.
Payloads and robot set-up: docs/WEBHOOK.md.`),
		Example: strings.TrimSpace(`
casewatch notify --api https://cases.example --webhook https://hooks.example/casewatch
casewatch notify --webhook 'https://oapi.dingtalk.com/robot/send?access_token=…' --webhook-format dingtalk --webhook-secret-file /etc/casewatch/dingtalk.secret --scope U11`),
		Args: noArgs,
	}
	sf := addSettings(cmd, keys(connectionKeys, pollKeys)...)
	fl := cmd.Flags()
	f.hook.register(fl, "")
	fl.StringVar(&f.hook.scope, "scope", "", "unit whose subtree's alerts are posted: its id, or the name of exactly one unit (default: the whole province)")
	fl.Float64Var(&f.demoSpeed, "demo-speed", casesim.DefaultSpeed, "simulation speed of the embedded demo system (0 freezes it)")
	f.metrics.register(fl)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := loadConfig(e, cmd, sf)
		if err != nil {
			return err
		}
		if f.hook.url == "" {
			// From the environment, where a robot's access token is not
			// in the process list as a flag would be (packaging's unit).
			f.hook.url = e.Getenv(WebhookEnv)
		}
		if f.hook.url == "" {
			return usagef(cmd, "notify needs --webhook URL (or %s)", WebhookEnv)
		}
		if err := f.hook.check(cmd.Flags()); err != nil {
			return usagef(cmd, "%v", err)
		}
		if err := checkDemoSpeed(cmd, f.demoSpeed); err != nil {
			return err
		}
		if err := f.metrics.check(); err != nil {
			return usagef(cmd, "%v", err)
		}
		ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return runNotify(ctx, e, cfg, f)
	}
	return cmd
}

// runNotify polls the case system (read-only) and runs the webhook until
// ctx ends.
func runNotify(ctx context.Context, e *Env, cfg *config.Config, f notifyFlags) error {
	b, err := connect(cfg, f.demoSpeed)
	if err != nil {
		return err
	}
	defer b.close()
	// An unknown --scope is bad usage (exit 2), not a watcher that posts
	// nothing until stopped; a name is taken as the dashboard takes it.
	scope, err := checkScope(ctx, b.client, f.hook.scope)
	if err != nil && !errors.Is(err, errScopeUnchecked) {
		return err
	}
	f.hook.scope = scope
	var m *metrics.Casewatch
	if f.metrics.addr != "" {
		m = metrics.NewCasewatch(version.Read().Version)
		b.onPoll = m.OnPoll
	}
	// Only what the webhook reads: a third of the requests of a dashboard.
	b.alertsOnly = true
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p, err := b.poller(ctx, e, cfg, true, "")
	if err != nil {
		return err
	}
	defer p.Close()
	if m != nil {
		m.Watch(p, client.DataSetHealth, client.DataSetUnits, client.DataSetAlerts)
		ms, err := metrics.Listen(f.metrics.addr, f.metrics.allowRemote, metrics.Handler(m.Registry(), m.Ready))
		if err != nil {
			return err
		}
		defer ms.Close()
		fmt.Fprintf(e.Stderr, "casewatch: metrics on http://%s/metrics (/healthz, /readyz)\n", ms.Addr())
	}
	if b.demo {
		fmt.Fprintln(e.Stderr, "casewatch: no API configured: posting the embedded demo system's simulated alerts (演示数据), marked demo")
	}
	stopHook, err := f.hook.start(ctx, e, p, b.demo, m, e.Stderr)
	if err != nil {
		return err
	}
	defer stopHook()
	<-ctx.Done()
	return nil
}
