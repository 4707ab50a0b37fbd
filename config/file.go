package config

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	toml "github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// fileSchema is the shape of the file. Decoding into it with unknown
// fields disallowed finds unknown keys and values of the wrong TOML type;
// the values themselves are read from a second, untyped decoding and
// checked setting by setting (TestSchemaMatchesSettings keeps this struct
// and the settings table in step).
type fileSchema struct {
	API       string `toml:"api"`
	TokenFile string `toml:"token_file"`
	CAFile    string `toml:"ca_file"`
	CertFile  string `toml:"cert_file"`
	KeyFile   string `toml:"key_file"`
	User      string `toml:"user"`
	Lang      string `toml:"lang"`
	Theme     string `toml:"theme"`
	MaxAlerts int64  `toml:"max_alerts"`
	// DefaultView names the [[view]] the dashboard starts in.
	DefaultView string       `toml:"default_view"`
	ExportDir   string       `toml:"export_dir"`
	Notify      bool         `toml:"notify"`
	Clipboard   bool         `toml:"clipboard"`
	Poll        pollSchema   `toml:"poll"`
	Wall        wallSchema   `toml:"wall"`
	SSH         sshSchema    `toml:"ssh"`
	View        []viewSchema `toml:"view"` // saved views (views.go), read by applyViews
}

type pollSchema struct {
	Alerts     string `toml:"alerts"`
	Indicators string `toml:"indicators"`
	Coverage   string `toml:"coverage"`
}

type wallSchema struct {
	Enabled  bool     `toml:"enabled"`
	Interval string   `toml:"interval"`
	Panels   []string `toml:"panels"`
	Pin      string   `toml:"pin"`
	Kiosk    bool     `toml:"kiosk"`
}

type sshSchema struct {
	Addr           string `toml:"addr"`
	HostKey        string `toml:"host_key"`
	AuthorizedKeys string `toml:"authorized_keys"`
	TriageKeys     string `toml:"triage_keys"`
	IdleTimeout    string `toml:"idle_timeout"`
	MaxSessions    int64  `toml:"max_sessions"`
	AuditLog       string `toml:"audit_log"`
	// TrustedUserCAKeys and the next two: SSH certificates and the PROXY
	// protocol (sshserve).
	TrustedUserCAKeys string `toml:"trusted_user_ca_keys"`
	RevokedKeys       string `toml:"revoked_keys"`
	ProxyProtocol     bool   `toml:"proxy_protocol"`
}

// entry is a key of the document with its position: a key-value (its
// value's kind) or a table header (unstable.Table or ArrayTable).
type entry struct {
	path      string
	line, col int
	kind      unstable.Kind
	leaf      bool // a key-value whose value is not an inline table
}

// applyFile overrides c with the settings of the TOML document data.
func (c *Config) applyFile(path string, data []byte) error {
	ents, perr := scan(data)
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fileSchema{}); err != nil {
		return decodeError(path, err, ents)
	}
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		return decodeError(path, err, ents)
	}
	if perr != nil {
		return &Error{Source: Source{Kind: FromFile, Name: path, Line: 1}, Msg: "malformed TOML: " + perr.Error()}
	}
	for _, e := range ents {
		src := Source{Kind: FromFile, Name: path, Line: e.line}
		if isViewKey(e.path) {
			continue // applyViews
		}
		if !e.leaf {
			if !isSection(e.path) {
				return &Error{Source: src, Key: e.path, Msg: unknownTable(e.path)}
			}
			continue
		}
		s := Lookup(e.path)
		if s == nil {
			return &Error{Source: src, Key: e.path, Msg: unknownKey(e.path)}
		}
		raw, _ := lookupPath(doc, e.path)
		v, err := s.kind.fromTOML(raw)
		if err != nil {
			return &Error{Source: src, Key: s.Key, Msg: fmt.Sprintf("%s = %s: %v", s.Key, tomlShown(s, raw), err)}
		}
		s.store(c, v)
		c.sources[s.Key] = src
	}
	if err := c.applyViews(path, doc, ents); err != nil {
		return err
	}
	c.File = path
	return nil
}

// decodeError turns an error of go-toml into an *Error naming the line
// and what was expected.
func decodeError(path string, err error, ents []entry) error {
	var sme *toml.StrictMissingError
	if errors.As(err, &sme) && len(sme.Errors) > 0 {
		var first *Error
		msgs := make([]string, 0, len(sme.Errors))
		for i := range sme.Errors {
			de := &sme.Errors[i]
			line, _ := de.Position()
			key := strings.Join(de.Key(), ".")
			e := &Error{Source: Source{Kind: FromFile, Name: path, Line: line}, Key: key, Msg: unknownKey(key)}
			if isTable(ents, key) {
				e.Msg = unknownTable(key)
			}
			if first == nil {
				first = e
			}
			msgs = append(msgs, e.Error())
		}
		if len(msgs) > 1 {
			first.Msg += "\n" + strings.Join(msgs[1:], "\n")
		}
		return first
	}
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return &Error{Source: Source{Kind: FromFile, Name: path, Line: 1}, Msg: "malformed TOML: " + err.Error()}
	}
	line, col := de.Position()
	src := Source{Kind: FromFile, Name: path, Line: line}
	msg := strings.TrimPrefix(de.Error(), "toml: ")
	if got, ok := typeMismatch(msg); ok {
		if e, ok := before(ents, line, col); ok {
			src.Line = e.line
			return &Error{Source: src, Key: e.path, Msg: fmt.Sprintf("%s: want %s, found %s", e.path, wantOf(e.path), foundOf(e, got))}
		}
		return &Error{Source: src, Msg: msg}
	}
	return &Error{Source: src, Column: col, Msg: "malformed TOML: " + msg}
}

