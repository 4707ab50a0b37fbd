// Command alertcount prints the demo's active alerts per rule and level at a
// fixed simulation time, so rule changes can be compared before and after:
//
//	go run ./scripts/alertcount -seed 1 -at 2026-12-03T09:00:00+08:00
//
// It opens the reference system on a throwaway in-memory database with the
// clock frozen (the same warm-up as the demo), then reads GET /alerts
// through the real handler, page by page.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"sort"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim"
)

func main() {
	seed := flag.Uint64("seed", 1, "simulation seed")
	at := flag.String("at", "2026-12-03T09:00:00+08:00", "simulation time (RFC 3339)")
	flag.Parse()
	start, err := time.Parse(time.RFC3339, *at)
	if err != nil {
		fmt.Fprintln(os.Stderr, "alertcount: -at:", err)
		os.Exit(2)
	}
	ctx := context.Background()
	sys, err := casesim.Open(ctx, casesim.Options{DBPath: ":memory:", Seed: *seed, Start: start})
	if err != nil {
		fmt.Fprintln(os.Stderr, "alertcount:", err)
		os.Exit(1)
	}
	defer sys.Close()
	counts := map[string]map[string]int{}
	cursor := ""
	for {
		req := httptest.NewRequest("GET", "/api/v1/alerts?limit=1000&cursor="+cursor, nil)
		rec := httptest.NewRecorder()
		sys.Handler().ServeHTTP(rec, req)
		if rec.Code != 200 {
			fmt.Fprintln(os.Stderr, "alertcount: GET /alerts:", rec.Code, rec.Body.String())
			os.Exit(1)
		}
		var page api.AlertPage
		if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
			fmt.Fprintln(os.Stderr, "alertcount:", err)
			os.Exit(1)
		}
		for _, a := range page.Alerts {
			if counts[a.Rule] == nil {
				counts[a.Rule] = map[string]int{}
			}
			counts[a.Rule][a.Level]++
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	rules := make([]string, 0, len(counts))
	for r := range counts {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	fmt.Printf("seed %d at %s: active alerts (open or acknowledged)\n", *seed, start.Format(time.RFC3339))
	fmt.Printf("%-5s %7s %7s %7s %7s\n", "rule", "notice", "warning", "overdue", "total")
	var tn, tw, to int
	for _, r := range rules {
		c := counts[r]
		n, w, o := c[api.LevelNotice], c[api.LevelWarning], c[api.LevelOverdue]
		tn, tw, to = tn+n, tw+w, to+o
		fmt.Printf("%-5s %7d %7d %7d %7d\n", r, n, w, o, n+w+o)
	}
	fmt.Printf("%-5s %7d %7d %7d %7d\n", "all", tn, tw, to, tn+tw+to)
	openCases(sys)
}

// openCases prints the cases open at the frozen time, by case type.
func openCases(sys *casesim.System) {
	open := map[string]int{}
	cursor := ""
	for {
		req := httptest.NewRequest("GET", "/api/v1/cases?limit=200&cursor="+cursor, nil)
		rec := httptest.NewRecorder()
		sys.Handler().ServeHTTP(rec, req)
		if rec.Code != 200 {
			fmt.Fprintln(os.Stderr, "alertcount: GET /cases:", rec.Code, rec.Body.String())
			os.Exit(1)
		}
		var page api.CasePage
		if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
			fmt.Fprintln(os.Stderr, "alertcount:", err)
			os.Exit(1)
		}
		for _, c := range page.Cases {
			if c.ClosedAt == nil {
				open[c.Type]++
			}
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	types := make([]string, 0, len(open))
	for t := range open {
		types = append(types, t)
	}
	sort.Strings(types)
	fmt.Println("open cases by type:")
	for _, t := range types {
		fmt.Printf("  %-20s %5d\n", t, open[t])
	}
}
