// Package faults injects failures into the HTTP API of the reference case
// system, so that a client (the casewatch dashboard, or an integrator's own)
// can be rehearsed against a misbehaving server: added latency, 500 and 503
// answers, connections reset mid-body, truncated and malformed JSON,
// oversized and slow-drip bodies, stale sync cursors (410) and full outages.
//
// A Spec says which faults and how often; Parse reads one from the text of
// `casesim serve --faults SPEC` (grammar in docs/FAULTS.md). An Injector
// wraps the API handler and applies the spec request by request, from a
// seeded random source, so a test run is reproducible for a given order of
// requests.
//
// GET /api/v1/health is exempt from every fault but the outage, so that a
// client can still tell that the system is up while its data calls fail;
// during an outage nothing answers at all.
package faults

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Kind names a fault, as it appears in a SPEC and in Injector.Counts.
type Kind string

// The faults an Injector can inject.
const (
	// Latency delays a request by Spec.Latency plus up to Spec.Jitter.
	Latency Kind = "latency"
	// Error answers 500 with a problem document.
	Error Kind = "error"
	// Unavailable answers 503 with a problem document and Retry-After.
	Unavailable Kind = "unavailable"
	// Reset writes part of the real answer (status line, headers, body),
	// then resets the connection.
	Reset Kind = "reset"
	// Truncate sends the real answer cut short at a random point, with a
	// Content-Length that matches the cut body.
	Truncate Kind = "truncate"
	// Malformed sends the real answer with a structural JSON character
	// replaced, so that it no longer parses.
	Malformed Kind = "malformed"
	// Oversize answers 200 with a JSON body of Spec.OversizeBytes, streamed
	// without a Content-Length.
	Oversize Kind = "oversize"
	// Drip sends the real answer at Spec.DripRate bytes a second.
	Drip Kind = "drip"
	// StaleCursor answers 410 to a request carrying since= or cursor=.
	StaleCursor Kind = "stale-cursor"
	// Outage drops every connection, /health included, during a window.
	Outage Kind = "outage"
)

// Kinds lists every fault kind, in the order a request is subjected to them.
var Kinds = []Kind{Outage, Latency, StaleCursor, Error, Unavailable, Reset, Truncate, Malformed, Oversize, Drip}

// Defaults of a Spec's parameters, used where the SPEC leaves them out.
const (
	DefaultRetryAfter    = time.Second
	DefaultOversizeBytes = 64 << 20
	DefaultDripRate      = 1 << 10
	// MinOversizeBytes is the smallest oversize body: it must hold its JSON
	// wrapper.
	MinOversizeBytes = 64
)

// OutageWindow is a time during which the system is entirely out. Times
// count from the start of the Injector.
type OutageWindow struct {
	// Duration is how long the outage lasts.
	Duration time.Duration
	// Start is when a one-off outage begins (ignored when Every is set).
	Start time.Duration
	// Every, when set, repeats the outage: it begins at Every, 2·Every,
	// 3·Every… and lasts Duration each time (Duration < Every).
	Every time.Duration
}

// Active reports whether the window covers elapsed, the time since the
// Injector started.
func (o OutageWindow) Active(elapsed time.Duration) bool {
	if o.Every > 0 {
		return elapsed >= o.Every && elapsed%o.Every < o.Duration
	}
	return elapsed >= o.Start && elapsed-o.Start < o.Duration
}

// String renders the window as in a SPEC ("30s@1m0s", "10s@every=1m0s").
func (o OutageWindow) String() string {
	if o.Every > 0 {
		return o.Duration.String() + "@every=" + o.Every.String()
	}
	return o.Duration.String() + "@" + o.Start.String()
}

