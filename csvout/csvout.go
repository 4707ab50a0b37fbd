// Package csvout writes tables as CSV that a spreadsheet opens safely: UTF-8
// with a byte-order mark (so Excel reads the Chinese as UTF-8), CRLF line
// ends, every cell whole, and any cell a spreadsheet would run as a formula
// (one that begins with =, +, -, @, a tab or a carriage return, and is not a
// plain number) made text by a leading apostrophe (OWASP's "CSV injection").
// The dashboard's export (`e`) and `casewatch snapshot --format csv` use it.
package csvout

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// BOM is the UTF-8 byte-order mark written first.
const BOM = "\ufeff"

// Table is a header and its rows, each as long as the header.
type Table struct {
	Header []string
	Rows   [][]string
}

// Cell returns s as a spreadsheet must read it: s itself, or s behind an
// apostrophe when a spreadsheet would take it for a formula. A number
// such as -3.5 or +2 stays a number.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '@', '\t', '\r':
		return "'" + s
	case '+', '-':
		if _, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64); err == nil {
			return s
		}
		return "'" + s
	}
	return s
}

// Write writes t to w: the BOM, the header, the rows, every cell through
// Cell. A row longer or shorter than the header is an error (nothing is
// cut or padded silently).
func Write(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	rec := make([]string, len(t.Header))
	put := func(row []string) error {
		for i, s := range row {
			rec[i] = Cell(s)
		}
		return cw.Write(rec)
	}
	if err := put(t.Header); err != nil {
		return err
	}
	for i, row := range t.Rows {
		if len(row) != len(t.Header) {
			return fmt.Errorf("csvout: row %d has %d cells, the header %d", i+1, len(row), len(t.Header))
		}
		if err := put(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteFile writes t into dir (created if missing, mode 0700) as
// <name>-<YYYYMMDD-HHMMSS>.csv at now, never over an existing file (a
// second export in the same second gets -2, -3 …), through a temporary file
// renamed into place, mode 0600: the rows are case data. It returns the
// path written.
func WriteFile(dir, name string, now time.Time, t Table) (string, error) {
	if dir == "" {
		return "", errors.New("no export folder configured (export_dir, --export-dir)")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, ".export-*.csv")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name()) // gone after the link below; cleans up on failure
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return "", err
	}
	if err := Write(tmp, t); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	base := name + "-" + now.Format("20060102-150405")
	for i := 1; i < 1000; i++ {
		path := filepath.Join(dir, base+".csv")
		if i > 1 {
			path = filepath.Join(dir, base+"-"+strconv.Itoa(i)+".csv")
		}
		// A hard link never replaces an existing file.
		err := os.Link(tmp.Name(), path)
		if err == nil {
			return path, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("csvout: too many exports named %s in %s", base, dir)
}
