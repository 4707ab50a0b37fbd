package sim_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/rules"
	"github.com/casewatch/casewatch/casesim/sim"
)

func TestArrivalsAreDeterministic(t *testing.T) {
	a := sim.NewGenerator(7).ArrivalsOn(2300)
	b := sim.NewGenerator(7).ArrivalsOn(2300)
	if len(a) == 0 || !reflect.DeepEqual(a, b) {
		t.Fatalf("same seed and day gave different cases (%d vs %d)", len(a), len(b))
	}
	c := sim.NewGenerator(8).ArrivalsOn(2300)
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same cases")
	}
}

// TestSimulatedVolumes checks that 120 days of simulation give a plausible
// picture: open cases, alerts of every level, and a few mis-routed decisions.
func TestSimulatedVolumes(t *testing.T) {
	g := sim.NewGenerator(1)
	first := sim.DayIndex(sim.DayStart(2300))
	var cases []*sim.Case
	for d := first; d < first+120; d++ {
		cases = append(cases, g.ArrivalsOn(d)...)
	}
	now := sim.DayStart(first + 120).Add(10 * 60 * 60 * 1e9)
	open, decisions, over, uncovered := 0, 0, 0, 0
	levels := map[string]int{}
	ruleSeen := map[string]int{}
	for _, c := range cases {
		if c.OpenAt(now) {
			open++
		}
		for _, f := range rules.Evaluate(c, now).Findings {
			levels[f.Level]++
			ruleSeen[f.Rule]++
		}
		for _, d := range c.Decisions {
			if d.At.After(now) {
				continue
			}
			decisions++
			if d.PowerID == "" {
				uncovered++
			}
			if j := domain.DefaultPowers().Judge(d.Kind, d.Role, deputyInCharge(g, c, d.By)); j.Verdict == "over" {
				over++
			}
		}
	}
	t.Logf("cases %d, open %d, alerts %v, by rule %v, decisions %d, over %d, uncovered %d", len(cases), open, levels, ruleSeen, decisions, over, uncovered)
	if open < 300 || levels["notice"] == 0 || levels["warning"] == 0 || levels["overdue"] == 0 {
		t.Fatalf("implausible simulation: open %d, levels %v", open, levels)
	}
	if r := float64(over) / float64(decisions); over == 0 || r > 0.005 {
		t.Fatalf("beyond-authority share %.4f (%d of %d), want a few, under 0.5 %%", r, over, decisions)
	}
}

// TestMatterLineage: an arrest review is 办结 at its decision; an approved
// arrest is executed, transferred and prosecuted as a new case of the same
// matter with the same prosecutor (捕诉一体); prosecuted matters go to
// court; acquittals stay about as rare as in reality (~0.03 % of persons
// tried), far below one per unit a month.
func TestMatterLineage(t *testing.T) {
	g := sim.NewGenerator(1)
	first := sim.DayIndex(sim.DayStart(2300))
	byID := map[string]*sim.Case{}
	var cases []*sim.Case
	for d := first; d < first+3*365; d++ {
		for _, c := range g.ArrivalsOn(d) {
			cases = append(cases, c)
			byID[c.ID] = c
		}
	}
	linked, tried, acquitted, withdrawn := 0, 0, 0, 0
	for _, c := range cases {
		switch c.Type {
		case domain.TypeArrestReview:
			decided, ok := c.Happened(domain.EvArrestApproved, *c.ClosedAt)
			if !ok {
				decided, ok = c.Happened(domain.EvArrestRefused, *c.ClosedAt)
			}
			if !ok || !decided.Equal(*c.ClosedAt) {
				t.Fatalf("%s: closed %v, not at its decision", c.ID, c.ClosedAt)
			}
			if _, approved := c.Happened(domain.EvArrestApproved, *c.ClosedAt); !approved {
				continue
			}
			transfer, ok := c.Happened(domain.EvTransferred, c.AcceptedAt.AddDate(1, 0, 0))
			if !ok {
				t.Fatalf("%s: approved arrest never transferred", c.ID)
			}
			p := byID[c.ID+"S"]
			if p == nil || p.MatterID != c.ID || !p.AcceptedAt.Equal(transfer) || p.LeadID != c.LeadID ||
				p.Type != domain.TypeProsecutionReview || !p.Parties[0].Custody {
				t.Fatalf("%s: no linked prosecution case at the transfer: %+v", c.ID, p)
			}
			if w := c.WatchedUntil(); w == nil || w.Before(transfer) {
				t.Fatalf("%s: watched until %v, before the transfer %v", c.ID, w, transfer)
			}
			linked++
		case domain.TypeProsecutionReview:
			if c.Court == nil {
				continue
			}
			if _, ok := c.Happened(domain.EvProsecuted, c.Court.FiledAt); !ok || c.Court.ServedAt.Before(c.Court.PronouncedAt) {
				t.Fatalf("%s: court stage out of order: %+v", c.ID, c.Court)
			}
			for _, p := range c.Parties {
				if p.Role != "犯罪嫌疑人" {
					continue
				}
				tried++
				switch c.Court.Outcome {
				case sim.OutcomeAcquitted:
					acquitted++
				case sim.OutcomeWithdrawn:
					withdrawn++
				}
			}
		}
	}
	t.Logf("3 years: %d matters linked 捕→诉, %d persons tried, %d acquitted, %d withdrawn", linked, tried, acquitted, withdrawn)
	if linked < 1000 || tried < 5000 {
		t.Fatalf("implausibly few: %d linked, %d tried", linked, tried)
	}
	if r := float64(acquitted) / float64(tried); r > 0.002 {
		t.Errorf("acquittal rate %.4f%%, want about 0.03%%", 100*r)
	}
	if r := float64(withdrawn) / float64(tried); r > 0.01 {
		t.Errorf("withdrawal rate %.3f%%, want under 1%%", 100*r)
	}
}

