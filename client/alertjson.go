package client

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client/sanitize"
)

// This file is a hand-written decoder for the hot path: GET /alerts bodies
// (10,000 alerts is about 9 MB of JSON, which encoding/json decodes in about
// 95 ms on the target machine). It decodes straight into api types and
// sanitises as it goes, interning the many repeated strings (unit, rule and
// person names, legal basis) so that each distinct value is sanitised and
// allocated once per body.
//
// It accepts exactly what encoding/json accepts, with the same result
// (FuzzDecodeAlerts checks this against encoding/json + sanitizeAlert),
// except that it rejects duplicate keys, which encoding/json resolves by
// merging, and a top-level null.

// jsonSyntaxError is a JSON syntax error at a byte offset.
type jsonSyntaxError struct {
	msg       string
	Offset    int64
	truncated bool
}

// Error describes the syntax error and its offset.
func (e *jsonSyntaxError) Error() string {
	return fmt.Sprintf("%s at offset %d", e.msg, e.Offset)
}

// maxDepth bounds the nesting of skipped values, as encoding/json does.
const maxDepth = 10000

// maxIntern bounds each intern table of one body.
const maxIntern = 4096

// field classes: each has its sanitiser and cap.
const (
	clsID = iota
	clsCode
	clsName
	clsLine
	clsText
	numClasses
	clsRaw = numClasses // unsanitised, for ids checked as they came
)

// Caps, in runes, of the field classes.
const (
	capID   = 128
	capCode = 64
	capName = 200
	capLine = 1000
	capText = 4000
)

// clean applies the sanitiser of a class.
func clean(cls int, s string) string {
	switch cls {
	case clsID:
		return sanitize.Line(s, capID)
	case clsCode:
		return sanitize.Line(s, capCode)
	case clsName:
		return sanitize.Line(s, capName)
	case clsLine:
		return sanitize.Line(s, capLine)
	case clsRaw:
		return s
	}
	return sanitize.Text(s, capText)
}

type jsonDecoder struct {
	data   []byte
	pos    int
	buf    []byte
	intern [numClasses]map[string]string
}

func (d *jsonDecoder) fail(msg string) error {
	return &jsonSyntaxError{msg: msg, Offset: int64(d.pos)}
}

func (d *jsonDecoder) eof() error {
	return &jsonSyntaxError{msg: "unexpected end of JSON input", Offset: int64(len(d.data)), truncated: true}
}

func (d *jsonDecoder) unexpected() error {
	if d.pos >= len(d.data) {
		return d.eof()
	}
	return d.fail(fmt.Sprintf("invalid character %s", quoteChar(d.data[d.pos])))
}

func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	if c < 0x20 || c >= 0x7f {
		return fmt.Sprintf("0x%02x", c)
	}
	return "'" + string(c) + "'"
}

func (d *jsonDecoder) ws() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// peek skips white space and returns the next byte.
func (d *jsonDecoder) peek() (byte, error) {
	d.ws()
	if d.pos >= len(d.data) {
		return 0, d.eof()
	}
	return d.data[d.pos], nil
}

// literal consumes null, true or false when it is next; it reports which.
func (d *jsonDecoder) literal(word string) bool {
	if bytes.HasPrefix(d.data[d.pos:], []byte(word)) {
		d.pos += len(word)
		return true
	}
	return false
}

// expect consumes the literal word (null, true or false), which must be
// next.
func (d *jsonDecoder) expect(word string) error {
	if d.literal(word) {
		return nil
	}
	return d.badLiteral(word)
}

// isNull consumes a null when it is next.
func (d *jsonDecoder) isNull() (bool, error) {
	c, err := d.peek()
	if err != nil {
		return false, err
	}
	if c != 'n' {
		return false, nil
	}
	if d.literal("null") {
		return true, nil
	}
	return false, d.badLiteral("null")
}

func (d *jsonDecoder) badLiteral(word string) error {
	// Find the first byte that differs, for the offset.
	for i := 0; i < len(word); i++ {
		if d.pos+i >= len(d.data) {
			d.pos += i
			return d.eof()
		}
		if d.data[d.pos+i] != word[i] {
			d.pos += i
			return d.fail(fmt.Sprintf("invalid character %s in literal %s", quoteChar(d.data[d.pos]), word))
		}
	}
	return d.fail("invalid literal")
}

