// Package webhook posts each new 超期 (overdue) alert of a scope once to
// a webhook: casewatch's JSON, Alertmanager's webhook body, or a 钉钉 or
// 企业微信 group robot's markdown message (docs/WEBHOOK.md). Which alerts
// were posted is kept in a state file, written before and after every
// post, so a restart neither posts an alert again nor loses one found but
// not yet delivered; failed posts are retried with backoff until they go
// through. By default a post carries counts, ids and units only: no names
// of people, no case numbers, unless Options.IncludeNames.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/client/sanitize"
)

// Defaults of Options.
const (
	DefaultTimeout    = 10 * time.Second
	DefaultMinBackoff = 2 * time.Second
	DefaultMaxBackoff = 5 * time.Minute
	// RobotGap is the least time between two posts to a chat robot, which
	// takes at most 20 messages a minute (钉钉).
	RobotGap = 3 * time.Second
	// seenRetention is how long an alert posted is remembered after it has
	// left the active alerts.
	seenRetention = 30 * 24 * time.Hour
)

// Options configures a Notifier.
type Options struct {
	// URL is the webhook (http or https); required.
	URL string
	// Format is one of Formats (default FormatJSON).
	Format string
	// StatePath is the state file; required (see DefaultStatePath).
	StatePath string
	// Scope limits the alerts to a unit's subtree ("" the whole province).
	Scope string
	// IncludeNames adds the responsible person's name and the case number
	// to each alert posted (and keeps them in the state file meanwhile).
	IncludeNames bool
	// SendResolved also posts, once, each alert posted overdue that is
	// overdue no more (rectified, its case closed, or gone from the
	// active alerts): Alertmanager's "resolved", event "resolved" in
	// casewatch's JSON, a 超期已消除 message to a robot.
	SendResolved bool
	// PostExisting posts, on the first start with a new state file, the
	// overdue alerts already open; by default they are recorded as seen
	// and only alerts that become overdue later are posted.
	PostExisting bool
	// Secret, for FormatDingTalk, signs each post (the robot's 加签
	// secret, SEC…); for the other formats it is sent as a bearer token.
	Secret string
	// HTTPClient posts (default: a client with Timeout).
	HTTPClient *http.Client
	// Timeout bounds one post (default 10 s).
	Timeout time.Duration
	// MinBackoff and MaxBackoff bound the wait after a failed post: it
	// doubles with each failure (defaults 2 s and 5 min), or follows the
	// server's Retry-After.
	MinBackoff, MaxBackoff time.Duration
	// Log receives one line per post, failure and baseline (default
	// discard).
	Log io.Writer
	// OnPost is told "ok" or "retry" after each post (metrics).
	OnPost func(result string)
	// OnPending is told how many alerts wait, after each change (metrics).
	OnPending func(n int)
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// CheckTarget checks a webhook URL (http or https, with a host) and a
// format ("" is FormatJSON).
func CheckTarget(rawURL, format string) error {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("webhook URL %q: want an http(s) URL", sanitize.Line(redactedURL(rawURL), 200))
	}
	if format != "" && !slices.Contains(Formats, format) {
		return fmt.Errorf("webhook format %q: want %s", sanitize.Line(format, 40), strings.Join(Formats, ", "))
	}
	return nil
}

func (o Options) withDefaults() (Options, error) {
	if err := CheckTarget(o.URL, o.Format); err != nil {
		return o, err
	}
	if o.Format == "" {
		o.Format = FormatJSON
	}
	if o.StatePath == "" {
		return o, errors.New("webhook: no state file")
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = DefaultMinBackoff
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = o.MinBackoff
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: o.Timeout}
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o, nil
}

// redactedURL is the URL without its query (a robot's access_token) and
// user info, for the state file and the log.
func redactedURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	u.RawQuery, u.User, u.Fragment = "", nil, ""
	return u.String()
}

