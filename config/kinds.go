package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/client/sanitize"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
)

// kind is the type of a setting: how its value is read from the text of a
// flag or a variable and from a TOML value, and how it is written back.
type kind interface {
	// fromText reads the text of a flag or an environment variable.
	fromText(s string) (any, error)
	// fromTOML reads a decoded TOML value (string, bool, int64 or []any).
	fromTOML(v any) (any, error)
	// typ names the kind in help texts.
	typ() string
	// want says what the file must hold, for type errors.
	want() string
	// text writes v as a flag would take it.
	text(v any) string
	// literal writes v as a TOML value.
	literal(v any) string
}

// stringish is the part of the string-valued kinds that does not depend
// on their check.
type stringish struct{}

func (stringish) typ() string          { return "string" }
func (stringish) want() string         { return "a string" }
func (stringish) text(v any) string    { return v.(string) }
func (stringish) literal(v any) string { return quote(v.(string)) }

// fromTOMLString passes a TOML string to fromText.
func fromTOMLString(k kind, v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("want %s", k.want())
	}
	return k.fromText(s)
}

// urlKind is the case-system URL: empty or http(s)://host[:port][/path].
type urlKind struct{ stringish }

func (k urlKind) fromText(s string) (any, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New(`want an http(s) URL such as "http://127.0.0.1:8470"`)
	}
	if u.User != nil {
		return nil, errors.New("the URL must not carry credentials; use a token file or " + tokenEnvName)
	}
	return s, nil
}

func (k urlKind) fromTOML(v any) (any, error) { return fromTOMLString(k, v) }

// pathKind is a file name; a leading ~/ means the home directory.
type pathKind struct{ stringish }

func (k pathKind) fromText(s string) (any, error) {
	if strings.ContainsRune(s, 0) {
		return nil, errors.New("want a file name (this one holds a NUL byte)")
	}
	if rest, ok := strings.CutPrefix(s, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return home + string(os.PathSeparator) + rest, nil
		}
	}
	return s, nil
}

func (k pathKind) fromTOML(v any) (any, error) { return fromTOMLString(k, v) }

// nameKind is a person's name as recorded with acknowledgements: 1 to
// client.MaxAckBy characters, none of them control or invisible ones.
type nameKind struct{ stringish }

func (k nameKind) fromText(s string) (any, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return nil, errors.New("want a name (who acknowledges alerts)")
	case utf8.RuneCountInString(s) > client.MaxAckBy:
		return nil, fmt.Errorf("want a name of at most %d characters", client.MaxAckBy)
	case sanitize.Line(s, 0) != s:
		return nil, errors.New("want a name without control or invisible characters")
	}
	return s, nil
}

func (k nameKind) fromTOML(v any) (any, error) { return fromTOMLString(k, v) }

// addrKind is a listen address, host:port.
type addrKind struct{ stringish }

func (k addrKind) fromText(s string) (any, error) {
	host, port, err := net.SplitHostPort(s)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil || strings.ContainsAny(host, " \t\r\n") {
		return nil, errors.New(`want host:port such as "127.0.0.1:2222"`)
	}
	return s, nil
}

func (k addrKind) fromTOML(v any) (any, error) { return fromTOMLString(k, v) }

// durKind is a duration of at least min, written as Go durations are
// ("20s", "1m30s", "2h"); zeroOK also admits 0 (meaning "never").
type durKind struct {
	min    time.Duration
	zeroOK bool
}

func (k durKind) typ() string  { return "duration" }
func (k durKind) want() string { return `a duration string such as "20s"` }

func (k durKind) fromText(s string) (any, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	switch {
	case err != nil:
		return nil, fmt.Errorf(`want a duration such as "20s", "5m" or "1h30m"`)
	case d == 0 && k.zeroOK:
		return d, nil
	case d < 0:
		return nil, fmt.Errorf("negative; want at least %s", fmtDur(k.min))
	case d < k.min:
		return nil, fmt.Errorf("want at least %s", fmtDur(k.min))
	}
	return d, nil
}

func (k durKind) fromTOML(v any) (any, error) { return fromTOMLString(k, v) }
func (k durKind) text(v any) string           { return fmtDur(v.(time.Duration)) }
func (k durKind) literal(v any) string        { return quote(fmtDur(v.(time.Duration))) }

