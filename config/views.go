package config

import (
	"bufio"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client/sanitize"
)

// View is a saved view of the dashboard (gh-dash's sections): one
// [[view]] table of the file. Every field but Name may be empty: an empty
// scope, panel, sort, group or acked leaves that as it is when the view
// is switched to; the filters (level, category, query) are always set.
type View struct {
	// Name is how the view is shown and chosen; unique in the file.
	Name string
	// Scope is a unit's id or name (its whole subtree), as --scope or
	// `:unit` take it; checked against the org tree by the dashboard.
	Scope string
	// Panel is one of ViewPanels.
	Panel string
	// Level and Category filter the alerts by API code (api.Levels,
	// api.Categories); Query is the text filter, as typed after /.
	Level, Category, Query string
	// Sort is one of ViewSorts; Group one of ViewGroups; Acked one of
	// ViewAcked.
	Sort, Group, Acked string
	// Line is the line of the view's [[view]] header in the file.
	Line int
}

// The values of a view's fields, as the dashboard names them (tui keeps
// the same lists; a test of the command line checks they agree).
var (
	ViewPanels = []string{"alerts", "indicators", "coverage"}
	ViewSorts  = []string{"level", "deadline", "unit", "age"}
	ViewGroups = []string{"off", "case", "unit", "person"}
	ViewAcked  = []string{"show", "sink", "hide"}
)

// viewKeys are the keys of a [[view]] table, in the order of the docs.
var viewKeys = []string{"name", "scope", "panel", "level", "category", "query", "sort", "group", "acked"}

// Limits of a view's text fields.
const (
	maxViewName  = 40
	maxViewScope = 100
	maxViewQuery = 80
	maxViews     = 50
)

type viewSchema struct {
	Name     string `toml:"name"`
	Scope    string `toml:"scope"`
	Panel    string `toml:"panel"`
	Level    string `toml:"level"`
	Category string `toml:"category"`
	Query    string `toml:"query"`
	Sort     string `toml:"sort"`
	Group    string `toml:"group"`
	Acked    string `toml:"acked"`
}

// isViewKey reports whether a key of the document belongs to [[view]].
func isViewKey(key string) bool { return key == "view" || strings.HasPrefix(key, "view.") }

// applyViews reads the [[view]] tables of the document: ents are its keys
// in document order, doc its untyped decoding. Each field is checked, and
// the first bad one is an error naming the file, the line and the field.
func (c *Config) applyViews(path string, doc map[string]any, ents []entry) error {
	if _, ok := doc["view"].(map[string]any); ok {
		line := 1
		for _, e := range ents {
			if e.path == "view" {
				line = e.line
				break
			}
		}
		return &Error{Source: Source{Kind: FromFile, Name: path, Line: line}, Key: "view",
			Msg: "view: want an array of tables [[view]], found a table"}
	}
	raw, _ := doc["view"].([]map[string]any)
	if raw == nil {
		if arr, ok := doc["view"].([]any); ok {
			for _, v := range arr {
				if m, ok := v.(map[string]any); ok {
					raw = append(raw, m)
				}
			}
		}
	}
	// The lines of each table's header and keys, in order.
	type pos struct {
		header int
		keys   map[string]int
	}
	var lines []pos
	for _, e := range ents {
		switch {
		case e.path == "view" && e.kind == unstable.ArrayTable:
			lines = append(lines, pos{header: e.line, keys: map[string]int{}})
		case strings.HasPrefix(e.path, "view.") && len(lines) > 0:
			lines[len(lines)-1].keys[strings.TrimPrefix(e.path, "view.")] = e.line
		}
	}
	if len(raw) > maxViews {
		return &Error{Source: Source{Kind: FromFile, Name: path, Line: lines[maxViews].header}, Key: "view",
			Msg: fmt.Sprintf("too many [[view]] tables: %d; at most %d", len(raw), maxViews)}
	}
	views := make([]View, 0, len(raw))
	for i, t := range raw {
		p := pos{keys: map[string]int{}}
		if i < len(lines) {
			p = lines[i]
		}
		at := func(key string) Source {
			line := p.keys[key]
			if line == 0 {
				line = p.header
			}
			return Source{Kind: FromFile, Name: path, Line: line}
		}
		str := func(key string) string { s, _ := t[key].(string); return s }
		v := View{Name: strings.TrimSpace(str("name")), Scope: strings.TrimSpace(str("scope")), Panel: str("panel"),
			Level: str("level"), Category: str("category"), Query: str("query"), Sort: str("sort"),
			Group: str("group"), Acked: str("acked"), Line: p.header}
		if err := v.check(); err != nil {
			var fe *fieldError
			key := "name"
			if errors.As(err, &fe) {
				key = fe.key
			}
			return &Error{Source: at(key), Key: "view." + key, Msg: fmt.Sprintf("[[view]] %s: %v", viewLabel(v, i), err)}
		}
		for _, w := range views {
			if strings.EqualFold(w.Name, v.Name) {
				return &Error{Source: at("name"), Key: "view.name",
					Msg: fmt.Sprintf("[[view]] name %s is taken by the view at line %d; names must differ", quote(v.Name), w.Line)}
			}
		}
		views = append(views, v)
	}
	c.Views = views
	return nil
}

