package snapshot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// seeded is one reference case system for the whole package: seed 1,
// frozen at 2026-11-02 09:00 China time.
var seeded = sync.OnceValues(func() (string, error) {
	sys, err := casesim.Open(context.Background(), casesim.Options{DBPath: ":memory:", Seed: 1,
		Start: time.Date(2026, 11, 2, 9, 0, 0, 0, sim.Zone)})
	if err != nil {
		return "", err
	}
	return httptest.NewServer(sys.Handler()).URL, nil
})

// generatedAt is the fixed clock of the golden reports.
func generatedAt() time.Time { return time.Date(2026, 11, 2, 9, 30, 0, 0, sim.Zone) }

func seededClient(t *testing.T) *client.Client {
	t.Helper()
	url, err := seeded()
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(client.Config{BaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// TestGolden renders seeded reports in every format.
func TestGolden(t *testing.T) {
	c := seededClient(t)
	for _, tc := range []struct {
		file   string
		scope  string
		demo   bool
		format Format
		lang   i18n.Lang
	}{
		{"province.zh.txt", "", false, Text, i18n.ZH},
		{"U11.en.txt", "U11", true, Text, i18n.EN},
		{"U11.zh.md", "U11", true, Markdown, i18n.ZH},
		{"U10.en.md", "U10", false, Markdown, i18n.EN},
		{"U11.json", "U11", true, JSON, i18n.ZH},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r, err := Build(context.Background(), c, Options{Scope: tc.scope, Demo: tc.demo, Now: generatedAt})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := r.Render(&b, tc.format, tc.lang); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.file, b.Bytes())
		})
	}
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
		t.Fatalf("%v (run go test ./snapshot -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./snapshot -update rewrites it):\n%s", name, firstDiff(string(got), string(want)))
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return "line " + itoa(i+1) + "\n got: " + g[i] + "\nwant: " + w[i]
		}
	}
	return "lengths differ: got " + itoa(len(g)) + " lines, want " + itoa(len(w))
}

// TestDemoLabel: demo data says so in every format.
func TestDemoLabel(t *testing.T) {
	r := &Report{SchemaVersion: SchemaVersion, Demo: true}
	for _, tc := range []struct {
		f    Format
		l    i18n.Lang
		want string
	}{
		{Text, i18n.ZH, "演示数据"}, {Text, i18n.EN, "DEMO DATA"}, {Markdown, i18n.ZH, "演示数据"}, {JSON, i18n.EN, `"demo": true`},
	} {
		var b bytes.Buffer
		if err := r.Render(&b, tc.f, tc.l); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("%s %s lacks %q", tc.f, tc.l, tc.want)
		}
	}
}

// TestJSONShape: the JSON keeps its documented shape, every field is
// documented in docs/SNAPSHOT.md, and lists are [] rather than null.
func TestJSONShape(t *testing.T) {
	var b bytes.Buffer
	if err := (&Report{SchemaVersion: SchemaVersion}).Render(&b, JSON, i18n.ZH); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "null") {
		t.Errorf("empty report has nulls:\n%s", b.String())
	}
	var m map[string]any
	if err := json.Unmarshal(b.Bytes(), &m); err != nil || m["schema_version"] != float64(1) {
		t.Fatalf("schema_version: %v, %v", m["schema_version"], err)
	}
	spec, err := os.ReadFile(filepath.Join("..", "docs", "SNAPSHOT.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range jsonPaths(reflect.TypeFor[Report](), "") {
		// The doc says the volatile entries have the bottom-ranked fields.
		path = strings.Replace(path, "indicators.volatile[].", "indicators.bottom_ranked[].", 1)
		if !strings.Contains(string(spec), "`"+path+"`") {
			t.Errorf("docs/SNAPSHOT.md does not document `%s`", path)
		}
	}
}

// jsonPaths lists the field paths of a JSON object type: alerts.by_unit[].total.
func jsonPaths(ty reflect.Type, prefix string) []string {
	var out []string
	for f := range ty.Fields() {
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		path := prefix + name
		out = append(out, path)
		ft := f.Type
		if ft.Kind() == reflect.Slice {
			ft, path = ft.Elem(), path+"[]"
		}
		if ft.Kind() == reflect.Struct && ft != reflect.TypeFor[time.Time]() {
			out = append(out, jsonPaths(ft, path+".")...)
		}
	}
	return out
}

// TestScopeError: an unknown scope names the known units.
func TestScopeError(t *testing.T) {
	_, err := Build(context.Background(), seededClient(t), Options{Scope: "U99"})
	var se *ScopeError
	if !errors.As(err, &se) || !strings.HasPrefix(err.Error(), "--scope U99: no such unit (units: U00, U10, U11,") {
		t.Fatalf("got %v", err)
	}
}

// TestAPIDown: a failing API is an error that names what failed.
func TestAPIDown(t *testing.T) {
	srv := httptest.NewServer(nil)
	url := srv.URL
	srv.Close()
	c, err := client.New(client.Config{BaseURL: url, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Build(context.Background(), c, Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "GET /health: ") {
		t.Fatalf("got %v", err)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"text": Text, "TXT": Text, "markdown": Markdown, "md": Markdown, "json": JSON, "csv": CSV} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("html"); err == nil || err.Error() != `unknown format "html" (want text, markdown, json or csv)` {
		t.Errorf("ParseFormat(html): %v", err)
	}
}

// TestUnknownCodesAndBadRecords: a role code the client does not know in
// /coverage is shown raw, and an alert record with a number out of range
// is left out and counted; neither fails the report (snapshot exited 1 on
// the first, and the second blanked the alerts).
func TestUnknownCodesAndBadRecords(t *testing.T) {
	url, err := seeded()
	if err != nil {
		t.Fatal(err)
	}
	target, _ := neturl.Parse(url)
	proxy := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(target)
		r.Out.Header.Del("Accept-Encoding")
		r.Out.Header.Del("If-None-Match")
	}}
	days := regexp.MustCompile(`"days_remaining":-?[0-9]+`)
	proxy.ModifyResponse = func(resp *http.Response) error {
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		switch resp.Request.URL.Path {
		case "/api/v1/coverage":
			body = bytes.Replace(body, []byte(`"prosecutor"`), []byte(`"janitor"`), 1)
		case "/api/v1/alerts":
			done := false
			body = days.ReplaceAllFunc(body, func(m []byte) []byte {
				if done {
					return m
				}
				done = true
				return []byte(`"days_remaining":1e400`)
			})
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	srv := httptest.NewServer(proxy)
	defer srv.Close()
	c, err := client.New(client.Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	clean, err := Build(context.Background(), seededClient(t), Options{Now: generatedAt})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(context.Background(), c, Options{Now: generatedAt})
	if err != nil {
		t.Fatalf("the report failed: %v", err)
	}
	if r.Alerts.Rejected != 1 || !strings.Contains(r.Alerts.FirstRejected, "days_remaining: number 1e400 is not an integer") {
		t.Errorf("rejected %d, %q", r.Alerts.Rejected, r.Alerts.FirstRejected)
	}
	if r.Alerts.Total != clean.Alerts.Total-1 {
		t.Errorf("%d alerts, want the %d good ones", r.Alerts.Total, clean.Alerts.Total-1)
	}
	var out bytes.Buffer
	if err := r.Render(&out, Text, i18n.EN); err != nil || !strings.Contains(out.String(), "Rejected records") {
		t.Errorf("the text report does not say so: %v", err)
	}
}
