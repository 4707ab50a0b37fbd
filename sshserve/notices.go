package sshserve

import (
	"errors"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/tui"
)

// errNoNotices is the error of a shared source without the notice outbox.
var errNoNotices = errors.New("the data source takes no notices")

// IssueNotice implements tui.NoticeOutbox: a notice (口头提示 or 流程监控通知书)
// goes into the shared outbox under the session's identity, whatever the
// UI passes; a viewer key is refused. Each is audited like an
// acknowledgement.
func (c *sessionSource) IssueNotice(alertID, _ string, n client.PendingNotice) (string, error) {
	return c.notice("notice-issue", alertID, func(ob tui.NoticeOutbox) (string, error) {
		return ob.IssueNotice(alertID, c.ss.by, n)
	})
}

// CloseNotice implements tui.NoticeOutbox: the closure (销号) or sending
// back of a notice, under the session's identity; refused for a viewer.
func (c *sessionSource) CloseNotice(noticeID, _, note string, n client.PendingNotice) (string, error) {
	return c.notice("notice-close", noticeID, func(ob tui.NoticeOutbox) (string, error) {
		return ob.CloseNotice(noticeID, c.ss.by, note, n)
	})
}

func (c *sessionSource) notice(event, id string, do func(tui.NoticeOutbox) (string, error)) (string, error) {
	if !c.canAck {
		c.ss.mu.Lock()
		c.ss.ackRefused++
		c.ss.mu.Unlock()
		c.ss.auditAck(event+"-refused", id, "", ErrViewer)
		return "", ErrViewer
	}
	ob, ok := c.Source.(tui.NoticeOutbox)
	if !ok {
		c.ss.auditAck(event, id, "", errNoNotices)
		return "", errNoNotices
	}
	key, err := do(ob)
	c.ss.auditAck(event, id, key, err)
	return key, err
}
