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
	"strings"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/rules"
	"github.com/casewatch/casewatch/casesim/sim"
)

func main() {
	seed := flag.Uint64("seed", 1, "simulation seed")
	examples := flag.String("examples", "", "comma-separated rules: print one worked example of each (case, start, due) from the demo")
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
	fmt.Printf("%-5s", "rule")
	for _, l := range api.Levels {
		fmt.Printf(" %15s", l)
	}
	fmt.Printf(" %7s\n", "total")
	totals := map[string]int{}
	all := 0
	for _, r := range rules {
		fmt.Printf("%-5s", r)
		n := 0
		for _, l := range api.Levels {
			fmt.Printf(" %15d", counts[r][l])
			n += counts[r][l]
			totals[l] += counts[r][l]
		}
		all += n
		fmt.Printf(" %7d\n", n)
	}
	fmt.Printf("%-5s", "all")
	for _, l := range api.Levels {
		fmt.Printf(" %15d", totals[l])
	}
	fmt.Printf(" %7d\n", all)
	openCases(sys)
	if *examples != "" {
		printExamples(ctx, sys, strings.Split(*examples, ","), start)
	}
}

// printExamples prints, for each rule, one deadline of the demo: a case
// with an active alert of the rule when there is one, else any case with
// the rule's deadline started by now.
func printExamples(ctx context.Context, sys *casesim.System, ids []string, now time.Time) {
	cases, err := sys.Store().LoadCases(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "alertcount:", err)
		os.Exit(1)
	}
	fmt.Println("worked examples:")
	for _, id := range ids {
		var best *sim.Case
		var bestD rules.Deadline
		var bestF *rules.Finding
		for _, c := range cases {
			if c.AcceptedAt.After(now) {
				continue
			}
			res := rules.Evaluate(c, now)
			for _, d := range res.Deadlines {
				if d.Rule != id {
					continue
				}
				var f *rules.Finding
				for i := range res.Findings {
					if res.Findings[i].Key == d.Key {
						f = &res.Findings[i]
					}
				}
				if best == nil || (bestF == nil && f != nil) {
					best, bestD, bestF = c, d, f
				}
			}
			if bestF != nil {
				break
			}
		}
		if best == nil {
			fmt.Printf("  %s: none in the demo\n", id)
			continue
		}
		state := bestD.Status(now)
		if bestF != nil {
			state = "alert " + bestF.Level
		}
		fmt.Printf("  %s %s (%s, %s): %s; start %s, due %s, %s\n", id, best.No, best.ID, best.Title, bestD.Stage,
			bestD.Start.In(sim.Zone).Format("2006-01-02 15:04"), bestD.DueAt.In(sim.Zone).Format("2006-01-02 15:04:05"), state)
	}
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
