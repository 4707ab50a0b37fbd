package rules

import (
	"time"

	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// Missing says that a rule cannot run, or runs on a stand-in, because the
// data it needs is not in an imported case.
type Missing struct {
	Rule string // the rule (R7, R16 …)
	Need string // what is missing and what the rule does without it
}

// MissingData lists, for a case imported from a department's export, the
// data the rules need that the case lacks at t, so the case's view says
// "data missing for R7" instead of the rule being silently skipped. A
// simulated case always has what the rules need: nil.
func MissingData(c *sim.Case, t time.Time) []Missing {
	if !c.Imported {
		return nil
	}
	var out []Missing
	add := func(rule, need string) { out = append(out, Missing{rule, need}) }
	_, approved := c.Happened(domain.EvArrestApproved, t)
	_, executed := c.Happened(domain.EvArrestExecuted, t)
	_, prosecuted := c.Happened(domain.EvProsecuted, t)
	_, notProsecuted := c.Happened(domain.EvNotProsecuted, t)
	_, refused := c.Happened(domain.EvArrestRefused, t)
	if c.Type == domain.TypeArrestReview && approved && !executed {
		add("R7", "执行逮捕（arrest_executed）未导入：侦查羁押期限从批准逮捕起算")
	}
	for _, p := range c.Parties {
		if (p.Measure == "取保候审" || p.Measure == "监视居住") && p.MeasureFrom == nil {
			add("R16", p.Measure+"的起始日期未导入：期限无法计算")
		}
		if p.Custody && p.DetainedFrom == nil {
			add("R1", "羁押起始日期未导入")
		}
	}
	if prosecuted && (c.Court == nil || c.Court.ServedAt.IsZero()) {
		add("R17", "收到判决书、裁定书（judgment_served）未导入：判决后抗诉期限无法计算")
	}
	if c.Type == domain.TypeProsecutionReview {
		hasVictim := false
		for _, p := range c.Parties {
			hasVictim = hasVictim || p.Role == "被害人"
		}
		if !hasVictim {
			add("R4#victim", "被害人未导入：被害人诉讼权利告知无法检查")
		}
		if len(c.Property) == 0 {
			add("R20", "涉案财物未导入：随案移送清单无法检查")
		}
	}
	if notProsecuted && len(c.Property) == 0 {
		add("R21", "涉案财物未导入：不起诉后的处理无法检查")
	}
	if (refused || notProsecuted) && len(c.Documents) == 0 {
		add("R22", "决定书及其送达回证、执行回执未导入：无法检查")
	}
	return out
}
