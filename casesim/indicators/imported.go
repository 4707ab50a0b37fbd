package indicators

import (
	"math"
	"slices"
	"time"

	"github.com/casewatch/casewatch/casesim/calendar"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// FromImports is what each indicator needs that a department's export
// (casesim import) carries or not. An indicator with a need here is not
// computed from imported cases: no value is invented for it, and
// GET /indicators lists it under data_missing with this text. The others
// are counted from the imported cases and events (ImportedValues) by the
// same formulas as the simulation's (docs/INDICATORS.md), a case lacking
// an input they read ("plea", "detained": its column was not in the
// export) left out and said.
var FromImports = map[string]string{
	"I06": "刑罚种类（免予刑事处罚、拘役、管制、缓刑）未导入",
	"I07": "复议、复核是否改变原决定未导入",
	"I09": "量刑建议（确定刑、幅度刑）未导入",
	"I10": "法院是否采纳量刑建议未导入",
	"I15": "抗诉的审判结果未导入",
	"I16": "追加逮捕、追加起诉人数未导入",
	"I18": "民事抗诉案件及其再审结果未导入",
	"I19": "再审检察建议及法院回复未导入",
	"I20": "民事审判活动监督检察建议及回复未导入",
	"I21": "民事执行监督检察建议及回复未导入",
	"I22": "行政审判、执行活动监督检察建议及回复未导入",
	"I23": "诉前检察建议及行政机关整改回复未导入",
	"I24": "公益诉讼起诉的裁判结果未导入",
	"I25": "入额院领导（检察长、副检察长）身份未导入",
	"I26": "案卡逻辑校验结果未导入",
	"I27": "案卡差错、流程监控问题的整改情况未导入",
}

// Needs of the indicators that read a fact a case may lack: the case is
// left out of the indicator and counted as missing.
const (
	NeedPlea     = "认罪认罚（plea）一列未导入，这些案件未计入"
	NeedDetained = "羁押状态（detained）一列未导入、也无强制措施节点，这些案件未计入"
)

// MissingNeed is the text of data_missing for indicator id of imported
// data when cases lacked an input it reads.
func MissingNeed(id string) string {
	switch id {
	case "I08":
		return NeedPlea
	case "I04", "I05":
		return NeedDetained
	}
	return FromImports[id]
}

// ImportedValue is one unit's value of one indicator for one month,
// counted from imported cases; Missing > 0 is the number of cases left out
// because they lack an input the indicator reads (the value is then not
// the indicator and must not be shown as one).
type ImportedValue struct {
	Value
	Missing float64
}

// Unit is a unit of an imported organisation: its id and its parent's.
type Unit struct{ ID, ParentID string }

// ImportedValues counts the indicators that imported data allows, for
// every unit of units and every period (YYYY-MM), at now: each unit's own
// cases, then a city or the province adds those of every unit below it.
// Indicators in FromImports are not counted.
func ImportedValues(cases []*sim.Case, units []Unit, periods []string, now time.Time, cal *calendar.Calendar) []ImportedValue {
	c := NewCounter(periods, now, cal)
	if len(c.idx) == 0 {
		return nil
	}
	c.k.imported = true
	c.Add(cases)
	parent := make(map[string]string, len(units))
	for _, u := range units {
		parent[u.ID] = u.ParentID
	}
	type key struct {
		unit  string
		month int
	}
	sums := map[key]*tally{}
	for um, t := range c.k.t {
		for u, seen := um.unit, 0; u != "" && seen <= len(units); u, seen = parent[u], seen+1 {
			s := sums[key{u, um.month}]
			if s == nil {
				s = &tally{}
				sums[key{u, um.month}] = s
			}
			for i := range nIndicators {
				s.num[i] += t.num[i]
				s.den[i] += t.den[i]
				s.miss[i] += t.miss[i]
			}
		}
	}
	// The months before the first imported case was accepted have no
	// data: no value (not 0) for them.
	first := math.MaxInt
	for _, cs := range cases {
		if !cs.AcceptedAt.After(now) && cs.Line != "" {
			first = min(first, monthIndex(cs.AcceptedAt))
		}
	}
	var out []ImportedValue
	for _, m := range c.idx {
		if m < first {
			continue
		}
		p := periodOfIndex(m)
		for _, u := range units {
			s := sums[key{u.ID, m}]
			for i, spec := range domain.Indicators {
				if _, no := FromImports[spec.ID]; no {
					continue
				}
				var v ImportedValue
				v.UnitID, v.IndicatorID, v.Period = u.ID, spec.ID, p
				if s != nil {
					v.Numerator, v.Denominator, v.Missing = round6(s.num[i]), round6(s.den[i]), s.miss[i]
				}
				v.Value.Value = spec.ValueOf(v.Numerator, v.Denominator)
				out = append(out, v)
			}
		}
	}
	return out
}

// unknown reports whether an imported case's export did not carry fact.
func unknown(c *sim.Case, fact string) bool { return slices.Contains(c.Unknown, fact) }

// custodyKnown reports whether it is known if the case's suspect was in
// custody: the detained column was imported, or an event set a measure.
func custodyKnown(c *sim.Case) bool {
	if !unknown(c, "detained") {
		return true
	}
	for _, p := range c.Parties {
		if p.Measure != "" {
			return true
		}
	}
	return false
}