// str reads a JSON string; the bytes alias data or d.buf and are valid
// until the next read.
func (d *jsonDecoder) str() ([]byte, error) {
	c, err := d.peek()
	if err != nil {
		return nil, err
	}
	if c != '"' {
		return nil, d.fail(fmt.Sprintf("invalid character %s, want a string", quoteChar(c)))
	}
	d.pos++
	start := d.pos
	// Fast path: find the closing quote, then make sure the run holds no
	// escape and no raw control byte. Invalid UTF-8 is left for the
	// sanitiser, which replaces it exactly as encoding/json would.
	if q := bytes.IndexByte(d.data[start:], '"'); q >= 0 {
		s := d.data[start : start+q]
		if bytes.IndexByte(s, '\\') < 0 && !hasCtl(s) {
			d.pos = start + q + 1
			return s, nil
		}
	}
	return d.strEscaped(start)
}

// hasCtl reports whether s holds a byte below 0x20, eight bytes at a time.
func hasCtl(s []byte) bool {
	const lo, hi = 0x2020202020202020, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64(s[i:])
		if (x-lo)&^x&hi != 0 {
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

// appendFixUTF8 replaces each byte of an invalid UTF-8 sequence with
// U+FFFD, as encoding/json does.
func appendFixUTF8(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = utf8.AppendRune(dst, utf8.RuneError)
			i++
			continue
		}
		dst = append(dst, s[i:i+size]...)
		i += size
	}
	return dst
}

// strEscaped finishes a string that holds escapes, unescaping into d.buf.
func (d *jsonDecoder) strEscaped(start int) ([]byte, error) {
	b := d.buf[:0]
	b = appendFixUTF8(b, d.data[start:d.pos])
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			d.buf = b
			return b, nil
		case c == '\\':
			d.pos++
			if d.pos >= len(d.data) {
				return nil, d.eof()
			}
			e := d.data[d.pos]
			d.pos++
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, err := d.hex4()
				if err != nil {
					return nil, err
				}
				if utf16.IsSurrogate(r) {
					// A pair needs a second \u escape right after.
					if d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
						save := d.pos
						d.pos += 2
						r2, err := d.hex4()
						if err != nil {
							return nil, err
						}
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							r = dec
						} else {
							d.pos = save
							r = utf8.RuneError
						}
					} else {
						r = utf8.RuneError
					}
				}
				b = utf8.AppendRune(b, r)
			default:
				d.pos--
				return nil, d.fail(fmt.Sprintf("invalid character %s in string escape code", quoteChar(e)))
			}
		case c < 0x20:
			return nil, d.fail(fmt.Sprintf("invalid character %s in string literal", quoteChar(c)))
		case c < utf8.RuneSelf:
			b = append(b, c)
			d.pos++
		default:
			r, size := utf8.DecodeRune(d.data[d.pos:])
			if r == utf8.RuneError && size == 1 {
				b = utf8.AppendRune(b, utf8.RuneError)
			} else {
				b = append(b, d.data[d.pos:d.pos+size]...)
			}
			d.pos += size
		}
	}
	d.buf = b
	return nil, d.eof()
}

func (d *jsonDecoder) hex4() (rune, error) {
	var r rune
	for i := 0; i < 4; i++ {
		if d.pos >= len(d.data) {
			return 0, d.eof()
		}
		c := d.data[d.pos]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, d.fail(fmt.Sprintf("invalid character %s in \\u hexadecimal character escape", quoteChar(c)))
		}
		r = r<<4 | rune(c)
		d.pos++
	}
	return r, nil
}

