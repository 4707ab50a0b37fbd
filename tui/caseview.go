package tui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
	"github.com/casewatch/casewatch/tui/termtext"
)

// caseView is the case screen: one case whole, scrolled.
type caseView struct {
	id      string
	caseNo  string
	req     int
	loading bool
	err     error
	data    *api.Case
	scroll  int
}

// box draws the case screen in r.
func (caseScreen) box(m *model, r rect) []string {
	v := &m.caseView
	title := m.cat.T("panel.case") + " " + v.caseNo
	note, ink := "", m.styles.Muted
	if v.loading && v.data != nil {
		note = m.cat.T("loading")
	}
	return m.docBox(r, title, note, ink, m.caseLines(inner(r).w), v.scroll)
}

// caseLines lays out the case screen for width w.
func (m *model) caseLines(w int) []string {
	v := &m.caseView
	d := &doc{m: m, w: w}
	s := m.styles
	if v.data == nil {
		if v.err != nil {
			d.add(s.Flag.Render(m.loadingText(v.err)))
			d.add(s.Muted.Render(m.cat.T("hint.retry")))
		} else {
			d.add(s.Muted.Render(m.cat.T("loading")))
		}
		return d.lines
	}
	if v.err != nil {
		d.add(s.Flag.Render(m.loadingText(v.err)))
	}
	c := v.data
	t := m.cat.T
	sim := m.simNow()
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	}
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.Format("01-02 15:04")
	}

	d.add(s.Title.Render(c.CaseNo) + "  " + c.Title)
	d.add(d.kv(t("case.type"), m.cat.CaseType(c.Type), t("case.line"), m.cat.Line(c.Line), t("case.stage"), c.Stage, t("case.source"), m.cat.Code(i18n.KindSource, c.Source)))
	d.add(d.kv(t("case.unit"), m.units.name(m.cat, c.UnitID, c.UnitName), t("case.dept"), c.DeptName, t("case.lead"), c.LeadName))
	closed := "—"
	if c.ClosedAt != nil {
		closed = day(*c.ClosedAt)
	}
	var flags []string
	for _, f := range []struct {
		on  bool
		key string
	}{{c.Major, "flag.major"}, {c.FastTrack, "flag.fast"}, {c.Plea, "flag.plea"}, {c.LeaderCase, "flag.leader"}} {
		if f.on {
			flags = append(flags, t(f.key))
		}
	}
	d.add(d.kv(t("case.accepted"), day(c.AcceptedAt), t("case.closed"), closed, t("case.flags"), strings.Join(flags, "、")))
	m.matterSection(d, c)

	// 案卡, failing fields first-class.
	failed := 0
	for _, f := range c.Card {
		if f.Failed {
			failed++
		}
	}
	d.section(m.cat.F("sec.card", failed))
	lw := 0
	for _, f := range c.Card {
		lw = max(lw, textWidth(f.Label))
	}
	lw = min(lw, max(w/3, 8))
	for _, f := range c.Card {
		label := fitLine(f.Label, lw)
		if f.Failed {
			d.add(s.Flag.Render("✗ " + label + "  " + f.Value))
		} else {
			d.add("  " + s.Muted.Render(label) + "  " + f.Value)
		}
	}
	d.section(t("sec.checks"))
	if len(c.CardChecks) == 0 {
		d.add(s.Muted.Render(t("none")))
	}
	for _, ck := range c.CardChecks {
		ink, mark, state := s.Flag, "✗ ", t("check.open")
		if ck.FixedAt != nil {
			ink, mark, state = s.Muted, "✓ ", t("check.fixed")+" "+stamp(*ck.FixedAt)
		}
		d.wrap(mark, ck.Rule+" "+cardLabel(c.Card, ck.Field)+" · "+ck.Message+" · "+t("check.found")+" "+stamp(ck.FoundAt)+" · "+state, ink)
	}

	d.section(t("sec.deadlines"))
	if len(c.Deadlines) == 0 {
		d.add(s.Muted.Render(t("none")))
	}
	for _, dl := range c.Deadlines {
		cd, ink := m.deadlineCountdown(dl, sim)
		days := m.deadlinePeriod(dl)
		if dl.ExtensionDays > 0 {
			days += m.cat.F("dl.ext", dl.ExtensionDays)
		}
		d.add(ink.Render(fitLine(dl.Stage, 12)) + " " + t("dl.due") + " " + dl.DueAt.Format("2006-01-02 15:04") + "  " +
			ink.Render(cd) + "  " + s.Muted.Render(days))
		if dl.Basis != "" {
			d.wrap("    "+t("dl.basis")+" ", dl.Basis, s.Muted)
		}
	}

	for _, dm := range c.DataMissing {
		d.wrap("! ", m.cat.F("dl.missing", dm.Rule)+" · "+dm.Need, s.Warning)
	}

	d.section(t("sec.timeline"))
	if len(c.Timeline) == 0 {
		d.add(s.Muted.Render(t("none")))
	}
	for _, e := range c.Timeline {
		line := s.Muted.Render(stamp(e.At)) + "  " + e.Label
		if e.Actor != "" {
			line += s.Muted.Render(" · ") + e.Actor
		}
		if e.Detail != "" {
			line += s.Muted.Render(" · " + oneLine(e.Detail))
		}
		d.add(line)
	}

	d.section(t("sec.decisions"))
	if len(c.Decisions) == 0 {
		d.add(s.Muted.Render(t("none")))
	}
	for _, dc := range c.Decisions {
		action := dc.PowerName
		if action == "" {
			action = dc.Action
		}
		vink := s.OK
		if dc.Verdict != api.VerdictWithin {
			vink = s.Flag
		}
		line := s.Muted.Render(stamp(dc.At)) + "  " + vink.Render(fitLine(m.cat.Code("verdict_short", dc.Verdict), 8)) + " " +
			action + s.Muted.Render(" · ") + dc.DeciderName + m.cat.F("paren", m.cat.Role(dc.Role))
		if dc.Verdict != api.VerdictWithin && len(dc.AllowedRoles) > 0 {
			roles := make([]string, len(dc.AllowedRoles))
			for i, r := range dc.AllowedRoles {
				roles[i] = m.cat.Role(r)
			}
			line += s.Muted.Render(" · " + t("dec.allowed") + " " + strings.Join(roles, "/"))
		}
		d.add(line)
	}

	d.section(t("sec.alerts"))
	if len(c.Alerts) == 0 {
		d.add(s.Muted.Render(t("none")))
	}
	lvw := 0
	for _, l := range api.DeadlineLevels {
		lvw = max(lvw, textWidth(m.cat.LevelShort(l))+2)
	}
	for i := range c.Alerts {
		lvw = max(lvw, textWidth(m.cat.LevelShort(c.Alerts[i].Level))+2)
	}
	for i := range c.Alerts {
		a := &c.Alerts[i]
		due, dink := m.dueText(a.DueAt, sim)
		lvl := theme.LevelGlyph(a.Level) + " " + m.cat.LevelShort(a.Level)
		line := s.Level(a.Level).Render(fitLine(lvl, lvw)) + " " + m.cat.Name(a.RuleName, a.RuleNameEn) + "  " + dink.Render(due) +
			s.Muted.Render(" · "+m.cat.Code(i18n.KindStatus, a.Status))
		d.add(line)
		if a.Message != "" {
			d.wrap(termtext.Spaces(lvw+1), a.Message, s.Muted)
		}
		if a.Ack != nil {
			d.add(termtext.Spaces(lvw+1) + s.OK.Render(m.ackedLine(a.Ack)))
			if a.Ack.Note != "" {
				d.wrap(termtext.Spaces(lvw+3), "“"+a.Ack.Note+"”", s.Muted)
			}
		}
	}

	d.section(t("sec.review"))
	if c.Review == nil {
		d.add(s.Muted.Render(t("review.none")))
	} else {
		rv := c.Review
		d.add(d.kv(t("review.grade"), m.cat.Code(i18n.KindGrade, rv.Grade), t("review.mode"), m.cat.Code(i18n.KindReviewMode, rv.Mode),
			t("review.reviewer"), rv.Reviewer, t("review.at"), day(rv.ReviewedAt)))
		for _, is := range rv.Issues {
			d.wrap("· ", is, s.Text)
		}
	}

	d.section(m.cat.F("sec.defects", c.DefectTotal))
	if len(c.DefectPoints) == 0 {
		d.add(s.Muted.Render(t("none")))
	}
	for _, p := range c.DefectPoints {
		d.add(p.PersonName + s.Muted.Render(" · ") + p.Aspect + s.Muted.Render(" · ") + p.Item + "  " +
			s.Flag.Render(m.cat.F("defect.points", p.Points)) + s.Muted.Render(" · "+p.Source+" "+day(p.At)))
	}

	if len(c.Parties) > 0 {
		d.section(t("sec.parties"))
		for _, p := range c.Parties {
			line := p.Name + s.Muted.Render(" · "+m.cat.Code(i18n.KindPartyRole, p.Role))
			if p.Charge != "" {
				line += s.Muted.Render(" · ") + p.Charge
			}
			if p.Measure != "" {
				line += s.Muted.Render(" · ") + p.Measure
			}
			if p.Custody {
				line += s.Warning.Render(" · " + t("party.custody"))
			}
			d.add(line)
		}
	}
	if len(c.Documents) > 0 {
		d.section(t("sec.documents"))
		for _, doc := range c.Documents {
			d.add(s.Muted.Render(day(doc.IssuedAt)) + "  " + doc.Type + s.Muted.Render(" · "+doc.DraftedBy+" / "+doc.SignedBy))
		}
	}
	return d.lines
}

