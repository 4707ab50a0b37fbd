package sshserve

import (
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
)

// auditLog writes one logfmt line per event: a session that ended, a
// session or a key that was refused, a connection that failed to log in.
// Every value that came from a client is quoted, so no client can forge a
// line.
type auditLog struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
}

// field is one key=value pair of an audit line.
type field struct{ k, v string }

// write writes one line: time, event, then the fields in order.
func (a *auditLog) write(event string, fields ...field) {
	var b strings.Builder
	b.WriteString("time=")
	b.WriteString(a.now().Format(time.RFC3339))
	b.WriteString(" event=")
	b.WriteString(event)
	for _, f := range fields {
		b.WriteByte(' ')
		b.WriteString(f.k)
		b.WriteByte('=')
		b.WriteString(logValue(f.v))
	}
	b.WriteByte('\n')
	a.mu.Lock()
	defer a.mu.Unlock()
	_, _ = io.WriteString(a.w, b.String())
}

// logValue quotes v when it is empty or holds anything but plain
// printable, non-space characters, '=' or '"'.
func logValue(v string) string {
	if v == "" {
		return `""`
	}
	for _, r := range v {
		if r == '"' || r == '=' || r == '\\' || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return strconv.Quote(v)
		}
	}
	return v
}
