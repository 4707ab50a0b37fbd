// Package report builds the monthly 流程监控通报: for a month, a quarter or
// the year to date, the problems found by process monitoring and the
// notices (口头提示, 流程监控通知书) issued for them, their replies, 整改率
// and repeat problems against the previous period; the indicators of the
// period with the subordinate units ranked low and the volatile ones; 越权
// decisions and list gaps. Data comes from the API only (client.Client);
// the report states its period, its data time and whether any figure is
// simulated. Render writes it as Markdown, HTML (A4, a circulated
// document) or JSON.
package report

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// Period is a reporting period: a month, a quarter or the year to date.
type Period struct {
	Text  string    `json:"text"`  // as given: 2026-11, 2026-Q4, 2026-ytd
	Label string    `json:"label"` // 2026年11月, 2026年第四季度, 2026年1月至今
	From  time.Time `json:"from"`
	To    time.Time `json:"to"` // exclusive
	kind  byte      // 'm', 'q', 'y'
	year  int
	n     int // month or quarter
}

var (
	monthRE   = regexp.MustCompile(`^(\d{4})-(0[1-9]|1[0-2])$`)
	quarterRE = regexp.MustCompile(`^(\d{4})-Q([1-4])$`)
	ytdRE     = regexp.MustCompile(`^(\d{4})-ytd$`)
)

var quarterNames = []string{"", "一", "二", "三", "四"}

// ParsePeriod reads 2026-11, 2026-Q4 or 2026-ytd, in zone.
func ParsePeriod(s string, zone *time.Location) (Period, error) {
	p := Period{Text: s}
	switch {
	case monthRE.MatchString(s):
		m := monthRE.FindStringSubmatch(s)
		p.kind, p.year, p.n = 'm', atoi(m[1]), atoi(m[2])
		p.From = time.Date(p.year, time.Month(p.n), 1, 0, 0, 0, 0, zone)
		p.To = p.From.AddDate(0, 1, 0)
		p.Label = fmt.Sprintf("%d年%d月", p.year, p.n)
	case quarterRE.MatchString(s):
		m := quarterRE.FindStringSubmatch(s)
		p.kind, p.year, p.n = 'q', atoi(m[1]), atoi(m[2])
		p.From = time.Date(p.year, time.Month(3*p.n-2), 1, 0, 0, 0, 0, zone)
		p.To = p.From.AddDate(0, 3, 0)
		p.Label = fmt.Sprintf("%d年第%s季度", p.year, quarterNames[p.n])
	case ytdRE.MatchString(s):
		p.kind, p.year = 'y', atoi(ytdRE.FindStringSubmatch(s)[1])
		p.From = time.Date(p.year, 1, 1, 0, 0, 0, 0, zone)
		p.To = p.From.AddDate(1, 0, 0)
		p.Label = fmt.Sprintf("%d年1月至今（累计）", p.year)
	default:
		return p, fmt.Errorf("period %q: want a month 2026-11, a quarter 2026-Q4 or the year to date 2026-ytd", s)
	}
	return p, nil
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// noticePeriod is the period as GET /notices takes it.
func (p Period) noticePeriod() string {
	if p.kind == 'y' {
		return strconv.Itoa(p.year)
	}
	return p.Text
}

// Previous is the period before p (for a year to date: the same span of
// the year before).
func (p Period) Previous() Period {
	zone := p.From.Location()
	switch p.kind {
	case 'm':
		t := p.From.AddDate(0, -1, 0)
		q, _ := ParsePeriod(t.Format("2006-01"), zone)
		return q
	case 'q':
		y, n := p.year, p.n-1
		if n == 0 {
			y, n = y-1, 4
		}
		q, _ := ParsePeriod(fmt.Sprintf("%d-Q%d", y, n), zone)
		return q
	}
	q, _ := ParsePeriod(fmt.Sprintf("%d-ytd", p.year-1), zone)
	return q
}

// Count is one row of a breakdown.
type Count struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Unit  string `json:"unit,omitempty"`
	Count int    `json:"count"`
}

