package client

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client/sanitize"
)

// This file decodes GET /alerts bodies (and the one alert of an
// acknowledgement's answer) by hand, straight into the client's compact
// Alert, sanitising and interning as it goes. It exists for what
// encoding/json cannot do (docs/PERFORMANCE.md has the figures):
//   - reject one bad record and keep the others: a value of the wrong
//     type, a number out of range (1e400, 2^63+5), a bare NaN or Infinity
//     (which careless servers emit), an id with control characters;
//   - share the strings and records many alerts repeat;
//   - about 3x less time and allocation than encoding/json + a walker.
//
// It accepts what encoding/json accepts, with the same values (keys match
// case-insensitively, the last duplicate wins, null leaves a field as it
// was), except that a bare NaN, Infinity or -Infinity inside a record
// rejects that record rather than the body. FuzzDecodeAlerts checks this
// against decodeAlertPageStd (encoding/json, record by record).

type jsonDecoder struct {
	data    []byte
	pos     int
	buf     []byte
	escaped bool // the last string read held an escape
	in      *interner
	// bad is the first value that did not fit its field in the current
	// record (or in the page, outside records); field names the member
	// being decoded, under prefix.
	bad           *fieldError
	prefix, field string
}

func (d *jsonDecoder) fail(format string, args ...any) error {
	return &jsonSyntaxError{msg: fmt.Sprintf(format, args...), Offset: int64(d.pos)}
}

func (d *jsonDecoder) eof() error {
	return &jsonSyntaxError{msg: "unexpected end of JSON input", Offset: int64(len(d.data)), truncated: true}
}

// note records a value that does not fit the current field.
func (d *jsonDecoder) notef(format string, args ...any) {
	if d.bad == nil {
		d.bad = &fieldError{where: d.prefix + d.field, err: fmt.Errorf(format, args...)}
	}
}

func quoteChar(c byte) string {
	switch {
	case c == '\'':
		return `'\''`
	case c == '"':
		return `'"'`
	case c < 0x20 || c >= 0x7f:
		return fmt.Sprintf("0x%02x", c)
	}
	return "'" + string(c) + "'"
}

// peek skips white space and returns the next byte.
func (d *jsonDecoder) peek() (byte, error) {
	for ; d.pos < len(d.data); d.pos++ {
		switch c := d.data[d.pos]; c {
		case ' ', '\t', '\n', '\r':
		default:
			return c, nil
		}
	}
	return 0, d.eof()
}

// literal consumes word (null, true, false) if it is next.
func (d *jsonDecoder) literal(word string) bool {
	if bytes.HasPrefix(d.data[d.pos:], []byte(word)) {
		d.pos += len(word)
		return true
	}
	return false
}

// badLiteral fails at the first byte that differs from word.
func (d *jsonDecoder) badLiteral(word string) error {
	for i := 0; i < len(word); i++ {
		if d.pos+i >= len(d.data) {
			return d.eof()
		}
		if d.data[d.pos+i] != word[i] {
			d.pos += i
			return d.fail("invalid character %s in literal %s", quoteChar(d.data[d.pos]), word)
		}
	}
	return d.fail("invalid literal")
}

// str reads a JSON string; the bytes alias data or d.buf and are valid
// until the next read. A string with escapes (rare in practice) is
// unescaped by encoding/json itself, so that its surrogates and bad
// escapes come out exactly as they would there.
func (d *jsonDecoder) str() ([]byte, error) {
	if c, err := d.peek(); err != nil || c != '"' {
		if err == nil {
			err = d.fail("invalid character %s looking for beginning of object key string", quoteChar(c))
		}
		return nil, err
	}
	d.pos++
	start := d.pos
	d.escaped = false
	// Fast path: no escape and no raw control byte before the closing
	// quote. Invalid UTF-8 is left for the sanitiser, which replaces it
	// exactly as encoding/json would.
	if q := bytes.IndexByte(d.data[start:], '"'); q >= 0 {
		if s := d.data[start : start+q]; bytes.IndexByte(s, '\\') < 0 && !hasCtl(s) {
			d.pos = start + q + 1
			return s, nil
		}
	}
	for i := start; i < len(d.data); i++ {
		switch c := d.data[i]; {
		case c == '\\':
			d.escaped = true
			i++ // the escaped byte; encoding/json checks the escape
		case c < 0x20:
			d.pos = i
			return nil, d.fail("invalid character %s in string literal", quoteChar(c))
		case c == '"':
			var s string
			if err := json.Unmarshal(d.data[start-1:i+1], &s); err != nil {
				d.pos = start
				return nil, d.fail("invalid escape in string literal")
			}
			d.pos, d.buf = i+1, append(d.buf[:0], s...)
			return d.buf, nil
		}
	}
	return nil, d.eof()
}

