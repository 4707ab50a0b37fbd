package client

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
)

// fakeAPI is a small, well-behaved implementation of the contract for
// tests: alerts with revisions and delta sync (410 on a cursor of another
// epoch), ETags and 304, idempotent acknowledgements, bearer auth, and a
// switchable fault.
type fakeAPI struct {
	mu       sync.Mutex
	epoch    int
	rev      int
	alerts   map[string]fakeAlert
	units    api.UnitList
	health   api.Health
	pageSize int
	token    string

	// sets serves /indicator-sets and /coverage-sets (contract 1.5.0);
	// without it they answer 404, as an older server's would. Their sets
	// are the per-unit answers, but for badSet's (an indicator without an
	// id) and leftOut's (absent), and one more for extraSet, a unit the
	// units list does not name.
	sets                      bool
	badSet, leftOut, extraSet string

	acksByKey map[string][]byte // Idempotency-Key → first answer
	ackCount  map[string]int    // alert id → acknowledgements applied
	hits      map[string]int    // path → requests
	notMod    int               // 304 answers
	reqs      []*http.Request

	fault atomic.Pointer[func(w http.ResponseWriter, r *http.Request) bool]
}

type fakeAlert struct {
	a   api.Alert
	rev int
}

func newFakeAPI(n int) *fakeAPI {
	f := &fakeAPI{
		alerts:    map[string]fakeAlert{},
		units:     fxUnitList(),
		health:    fxHealth(),
		pageSize:  1000,
		acksByKey: map[string][]byte{},
		ackCount:  map[string]int{},
		hits:      map[string]int{},
	}
	for _, a := range fxAlerts(n) {
		f.putLocked(a)
	}
	return f
}

func (f *fakeAPI) putLocked(a api.Alert) {
	f.rev++
	f.alerts[a.ID] = fakeAlert{a: a, rev: f.rev}
}

// put creates or changes an alert.
func (f *fakeAPI) put(a api.Alert) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a.UpdatedAt = t0.Add(time.Duration(f.rev+1) * time.Minute)
	f.putLocked(a)
}

// rectify marks an alert rectified.
func (f *fakeAPI) rectify(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fa := f.alerts[id]
	fa.a.Status = api.StatusRectified
	rt := t0.Add(time.Duration(f.rev+1) * time.Minute)
	fa.a.RectifiedAt, fa.a.UpdatedAt = &rt, rt
	f.putLocked(fa.a)
}

// newEpoch invalidates every cursor (another database).
func (f *fakeAPI) newEpoch() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.epoch++
}

func (f *fakeAPI) setFault(fn func(w http.ResponseWriter, r *http.Request) bool) {
	if fn == nil {
		f.fault.Store(nil)
		return
	}
	f.fault.Store(&fn)
}

