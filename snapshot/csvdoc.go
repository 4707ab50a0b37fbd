package snapshot

import (
	"encoding/csv"
	"io"

	"github.com/casewatch/casewatch/csvout"
)

// csvDoc writes the report as CSV a spreadsheet opens (csvout: UTF-8 with
// BOM, CRLF, formula-looking cells neutralised): its sections one under
// another, each a title row, then its fields as name, value rows or its
// table as a header and rows; a blank row between sections. Records vary
// in length, as the sections do.
type csvDoc struct {
	w   *csv.Writer
	err error
}

func newCSVDoc(w io.Writer) *csvDoc {
	d := &csvDoc{w: csv.NewWriter(w)}
	d.w.UseCRLF = true
	_, d.err = io.WriteString(w, csvout.BOM)
	return d
}

func (d *csvDoc) rec(cells ...string) {
	if d.err != nil {
		return
	}
	out := make([]string, len(cells))
	for i, s := range cells {
		out[i] = csvout.Cell(s)
	}
	d.err = d.w.Write(out)
}

func (d *csvDoc) title(s string) { d.rec(s) }
func (d *csvDoc) note(s string)  { d.rec(s) }
func (d *csvDoc) fields(kv [][2]string) {
	for _, f := range kv {
		d.rec(f[0], f[1])
	}
}
func (d *csvDoc) heading(s string) { d.rec(); d.rec(s) }
func (d *csvDoc) sub(s string)     { d.rec(); d.rec(s) }
func (d *csvDoc) para(s string)    { d.rec(s) }
func (d *csvDoc) table(t table) {
	if len(t.rows) == 0 {
		d.rec(t.none)
		return
	}
	d.rec(t.head...)
	for _, r := range t.rows {
		d.rec(r...)
	}
}

// flush ends the document and reports the first write error.
func (d *csvDoc) flush() error {
	d.w.Flush()
	if d.err != nil {
		return d.err
	}
	return d.w.Error()
}
