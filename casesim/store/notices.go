package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/sim"
)

// NoticePlanner decides how the handling prosecutor answers a notice the
// API issued or reopened: it may set n.RepliedAt (a time after the round's
// start, possibly after the due time, or nil for no reply), n.ReplyBy and
// n.ReplyText. It must be deterministic and quick; it runs inside the
// write transaction.
type NoticePlanner func(n *sim.Notice)

// SetNoticePlanner sets the planner of replies to API notices (nil: they
// are answered only through POST /notices/{id}/reply).
func (s *Store) SetNoticePlanner(p NoticePlanner) { s.planner.Store(&p) }

func (s *Store) plan(n *sim.Notice) {
	if p := s.planner.Load(); p != nil && *p != nil {
		(*p)(n)
	}
}

// noticeColumns are the columns scanNotice reads, from notices n joined
// with cases c and units u (the issuing unit, for the number).
const noticeColumns = `n.id, n.case_id, c.no, n.kind, n.origin, n.alert_id, n.rule, n.category, n.text,
	n.unit_id, n.dept_id, n.person_id, n.issued_by, n.issued_at, n.round_at, n.due_at, n.replied_at,
	n.reply_by, n.reply_text, n.closed_at, n.closed_by, n.reopened, n.number_year, n.number_seq, u.short`

const noticeFrom = ` FROM notices n JOIN cases c ON c.id = n.case_id JOIN units u ON u.id = n.unit_id`

// noticeRow is one row of notices as stored (scheduled times included).
type noticeRow struct {
	id, caseID, caseNo, kind, origin, alertID, rule, category, text string
	unitID, deptID, personID, issuedBy                              string
	issued, round, due                                              int64
	replied                                                         sql.NullInt64
	replyBy, replyText                                              string
	closed                                                          sql.NullInt64
	closedBy                                                        string
	reopened                                                        int
	numYear, numSeq                                                 sql.NullInt64
	short                                                           string
}

func scanNotice(sc interface{ Scan(...any) error }) (noticeRow, error) {
	var r noticeRow
	err := sc.Scan(&r.id, &r.caseID, &r.caseNo, &r.kind, &r.origin, &r.alertID, &r.rule, &r.category, &r.text,
		&r.unitID, &r.deptID, &r.personID, &r.issuedBy, &r.issued, &r.round, &r.due, &r.replied,
		&r.replyBy, &r.replyText, &r.closed, &r.closedBy, &r.reopened, &r.numYear, &r.numSeq, &r.short)
	return r, err
}

// repliedBy reports whether the current round has its reply by now.
func (r noticeRow) repliedBy(now int64) bool {
	return r.replied.Valid && r.replied.Int64 <= now && r.replied.Int64 >= r.round
}

func (r noticeRow) isClosed(now int64) bool { return r.closed.Valid && r.closed.Int64 <= now }

// status is the notice's status at now.
func (r noticeRow) status(now int64) string {
	switch {
	case r.isClosed(now):
		return api.NoticeClosed
	case r.repliedBy(now):
		return api.NoticeReplied
	case now > r.due:
		return api.NoticeOverdue
	}
	return api.NoticeIssued
}

// NoticeNumber formats a written notice's number: the issuing unit's short
// name, 检流监, the year and the sequence, e.g. 澄湄检流监〔2026〕第12号.
func NoticeNumber(short string, year, seq int) string {
	return fmt.Sprintf("%s检流监〔%d〕第%d号", short, year, seq)
}

func (r noticeRow) toAPI(o *org, now time.Time) api.Notice {
	ns := toNS(now)
	n := api.Notice{
		ID: r.id, Kind: r.kind, Status: r.status(ns), Origin: r.origin, CaseID: r.caseID, CaseNo: r.caseNo,
		AlertID: r.alertID, Rule: r.rule, Category: r.category, Text: r.text,
		UnitID: r.unitID, UnitName: o.unitName(r.unitID), DeptID: r.deptID, DeptName: o.deptName(r.deptID),
		PersonID: r.personID, PersonName: o.personName(r.personID), IssuedBy: r.issuedBy,
		IssuedAt: fromNS(r.issued), DueAt: fromNS(r.due), Reopened: r.reopened,
	}
	n.DaysRemaining = daysRemaining(n.DueAt, now)
	if r.numSeq.Valid {
		n.Number = NoticeNumber(r.short, int(r.numYear.Int64), int(r.numSeq.Int64))
	}
	updated := r.round
	if r.repliedBy(ns) {
		t := fromNS(r.replied.Int64)
		n.RepliedAt, n.ReplyBy, n.ReplyText, n.Late = &t, r.replyBy, r.replyText, r.replied.Int64 > r.due
		updated = max(updated, r.replied.Int64)
	}
	if r.isClosed(ns) {
		t := fromNS(r.closed.Int64)
		n.ClosedAt, n.ClosedBy = &t, r.closedBy
		updated = max(updated, r.closed.Int64)
	}
	n.UpdatedAt = fromNS(updated)
	return n
}

