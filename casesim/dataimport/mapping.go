package dataimport

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/casewatch/casewatch/casesim/domain"
)

// DefaultMappingTOML is the mapping of the documented layout
// (docs/IMPORT.md): used when no --mapping is given.
//
//go:embed default-mapping.toml
var DefaultMappingTOML string

// Mapping maps a department's headers and value words to casewatch's
// fields. It is read from TOML (docs/IMPORT.md, "The mapping file").
type Mapping struct {
	// Example marks a mapping shipped as an example: it says so in the
	// import report.
	Example    bool     `toml:"example"`
	Cases      TableMap `toml:"cases"`
	Events     TableMap `toml:"events"`
	Org        TableMap `toml:"org"`
	Indicators TableMap `toml:"indicators"`
	Values     Values   `toml:"values"`

	path string // the file it came from ("default mapping" when built in)
	raw  []byte
}

// TableMap maps one table: the sheet of a workbook it is on, and for each
// casewatch field the header of its column.
type TableMap struct {
	Sheet   string            `toml:"sheet"`
	Columns map[string]string `toml:"columns"`
}

// Values maps the department's words to casewatch's codes, on top of the
// built-in ones (every code and its Chinese name, 是/否 …).
type Values struct {
	Type  map[string]string `toml:"type"`  // 案件类别 → case type code
	Event map[string]string `toml:"event"` // 环节/节点 → event type code
	Yes   []string          `toml:"yes"`   // words meaning yes
	No    []string          `toml:"no"`    // words meaning no
	Level map[string]string `toml:"level"` // 院级别 → province|city|basic
}

// field is one casewatch field of a table.
type field struct {
	name     string
	required bool
}

// fields of each table, in documentation order.
var fields = map[string][]field{
	"cases": {{"case_no", true}, {"title", true}, {"type", true}, {"unit", true}, {"lead", true},
		{"accepted_at", true}, {"department", false}, {"detained", false}, {"major", false},
		{"fast_track", false}, {"plea", false}, {"events", false}, {"closed_at", false}, {"matter", false}},
	"events":     {{"case_no", true}, {"type", true}, {"at", true}, {"detail", false}},
	"org":        {{"unit", true}, {"name", false}, {"id", false}, {"department", false}, {"parent", false}, {"level", false}, {"role", false}},
	"indicators": {{"unit", true}, {"indicator", true}, {"period", true}, {"value", true}, {"numerator", false}, {"denominator", false}},
}

// LoadMapping reads a mapping file; path "" is the default mapping.
func LoadMapping(path string) (*Mapping, error) {
	if path == "" {
		return parseMapping("default mapping", []byte(DefaultMappingTOML))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("mapping: %w", err)
	}
	return parseMapping(path, b)
}

func parseMapping(path string, b []byte) (*Mapping, error) {
	m := &Mapping{path: path, raw: b}
	dec := toml.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(m); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return nil, fmt.Errorf("mapping %s: line %d, column %d: %s", path, row, col, de.Error())
		}
		var sm *toml.StrictMissingError
		if errors.As(err, &sm) && len(sm.Errors) > 0 {
			row, _ := sm.Errors[0].Position()
			return nil, fmt.Errorf("mapping %s: line %d: unknown key %s (see docs/IMPORT.md)", path, row, strings.Join(sm.Errors[0].Key(), "."))
		}
		return nil, fmt.Errorf("mapping %s: %w", path, err)
	}
	for table, tm := range map[string]TableMap{"cases": m.Cases, "events": m.Events, "org": m.Org, "indicators": m.Indicators} {
		for k, v := range tm.Columns {
			if !slices.ContainsFunc(fields[table], func(f field) bool { return f.name == k }) {
				var names []string
				for _, f := range fields[table] {
					names = append(names, f.name)
				}
				return nil, fmt.Errorf("mapping %s: line %d: [%s.columns] has no field %q (fields: %s)", path, m.line(table, k), table, k, strings.Join(names, ", "))
			}
			if strings.TrimSpace(v) == "" {
				return nil, fmt.Errorf("mapping %s: line %d: [%s.columns] %s maps to an empty header", path, m.line(table, k), table, k)
			}
		}
	}
	if len(m.Cases.Columns) == 0 {
		return nil, fmt.Errorf("mapping %s: no [cases.columns] table", path)
	}
	for _, f := range fields["cases"] {
		if _, ok := m.Cases.Columns[f.name]; f.required && !ok {
			return nil, fmt.Errorf("mapping %s: [cases.columns] (line %d) does not map the required field %s", path, m.sectionLine("cases.columns"), f.name)
		}
	}
	for code, v := range m.Values.Level {
		switch v {
		case "province", "city", "basic":
		default:
			return nil, fmt.Errorf("mapping %s: line %d: [values.level] %q = %q: want province, city or basic", path, m.line("values.level", code), code, v)
		}
	}
	for w, v := range m.Values.Type {
		if _, ok := domain.CaseTypeByType(v); !ok {
			return nil, fmt.Errorf("mapping %s: line %d: [values.type] %q = %q is not a case type code", path, m.line("values.type", w), w, v)
		}
	}
	for w, v := range m.Values.Event {
		if _, ok := eventKinds[v]; !ok {
			if _, ok := domain.EventLabels[v]; !ok {
				return nil, fmt.Errorf("mapping %s: line %d: [values.event] %q = %q is not an event type code", path, m.line("values.event", w), w, v)
			}
		}
	}
	return m, nil
}

// Path is the file the mapping came from.
func (m *Mapping) Path() string { return m.path }

// where names the mapping line that maps field of table, for errors.
func (m *Mapping) where(table, fieldName string) string {
	return fmt.Sprintf("%s line %d: %s = %q", m.path, m.line(table, fieldName), fieldName, m.column(table, fieldName))
}

func (m *Mapping) table(name string) TableMap {
	switch name {
	case "cases":
		return m.Cases
	case "events":
		return m.Events
	case "org":
		return m.Org
	case "indicators":
		return m.Indicators
	}
	return TableMap{}
}

func (m *Mapping) column(table, fieldName string) string {
	return m.table(table).Columns[fieldName]
}

var sectionRe = regexp.MustCompile(`^\s*\[\s*([^\]]+?)\s*\]`)

// line finds the line of key in the mapping's text: under [section.columns]
// (or under section when it has a dot), or as a dotted key.
func (m *Mapping) line(section, key string) int {
	want := section
	if !strings.Contains(section, ".") {
		want = section + ".columns"
	}
	cur := ""
	for i, l := range strings.Split(string(m.raw), "\n") {
		if s := sectionRe.FindStringSubmatch(l); s != nil {
			cur = strings.ReplaceAll(s[1], " ", "")
			continue
		}
		k, _, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		k = strings.Trim(strings.TrimSpace(k), `"'`)
		if (cur == want && k == key) || (cur == "" && k == want+"."+key) || (cur == strings.SplitN(want, ".", 2)[0] && k == strings.SplitN(want, ".", 2)[1]+"."+key) {
			return i + 1
		}
	}
	return m.sectionLine(want)
}

func (m *Mapping) sectionLine(section string) int {
	for i, l := range strings.Split(string(m.raw), "\n") {
		if s := sectionRe.FindStringSubmatch(l); s != nil && strings.ReplaceAll(s[1], " ", "") == section {
			return i + 1
		}
	}
	return 0
}
