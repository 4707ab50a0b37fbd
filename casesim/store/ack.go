package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/casewatch/casewatch/api"
)

// Ack acknowledges alert id at now with who and why, and when the person
// acted (req.ActedAt; now when nil). With a non-empty
// idempotency key, the first call does the work and records its answer, and
// every later call with the same key and the same request returns that
// answer without acknowledging again; the same key with another alert or
// body is a ParamError naming Idempotency-Key. An unknown alert is a
// NotFoundError, a rectified one a ConflictError. Acknowledging an
// acknowledged alert replaces the acknowledgement.
func (s *Store) Ack(ctx context.Context, id string, req api.AckRequest, key string, now time.Time) (api.Alert, error) {
	seq, ok := parseAlertID(id)
	if !ok {
		return api.Alert{}, &NotFoundError{What: "alert", ID: id}
	}
	if req.ActedAt != nil {
		// One instant is one request, whatever zone the client wrote.
		t := req.ActedAt.UTC()
		req.ActedAt = &t
	}
	reqJSON, err := json.Marshal(struct {
		Alert string         `json:"alert"`
		Req   api.AckRequest `json:"req"`
	}{alertID(seq), req})
	if err != nil {
		return api.Alert{}, err
	}
	var out api.Alert
	err = s.writeTx(ctx, func(tx *sql.Tx) (bool, error) {
		if key != "" {
			var prevSeq int64
			var prevReq, prevResp string
			err := tx.QueryRowContext(ctx, `SELECT alert_seq, request, response FROM ack_keys WHERE key = ?`, key).
				Scan(&prevSeq, &prevReq, &prevResp)
			switch {
			case err == nil:
				if prevReq != string(reqJSON) {
					return false, &ParamError{Param: "Idempotency-Key", Reason: "key already used for another request"}
				}
				return false, json.Unmarshal([]byte(prevResp), &out)
			case err != sql.ErrNoRows:
				return false, err
			}
		}
		a, err := scanAlert(tx.QueryRowContext(ctx, `SELECT `+alertColumns+` FROM alerts WHERE seq = ?`, seq))
		if err == sql.ErrNoRows {
			return false, &NotFoundError{What: "alert", ID: id}
		}
		if err != nil {
			return false, err
		}
		if a.status == api.StatusRectified {
			return false, &ConflictError{ID: alertID(seq), Reason: "the alert is already rectified"}
		}
		revs, err := readRev(ctx, tx)
		if err != nil {
			return false, err
		}
		a.status = api.StatusAcknowledged
		a.ackBy = sql.NullString{String: req.By, Valid: true}
		a.ackNote = sql.NullString{String: req.Note, Valid: true}
		a.ackLevel = sql.NullString{String: a.level, Valid: true}
		a.ackAt = sql.NullInt64{Int64: toNS(now), Valid: true}
		a.ackActedAt = a.ackAt
		if req.ActedAt != nil {
			a.ackActedAt = sql.NullInt64{Int64: toNS(*req.ActedAt), Valid: true}
		}
		a.updated = toNS(now)
		a.rev = revs.next()
		if _, err := tx.ExecContext(ctx, `UPDATE alerts SET status = ?, ack_by = ?, ack_note = ?, ack_level = ?,
			ack_at = ?, ack_acted_at = ?, updated_at = ?, rev = ? WHERE seq = ?`,
			a.status, a.ackBy, a.ackNote, a.ackLevel, a.ackAt, a.ackActedAt, a.updated, a.rev, seq); err != nil {
			return false, err
		}
		if err := revs.save(ctx, tx); err != nil {
			return false, err
		}
		out = a.toAPI(s.org.Load(), now)
		if key != "" {
			resp, err := json.Marshal(out)
			if err != nil {
				return false, err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO ack_keys(key, alert_seq, request, response, created_at)
				VALUES(?,?,?,?,?)`, key, seq, string(reqJSON), string(resp), toNS(now)); err != nil {
				return false, err
			}
		}
		return true, nil
	})
	if err != nil {
		return api.Alert{}, wrapQueryErr(fmt.Sprintf("ack %s", id), err)
	}
	return out, nil
}