// hasCtl reports whether s holds a byte below 0x20, eight bytes at a time.
func hasCtl(s []byte) bool {
	const lo, hi = 0x2020202020202020, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if x := binary.LittleEndian.Uint64(s[i:]); (x-lo)&^x&hi != 0 {
			return true
		}
	}
	for ; i < len(s); i++ {
		if s[i] < 0x20 {
			return true
		}
	}
	return false
}

// number reads a JSON number literal.
func (d *jsonDecoder) number() ([]byte, error) {
	start := d.pos
	digits := func(what string) error {
		if d.pos >= len(d.data) {
			return d.eof()
		}
		if c := d.data[d.pos]; c < '0' || c > '9' {
			return d.fail("invalid character %s %s", quoteChar(c), what)
		}
		for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
			d.pos++
		}
		return nil
	}
	if d.pos < len(d.data) && d.data[d.pos] == '-' {
		d.pos++
	}
	if d.pos < len(d.data) && d.data[d.pos] == '0' {
		d.pos++
	} else if err := digits("in numeric literal"); err != nil {
		return nil, err
	}
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		d.pos++
		if err := digits("after decimal point in numeric literal"); err != nil {
			return nil, err
		}
	}
	if d.pos < len(d.data) && d.data[d.pos]|0x20 == 'e' {
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		if err := digits("in exponent of numeric literal"); err != nil {
			return nil, err
		}
	}
	return d.data[start:d.pos], nil
}

// skip reads and discards any value. A bare NaN, Infinity or -Infinity
// is consumed and noted as a bad value, not a syntax error.
func (d *jsonDecoder) skip(depth int) error {
	if depth > maxDepth {
		return d.fail("exceeded max depth")
	}
	c, err := d.peek()
	if err != nil {
		return err
	}
	for _, w := range []string{"NaN", "Infinity", "-Infinity"} {
		if (c == w[0] || c == '-') && d.literal(w) {
			d.notef("%s is not a JSON number", w)
			return nil
		}
	}
	switch {
	case c == '"':
		_, err = d.str()
	case c == '{' || c == '[':
		d.pos++
		for first := true; err == nil; {
			var more bool
			if more, err = d.next(c+2, &first); !more || err != nil { // '{'+2 == '}', '['+2 == ']'
				return err
			}
			if c == '{' {
				_, err = d.key(nil, 0)
			}
			if err == nil {
				err = d.skip(depth + 1)
			}
		}
	case c == '-' || (c >= '0' && c <= '9'):
		_, err = d.number()
	case c == 't', c == 'f', c == 'n':
		w := "true"
		switch c {
		case 'f':
			w = "false"
		case 'n':
			w = "null"
		}
		if !d.literal(w) {
			err = d.badLiteral(w)
		}
	default:
		err = d.fail("invalid character %s looking for beginning of value", quoteChar(c))
	}
	return err
}

// next moves to the next member of an object or array closed by end; more
// is false after the closing byte.
func (d *jsonDecoder) next(end byte, first *bool) (more bool, err error) {
	c, err := d.peek()
	if err != nil {
		return false, err
	}
	switch {
	case c == end:
		d.pos++
		return false, nil
	case *first:
		*first = false
		return true, nil
	case c == ',':
		d.pos++
		_, err = d.peek()
		return err == nil, err
	case end == '}':
		return false, d.fail("invalid character %s after object key:value pair", quoteChar(c))
	}
	return false, d.fail("invalid character %s after array element", quoteChar(c))
}

// key reads an object key and its colon, and returns its index in keys
// (trying keys[hint] first, then an exact match, then a case-insensitive
// one, as encoding/json does), -1 when unknown. d.field names it.
func (d *jsonDecoder) key(keys []string, hint int) (int, error) {
	k, err := d.str()
	if err != nil {
		return -1, err
	}
	i := -1
	if hint < len(keys) && string(k) == keys[hint] {
		i = hint
	}
	for pass := 0; pass < 2 && i < 0 && len(keys) > 0; pass++ {
		for j, name := range keys {
			if string(k) == name || (pass == 1 && bytes.EqualFold(k, []byte(name))) {
				i = j
				break
			}
		}
	}
	d.field = ""
	if i >= 0 {
		d.field = keys[i]
	}
	if c, err := d.peek(); err != nil || c != ':' {
		if err == nil {
			err = d.fail("invalid character %s after object key", quoteChar(c))
		}
		return -1, err
	}
	d.pos++
	return i, nil
}