// DefaultStatePath is the state file of a webhook in the state directory
// dir: one file per webhook URL (and a separate one for demo data, which
// must never count as posted for a real system).
func DefaultStatePath(dir, webhookURL string, demo bool) string {
	sum := sha256.Sum256([]byte(webhookURL))
	name := "webhook-" + fmt.Sprintf("%x", sum[:6])
	if demo {
		name += "-demo"
	}
	return filepath.Join(dir, name+".json")
}

// Notifier watches the poller's States and posts new overdue alerts.
type Notifier struct {
	opts  Options
	store *store
	gap   time.Duration

	pendingN atomic.Int64 // len(store.st.Pending), for Pending from any goroutine

	failures  int
	scanned   bool
	nextPost  time.Time
	lastState client.State
	scopeErr  string
}

// New checks opts and opens (and locks) the state file; a damaged file is
// moved aside and said on the log. Close releases it.
func New(opts Options) (*Notifier, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	s, damaged, err := openStore(opts.StatePath, redactedURL(opts.URL))
	if err != nil {
		return nil, err
	}
	n := &Notifier{opts: opts, store: s}
	if opts.Format == FormatDingTalk || opts.Format == FormatWeCom {
		n.gap = RobotGap
	}
	if damaged != "" {
		n.logf("%s", damaged)
	}
	n.pending()
	return n, nil
}

// Close releases the state file.
func (n *Notifier) Close() error { return n.store.close() }

// Pending returns how many alerts wait to be posted; safe to call while
// Run runs.
func (n *Notifier) Pending() int { return int(n.pendingN.Load()) }

func (n *Notifier) logf(format string, args ...any) {
	fmt.Fprintf(n.opts.Log, "casewatch: webhook: "+format+"\n", args...)
}

func (n *Notifier) pending() {
	n.pendingN.Store(int64(len(n.store.st.Pending)))
	if n.opts.OnPending != nil {
		n.opts.OnPending(len(n.store.st.Pending))
	}
}

// Subscriber is what Run watches: the poller (client.Poller).
type Subscriber interface {
	Subscribe() (<-chan client.State, func())
}

// Run watches src's States and posts until ctx ends or the subscription
// closes.
func (n *Notifier) Run(ctx context.Context, src Subscriber) {
	ch, cancel := src.Subscribe()
	defer cancel()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		now := n.opts.Now()
		// Posts wait for a first State: the counts and the time they
		// carry come from it.
		ready := n.lastState.Alerts.HasData
		if ready && len(n.store.st.Pending) > 0 && !now.Before(n.nextPost) {
			n.postNext(ctx)
			if ctx.Err() != nil {
				return
			}
			continue
		}
		wait := time.Hour
		if ready && len(n.store.st.Pending) > 0 {
			wait = max(n.nextPost.Sub(now), 0)
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case st, ok := <-ch:
			if !ok {
				return
			}
			n.Scan(st)
		case <-timer.C:
		}
	}
}

