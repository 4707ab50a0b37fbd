package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const viewsDoc = `default_view = "my unit"

[[view]]
name = "my unit"
scope = "河阳市院"
panel = "alerts"
sort = "deadline"
acked = "sink"

[[view]]
name = "本院超期"
scope = "U21"
level = "overdue"
group = "case"

[[view]]
name = "measures"
category = "measure"
query = "羁押"
`

func TestViews(t *testing.T) {
	c, err := ParseFile("c.toml", []byte(viewsDoc))
	if err != nil {
		t.Fatal(err)
	}
	want := []View{
		{Name: "my unit", Scope: "河阳市院", Panel: "alerts", Sort: "deadline", Acked: "sink", Line: 3},
		{Name: "本院超期", Scope: "U21", Level: "overdue", Group: "case", Line: 10},
		{Name: "measures", Category: "measure", Query: "羁押", Line: 16},
	}
	if !reflect.DeepEqual(c.Views, want) {
		t.Fatalf("views\n%+v\nwant\n%+v", c.Views, want)
	}
	if c.DefaultView != "my unit" || c.Source("default_view").String() != "file:c.toml:1" {
		t.Fatalf("default view %q from %s", c.DefaultView, c.Source("default_view"))
	}
	// The flag names a view too, and wins over the file.
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(viewsDoc), 0o600); err != nil {
		t.Fatal(err)
	}
	c2, err := Load(Options{Path: path, Getenv: func(string) string { return "" },
		Flags: map[string]string{"default_view": "measures"}})
	if err != nil || c2.DefaultView != "measures" || len(c2.Views) != 3 {
		t.Fatalf("flag: %v %+v", err, c2)
	}
}

// Each bad view is an error naming the file, the line and the field.
func TestViewErrors(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"no name", "[[view]]\nscope = \"U21\"\n", `c.toml:1: [[view]] #1: name: missing; every [[view]] needs a name`},
		{"bad panel", "[[view]]\nname = \"a\"\n\npanel = \"map\"\n",
			`c.toml:4: [[view]] "a": panel: "map"; want one of alerts, indicators, coverage`},
		{"bad level", "[[view]]\nname = \"a\"\nlevel = \"late\"\n",
			`c.toml:3: [[view]] "a": level: "late"; want one of overdue, warning, notice, points_limit, rectify_overdue, rectify`},
		{"bad sort in the second view", "[[view]]\nname = \"a\"\n[[view]]\nname = \"b\"\nsort = \"name\"\n",
			`c.toml:5: [[view]] "b": sort: "name"; want one of level, deadline, unit, age`},
		{"bad group", "[[view]]\nname = \"a\"\ngroup = \"dept\"\n", `c.toml:3: [[view]] "a": group: "dept"; want one of off, case, unit, person`},
		{"bad acked", "[[view]]\nname = \"a\"\nacked = \"mute\"\n", `c.toml:3: [[view]] "a": acked: "mute"; want one of show, sink, hide`},
		{"control characters", "[[view]]\nname = \"a\"\nquery = \"x\\u001b[31m\"\n",
			`c.toml:3: [[view]] "a": query: want text without control or invisible characters`},
		{"long name", "[[view]]\nname = \"" + strings.Repeat("a", 41) + "\"\n",
			`c.toml:2: [[view]] #1: name: at most 40 characters`},
		{"same name twice", "[[view]]\nname = \"Mine\"\n\n[[view]]\nname = \"mine\"\n",
			`c.toml:5: [[view]] name "mine" is taken by the view at line 1; names must differ`},
		{"unknown key", "[[view]]\nname = \"a\"\nscop = \"U21\"\n",
			`c.toml:3: unknown key "view.scop"; did you mean "view.scope"? (keys of [[view]]: name, scope, panel, level, category, query, sort, group, acked)`},
		{"wrong type", "[[view]]\nname = \"a\"\nscope = 21\n", `c.toml:3: view.scope: want a string, found an integer`},
		{"a table, not an array of tables", "[view]\nname = \"a\"\n", `c.toml:1: view: want an array of tables [[view]], found a table`},
		{"default names no view", "default_view = \"mine\"\n[[view]]\nname = \"a\"\n",
			`c.toml:1: default_view "mine" names no [[view]] (views: "a")`},
		{"default without views", "default_view = \"mine\"\n", `c.toml:1: default_view "mine" names no [[view]] (the file defines none)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFile("c.toml", []byte(tc.doc))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error\n got: %v\nwant: %s", err, tc.want)
			}
		})
	}
}