func (f *fakeAPI) hit(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

func (f *fakeAPI) acked(id string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ackCount[id]
}

func problem(w http.ResponseWriter, status int, title, param, id string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(api.Problem{Type: "about:blank", Title: title, Status: status, Detail: title, Param: param, ID: id})
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if fn := f.fault.Load(); fn != nil && (*fn)(w, r) {
		return
	}
	path := strings.TrimPrefix(r.URL.Path, api.BasePath)
	f.mu.Lock()
	f.hits[path]++
	f.reqs = append(f.reqs, r)
	f.mu.Unlock()
	if f.token != "" && path != "/health" && r.Header.Get("Authorization") != "Bearer "+f.token {
		problem(w, http.StatusUnauthorized, "missing or wrong bearer token", "", "")
		return
	}
	q := r.URL.Query()
	switch {
	case path == "/health":
		f.mu.Lock()
		h := f.health
		f.mu.Unlock()
		f.json(w, r, h)
	case path == "/units":
		f.json(w, r, f.units)
	case path == "/alerts" && r.Method == http.MethodGet:
		f.listAlerts(w, r)
	case strings.HasPrefix(path, "/alerts/") && strings.HasSuffix(path, "/ack") && r.Method == http.MethodPost:
		f.ack(w, r, strings.TrimSuffix(strings.TrimPrefix(path, "/alerts/"), "/ack"))
	case path == "/indicators":
		f.json(w, r, fxIndicators(q.Get("unit")))
	case path == "/indicator-sets" && f.setsOn():
		f.json(w, r, f.indicatorSets())
	case path == "/coverage-sets" && f.setsOn():
		f.json(w, r, f.coverageSets(cmp.Or(q.Get("by"), "department")))
	case strings.HasPrefix(path, "/indicators/") && strings.HasSuffix(path, "/ranking"):
		id := strings.TrimSuffix(strings.TrimPrefix(path, "/indicators/"), "/ranking")
		f.json(w, r, api.Ranking{IndicatorID: id, Name: "指标", NameEn: "Indicator", Direction: api.DirectionHigher, Period: "2025-02", PeriodKind: api.PeriodMonth, AsOf: t0,
			Entries: []api.RankEntry{{UnitID: "330106", UnitName: "西湖区院", Value: 1, Rank: 1}}})
	case path == "/coverage":
		f.json(w, r, fxCoverage(q.Get("unit"), cmp.Or(q.Get("by"), "department")))
	case path == "/notices" && r.Method == http.MethodGet:
		f.json(w, r, api.NoticePage{Notices: []api.Notice{}, AsOf: t0})
	case path == "/decisions":
		f.json(w, r, api.DecisionPage{AsOf: t0, Decisions: []api.Decision{{ID: "D1", CaseID: "C1", CaseNo: "号", Action: "批准逮捕",
			DecidedBy: "P1", DeciderName: "张三", Role: api.RoleProsecutor, DeptID: "330106-1", UnitID: "330106", At: t0, Verdict: api.VerdictOver}}})
	case path == "/cases":
		f.json(w, r, api.CasePage{AsOf: t0, Cases: []api.CaseSummary{{ID: "C1", CaseNo: "号", Title: "张某盗窃案", Type: "审查逮捕", Line: api.LineCriminal,
			UnitID: "330106", UnitName: "西湖区院", DeptID: "330106-1", DeptName: "第一检察部", LeadID: "P1", LeadName: "张三", AcceptedAt: t0, Stage: "审查"}}})
	case strings.HasPrefix(path, "/cases/"):
		id := strings.TrimPrefix(path, "/cases/")
		if id != "C1" {
			problem(w, http.StatusNotFound, "no such case", "", id)
			return
		}
		f.json(w, r, api.Case{CaseSummary: api.CaseSummary{ID: "C1", CaseNo: "号", Title: "张某盗窃案", Type: "审查逮捕", Line: api.LineCriminal,
			UnitID: "330106", UnitName: "西湖区院", DeptID: "330106-1", DeptName: "第一检察部", LeadID: "P1", LeadName: "张三", AcceptedAt: t0, Stage: "审查"},
			Card: []api.CardField{}, CardChecks: []api.CardCheck{}, Parties: []api.Party{}, Deadlines: []api.Deadline{}, Timeline: []api.Event{},
			Documents: []api.Document{}, Decisions: []api.Decision{}, Alerts: []api.Alert{fxAlert(2)}, DefectPoints: []api.DefectPoint{}, AsOf: t0})
	default:
		problem(w, http.StatusNotFound, "no such path", "", "")
	}
}

func (f *fakeAPI) setsOn() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sets
}

// indicatorSets is the body of /indicator-sets.
func (f *fakeAPI) indicatorSets() api.IndicatorSets {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := api.IndicatorSets{UnitID: f.units.Units[0].ID, AsOf: t0, Sets: []api.IndicatorSet{}}
	for _, u := range f.units.Units {
		if u.ID == f.leftOut {
			continue
		}
		set := fxIndicators(u.ID)
		if u.ID == f.badSet {
			set.Indicators[0].ID = ""
		}
		out.Sets = append(out.Sets, set)
	}
	if f.extraSet != "" {
		out.Sets = append(out.Sets, fxIndicators(f.extraSet))
	}
	return out
}