// deputyInCharge reports whether by is the deputy in charge of c's
// department (the first or second deputy of the unit, by person id).
func deputyInCharge(g *sim.Generator, c *sim.Case, by string) bool {
	ds := g.Org.InUnit(c.UnitID, "deputy")
	i := domain.DeputyRankFor(c.DeptID)
	return i < len(ds) && ds[i].ID == by
}

// TestDrunkDrivingIsNeverHeld checks the simulation against 刑法第133条之一
// and 刑诉法第81条: a 危险驾驶 suspect is never asked to be arrested, held
// or given more than 拘役, and has no victim, while the charge still
// occurs among the cases prosecuted on bail.
func TestDrunkDrivingIsNeverHeld(t *testing.T) {
	g := sim.NewGenerator(1)
	first := sim.DayIndex(sim.DayStart(2300))
	seen, sentenced := 0, 0
	for d := first; d < first+200; d++ {
		for _, c := range g.ArrivalsOn(d) {
			if len(c.Parties) == 0 || c.Parties[0].Charge != "危险驾驶罪" {
				continue
			}
			seen++
			if c.Type == domain.TypeArrestReview || c.Type == domain.TypeCustodyReview {
				t.Errorf("%s: %s for 危险驾驶罪", c.ID, c.Type)
			}
			for _, p := range c.Parties {
				if p.Custody || p.Measure == "逮捕" {
					t.Errorf("%s: %s held (%s) for 危险驾驶罪", c.ID, p.Name, p.Measure)
				}
				if p.Role == "被害人" {
					t.Errorf("%s: a victim of 危险驾驶罪", c.ID)
				}
			}
			if c.Court != nil && c.Court.Sentence != "" {
				sentenced++
				if !strings.HasPrefix(c.Court.Sentence, "拘役") {
					t.Errorf("%s: sentence %q for 危险驾驶罪", c.ID, c.Court.Sentence)
				}
			}
		}
	}
	if seen == 0 || sentenced == 0 {
		t.Fatalf("no 危险驾驶 case (%d) or none sentenced (%d): the test tests nothing", seen, sentenced)
	}
	t.Logf("危险驾驶 cases %d, sentenced %d", seen, sentenced)
}

// TestVerbalRemindersReadAsSuch: a simulated 口头提示 asks for feedback and
// is recorded as 口头提示; only a 流程监控通知书 asks for a written reply.
func TestVerbalRemindersReadAsSuch(t *testing.T) {
	g := sim.NewGenerator(1)
	first := sim.DayIndex(sim.DayStart(2300))
	kinds := map[string]int{}
	for d := first; d < first+120; d++ {
		for _, c := range g.ArrivalsOn(d) {
			for _, n := range c.Notices {
				kinds[n.Kind]++
				oral := n.Kind == sim.NoticeOral
				if oral != strings.HasPrefix(n.Text, "口头提示") || oral == strings.Contains(n.Text, "书面回复") {
					t.Errorf("%s %s: %s", n.ID, n.Kind, n.Text)
				}
			}
			oral, written := 0, 0
			for _, dc := range c.Decisions {
				switch dc.Action {
				case "口头提示":
					oral++
				case "发出流程监控通知书":
					written++
				}
			}
			for _, n := range c.Notices {
				if n.Kind == sim.NoticeOral {
					oral--
				} else {
					written--
				}
			}
			if oral != 0 || written != 0 {
				t.Errorf("%s: decisions and notices disagree (oral %+d, written %+d)", c.ID, oral, written)
			}
		}
	}
	if kinds[sim.NoticeOral] == 0 || kinds[sim.NoticeWritten] == 0 {
		t.Fatalf("notices by kind %v: the test tests nothing", kinds)
	}
}