// Scan takes in a State: an overdue alert of the scope not posted before
// is queued (and the state file written) before anything is posted. The
// first scan of a new state file records the overdue alerts already open
// as seen without posting them, unless PostExisting.
func (n *Notifier) Scan(st client.State) {
	if !st.Alerts.HasData {
		return
	}
	if n.scanned && sameAlerts(n.lastState, st) {
		n.lastState = st // the counts' time and the demo flag may move
		return
	}
	in, scopeName, ok := n.scopeOf(st)
	if !ok {
		return
	}
	n.lastState = st
	s := &n.store.st
	now := n.opts.Now()
	active := make(map[string]bool, len(st.Alerts.Data.Alerts))
	queued := make(map[string]bool, len(s.Pending))
	for _, r := range s.Pending {
		queued[r.ID] = true
	}
	var found []Record
	overdueNow := make(map[string]bool)
	for _, a := range st.Alerts.Data.Alerts {
		active[a.ID] = true
		if a.Level != api.LevelOverdue || !in(a.UnitID) {
			continue
		}
		if a.Status != api.StatusRectified {
			overdueNow[a.ID] = true
		}
		if _, seen := s.Seen[a.ID]; seen || queued[a.ID] {
			continue
		}
		found = append(found, n.record(a, st.Alerts.Data.AsOf, now))
	}
	if !n.scanned {
		n.scanned = true
		overdue := 0
		for _, a := range st.Alerts.Data.Alerts {
			if a.Level == api.LevelOverdue && in(a.UnitID) {
				overdue++
			}
		}
		n.logf("watching %s: %d overdue alerts open, %d not posted before, %d queued from before", scopeLabel(scopeName), overdue, len(found), len(s.Pending))
	}
	changed := false
	if s.BaselineAt.IsZero() {
		s.BaselineAt = now
		changed = true
		if !n.opts.PostExisting {
			for _, r := range found {
				s.Seen[r.ID] = now
			}
			n.logf("first start: %d overdue alerts already open in %s recorded, not posted (only alerts that become overdue from now on are)", len(found), scopeLabel(scopeName))
			found = nil
		}
	}
	if len(found) > 0 {
		s.Pending = append(s.Pending, found...)
		changed = true
	}
	if n.resolve(st, active, overdueNow, now) {
		changed = true
	}
	for id, at := range s.Seen {
		if !active[id] && now.Sub(at) > seenRetention {
			delete(s.Seen, id)
			changed = true
		}
	}
	if changed {
		if err := n.store.save(); err != nil {
			n.logf("cannot write the state file %s: %v", n.store.path, err)
		}
		n.pending()
	}
}

// resolve queues a resolved record for every alert posted overdue that
// is overdue no more: present and no longer overdue (or rectified), or
// absent from a set that holds every active alert (a capped set says
// nothing of the alerts it left out). It reports whether it queued one.
func (n *Notifier) resolve(st client.State, active, overdueNow map[string]bool, now time.Time) bool {
	s := &n.store.st
	if !n.opts.SendResolved || len(s.Posted) == 0 {
		return false
	}
	whole := st.Alerts.Data.Total <= len(st.Alerts.Data.Alerts)
	queued := make(map[string]bool)
	for _, r := range s.Pending {
		if r.Resolved {
			queued[r.ID] = true
		}
	}
	var ids []string
	for id := range s.Posted {
		if overdueNow[id] || queued[id] || (!active[id] && !whole) {
			continue
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		r := s.Posted[id]
		at := now
		r.Resolved, r.ResolvedAt, r.FoundAt = true, &at, now
		s.Pending = append(s.Pending, r)
	}
	return len(ids) > 0
}

func scopeLabel(name string) string {
	if name == "" {
		return "the province"
	}
	return name
}

// scopeOf returns the test of a unit id being in the scope.
func (n *Notifier) scopeOf(st client.State) (in func(string) bool, name string, ok bool) {
	if n.opts.Scope == "" {
		return func(string) bool { return true }, "", true
	}
	if !st.Units.HasData {
		return nil, "", false
	}
	units := st.Units.Data.Units
	children := map[string][]string{}
	for _, u := range units {
		if u.ParentID != "" {
			children[u.ParentID] = append(children[u.ParentID], u.ID)
		}
		if u.ID == n.opts.Scope {
			name = u.Name
		}
	}
	if name == "" {
		if n.scopeErr == "" {
			n.scopeErr = "unknown"
			n.logf("scope %s names no unit of the case system: nothing is posted", n.opts.Scope)
		}
		return nil, "", false
	}
	set := map[string]bool{}
	stack := []string{n.opts.Scope}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if set[id] {
			continue
		}
		set[id] = true
		stack = append(stack, children[id]...)
	}
	return func(id string) bool { return set[id] }, name, true
}

