package dataimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// MaxRows bounds the rows of one table (a sheet or a CSV file).
const MaxRows = 1_000_000

// MaxField bounds the characters of one field.
const MaxField = 500

// Table is one sheet of a workbook or one CSV file: a header and rows.
type Table struct {
	// Name is what errors call it: the file, or "FILE [SHEET]".
	Name   string
	Sheet  string // the sheet of a workbook; empty for CSV
	Header []string
	Rows   []Row
	// Encoding is the text encoding a CSV file was read in.
	Encoding string
	// Excel is true for a workbook sheet: a number in a date column is an
	// Excel date serial.
	Excel bool
}

// Row is one record with the line (CSV) or row number (sheet) it starts on.
type Row struct {
	Line   int
	Fields []string
}

// ReadFile reads a file's tables: every sheet of an .xlsx workbook, or the
// one table of a CSV file (decoded with enc, see Decode).
func ReadFile(path string, data []byte, enc string) ([]*Table, error) {
	name := filepath.Base(path)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return readXLSX(name, data)
	case ".xls":
		return nil, reject(name, 0, "", "an .xls workbook (Excel 97–2003) cannot be read: save it as .xlsx or CSV")
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, reject(name, 0, "", "the file is a zip archive (an .xlsx workbook?) but is not named .xlsx")
	}
	text, used, err := Decode(name, data, enc)
	if err != nil {
		return nil, err
	}
	t, err := readCSV(name, text)
	if err != nil {
		return nil, err
	}
	t.Encoding = used
	return []*Table{t}, nil
}

func readCSV(name, text string) (*Table, error) {
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = 0
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, reject(name, 1, "", "the file is empty")
		}
		return nil, reject(name, 1, "", "cannot read the header: %s", csvReason(err))
	}
	t := &Table{Name: name, Header: trimHeader(header)}
	var problems []RowError
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			problems = append(problems, RowError{File: name, Line: line, Reason: csvReason(err)})
			if len(problems) > 1000 {
				break
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(t.Rows) >= MaxRows {
			problems = append(problems, RowError{File: name, Line: line, Reason: fmt.Sprintf("more than %d rows", MaxRows)})
			break
		}
		if blank(rec) {
			continue
		}
		for i, v := range rec {
			if r, pos, ok := controlAt(v); ok {
				fl, _ := cr.FieldPos(i)
				problems = append(problems, RowError{File: name, Line: fl, Column: t.Header[i],
					Reason: fmt.Sprintf("control character %U at character %d", r, pos)})
			}
		}
		t.Rows = append(t.Rows, Row{Line: line, Fields: rec})
	}
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	return t, nil
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func readXLSX(name string, data []byte) ([]*Table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, reject(name, 0, "", "not a readable .xlsx workbook: %v", err)
	}
	defer f.Close()
	var out []*Table
	var problems []RowError
	for _, sheet := range f.GetSheetList() {
		tname := fmt.Sprintf("%s [%s]", name, sheet)
		rows, err := f.Rows(sheet)
		if err != nil {
			return nil, reject(tname, 0, "", "cannot read the sheet: %v", err)
		}
		t := &Table{Name: tname, Sheet: sheet, Excel: true}
		n := 0
		for rows.Next() {
			n++
			cols, err := rows.Columns()
			if err != nil {
				rows.Close()
				return nil, reject(tname, n, "", "cannot read the row: %v", err)
			}
			if t.Header == nil {
				if blank(cols) {
					continue // leading empty rows above the header
				}
				t.Header = trimHeader(cols)
				continue
			}
			if blank(cols) {
				continue
			}
			if len(t.Rows) >= MaxRows {
				problems = append(problems, RowError{File: tname, Line: n, Reason: fmt.Sprintf("more than %d rows", MaxRows)})
				break
			}
			for i, v := range cols {
				if r, pos, ok := controlAt(v); ok {
					problems = append(problems, RowError{File: tname, Line: n, Column: colName(t.Header, i),
						Reason: fmt.Sprintf("control character %U at character %d", r, pos)})
				}
			}
			t.Rows = append(t.Rows, Row{Line: n, Fields: cols})
		}
		rows.Close()
		if t.Header != nil {
			out = append(out, t)
		}
	}
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	if len(out) == 0 {
		return nil, reject(name, 0, "", "the workbook has no sheet with a header row")
	}
	return out, nil
}

func colName(header []string, i int) string {
	if i < len(header) && header[i] != "" {
		return header[i]
	}
	n, _ := excelize.ColumnNumberToName(i + 1)
	return n
}

func trimHeader(h []string) []string {
	out := make([]string, len(h))
	for i, v := range h {
		if i == 0 {
			v = strings.TrimPrefix(v, "\ufeff")
		}
		out[i] = strings.TrimSpace(strings.Trim(v, "\u3000"))
	}
	return out
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// controlAt returns the first control character of s (C0, DEL or C1) and
// its position in characters, from 1; ok is false when s has none. A line
// break inside a field is a control character too.
func controlAt(s string) (r rune, pos int, ok bool) {
	for _, r := range s {
		pos++
		if unicode.IsControl(r) || r == utf8.RuneError {
			return r, pos, true
		}
	}
	return 0, 0, false
}