// NoticeFigures are the notices of a period.
type NoticeFigures struct {
	Issued        int `json:"issued"`
	Oral          int `json:"oral"`
	Written       int `json:"written"`
	RepliedOnTime int `json:"replied_on_time"`
	RepliedLate   int `json:"replied_late"`
	Unanswered    int `json:"unanswered"` // issued or overdue at the data time
	Overdue       int `json:"overdue"`    // of which past the reply date
	Closed        int `json:"closed"`
	// RectificationRate is closed (销号, rectification verified) over
	// issued, in percent; nil with no notice.
	RectificationRate *float64 `json:"rectification_rate,omitempty"`
}

// IndicatorRow is an indicator flagged in the period.
type IndicatorRow struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Value    float64  `json:"value"`
	Unit     string   `json:"unit"`
	Rank     int      `json:"rank,omitempty"`
	RankOf   int      `json:"rank_of,omitempty"`
	Change   *float64 `json:"change,omitempty"`
	Bottom   []string `json:"bottom_units,omitempty"` // subordinate units ranked low
	Source   string   `json:"source"`
	Flag     string   `json:"flag"` // bottom, volatile
	Computed bool     `json:"computed_from_cases"`
}

// IndicatorSection is the indicators of one period (a complete month or
// the year to date).
type IndicatorSection struct {
	Period    string         `json:"period"`
	Rows      []IndicatorRow `json:"rows"`
	Simulated int            `json:"simulated"` // indicators of the set synthesised, not computed
	Total     int            `json:"total"`
	Missing   string         `json:"missing,omitempty"` // why there is no data
	// LowUnits counts, per subordinate basic unit, the indicators it is
	// ranked low on (at a city or the province), most first.
	LowUnits []Count `json:"low_ranked_units,omitempty"`
}

// PowersSection is the 越权 decisions and list gaps of the period.
type PowersSection struct {
	Periods   []string      `json:"periods"`
	Decisions int           `json:"decisions"`
	Over      int           `json:"over"`
	NotOnList int           `json:"not_on_list"`
	ByDept    []Count       `json:"over_by_department"`
	Gaps      []api.ListGap `json:"gaps"`
	Missing   string        `json:"missing,omitempty"`
}

// Report is the whole 通报, also its JSON form.
type Report struct {
	SchemaVersion int           `json:"schema_version"`
	Title         string        `json:"title"`
	UnitID        string        `json:"unit_id"`
	IssuingUnit   string        `json:"issuing_unit"`
	Period        Period        `json:"period"`
	Previous      Period        `json:"previous_period"`
	DataAsOf      time.Time     `json:"data_as_of"`
	Simulated     bool          `json:"simulated"`
	Notices       NoticeFigures `json:"notices"`
	PrevNotices   NoticeFigures `json:"previous_notices"`
	ByCategory    []Count       `json:"problems_by_category"`
	ByUnit        []Count       `json:"problems_by_unit"`
	ByDept        []Count       `json:"problems_by_department"`
	RepeatPersons []Count       `json:"repeat_persons"`
	RepeatDepts   []Count       `json:"repeat_departments"`
	// PrevRepeat counts the people with several notices in the previous
	// period, for the change.
	PrevRepeatPersons int                `json:"previous_repeat_persons"`
	Indicators        []IndicatorSection `json:"indicators"`
	Powers            PowersSection      `json:"powers"`
	// Review is the 案件质量评查 of the cases closed in the period; nil
	// when the API does not give it (ReviewMissing says why).
	Review        *api.ReviewSummary `json:"review,omitempty"`
	ReviewMissing string             `json:"review_missing,omitempty"`
}

// CategoryNames are the problem categories in Chinese.
var CategoryNames = map[string]string{
	api.CategoryDeadline: "办案期限", api.CategoryCard: "案卡填录", api.CategoryDocument: "文书制作",
	api.CategoryRights: "诉讼权利保障", api.CategoryMeasure: "强制措施", api.CategoryProperty: "涉案财物",
	api.CategoryRectification: "流程监控整改", api.CategoryQuality: "办案质量",
}

