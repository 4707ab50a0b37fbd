package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
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
	pick    caseAckPick // choosing the alert to acknowledge (caseack.go)
}

// draw draws the case screen in r.
func (v *caseView) draw(c *common, r rect) []string {
	title := c.cat.T("panel.case") + " " + v.caseNo
	note, ink := "", c.styles.Muted
	if v.loading && v.data != nil {
		note = c.cat.T("loading")
	}
	return c.docBox(r, title, note, ink, v.lines(c, inner(r).w), v.scroll)
}

// lines lays out the case screen for width w.
func (v *caseView) lines(c *common, w int) []string {
	d := &doc{c: c, w: w}
	s := c.styles
	if v.data == nil {
		if v.err != nil {
			d.add(s.Flag.Render(c.loadingText(v.err)))
			d.add(s.Muted.Render(c.cat.T("hint.retry")))
		} else {
			d.add(s.Muted.Render(c.cat.T("loading")))
		}
		return d.lines
	}
	if v.err != nil {
		d.add(s.Flag.Render(c.loadingText(v.err)))
	}
	cs := v.data
	t := c.cat.T
	sim := c.simNow()
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

	d.add(s.Title.Render(cs.CaseNo) + "  " + cs.Title)
	d.add(d.kv(t("case.type"), c.cat.CaseType(cs.Type), t("case.line"), c.cat.Line(cs.Line), t("case.stage"), c.cat.Code(i18n.KindStage, cs.Stage), t("case.source"), c.cat.Code(i18n.KindSource, cs.Source)))
	d.add(d.kv(t("case.unit"), c.units.name(c.cat, cs.UnitID, cs.UnitName), t("case.dept"), c.cat.Code(i18n.KindDept, cs.DeptName), t("case.lead"), cs.LeadName))
	closed := "—"
	if cs.ClosedAt != nil {
		closed = day(*cs.ClosedAt)
	}
	var flags []string
	for _, f := range []struct {
		on  bool
		key string
	}{{cs.Major, "flag.major"}, {cs.FastTrack, "flag.fast"}, {cs.Plea, "flag.plea"}, {cs.LeaderCase, "flag.leader"}} {
		if f.on {
			flags = append(flags, t(f.key))
		}
	}
	d.add(d.kv(t("case.accepted"), day(cs.AcceptedAt), t("case.closed"), closed, t("case.flags"), strings.Join(flags, t("list.sep"))))
	d.matterSection(cs)

	// 案卡, failing fields first-class.
	failed := 0
	for _, f := range cs.Card {
		if f.Failed {
			failed++
		}
	}
	d.section(c.cat.F("sec.card", failed))
	lw := 0
	for _, f := range cs.Card {
		lw = max(lw, textWidth(fieldLabel(c, f.Field, f.Label)))
	}
	lw = min(lw, max(w/3, 8))
	for _, f := range cs.Card {
		label := fitLine(fieldLabel(c, f.Field, f.Label), lw)
		if f.Failed {
			d.add(s.Flag.Render("✗ " + label + "  " + f.Value))
		} else {
			d.add("  " + s.Muted.Render(label) + "  " + f.Value)
		}
	}
	d.section(t("sec.checks"))
	if len(cs.CardChecks) == 0 {
		d.add(s.Muted.Render(t("none")))
	}
	for _, ck := range cs.CardChecks {
		ink, mark, state := s.Flag, "✗ ", t("check.open")
		if ck.FixedAt != nil {
			ink, mark, state = s.Muted, "✓ ", t("check.fixed")+" "+stamp(*ck.FixedAt)
		}
		d.wrap(mark, ck.Rule+" "+fieldLabel(c, ck.Field, cardLabel(cs.Card, ck.Field))+" · "+ck.Message+" · "+t("check.found")+" "+stamp(ck.FoundAt)+" · "+state, ink)
	}

	d.section(t("sec.deadlines"))
	if len(cs.Deadlines) == 0 {
		d.add(s.Muted.Render(t("none")))
	}
	dw := 0 // the deadlines' names as wide as the longest, up to a third of the line (D17)
	for _, dl := range cs.Deadlines {
		dw = max(dw, textWidth(dl.Stage))
	}
	dw = min(dw, max(w/3, 12))
	for _, dl := range cs.Deadlines {
		cd, ink := c.deadlineCountdown(dl, sim)
		days := c.deadlinePeriod(dl)
		if dl.ExtensionDays > 0 {
			days += c.cat.F("dl.ext", dl.ExtensionDays)
		}
		d.add(ink.Render(fitLine(dl.Stage, dw)) + " " + t("dl.due") + " " + dl.DueAt.Format("2006-01-02 15:04") + "  " +
			ink.Render(cd) + "  " + s.Muted.Render(days))
		if dl.Basis != "" {
			d.wrap("    "+t("dl.basis")+" ", dl.Basis, s.Muted)
		}
	}

	for _, dm := range cs.DataMissing {
		d.wrap("! ", c.cat.F("dl.missing", dm.Rule)+" · "+dm.Need, s.Warning)
	}

	d.section(t("sec.timeline"))
	if len(cs.Timeline) == 0 {
		d.add(s.Muted.Render(t("none")))
	}
	for _, e := range cs.Timeline {
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
	if len(cs.Decisions) == 0 {
		d.add(s.Muted.Render(t("none")))
	}
	for _, dc := range cs.Decisions {
		action := dc.PowerName
		if action == "" {
			action = dc.Action
		}
		vink := s.OK
		if dc.Verdict != api.VerdictWithin {
			vink = s.Flag
		}
		line := s.Muted.Render(stamp(dc.At)) + "  " + vink.Render(fitLine(c.cat.Code("verdict_short", dc.Verdict), 8)) + " " +
			action + s.Muted.Render(" · ") + dc.DeciderName + c.cat.F("paren", c.cat.Role(dc.Role))
		if dc.Verdict != api.VerdictWithin && len(dc.AllowedRoles) > 0 {
			roles := make([]string, len(dc.AllowedRoles))
			for i, r := range dc.AllowedRoles {
				roles[i] = c.cat.Role(r)
			}
			line += s.Muted.Render(" · " + t("dec.allowed") + " " + strings.Join(roles, "/"))
		}
		d.add(line)
	}

	d.section(t("sec.alerts"))
	if len(cs.Alerts) == 0 {
		d.add(s.Muted.Render(t("none")))
	}
	lvw := 0
	for _, l := range api.DeadlineLevels {
		lvw = max(lvw, textWidth(c.cat.LevelShort(l))+2)
	}
	for i := range cs.Alerts {
		lvw = max(lvw, textWidth(c.cat.LevelShort(cs.Alerts[i].Level))+2)
	}
	for i := range cs.Alerts {
		a := &cs.Alerts[i]
		due, dink := c.dueText(a.DueAt, sim)
		lvl := theme.LevelGlyph(a.Level) + " " + c.cat.LevelShort(a.Level)
		line := s.Level(a.Level).Render(fitLine(lvl, lvw)) + " " + c.cat.Name(a.RuleName, a.RuleNameEn) + "  " + dink.Render(due) +
			s.Muted.Render(" · "+c.cat.Code(i18n.KindStatus, a.Status))
		if v.picked(i) {
			line = s.Selected.Render(glyphPinned+" ") + line
		}
		d.add(line)
		if a.Message != "" {
			d.wrap(termtext.Spaces(lvw+1), a.Message, s.Muted)
		}
		if a.Ack != nil {
			d.add(termtext.Spaces(lvw+1) + s.OK.Render(c.ackedLine(a.Ack)))
			if a.Ack.Note != "" {
				d.wrap(termtext.Spaces(lvw+3), "“"+a.Ack.Note+"”", s.Muted)
			}
		}
		c.ackHistory(d, lvw+1, a)
	}

	c.caseNotices(d, cs, sim)

	d.section(t("sec.review"))
	if cs.Review == nil {
		d.add(s.Muted.Render(t("review.none")))
	} else {
		rv := cs.Review
		d.add(d.kv(t("review.grade"), c.cat.Code(i18n.KindGrade, rv.Grade), t("review.mode"), c.cat.Code(i18n.KindReviewMode, rv.Mode),
			t("review.reviewer"), rv.Reviewer, t("review.at"), day(rv.ReviewedAt)))
		for _, is := range rv.Issues {
			d.wrap("· ", is, s.Text)
		}
	}

	d.section(c.cat.F("sec.defects", cs.DefectTotal))
	if len(cs.DefectPoints) == 0 {
		d.add(s.Muted.Render(t("none")))
	}
	for _, p := range cs.DefectPoints {
		d.add(p.PersonName + s.Muted.Render(" · ") + p.Aspect + s.Muted.Render(" · ") + p.Item + "  " +
			s.Flag.Render(c.cat.F("defect.points", p.Points)) + s.Muted.Render(" · "+p.Source+" "+day(p.At)))
	}

	if len(cs.Parties) > 0 {
		d.section(t("sec.parties"))
		for _, p := range cs.Parties {
			line := p.Name + s.Muted.Render(" · "+c.cat.Code(i18n.KindPartyRole, p.Role))
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
	if len(cs.Documents) > 0 {
		d.section(t("sec.documents"))
		for _, doc := range cs.Documents {
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
func (v *caseView) key(c *common, k tea.KeyPressMsg) tea.Msg {
	if v.pick.on {
		return v.pickKey(c, k)
	}
	if key.Matches(k, c.keys.Ack) {
		return v.startAck(c)
	}
	if key.Matches(k, c.keys.Notices.Issue) {
		return caseNoticeMsg{}
	}
	if key.Matches(k, c.keys.Yank) {
		return yankMsg{caseNo: v.caseNo}
	}
	in := inner(c.lay.body)
	return documentKey(c, k, &v.scroll, len(v.lines(c, in.w)), in.h)
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
