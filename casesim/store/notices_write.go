package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/sim"
)

// idempotent runs op in a write transaction under an Idempotency-Key: with
// a key already used for the same request, it returns the first answer
// without running op; with the key used for another request, a ParamError
// naming Idempotency-Key. op returns the answer and the case it changed.
func (s *Store) idempotent(ctx context.Context, key string, request any, now time.Time,
	op func(tx *sql.Tx) (api.Notice, error)) (api.Notice, bool, error) {
	reqJSON, err := json.Marshal(request)
	if err != nil {
		return api.Notice{}, false, err
	}
	var out api.Notice
	replay := false
	err = s.writeTx(ctx, func(tx *sql.Tx) (bool, error) {
		if key != "" {
			var prevReq, prevResp string
			err := tx.QueryRowContext(ctx, `SELECT request, response FROM notice_keys WHERE key = ?`, key).Scan(&prevReq, &prevResp)
			switch {
			case err == nil:
				if prevReq != string(reqJSON) {
					return false, &ParamError{Param: "Idempotency-Key", Reason: "key already used for another request"}
				}
				replay = true
				return false, json.Unmarshal([]byte(prevResp), &out)
			case err != sql.ErrNoRows:
				return false, err
			}
		}
		if out, err = op(tx); err != nil {
			return false, err
		}
		if key != "" {
			resp, err := json.Marshal(out)
			if err != nil {
				return false, err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO notice_keys(key, request, response, created_at) VALUES(?,?,?,?)`,
				key, string(reqJSON), string(resp), toNS(now)); err != nil {
				return false, err
			}
		}
		return true, nil
	})
	return out, replay, err
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func actedOr(t *time.Time, now time.Time) time.Time {
	if t == nil {
		return now
	}
	return *t
}

// DueDate turns a reply date (YYYY-MM-DD, in the simulation's zone) into
// the end of that day; empty means the R12 period (7 days, 本系统设定)
// from now. A date before today is a ParamError naming param.
func (s *Store) DueDate(param, date string, now time.Time) (time.Time, error) {
	if date == "" {
		return s.engine().Calendar().DueDays(now, sim.NoticeReplyDays, false), nil
	}
	d, err := time.ParseInLocation("2006-01-02", date, sim.Zone)
	if err != nil {
		return time.Time{}, &ParamError{Param: param, Reason: "not a date YYYY-MM-DD"}
	}
	end := d.AddDate(0, 0, 1).Add(-time.Nanosecond)
	if end.Before(now) {
		return time.Time{}, &ParamError{Param: param, Reason: "the reply date has passed"}
	}
	if end.After(now.AddDate(1, 0, 0)) {
		return time.Time{}, &ParamError{Param: param, Reason: "the reply date is more than a year ahead"}
	}
	return end, nil
}

// CreateNotice issues a notice (POST /notices) at now: from an alert (its
// case, rule and category) or from a case. A written notice gets the next
// number of the case's unit for the year. It returns the notice and the id
// of its case. An unknown alert or case is a NotFoundError; a rectified
// alert a ConflictError. The handling prosecutor's answer is planned by the
// NoticePlanner.
func (s *Store) CreateNotice(ctx context.Context, req api.NoticeRequest, key string, now time.Time) (api.Notice, string, error) {
	req.ActedAt = utcPtr(req.ActedAt)
	due, err := s.DueDate("due_date", req.DueDate, now)
	if err != nil {
		return api.Notice{}, "", err
	}
	var caseID string
	out, _, err := s.idempotent(ctx, key, struct {
		Op  string            `json:"op"`
		Req api.NoticeRequest `json:"req"`
	}{"create", req}, now, func(tx *sql.Tx) (api.Notice, error) {
		rule, category := "", req.Category
		caseID = req.CaseID
		if req.AlertID != "" {
			seq, ok := parseAlertID(req.AlertID)
			if !ok {
				return api.Notice{}, &NotFoundError{What: "alert", ID: req.AlertID}
			}
			var aCase, aRule, aCat, aStatus string
			err := tx.QueryRowContext(ctx, `SELECT case_id, rule, category, status FROM alerts WHERE seq = ?`, seq).
				Scan(&aCase, &aRule, &aCat, &aStatus)
			if err == sql.ErrNoRows {
				return api.Notice{}, &NotFoundError{What: "alert", ID: req.AlertID}
			}
			if err != nil {
				return api.Notice{}, err
			}
			if aStatus == api.StatusRectified {
				return api.Notice{}, &ConflictError{ID: req.AlertID, Reason: "the alert is already rectified"}
			}
			if caseID != "" && caseID != aCase {
				return api.Notice{}, &ParamError{Param: "case_id", Reason: "the alert " + req.AlertID + " is on case " + aCase}
			}
			caseID, rule = aCase, aRule
			if category == "" {
				category = aCat
			}
		}
		if category == "" {
			category = api.CategoryDeadline
		}
		var unit, dept, lead string
		var accepted int64
		err := tx.QueryRowContext(ctx, `SELECT unit_id, dept_id, lead_id, accepted_at FROM cases WHERE id = ?`, caseID).
			Scan(&unit, &dept, &lead, &accepted)
		if err == sql.ErrNoRows || (err == nil && accepted > toNS(now)) {
			return api.Notice{}, &NotFoundError{What: "case", ID: caseID}
		}
		if err != nil {
			return api.Notice{}, err
		}
		if _, err := numberPending(ctx, tx, now); err != nil {
			return api.Notice{}, err
		}
		id, err := nextNoticeID(ctx, tx, caseID)
		if err != nil {
			return api.Notice{}, err
		}
		n := sim.Notice{ID: id, Kind: req.Kind, Rule: rule, AlertID: req.AlertID, Category: category, Text: req.Text,
			IssuedBy: req.By, IssuedAt: now, RoundAt: now, DueAt: due}
		s.planReply(&n, lead)
		if _, err := tx.ExecContext(ctx, `INSERT INTO notices(id, case_id, kind, origin, alert_id, rule, category,
			text, unit_id, dept_id, person_id, issued_by, issued_at, round_at, due_at, replied_at, reply_by,
			reply_text, closed_at, closed_by, reopened) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,'',0)`,
			n.ID, caseID, n.Kind, api.OriginAPI, n.AlertID, n.Rule, n.Category, n.Text, unit, dept, lead, n.IssuedBy,
			toNS(now), toNS(now), toNS(due), nullNS(n.RepliedAt), n.ReplyBy, n.ReplyText); err != nil {
			return api.Notice{}, fmt.Errorf("insert notice: %w", err)
		}
		if n.Kind == api.NoticeWritten {
			if err := assignNumber(ctx, tx, id, unit, now.Year()); err != nil {
				return api.Notice{}, err
			}
		}
		if err := addNoticeEvent(ctx, tx, id, api.NoticeEventIssued, now, actedOr(req.ActedAt, now), req.By, req.Text); err != nil {
			return api.Notice{}, err
		}
		if err := addPlannedReply(ctx, tx, &n); err != nil {
			return api.Notice{}, err
		}
		return readNotice(ctx, tx, s.org.Load(), id, now)
	})
	if err != nil {
		return api.Notice{}, "", wrapQueryErr("create notice", err)
	}
	return out, out.CaseID, nil
}

// planReply lets the planner decide the prosecutor's answer to n.
func (s *Store) planReply(n *sim.Notice, lead string) {
	s.plan(n)
	if n.RepliedAt != nil && !n.RepliedAt.After(n.Round()) {
		n.RepliedAt = nil
	}
	if n.RepliedAt != nil && n.ReplyBy == "" {
		n.ReplyBy = s.org.Load().personName(lead)
	}
}

// addPlannedReply writes the scheduled reply of n to its history.
func addPlannedReply(ctx context.Context, tx *sql.Tx, n *sim.Notice) error {
	if n.RepliedAt == nil {
		return nil
	}
	return addNoticeEvent(ctx, tx, n.ID, api.NoticeEventReplied, *n.RepliedAt, *n.RepliedAt, n.ReplyBy, n.ReplyText)
}

// nextNoticeID is the case's id, "-N" and one more than the highest
// notice number of the case.
func nextNoticeID(ctx context.Context, tx *sql.Tx, caseID string) (string, error) {
	k := 0
	prefix := caseID + "-N"
	err := eachRow(ctx, tx, func(rows *sql.Rows) error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(id, prefix)); err == nil && n > k {
			k = n
		}
		return nil
	}, `SELECT id FROM notices WHERE case_id = ?`, caseID)
	return fmt.Sprintf("%s%d", prefix, k+1), err
}

// lockNotice reads a notice for a change at now: a NotFoundError when it
// does not exist or is not issued yet.
func lockNotice(ctx context.Context, tx *sql.Tx, id string, now time.Time) (noticeRow, error) {
	r, err := scanNotice(tx.QueryRowContext(ctx, `SELECT `+noticeColumns+noticeFrom+` WHERE n.id = ?`, id))
	if err == sql.ErrNoRows || (err == nil && r.issued > toNS(now)) {
		return r, &NotFoundError{What: "notice", ID: id}
	}
	return r, err
}

// dropScheduled removes what was scheduled on a notice after now: a
// person acting now replaces it.
func dropScheduled(ctx context.Context, tx *sql.Tx, id string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM notice_events WHERE notice_id = ? AND at > ?`, id, toNS(now))
	return err
}

// ReplyNotice records the handling prosecutor's reply (POST
// /notices/{id}/reply) at now. A notice already replied to in this round,
// or closed, is a ConflictError.
func (s *Store) ReplyNotice(ctx context.Context, id string, req api.NoticeReplyRequest, key string, now time.Time) (api.Notice, string, error) {
	req.ActedAt = utcPtr(req.ActedAt)
	var caseID string
	out, _, err := s.idempotent(ctx, key, struct {
		Op  string                 `json:"op"`
		ID  string                 `json:"id"`
		Req api.NoticeReplyRequest `json:"req"`
	}{"reply", id, req}, now, func(tx *sql.Tx) (api.Notice, error) {
		r, err := lockNotice(ctx, tx, id, now)
		if err != nil {
			return api.Notice{}, err
		}
		caseID = r.caseID
		switch r.status(toNS(now)) {
		case api.NoticeClosed:
			return api.Notice{}, &ConflictError{ID: id, Reason: "the notice is closed (销号)"}
		case api.NoticeReplied:
			return api.Notice{}, &ConflictError{ID: id, Reason: "the notice is already replied to"}
		}
		if err := dropScheduled(ctx, tx, id, now); err != nil {
			return api.Notice{}, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE notices SET replied_at = ?, reply_by = ?, reply_text = ?,
			closed_at = NULL, closed_by = '' WHERE id = ?`, toNS(now), req.By, req.Text, id); err != nil {
			return api.Notice{}, err
		}
		if err := addNoticeEvent(ctx, tx, id, api.NoticeEventReplied, now, actedOr(req.ActedAt, now), req.By, req.Text); err != nil {
			return api.Notice{}, err
		}
		return readNotice(ctx, tx, s.org.Load(), id, now)
	})
	if err != nil {
		return api.Notice{}, "", wrapQueryErr("reply to notice "+id, err)
	}
	return out, caseID, nil
}

// CloseNotice closes a replied notice (销号, POST /notices/{id}/close) at
// now, or with req.Reopen sends it back: the rectification is found
// wanting, the notice is issued again with a new reply date and the
// prosecutor's answer is planned anew. Closing a notice not replied to,
// or reopening one not replied to, is a ConflictError.
func (s *Store) CloseNotice(ctx context.Context, id string, req api.NoticeCloseRequest, key string, now time.Time) (api.Notice, string, error) {
	req.ActedAt = utcPtr(req.ActedAt)
	var due time.Time
	if req.Reopen {
		var err error
		if due, err = s.DueDate("due_date", req.DueDate, now); err != nil {
			return api.Notice{}, "", err
		}
	} else if req.DueDate != "" {
		return api.Notice{}, "", &ParamError{Param: "due_date", Reason: "a due date goes with reopen only"}
	}
	var caseID string
	out, _, err := s.idempotent(ctx, key, struct {
		Op  string                 `json:"op"`
		ID  string                 `json:"id"`
		Req api.NoticeCloseRequest `json:"req"`
	}{"close", id, req}, now, func(tx *sql.Tx) (api.Notice, error) {
		r, err := lockNotice(ctx, tx, id, now)
		if err != nil {
			return api.Notice{}, err
		}
		caseID = r.caseID
		st := r.status(toNS(now))
		switch {
		case st == api.NoticeClosed && !req.Reopen:
			return api.Notice{}, &ConflictError{ID: id, Reason: "the notice is already closed (销号)"}
		case st == api.NoticeIssued || st == api.NoticeOverdue:
			return api.Notice{}, &ConflictError{ID: id, Reason: "the notice has no reply yet: nothing to verify"}
		}
		if err := dropScheduled(ctx, tx, id, now); err != nil {
			return api.Notice{}, err
		}
		acted := actedOr(req.ActedAt, now)
		if !req.Reopen {
			if _, err := tx.ExecContext(ctx, `UPDATE notices SET closed_at = ?, closed_by = ? WHERE id = ?`,
				toNS(now), req.By, id); err != nil {
				return api.Notice{}, err
			}
			if err := addNoticeEvent(ctx, tx, id, api.NoticeEventClosed, now, acted, req.By, req.Note); err != nil {
				return api.Notice{}, err
			}
			return readNotice(ctx, tx, s.org.Load(), id, now)
		}
		n := r.toSim()
		n.RoundAt, n.DueAt, n.RepliedAt, n.ReplyBy, n.ReplyText = now, due, nil, "", ""
		s.planReply(&n, r.personID)
		if _, err := tx.ExecContext(ctx, `UPDATE notices SET round_at = ?, due_at = ?, replied_at = ?, reply_by = ?,
			reply_text = ?, closed_at = NULL, closed_by = '', reopened = reopened + 1 WHERE id = ?`,
			toNS(now), toNS(due), nullNS(n.RepliedAt), n.ReplyBy, n.ReplyText, id); err != nil {
			return api.Notice{}, err
		}
		if err := addNoticeEvent(ctx, tx, id, api.NoticeEventReopened, now, acted, req.By, req.Note); err != nil {
			return api.Notice{}, err
		}
		if err := addPlannedReply(ctx, tx, &n); err != nil {
			return api.Notice{}, err
		}
		return readNotice(ctx, tx, s.org.Load(), id, now)
	})
	if err != nil {
		return api.Notice{}, "", wrapQueryErr("close notice "+id, err)
	}
	return out, caseID, nil
}