// viewLabel names a view in a message: its name, or its position.
func viewLabel(v View, i int) string {
	if v.Name != "" && utf8.RuneCountInString(v.Name) <= maxViewName {
		return quote(v.Name)
	}
	return fmt.Sprintf("#%d", i+1)
}

// fieldError is a bad value of one field of a view.
type fieldError struct {
	key string
	msg string
}

func (e *fieldError) Error() string { return e.key + ": " + e.msg }

// check validates a view's fields.
func (v View) check() error {
	oneOf := func(key, val string, allowed []string) error {
		if val == "" || slices.Contains(allowed, val) {
			return nil
		}
		return &fieldError{key, fmt.Sprintf("%s; want one of %s", quote(val), strings.Join(allowed, ", "))}
	}
	text := func(key, val string, limit int) error {
		switch {
		case utf8.RuneCountInString(val) > limit:
			return &fieldError{key, fmt.Sprintf("at most %d characters", limit)}
		case sanitize.Line(val, 0) != val:
			return &fieldError{key, "want text without control or invisible characters"}
		}
		return nil
	}
	if v.Name == "" {
		return &fieldError{"name", "missing; every [[view]] needs a name"}
	}
	for _, err := range []error{
		text("name", v.Name, maxViewName),
		text("scope", v.Scope, maxViewScope),
		oneOf("panel", v.Panel, ViewPanels),
		oneOf("level", v.Level, api.Levels),
		oneOf("category", v.Category, api.Categories),
		text("query", v.Query, maxViewQuery),
		oneOf("sort", v.Sort, ViewSorts),
		oneOf("group", v.Group, ViewGroups),
		oneOf("acked", v.Acked, ViewAcked),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// checkDefaultView checks that default_view, when set, names a view.
func (c *Config) checkDefaultView() error {
	if c.DefaultView == "" {
		return nil
	}
	for _, v := range c.Views {
		if strings.EqualFold(v.Name, c.DefaultView) {
			return nil
		}
	}
	names := make([]string, len(c.Views))
	for i, v := range c.Views {
		names[i] = quote(v.Name)
	}
	msg := fmt.Sprintf("default_view %s names no [[view]]", quote(c.DefaultView))
	if len(names) > 0 {
		msg += " (views: " + strings.Join(names, ", ") + ")"
	} else {
		msg += " (the file defines none)"
	}
	return &Error{Source: c.sources["default_view"], Key: "default_view", Msg: msg}
}

// unknownViewKey explains an unknown key of a [[view]] table.
func unknownViewKey(key string) string {
	last := strings.TrimPrefix(key, "view.")
	msg := "unknown key " + quote(key)
	best, bestD := "", 3
	for _, k := range viewKeys {
		if d := distance(last, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best != "" {
		msg += "; did you mean " + quote("view."+best) + "?"
	}
	return msg + " (keys of [[view]]: " + strings.Join(viewKeys, ", ") + ")"
}

// viewNameKind is the name of a view (default_view).
type viewNameKind struct{ stringish }

func (k viewNameKind) fromText(s string) (any, error) {
	s = strings.TrimSpace(s)
	switch {
	case utf8.RuneCountInString(s) > maxViewName:
		return nil, fmt.Errorf("want a view name of at most %d characters", maxViewName)
	case sanitize.Line(s, 0) != s:
		return nil, errors.New("want a view name without control or invisible characters")
	}
	return s, nil
}

func (k viewNameKind) fromTOML(v any) (any, error) { return fromTOMLString(k, v) }

// writeViews prints the views as [[view]] tables, each with the line it
// came from (see Write).
func (c *Config) writeViews(bw *bufio.Writer) {
	for _, v := range c.Views {
		bw.WriteString("\n[[view]]  # " + Source{Kind: FromFile, Name: c.File, Line: v.Line}.String() + "\n")
		for _, kv := range [][2]string{{"name", v.Name}, {"scope", v.Scope}, {"panel", v.Panel}, {"level", v.Level},
			{"category", v.Category}, {"query", v.Query}, {"sort", v.Sort}, {"group", v.Group}, {"acked", v.Acked}} {
			if kv[1] != "" {
				bw.WriteString(kv[0] + " = " + quote(kv[1]) + "\n")
			}
		}
	}
}