// object decodes an object member by member: set decodes the value of
// keys[i], others are skipped. null reports false; any other value is
// skipped and noted.
func (d *jsonDecoder) object(keys []string, set func(i int) error) (bool, error) {
	c, err := d.peek()
	if err != nil || c == 'n' && d.literal("null") {
		return false, err
	}
	if c != '{' {
		err = d.skip(0)
		d.notef("expected an object")
		return false, err
	}
	d.pos++
	for first, hint := true, 0; ; {
		if more, err := d.next('}', &first); !more || err != nil {
			return true, err
		}
		at := d.pos
		i, err := d.key(keys, hint)
		if err != nil {
			return true, err
		}
		switch bad := d.bad; {
		case i >= 0:
			hint = i + 1
			err = set(i)
		default:
			err = d.skip(1)
			if d.bad != bad { // name the unknown member, read again
				k, _ := (&jsonDecoder{data: d.data, pos: at}).str()
				d.bad.where = d.prefix + sanitize.Line(string(k), 40)
			}
		}
		if err != nil {
			return true, err
		}
	}
}

// What a field wants, as a note says it.
const (
	wantString = "a string"
	wantInt    = "an integer"
	wantTime   = "an RFC 3339 time"
	wantBool   = "a boolean"
)

// value reads a scalar of the kind want: ok is false for null and for a
// value of another kind, which is skipped and noted.
func (d *jsonDecoder) value(want string) (raw []byte, ok bool, err error) {
	c, err := d.peek()
	if err != nil || c == 'n' && d.literal("null") {
		return nil, false, err
	}
	switch {
	case c == '"' && (want == wantString || want == wantTime):
		raw, err = d.str()
		return raw, err == nil, err
	case (c == '-' || c >= '0' && c <= '9') && want == wantInt:
		raw, err = d.number()
		return raw, err == nil, err
	case want == wantBool && (d.literal("true") || d.literal("false")):
		return d.data[d.pos-4 : d.pos], true, nil
	}
	err = d.skip(0)
	d.notef("expected %s", want)
	return nil, false, err
}

// wasNull reports whether the value just read was null.
func (d *jsonDecoder) wasNull() bool {
	return d.pos >= 4 && string(d.data[d.pos-4:d.pos]) == "null"
}

// text decodes a string field of a class into *dst (null leaves it);
// shared values are interned.
func (d *jsonDecoder) text(dst *string, cls int, shared bool) error {
	raw, ok, err := d.value(wantString)
	switch {
	case !ok:
	case shared && d.in != nil:
		*dst = d.in.str(cls, raw)
	default:
		*dst = clean(cls, string(raw))
	}
	return err
}

// integer decodes an int field.
func (d *jsonDecoder) integer(dst *int) error {
	raw, ok, err := d.value(wantInt)
	if ok {
		n, perr := strconv.ParseInt(string(raw), 10, 64)
		switch {
		case perr == nil:
			*dst = int(n)
		case perr.(*strconv.NumError).Err == strconv.ErrRange && !bytes.ContainsAny(raw, ".eE"):
			d.notef("number %s is out of range", sanitize.Line(string(raw), 40))
		default:
			d.notef("number %s is not an integer", sanitize.Line(string(raw), 40))
		}
	}
	return err
}

// timestamp decodes an RFC 3339 time field; with optional, into a new
// *time.Time (null sets nil).
func (d *jsonDecoder) timestamp(dst *time.Time, ptr **time.Time) error {
	raw, ok, err := d.value(wantTime)
	if ptr != nil && !ok && err == nil && d.wasNull() {
		*ptr = nil // null
	}
	if !ok {
		return err
	}
	var t time.Time
	if d.escaped || t.UnmarshalText(raw) != nil {
		d.notef("time %q is not RFC 3339", sanitize.Line(string(raw), 40))
		return nil //nolint:nilerr // a bad time is noted on the record, not an error of the document
	}
	if ptr != nil {
		*ptr = &t
	} else {
		*dst = t
	}
	return nil
}

