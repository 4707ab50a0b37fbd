package report

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/casewatch/casewatch/api"
)

// Formats of Render.
const (
	Markdown = "markdown"
	HTML     = "html"
	JSON     = "json"
)

// section is one part of the document: a heading, paragraphs, tables.
type section struct {
	title  string
	paras  []string
	tables []table
}

type table struct {
	head  []string
	rows  [][]string
	right []bool // numeric columns
}

// unitSuffix prints an indicator's unit after its value.
var unitSuffix = map[string]string{"%": "%", "days": "天", "count": "人", "ratio": ""}

func pct(p *float64) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", *p)
}

func signed(n int) string {
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return fmt.Sprint(n)
}

// change says cur against the previous period, each with its measure
// word: 77 件（上期 58 件，+19）.
func change(cur, prev int, word string) string {
	return fmt.Sprintf("%d %s（上期 %d %s，%s）", cur, word, prev, word, signed(cur-prev))
}

func countTable(head string, cs []Count, withUnit bool) table {
	t := table{head: []string{head, "件数"}, right: []bool{false, true}}
	if withUnit {
		t = table{head: []string{"单位", head, "件数"}, right: []bool{false, false, true}}
	}
	for _, c := range cs {
		if withUnit {
			t.rows = append(t.rows, []string{c.Unit, c.Name, fmt.Sprint(c.Count)})
		} else {
			t.rows = append(t.rows, []string{c.Name, fmt.Sprint(c.Count)})
		}
	}
	return t
}

