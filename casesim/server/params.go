package server

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// limitParam parses "limit": def when absent, else an integer in [1, maxN].
func limitParam(q url.Values, def, maxN int) (int, error) {
	s := q.Get("limit")
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, badParam("limit", "limit %q is not an integer", s)
	}
	if n < 1 || n > maxN {
		return 0, badParam("limit", "limit %d is out of range 1–%d", n, maxN)
	}
	return n, nil
}

// enumParam returns the value of name when it is one of allowed (or absent:
// def).
func enumParam(q url.Values, name, def string, allowed ...string) (string, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	if !slices.Contains(allowed, s) {
		return "", badParam(name, "%s %q is not one of %s", name, s, strings.Join(allowed, ", "))
	}
	return s, nil
}

// unitParam returns the unit id of name, checked against the org tree (def
// when absent).
func (h *handler) unitParam(q url.Values, name, def string) (string, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	if _, ok := h.st.Unit(s); !ok {
		return "", notFound(name, s, "no unit %q", s)
	}
	return s, nil
}

var periodRE = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)

// textParam returns name, at most maxN characters long.
func textParam(q url.Values, name string, maxN int) (string, error) {
	s := q.Get(name)
	if !utf8.ValidString(s) {
		return "", badParam(name, "%s is not valid UTF-8", name)
	}
	if utf8.RuneCountInString(s) > maxN {
		return "", badParam(name, "%s is longer than %d characters", name, maxN)
	}
	return s, nil
}
