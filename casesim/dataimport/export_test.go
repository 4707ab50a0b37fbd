package dataimport

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/casewatch/casewatch/casesim/sim"
)

var update = flag.Bool("update", false, "rewrite the department exports in testdata/")

// The exports a department would hand over, made from realistic rows (an
// invented district 青溪 of an invented city 临川): the same rows as an
// Excel workbook (sheets 案件, 流程节点, 人员) and as GB18030 CSV files
// saved by Excel on Chinese Windows. Committed in testdata/ at the root of
// the repository; `go test ./casesim/dataimport -run TestExports -update`
// makes them again.
const (
	exportXLSX      = "../../testdata/anka-export.xlsx"
	exportCases     = "../../testdata/anka-cases-gb18030.csv"
	exportEvents    = "../../testdata/anka-events-gb18030.csv"
	exportOrg       = "../../testdata/anka-org-gb18030.csv"
	exampleMapping  = "../../docs/mappings/anka-example.toml"
	exportCaseCount = 36
)

var (
	caseHeader  = []string{"部门受案号", "统一受案号", "案件名称", "案件类别", "承办单位", "承办部门", "承办检察官", "受理日期", "是否羁押", "是否重大疑难复杂", "是否适用速裁程序", "是否认罪认罚", "办结日期"}
	eventHeader = []string{"部门受案号", "节点名称", "节点时间", "备注"}
	orgHeader   = []string{"单位名称", "上级单位", "单位级别", "部门名称", "姓名", "工号", "职务"}
)

type exportRows struct {
	cases, events, org [][]any
}

// departmentRows makes the rows: dates are time.Time (a workbook stores
// them as date serials; the CSV writes them as text).
func departmentRows() exportRows {
	r := rand.New(rand.NewPCG(17, 2026))
	var x exportRows
	units := []struct{ name, parent, level, short string }{
		{"临川市人民检察院", "", "地市级院", "临检"},
		{"临川市青溪区人民检察院", "临川市人民检察院", "基层院", "青检"},
		{"临川市白石县人民检察院", "临川市人民检察院", "基层院", "白检"},
	}
	staff := map[string][]string{
		"临川市青溪区人民检察院": {"周立新", "陈晓雯", "马骁"},
		"临川市白石县人民检察院": {"杜远航", "林静"},
	}
	for _, u := range units {
		x.org = append(x.org, []any{u.name, u.parent, u.level, "", "", "", ""})
	}
	n := 1
	for _, u := range units[1:] {
		for _, p := range staff[u.name] {
			x.org = append(x.org, []any{u.name, "", "", "第一检察部", p, fmt.Sprintf("%s%03d", u.short, n), "检察官"})
			n++
		}
	}
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
	crimes := []string{"盗窃", "危险驾驶", "诈骗", "故意伤害", "帮助信息网络犯罪活动", "寻衅滋事", "掩饰、隐瞒犯罪所得"}
	base := time.Date(2026, 9, 1, 9, 0, 0, 0, sim.Zone)
	for i := 0; i < exportCaseCount; i++ {
		u := units[1+i%2]
		people := staff[u.name]
		lead := people[r.IntN(len(people))]
		crime := crimes[r.IntN(len(crimes))]
		title := fmt.Sprintf("%c某涉嫌%s案", surnames[r.IntN(len(surnames))], crime)
		accepted := base.AddDate(0, 0, r.IntN(90)).Add(time.Duration(r.IntN(8)) * time.Hour)
		matter := fmt.Sprintf("A%s20260%05d", u.short, 100+i)
		arrest := i%3 != 2
		typ, abbr := "审查起诉", "诉"
		if arrest && i%2 == 0 {
			typ, abbr = "审查逮捕", "捕"
		}
		no := fmt.Sprintf("%s刑%s受〔2026〕%d号", u.short, abbr, 1000+i)
		detained := "否"
		if arrest {
			detained = "是"
		}
		yn := func(p float64) string {
			if r.Float64() < p {
				return "是"
			}
			return "否"
		}
		var closed any = ""
		ev := func(name string, at time.Time, note string) {
			x.events = append(x.events, []any{no, name, at, note})
		}
		switch typ {
		case "审查逮捕":
			ev("刑事拘留", accepted.AddDate(0, 0, -3), "")
			if i%4 == 0 {
				d := accepted.AddDate(0, 0, 6)
				ev("批准逮捕", d, "")
				ev("执行逮捕", d.Add(5*time.Hour), "")
				closed = d
			}
		case "审查起诉":
			if arrest {
				ev("执行逮捕", accepted.AddDate(0, -2, 0), "")
			}
			ev("告知犯罪嫌疑人诉讼权利", accepted.AddDate(0, 0, 1+r.IntN(3)), "")
			if i%5 == 0 {
				ev("退回补充侦查", accepted.AddDate(0, 0, 20), "证据不足")
			} else if i%3 == 0 {
				p := accepted.AddDate(0, 0, 25)
				ev("提起公诉", p, "")
				closed = p
				if i%2 == 1 {
					ev("法院受理", p.AddDate(0, 0, 2), "")
					ev("宣判", p.AddDate(0, 0, 30), "有罪判决")
					ev("收到判决书", p.AddDate(0, 0, 32), "")
				}
			}
		}
		x.cases = append(x.cases, []any{no, matter, title, typ, u.name, "第一检察部", lead, accepted, detained, yn(0.15), yn(0.2), yn(0.6), closed})
	}
	return x
}