// Spec says which faults to inject. The zero Spec injects nothing.
//
// Error, Unavailable, Reset, Truncate, Malformed, Oversize and Drip are
// shares of requests in [0, 1] that exclude one another (a request suffers
// at most one of them), so their sum must not exceed 1. StaleCursor is a
// share of the requests that carry a cursor, drawn on its own; Latency
// applies to every request but /health.
type Spec struct {
	// Latency is added to every request but /health.
	Latency time.Duration
	// Jitter adds a uniformly random delay in [0, Jitter) on top of
	// Latency.
	Jitter time.Duration
	// Error is the share of requests answered 500.
	Error float64
	// Unavailable is the share of requests answered 503 with Retry-After.
	Unavailable float64
	// RetryAfter is the Retry-After of the 503s, sent in whole seconds
	// (rounded up; 0 means DefaultRetryAfter).
	RetryAfter time.Duration
	// Reset is the share of connections reset mid-answer.
	Reset float64
	// Truncate is the share of answers cut short.
	Truncate float64
	// Malformed is the share of answers with corrupted JSON.
	Malformed float64
	// Oversize is the share of requests answered with a huge body.
	Oversize float64
	// OversizeBytes is the size of an oversize body (0 means
	// DefaultOversizeBytes).
	OversizeBytes int64
	// Drip is the share of answers sent slowly.
	Drip float64
	// DripRate is the speed of a slow answer in bytes per second (0 means
	// DefaultDripRate).
	DripRate int64
	// StaleCursor is the share of requests carrying since= or cursor= that
	// are answered 410.
	StaleCursor float64
	// Outages are the windows of full outage.
	Outages []OutageWindow
}

// IsZero reports whether the spec injects nothing.
func (s Spec) IsZero() bool {
	return s.Latency == 0 && s.Jitter == 0 && s.exclusiveSum() == 0 && s.StaleCursor == 0 && len(s.Outages) == 0
}

func (s Spec) exclusiveSum() float64 {
	return s.Error + s.Unavailable + s.Reset + s.Truncate + s.Malformed + s.Oversize + s.Drip
}

// withDefaults fills the parameters left at zero.
func (s Spec) withDefaults() Spec {
	if s.RetryAfter <= 0 {
		s.RetryAfter = DefaultRetryAfter
	}
	if s.OversizeBytes <= 0 {
		s.OversizeBytes = DefaultOversizeBytes
	}
	if s.DripRate <= 0 {
		s.DripRate = DefaultDripRate
	}
	return s
}

// Validate checks the spec's values: shares in [0, 1] with the exclusive
// ones adding up to at most 1, durations not negative, a Retry-After of at
// least a second, outage windows that make sense.
func (s Spec) Validate() error {
	for _, d := range []struct {
		k Kind
		v time.Duration
	}{{Latency, s.Latency}, {"jitter", s.Jitter}, {"retry-after", s.RetryAfter}} {
		if d.v < 0 {
			return fmt.Errorf("faults: %s %v is negative", d.k, d.v)
		}
	}
	if s.RetryAfter > 0 && s.RetryAfter < time.Second {
		return fmt.Errorf("faults: retry-after %v is below 1s (Retry-After counts whole seconds)", s.RetryAfter)
	}
	for _, p := range []struct {
		k Kind
		v float64
	}{{Error, s.Error}, {Unavailable, s.Unavailable}, {Reset, s.Reset}, {Truncate, s.Truncate},
		{Malformed, s.Malformed}, {Oversize, s.Oversize}, {Drip, s.Drip}, {StaleCursor, s.StaleCursor}} {
		if !(p.v >= 0 && p.v <= 1) {
			return fmt.Errorf("faults: %s %v is not a share in [0, 1]", p.k, p.v)
		}
	}
	if sum := s.exclusiveSum(); sum > 1+1e-9 {
		return fmt.Errorf("faults: error, unavailable, reset, truncate, malformed, oversize and drip add up to %s; "+
			"a request suffers at most one of them, so the sum must not exceed 1", strconv.FormatFloat(sum, 'g', 6, 64))
	}
	if s.OversizeBytes < 0 || (s.OversizeBytes > 0 && s.OversizeBytes < MinOversizeBytes) {
		return fmt.Errorf("faults: oversize-bytes %d is below %d", s.OversizeBytes, MinOversizeBytes)
	}
	if s.DripRate < 0 {
		return fmt.Errorf("faults: drip-rate %d is negative", s.DripRate)
	}
	for _, o := range s.Outages {
		switch {
		case o.Duration <= 0:
			return fmt.Errorf("faults: outage %s: the duration must be positive", o)
		case o.Start < 0:
			return fmt.Errorf("faults: outage %s: the start must not be negative", o)
		case o.Every < 0:
			return fmt.Errorf("faults: outage %s: the period must be positive", o)
		case o.Every > 0 && o.Duration >= o.Every:
			return fmt.Errorf("faults: outage %s: the duration must be shorter than the period", o)
		}
	}
	return nil
}