// sameAlerts reports whether b holds the very alerts and units a held:
// the poller publishes the same slices when nothing changed
// (client.AlertSet), so most States need no scan.
func sameAlerts(a, b client.State) bool {
	x, y := a.Alerts.Data.Alerts, b.Alerts.Data.Alerts
	if len(x) != len(y) || a.Units.HasData != b.Units.HasData {
		return false
	}
	if len(x) > 0 && &x[0] != &y[0] {
		return false
	}
	ux, uy := a.Units.Data.Units, b.Units.Data.Units
	return len(ux) == len(uy) && (len(ux) == 0 || &ux[0] == &uy[0])
}

// record is what is kept of an alert: names only when configured.
func (n *Notifier) record(a *client.Alert, asOf, now time.Time) Record {
	r := Record{ID: a.ID, Rule: a.Rule, RuleName: a.RuleName, Category: a.Category, Status: a.Status,
		CaseID: a.CaseID, UnitID: a.UnitID, UnitName: a.UnitName, DueAt: a.DueAt(), FoundAt: now}
	r.DeptID, r.DeptName = a.DeptID, a.DeptName
	if due := a.DueAt(); !due.IsZero() && asOf.After(due) {
		r.DaysOverdue = int((asOf.Sub(due) + 24*time.Hour - 1) / (24 * time.Hour))
	}
	if n.opts.IncludeNames {
		r.CaseNo, r.PersonName = a.CaseNo, a.PersonName
	}
	return r
}

// postNext posts the oldest pending alerts (up to a batch); on success
// they are marked seen and dropped from the queue, on failure the next
// try waits.
func (n *Notifier) postNext(ctx context.Context) {
	s := &n.store.st
	// A post is all overdue or all resolved records, in queue order.
	k, size := 1, batchSize(n.opts.Format)
	for k < len(s.Pending) && k < size && s.Pending[k].Resolved == s.Pending[0].Resolved {
		k++
	}
	b := batch{Alerts: s.Pending[:k], Resolved: s.Pending[0].Resolved, Scope: n.opts.Scope}
	b.OverdueTotal, b.ScopeName, b.AsOf, b.Demo = n.totals()
	err := n.post(ctx, b)
	now := n.opts.Now()
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		n.failures++
		d := backoff(n.failures, n.opts.MinBackoff, n.opts.MaxBackoff)
		var ra retryAfter
		if errors.As(err, &ra) && time.Duration(ra) > d {
			d = min(time.Duration(ra), n.opts.MaxBackoff)
		}
		n.nextPost = now.Add(d)
		n.logf("post of %d alerts failed (try %d, next in %s): %v", len(b.Alerts), n.failures, d.Round(time.Second), err)
		if n.opts.OnPost != nil {
			n.opts.OnPost("retry")
		}
		return
	}
	n.failures = 0
	n.nextPost = now.Add(n.gap)
	for _, r := range b.Alerts {
		switch {
		case r.Resolved:
			delete(s.Posted, r.ID)
		case n.opts.SendResolved:
			s.Seen[r.ID] = now
			if s.Posted == nil {
				s.Posted = map[string]Record{}
			}
			s.Posted[r.ID] = r
		default:
			s.Seen[r.ID] = now
		}
	}
	s.Pending = slices.Clone(s.Pending[len(b.Alerts):])
	if err := n.store.save(); err != nil {
		n.logf("cannot write the state file %s: %v", n.store.path, err)
	}
	what := "overdue"
	if b.Resolved {
		what = "resolved"
	}
	n.logf("posted %d %s alerts (%d still queued)", len(b.Alerts), what, len(s.Pending))
	if n.opts.OnPost != nil {
		n.opts.OnPost("ok")
	}
	n.pending()
}

// totals reads the scope's overdue count, name, time and demo flag from
// the last State scanned.
func (n *Notifier) totals() (overdue int, scopeName string, asOf time.Time, demo bool) {
	st := n.lastState
	in, name, ok := n.scopeOf(st)
	if ok {
		for _, a := range st.Alerts.Data.Alerts {
			if a.Level == api.LevelOverdue && in(a.UnitID) {
				overdue++
			}
		}
	}
	return overdue, name, st.Alerts.Data.AsOf, st.Health.HasData && st.Health.Data.Demo
}