// fmtDur writes d briefly: 20s, 1m, 30m, 1h, 1m30s.
func fmtDur(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// boolKind is true or false.
type boolKind struct{}

func (boolKind) typ() string  { return "bool" }
func (boolKind) want() string { return "true or false" }

func (boolKind) fromText(s string) (any, error) {
	b, err := strconv.ParseBool(strings.TrimSpace(s))
	if err != nil {
		return nil, errors.New("want true or false")
	}
	return b, nil
}

func (boolKind) fromTOML(v any) (any, error) {
	b, ok := v.(bool)
	if !ok {
		return nil, errors.New("want true or false")
	}
	return b, nil
}

func (boolKind) text(v any) string    { return strconv.FormatBool(v.(bool)) }
func (boolKind) literal(v any) string { return strconv.FormatBool(v.(bool)) }

// intKind is an integer from min to max.
type intKind struct{ min, max int }

func (k intKind) typ() string  { return "int" }
func (k intKind) want() string { return "an integer" }

func (k intKind) fromText(s string) (any, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("want an integer from %d to %d", k.min, k.max)
	}
	return k.fromTOML(n)
}

func (k intKind) fromTOML(v any) (any, error) {
	n, ok := v.(int64)
	if !ok || n < int64(k.min) || n > int64(k.max) {
		return nil, fmt.Errorf("want an integer from %d to %d", k.min, k.max)
	}
	return int(n), nil
}

func (k intKind) text(v any) string    { return strconv.Itoa(v.(int)) }
func (k intKind) literal(v any) string { return strconv.Itoa(v.(int)) }

// langKind is the display language.
type langKind struct{}

func (langKind) typ() string  { return "lang" }
func (langKind) want() string { return `a string, "zh" or "en"` }

func (langKind) fromText(s string) (any, error) {
	l, err := i18n.Parse(s)
	if err != nil {
		return nil, errors.New("want zh or en")
	}
	return l, nil
}

func (k langKind) fromTOML(v any) (any, error) { return fromTOMLString(k, v) }
func (langKind) text(v any) string             { return v.(i18n.Lang).String() }
func (langKind) literal(v any) string          { return quote(v.(i18n.Lang).String()) }

// themeKind is the theme family.
type themeKind struct{}

func (themeKind) typ() string  { return "theme" }
func (themeKind) want() string { return "a string: auto, dark, light, high-contrast or mono" }

func (themeKind) fromText(s string) (any, error) {
	k, err := theme.Parse(s)
	if err != nil {
		return nil, errors.New("want auto, dark, light, high-contrast or mono")
	}
	return k, nil
}

func (k themeKind) fromTOML(v any) (any, error) { return fromTOMLString(k, v) }
func (themeKind) text(v any) string             { return v.(theme.Kind).String() }
func (themeKind) literal(v any) string          { return quote(v.(theme.Kind).String()) }

// panelsKind is a list of wall panels: a comma list on the command line,
// an array of strings in the file.
type panelsKind struct{}

func (panelsKind) typ() string { return "panels" }
func (panelsKind) want() string {
	return `an array of panel names such as ["alerts", "coverage"]`
}

func (k panelsKind) fromText(s string) (any, error) {
	var names []string
	if strings.TrimSpace(s) != "" {
		names = strings.Split(s, ",")
	}
	return checkPanels(names)
}

func (k panelsKind) fromTOML(v any) (any, error) {
	var names []string
	switch l := v.(type) {
	case []string:
		names = l
	case []any:
		for _, e := range l {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("want %s", k.want())
			}
			names = append(names, s)
		}
	default:
		return nil, fmt.Errorf("want %s", k.want())
	}
	return checkPanels(names)
}

func checkPanels(names []string) ([]string, error) {
	if len(names) == 0 {
		return nil, errors.New("want at least one of alerts, indicators, coverage")
	}
	out := make([]string, 0, len(names))
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if !slices.Contains(WallPanels, n) {
			return nil, fmt.Errorf("unknown panel %s: want alerts, indicators or coverage", quote(n))
		}
		if slices.Contains(out, n) {
			return nil, fmt.Errorf("panel %s listed twice", n)
		}
		out = append(out, n)
	}
	return out, nil
}

func (panelsKind) text(v any) string { return strings.Join(v.([]string), ",") }

func (panelsKind) literal(v any) string {
	l := v.([]string)
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// quote writes s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// shown is a value as messages quote it: an URL loses its credentials.
func shown(s *Setting, text string) string {
	if _, ok := s.kind.(urlKind); ok {
		u, err := url.Parse(strings.TrimSpace(text))
		switch {
		case err == nil && u.User != nil:
			return quote(u.Redacted())
		case err != nil && strings.Contains(text, "@"):
			return "(redacted)"
		}
	}
	return quote(text)
}

const tokenEnvName = "CASEWATCH_TOKEN"
