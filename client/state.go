package client

import (
	"time"

	"github.com/casewatch/casewatch/api"
)

// Feed is one data set as the poller last saw it. It is immutable once
// published: readers must not modify Data.
type Feed[T any] struct {
	// Data is the last good value; meaningful only when HasData is true.
	Data T
	// HasData reports whether any fetch has ever succeeded.
	HasData bool
	// FetchedAt is when Data was last confirmed current (a 200 or a 304).
	FetchedAt time.Time
	// Err is the error of the last attempt, nil when it succeeded.
	Err error
	// Failures counts consecutive failed attempts.
	Failures int
	// FailingSince is when the current run of failures began (zero if none).
	FailingSince time.Time
	// NextAttempt is when the poller will try again.
	NextAttempt time.Time
	// Interval is the data set's normal polling interval.
	Interval time.Duration
}

// AlertSet is the merged local copy of the alerts, kept current by delta sync.
//
// An alert's DaysRemaining is as of its last change: the server computes it
// when it answers, and a day passing is not a change a delta carries. Count
// down from DueAt (with AsOf and SimSpeed) instead.
//
// Alerts is immutable once published, and so is every alert it points to:
// a change replaces the pointer in a new slice, it never writes through it.
// A merge therefore copies only pointers (8 bytes an alert), and
// successive sets share the unchanged alerts.
//
// When nothing changed, a new AlertSet holds the very same Alerts slice as
// the previous one; when anything changed, Alerts is a new slice with a
// new backing array. So "same length and same &Alerts[0]" (the address of
// the first slot, not the first pointer: that alert may well be shared by
// the new set) tells a reader that nothing changed, without looking at
// the alerts.
type AlertSet struct {
	// Alerts holds the active alerts (open or acknowledged), ordered by
	// ID, never nil elements: all of them, or the most urgent when there
	// are more than the cap (Options.MaxAlerts).
	Alerts []*Alert
	// Total counts the active alerts of the case system in scope: more
	// than len(Alerts) when the cap left some out, which a UI must say.
	Total int
	// Rejected counts the records of the case system's answers that the
	// client refused (a value of the wrong type, a number out of range,
	// a bad id or status) since the last full listing, with the first.
	Rejected Rejections
	// AsOf is the simulation time of the last answer merged.
	AsOf time.Time
	// SimSpeed is how many simulated seconds pass per real second
	// (from /health; 1 for a real system), for local countdowns.
	SimSpeed float64
}

// PendingAck is an acknowledgement waiting in the outbox.
type PendingAck struct {
	AlertID   string
	By        string
	Note      string
	Key       string    // Idempotency-Key
	QueuedAt  time.Time // when the user made it
	Attempts  int
	LastError string // empty until an attempt failed
	// Notice, when set, makes the entry a notice to issue or close
	// (client/notices_outbox.go) instead of an acknowledgement.
	Notice *PendingNotice
}

// AckResult reports the fate of an acknowledgement that left the outbox.
type AckResult struct {
	AlertID string
	Key     string
	// Alert is the server's answer when delivered.
	Alert *api.Alert
	// Notice is the server's answer to a notice entry when delivered.
	Notice *api.Notice
	// NoticeOp is the notice operation of a notice entry (NoticeOpIssue,
	// NoticeOpClose), "" for an acknowledgement: a rejected notice has no
	// Notice to tell it by.
	NoticeOp string
	// Rejected is set when the server refused it with a 4xx; Err says why.
	Rejected bool
	Err      error
	At       time.Time
}

// State is everything the poller knows, published to every subscriber as an
// immutable value. Maps are keyed by unit id.
type State struct {
	// Seq increases with every publication.
	Seq        uint64
	Health     Feed[api.Health]
	Units      Feed[api.UnitList]
	Alerts     Feed[AlertSet]
	Indicators map[string]Feed[api.IndicatorSet]
	// CoverageByDept and CoverageByPerson hold GET /coverage?by=department
	// and by=person for each unit.
	CoverageByDept   map[string]Feed[api.Coverage]
	CoverageByPerson map[string]Feed[api.Coverage]
	// Notices is GET /notices of the scope (Options.NoticesUnit), the
	// newest 1,000, polled with its ETag.
	Notices Feed[api.NoticePage]
	// Pending lists acknowledgements not yet confirmed by the server.
	Pending []PendingAck
	// AckResults lists recent outcomes of acknowledgements (newest last,
	// bounded), so a UI can say "delivered" or "rejected: ...".
	AckResults []AckResult
	// OutboxErr reports a problem with the acknowledgement outbox file:
	// a damaged file set aside (an *OutboxDamage, at start or found later:
	// it stays reported for the rest of the run), a state directory that
	// cannot be read. Nil when all is well.
	OutboxErr error
}