// number reads a JSON number literal.
func (d *jsonDecoder) number() ([]byte, error) {
	start := d.pos
	p := d.pos
	n := len(d.data)
	if p < n && d.data[p] == '-' {
		p++
	}
	if p >= n {
		d.pos = p
		return nil, d.eof()
	}
	switch c := d.data[p]; {
	case c == '0':
		p++
	case c >= '1' && c <= '9':
		for p < n && d.data[p] >= '0' && d.data[p] <= '9' {
			p++
		}
	default:
		d.pos = p
		return nil, d.fail(fmt.Sprintf("invalid character %s in numeric literal", quoteChar(c)))
	}
	if p < n && d.data[p] == '.' {
		p++
		if p >= n {
			d.pos = p
			return nil, d.eof()
		}
		if d.data[p] < '0' || d.data[p] > '9' {
			d.pos = p
			return nil, d.fail(fmt.Sprintf("invalid character %s after decimal point in numeric literal", quoteChar(d.data[p])))
		}
		for p < n && d.data[p] >= '0' && d.data[p] <= '9' {
			p++
		}
	}
	if p < n && (d.data[p] == 'e' || d.data[p] == 'E') {
		p++
		if p < n && (d.data[p] == '+' || d.data[p] == '-') {
			p++
		}
		if p >= n {
			d.pos = p
			return nil, d.eof()
		}
		if d.data[p] < '0' || d.data[p] > '9' {
			d.pos = p
			return nil, d.fail(fmt.Sprintf("invalid character %s in exponent of numeric literal", quoteChar(d.data[p])))
		}
		for p < n && d.data[p] >= '0' && d.data[p] <= '9' {
			p++
		}
	}
	d.pos = p
	return d.data[start:p], nil
}

// skip reads and discards any value.
func (d *jsonDecoder) skip(depth int) error {
	if depth > maxDepth {
		return d.fail("exceeded max depth")
	}
	c, err := d.peek()
	if err != nil {
		return err
	}
	switch {
	case c == '"':
		_, err := d.str()
		return err
	case c == '{':
		d.pos++
		first := true
		for {
			key, ok, err := d.nextKey(&first)
			if err != nil || !ok {
				return err
			}
			_ = key
			if err := d.skip(depth + 1); err != nil {
				return err
			}
		}
	case c == '[':
		d.pos++
		first := true
		for {
			ok, err := d.nextElem(&first)
			if err != nil || !ok {
				return err
			}
			if err := d.skip(depth + 1); err != nil {
				return err
			}
		}
	case c == '-' || (c >= '0' && c <= '9'):
		_, err := d.number()
		return err
	case c == 't':
		return d.expect("true")
	case c == 'f':
		return d.expect("false")
	case c == 'n':
		return d.expect("null")
	}
	return d.fail(fmt.Sprintf("invalid character %s looking for beginning of value", quoteChar(c)))
}

// openObject consumes '{'; null reports ok false.
func (d *jsonDecoder) openObject() (ok bool, err error) {
	c, err := d.peek()
	if err != nil {
		return false, err
	}
	switch c {
	case '{':
		d.pos++
		return true, nil
	case 'n':
		return false, d.expect("null")
	}
	return false, d.fail(fmt.Sprintf("invalid character %s, want an object", quoteChar(c)))
}

// nextKey reads the next key of an object and its colon; ok is false at
// the closing brace.
func (d *jsonDecoder) nextKey(first *bool) (key []byte, ok bool, err error) {
	c, err := d.peek()
	if err != nil {
		return nil, false, err
	}
	if c == '}' {
		d.pos++
		return nil, false, nil
	}
	if !*first {
		if c != ',' {
			return nil, false, d.fail(fmt.Sprintf("invalid character %s after object key:value pair", quoteChar(c)))
		}
		d.pos++
		if c, err = d.peek(); err != nil {
			return nil, false, err
		}
	}
	*first = false
	if c != '"' {
		return nil, false, d.fail(fmt.Sprintf("invalid character %s looking for beginning of object key string", quoteChar(c)))
	}
	key, err = d.str()
	if err != nil {
		return nil, false, err
	}
	if c, err = d.peek(); err != nil {
		return nil, false, err
	}
	if c != ':' {
		return nil, false, d.fail(fmt.Sprintf("invalid character %s after object key", quoteChar(c)))
	}
	d.pos++
	return key, true, nil
}

// nextElem prepares the next element of an array; ok is false at ']'.
func (d *jsonDecoder) nextElem(first *bool) (ok bool, err error) {
	c, err := d.peek()
	if err != nil {
		return false, err
	}
	if c == ']' {
		d.pos++
		return false, nil
	}
	if !*first {
		if c != ',' {
			return false, d.fail(fmt.Sprintf("invalid character %s after array element", quoteChar(c)))
		}
		d.pos++
		if _, err := d.peek(); err != nil {
			return false, err
		}
		if d.data[d.pos] == ']' {
			return false, d.fail("invalid character ']' looking for beginning of value")
		}
	}
	*first = false
	return true, nil
}

