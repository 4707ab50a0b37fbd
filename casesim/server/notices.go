package server

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/casesim/store"
)

// Notice listing bounds.
const (
	NoticesDefaultLimit = 200
	NoticesMaxLimit     = 1000
)

// Text limits of the notice bodies.
const (
	maxNoticeText = 2000
	maxNoticeNote = 500
)

var noticeStatusFilter = []string{api.NoticeIssued, api.NoticeOverdue, api.NoticeReplied, api.NoticeClosed, "open", "all"}

var (
	quarterRE = regexp.MustCompile(`^(\d{4})-Q([1-4])$`)
	yearRE    = regexp.MustCompile(`^\d{4}$`)
)

// PeriodBounds turns a period — a month (YYYY-MM), a quarter (YYYY-Qn) or a
// year (YYYY) — into its half-open bounds in the simulation's zone; ok is
// false for anything else.
func PeriodBounds(p string) (from, to time.Time, ok bool) {
	switch {
	case periodRE.MatchString(p):
		t, err := time.ParseInLocation("2006-01", p, sim.Zone)
		if err != nil {
			return from, to, false
		}
		return t, t.AddDate(0, 1, 0), true
	case quarterRE.MatchString(p):
		m := quarterRE.FindStringSubmatch(p)
		y, _ := strconv.Atoi(m[1])
		q, _ := strconv.Atoi(m[2])
		from = time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, sim.Zone)
		return from, from.AddDate(0, 3, 0), true
	case yearRE.MatchString(p):
		y, _ := strconv.Atoi(p)
		from = time.Date(y, 1, 1, 0, 0, 0, 0, sim.Zone)
		return from, from.AddDate(1, 0, 0), true
	}
	return from, to, false
}

// notices serves GET /notices.
func (h *handler) notices(r *http.Request, now time.Time) (any, error) {
	q := r.URL.Query()
	var nq store.NoticeQuery
	var err error
	if nq.UnitID, err = h.unitParam(q, "unit", ""); err != nil {
		return nil, err
	}
	if nq.Status, err = enumParam(q, "status", "all", noticeStatusFilter...); err != nil {
		return nil, err
	}
	if nq.Status == "all" {
		nq.Status = ""
	}
	if p := q.Get("period"); p != "" {
		var ok bool
		if nq.From, nq.To, ok = PeriodBounds(p); !ok {
			return nil, badParam("period", "period %q is not a month YYYY-MM, a quarter YYYY-Qn or a year YYYY", p)
		}
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"case", &nq.CaseID}, {"person", &nq.PersonID}, {"alert", &nq.AlertID}} {
		if *f.dst, err = textParam(q, f.name, 100); err != nil {
			return nil, err
		}
	}
	if nq.PersonID != "" {
		if _, ok := h.st.Person(nq.PersonID); !ok {
			return nil, notFound("person", nq.PersonID, "no person %q", nq.PersonID)
		}
	}
	if nq.Limit, err = limitParam(q, NoticesDefaultLimit, NoticesMaxLimit); err != nil {
		return nil, err
	}
	nq.Cursor = q.Get("cursor")
	return h.st.ListNotices(r.Context(), nq, now)
}

// noticeByID serves GET /notices/{id}.
func (h *handler) noticeByID(r *http.Request, now time.Time) (any, error) {
	return h.st.Notice(r.Context(), r.PathValue("id"), now)
}

