// Command alertload serves the reference case system with a very large
// number of alerts, for scripts/memory.sh: every path is answered by a real
// casesim (in memory, clock frozen) except GET /api/v1/alerts, which serves
// N synthetic, realistic alerts (rules and bases from casesim's domain, the
// system's own units, case numbers and messages that vary like real ones)
// in pages of up to 1,000, with a sync cursor whose deltas are empty.
//
//	go run ./scripts/alertload -addr 127.0.0.1:18210 -alerts 100000
//
// It prints "listed N in S s" on standard output each time a client has
// fetched the last page of a full listing (S: since it asked for the
// first), so a script knows when to measure and how long a listing took.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/domain"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18210", "listen address")
	n := flag.Int("alerts", 100000, "number of active alerts to serve")
	allRules := flag.Bool("all-rules", false, "use every rule; by default only those of the six original categories, which every casewatch knows (an older one rejects a whole page with an unknown category)")
	flag.Parse()
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	sys, err := casesim.Open(context.Background(), casesim.Options{DBPath: ":memory:", Seed: 1, Start: start, WarmupDays: 30})
	if err != nil {
		log.Fatal(err)
	}
	units := basicUnits(sys.Handler())
	if len(units) == 0 {
		log.Fatal("alertload: the reference system has no basic units")
	}
	s := &server{next: sys.Handler(), n: *n, asOf: start, units: units}
	original := []string{api.CategoryDeadline, api.CategoryCard, api.CategoryDocument, api.CategoryRights, api.CategoryMeasure, api.CategoryProperty}
	s.rules = slices.Sorted(func(yield func(string) bool) {
		for id, r := range domain.Rules {
			if (*allRules || slices.Contains(original, r.Category)) && !yield(id) {
				return
			}
		}
	})
	fmt.Printf("serving %d alerts on http://%s\n", *n, *addr)
	log.Fatal(http.ListenAndServe(*addr, s))
}

// basicUnits asks the reference system for its units and keeps the basic ones.
func basicUnits(h http.Handler) []api.Unit {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/units", nil))
	var l api.UnitList
	if err := json.Unmarshal(rec.Body.Bytes(), &l); err != nil {
		log.Fatalf("alertload: units: %v", err)
	}
	var out []api.Unit
	for _, u := range l.Units {
		if u.Level == api.UnitBasic && len(u.Departments) > 0 {
			out = append(out, u)
		}
	}
	return out
}

type server struct {
	mu    sync.Mutex
	began time.Time // when the current listing asked for its first page
	next  http.Handler
	n     int
	asOf  time.Time
	units []api.Unit
	rules []string
}

const syncCursor = "load-1"

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
var given = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛"}

// alert is the i-th synthetic alert.
func (s *server) alert(i int) api.Alert {
	u := s.units[i%len(s.units)]
	d := u.Departments[i%len(u.Departments)]
	spec := domain.Rules[s.rules[i%len(s.rules)]]
	person := i % 3000
	name := string(surnames[person%len(surnames)]) + given[person/len(surnames)%len(given)]
	due := s.asOf.Add(time.Duration(i%720-120) * time.Hour)
	level := api.LevelNotice
	switch days := int(due.Sub(s.asOf).Hours() / 24); {
	case days < 0:
		level = api.LevelOverdue
	case days < 2:
		level = api.LevelWarning
	}
	a := api.Alert{
		ID: fmt.Sprintf("A%08d", i+1), Rule: spec.ID, RuleName: spec.Name, RuleNameEn: spec.NameEn,
		Category: spec.Category, Level: level, Status: api.StatusOpen,
		CaseID: fmt.Sprintf("C%08d", i/2+1), CaseNo: fmt.Sprintf("%s检刑诉受〔2026〕%d号", string([]rune(u.Name)[:2]), 10000+i/2),
		UnitID: u.ID, UnitName: u.Name, DeptID: d.ID, DeptName: d.Name,
		PersonID: fmt.Sprintf("P%04d", person), PersonName: name,
		DueAt: due, DaysRemaining: int(due.Sub(s.asOf).Hours() / 24), DetectedAt: s.asOf.Add(-time.Duration(i%500) * time.Hour),
		UpdatedAt: s.asOf.Add(-time.Duration(i%500) * time.Hour), Basis: spec.Basis,
		Message: fmt.Sprintf("%s将于%d日后届满，请及时办理", spec.Name, i%30+1),
	}
	if i%7 == 0 {
		a.Status = api.StatusAcknowledged
		a.Ack = &api.Ack{By: name, Note: "已督促承办人", At: s.asOf.Add(-time.Hour)}
	}
	return a
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/api/v1/alerts" || r.Method != http.MethodGet {
		s.next.ServeHTTP(w, r)
		return
	}
	q := r.URL.Query()
	page := api.AlertPage{SyncCursor: syncCursor, AsOf: s.asOf, Alerts: []api.Alert{}}
	w.Header().Set("Content-Type", "application/json")
	if q.Get("since") != "" {
		// Nothing ever changes: every delta is empty, answered 304 when
		// the client has it.
		w.Header().Set("ETag", `"delta-1"`)
		if r.Header.Get("If-None-Match") == `"delta-1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		page.Delta = true
		_ = json.NewEncoder(w).Encode(page)
		return
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > 1000 {
		limit = 500
	}
	from, _ := strconv.Atoi(q.Get("cursor"))
	from = max(from, 0)
	if q.Get("cursor") == "" {
		s.mu.Lock()
		s.began = time.Now()
		s.mu.Unlock()
	}
	to := min(from+limit, s.n)
	for i := from; i < to; i++ {
		page.Alerts = append(page.Alerts, s.alert(i))
	}
	if to < s.n {
		page.NextCursor = strconv.Itoa(to)
	}
	if err := json.NewEncoder(w).Encode(page); err == nil && to >= s.n {
		s.mu.Lock()
		took := time.Since(s.began)
		s.mu.Unlock()
		fmt.Fprintf(os.Stdout, "listed %d in %.2f s\n", s.n, took.Seconds())
	}
}