// daysRemaining counts whole days from now to due (negative when past),
// as alerts do.
func daysRemaining(due, now time.Time) int {
	d := due.Sub(now)
	if d >= 0 {
		return int(d / (24 * time.Hour))
	}
	return -int((-d + 24*time.Hour - 1) / (24 * time.Hour))
}

// toSim is the row as the rule engine reads it.
func (r noticeRow) toSim() sim.Notice {
	n := sim.Notice{
		ID: r.id, Kind: r.kind, Rule: r.rule, AlertID: r.alertID, Category: r.category, Text: r.text,
		IssuedBy: r.issuedBy, IssuedAt: fromNS(r.issued), RoundAt: fromNS(r.round), DueAt: fromNS(r.due),
		RepliedAt: fromNullNS(r.replied), ReplyBy: r.replyBy, ReplyText: r.replyText,
		ClosedAt: fromNullNS(r.closed), ClosedBy: r.closedBy, Simulated: r.origin == api.OriginSimulation,
	}
	return n
}

// insertSimNotices writes the simulation's notices of c that are not
// stored yet, with their scheduled history.
func insertSimNotices(ctx context.Context, tx *sql.Tx, c *sim.Case) error {
	for i := range c.Notices {
		n := &c.Notices[i]
		res, err := tx.ExecContext(ctx, `INSERT INTO notices(id, case_id, kind, origin, alert_id, rule, category,
			text, unit_id, dept_id, person_id, issued_by, issued_at, round_at, due_at, replied_at, reply_by,
			reply_text, closed_at, closed_by, reopened) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)
			ON CONFLICT(id) DO NOTHING`,
			n.ID, c.ID, n.Kind, api.OriginSimulation, n.AlertID, n.Rule, n.Category, n.Text, c.UnitID, c.DeptID,
			c.LeadID, n.IssuedBy, toNS(n.IssuedAt), toNS(n.Round()), toNS(n.DueAt), nullNS(n.RepliedAt),
			n.ReplyBy, n.ReplyText, nullNS(n.ClosedAt), n.ClosedBy)
		if err != nil {
			return fmt.Errorf("store: notice %s: %w", n.ID, err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			continue
		}
		if err := addNoticeEvent(ctx, tx, n.ID, api.NoticeEventIssued, n.IssuedAt, n.IssuedAt, n.IssuedBy, n.Text); err != nil {
			return err
		}
		if n.RepliedAt != nil {
			if err := addNoticeEvent(ctx, tx, n.ID, api.NoticeEventReplied, *n.RepliedAt, *n.RepliedAt, n.ReplyBy, n.ReplyText); err != nil {
				return err
			}
		}
		if n.ClosedAt != nil {
			if err := addNoticeEvent(ctx, tx, n.ID, api.NoticeEventClosed, *n.ClosedAt, *n.ClosedAt, n.ClosedBy, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// addNoticeEvent appends a step to a notice's history.
func addNoticeEvent(ctx context.Context, tx *sql.Tx, id, kind string, at, acted time.Time, by, text string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO notice_events(notice_id, seq, kind, at, acted_at, by, text)
		VALUES(?, (SELECT COALESCE(MAX(seq), -1) + 1 FROM notice_events WHERE notice_id = ?), ?,?,?,?,?)`,
		id, id, kind, toNS(at), toNS(acted), by, text)
	if err != nil {
		return fmt.Errorf("store: notice %s history: %w", id, err)
	}
	return nil
}

// loadNotices appends the notices query selects (case_id first, then
// noticeColumns) to their cases in byID, in issue order.
func loadNotices(ctx context.Context, q queryer, byID map[string]*sim.Case, where string, args ...any) error {
	return eachRow(ctx, q, func(rows *sql.Rows) error {
		r, err := scanNotice(rows)
		if err != nil {
			return err
		}
		if c := byID[r.caseID]; c != nil {
			c.Notices = append(c.Notices, r.toSim())
		}
		return nil
	}, `SELECT `+noticeColumns+noticeFrom+where+` ORDER BY n.case_id, n.issued_at, n.id`, args...)
}

// CaseNotices returns the notices of a case as the rule engine reads them
// (scheduled times included), in issue order.
func (s *Store) CaseNotices(ctx context.Context, caseID string) ([]sim.Notice, error) {
	c := &sim.Case{ID: caseID}
	err := loadNotices(ctx, s.w, map[string]*sim.Case{caseID: c}, ` WHERE n.case_id = ?`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: notices of %s: %w", caseID, err)
	}
	return c.Notices, nil
}

// numberPending gives every written notice issued by now that has no
// number yet the next number of its unit and year, in issue order. It
// reports how many it numbered.
func numberPending(ctx context.Context, tx *sql.Tx, now time.Time) (int, error) {
	type pending struct {
		id, unit string
		issued   int64
	}
	var todo []pending
	err := eachRow(ctx, tx, func(rows *sql.Rows) error {
		var p pending
		if err := rows.Scan(&p.id, &p.unit, &p.issued); err != nil {
			return err
		}
		todo = append(todo, p)
		return nil
	}, `SELECT id, unit_id, issued_at FROM notices WHERE kind = ? AND number_seq IS NULL AND issued_at <= ?
		ORDER BY issued_at, id`, api.NoticeWritten, toNS(now))
	if err != nil {
		return 0, err
	}
	for _, p := range todo {
		if err := assignNumber(ctx, tx, p.id, p.unit, fromNS(p.issued).Year()); err != nil {
			return 0, err
		}
	}
	return len(todo), nil
}

// assignNumber gives notice id the next number of unit in year. The
// single writer and the unique index on the number keep numbers unique.
func assignNumber(ctx context.Context, tx *sql.Tx, id, unit string, year int) error {
	_, err := tx.ExecContext(ctx, `UPDATE notices SET number_year = ?, number_seq =
		(SELECT COALESCE(MAX(number_seq), 0) + 1 FROM notices WHERE unit_id = ? AND number_year = ?)
		WHERE id = ?`, year, unit, year, id)
	if err != nil {
		return fmt.Errorf("store: number notice %s: %w", id, err)
	}
	return nil
}

// AdvanceNotices brings the notices to the simulation time now: written
// notices issued since get their numbers, and when any notice was issued,
// answered, closed or fell due in (since, now] the data version moves, so
// ETags change with the statuses.
func (s *Store) AdvanceNotices(ctx context.Context, since, now time.Time) error {
	return s.writeTx(ctx, func(tx *sql.Tx) (bool, error) {
		k, err := numberPending(ctx, tx, now)
		if err != nil {
			return false, err
		}
		if k > 0 {
			return true, nil
		}
		a, b := toNS(since), toNS(now)
		var moved int
		err = tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM notices WHERE
			(issued_at > ? AND issued_at <= ?) OR (due_at > ? AND due_at <= ?) OR
			(replied_at > ? AND replied_at <= ?) OR (closed_at > ? AND closed_at <= ?))`,
			a, b, a, b, a, b, a, b).Scan(&moved)
		return moved == 1, err
	})
}

// noticeStatusSQL is the condition of a notice status at the time bound to
// each ?.
var noticeStatusSQL = map[string]struct {
	cond  string
	binds int
}{
	api.NoticeClosed:  {`(n.closed_at IS NOT NULL AND n.closed_at <= ?)`, 1},
	api.NoticeReplied: {`(NOT (n.closed_at IS NOT NULL AND n.closed_at <= ?) AND n.replied_at IS NOT NULL AND n.replied_at <= ? AND n.replied_at >= n.round_at)`, 2},
	api.NoticeOverdue: {`(NOT (n.closed_at IS NOT NULL AND n.closed_at <= ?) AND NOT (n.replied_at IS NOT NULL AND n.replied_at <= ? AND n.replied_at >= n.round_at) AND n.due_at < ?)`, 3},
	api.NoticeIssued:  {`(NOT (n.closed_at IS NOT NULL AND n.closed_at <= ?) AND NOT (n.replied_at IS NOT NULL AND n.replied_at <= ? AND n.replied_at >= n.round_at) AND n.due_at >= ?)`, 3},
}

// NoticeQuery filters GET /notices.
type NoticeQuery struct {
	UnitID   string // a unit: its subtree ("" all)
	Status   string // a status, "open" (issued or overdue) or "" (all)
	From, To time.Time
	CaseID   string
	PersonID string
	AlertID  string
	Cursor   string
	Limit    int
}

// ListNotices answers GET /notices: the notices issued by now, newest
// first, of the unit's subtree, filtered.
func (s *Store) ListNotices(ctx context.Context, q NoticeQuery, now time.Time) (api.NoticePage, error) {
	page := api.NoticePage{Notices: []api.Notice{}, AsOf: now}
	o := s.org.Load()
	ns := toNS(now)
	var where []string
	var args []any
	where = append(where, `n.issued_at <= ?`)
	args = append(args, ns)
	if q.UnitID != "" {
		if !o.hasUnit(q.UnitID) {
			return page, &NotFoundError{What: "unit", ID: q.UnitID}
		}
		units := o.subtree(q.UnitID)
		where = append(where, `n.unit_id IN (`+placeholders(len(units))+`)`)
		args = append(args, anyStrings(units)...)
	}
	switch q.Status {
	case "":
	case "open":
		st := noticeStatusSQL[api.NoticeOverdue]
		st2 := noticeStatusSQL[api.NoticeIssued]
		where = append(where, `(`+st.cond+` OR `+st2.cond+`)`)
		for range st.binds + st2.binds {
			args = append(args, ns)
		}
	default:
		st, ok := noticeStatusSQL[q.Status]
		if !ok {
			return page, &ParamError{Param: "status", Reason: "unknown status " + q.Status}
		}
		where = append(where, st.cond)
		for range st.binds {
			args = append(args, ns)
		}
	}
	if !q.From.IsZero() {
		where = append(where, `n.issued_at >= ? AND n.issued_at < ?`)
		args = append(args, toNS(q.From), toNS(q.To))
	}
	for _, f := range []struct{ col, v string }{{"n.case_id", q.CaseID}, {"n.person_id", q.PersonID}, {"n.alert_id", q.AlertID}} {
		if f.v != "" {
			where = append(where, f.col+` = ?`)
			args = append(args, f.v)
		}
	}
	filter := filterHash("notices", q.UnitID, q.Status, q.From.String(), q.To.String(), q.CaseID, q.PersonID, q.AlertID)
	if q.Cursor != "" {
		c, err := s.parseCursor("cursor", q.Cursor, cursorNotices)
		if err != nil {
			return page, err
		}
		if c.filter != filter {
			return page, &ParamError{Param: "cursor", Reason: "cursor of another listing"}
		}
		where = append(where, `(n.issued_at < ? OR (n.issued_at = ? AND n.id < ?))`)
		args = append(args, c.after, c.after, c.afterS)
	}
	args = append(args, q.Limit+1)
	var rows []noticeRow
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		return eachRow(ctx, tx, func(r *sql.Rows) error {
			n, err := scanNotice(r)
			if err != nil {
				return err
			}
			rows = append(rows, n)
			return nil
		}, `SELECT `+noticeColumns+noticeFrom+` WHERE `+strings.Join(where, ` AND `)+
			` ORDER BY n.issued_at DESC, n.id DESC LIMIT ?`, args...)
	})
	if err != nil {
		return page, wrapQueryErr("list notices", err)
	}
	if len(rows) > q.Limit {
		last := rows[q.Limit-1]
		page.NextCursor = cursor{kind: cursorNotices, epoch: s.epochNum(), after: last.issued, afterS: last.id, filter: filter}.encode()
		rows = rows[:q.Limit]
	}
	for _, r := range rows {
		page.Notices = append(page.Notices, r.toAPI(o, now))
	}
	return page, nil
}