// sections lays the report out as the 通报 reads.
func (r *Report) sections() []section {
	n, pv := r.Notices, r.PrevNotices
	var out []section
	head := section{title: "一、基本情况", paras: []string{
		fmt.Sprintf("统计期间：%s（%s 至 %s）；数据截至 %s。", r.Period.Label, r.Period.From.Format("2006-01-02"),
			r.Period.To.AddDate(0, 0, -1).Format("2006-01-02"), r.DataAsOf.Format("2006-01-02 15:04 -07:00")),
		fmt.Sprintf("本期流程监控发现问题并发出提示、通知 %s，其中口头提示 %d 次、流程监控通知书 %d 份；按期回复 %d 件，逾期回复 %d 件，尚未回复 %d 件（已超过回复期限 %d 件）；已销号 %d 件，整改率 %s（上期 %s）。",
			change(n.Issued, pv.Issued, "件"), n.Oral, n.Written, n.RepliedOnTime, n.RepliedLate, n.Unanswered, n.Overdue, n.Closed,
			pct(n.RectificationRate), pct(pv.RectificationRate)),
		"整改率 = 已销号（整改经核实）件数 ÷ 本期发出件数；回复期限默认为 7 日（本系统设定）。",
	}}
	if r.Simulated {
		head.paras = append(head.paras, "【演示数据】本报告全部数据来自模拟案件系统，单位、人员均为虚构，不反映任何真实检察机关的情况。")
	}
	out = append(out, head)
	out = append(out, section{title: "二、发现问题情况", paras: []string{"按问题类别、单位和部门统计（每份提示、通知书计一个问题）。"},
		tables: []table{countTable("问题类别", r.ByCategory, false), countTable("单位", r.ByUnit, false), countTable("部门", r.ByDept, true)}})
	rep := section{title: "三、重复发生问题", paras: []string{fmt.Sprintf("本期收到 2 次以上提示、通知的承办检察官 %s，部门 %d 个。",
		change(len(r.RepeatPersons), r.PrevRepeatPersons, "人"), len(r.RepeatDepts))}}
	if len(r.RepeatPersons) > 0 {
		rep.tables = append(rep.tables, countTable("承办检察官", r.RepeatPersons, true))
	}
	if len(r.RepeatDepts) > 0 {
		rep.tables = append(rep.tables, countTable("部门", r.RepeatDepts, true))
	}
	out = append(out, rep)
	ind := section{title: "四、业务指标分析研判", paras: []string{"本院排名靠后、波动较大的指标，及各下级院排名靠后的指标数（内部分析研判用，不作排名通报）。"}}
	for _, s := range r.Indicators {
		if s.Missing != "" {
			ind.paras = append(ind.paras, fmt.Sprintf("%s：%s", s.Period, s.Missing))
			continue
		}
		note := fmt.Sprintf("%s：%d 项指标中 %d 项为模拟数值。", s.Period, s.Total, s.Simulated)
		ind.paras = append(ind.paras, note)
		t := table{head: []string{"期间", "指标", "情形", "数值", "排名", "环比", "排名靠后的下级院"}, right: []bool{false, false, false, true, true, true, false}}
		for _, row := range s.Rows {
			flag := "排名靠后"
			if row.Flag == "volatile" {
				flag = "波动较大"
			}
			rank, ch := "—", "—"
			if row.RankOf > 0 {
				rank = fmt.Sprintf("%d/%d", row.Rank, row.RankOf)
			}
			if row.Change != nil {
				ch = fmt.Sprintf("%+.2f", *row.Change)
			}
			name := row.Name
			if row.Source == "simulated" {
				name += "（模拟）"
			}
			t.rows = append(t.rows, []string{s.Period, name, flag, fmt.Sprintf("%.2f%s", row.Value, unitSuffix[row.Unit]), rank, ch, strings.Join(row.Bottom, "、")})
		}
		if len(t.rows) > 0 {
			ind.tables = append(ind.tables, t)
		}
		if len(s.LowUnits) > 0 {
			lt := table{head: []string{"期间", "下级院", "排名靠后的指标数"}, right: []bool{false, false, true}}
			for _, u := range s.LowUnits {
				lt.rows = append(lt.rows, []string{s.Period, u.Name, fmt.Sprint(u.Count)})
			}
			ind.tables = append(ind.tables, lt)
		}
	}
	out = append(out, ind)
	pw := r.Powers
	ps := section{title: "五、权责清单执行情况", paras: []string{fmt.Sprintf("期间 %s：决定 %d 项，其中越权决定 %d 项；清单未列事项 %d 项（清单维护事项，不属办案人员过错）。",
		strings.Join(pw.Periods, "、"), pw.Decisions, pw.Over, pw.NotOnList)}}
	if pw.Missing != "" {
		ps.paras = append(ps.paras, pw.Missing)
	}
	if len(pw.ByDept) > 0 {
		ps.tables = append(ps.tables, countTable("越权决定所在部门", pw.ByDept, false))
	}
	if len(pw.Gaps) > 0 {
		t := table{head: []string{"清单未列事项", "决定数", "涉及单位"}, right: []bool{false, true, true}}
		for _, g := range pw.Gaps {
			t.rows = append(t.rows, []string{g.Name, fmt.Sprint(g.Decisions), fmt.Sprint(g.Units)})
		}
		ps.tables = append(ps.tables, t)
	}
	out = append(out, ps)
	out = append(out, r.reviewSection())
	return out
}

var reasonNames = map[string]string{api.OutcomeAcquitted: "无罪判决", api.OutcomeWithdrawn: "撤回起诉"}

func (r *Report) reviewSection() section {
	sec := section{title: "六、案件质量评查"}
	rv := r.Review
	if rv == nil {
		sec.paras = []string{r.ReviewMissing}
		return sec
	}
	var share *float64
	if rv.Closed > 0 {
		v := 100 * float64(rv.Reviewed) / float64(rv.Closed)
		share = &v
	}
	sec.paras = []string{
		fmt.Sprintf("本期办结案件 %d 件，已评查 %d 件（每案必评进度 %s），评查发现问题的 %d 件。", rv.Closed, rv.Reviewed, pct(share), rv.WithIssues),
		fmt.Sprintf("无罪判决、撤回起诉案件逐案评查：本期 %d 件。评查问题的整改情况本系统未记录，不计整改率；法院退回案件本系统未模拟。", len(rv.Queued)),
	}
	if len(rv.Grades) > 0 {
		t := table{head: []string{"评查等级", "件数"}, right: []bool{false, true}}
		for _, g := range rv.Grades {
			t.rows = append(t.rows, []string{g.Grade, fmt.Sprint(g.Count)})
		}
		sec.tables = append(sec.tables, t)
	}
	if len(rv.Queued) > 0 {
		t := table{head: []string{"单位", "案号", "情形", "日期", "已评查"}, right: []bool{false, false, false, false, false}}
		for _, q := range rv.Queued {
			done := "否"
			if q.Reviewed {
				done = "是"
			}
			t.rows = append(t.rows, []string{q.UnitName, q.CaseNo, nameOr(reasonNames[q.Reason], q.Reason), q.At.Format("2006-01-02"), done})
		}
		sec.tables = append(sec.tables, t)
	}
	return sec
}

