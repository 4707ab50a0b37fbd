package indicators

import (
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/calendar"
	"github.com/casewatch/casewatch/casesim/domain"
	"github.com/casewatch/casewatch/casesim/sim"
)

// Indexes of the indicators in a tally (I01 … I28).
const (
	i01 = iota
	i02
	i03
	i04
	i05
	i06
	i07
	i08
	i09
	i10
	i11
	i12
	i13
	i14
	i15
	i16
	i17
	i18
	i19
	i20
	i21
	i22
	i23
	i24
	i25
	i26
	i27
	i28
	nIndicators
)

// RectifyWindow is how long after an issue is found (a card error, a
// process-monitoring notice) it counts as rectified in time for I27 (a
// design choice of this system).
const RectifyWindow = 60 * 24 * time.Hour

// tally is one unit's numerators and denominators for one month, and
// (imported data) the cases left out for lack of an input.
type tally struct{ num, den, miss [nIndicators]float64 }

// monthIndex numbers months: year × 12 + month − 1.
func monthIndex(t time.Time) int {
	t = t.In(sim.Zone)
	return t.Year()*12 + int(t.Month()) - 1
}

// periodOfIndex is the YYYY-MM period of a month index.
func periodOfIndex(m int) string {
	return time.Date(m/12, time.Month(m%12+1), 1, 0, 0, 0, 0, sim.Zone).Format("2006-01")
}

// counter tallies the case-derived indicators of every unit by month.
type counter struct {
	now    time.Time
	lo, hi int // month indexes counted, inclusive
	cal    *calendar.Calendar
	t      map[unitMonth]*tally
	// imported: the cases come from a department's export; the
	// indicators of FromImports are not counted (their inputs are not
	// imported) and a case lacking a fact an indicator reads is missing.
	imported bool
}

// notImported marks the indicators of FromImports, by index.
var notImported = func() (out [nIndicators]bool) {
	for i, spec := range domain.Indicators {
		_, out[i] = FromImports[spec.ID]
	}
	return out
}()

type unitMonth struct {
	unit  string
	month int
}

// add counts num over den for indicator i of unit in the month of t, when
// t is at or before now and in the months counted.
func (k *counter) add(unit string, t time.Time, i int, num, den float64) {
	if k.imported && notImported[i] {
		return
	}
	if x := k.at(unit, t); x != nil {
		x.num[i] += num
		x.den[i] += den
	}
}

// miss counts a case left out of indicator i for lack of an input, in the
// month of t (imported data).
func (k *counter) miss(unit string, t time.Time, i int) {
	if x := k.at(unit, t); x != nil {
		x.miss[i]++
	}
}

// at is the tally of unit for the month of t; nil when t is after now or
// outside the months counted.
func (k *counter) at(unit string, t time.Time) *tally {
	if t.After(k.now) {
		return nil
	}
	m := monthIndex(t)
	if m < k.lo || m > k.hi {
		return nil
	}
	key := unitMonth{unit, m}
	x := k.t[key]
	if x == nil {
		x = &tally{}
		k.t[key] = x
	}
	return x
}