// coverageSets is the body of /coverage-sets.
func (f *fakeAPI) coverageSets(by string) api.CoverageSets {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := api.CoverageSets{UnitID: f.units.Units[0].ID, By: by, AsOf: t0, Sets: []api.Coverage{}}
	for _, u := range f.units.Units {
		if u.ID != f.leftOut {
			out.Sets = append(out.Sets, fxCoverage(u.ID, by))
		}
	}
	return out
}

// json writes v with an ETag, or 304 when If-None-Match matches.
func (f *fakeAPI) json(w http.ResponseWriter, r *http.Request, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		f.mu.Lock()
		f.notMod++
		f.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

func (f *fakeAPI) listAlerts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f.mu.Lock()
	var list []fakeAlert
	since := -1
	if s := q.Get("since"); s != "" {
		var ep, rev int
		if _, err := fmt.Sscanf(s, "%d.%d", &ep, &rev); err != nil || ep != f.epoch {
			f.mu.Unlock()
			problem(w, http.StatusGone, "sync cursor expired", "since", "")
			return
		}
		since = rev
	}
	for _, fa := range f.alerts {
		switch {
		case since >= 0:
			if fa.rev > since {
				list = append(list, fa)
			}
		case q.Get("status") == "active" || q.Get("status") == "":
			if fa.a.Status != api.StatusRectified {
				list = append(list, fa)
			}
		default:
			list = append(list, fa)
		}
	}
	syncCursor := fmt.Sprintf("%d.%d", f.epoch, f.rev)
	f.mu.Unlock()
	slices.SortFunc(list, func(a, b fakeAlert) int { return cmp.Compare(a.rev, b.rev) }) // newest change last
	off := 0
	if c := q.Get("cursor"); c != "" {
		off, _ = strconv.Atoi(c)
	}
	size := f.pageSize
	if l, _ := strconv.Atoi(q.Get("limit")); l > 0 && l < size {
		size = l
	}
	page := api.AlertPage{Alerts: []api.Alert{}, SyncCursor: syncCursor, Delta: since >= 0, AsOf: t0}
	for i := off; i < len(list) && i < off+size; i++ {
		page.Alerts = append(page.Alerts, list[i].a)
	}
	if off+size < len(list) {
		page.NextCursor = strconv.Itoa(off + size)
	}
	f.json(w, r, page)
}

func (f *fakeAPI) ack(w http.ResponseWriter, r *http.Request, id string) {
	key := r.Header.Get("Idempotency-Key")
	var req api.AckRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		problem(w, http.StatusBadRequest, "bad body", "body", "")
		return
	}
	f.mu.Lock()
	if b, ok := f.acksByKey[key]; ok && key != "" {
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write(b)
		return
	}
	fa, ok := f.alerts[id]
	switch {
	case !ok:
		f.mu.Unlock()
		problem(w, http.StatusNotFound, "no such alert", "", id)
		return
	case fa.a.Status == api.StatusRectified:
		f.mu.Unlock()
		problem(w, http.StatusConflict, "alert already rectified", "", id)
		return
	}
	fa.a.Status = api.StatusAcknowledged
	fa.a.Ack = &api.Ack{By: req.By, Note: req.Note, At: t0, ActedAt: t0}
	if req.ActedAt != nil {
		fa.a.Ack.ActedAt = *req.ActedAt
	}
	fa.a.UpdatedAt = t0.Add(time.Duration(f.rev+1) * time.Minute)
	f.putLocked(fa.a)
	f.ackCount[id]++
	b, _ := json.Marshal(fa.a)
	f.acksByKey[key] = b
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

// newTestClient starts f in httptest and returns a client with fast
// retries; extra adjusts the config.
func newTestClient(t testing.TB, f http.Handler, extra func(*Config)) (*Client, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	cfg := Config{BaseURL: srv.URL, Timeout: 2 * time.Second, Deadline: 5 * time.Second,
		RetryWait: 5 * time.Millisecond, RetryMaxWait: 20 * time.Millisecond}
	if extra != nil {
		extra(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c, srv
}