// text reads a string field of a class, sanitised; null leaves old.
func (d *jsonDecoder) text(cls int, intern bool, old string) (string, error) {
	if null, err := d.isNull(); null || err != nil {
		return old, err
	}
	if d.data[d.pos] != '"' {
		if err := d.skip(0); err != nil {
			return "", err
		}
		return "", fmt.Errorf("expected a string")
	}
	raw, err := d.str()
	if err != nil {
		return "", err
	}
	if !intern {
		return clean(cls, string(raw)), nil
	}
	m := d.intern[cls]
	if m == nil {
		m = make(map[string]string, 64)
		d.intern[cls] = m
	}
	if s, ok := m[string(raw)]; ok {
		return s, nil
	}
	k := string(raw)
	s := clean(cls, k)
	if len(m) < maxIntern {
		m[k] = s
	}
	return s, nil
}

// code reads a code field: a known code costs no allocation; anything else
// is sanitised (and rejected later by validation).
func (d *jsonDecoder) code(set []string, old string) (string, error) {
	if null, err := d.isNull(); null || err != nil {
		return old, err
	}
	if d.data[d.pos] == '"' {
		save := d.pos
		raw, err := d.str()
		if err != nil {
			return "", err
		}
		for _, v := range set {
			if string(raw) == v {
				return v, nil
			}
		}
		d.pos = save
	}
	return d.text(clsCode, true, old)
}

// boolean reads a bool field; null leaves old.
func (d *jsonDecoder) boolean(old bool) (bool, error) {
	c, err := d.peek()
	if err != nil {
		return false, err
	}
	switch c {
	case 't':
		if d.literal("true") {
			return true, nil
		}
		return false, d.badLiteral("true")
	case 'f':
		if d.literal("false") {
			return false, nil
		}
		return false, d.badLiteral("false")
	case 'n':
		if d.literal("null") {
			return old, nil
		}
		return false, d.badLiteral("null")
	}
	if err := d.skip(0); err != nil {
		return false, err
	}
	return false, fmt.Errorf("expected a boolean")
}

// integer reads an int field; null leaves old.
func (d *jsonDecoder) integer(old int) (int, error) {
	if null, err := d.isNull(); null || err != nil {
		return old, err
	}
	c := d.data[d.pos]
	if c != '-' && (c < '0' || c > '9') {
		if err := d.skip(0); err != nil {
			return 0, err
		}
		return 0, fmt.Errorf("expected an integer")
	}
	lit, err := d.number()
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(string(lit), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("number %s is not an integer", sanitize.Line(string(lit), 40))
	}
	return int(n), nil
}

// timestamp reads an RFC 3339 time; null leaves old.
func (d *jsonDecoder) timestamp(old time.Time) (time.Time, error) {
	if null, err := d.isNull(); null || err != nil {
		return old, err
	}
	if d.data[d.pos] != '"' {
		if err := d.skip(0); err != nil {
			return time.Time{}, err
		}
		return time.Time{}, fmt.Errorf("expected an RFC 3339 time")
	}
	raw, err := d.str()
	if err != nil {
		return time.Time{}, err
	}
	var t time.Time
	if err := t.UnmarshalText(raw); err != nil {
		return time.Time{}, fmt.Errorf("time %q is not RFC 3339", sanitize.Line(string(raw), 40))
	}
	return t, nil
}

// timePtr reads an optional time; null sets nil.
func (d *jsonDecoder) timePtr(old *time.Time) (*time.Time, error) {
	if null, err := d.isNull(); null || err != nil {
		return nil, err
	}
	var base time.Time
	if old != nil {
		base = *old
	}
	t, err := d.timestamp(base)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// end checks that only white space follows the top-level value.
func (d *jsonDecoder) end() error {
	d.ws()
	if d.pos < len(d.data) {
		return d.fail(fmt.Sprintf("invalid character %s after top-level value", quoteChar(d.data[d.pos])))
	}
	return nil
}

// fieldError wraps a type error with where it happened.
type fieldError struct {
	where string
	err   error
}

// Error names the field and what was wrong with it.
func (e *fieldError) Error() string { return e.where + ": " + e.err.Error() }

// Unwrap returns the underlying error.
func (e *fieldError) Unwrap() error { return e.err }

// wrapField adds the record and field to a non-syntax error.
func wrapField(err error, where func() string) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*jsonSyntaxError); ok {
		return err
	}
	if _, ok := err.(*fieldError); ok {
		return err
	}
	if _, ok := err.(*validationError); ok {
		return err
	}
	return &fieldError{where: where(), err: err}
}