// text is how Excel on Chinese Windows writes a cell to CSV.
func text(v any) string {
	switch v := v.(type) {
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 {
			return v.Format("2006/1/2")
		}
		return v.Format("2006/1/2 15:04")
	case string:
		return v
	}
	return fmt.Sprint(v)
}

func writeWorkbook(path string, x exportRows) error {
	f := excelize.NewFile()
	defer f.Close()
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm")})
	if err != nil {
		return err
	}
	for i, sh := range []struct {
		name   string
		header []string
		rows   [][]any
	}{{"案件", caseHeader, x.cases}, {"流程节点", eventHeader, x.events}, {"人员", orgHeader, x.org}} {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return err
		}
		hdr := make([]any, len(sh.header))
		for j, h := range sh.header {
			hdr[j] = h
		}
		if err := f.SetSheetRow(sh.name, "A1", &hdr); err != nil {
			return err
		}
		for j, row := range sh.rows {
			cells := make([]any, len(row))
			for k, v := range row {
				if t, ok := v.(time.Time); ok {
					// A date cell: the serial of the China-time wall clock.
					v = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, time.UTC)
				}
				cells[k] = v
			}
			cell, _ := excelize.CoordinatesToCellName(1, j+2)
			if err := f.SetSheetRow(sh.name, cell, &cells); err != nil {
				return err
			}
			for k, v := range row {
				if _, ok := v.(time.Time); ok {
					c, _ := excelize.CoordinatesToCellName(k+1, j+2)
					if err := f.SetCellStyle(sh.name, c, c, style); err != nil {
						return err
					}
				}
			}
		}
	}
	return f.SaveAs(path)
}

func ptr[T any](v T) *T { return &v }

// gbCSV is a table as Excel on Chinese Windows saves it: GB18030, CRLF.
func gbCSV(header []string, rows [][]any) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.Write(header); err != nil {
		return nil, err
	}
	for _, row := range rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = text(v)
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return simplifiedchinese.GB18030.NewEncoder().Bytes(b.Bytes())
}

// TestExports makes the department's exports (into testdata/ with
// -update, else into a temporary directory) and checks both read the same.
func TestExports(t *testing.T) {
	dir := t.TempDir()
	if *update {
		dir = "../../testdata"
	}
	x := departmentRows()
	if err := writeWorkbook(filepath.Join(dir, filepath.Base(exportXLSX)), x); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		path   string
		header []string
		rows   [][]any
	}{{exportCases, caseHeader, x.cases}, {exportEvents, eventHeader, x.events}, {exportOrg, orgHeader, x.org}} {
		b, err := gbCSV(f.header, f.rows)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f.path)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fresh := readExport(t, filepath.Join(dir, filepath.Base(exportXLSX)), "", "", "")
	csvFresh := readExport(t, filepath.Join(dir, filepath.Base(exportCases)), filepath.Join(dir, filepath.Base(exportEvents)), filepath.Join(dir, filepath.Base(exportOrg)), "auto")
	sameBatch(t, fresh, csvFresh)
}
