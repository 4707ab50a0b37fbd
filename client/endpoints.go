package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"unicode/utf8"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client/sanitize"
)

// Limits of an acknowledgement (api/openapi.yaml).
const (
	MaxAckBy   = 64  // runes of AckRequest.By
	MaxAckNote = 500 // runes of AckRequest.Note
	MaxAckKey  = 128 // bytes of the Idempotency-Key
)

// AlertQuery selects alerts for Client.Alerts. Empty fields are not sent.
type AlertQuery struct {
	Unit     string // a unit id: its whole subtree
	Category string // api.Category*
	Level    string // api.Level* (not applied with Since)
	Status   string // "active" (server default), api.Status*, or api.StatusAll
	Since    string // a SyncCursor: ask for a delta answer
	Cursor   string // a NextCursor: the next page
	Limit    int    // page size, 1–1000 (server default 500)
}

func (q AlertQuery) values() url.Values {
	v := url.Values{}
	set(v, "unit", q.Unit)
	set(v, "category", q.Category)
	set(v, "level", q.Level)
	set(v, "status", q.Status)
	set(v, "since", q.Since)
	set(v, "cursor", q.Cursor)
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	return v
}

// DecisionQuery selects decisions for Client.Decisions.
type DecisionQuery struct {
	Unit    string
	Dept    string // a department id
	Person  string // a person id
	Verdict string // within|over|uncovered
	Power   string // a power id of the responsibility list
	Kind    string // a decision kind (a 清单未列事项's kind)
	Period  string // YYYY-MM, YYYY-MM-mtd or YYYY-ytd; "" for any time
	Cursor  string
	Limit   int // 1–200 (server default 100)
}

func (q DecisionQuery) values() url.Values {
	v := url.Values{}
	set(v, "unit", q.Unit)
	set(v, "dept", q.Dept)
	set(v, "person", q.Person)
	set(v, "verdict", q.Verdict)
	set(v, "power", q.Power)
	set(v, "kind", q.Kind)
	set(v, "period", q.Period)
	set(v, "cursor", q.Cursor)
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	return v
}

// CaseQuery selects cases for Client.Cases.
type CaseQuery struct {
	Unit   string
	Q      string // search text: case number, title or lead prosecutor
	Matter string // only the cases of this matter (matter_id)
	Cursor string
	Limit  int // 1–200 (server default 50)
}

func (q CaseQuery) values() url.Values {
	v := url.Values{}
	set(v, "unit", q.Unit)
	set(v, "q", q.Q)
	set(v, "matter", q.Matter)
	set(v, "cursor", q.Cursor)
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	return v
}

func set(v url.Values, k, s string) {
	if s != "" {
		v.Set(k, s)
	}
}

func idPath(prefix, id, suffix string) (string, error) {
	if id == "" {
		return "", configError("no id given for %s", prefix)
	}
	return prefix + "/" + url.PathEscape(id) + suffix, nil
}

// Health calls GET /health: server status, contract version and the
// simulation clock.
func (c *Client) Health(ctx context.Context) (*api.Health, error) {
	v, _, err := get(ctx, c, "/health", nil, true, decodeHealth)
	return v, err
}

// Units calls GET /units: every unit, parents before children.
func (c *Client) Units(ctx context.Context) (*api.UnitList, error) {
	v, _, err := get(ctx, c, "/units", nil, true, decodeUnits)
	return v, err
}

// Alerts calls GET /alerts for one page. Delta pages (Since set) are
// conditional GETs; full listings are not cached, since AlertSync keeps
// their content. Records that do not fit the contract are left out and
// counted in the page's Rejected.
func (c *Client) Alerts(ctx context.Context, q AlertQuery) (*AlertPage, error) {
	v, _, err := c.alerts(ctx, q, nil)
	return v, err
}

// alerts gets a page, sharing values through in (nil: a fresh interner).
func (c *Client) alerts(ctx context.Context, q AlertQuery, in *interner) (*AlertPage, bool, error) {
	return get(ctx, c, "/alerts", q.values(), q.Since != "", func(body []byte) (*AlertPage, error) {
		return pageDecoder(body, in)
	})
}

