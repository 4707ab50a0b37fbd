package cli

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/casewatch/casewatch/config"
	"github.com/casewatch/casewatch/tui"
)

// TestSavedViews: the file's [[view]] tables and default_view (or --view)
// reach the dashboard; a bad view exits 2 naming the file, line and field;
// casewatch config lists the views with their lines.
func TestSavedViews(t *testing.T) {
	var got *config.Config
	var gotFlags dashFlags
	runDash = func(_ context.Context, _ *Env, c *config.Config, f dashFlags) error { got, gotFlags = c, f; return nil }
	t.Cleanup(func() { runDash = runDashboard })
	dir := t.TempDir()
	file := tempFile(t, dir, "c.toml", "default_view = \"my unit\"\n\n[[view]]\nname = \"my unit\"\nscope = \"河阳市院\"\nsort = \"deadline\"\n\n[[view]]\nname = \"超期\"\nlevel = \"overdue\"\ngroup = \"case\"\n")
	if r := run(t, nil, "--config", file); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	o := dashboardOptions(got, gotFlags)
	want := []tui.View{{Name: "my unit", Scope: "河阳市院", Sort: "deadline"}, {Name: "超期", Level: "overdue", Group: "case"}}
	if !reflect.DeepEqual(o.Views, want) || o.DefaultView != "my unit" {
		t.Fatalf("views %+v default %q", o.Views, o.DefaultView)
	}
	if r := run(t, nil, "--config", file, "--view", "超期"); r.code != 0 || dashboardOptions(got, gotFlags).DefaultView != "超期" {
		t.Fatalf("--view: exit %d %s", r.code, r.stderr)
	}
	r := run(t, nil, "--config", file, "--view", "nope")
	if r.code != 2 || !strings.Contains(r.stderr, `default_view "nope" names no [[view]] (views: "my unit", "超期")`) {
		t.Fatalf("--view nope: exit %d %s", r.code, r.stderr)
	}
	bad := tempFile(t, dir, "bad.toml", "[[view]]\nname = \"a\"\ngroup = \"dept\"\n")
	r = run(t, nil, "--config", bad)
	if r.code != 2 || !strings.Contains(r.stderr, bad+`:3: [[view]] "a": group: "dept"; want one of off, case, unit, person`) {
		t.Fatalf("bad view: exit %d %s", r.code, r.stderr)
	}
	r = run(t, nil, "config", "--config", file)
	if !strings.Contains(r.stdout, "[[view]]  # file:"+file+":3") || !strings.Contains(r.stdout, `level = "overdue"`) ||
		!strings.Contains(r.stdout, `default_view = "my unit"`) {
		t.Fatalf("config does not list the views:\n%s", r.stdout)
	}
}

// The config file and the dashboard name a view's values alike.
func TestViewWordsAgree(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cfg, dash []string
	}{
		{"panels", config.ViewPanels, tui.PanelWords},
		{"sorts", config.ViewSorts, tui.SortWords},
		{"groups", config.ViewGroups, tui.GroupWords},
		{"acked", config.ViewAcked, tui.AckedWords},
	} {
		if !slices.Equal(tc.cfg, tc.dash) {
			t.Errorf("%s: config %v, dashboard %v", tc.name, tc.cfg, tc.dash)
		}
	}
}