// String renders the spec in the SPEC syntax, items in a fixed order,
// leaving out those at zero; Parse(s.String()) gives s back. The zero Spec
// renders as "".
func (s Spec) String() string {
	var items []string
	dur := func(k string, d time.Duration) {
		if d != 0 {
			items = append(items, k+"="+d.String())
		}
	}
	share := func(k Kind, v float64) {
		if v != 0 {
			items = append(items, string(k)+"="+strconv.FormatFloat(v, 'g', -1, 64))
		}
	}
	size := func(k string, n int64, suffix string) {
		if n != 0 {
			items = append(items, k+"="+sizeString(n)+suffix)
		}
	}
	dur("latency", s.Latency)
	dur("jitter", s.Jitter)
	share(Error, s.Error)
	share(Unavailable, s.Unavailable)
	dur("retry-after", s.RetryAfter)
	share(Reset, s.Reset)
	share(Truncate, s.Truncate)
	share(Malformed, s.Malformed)
	share(Oversize, s.Oversize)
	size("oversize-bytes", s.OversizeBytes, "")
	share(Drip, s.Drip)
	size("drip-rate", s.DripRate, "/s")
	share(StaleCursor, s.StaleCursor)
	for _, o := range s.Outages {
		items = append(items, "outage="+o.String())
	}
	return strings.Join(items, ",")
}

// SpecError is a SPEC that does not parse. Its message names the item.
type SpecError struct {
	// Item is the offending item as written ("error=1.5").
	Item string
	// Pos is the item's position in the list, from 1.
	Pos int
	// Reason says what is wrong with it.
	Reason string
}

// Error implements error.
func (e *SpecError) Error() string {
	return fmt.Sprintf("faults: item %d %q: %s", e.Pos, e.Item, e.Reason)
}

// keys lists the SPEC keys, for messages.
const keys = "latency, jitter, error, unavailable, retry-after, reset, truncate, malformed, oversize, oversize-bytes, drip, drip-rate, stale-cursor, outage"

// Parse reads a SPEC: a comma-separated list of key=value items, e.g.
//
//	latency=200ms,jitter=100ms,error=0.2,unavailable=0.1,retry-after=5s,
//	reset=0.05,truncate=0.05,malformed=0.05,oversize=0.02,oversize-bytes=64MiB,
//	drip=0.05,drip-rate=1KiB/s,stale-cursor=0.1,outage=30s@60s
//
// Durations are Go durations (200ms, 1m30s); shares are numbers in [0, 1]
// or percentages (20%); sizes are bytes with an optional unit (B, KB, KiB,
// MB, MiB, GB, GiB); drip-rate is a size per second (1KiB/s). outage is
// DURATION@START (START from the server's start) or DURATION@every=PERIOD
// and may be given more than once; every other key at most once. White
// space around items is ignored; an empty SPEC injects nothing. Errors are
// *SpecError naming the item, or a plain error for a combination that does
// not hold (shares adding up to more than 1).
func Parse(text string) (Spec, error) {
	var s Spec
	if strings.TrimSpace(text) == "" {
		return s, nil
	}
	seen := map[string]int{}
	for i, raw := range strings.Split(text, ",") {
		item := strings.TrimSpace(raw)
		fail := func(format string, args ...any) (Spec, error) {
			return Spec{}, &SpecError{Item: item, Pos: i + 1, Reason: fmt.Sprintf(format, args...)}
		}
		if item == "" {
			return fail("empty item (two commas in a row, or a trailing comma?)")
		}
		k, v, ok := strings.Cut(item, "=")
		if !ok {
			return fail("want key=value")
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if v == "" {
			return fail("no value for %s", k)
		}
		if prev, dup := seen[k]; dup && k != "outage" {
			return fail("%s is already given by item %d", k, prev)
		}
		seen[k] = i + 1
		var err error
		switch k {
		case "latency":
			s.Latency, err = parseDuration(v)
		case "jitter":
			s.Jitter, err = parseDuration(v)
		case "retry-after":
			s.RetryAfter, err = parseDuration(v)
			if err == nil && s.RetryAfter < time.Second {
				err = fmt.Errorf("%v is below 1s (Retry-After counts whole seconds)", s.RetryAfter)
			}
		case "error":
			s.Error, err = parseShare(v)
		case "unavailable":
			s.Unavailable, err = parseShare(v)
		case "reset":
			s.Reset, err = parseShare(v)
		case "truncate":
			s.Truncate, err = parseShare(v)
		case "malformed":
			s.Malformed, err = parseShare(v)
		case "oversize":
			s.Oversize, err = parseShare(v)
		case "drip":
			s.Drip, err = parseShare(v)
		case "stale-cursor":
			s.StaleCursor, err = parseShare(v)
		case "oversize-bytes":
			s.OversizeBytes, err = parseSize(v)
			if err == nil && s.OversizeBytes < MinOversizeBytes {
				err = fmt.Errorf("%d bytes is below the minimum of %d", s.OversizeBytes, MinOversizeBytes)
			}
		case "drip-rate":
			s.DripRate, err = parseSize(strings.TrimSuffix(strings.TrimSuffix(v, "/s"), "/S"))
			if err == nil && s.DripRate < 1 {
				err = fmt.Errorf("the rate must be at least 1 byte per second")
			}
		case "outage":
			var o OutageWindow
			o, err = parseOutage(v)
			s.Outages = append(s.Outages, o)
		default:
			return fail("unknown key %q (known: %s)", k, keys)
		}
		if err != nil {
			return fail("%v", err)
		}
	}
	if err := s.Validate(); err != nil {
		return Spec{}, err
	}
	return s, nil
}

func parseDuration(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (like 200ms or 1m30s)", v)
	}
	if d < 0 {
		return 0, fmt.Errorf("%v is negative", d)
	}
	return d, nil
}