// Ack calls POST /alerts/{id}/ack with key as the Idempotency-Key (a
// repeat with the same key returns the first answer) and returns the alert
// as the server holds it afterwards. By and Note are sanitised and must fit
// MaxAckBy and MaxAckNote runes. Most callers should use Poller.Acknowledge,
// which survives outages and restarts.
func (c *Client) Ack(ctx context.Context, alertID, key string, req api.AckRequest) (*api.Alert, error) {
	path, err := idPath("/alerts", alertID, "/ack")
	if err != nil {
		return nil, err
	}
	req, err = cleanAck(req)
	if err != nil {
		return nil, err
	}
	if key == "" || len(key) > MaxAckKey || !sanitize.IsClean(key, MaxAckKey) {
		return nil, configError("idempotency key must be 1–%d printable characters", MaxAckKey)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, configError("cannot encode acknowledgement: %v", err)
	}
	ans, err := c.exchange(ctx, call{
		method: http.MethodPost,
		path:   path,
		header: map[string]string{"Idempotency-Key": key},
		body:   body,
	})
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
	a, err := decodeAlert(b)
	if err != nil {
		return nil, decodeError(path, b, err)
	}
	return a, nil
}

// cleanAck sanitises and checks an acknowledgement typed by a person.
func cleanAck(r api.AckRequest) (api.AckRequest, error) {
	r.By = sanitize.Line(r.By, 0)
	r.Note = sanitize.Text(r.Note, 0)
	if r.By == "" {
		return r, configError("an acknowledgement needs a name (by)")
	}
	if n := utf8.RuneCountInString(r.By); n > MaxAckBy {
		return r, configError("name is %d characters; at most %d", n, MaxAckBy)
	}
	if n := utf8.RuneCountInString(r.Note); n > MaxAckNote {
		return r, configError("note is %d characters; at most %d", n, MaxAckNote)
	}
	return r, nil
}

// Indicators calls GET /indicators for a unit; an empty period means the
// server's latest.
func (c *Client) Indicators(ctx context.Context, unit, period string) (*api.IndicatorSet, error) {
	v, _, err := get(ctx, c, "/indicators", indicatorQuery(unit, period), true, decodeIndicatorSet)
	return v, err
}

func indicatorQuery(unit, period string) url.Values {
	q := url.Values{}
	set(q, "unit", unit)
	set(q, "period", period)
	return q
}

// Ranking calls GET /indicators/{id}/ranking. An empty parent ranks a
// basic unit among all basic units of the province.
func (c *Client) Ranking(ctx context.Context, indicatorID, period, parent string) (*api.Ranking, error) {
	path, err := idPath("/indicators", indicatorID, "/ranking")
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	set(q, "period", period)
	set(q, "parent", parent)
	v, _, err := get(ctx, c, path, q, true, decodeRanking)
	return v, err
}

// Coverage values of the by parameter.
const (
	ByDepartment = "department"
	ByPerson     = "person"
)

// Coverage calls GET /coverage for a unit, by ByDepartment or ByPerson, in
// the server's default period (the last complete month).
func (c *Client) Coverage(ctx context.Context, unit, by string) (*api.Coverage, error) {
	return c.CoverageIn(ctx, unit, by, "")
}

// CoverageIn is Coverage in a period (YYYY-MM, YYYY-MM-mtd or YYYY-ytd).
func (c *Client) CoverageIn(ctx context.Context, unit, by, period string) (*api.Coverage, error) {
	v, _, err := get(ctx, c, "/coverage", coverageQuery(unit, by, period), true, decodeCoverage)
	return v, err
}

func coverageQuery(unit, by, period string) url.Values {
	q := url.Values{}
	set(q, "unit", unit)
	set(q, "by", by)
	set(q, "period", period)
	return q
}

// Decisions calls GET /decisions for one page.
func (c *Client) Decisions(ctx context.Context, q DecisionQuery) (*api.DecisionPage, error) {
	v, _, err := get(ctx, c, "/decisions", q.values(), true, decodeDecisionPage)
	return v, err
}

// Cases calls GET /cases for one page.
func (c *Client) Cases(ctx context.Context, q CaseQuery) (*api.CasePage, error) {
	v, _, err := get(ctx, c, "/cases", q.values(), true, decodeCasePage)
	return v, err
}

// Case calls GET /cases/{id}: one case whole.
func (c *Client) Case(ctx context.Context, id string) (*api.Case, error) {
	path, err := idPath("/cases", id, "")
	if err != nil {
		return nil, err
	}
	v, _, err := get(ctx, c, path, nil, true, decodeCase)
	return v, err
}
