package tui

import (
	"strconv"
	"strings"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/theme"
)

// noticesHeader is the lines above the notices table: the counts and the
// filters.
const noticesHeader = 1

// draw draws the notices screen in r.
func (v *noticesList) draw(c *common, r rect) []string {
	in := inner(r)
	s := c.styles
	title := c.cat.T("panel.notices") + " · " + c.scopeName()
	lines := make([]string, 0, in.h)
	f := c.state.Notices
	note, ink := "", s.Muted
	switch {
	case !f.HasData && len(v.rows) == 0:
		if f.Err != nil {
			lines = append(lines, s.Flag.Render(c.loadingText(f.Err)))
		} else {
			lines = append(lines, s.Muted.Render(c.cat.T("notices.wait")))
		}
		return c.box(r.w, r.h, title, note, ink, true, lines)
	case f.Err != nil:
		note, ink = c.failText(failureOf(f.Err)), s.Warning
	}
	lines = append(lines, v.summary(c, in.w))
	v.table.SetFocused(true)
	lines = v.table.Lines(noticeRows{c: c, v: v, sim: c.simNow()}, lines)
	if len(v.shown) == 0 && len(lines) > noticesHeader+1 {
		lines[noticesHeader+1] = s.Muted.Render(c.cat.T("notices.none"))
	}
	return c.withBottomNote(c.box(r.w, r.h, title, note, ink, true, lines), r.w, true, c.positionNote(&v.table))
}

// noticesSummary is the line above the table: counts by status on the
// left, the filters on the right.
func (v *noticesList) summary(c *common, w int) string {
	s := c.styles
	n, shown := v.counts, v.passed
	narrowed := v.unit != "" || v.query != "" // the status filter picks a count; these narrow them
	var b strings.Builder
	parts := []struct {
		status   string
		n, shown int
		ink      theme.Ink
	}{
		{api.NoticeOverdue, n[1], shown[1], s.Overdue},
		{api.NoticeIssued, n[0], shown[0], s.Text},
		{api.NoticeReplied, n[2], shown[2], s.OK},
		{api.NoticeClosed, n[3], shown[3], s.Muted},
	}
	for i, p := range parts {
		if i > 0 {
			b.WriteString("  ")
		}
		ink := p.ink
		if p.n == 0 {
			ink = s.Muted
		}
		if v.status == p.status {
			ink = s.TabOn
		}
		count := strconv.Itoa(p.n)
		if narrowed {
			count = strconv.Itoa(p.shown) + "/" + count
		}
		ink.Paint(&b, c.cat.T("nstatus."+p.status)+" "+count)
	}
	var f []string
	if v.status != "" {
		f = append(f, c.cat.T("nstatus."+v.status))
	}
	if v.unit != "" {
		f = append(f, c.units.short(v.unit, v.unit))
	}
	if v.query != "" || v.typing {
		q := "“" + v.query + "”"
		if v.typing {
			q = "/" + v.query + "▏"
		}
		f = append(f, q)
	}
	right := ""
	if len(f) > 0 {
		right = c.cat.F("notices.filter", strings.Join(f, "·"))
	}
	if n := len(c.state.Notices.Data.Notices); c.state.Notices.Data.NextCursor != "" {
		if right != "" {
			right += "  "
		}
		right += c.cat.F("notices.more", n)
	}
	return spread(b.String(), s.Accent.Render(right), w)
}

// noticeRows is the vtable.Source of the notices table for one frame.
type noticeRows struct {
	c   *common
	v   *noticesList
	sim time.Time
}

// Len implements vtable.Source.
func (r noticeRows) Len() int { return len(r.v.shown) }

// Row implements vtable.Source.
func (r noticeRows) Row(i int, cells []string, inks []theme.Ink) {
	m, v := r.c, r.v
	row := &v.rows[v.shown[i]]
	s := m.styles
	status := row.status
	if row.n != nil && status != nstClosing {
		status = effectiveStatus(row.n, r.sim)
	}
	if row.p != nil {
		cells[ncMark], inks[ncMark] = glyphPending, s.Pending
	}
	cells[ncStatus], inks[ncStatus] = m.cat.T("nstatus."+status), m.noticeInk(status)
	cells[ncCase] = row.caseNo
	switch {
	case row.n != nil && row.n.Number != "":
		cells[ncNumber] = row.n.Number
	case row.n != nil && row.n.Kind == api.NoticeOral:
		cells[ncNumber], inks[ncNumber] = m.cat.T("nkind.oral"), s.Muted
	case row.p != nil && row.p.Notice.Kind == api.NoticeOral:
		cells[ncNumber], inks[ncNumber] = m.cat.T("nkind.oral"), s.Muted
	default:
		cells[ncNumber], inks[ncNumber] = "—", s.Muted
	}
	cells[ncUnit] = row.unit
	cells[ncPerson] = row.person
	switch status {
	case api.NoticeIssued, api.NoticeOverdue:
		cells[ncDue], inks[ncDue] = m.dueText(row.due, r.sim)
	case api.NoticeReplied, nstClosing:
		if row.n != nil && row.n.RepliedAt != nil {
			cells[ncDue], inks[ncDue] = row.n.RepliedAt.Format("01-02 15:04"), s.Muted
			if row.n.Late {
				inks[ncDue] = s.Warning
			}
		}
	case api.NoticeClosed:
		if row.n.ClosedAt != nil {
			cells[ncDue], inks[ncDue] = row.n.ClosedAt.Format("01-02 15:04"), s.Muted
		}
	default:
		cells[ncDue], inks[ncDue] = "—", s.Muted
	}
}

// noticeInk colours a notice status: red overdue, green replied (to
// close), muted closed.
func (m *common) noticeInk(status string) theme.Ink {
	s := m.styles
	switch status {
	case api.NoticeOverdue:
		return s.Overdue
	case api.NoticeReplied:
		return s.OK
	case api.NoticeClosed:
		return s.Muted
	case nstPending, nstClosing:
		return s.Pending
	}
	return s.Accent
}