// noticeWrite is the common frame of the notice POSTs: the
// Idempotency-Key, the body, the store call, the answer, and the
// simulation told which case changed.
func (h *handler) noticeWrite(w http.ResponseWriter, r *http.Request, status int,
	do func(key string, now time.Time) (api.Notice, string, error)) {
	key := r.Header.Get("Idempotency-Key")
	if len(key) > 128 {
		h.fail(w, r, badParam("Idempotency-Key", "Idempotency-Key is longer than 128 characters"))
		return
	}
	n, caseID, err := do(key, h.now())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if h.opts.OnNotice != nil && caseID != "" {
		if err := h.opts.OnNotice(r.Context(), caseID); err != nil && r.Context().Err() == nil {
			h.opts.Logger.Error("notice: re-evaluating the case failed", "case", caseID, "err", err)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Location", api.BasePath+"/notices/"+url.PathEscape(n.ID))
	writeJSON(w, r, status, "application/json", n)
}

// createNotice serves POST /notices.
func (h *handler) createNotice(w http.ResponseWriter, r *http.Request) {
	var body struct {
		AlertID  string  `json:"alert_id"`
		CaseID   string  `json:"case_id"`
		Kind     string  `json:"kind"`
		Category string  `json:"category"`
		Text     string  `json:"text"`
		DueDate  string  `json:"due_date"`
		By       string  `json:"by"`
		ActedAt  *string `json:"acted_at"`
	}
	if err := h.decodeStrict(w, r, &body, "notice"); err != nil {
		h.fail(w, r, err)
		return
	}
	req := api.NoticeRequest{AlertID: body.AlertID, CaseID: body.CaseID, Kind: body.Kind, Category: body.Category,
		Text: strings.TrimSpace(body.Text), DueDate: body.DueDate, By: strings.TrimSpace(body.By)}
	var err error
	if req.ActedAt, err = parseActedAt(body.ActedAt); err == nil {
		err = checkNoticeRequest(req)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.noticeWrite(w, r, http.StatusCreated, func(key string, now time.Time) (api.Notice, string, error) {
		return h.st.CreateNotice(r.Context(), req, key, now)
	})
}

func checkNoticeRequest(req api.NoticeRequest) error {
	switch {
	case req.AlertID == "" && req.CaseID == "":
		return badParam("alert_id", "a notice is issued from an alert (alert_id) or a case (case_id)")
	case len(req.AlertID) > 100:
		return badParam("alert_id", "alert_id is longer than 100 characters")
	case len(req.CaseID) > 100:
		return badParam("case_id", "case_id is longer than 100 characters")
	case !slices.Contains(api.NoticeKinds, req.Kind):
		return badParam("kind", "kind %q is not one of %s", req.Kind, strings.Join(api.NoticeKinds, ", "))
	case req.Category != "" && !slices.Contains(api.Categories, req.Category):
		return badParam("category", "category %q is not one of %s", req.Category, strings.Join(api.Categories, ", "))
	}
	if err := checkText("text", req.Text, maxNoticeText, true); err != nil {
		return err
	}
	return checkBy(req.By)
}

// replyNotice serves POST /notices/{id}/reply.
func (h *handler) replyNotice(w http.ResponseWriter, r *http.Request) {
	var body struct {
		By      string  `json:"by"`
		Text    string  `json:"text"`
		ActedAt *string `json:"acted_at"`
	}
	if err := h.decodeStrict(w, r, &body, "reply"); err != nil {
		h.fail(w, r, err)
		return
	}
	req := api.NoticeReplyRequest{By: strings.TrimSpace(body.By), Text: strings.TrimSpace(body.Text)}
	var err error
	if req.ActedAt, err = parseActedAt(body.ActedAt); err == nil {
		if err = checkBy(req.By); err == nil {
			err = checkText("text", req.Text, maxNoticeText, true)
		}
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	h.noticeWrite(w, r, http.StatusOK, func(key string, now time.Time) (api.Notice, string, error) {
		return h.st.ReplyNotice(r.Context(), id, req, key, now)
	})
}

// closeNotice serves POST /notices/{id}/close.
func (h *handler) closeNotice(w http.ResponseWriter, r *http.Request) {
	var body struct {
		By      string  `json:"by"`
		Note    string  `json:"note"`
		Reopen  bool    `json:"reopen"`
		DueDate string  `json:"due_date"`
		ActedAt *string `json:"acted_at"`
	}
	if err := h.decodeStrict(w, r, &body, "closure"); err != nil {
		h.fail(w, r, err)
		return
	}
	req := api.NoticeCloseRequest{By: strings.TrimSpace(body.By), Note: strings.TrimSpace(body.Note),
		Reopen: body.Reopen, DueDate: body.DueDate}
	var err error
	if req.ActedAt, err = parseActedAt(body.ActedAt); err == nil {
		if err = checkBy(req.By); err == nil {
			err = checkText("note", req.Note, maxNoticeNote, false)
		}
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	h.noticeWrite(w, r, http.StatusOK, func(key string, now time.Time) (api.Notice, string, error) {
		return h.st.CloseNotice(r.Context(), id, req, key, now)
	})
}

func checkBy(by string) error {
	switch {
	case by == "":
		return badParam("by", "by is required")
	case utf8.RuneCountInString(by) > 64:
		return badParam("by", "by is longer than 64 characters")
	}
	return nil
}

func checkText(name, s string, maxN int, required bool) error {
	switch {
	case required && s == "":
		return badParam(name, "%s is required", name)
	case utf8.RuneCountInString(s) > maxN:
		return badParam(name, "%s is longer than %d characters", name, maxN)
	}
	return nil
}

// parseActedAt checks an optional acted_at as decodeAck does.
func parseActedAt(s *string) (*time.Time, error) {
	if s == nil {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339Nano, *s)
	switch {
	case err != nil:
		return nil, badParam("acted_at", "acted_at is not an RFC 3339 time")
	case t.Year() < 2000:
		return nil, badParam("acted_at", "acted_at is before 2000")
	case t.After(time.Now().Add(maxActedAhead)):
		return nil, badParam("acted_at", "acted_at is more than %v ahead of the server's clock", maxActedAhead)
	}
	return &t, nil
}

// decodeStrict reads a JSON body into v: application/json, within the size
// limit, exactly one value with no unknown fields.
func (h *handler) decodeStrict(w http.ResponseWriter, r *http.Request, v any, what string) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return &problemError{status: http.StatusUnsupportedMediaType, param: "Content-Type",
			detail: "the body must be application/json"}
	}
	tooLarge := &problemError{status: http.StatusRequestEntityTooLarge, param: "body",
		detail: "the body is larger than the server accepts"}
	if r.ContentLength > h.opts.MaxBodyBytes {
		return tooLarge
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, h.opts.MaxBodyBytes))
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	if err == nil && dec.Decode(&struct{}{}) != io.EOF {
		err = errors.New("more than one JSON value")
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLarge
		}
		return badParam("body", "the body is not a valid %s: %v", what, err)
	}
	return nil
}

// reviews serves GET /reviews.
func (h *handler) reviews(r *http.Request, now time.Time) (any, error) {
	q := r.URL.Query()
	unit, err := h.unitParam(q, "unit", h.st.RootUnitID())
	if err != nil {
		return nil, err
	}
	p := q.Get("period")
	if p == "" {
		return nil, badParam("period", "period is required: a month YYYY-MM, a quarter YYYY-Qn or a year YYYY")
	}
	from, to, ok := PeriodBounds(p)
	if !ok {
		return nil, badParam("period", "period %q is not a month YYYY-MM, a quarter YYYY-Qn or a year YYYY", p)
	}
	return h.st.Reviews(r.Context(), unit, p, from, to, now)
}