// matchKey resolves key against the known keys: exactly first, then
// case-insensitively, as encoding/json does. It returns -1 when unknown.
func matchKey(key []byte, keys []string, hint int) int {
	if hint < len(keys) && string(key) == keys[hint] {
		return hint
	}
	for i, k := range keys {
		if string(key) == k {
			return i
		}
	}
	for i, k := range keys {
		if bytes.EqualFold(key, []byte(k)) {
			return i
		}
	}
	return -1
}

var alertKeys = []string{
	"id", "rule", "rule_name", "rule_name_en", "category", "level", "status",
	"case_id", "case_no", "unit_id", "unit_name", "dept_id", "dept_name",
	"person_id", "person_name", "due_at", "days_remaining", "detected_at",
	"updated_at", "rectified_at", "basis", "message", "ack",
}

var ackKeys = []string{"by", "note", "at", "acted_at"}

var pageKeys = []string{"alerts", "next_cursor", "sync_cursor", "delta", "as_of"}

func dupKey(key []byte, seen *uint32, i int, where func() string) error {
	bit := uint32(1) << uint(i)
	if *seen&bit != 0 {
		return &fieldError{where: where(), err: fmt.Errorf("duplicate key %q", sanitize.Line(string(key), 40))}
	}
	*seen |= bit
	return nil
}

// alert decodes one alert object into a (null leaves it as is).
func (d *jsonDecoder) alert(a *api.Alert, where func() string) error {
	ok, err := d.openObject()
	if err != nil || !ok {
		return err
	}
	var seen uint32
	first := true
	hint := 0
	for {
		key, more, err := d.nextKey(&first)
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
		i := matchKey(key, alertKeys, hint)
		hint = i + 1
		if i < 0 {
			if err := d.skip(1); err != nil {
				return err
			}
			continue
		}
		if err := dupKey(key, &seen, i, where); err != nil {
			return err
		}
		switch i {
		case 0:
			a.ID, err = d.text(clsRaw, false, a.ID)
			if err == nil {
				if err := checkKey(where, "id", a.ID); err != nil {
					return err
				}
			}
		case 1:
			a.Rule, err = d.text(clsCode, true, a.Rule)
		case 2:
			a.RuleName, err = d.text(clsName, true, a.RuleName)
		case 3:
			a.RuleNameEn, err = d.text(clsName, true, a.RuleNameEn)
		case 4:
			a.Category, err = d.code(alertCategories, a.Category)
		case 5:
			a.Level, err = d.code(alertLevels, a.Level)
		case 6:
			a.Status, err = d.code(alertStatuses, a.Status)
		case 7:
			a.CaseID, err = d.text(clsID, false, a.CaseID)
		case 8:
			a.CaseNo, err = d.text(clsName, true, a.CaseNo)
		case 9:
			a.UnitID, err = d.text(clsID, true, a.UnitID)
		case 10:
			a.UnitName, err = d.text(clsName, true, a.UnitName)
		case 11:
			a.DeptID, err = d.text(clsID, true, a.DeptID)
		case 12:
			a.DeptName, err = d.text(clsName, true, a.DeptName)
		case 13:
			a.PersonID, err = d.text(clsID, true, a.PersonID)
		case 14:
			a.PersonName, err = d.text(clsName, true, a.PersonName)
		case 15:
			a.DueAt, err = d.timestamp(a.DueAt)
		case 16:
			a.DaysRemaining, err = d.integer(a.DaysRemaining)
		case 17:
			a.DetectedAt, err = d.timestamp(a.DetectedAt)
		case 18:
			a.UpdatedAt, err = d.timestamp(a.UpdatedAt)
		case 19:
			a.RectifiedAt, err = d.timePtr(a.RectifiedAt)
		case 20:
			a.Basis, err = d.text(clsText, true, a.Basis)
		case 21:
			a.Message, err = d.text(clsLine, false, a.Message)
		case 22:
			err = d.ackField(a, where)
		}
		if err != nil {
			return wrapField(err, func() string { return where() + "." + alertKeys[i] })
		}
	}
}