// Build gathers the report for unit (its subtree; the root when empty)
// and period from the API.
func Build(ctx context.Context, c *client.Client, unit string, p Period) (*Report, error) {
	h, err := c.Health(ctx)
	if err != nil {
		return nil, err
	}
	units, err := c.Units(ctx)
	if err != nil {
		return nil, err
	}
	if unit == "" && len(units.Units) > 0 {
		unit = units.Units[0].ID
	}
	r := &Report{SchemaVersion: 1, UnitID: unit, Period: p, Previous: p.Previous(), DataAsOf: h.DataAsOf, Simulated: h.Demo}
	for _, u := range units.Units {
		if u.ID == unit {
			r.IssuingUnit = u.Name
		}
	}
	if r.IssuingUnit == "" {
		return nil, fmt.Errorf("no unit %q", unit)
	}
	r.Title = fmt.Sprintf("%s流程监控通报（%s）", r.IssuingUnit, p.Label)
	cur, err := c.AllNotices(ctx, client.NoticeQuery{Unit: unit, Period: p.noticePeriod(), Limit: 1000})
	if err != nil {
		return nil, err
	}
	prev, err := c.AllNotices(ctx, client.NoticeQuery{Unit: unit, Period: r.Previous.noticePeriod(), Limit: 1000})
	if err != nil {
		return nil, err
	}
	if p.kind == 'y' { // the same span of the year before
		limit := h.DataAsOf.AddDate(-1, 0, 0)
		prev = filter(prev, func(n api.Notice) bool { return !n.IssuedAt.After(limit) })
	}
	r.Notices, r.PrevNotices = figures(cur), figures(prev)
	r.ByCategory = countBy(cur, func(n api.Notice) (string, string, string) {
		return n.Category, nameOr(CategoryNames[n.Category], n.Category), ""
	})
	r.ByUnit = countBy(cur, func(n api.Notice) (string, string, string) { return n.UnitID, n.UnitName, "" })
	r.ByDept = countBy(cur, func(n api.Notice) (string, string, string) { return n.DeptID, n.DeptName, n.UnitName })
	r.RepeatPersons = atLeast(countBy(cur, func(n api.Notice) (string, string, string) { return n.PersonID, n.PersonName, n.UnitName }), 2)
	r.RepeatDepts = atLeast(r.ByDept, 2)
	r.PrevRepeatPersons = len(atLeast(countBy(prev, func(n api.Notice) (string, string, string) { return n.PersonID, n.PersonName, "" }), 2))
	r.Indicators = indicators(ctx, c, unit, p, h.DataAsOf)
	r.Powers = powers(ctx, c, unit, p, h.DataAsOf)
	if rv, err := c.Reviews(ctx, unit, p.noticePeriod()); err != nil {
		r.ReviewMissing = "无数据：" + err.Error()
	} else {
		r.Review = rv
	}
	return r, nil
}

func nameOr(name, key string) string {
	if name == "" {
		return key
	}
	return name
}

func filter(ns []api.Notice, keep func(api.Notice) bool) []api.Notice {
	var out []api.Notice
	for _, n := range ns {
		if keep(n) {
			out = append(out, n)
		}
	}
	return out
}

func figures(ns []api.Notice) NoticeFigures {
	var f NoticeFigures
	for _, n := range ns {
		f.Issued++
		if n.Kind == api.NoticeOral {
			f.Oral++
		} else {
			f.Written++
		}
		switch n.Status {
		case api.NoticeIssued, api.NoticeOverdue:
			f.Unanswered++
			if n.Status == api.NoticeOverdue {
				f.Overdue++
			}
			continue
		case api.NoticeClosed:
			f.Closed++
		}
		if n.RepliedAt != nil && n.Late {
			f.RepliedLate++
		} else {
			f.RepliedOnTime++
		}
	}
	if f.Issued > 0 {
		rate := 100 * float64(f.Closed) / float64(f.Issued)
		f.RectificationRate = &rate
	}
	return f
}

