package server

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/store"
)

var (
	categories = api.Categories
	levels     = api.Levels
	statuses   = []string{"active", api.StatusOpen, api.StatusAcknowledged, api.StatusRectified, api.StatusAll}
)

// alerts serves GET /alerts.
func (h *handler) alerts(r *http.Request, now time.Time) (any, error) {
	q := r.URL.Query()
	var aq store.AlertQuery
	var err error
	if aq.Unit, err = h.unitParam(q, "unit", ""); err != nil {
		return nil, err
	}
	if aq.Category, err = enumParam(q, "category", "", categories...); err != nil {
		return nil, err
	}
	if aq.Level, err = enumParam(q, "level", "", levels...); err != nil {
		return nil, err
	}
	if aq.Status, err = enumParam(q, "status", "active", statuses...); err != nil {
		return nil, err
	}
	if aq.Limit, err = limitParam(q, AlertsDefaultLimit, AlertsMaxLimit); err != nil {
		return nil, err
	}
	aq.Since, aq.Cursor = q.Get("since"), q.Get("cursor")
	if q.Has("since") && aq.Since == "" {
		return nil, badParam("since", "since is empty")
	}
	return h.st.ListAlerts(r.Context(), aq, now)
}

// ack serves POST /alerts/{id}/ack.
func (h *handler) ack(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	key := r.Header.Get("Idempotency-Key")
	if len(key) > 128 {
		h.fail(w, r, badParam("Idempotency-Key", "Idempotency-Key is longer than 128 characters"))
		return
	}
	req, err := h.decodeAck(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	alert, err := h.st.Ack(r.Context(), id, req, key, h.now())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusOK, "application/json", alert)
}

// maxActedAhead is how far acted_at may be ahead of the server's wall
// clock: clients' clocks drift, but not by a day.
const maxActedAhead = 24 * time.Hour

// ackBody is api.AckRequest as it arrives, acted_at still text so that a
// bad one is reported by name.
type ackBody struct {
	By      string  `json:"by"`
	Note    string  `json:"note"`
	ActedAt *string `json:"acted_at"`
}

// decodeAck reads and checks the body of an ack: JSON, within the size
// limit, one AckRequest with no unknown fields, by required, note
// optional, acted_at (optional) an RFC 3339 time from 2000 on and not
// more than a day ahead of the wall clock.
func (h *handler) decodeAck(w http.ResponseWriter, r *http.Request) (api.AckRequest, error) {
	var req api.AckRequest
	var body ackBody
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return req, &problemError{status: http.StatusUnsupportedMediaType, param: "Content-Type",
			detail: "the body must be application/json"}
	}
	tooLarge := &problemError{status: http.StatusRequestEntityTooLarge, param: "body",
		detail: "the body is larger than the server accepts"}
	if r.ContentLength > h.opts.MaxBodyBytes {
		return req, tooLarge
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, h.opts.MaxBodyBytes))
	dec.DisallowUnknownFields()
	err = dec.Decode(&body)
	if err == nil {
		if dec.Decode(&struct{}{}) != io.EOF {
			err = errors.New("more than one JSON value")
		}
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return req, tooLarge
		}
		return req, badParam("body", "the body is not a valid acknowledgement: %v", err)
	}
	req.By, req.Note = body.By, body.Note
	if body.ActedAt != nil {
		t, err := time.Parse(time.RFC3339Nano, *body.ActedAt)
		switch {
		case err != nil:
			return req, badParam("acted_at", "acted_at is not an RFC 3339 time")
		case t.Year() < 2000:
			return req, badParam("acted_at", "acted_at is before 2000")
		case t.After(time.Now().Add(maxActedAhead)):
			return req, badParam("acted_at", "acted_at is more than %v ahead of the server's clock", maxActedAhead)
		}
		req.ActedAt = &t
	}
	switch {
	case strings.TrimSpace(req.By) == "":
		return req, badParam("by", "by is required")
	case utf8.RuneCountInString(req.By) > 64:
		return req, badParam("by", "by is longer than 64 characters")
	case utf8.RuneCountInString(req.Note) > 500:
		return req, badParam("note", "note is longer than 500 characters")
	}
	return req, nil
}
