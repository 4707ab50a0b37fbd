package sim

import (
	"strings"
	"time"

	"github.com/casewatch/casewatch/casesim/domain"
)

// Outcomes are the results of a case that the quality indicators read and
// the rest of the lifecycle does not: whether a sentencing recommendation
// was fixed-term and adopted, whether a 复议/复核 or a protest changed the
// decision, suspects added by the prosecutor (追加逮捕/追加起诉), how a
// court answered a 再审检察建议, and how an administrative organ and the
// court answered a public-interest case. They are drawn from a random
// stream of their own (seed, "outcomes", case id), so adding them changed
// no other draw of the simulation.
type Outcomes struct {
	// Sentencing is set on a prosecuted plea case (量刑建议, P10).
	Sentencing *Sentencing `json:",omitempty"`
	// ChangedAt lists the reconsiderations and reviews (复议, 复核) of a
	// 不捕 or 不诉 decision that changed it, by the time of the decision.
	Changed []time.Time `json:",omitempty"`
	// ProtestDecidedAt and ProtestChanged: the second-instance court's
	// answer to a protest (改判 or 发回重审 is a change).
	ProtestDecidedAt *time.Time `json:",omitempty"`
	ProtestChanged   bool       `json:",omitempty"`
	// Added is how many suspects the prosecutor added (追加逮捕,
	// 追加起诉) when the case concluded.
	Added int `json:",omitempty"`
	// RetrialAdoptedAt: the court's reply to a 再审检察建议 and whether it
	// adopted it (civil supervision).
	RetrialRepliedAt *time.Time `json:",omitempty"`
	RetrialAdopted   bool       `json:",omitempty"`
	// Rectified: the administrative organ rectified after the 诉前检察建议.
	Rectified bool `json:",omitempty"`
	// SuitJudgedAt and SuitSupported: the court's judgment on a public
	// interest suit this procuratorate brought.
	SuitJudgedAt  *time.Time `json:",omitempty"`
	SuitSupported bool       `json:",omitempty"`
}

// Sentencing is the sentencing recommendation of a prosecuted plea case.
type Sentencing struct {
	Fixed   bool // 确定刑 (not a range)
	Adopted bool // the court adopted it (known once judged)
}

// Probabilities of the outcomes, near the national figures of domain.md §2
// (⚠ I07, I16 are guesses there).
const (
	pFixedTerm      = 0.92  // 确定刑量刑建议 (>90 % in 2022 Q1)
	pAdopted        = 0.96  // 量刑建议采纳 (>95 %)
	pReviewChanged  = 0.025 // 复议复核改变 (0–5 % ⚠)
	pProtestChanged = 0.8   // 刑事抗诉改变 (79.9 % in 2023)
	pAdded          = 0.03  // 追加逮捕/起诉 per concluded case (1–8 % ⚠)
	pRetrialAdopted = 0.73  // 再审检察建议采纳 (72.7 %)
	pRectified      = 0.99  // 诉前检察建议整改 (99.1 %)
	pSuitSupported  = 0.995 // 公益诉讼裁判支持 (99.96 %)
)

// prosecutionShare is the chance that a 审查起诉 case is prosecuted: an
// arrested suspect (a linked case) far more often than one on bail, so
// that 捕后不诉率 stays near its reference (3 %) while 不诉率 stays about
// 22 % overall.
func prosecutionShare(linked bool) float64 {
	if linked {
		return 0.965
	}
	return 0.68
}

// lightSentences are 轻刑 (拘役, 管制, 缓刑) and heavy ones the rest.
func lightSentence(s string) bool {
	return strings.Contains(s, "拘役") || strings.Contains(s, "管制") || strings.Contains(s, "缓刑")
}

// sentence picks a sentence; a suspect kept in custody (arrested) is
// seldom given a light one (捕后轻刑, 0–3 %).
// A 危险驾驶 defendant (never held: see arrestable) gets 拘役 with a fine,
// the only punishment 刑法第133条之一 allows.
func (b *builder) sentence(custody bool) string {
	if !custody {
		if len(b.c.Parties) > 0 && b.c.Parties[0].Charge == chargeDrunkDriving {
			return drunkDrivingSentences[b.r.IntN(len(drunkDrivingSentences))]
		}
		return sentences[b.r.IntN(len(sentences))]
	}
	var heavy, light []string
	for _, s := range sentences {
		if lightSentence(s) {
			light = append(light, s)
		} else {
			heavy = append(heavy, s)
		}
	}
	x := b.r.Float64()
	if x < 0.015 {
		return light[int(x/0.015*float64(len(light)))%len(light)]
	}
	return heavy[int((x-0.015)/0.985*float64(len(heavy)))%len(heavy)]
}

// LightSentence reports whether a court outcome is 免予刑事处罚 or a light
// sentence (捕后轻刑).
func LightSentence(ct *Court) bool {
	return ct != nil && (ct.Outcome == OutcomeExempted || (ct.Outcome == OutcomeConvicted && lightSentence(ct.Sentence)))
}

// outcomes draws the case's Outcomes from their own stream.
func (g *Generator) outcomes(c *Case) {
	r := g.rng("outcomes", c.ID)
	chance := func(p float64) bool { return r.Float64() < p }
	days := func(lo, hi float64) time.Duration { return time.Duration((lo + r.Float64()*(hi-lo)) * float64(day)) }
	o := &Outcomes{}
	for i := range c.Events {
		e := &c.Events[i]
		switch e.Type {
		case domain.EvReconsiderDone, domain.EvReviewDone, domain.EvNPReconsiderDone, domain.EvNPReviewDone:
			if chance(pReviewChanged) {
				o.Changed = append(o.Changed, e.At)
				e.Detail = "改变原决定"
			}
		case domain.EvProtested:
			at := e.At.Add(days(45, 120))
			o.ProtestDecidedAt, o.ProtestChanged = &at, chance(pProtestChanged)
		case domain.EvProsecuted:
			if c.Plea {
				judged := c.Court != nil && (c.Court.Outcome == OutcomeConvicted || c.Court.Outcome == OutcomeExempted)
				o.Sentencing = &Sentencing{Fixed: chance(pFixedTerm), Adopted: judged && chance(pAdopted)}
			}
		case domain.EvSupervisionDone:
			if c.Type == domain.TypeCivilSupervision && hasAction(c, "提出再审检察建议") {
				at := e.At.Add(days(30, 90))
				o.RetrialRepliedAt, o.RetrialAdopted = &at, chance(pRetrialAdopted)
			}
		case domain.EvAgencyReplied:
			o.Rectified = chance(pRectified)
		case domain.EvSuitReviewDone:
			if hasAction(c, "提起行政公益诉讼") {
				at := e.At.Add(days(60, 150))
				o.SuitJudgedAt, o.SuitSupported = &at, chance(pSuitSupported)
			}
		}
	}
	if (c.Type == domain.TypeProsecutionReview || c.Type == domain.TypeArrestReview) && c.ClosedAt != nil && chance(pAdded) {
		o.Added = 1
	}
	if o.Sentencing != nil || o.Changed != nil || o.ProtestDecidedAt != nil || o.Added > 0 ||
		o.RetrialRepliedAt != nil || o.Rectified || o.SuitJudgedAt != nil {
		c.Outcomes = o
	}
}

func hasAction(c *Case, action string) bool {
	for _, d := range c.Decisions {
		if d.Action == action {
			return true
		}
	}
	return false
}