func countBy(ns []api.Notice, key func(api.Notice) (id, name, unit string)) []Count {
	idx := map[string]int{}
	var out []Count
	for _, n := range ns {
		id, name, unit := key(n)
		i, ok := idx[id]
		if !ok {
			i = len(out)
			idx[id] = i
			out = append(out, Count{Key: id, Name: name, Unit: unit})
		}
		out[i].Count++
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}

func atLeast(cs []Count, n int) []Count {
	var out []Count
	for _, c := range cs {
		if c.Count >= n {
			out = append(out, c)
		}
	}
	return out
}

// lastCompleteMonth is the last month of p that ended by asOf ("" when
// none did).
func lastCompleteMonth(p Period, asOf time.Time) string {
	end := p.To
	cut := time.Date(asOf.Year(), asOf.Month(), 1, 0, 0, 0, 0, p.From.Location())
	if end.After(cut) {
		end = cut
	}
	if !end.After(p.From) {
		return ""
	}
	return end.AddDate(0, -1, 0).Format("2006-01")
}

func indicators(ctx context.Context, c *client.Client, unit string, p Period, asOf time.Time) []IndicatorSection {
	var periods []string
	if m := lastCompleteMonth(p, asOf); m != "" {
		periods = append(periods, m)
	}
	periods = append(periods, fmt.Sprintf("%d-ytd", p.year))
	var out []IndicatorSection
	for _, per := range periods {
		sec := IndicatorSection{Period: per}
		set, err := c.Indicators(ctx, unit, per)
		if err != nil {
			sec.Missing = "无数据：" + err.Error()
			out = append(out, sec)
			continue
		}
		sec.Total = len(set.Indicators)
		low := map[string]*Count{}
		for _, in := range set.Indicators {
			if in.Source == "simulated" {
				sec.Simulated++
			}
			bottom := in.BottomRank && in.RankOf > 0 // a city or the province has no rank of its own
			var names []string
			if in.Subordinates != nil {
				for _, b := range in.Subordinates.Bottom {
					names = append(names, b.UnitName)
					if low[b.UnitID] == nil {
						low[b.UnitID] = &Count{Key: b.UnitID, Name: b.UnitName}
					}
					low[b.UnitID].Count++
				}
			}
			row := IndicatorRow{ID: in.ID, Name: nameOr(in.Short, in.Name), Value: in.Value, Unit: in.Unit, Rank: in.Rank,
				RankOf: in.RankOf, Change: in.Change, Bottom: names, Source: in.Source, Computed: in.Computed}
			if bottom {
				row.Flag = "bottom"
				sec.Rows = append(sec.Rows, row)
			}
			if in.Volatile {
				row.Flag, row.Bottom = "volatile", nil
				sec.Rows = append(sec.Rows, row)
			}
		}
		for _, c := range low {
			sec.LowUnits = append(sec.LowUnits, *c)
		}
		sort.Slice(sec.LowUnits, func(i, j int) bool {
			if sec.LowUnits[i].Count != sec.LowUnits[j].Count {
				return sec.LowUnits[i].Count > sec.LowUnits[j].Count
			}
			return sec.LowUnits[i].Key < sec.LowUnits[j].Key
		})
		out = append(out, sec)
	}
	return out
}

func powers(ctx context.Context, c *client.Client, unit string, p Period, asOf time.Time) PowersSection {
	var sec PowersSection
	switch p.kind {
	case 'm':
		sec.Periods = []string{p.Text}
	case 'y':
		sec.Periods = []string{fmt.Sprintf("%d-ytd", p.year)}
	default:
		for t := p.From; t.Before(p.To) && t.Before(asOf); t = t.AddDate(0, 1, 0) {
			sec.Periods = append(sec.Periods, t.Format("2006-01"))
		}
	}
	gaps := map[string]int{}
	over := map[string]int{}
	names := map[string]string{}
	for _, per := range sec.Periods {
		cov, err := c.CoverageIn(ctx, unit, "department", per)
		if err != nil {
			sec.Missing = "无数据（" + per + "）：" + err.Error()
			continue
		}
		sec.Decisions += cov.Totals.Decisions
		sec.Over += cov.Totals.Over
		sec.NotOnList += cov.Totals.NotOnList
		for _, row := range cov.Rows {
			if row.Over > 0 {
				over[row.Key] += row.Over
				names[row.Key] = row.UnitName + " " + row.Name
			}
		}
		for _, g := range cov.NotOnList {
			if i, ok := gaps[g.Kind]; ok {
				sec.Gaps[i].Decisions += g.Decisions
				continue
			}
			gaps[g.Kind] = len(sec.Gaps)
			sec.Gaps = append(sec.Gaps, g)
		}
	}
	for k, n := range over {
		sec.ByDept = append(sec.ByDept, Count{Key: k, Name: names[k], Count: n})
	}
	sort.Slice(sec.ByDept, func(i, j int) bool {
		if sec.ByDept[i].Count != sec.ByDept[j].Count {
			return sec.ByDept[i].Count > sec.ByDept[j].Count
		}
		return sec.ByDept[i].Key < sec.ByDept[j].Key
	})
	sort.SliceStable(sec.Gaps, func(i, j int) bool { return sec.Gaps[i].Decisions > sec.Gaps[j].Decisions })
	return sec
}