// cardLabel names a case-card field by its label on the card, falling back
// to the field's code when the card does not hold it.
func cardLabel(card []api.CardField, field string) string {
	for i := range card {
		if card[i].Field == field && card[i].Label != "" {
			return card[i].Label
		}
	}
	return field
}

// deadlineCountdown says how a deadline stands against the simulation
// clock: a countdown while it runs, its status once met.
func (c *common) deadlineCountdown(dl api.Deadline, sim time.Time) (string, theme.Ink) {
	s := c.styles
	switch dl.Status {
	case api.DeadlineMet:
		return c.cat.Deadline(dl.Status), s.OK
	case api.DeadlineMetLate:
		return c.cat.Deadline(dl.Status), s.Warning
	}
	txt, ink := c.dueText(dl.DueAt, sim)
	return txt + " · " + c.cat.Deadline(dl.Status), ink
}

// key handles a key on the case screen.
func (caseScreen) key(m *model, k tea.KeyPressMsg) tea.Cmd {
	in := inner(m.lay.body)
	return documentKey(m, k, &m.caseView.scroll, len(m.caseLines(in.w)), in.h)
}

// deadlinePeriod says how long a deadline's period is and who set it: "法定
// 3 日", "规定 7 个工作日", "本系统设定 7 日"; a server that does not say
// gets the neutral "期限 N 天", never "法定".
func (c *common) deadlinePeriod(dl api.Deadline) string {
	if dl.PeriodUnit == "" || dl.SetBy == "" {
		return c.cat.F("dl.legal", dl.LegalDays)
	}
	unit := dl.PeriodUnit
	if dl.Period == 1 {
		unit += ".one" // English singular: 1 month
	}
	return c.cat.F("dl.period", c.cat.Code(i18n.KindSetBy, dl.SetBy), dl.Period, c.cat.Code(i18n.KindPeriodUnit, unit))
}
