package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/report"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// A fixed-seed reference system, frozen on 3 December 2026.
func setup(t *testing.T) *client.Client {
	t.Helper()
	sys, err := casesim.Open(context.Background(), casesim.Options{DBPath: ":memory:", Seed: 7, Demo: true,
		Start: time.Date(2026, 12, 3, 9, 0, 0, 0, sim.Zone)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close() })
	srv := httptest.NewServer(sys.Handler())
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{BaseURL: srv.URL, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./report -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s", name, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s differs in length: %d lines, want %d", name, len(gl), len(wl))
	}
}

func TestGolden(t *testing.T) {
	c := setup(t)
	ctx := context.Background()
	for _, tc := range []struct{ period, scope string }{{"2026-11", ""}, {"2026-Q4", "U20"}, {"2026-ytd", "U21"}} {
		p, err := report.ParsePeriod(tc.period, sim.Zone)
		if err != nil {
			t.Fatal(err)
		}
		r, err := report.Build(ctx, c, tc.scope, p)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Simulated {
			t.Error("the demo's figures are not marked simulated")
		}
		name := tc.period + tc.scope
		for _, f := range []string{report.Markdown, report.HTML} {
			var b bytes.Buffer
			if err := report.Render(&b, r, f); err != nil {
				t.Fatal(err)
			}
			golden(t, name+"."+map[string]string{report.Markdown: "md", report.HTML: "html"}[f], b.Bytes())
		}
		var b bytes.Buffer
		if err := report.Render(&b, r, report.JSON); err != nil || !json.Valid(b.Bytes()) {
			t.Fatalf("json: %v", err)
		}
	}
}

// The figures add up: every notice of the month is counted once, by
// status and by kind, and the breakdowns sum to the total.
func TestFiguresAddUp(t *testing.T) {
	c := setup(t)
	ctx := context.Background()
	p, _ := report.ParsePeriod("2026-11", sim.Zone)
	r, err := report.Build(ctx, c, "", p)
	if err != nil {
		t.Fatal(err)
	}
	n := r.Notices
	all, err := c.AllNotices(ctx, client.NoticeQuery{Period: "2026-11"})
	if err != nil {
		t.Fatal(err)
	}
	if n.Issued != len(all) || n.Issued == 0 {
		t.Fatalf("issued %d, API lists %d", n.Issued, len(all))
	}
	if n.Oral+n.Written != n.Issued || n.RepliedOnTime+n.RepliedLate+n.Unanswered != n.Issued {
		t.Errorf("figures do not add up: %+v", n)
	}
	sum := 0
	for _, x := range r.ByUnit {
		sum += x.Count
	}
	if sum != n.Issued {
		t.Errorf("by unit %d, issued %d", sum, n.Issued)
	}
	closed := 0
	for _, x := range all {
		if x.Status == api.NoticeClosed {
			closed++
		}
	}
	if closed != n.Closed {
		t.Errorf("closed %d, API %d", n.Closed, closed)
	}
}

func TestNoticePrint(t *testing.T) {
	c := setup(t)
	ns, err := c.AllNotices(context.Background(), client.NoticeQuery{Status: api.NoticeClosed, Period: "2026-11"})
	if err != nil || len(ns) == 0 {
		t.Fatalf("closed notices: %v", err)
	}
	var n *api.Notice
	for i := range ns {
		if ns[i].Kind == api.NoticeWritten {
			if n, err = c.Notice(context.Background(), ns[i].ID); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	var b bytes.Buffer
	if err := report.RenderNotice(&b, n, true, report.Markdown); err != nil {
		t.Fatal(err)
	}
	golden(t, "notice.md", b.Bytes())
}

func TestParsePeriod(t *testing.T) {
	for _, bad := range []string{"", "2026", "2026-13", "2026-Q5", "2026-YTD", "26-11"} {
		if _, err := report.ParsePeriod(bad, sim.Zone); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	p, _ := report.ParsePeriod("2026-01", sim.Zone)
	if prev := p.Previous(); prev.Text != "2025-12" {
		t.Errorf("before 2026-01: %s", prev.Text)
	}
	q, _ := report.ParsePeriod("2026-Q1", sim.Zone)
	if prev := q.Previous(); prev.Text != "2025-Q4" {
		t.Errorf("before 2026-Q1: %s", prev.Text)
	}
}

// A count against the previous period keeps its measure word beside the
// number (发出提示、通知 77 件（上期 58 件，+19）), not after the bracket
// (承办检察官 14（上期 10，+4） 人).
func TestChangeKeepsItsMeasureWord(t *testing.T) {
	c := setup(t)
	p, _ := report.ParsePeriod("2026-11", sim.Zone)
	r, err := report.Build(context.Background(), c, "", p)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := report.Render(&b, r, report.Markdown); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{
		fmt.Sprintf("发出提示、通知 %d 件（上期 %d 件，", r.Notices.Issued, r.PrevNotices.Issued),
		fmt.Sprintf("承办检察官 %d 人（上期 %d 人，", len(r.RepeatPersons), r.PrevRepeatPersons),
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(md, "） 人") {
		t.Error("a measure word follows the bracket: ） 人")
	}
}
