// Package dataimport reads what a department's case system exports (Excel
// workbooks and CSV files in UTF-8, GB18030/GBK or UTF-16) through a column
// mapping (TOML) into cases, their procedural events and the organisation
// they name. A file is read and validated whole: any bad row rejects it,
// with every problem named by sheet, line and column, so nothing is ever
// half-imported. docs/IMPORT.md is the user's guide.
package dataimport

import (
	"fmt"
	"strings"
)

// RowError is one problem at one place of the input.
type RowError struct {
	// File is the file (or sheet of a workbook) the problem is in; empty
	// for the only file of an import.
	File   string
	Line   int
	Column string
	Reason string
}

// Error formats the problem as "FILE: line N, column C: reason".
func (e RowError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d", e.Line)
		if e.Column != "" {
			fmt.Fprintf(&b, ", column %s", e.Column)
		}
		b.WriteString(": ")
	} else if e.Column != "" {
		fmt.Fprintf(&b, "column %s: ", e.Column)
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Error lists every problem of a rejected import.
type Error struct {
	Problems []RowError
}

// Error names the rejection and lists the problems, one a line, the first
// 50 of them.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "import rejected, nothing was imported: %d problem(s)", len(e.Problems))
	for i, p := range e.Problems {
		if i == 50 {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Problems)-50)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// reject is an *Error with one problem.
func reject(file string, line int, column, format string, args ...any) *Error {
	return &Error{Problems: []RowError{{File: file, Line: line, Column: column, Reason: fmt.Sprintf(format, args...)}}}
}
