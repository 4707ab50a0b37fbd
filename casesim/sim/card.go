package sim

import (
	"fmt"
	"time"

	"github.com/casewatch/casewatch/casesim/domain"
)

func yesNo(v bool) string {
	if v {
		return "是"
	}
	return "否"
}

// card fills the case card (案卡) and, for some cases, a card error that the
// logic check finds a few days after acceptance (R11).
func (b *builder) card(ct domain.CaseTypeSpec) {
	c := b.c
	lead := c.LeadID
	if p, ok := b.g.Org.Person(lead); ok {
		lead = p.Name
	}
	c.Card = []CardField{
		{"case_no", "受案号", c.No},
		{"type", "案件类别", ct.Name},
		{"title", "案件名称", c.Title},
		{"lead", "承办检察官", lead},
		{"accepted_at", "受理日期", c.AcceptedAt.Format("2006-01-02")},
		{"source", "案件来源", c.Source},
		{"major", "重大疑难复杂", yesNo(c.Major)},
		{"leader_case", "院领导办案", yesNo(c.LeaderCase)},
	}
	criminal := len(c.Parties) > 0 && c.Parties[0].Role == "犯罪嫌疑人"
	if criminal {
		p := c.Parties[0]
		c.Card = append(c.Card,
			CardField{"charge", "案卡罪名", p.Charge},
			CardField{"measure", "强制措施", p.Measure},
			CardField{"custody", "羁押状态", map[bool]string{true: "在押", false: "未羁押"}[p.Custody]},
			CardField{"plea", "认罪认罚", yesNo(c.Plea)},
			CardField{"fast_track", "速裁程序", yesNo(c.FastTrack)},
		)
	}
	if !b.chance(0.07) {
		return
	}
	found := c.AcceptedAt.Add(b.days(1, 10))
	ce := CardError{ID: c.ID + "-K1", Rule: "R11", FoundAt: found}
	switch {
	case criminal && b.chance(0.4):
		wrong := charges[b.r.IntN(len(charges))]
		if wrong == c.Parties[0].Charge {
			wrong = "妨害公务罪"
		}
		ce.Field, ce.Message = "charge", fmt.Sprintf("人卡罪名（%s）与案卡罪名（%s）不一致", c.Parties[0].Charge, wrong)
		b.setCard("charge", wrong)
	case criminal && c.Parties[0].Custody && b.chance(0.5):
		ce.Field, ce.Message = "measure", "羁押状态为在押，但强制措施填录为取保候审"
		b.setCard("measure", "取保候审")
	case criminal && c.Plea:
		ce.Field, ce.Message = "plea", "认罪认罚为是，但未关联认罪认罚具结书"
	default:
		ce.Field, ce.Message = "source", "案件来源与受理方式不一致"
		b.setCard("source", "其他")
	}
	// Most errors are fixed after the monthly feedback; some only after a
	// reminder, some not before the case closes.
	if !b.chance(0.15) {
		fixed := found.Add(b.days(2, 40))
		ce.FixedAt = &fixed
	} else if c.ClosedAt != nil {
		fixed := c.ClosedAt.Add(b.days(1, 20))
		ce.FixedAt = &fixed
	}
	c.CardErrors = append(c.CardErrors, ce)
}

func (b *builder) setCard(key, value string) {
	for i := range b.c.Card {
		if b.c.Card[i].Key == key {
			b.c.Card[i].Value = value
		}
	}
}

var defectItems = []struct{ aspect, item string }{
	{"办案期限", "超过法定办案期限"},
	{"文书制作", "法律文书引用法条错误"},
	{"诉讼权利保障", "未在法定期限内告知诉讼权利"},
	{"系统使用", "案卡信息填录错误"},
	{"卷宗装订", "卷宗材料缺失"},
	{"强制措施", "强制措施变更未及时通知"},
	{"案件办理", "证据审查不全面"},
}

// quality adds the quality review done some weeks after closing and, for a
// few cases, defect points (瑕疵积分) against the lead prosecutor.
func (b *builder) quality() {
	c := b.c
	if c.ClosedAt == nil {
		return
	}
	if b.chance(0.3) {
		grades := []string{"优质", "合格", "合格", "合格", "合格", "合格", "基本合格", "不合格"}
		g := grades[b.r.IntN(len(grades))]
		rv := &Review{
			Mode:       [...]string{"常规评查", "随机评查", "重点评查", "专项评查", "交叉评查"}[b.r.IntN(5)],
			Grade:      g,
			Reviewer:   "案件管理部",
			ReviewedAt: c.ClosedAt.Add(b.days(10, 40)),
		}
		if g == "基本合格" || g == "不合格" {
			d := defectItems[b.r.IntN(len(defectItems))]
			rv.Issues = append(rv.Issues, d.aspect+"："+d.item)
			c.Defects = append(c.Defects, Defect{PersonID: c.LeadID, Aspect: d.aspect, Item: d.item, Points: 5 + 5*b.r.IntN(3), Source: "评查", At: rv.ReviewedAt})
		}
		c.Review = rv
	}
	if b.chance(0.015) {
		// Defects found by process monitoring while the case is open.
		span := c.ClosedAt.Sub(c.AcceptedAt)
		for i := 0; i < 3; i++ {
			d := defectItems[b.r.IntN(len(defectItems))]
			at := c.AcceptedAt.Add(time.Duration(float64(span) * (0.2 + 0.25*float64(i))))
			c.Defects = append(c.Defects, Defect{PersonID: c.LeadID, Aspect: d.aspect, Item: d.item, Points: 10 + 5*b.r.IntN(2), Source: "流程监控", At: at})
		}
	}
}
