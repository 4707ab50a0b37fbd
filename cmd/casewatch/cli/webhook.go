package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/config"
	"github.com/casewatch/casewatch/metrics"
	"github.com/casewatch/casewatch/webhook"
)

// webhookFlags are the --webhook flags of notify and serve-ssh.
type webhookFlags struct {
	url          string
	format       string
	state        string
	scope        string
	includeNames bool
	postExisting bool
	resolved     bool
	secretFile   string
}

// register adds the flags; scopeFlag names the flag of the scope ("" when
// the command's own --scope is the webhook's).
func (w *webhookFlags) register(fl *pflag.FlagSet, scopeFlag string) {
	fl.StringVar(&w.url, "webhook", "", "post each new overdue (超期) alert of the scope once to this URL (docs/WEBHOOK.md)")
	fl.StringVar(&w.format, "webhook-format", webhook.FormatJSON, "body of the posts: "+strings.Join(webhook.Formats, ", "))
	fl.StringVar(&w.state, "webhook-state", "", "file recording what was posted (default: in $XDG_STATE_HOME/casewatch, one per webhook URL)")
	fl.BoolVar(&w.includeNames, "webhook-include-names", false, "add the responsible person's name and the case number (by default: counts, ids and units only)")
	fl.BoolVar(&w.postExisting, "webhook-post-existing", false, "on the first start, post the overdue alerts already open too (by default they are recorded, not posted)")
	fl.BoolVar(&w.resolved, "webhook-resolved", false, "also post, once, each alert posted overdue that is overdue no more (rectified, closed or gone): Alertmanager's resolved")
	fl.StringVar(&w.secretFile, "webhook-secret-file", "", "file (mode 600) with the 钉钉 robot's signing secret (SEC…), or a bearer token for the other formats")
	if scopeFlag != "" {
		fl.StringVar(&w.scope, scopeFlag, "", "unit id whose subtree's alerts are posted (default: the whole province)")
	}
}

// check refuses webhook flags without --webhook, and a bad format or URL.
func (w *webhookFlags) check(fl *pflag.FlagSet) error {
	if w.url == "" {
		for _, name := range []string{"webhook-format", "webhook-state", "webhook-include-names", "webhook-post-existing", "webhook-resolved", "webhook-secret-file", "webhook-scope"} {
			if f := fl.Lookup(name); f != nil && f.Changed {
				return fmt.Errorf("--%s needs --webhook", name)
			}
		}
		return nil
	}
	return webhook.CheckTarget(w.url, w.format)
}

// start opens the notifier of the webhook and runs it on p until ctx
// ends; the returned function waits for it and releases its state file.
func (w *webhookFlags) start(ctx context.Context, e *Env, p *client.Poller, demo bool, m *metrics.Casewatch, log io.Writer) (func(), error) {
	path := w.state
	if path == "" {
		dir, err := config.StateDir(e.Getenv)
		if err != nil {
			return nil, fmt.Errorf("no state directory for the webhook's state (use --webhook-state): %w", err)
		}
		path = webhook.DefaultStatePath(dir, w.url, demo)
	}
	opts := webhook.Options{URL: w.url, Format: w.format, StatePath: path, Scope: w.scope,
		IncludeNames: w.includeNames, PostExisting: w.postExisting, SendResolved: w.resolved, Log: log}
	if w.secretFile != "" {
		s, err := webhook.ReadSecretFile(w.secretFile)
		if err != nil {
			return nil, err
		}
		opts.Secret = s
	}
	if m != nil {
		opts.OnPost, opts.OnPending = m.WebhookPosted, m.WebhookPending
	}
	n, err := webhook.New(opts)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { n.Run(ctx, p); close(done) }()
	fmt.Fprintf(log, "casewatch: posting new overdue alerts to %s (%s; state %s)\n", redact(w.url), w.format, path)
	return func() { cancel(); <-done; _ = n.Close() }, nil
}

// redact drops the query (a robot's access token) of a URL shown.
func redact(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i] + "?…"
	}
	return u
}
