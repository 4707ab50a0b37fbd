package tui

import (
	"fmt"
	"time"

	"github.com/casewatch/casewatch/api"
)

// matterSection shows, in the case view, the other cases of the case's
// matter (审查逮捕 → 审查起诉, 捕诉一体) and the court stage, then the
// matter's seized property held with this case. A case that is a matter of
// its own and has no court stage shows no matter section.
func (d *doc) matterSection(c *api.Case) {
	s, t := d.c.styles, d.c.cat.T
	day := func(t time.Time) string { return t.Format("2006-01-02") }
	if mt := c.Matter; mt != nil && (len(mt.Cases) > 1 || mt.Court != nil) {
		d.section(t("sec.matter"))
		for _, mc := range mt.Cases {
			span := day(mc.AcceptedAt) + " →"
			if mc.ClosedAt != nil {
				span += " " + day(*mc.ClosedAt)
			}
			mark, ink := "  ", s.Muted
			if mc.ID == c.ID {
				mark, ink = "▸ ", s.Title
			}
			line := mark + ink.Render(mc.CaseNo) + "  " + d.c.cat.CaseType(mc.Type) + s.Muted.Render(" · ") + mc.Stage +
				s.Muted.Render(" · "+span)
			if mc.ID == c.ID {
				line += s.Muted.Render(" · " + t("matter.this"))
			}
			d.add(line)
		}
		if ct := mt.Court; ct != nil {
			d.add("  " + d.kv(t("matter.court"), ct.Court, t("matter.procedure"), ct.Procedure, t("matter.filed"), day(ct.FiledAt)))
			if ct.PronouncedAt == nil {
				d.add("  " + s.Muted.Render(t("matter.pending")))
			} else {
				outcome := d.c.cat.Code("court_kind", ct.Kind) + "：" + d.c.cat.Code("court_outcome", ct.Outcome)
				ink := s.OK
				if ct.Outcome == api.OutcomeAcquitted || ct.Outcome == api.OutcomeWithdrawn {
					ink = s.Flag // rigid indicators: every occurrence is reviewed
				}
				line := "  " + ink.Render(outcome)
				if ct.Sentence != "" {
					line += " " + ct.Sentence
				}
				line += s.Muted.Render(" · " + t("matter.pronounced") + " " + day(*ct.PronouncedAt))
				if ct.ServedAt != nil {
					line += s.Muted.Render(" · " + t("matter.served") + " " + day(*ct.ServedAt))
				}
				d.add(line)
			}
		}
	}
	if len(c.Property) == 0 {
		return
	}
	d.section(t("sec.property"))
	for _, p := range c.Property {
		line := "  " + p.Kind + s.Muted.Render(" · ") + p.Measure + s.Muted.Render(" · ") + fmt.Sprintf("¥%d", p.Value)
		// The list and the disposal may wrap onto a line of their own
		// (kvBreak), so that their dates are never cut.
		if p.ListedAt != nil {
			line += kvBreak + d.kvSep() + s.Muted.Render(t("prop.listed")+" "+day(*p.ListedAt))
		} else {
			line += " " + s.Flag.Render(t("prop.unlisted"))
		}
		if p.DisposedAt != nil {
			line += kvBreak + d.kvSep() + s.Muted.Render(p.Disposal+" "+day(*p.DisposedAt))
		}
		d.add(line)
	}
}
