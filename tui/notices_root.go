package tui

import tea "charm.land/bubbletea/v2"

// What the notices' screens, the alerts panel and the case view ask of the
// root (see upward.go): each implements noticeUpward, and the root handles
// them in one place (handleNoticeMsg).

// noticeUpward is a message upward about notices.
type noticeUpward interface{ noticeUpward() }

// startNoticeMsg asks for the issue form on the alerts panel's selected
// alert.
type startNoticeMsg struct{}

// caseNoticeMsg asks for the issue form on the case on screen.
type caseNoticeMsg struct{}

// openNoticeMsg asks for the screen of one notice.
type openNoticeMsg struct{ row noticeRow }

// askCloseMsg asks for the confirmation of closing (or sending back) a
// notice.
type askCloseMsg struct {
	row    noticeRow
	reopen bool
}

// submitNoticeMsg asks to queue the issue form's notice.
type submitNoticeMsg struct{}

// submitCloseMsg asks to queue the confirmed closure.
type submitCloseMsg struct{}

func (startNoticeMsg) noticeUpward()  {}
func (caseNoticeMsg) noticeUpward()   {}
func (openNoticeMsg) noticeUpward()   {}
func (askCloseMsg) noticeUpward()     {}
func (submitNoticeMsg) noticeUpward() {}
func (submitCloseMsg) noticeUpward()  {}
func (openNoticesMsg) noticeUpward()  {}

// handleNoticeMsg does what a notices message asks.
func (m *model) handleNoticeMsg(msg noticeUpward) tea.Cmd {
	switch msg := msg.(type) {
	case startNoticeMsg:
		return m.issueFromAlert()
	case caseNoticeMsg:
		return m.issueFromCase()
	case openNoticeMsg:
		return m.openNotice(msg.row)
	case askCloseMsg:
		return m.askClose(msg.row, msg.reopen)
	case submitNoticeMsg:
		return m.submitNotice()
	case submitCloseMsg:
		return m.submitClose()
	case openNoticesMsg:
		if m.wall.on || m.notices.captures(&m.screenStack) {
			return nil
		}
		return m.openNotices()
	}
	return nil
}