// Notice answers GET /notices/{id}: the notice with its history so far. A
// notice issued after now does not exist yet.
func (s *Store) Notice(ctx context.Context, id string, now time.Time) (api.Notice, error) {
	var out api.Notice
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = readNotice(ctx, tx, s.org.Load(), id, now)
		return err
	})
	if err != nil {
		return out, wrapQueryErr("notice "+id, err)
	}
	return out, nil
}

// readNotice reads one notice visible at now, with its history.
func readNotice(ctx context.Context, q queryer, o *org, id string, now time.Time) (api.Notice, error) {
	r, err := scanNotice(q.QueryRowContext(ctx, `SELECT `+noticeColumns+noticeFrom+` WHERE n.id = ?`, id))
	if err == sql.ErrNoRows || (err == nil && r.issued > toNS(now)) {
		return api.Notice{}, &NotFoundError{What: "notice", ID: id}
	}
	if err != nil {
		return api.Notice{}, err
	}
	n := r.toAPI(o, now)
	n.History = []api.NoticeEvent{}
	err = eachRow(ctx, q, func(rows *sql.Rows) error {
		var e api.NoticeEvent
		var at, acted int64
		if err := rows.Scan(&e.Kind, &at, &acted, &e.By, &e.Text); err != nil {
			return err
		}
		e.At, e.ActedAt = fromNS(at), fromNS(acted)
		n.History = append(n.History, e)
		return nil
	}, `SELECT kind, at, acted_at, by, text FROM notice_events WHERE notice_id = ? AND at <= ? ORDER BY seq`, id, toNS(now))
	return n, err
}

// caseNoticesAPI lists the notices of a case visible at now, oldest first,
// without their history (for GET /cases/{id}).
func caseNoticesAPI(ctx context.Context, q queryer, o *org, caseID string, now time.Time) ([]api.Notice, error) {
	var out []api.Notice
	err := eachRow(ctx, q, func(rows *sql.Rows) error {
		r, err := scanNotice(rows)
		if err != nil {
			return err
		}
		out = append(out, r.toAPI(o, now))
		return nil
	}, `SELECT `+noticeColumns+noticeFrom+` WHERE n.case_id = ? AND n.issued_at <= ? ORDER BY n.issued_at, n.id`,
		caseID, toNS(now))
	return out, err
}
