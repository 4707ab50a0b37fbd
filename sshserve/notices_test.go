package sshserve

import (
	"errors"
	"sync"
	"testing"

	"github.com/casewatch/casewatch/client"
)

// noticeFake is a shared source with the notice outbox.
type noticeFake struct {
	*fakeSource
	mu  sync.Mutex
	got []client.PendingAck
}

func (f *noticeFake) IssueNotice(alertID, by string, n client.PendingNotice) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, client.PendingAck{AlertID: alertID, By: by, Notice: &n})
	return "k", nil
}

func (f *noticeFake) CloseNotice(noticeID, by, note string, n client.PendingNotice) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n.NoticeID = noticeID
	f.got = append(f.got, client.PendingAck{By: by, Note: note, Notice: &n})
	return "k", nil
}

// TestSessionNotices: a viewer key can neither issue nor close a notice;
// a triage key does, under the session's identity whatever the UI passes;
// a source without the outbox says so.
func TestSessionNotices(t *testing.T) {
	src := &noticeFake{fakeSource: &fakeSource{state: testState()}}
	ss := &session{by: "alice (abc)"}
	viewer := &sessionSource{Source: src, ss: ss}
	if _, err := viewer.IssueNotice("A1", "forged", client.PendingNotice{Kind: "written", Text: "x"}); !errors.Is(err, ErrViewer) {
		t.Errorf("viewer IssueNotice: %v", err)
	}
	if _, err := viewer.CloseNotice("C1-N1", "forged", "", client.PendingNotice{}); !errors.Is(err, ErrViewer) {
		t.Errorf("viewer CloseNotice: %v", err)
	}
	triage := &sessionSource{Source: src, ss: ss, canAck: true}
	if _, err := triage.IssueNotice("A1", "forged", client.PendingNotice{Kind: "written", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := triage.CloseNotice("C1-N1", "forged", "ok", client.PendingNotice{}); err != nil {
		t.Fatal(err)
	}
	if len(src.got) != 2 || src.got[0].By != "alice (abc)" || src.got[1].By != "alice (abc)" || src.got[1].Notice.NoticeID != "C1-N1" {
		t.Errorf("queued %+v", src.got)
	}
	if ss.ackRefused != 2 {
		t.Errorf("refused %d, want 2", ss.ackRefused)
	}
	plain := &sessionSource{Source: &fakeSource{state: testState()}, ss: ss, canAck: true}
	if _, err := plain.IssueNotice("A1", "", client.PendingNotice{}); !errors.Is(err, errNoNotices) {
		t.Errorf("no outbox: %v", err)
	}
}