// retryAfter is a server's Retry-After on a failed post.
type retryAfter time.Duration

func (r retryAfter) Error() string { return "retry after " + time.Duration(r).String() }

// post sends one batch.
func (n *Notifier) post(ctx context.Context, b batch) error {
	body, err := b.body(n.opts.Format)
	if err != nil {
		return err
	}
	target := n.opts.URL
	if n.opts.Format == FormatDingTalk && n.opts.Secret != "" {
		target = dingTalkSigned(target, n.opts.Secret, n.opts.Now())
	}
	ctx, cancel := context.WithTimeout(ctx, n.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "casewatch-webhook")
	if n.opts.Secret != "" && n.opts.Format != FormatDingTalk {
		req.Header.Set("Authorization", "Bearer "+n.opts.Secret)
	}
	res, err := n.opts.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("POST %s: %w", redactedURL(n.opts.URL), stripURL(err))
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		err := fmt.Errorf("POST %s: %s: %s", redactedURL(n.opts.URL), res.Status, sanitize.Line(string(answer), 200))
		if s, perr := strconv.Atoi(res.Header.Get("Retry-After")); perr == nil && s > 0 {
			return errors.Join(err, retryAfter(time.Duration(s)*time.Second))
		}
		return err
	}
	// The robots answer 200 with an error code in the body.
	if n.opts.Format == FormatDingTalk || n.opts.Format == FormatWeCom {
		var r struct {
			ErrCode *int   `json:"errcode"`
			ErrMsg  string `json:"errmsg"`
		}
		if json.Unmarshal(answer, &r) == nil && r.ErrCode != nil && *r.ErrCode != 0 {
			return fmt.Errorf("POST %s: the robot refused: errcode %d: %s", redactedURL(n.opts.URL), *r.ErrCode, sanitize.Line(r.ErrMsg, 200))
		}
	}
	return nil
}

// stripURL removes the URL (with a robot's access token) from an error of
// the HTTP client.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// dingTalkSigned adds a 钉钉 robot's signature (加签) to its URL:
// timestamp in milliseconds and sign = Base64(HMAC-SHA256(secret,
// timestamp + "\n" + secret)).
func dingTalkSigned(raw, secret string, now time.Time) string {
	ts := strconv.FormatInt(now.UnixMilli(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "\n" + secret))
	sign := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	q.Set("timestamp", ts)
	q.Set("sign", sign)
	u.RawQuery = q.Encode()
	return u.String()
}

// backoff is the wait after the n-th consecutive failure: base doubled
// n-1 times, capped, with jitter (between half and all of it).
func backoff(n int, base, maxWait time.Duration) time.Duration {
	d := base
	for i := 1; i < n && d < maxWait; i++ {
		d *= 2
	}
	d = min(d, maxWait)
	half := d / 2
	return half + rand.N(d-half+1)
}

// ReadSecretFile reads a robot's secret or a bearer token from a file:
// one line, not empty, and (as ssh asks of a private key) not readable by
// group or others.
func ReadSecretFile(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("webhook secret file: %w", err)
	}
	if perm := fi.Mode().Perm(); runtime.GOOS != "windows" && perm&0o077 != 0 {
		return "", fmt.Errorf("webhook secret file %s is accessible by group or others (mode %04o): run chmod 600 %s", path, perm, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("webhook secret file: %w", err)
	}
	s := strings.TrimSpace(string(b))
	switch {
	case s == "":
		return "", fmt.Errorf("webhook secret file %s is empty", path)
	case strings.ContainsAny(s, "\r\n\x00"):
		return "", fmt.Errorf("webhook secret file %s holds more than one line", path)
	}
	return s, nil
}