// field decodes one member of an alert.
type field struct {
	key string
	dec func(d *jsonDecoder, a *api.Alert) error
}

// str is a string member: values many alerts repeat are interned (ids
// and case numbers, nearly unique, are not: a table entry costs more than
// the string).
func str(key string, cls int, p func(*api.Alert) *string) field {
	shared := cls != clsRaw && key != "case_id" && key != "case_no"
	return field{key, func(d *jsonDecoder, a *api.Alert) error { return d.text(p(a), cls, shared) }}
}

func stamp(key string, p func(*api.Alert) *time.Time) field {
	return field{key, func(d *jsonDecoder, a *api.Alert) error { return d.timestamp(p(a), nil) }}
}

// alertFields are the members of an alert, in the order servers send them.
var alertFields = []field{
	str("id", clsRaw, func(a *api.Alert) *string { return &a.ID }),
	str("rule", clsCode, func(a *api.Alert) *string { return &a.Rule }),
	str("rule_name", clsName, func(a *api.Alert) *string { return &a.RuleName }),
	str("rule_name_en", clsName, func(a *api.Alert) *string { return &a.RuleNameEn }),
	str("category", clsCode, func(a *api.Alert) *string { return &a.Category }),
	str("level", clsCode, func(a *api.Alert) *string { return &a.Level }),
	str("status", clsCode, func(a *api.Alert) *string { return &a.Status }),
	str("case_id", clsID, func(a *api.Alert) *string { return &a.CaseID }),
	str("case_no", clsName, func(a *api.Alert) *string { return &a.CaseNo }),
	str("unit_id", clsID, func(a *api.Alert) *string { return &a.UnitID }),
	str("unit_name", clsName, func(a *api.Alert) *string { return &a.UnitName }),
	str("dept_id", clsID, func(a *api.Alert) *string { return &a.DeptID }),
	str("dept_name", clsName, func(a *api.Alert) *string { return &a.DeptName }),
	str("person_id", clsID, func(a *api.Alert) *string { return &a.PersonID }),
	str("person_name", clsName, func(a *api.Alert) *string { return &a.PersonName }),
	stamp("due_at", func(a *api.Alert) *time.Time { return &a.DueAt }),
	{"days_remaining", func(d *jsonDecoder, a *api.Alert) error { return d.integer(&a.DaysRemaining) }},
	stamp("detected_at", func(a *api.Alert) *time.Time { return &a.DetectedAt }),
	stamp("updated_at", func(a *api.Alert) *time.Time { return &a.UpdatedAt }),
	{"rectified_at", func(d *jsonDecoder, a *api.Alert) error { return d.timestamp(nil, &a.RectifiedAt) }},
	str("basis", clsText, func(a *api.Alert) *string { return &a.Basis }),
	str("message", clsLine, func(a *api.Alert) *string { return &a.Message }),
	{"ack", (*jsonDecoder).ack},
}

var alertKeys, ackKeys, pageKeys = keysOf(alertFields), []string{"by", "note", "at", "acted_at"},
	[]string{"alerts", "next_cursor", "sync_cursor", "delta", "as_of"}

func keysOf(fs []field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.key
	}
	return out
}

// ack decodes the ack member into a.Ack (merging, as encoding/json does).
func (d *jsonDecoder) ack(a *api.Alert) error {
	ack := a.Ack
	if ack == nil {
		ack = new(api.Ack)
	}
	d.prefix = "ack."
	defer func() { d.prefix = "" }()
	ok, err := d.object(ackKeys, func(int) error {
		switch d.field {
		case "by":
			return d.text(&ack.By, clsName, true)
		case "note":
			return d.text(&ack.Note, clsText, false)
		case "acted_at":
			return d.timestamp(&ack.ActedAt, nil)
		}
		return d.timestamp(&ack.At, nil)
	})
	switch {
	case ok:
		a.Ack = ack
	case err == nil && d.wasNull():
		a.Ack = nil
	}
	return err
}

// alert decodes one alert into a, noting the first bad value in d.bad.
func (d *jsonDecoder) alert(a *api.Alert) error {
	_, err := d.object(alertKeys, func(i int) error { return alertFields[i].dec(d, a) })
	return err
}

// end checks that only white space follows the top-level value.
func (d *jsonDecoder) end() error {
	if c, err := d.peek(); err == nil {
		return d.fail("invalid character %s after top-level value", quoteChar(c))
	}
	return nil
}
