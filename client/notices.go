package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client/sanitize"
)

// NoticeQuery filters GET /notices; empty fields are not sent.
type NoticeQuery struct {
	Unit   string
	Status string // issued, overdue, replied, closed, open, all
	Period string // YYYY-MM, YYYY-Qn or YYYY
	Case   string
	Person string
	Alert  string
	Cursor string
	Limit  int // 1–1000 (server default 200)
}

func (q NoticeQuery) values() url.Values {
	v := url.Values{}
	set(v, "unit", q.Unit)
	set(v, "status", q.Status)
	set(v, "period", q.Period)
	set(v, "case", q.Case)
	set(v, "person", q.Person)
	set(v, "alert", q.Alert)
	set(v, "cursor", q.Cursor)
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	return v
}

// Notices calls GET /notices for one page (conditional: an unchanged
// listing costs a 304 and no decoding).
func (c *Client) Notices(ctx context.Context, q NoticeQuery) (*api.NoticePage, error) {
	v, _, err := get(ctx, c, "/notices", q.values(), true, decodeNoticePage)
	return v, err
}

// AllNotices follows the pages of a listing to its end.
func (c *Client) AllNotices(ctx context.Context, q NoticeQuery) ([]api.Notice, error) {
	var out []api.Notice
	for {
		p, err := c.Notices(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Notices...)
		if p.NextCursor == "" {
			return out, nil
		}
		q.Cursor = p.NextCursor
	}
}

// Notice calls GET /notices/{id}: one notice with its history.
func (c *Client) Notice(ctx context.Context, id string) (*api.Notice, error) {
	path, err := idPath("/notices", id, "")
	if err != nil {
		return nil, err
	}
	v, _, err := get(ctx, c, path, nil, true, decodeNotice)
	return v, err
}

// IssueNotice calls POST /notices with an Idempotency-Key (required: a
// retry must not issue a second notice).
func (c *Client) IssueNotice(ctx context.Context, key string, req api.NoticeRequest) (*api.Notice, error) {
	req.Text = strings.TrimSpace(sanitize.Text(req.Text, 2000))
	req.By = strings.TrimSpace(sanitize.Line(req.By, 64))
	if req.By == "" || req.Text == "" || (req.AlertID == "" && req.CaseID == "") {
		return nil, configError("a notice needs who issues it, its text and an alert or a case")
	}
	return c.postNotice(ctx, "/notices", key, req)
}

// ReplyNotice calls POST /notices/{id}/reply.
func (c *Client) ReplyNotice(ctx context.Context, id, key string, req api.NoticeReplyRequest) (*api.Notice, error) {
	path, err := idPath("/notices", id, "/reply")
	if err != nil {
		return nil, err
	}
	req.Text = strings.TrimSpace(sanitize.Text(req.Text, 2000))
	req.By = strings.TrimSpace(sanitize.Line(req.By, 64))
	return c.postNotice(ctx, path, key, req)
}

// CloseNotice calls POST /notices/{id}/close: 销号, or with Reopen the
// notice sent back.
func (c *Client) CloseNotice(ctx context.Context, id, key string, req api.NoticeCloseRequest) (*api.Notice, error) {
	path, err := idPath("/notices", id, "/close")
	if err != nil {
		return nil, err
	}
	req.Note = strings.TrimSpace(sanitize.Text(req.Note, 500))
	req.By = strings.TrimSpace(sanitize.Line(req.By, 64))
	if req.By == "" {
		return nil, configError("closing a notice needs who closes it")
	}
	return c.postNotice(ctx, path, key, req)
}

func (c *Client) postNotice(ctx context.Context, path, key string, req any) (*api.Notice, error) {
	if key == "" || len(key) > MaxAckKey || !sanitize.IsClean(key, MaxAckKey) {
		return nil, configError("idempotency key must be 1–%d printable characters", MaxAckKey)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, configError("cannot encode the notice: %v", err)
	}
	ans, err := c.exchange(ctx, call{method: http.MethodPost, path: path,
		header: map[string]string{"Idempotency-Key": key}, body: body})
	if err != nil {
		return nil, err
	}
	if ans.status < 200 || ans.status >= 300 {
		return nil, answerError(path, ans)
	}
	b, err := jsonBody(path, ans)
	if err != nil {
		return nil, err
	}
	n, err := decodeNotice(b)
	if err != nil {
		return nil, decodeError(path, b, err)
	}
	return n, nil
}

var (
	decodeNotice     = decodeJSON(func(n *api.Notice) error { return fixNotice(n, -1) })
	decodeNoticePage = decodeJSON(fixNoticePage)
)

func fixNoticePage(p *api.NoticePage) error {
	p.NextCursor = clean(clsLine, p.NextCursor)
	for i := range p.Notices {
		if err := fixNotice(&p.Notices[i], i); err != nil {
			return err
		}
	}
	return nil
}

// fixNotice sanitises every string of a notice and checks its id.
func fixNotice(n *api.Notice, i int) error {
	if err := checkKey(func() string { return recordName("notices", i, n.ID) }, "id", n.ID); err != nil {
		return err
	}
	for _, p := range []*string{&n.Kind, &n.Status, &n.Origin, &n.Rule, &n.Category} {
		cleanCode(p)
	}
	for _, p := range []*string{&n.CaseID, &n.AlertID, &n.UnitID, &n.DeptID, &n.PersonID} {
		*p = clean(clsID, *p)
	}
	for _, p := range []*string{&n.Number, &n.CaseNo, &n.UnitName, &n.DeptName, &n.PersonName, &n.IssuedBy, &n.ReplyBy, &n.ClosedBy} {
		*p = clean(clsName, *p)
	}
	n.Text, n.ReplyText = clean(clsText, n.Text), clean(clsText, n.ReplyText)
	for j := range n.History {
		h := &n.History[j]
		cleanCode(&h.Kind)
		h.By, h.Text = clean(clsName, h.By), clean(clsText, h.Text)
	}
	return nil
}

// Reviews calls GET /reviews: the case-quality reviews of a unit's subtree
// for a period (YYYY-MM, YYYY-Qn or YYYY).
func (c *Client) Reviews(ctx context.Context, unit, period string) (*api.ReviewSummary, error) {
	v := url.Values{}
	set(v, "unit", unit)
	set(v, "period", period)
	r, _, err := get(ctx, c, "/reviews", v, true, decodeReviews)
	return r, err
}

var decodeReviews = decodeJSON(func(r *api.ReviewSummary) error {
	r.UnitID, r.Period = clean(clsID, r.UnitID), clean(clsCode, r.Period)
	for i := range r.Grades {
		r.Grades[i].Grade = clean(clsName, r.Grades[i].Grade)
	}
	for i := range r.Queued {
		q := &r.Queued[i]
		q.CaseID, q.UnitID = clean(clsID, q.CaseID), clean(clsID, q.UnitID)
		q.CaseNo, q.UnitName = clean(clsName, q.CaseNo), clean(clsName, q.UnitName)
		cleanCode(&q.Reason)
	}
	return nil
})