func (d *jsonDecoder) ackField(a *api.Alert, where func() string) error {
	ok, err := d.openObject()
	if err != nil {
		return err
	}
	if !ok {
		a.Ack = nil
		return nil
	}
	ack := a.Ack
	if ack == nil {
		ack = new(api.Ack)
	}
	var seen uint32
	first := true
	for {
		key, more, err := d.nextKey(&first)
		if err != nil {
			return err
		}
		if !more {
			a.Ack = ack
			return nil
		}
		i := matchKey(key, ackKeys, 0)
		if i < 0 {
			if err := d.skip(1); err != nil {
				return err
			}
			continue
		}
		if err := dupKey(key, &seen, i, func() string { return where() + ".ack" }); err != nil {
			return err
		}
		switch i {
		case 0:
			ack.By, err = d.text(clsName, true, ack.By)
		case 1:
			ack.Note, err = d.text(clsText, false, ack.Note)
		case 2:
			ack.At, err = d.timestamp(ack.At)
		case 3:
			ack.ActedAt, err = d.timestamp(ack.ActedAt)
		}
		if err != nil {
			return wrapField(err, func() string { return where() + ".ack." + ackKeys[i] })
		}
	}
}

// decodeAlertPageFast decodes and sanitises a GET /alerts body; it does
// not validate codes (validateAlertPage does).
func decodeAlertPageFast(body []byte) (*api.AlertPage, error) {
	d := &jsonDecoder{data: body}
	p := new(api.AlertPage)
	ok, err := d.openObject()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &fieldError{where: "body", err: fmt.Errorf("null instead of an object")}
	}
	var seen uint32
	first := true
	top := func() string { return "page" }
	for {
		key, more, err := d.nextKey(&first)
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
		i := matchKey(key, pageKeys, 0)
		if i < 0 {
			if err := d.skip(1); err != nil {
				return nil, err
			}
			continue
		}
		if err := dupKey(key, &seen, i, top); err != nil {
			return nil, err
		}
		switch i {
		case 0:
			err = d.alerts(p)
		case 1:
			p.NextCursor, err = d.text(clsLine, false, p.NextCursor)
		case 2:
			p.SyncCursor, err = d.text(clsLine, false, p.SyncCursor)
		case 3:
			p.Delta, err = d.boolean(p.Delta)
		case 4:
			p.AsOf, err = d.timestamp(p.AsOf)
		}
		if err != nil {
			return nil, wrapField(err, func() string { return pageKeys[i] })
		}
	}
	if err := d.end(); err != nil {
		return nil, err
	}
	return p, nil
}

func (d *jsonDecoder) alerts(p *api.AlertPage) error {
	c, err := d.peek()
	if err != nil {
		return err
	}
	if c == 'n' {
		if d.literal("null") {
			p.Alerts = nil
			return nil
		}
		return d.badLiteral("null")
	}
	if c != '[' {
		if err := d.skip(0); err != nil {
			return err
		}
		return fmt.Errorf("expected an array")
	}
	d.pos++
	list := make([]api.Alert, 0, min(len(d.data)/700+1, 1<<16))
	first := true
	for {
		more, err := d.nextElem(&first)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		list = append(list, api.Alert{})
		n := len(list) - 1
		if err := d.alert(&list[n], func() string { return recordName("alerts", n, list[n].ID) }); err != nil {
			return err
		}
	}
	p.Alerts = list
	return nil
}

// decodeAlertFast decodes and sanitises one alert object (POST ack answer).
func decodeAlertFast(body []byte) (*api.Alert, error) {
	d := &jsonDecoder{data: body}
	a := new(api.Alert)
	c, err := d.peek()
	if err != nil {
		return nil, err
	}
	if c == 'n' {
		return nil, &fieldError{where: "body", err: fmt.Errorf("null instead of an object")}
	}
	if err := d.alert(a, func() string { return recordName("alert", -1, a.ID) }); err != nil {
		return nil, err
	}
	if err := d.end(); err != nil {
		return nil, err
	}
	return a, nil
}
