package config

import (
	"bufio"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Write prints the effective configuration as a TOML document, each value
// followed by its source in a comment, so that it can also serve as a
// starting file. The token is never printed: only whether one is set and
// where from. getenv is consulted for CASEWATCH_TOKEN only.
func (c *Config) Write(w io.Writer, getenv func(string) string) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("# casewatch: effective configuration (flags > environment > file > defaults)\n")
	switch {
	case c.File != "":
		bw.WriteString("# file: " + c.File + "\n")
	case c.FileNote != "":
		bw.WriteString("# file: none (" + c.FileNote + ")\n")
	default:
		bw.WriteString("# file: none\n")
	}
	bw.WriteString("# token: " + c.TokenStatus(getenv) + "\n")
	bw.WriteString("# every key can also be set as CASEWATCH_<KEY>, e.g. CASEWATCH_WALL_INTERVAL=30s\n")

	type line struct{ text, src string }
	var lines []line
	sec := ""
	for _, s := range settings {
		if ss := section(s.Key); ss != sec {
			sec = ss
			lines = append(lines, line{text: "\n[" + sec + "]"})
		}
		name := strings.TrimPrefix(s.Key, sec+".")
		if sec == "" {
			name = s.Key
		}
		lit := s.kind.literal(c.Value(s.Key))
		if s.Key == "api" {
			lit = shown(s, c.API)
		}
		lines = append(lines, line{text: name + " = " + lit, src: c.Source(s.Key).String()})
	}
	width := 0
	for _, l := range lines {
		if l.src != "" {
			width = max(width, ansi.StringWidth(l.text))
		}
	}
	for _, l := range lines {
		bw.WriteString(l.text)
		if l.src != "" {
			bw.WriteString(strings.Repeat(" ", width-ansi.StringWidth(l.text)+2))
			bw.WriteString("# " + l.src)
		}
		bw.WriteByte('\n')
	}
	c.writeViews(bw)
	return bw.Flush()
}

// TokenStatus says whether a bearer token is configured and where from,
// never what it is: "(file PATH)", "(set, from CASEWATCH_TOKEN)" or
// "(none)".
func (c *Config) TokenStatus(getenv func(string) string) string {
	switch {
	case c.TokenFile != "":
		return "(file " + c.TokenFile + ")"
	case getenv != nil && strings.TrimSpace(getenv(tokenEnvName)) != "":
		return "(set, from " + tokenEnvName + ")"
	}
	return "(none)"
}