// Render writes the report in format.
func Render(w io.Writer, r *Report, format string) error {
	switch format {
	case JSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	case Markdown:
		return renderMarkdown(w, r.Title, r.subtitle(), r.sections())
	case HTML:
		return renderHTML(w, r.Title, r.subtitle(), r.sections())
	}
	return fmt.Errorf("format %q: want markdown, html or json", format)
}

func (r *Report) subtitle() string {
	s := fmt.Sprintf("%s · %s · 数据截至 %s", r.IssuingUnit, r.Period.Label, r.DataAsOf.Format("2006年1月2日 15:04"))
	if r.Simulated {
		s += " · 演示数据（模拟）"
	}
	return s
}

// mdCell keeps a table cell on one line and its pipes literal.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}

func renderMarkdown(w io.Writer, title, sub string, secs []section) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n", mdCell(title), mdCell(sub))
	for _, s := range secs {
		fmt.Fprintf(&b, "\n## %s\n\n", s.title)
		for _, p := range s.paras {
			fmt.Fprintf(&b, "%s\n\n", p)
		}
		for _, t := range s.tables {
			if len(t.rows) == 0 {
				continue
			}
			b.WriteString("|")
			for _, h := range t.head {
				fmt.Fprintf(&b, " %s |", h)
			}
			b.WriteString("\n|")
			for i := range t.head {
				if t.right[i] {
					b.WriteString(" ---: |")
				} else {
					b.WriteString(" --- |")
				}
			}
			b.WriteString("\n")
			for _, row := range t.rows {
				b.WriteString("|")
				for _, c := range row {
					fmt.Fprintf(&b, " %s |", mdCell(c))
				}
				b.WriteString("\n")
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

// pageCSS prints on A4 as a circulated document: 仿宋 body, 黑体 headings,
// 小标宋 title, page numbers at the foot.
const pageCSS = `@page { size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center { content: "— " counter(page) " —"; font-family: "FangSong", "STFangsong", serif; } }
body { font-family: "FangSong", "FangSong_GB2312", "STFangsong", serif; font-size: 16pt; line-height: 28pt; color: #000; }
h1 { font-family: "FZXiaoBiaoSong-B05S", "STZhongsong", "SimSun", serif; font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 12pt; }
.sub { text-align: center; font-size: 14pt; margin-bottom: 18pt; }
h2 { font-family: "SimHei", "STHeiti", sans-serif; font-size: 16pt; font-weight: normal; margin: 14pt 0 6pt; page-break-after: avoid; }
p { text-indent: 2em; margin: 0 0 6pt; text-align: justify; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; line-height: 18pt; margin: 6pt 0 12pt; page-break-inside: auto; }
th, td { border: 0.5pt solid #000; padding: 2pt 4pt; }
th { font-family: "SimHei", "STHeiti", sans-serif; font-weight: normal; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr { page-break-inside: avoid; }
.demo { border: 1pt solid #000; padding: 4pt; text-indent: 0; }`

func renderHTML(w io.Writer, title, sub string, secs []section) error {
	var b strings.Builder
	e := html.EscapeString
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n<style>\n%s\n</style>\n</head>\n<body>\n", e(title), pageCSS)
	fmt.Fprintf(&b, "<h1>%s</h1>\n<p class=\"sub\">%s</p>\n", e(title), e(sub))
	for _, s := range secs {
		fmt.Fprintf(&b, "<h2>%s</h2>\n", e(s.title))
		for _, p := range s.paras {
			cls := ""
			if strings.HasPrefix(p, "【演示数据】") {
				cls = ` class="demo"`
			}
			fmt.Fprintf(&b, "<p%s>%s</p>\n", cls, e(p))
		}
		for _, t := range s.tables {
			if len(t.rows) == 0 {
				continue
			}
			b.WriteString("<table>\n<thead><tr>")
			for _, h := range t.head {
				fmt.Fprintf(&b, "<th>%s</th>", e(h))
			}
			b.WriteString("</tr></thead>\n<tbody>\n")
			for _, row := range t.rows {
				b.WriteString("<tr>")
				for i, c := range row {
					if t.right[i] {
						fmt.Fprintf(&b, "<td class=\"n\">%s</td>", e(c))
					} else {
						fmt.Fprintf(&b, "<td>%s</td>", e(c))
					}
				}
				b.WriteString("</tr>\n")
			}
			b.WriteString("</tbody>\n</table>\n")
		}
	}
	b.WriteString("</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// RenderNotice writes one notice as a printable 流程监控通知书 (or the record
// of a 口头提示): Markdown or HTML; JSON is the API's body.
func RenderNotice(w io.Writer, n *api.Notice, simulated bool, format string) error {
	if format == JSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(n)
	}
	title := "流程监控通知书"
	if n.Kind == api.NoticeOral {
		title = "口头提示记录"
	}
	sub := n.Number
	if sub == "" {
		sub = n.ID
	}
	if simulated {
		sub += " · 演示数据（模拟）"
	}
	statusNames := map[string]string{api.NoticeIssued: "待回复", api.NoticeOverdue: "逾期未回复", api.NoticeReplied: "已回复，待核实", api.NoticeClosed: "已销号"}
	body := section{title: n.PersonName + "：", paras: []string{
		fmt.Sprintf("经流程监控，%s（%s）存在以下问题（%s）：%s", n.CaseNo, n.DeptName, nameOr(CategoryNames[n.Category], n.Category), n.Text),
		fmt.Sprintf("请于 %s 前书面回复整改情况。", n.DueAt.Format("2006年1月2日")),
		fmt.Sprintf("%s（案件管理部门）　发出人：%s　%s", n.UnitName, n.IssuedBy, n.IssuedAt.Format("2006年1月2日")),
	}}
	state := section{title: "办理情况", paras: []string{"状态：" + nameOr(statusNames[n.Status], n.Status)}}
	if n.RepliedAt != nil {
		late := ""
		if n.Late {
			late = "（逾期）"
		}
		state.paras = append(state.paras, fmt.Sprintf("回复：%s %s%s：%s", n.RepliedAt.Format("2006-01-02 15:04"), n.ReplyBy, late, n.ReplyText))
	}
	if n.ClosedAt != nil {
		state.paras = append(state.paras, fmt.Sprintf("销号：%s %s", n.ClosedAt.Format("2006-01-02 15:04"), n.ClosedBy))
	}
	if len(n.History) > 0 {
		t := table{head: []string{"时间", "事项", "人员", "内容"}, right: []bool{false, false, false, false}}
		kinds := map[string]string{api.NoticeEventIssued: "发出", api.NoticeEventReplied: "回复", api.NoticeEventClosed: "销号", api.NoticeEventReopened: "退回重新整改"}
		for _, h := range n.History {
			t.rows = append(t.rows, []string{h.At.Format("2006-01-02 15:04"), nameOr(kinds[h.Kind], h.Kind), h.By, h.Text})
		}
		state.tables = append(state.tables, t)
	}
	secs := []section{body, state}
	switch format {
	case Markdown:
		return renderMarkdown(w, title, sub, secs)
	case HTML:
		return renderHTML(w, title, sub, secs)
	}
	return fmt.Errorf("format %q: want markdown, html or json", format)
}