// persons is the number of suspects in a criminal case (at least 1).
func persons(c *sim.Case) float64 {
	n := 0.0
	for _, p := range c.Parties {
		if p.Role == "犯罪嫌疑人" {
			n++
		}
	}
	return max(n, 1)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// count adds one case's contributions.
func (k *counter) count(c *sim.Case) {
	u := c.UnitID
	k.add(u, c.AcceptedAt, i25, b2f(c.LeaderCase), 1)
	found := false
	for _, ce := range c.CardErrors {
		if !ce.FoundAt.After(k.now) {
			found = true
		}
		due := ce.FoundAt.Add(RectifyWindow)
		k.add(u, due, i27, b2f(ce.FixedAt != nil && !ce.FixedAt.After(due)), 1)
	}
	k.add(u, c.AcceptedAt, i26, b2f(found), 1)
	switch c.Type {
	case domain.TypeArrestReview:
		k.arrestReview(c)
	case domain.TypeProsecutionReview:
		k.prosecutionReview(c)
	case domain.TypePetition:
		k.petition(c)
	}
	o := c.Outcomes
	for i, e := range c.Events {
		switch e.Type {
		case domain.EvNoticeIssued:
			due := e.At.Add(RectifyWindow)
			ok := false
			for _, r := range c.Events[i+1:] {
				if r.Type == domain.EvNoticeReplied && !r.At.After(due) {
					ok = true
					break
				}
			}
			k.add(u, due, i27, b2f(ok), 1)
		case domain.EvReconsiderReq, domain.EvReviewReq, domain.EvNPReconsiderReq, domain.EvNPReviewReq,
			domain.EvCustodyExtended, domain.EvCustodyExtended158, domain.EvCustodyExtended159,
			domain.EvReturned, domain.EvExtended, domain.EvProtested, domain.EvVictimProtestReq:
			k.add(u, e.At, i01, 1, 0) // an extra 件
		case domain.EvReconsiderDone, domain.EvReviewDone, domain.EvNPReconsiderDone, domain.EvNPReviewDone:
			changed := false
			if o != nil {
				for _, t := range o.Changed {
					changed = changed || t.Equal(e.At)
				}
			}
			k.add(u, e.At, i07, b2f(changed), 1)
		case domain.EvAgencyReplied:
			k.add(u, e.At, i23, b2f(o != nil && o.Rectified), 1)
		}
	}
	if o == nil {
		return
	}
	if o.ProtestDecidedAt != nil {
		k.add(u, *o.ProtestDecidedAt, i15, b2f(o.ProtestChanged), 1)
	}
	if o.RetrialRepliedAt != nil {
		k.add(u, *o.RetrialRepliedAt, i19, b2f(o.RetrialAdopted), 1)
	}
	if o.SuitJudgedAt != nil {
		k.add(u, *o.SuitJudgedAt, i24, b2f(o.SuitSupported), 1)
	}
}

func (k *counter) arrestReview(c *sim.Case) {
	u, p := c.UnitID, persons(c)
	added := 0.0
	if c.Outcomes != nil {
		added = float64(c.Outcomes.Added)
	}
	if t, ok := c.Happened(domain.EvArrestApproved, k.now); ok {
		k.add(u, t, i02, 0, p)
		k.add(u, t, i16, added, p)
	}
	if t, ok := c.Happened(domain.EvArrestRefused, k.now); ok {
		k.add(u, t, i02, p, p)
		k.add(u, t, i01, 1, 1) // the matter ends here: one 案, its base 件
	}
}

func (k *counter) prosecutionReview(c *sim.Case) {
	u, p := c.UnitID, persons(c)
	// Returns and extensions count when they happen, the case concluded
	// or not.
	for _, e := range c.Events {
		switch e.Type {
		case domain.EvReturned:
			k.add(u, e.At, i11, 1, 0)
		case domain.EvExtended:
			k.add(u, e.At, i12, 1, 0)
		}
	}
	var end time.Time
	prosecuted := false
	if t, ok := c.Happened(domain.EvProsecuted, k.now); ok {
		end, prosecuted = t, true
	} else if t, ok := c.Happened(domain.EvNotProsecuted, k.now); ok {
		end = t
	} else {
		return
	}
	custody := len(c.Parties) > 0 && c.Parties[0].Custody
	o := c.Outcomes
	k.add(u, end, i01, 1, 1)
	k.add(u, end, i03, b2f(!prosecuted)*p, p)
	if k.imported && !custodyKnown(c) {
		k.miss(u, end, i04)
		k.miss(u, end, i05)
	} else {
		k.add(u, end, i04, b2f(custody)*p, p)
		if custody {
			k.add(u, end, i05, b2f(!prosecuted)*p, p)
		}
	}
	if k.imported && unknown(c, "plea") {
		k.miss(u, end, i08)
	} else {
		k.add(u, end, i08, b2f(c.Plea)*p, p)
	}
	k.add(u, end, i11, 0, 1)
	k.add(u, end, i12, 0, 1)
	k.add(u, end, i17, reviewDays(c, end), 1)
	if !prosecuted {
		return
	}
	added := 0.0
	if o != nil {
		added = float64(o.Added)
	}
	k.add(u, end, i16, added, p)
	k.add(u, end, i13, 0, p)
	k.add(u, end, i14, 0, p)
	if o != nil && o.Sentencing != nil {
		k.add(u, end, i09, b2f(o.Sentencing.Fixed), 1)
	}
	ct := c.Court
	if ct == nil {
		return
	}
	at := ct.PronouncedAt
	switch ct.Outcome {
	case sim.OutcomeWithdrawn:
		// Counted when the procuratorate decided it, as the responsibility
		// list counts the same decision (P13).
		wat := at
		if d, ok := c.DecisionOf("withdraw_prosecution"); ok {
			wat = d.At
		}
		k.add(u, wat, i13, p, 0)
		k.add(u, wat, i01, 1, 0) // 撤回起诉 is a 件
	case sim.OutcomeAcquitted:
		k.add(u, at, i14, p, 0)
	}
	judged := ct.Outcome == sim.OutcomeConvicted || ct.Outcome == sim.OutcomeExempted || ct.Outcome == sim.OutcomeAcquitted
	if judged && custody {
		k.add(u, at, i06, b2f(sim.LightSentence(ct))*p, p)
	}
	if judged && o != nil && o.Sentencing != nil && ct.Outcome != sim.OutcomeAcquitted {
		k.add(u, at, i10, b2f(o.Sentencing.Adopted), 1)
	}
}

// reviewDays is the days a 审查起诉 case spent here: acceptance to end,
// less the time out for supplementary investigation.
func reviewDays(c *sim.Case, end time.Time) float64 {
	d := end.Sub(c.AcceptedAt)
	var out time.Time
	for _, e := range c.Events {
		switch {
		case e.At.After(end):
		case e.Type == domain.EvReturned:
			out = e.At
		case e.Type == domain.EvResubmitted && !out.IsZero():
			d -= e.At.Sub(out)
			out = time.Time{}
		}
	}
	return d.Hours() / 24
}

// petition counts the 7-working-day procedural reply: when made, or when
// its time ran out unanswered.
func (k *counter) petition(c *sim.Case) {
	due := calendar.EndOfDay(k.cal.AddWorkingDays(c.AcceptedAt, 7))
	if t, ok := c.Happened(domain.EvProceduralReply, k.now); ok && !t.After(due) {
		k.add(c.UnitID, t, i28, 1, 1)
		return
	}
	k.add(c.UnitID, due, i28, 0, 1)
}

// Simulated reports whether an indicator is a simulated series.
func Simulated(spec domain.IndicatorSpec) bool { return spec.Source != api.SourceComputed }