func parseShare(v string) (float64, error) {
	pct := strings.HasSuffix(v, "%")
	num := strings.TrimSpace(strings.TrimSuffix(v, "%"))
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a number (a share in [0, 1] such as 0.2, or a percentage such as 20%%)", v)
	}
	if pct {
		f /= 100
	}
	if f < 0 || f > 1 {
		return 0, fmt.Errorf("%s is not a share in [0, 1]", v)
	}
	return f, nil
}

// sizeUnits are the units of a size, lower case.
var sizeUnits = map[string]int64{
	"": 1, "b": 1,
	"kb": 1000, "mb": 1000 * 1000, "gb": 1000 * 1000 * 1000,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30,
}

// maxSize bounds a size (1 TiB), far beyond any sensible body.
const maxSize = 1 << 40

func parseSize(v string) (int64, error) {
	if strings.HasPrefix(v, "-") {
		return 0, fmt.Errorf("%s is negative", v)
	}
	i := 0
	for i < len(v) && (v[i] >= '0' && v[i] <= '9' || v[i] == '.') {
		i++
	}
	num, unit := v[:i], strings.ToLower(strings.TrimSpace(v[i:]))
	mult, ok := sizeUnits[unit]
	if !ok {
		return 0, fmt.Errorf("%q: unknown unit %q (use B, KB, KiB, MB, MiB, GB or GiB)", v, v[i:])
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a size (like 512, 64KiB or 1.5MB)", v)
	}
	n := f * float64(mult)
	if n > maxSize {
		return 0, fmt.Errorf("%s is more than 1 TiB", v)
	}
	if n != math.Trunc(n) {
		return 0, fmt.Errorf("%s is not a whole number of bytes", v)
	}
	return int64(n), nil
}

func parseOutage(v string) (OutageWindow, error) {
	var o OutageWindow
	durText, at, ok := strings.Cut(v, "@")
	if !ok {
		return o, fmt.Errorf("want DURATION@START or DURATION@every=PERIOD")
	}
	d, err := parseDuration(strings.TrimSpace(durText))
	if err != nil {
		return o, fmt.Errorf("duration: %v", err)
	}
	if d == 0 {
		return o, fmt.Errorf("the duration must be positive")
	}
	o.Duration = d
	at = strings.TrimSpace(at)
	if period, ok := strings.CutPrefix(at, "every="); ok {
		p, err := parseDuration(strings.TrimSpace(period))
		if err != nil {
			return o, fmt.Errorf("period: %v", err)
		}
		if p <= d {
			return o, fmt.Errorf("the period %v must be longer than the outage %v", p, d)
		}
		o.Every = p
		return o, nil
	}
	start, err := parseDuration(at)
	if err != nil {
		return o, fmt.Errorf("start: %v", err)
	}
	o.Start = start
	return o, nil
}

// sizeString renders a size with the largest binary unit that divides it.
func sizeString(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + "GiB"
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + "MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + "KiB"
	}
	return strconv.FormatInt(n, 10) + "B"
}