// typeMismatch recognises go-toml's "cannot decode TOML local date into
// ..." and "cannot store a table in a string" and returns the TOML type
// found ("local date", "table").
func typeMismatch(msg string) (found string, ok bool) {
	if rest, ok := strings.CutPrefix(msg, "cannot decode TOML "); ok {
		found, _, _ = strings.Cut(rest, " into ")
		return found, true
	}
	if rest, ok := strings.CutPrefix(msg, "cannot store "); ok {
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "an "), "a ")
		found, _, _ = strings.Cut(rest, " in ")
		return found, true
	}
	return "", false
}

// before returns the last entry that starts at or before line:col, the key
// whose value go-toml could not decode.
func before(ents []entry, line, col int) (entry, bool) {
	var best entry
	found := false
	for _, e := range ents {
		if e.line < line || (e.line == line && e.col <= col) {
			best, found = e, true
		}
	}
	return best, found
}

// wantOf says what the key must hold.
func wantOf(key string) string {
	switch {
	case key == "view":
		return "an array of tables [[view]]"
	case isViewKey(key):
		return "a string"
	}
	if s := Lookup(key); s != nil {
		return s.kind.want()
	}
	if isSection(key) {
		return "a table [" + key + "]"
	}
	return "nothing (there is no such key)"
}

// foundOf describes the TOML value found, from go-toml's name of its type.
func foundOf(e entry, got string) string {
	name := map[string]string{
		"string": "a string", "integer": "an integer", "float": "a float", "boolean": "a boolean", "bool": "a boolean",
		"array": "an array", "table": "a table", "inline table": "a table", "array table": "an array of tables",
		"local date": "a date", "local time": "a time", "local datetime": "a date-time", "datetime": "a date-time",
	}[got]
	if name == "" {
		name = "a TOML " + got
	}
	if e.kind == unstable.Array && got != "array" {
		return "an array holding " + name
	}
	return name
}

// isTable reports whether key is a table header of the document.
func isTable(ents []entry, key string) bool {
	for _, e := range ents {
		if e.path == key && !e.leaf {
			return true
		}
	}
	return false
}

func isSection(key string) bool {
	for _, s := range Sections {
		if s == key {
			return true
		}
	}
	return false
}

// lookupPath finds the value of a dotted key in a decoded document.
func lookupPath(doc map[string]any, path string) (any, bool) {
	parts := strings.Split(path, ".")
	var cur any = doc
	for _, p := range parts {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[p]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// tomlShown writes a decoded TOML value for a message.
func tomlShown(s *Setting, v any) string {
	switch x := v.(type) {
	case string:
		return shown(s, x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = tomlShown(s, e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// scan lists the keys and table headers of the document with their
// positions, in document order.
func scan(data []byte) (ents []entry, err error) {
	defer func() {
		// The unstable parser must not take the configuration down.
		if r := recover(); r != nil {
			ents, err = nil, fmt.Errorf("cannot parse: %v", r)
		}
	}()
	var p unstable.Parser
	p.Reset(data)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			parts, line, col := keyOf(&p, e.Key())
			table = parts
			ents = append(ents, entry{path: strings.Join(parts, "."), line: line, col: col, kind: e.Kind})
		case unstable.KeyValue:
			ents = appendKeyValue(&p, ents, table, e)
		}
	}
	return ents, p.Error()
}

func appendKeyValue(p *unstable.Parser, ents []entry, prefix []string, kv *unstable.Node) []entry {
	parts, line, col := keyOf(p, kv.Key())
	full := append(append([]string(nil), prefix...), parts...)
	v := kv.Value()
	ents = append(ents, entry{path: strings.Join(full, "."), line: line, col: col, kind: v.Kind, leaf: v.Kind != unstable.InlineTable})
	if v.Kind == unstable.InlineTable {
		it := v.Children()
		for it.Next() {
			if n := it.Node(); n.Kind == unstable.KeyValue {
				ents = appendKeyValue(p, ents, full, n)
			}
		}
	}
	return ents
}

// keyOf returns the parts of a key and the position of its first part.
func keyOf(p *unstable.Parser, it unstable.Iterator) (parts []string, line, col int) {
	for it.Next() {
		n := it.Node()
		if len(parts) == 0 {
			pos := p.Shape(n.Raw).Start
			line, col = pos.Line, pos.Column
		}
		parts = append(parts, string(n.Data))
	}
	return parts, line, col
}
