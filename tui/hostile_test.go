package tui

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
)

// Hostile strings: escape sequences of every kind, carriage returns, bidi
// overrides, C1 controls, and very long and very wide text.
var (
	evilSGR   = "\x1b[31;1mRED\x1b[0m"
	evilOSC52 = "\x1b]52;c;cm0gLXJmIC8K\x07copy"
	evilOSC8  = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
	evilTitle = "\x1b]0;pwned\x07title"
	evilCR    = "good\rEVIL"
	evilBidi  = "abc\u202Eevil\u202C\u200Bz\u2066x\u2069"
	evilC1    = "c1\u009b31mX\u0085y"
	evilCtl   = "bell\a back\b tab\t nl\n del\x7f"
	evilLong  = strings.Repeat("很长的案件名称", 60)
	evilWide  = strings.Repeat("ｗｉｄｅ全角", 40)
)

func hostileState() client.State {
	s := fixtureState(12)
	evil := []string{evilSGR, evilOSC52, evilOSC8, evilTitle, evilCR, evilBidi, evilC1, evilCtl, evilLong, evilWide}
	pick := func(i int) string { return evil[i%len(evil)] }
	al := s.Alerts.Data.Alerts
	for i := range al {
		al[i].CaseNo = pick(i) + al[i].CaseNo
		al[i].UnitName = pick(i + 1)
		al[i].PersonName = pick(i + 2)
		al[i].RuleName = pick(i + 3)
		al[i].RuleNameEn = pick(i + 4)
		al[i].Message = pick(i + 5)
	}
	units := s.Units.Data.Units
	for i := range units {
		units[i].Name = pick(i) + units[i].Name
		units[i].NameEn = pick(i+6) + units[i].NameEn
	}
	for id, snap := range s.Indicators {
		inds := append([]api.Indicator(nil), snap.Data.Indicators...)
		for i := range inds {
			inds[i].Name = pick(i)
			inds[i].NameEn = pick(i + 1)
			inds[i].Definition = pick(i+2) + evilLong
			inds[i].Unit = pick(i + 3)
		}
		snap.Data.Indicators = inds
		snap.Data.Period = evilOSC8
		s.Indicators[id] = snap
	}
	for _, m := range []map[string]client.Feed[api.Coverage]{s.CoverageByDept, s.CoverageByPerson} {
		for id, snap := range m {
			rows := append([]api.CoverageRow(nil), snap.Data.Rows...)
			for i := range rows {
				rows[i].Name = pick(i + 4)
				rows[i].Role = pick(i + 5)
			}
			snap.Data.Rows = rows
			un := append([]api.Power(nil), snap.Data.Unexercised...)
			for i := range un {
				un[i].Name, un[i].NameEn, un[i].Line = pick(i), pick(i+1), pick(i+2)
			}
			snap.Data.Unexercised = un
			m[id] = snap
		}
	}
	return s
}

// sgrOnly matches the only escape sequences the dashboard itself emits:
// SGR colours and attributes.
var sgrOnly = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// assertPlain checks that a raw view carries no escape sequence but SGR,
// and no control or bidi character at all.
func assertPlain(t *testing.T, raw string) {
	t.Helper()
	rest := sgrOnly.ReplaceAllString(raw, "")
	for _, r := range rest {
		switch {
		case r == '\n':
		case r == 0x1b:
			t.Fatalf("stray escape in view: %q", raw)
		case unicode.IsControl(r):
			t.Fatalf("control character %U in view", r)
		case unicode.Is(unicode.Cf, r):
			t.Fatalf("format character %U in view", r)
		}
	}
}

func TestHostileData(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, sz := range [][2]int{{80, 24}, {160, 48}} {
			for _, flow := range [][]string{nil, {"2"}, {"3"}, {"3", "b"}, {"2", "enter"}, {"enter"}, {"3", "enter"}, {"u", "u", "u"}} {
				h := newHarness(t, sz[0], sz[1], hostileState(), withLang(l))
				h.f.cases = map[string]*api.Case{}
				c := hostileCase()
				for i := 1; i <= 50; i++ {
					h.f.cases[alertCaseID(i)] = c
				}
				h.f.ranking = hostileRanking()
				h.f.decisions = hostileDecisions()
				h.keys(flow...)
				raw := h.m.View().Content
				assertPlain(t, raw)
				checkFrame(t, raw, sz[0], sz[1])
				plain := ansi.Strip(raw)
				for _, bad := range []string{"evil.example", "]52;", "]8;", "]0;", "\u202e"} {
					if strings.Contains(plain, bad) {
						t.Fatalf("flow %v: %q leaked into the view", flow, bad)
					}
				}
			}
		}
	}
}

func alertCaseID(i int) string { return "C" + strings.Repeat("0", 5-len(itoa(i))) + itoa(i) }

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func hostileCase() *api.Case {
	c := *fixtureCase()
	c.Title = evilOSC52 + evilLong
	c.CaseNo = evilCR + c.CaseNo
	c.Card = append([]api.CardField(nil), c.Card...)
	c.Card[0].Label, c.Card[0].Value = evilBidi, evilWide
	c.Card[1].Value = evilOSC8
	c.CardChecks = append([]api.CardCheck(nil), c.CardChecks...)
	c.CardChecks[0].Message = evilTitle + evilLong
	c.Deadlines = append([]api.Deadline(nil), c.Deadlines...)
	c.Deadlines[0].Basis = evilSGR + evilLong
	c.Deadlines[0].Stage = evilC1
	c.Timeline = append([]api.Event(nil), c.Timeline...)
	c.Timeline[0].Label, c.Timeline[0].Detail = evilCtl, evilWide
	c.Review = &api.Review{Mode: evilOSC8, Grade: evilSGR, Reviewer: evilCR, Issues: []string{evilLong, evilBidi}}
	return &c
}

func hostileRanking() *api.Ranking {
	r := fixtureRanking("I01")
	for i := range r.Entries {
		r.Entries[i].UnitName = evilOSC8 + evilWide
		r.Entries[i].UnitID = "x" + itoa(i)
	}
	return r
}

func hostileDecisions() *api.DecisionPage {
	p := fixtureDecisions()
	p.Decisions[0].PowerName = evilOSC52 + evilLong
	p.Decisions[0].DeciderName = evilBidi
	p.Decisions[1].Action = evilWide
	p.Decisions[1].CaseNo = evilCR
	return p
}
