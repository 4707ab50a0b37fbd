package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/casewatch/casewatch/api"
)

// Notice operations an outbox entry can carry.
const (
	NoticeOpIssue = "issue" // POST /notices
	NoticeOpClose = "close" // POST /notices/{id}/close (销号, or reopen)
)

// PendingNotice is a notice waiting in the outbox to be issued or closed:
// written under the same lock as acknowledgements, with its own
// Idempotency-Key (the entry's Key) and the time the person acted (the
// entry's QueuedAt, sent as acted_at however late the delivery).
type PendingNotice struct {
	Op       string `json:"op"`
	NoticeID string `json:"notice_id,omitempty"` // close
	CaseID   string `json:"case_id,omitempty"`   // issue from a case
	Kind     string `json:"kind,omitempty"`
	Category string `json:"category,omitempty"`
	Text     string `json:"text,omitempty"`
	DueDate  string `json:"due_date,omitempty"`
	Reopen   bool   `json:"reopen,omitempty"`
}

func (n *PendingNotice) valid() bool {
	switch n.Op {
	case NoticeOpIssue:
		return slices.Contains(api.NoticeKinds, n.Kind) && n.Text != ""
	case NoticeOpClose:
		return n.NoticeID != ""
	}
	return false
}

// deliverNotice sends a notice entry of the outbox.
func (c *Client) deliverNotice(ctx context.Context, pa PendingAck) (*api.Notice, error) {
	var acted *time.Time
	if !pa.QueuedAt.IsZero() {
		t := pa.QueuedAt.UTC().Round(0)
		acted = &t
	}
	n := pa.Notice
	switch n.Op {
	case NoticeOpIssue:
		return c.IssueNotice(ctx, pa.Key, api.NoticeRequest{AlertID: pa.AlertID, CaseID: n.CaseID, Kind: n.Kind,
			Category: n.Category, Text: n.Text, DueDate: n.DueDate, By: pa.By, ActedAt: acted})
	case NoticeOpClose:
		return c.CloseNotice(ctx, n.NoticeID, pa.Key, api.NoticeCloseRequest{By: pa.By, Note: pa.Note,
			Reopen: n.Reopen, DueDate: n.DueDate, ActedAt: acted})
	}
	return nil, configError("unknown notice operation %q", n.Op)
}

// IssueNotice queues a notice (口头提示 or 流程监控通知书) from an alert
// (alertID) or a case (n.CaseID) in the durable outbox, like an
// acknowledgement: it survives an outage or a restart and is delivered
// once (Idempotency-Key). It returns the entry's key.
func (p *Poller) IssueNotice(alertID, by string, n PendingNotice) (string, error) {
	n.Op = NoticeOpIssue
	if alertID == "" && n.CaseID == "" {
		return "", errors.New("no alert or case to issue a notice on")
	}
	return p.queueNotice(alertID, by, "", n)
}

// CloseNotice queues the closure (销号) of a replied notice, or with
// n.Reopen its sending back, in the durable outbox.
func (p *Poller) CloseNotice(noticeID, by, note string, n PendingNotice) (string, error) {
	n.Op, n.NoticeID = NoticeOpClose, noticeID
	return p.queueNotice("", by, note, n)
}

func (p *Poller) queueNotice(alertID, by, note string, n PendingNotice) (string, error) {
	if p.opts.ReadOnly {
		return "", ErrReadOnly
	}
	if p.outbox == nil {
		return "", fmt.Errorf("notices unavailable: %w", p.outboxErr)
	}
	if by == "" {
		return "", errors.New("no name to issue or close a notice with")
	}
	if !n.valid() {
		return "", fmt.Errorf("incomplete notice (%s)", n.Op)
	}
	key := NewIdempotencyKey()
	if err := p.outbox.Add(PendingAck{AlertID: alertID, By: by, Note: note, Key: key, QueuedAt: time.Now(), Notice: &n}); err != nil {
		return "", err
	}
	p.wakeDeliverer(false)
	p.poke()
	return key, nil
}

// refreshNotices schedules the notices listing now, or, when a listing is
// on its way (which may have left before the change it is refreshed for),
// again as soon as that one is answered (run by the poller's goroutine).
func (p *Poller) refreshNotices() {
	for _, t := range p.tasks {
		switch {
		case t.kind != dsNotices:
		case t.inFlight:
			t.again = true
		default:
			t.next = time.Now()
		}
	}
}
