package tui

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/client/sanitize"
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

// feed says how hostile text reaches the dashboard: through the client's
// sanitiser (apiFeed, the only road there is: client/decode.go passes
// every string of an answer through sanitize.Line or sanitize.Text), or
// raw (rawFeed, as if some road had forgotten it; only the frame guard is
// left).
type feed struct{ line, text func(string) string }

var (
	apiFeed = feed{
		line: func(s string) string { return sanitize.Line(s, 0) },
		text: func(s string) string { return sanitize.Text(s, 0) },
	}
	rawFeed = feed{line: func(s string) string { return s }, text: func(s string) string { return s }}
)

// hostileState is fixture data full of hostile text, as the client hands
// it over.
func hostileState() client.State { return hostileStateVia(apiFeed) }

func hostileStateVia(fd feed) client.State {
	s := fixtureState(12)
	evil := []string{evilSGR, evilOSC52, evilOSC8, evilTitle, evilCR, evilBidi, evilC1, evilCtl, evilLong, evilWide}
	pick := func(i int) string { return fd.line(evil[i%len(evil)]) }
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
			inds[i].Definition = fd.text(evil[(i+2)%len(evil)] + evilLong)
			inds[i].Unit = pick(i + 3)
		}
		snap.Data.Indicators = inds
		snap.Data.Period = fd.line(evilOSC8)
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

// TestHostileData: hostile text as the client hands it over (sanitised
// where it was decoded) keeps every frame whole and plain on every screen.
func TestHostileData(t *testing.T) { hostileFlows(t, apiFeed, true) }

// TestGuardHoldsRawData: should hostile text ever reach the dashboard
// without the client's sanitiser, the frame guard still lets no escape
// sequence, control or format character through (the layout may break:
// that is what the sanitiser at the boundary is for).
func TestGuardHoldsRawData(t *testing.T) { hostileFlows(t, rawFeed, false) }

func hostileFlows(t *testing.T, fd feed, whole bool) {
	t.Helper()
	for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, sz := range [][2]int{{80, 24}, {160, 48}} {
			for _, flow := range [][]string{nil, {"2"}, {"3"}, {"3", "b"}, {"2", "enter"}, {"enter"}, {"3", "enter"}, {"]", "]", "]"}} {
				h := newHarness(t, sz[0], sz[1], hostileStateVia(fd), withLang(l))
				h.f.cases = map[string]*api.Case{}
				c := hostileCase(fd)
				for i := 1; i <= 50; i++ {
					h.f.cases[alertCaseID(i)] = c
				}
				h.f.ranking = hostileRanking(fd)
				h.f.decisions = hostileDecisions(fd)
				h.keys(flow...)
				raw := h.m.View().Content
				assertPlain(t, raw)
				if whole {
					checkFrame(t, raw, sz[0], sz[1])
				}
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

func hostileCase(fd feed) *api.Case {
	l, x := fd.line, fd.text
	c := *fixtureCase()
	c.Title = l(evilOSC52 + evilLong)
	c.CaseNo = l(evilCR + c.CaseNo)
	c.Card = append([]api.CardField(nil), c.Card...)
	c.Card[0].Label, c.Card[0].Value = l(evilBidi), l(evilWide)
	c.Card[1].Value = l(evilOSC8)
	c.CardChecks = append([]api.CardCheck(nil), c.CardChecks...)
	c.CardChecks[0].Message = l(evilTitle + evilLong)
	c.Deadlines = append([]api.Deadline(nil), c.Deadlines...)
	c.Deadlines[0].Basis = x(evilSGR + evilLong)
	c.Deadlines[0].Stage = l(evilC1)
	c.Timeline = append([]api.Event(nil), c.Timeline...)
	c.Timeline[0].Label, c.Timeline[0].Detail = l(evilCtl), x(evilWide)
	c.Review = &api.Review{Mode: l(evilOSC8), Grade: l(evilSGR), Reviewer: l(evilCR), Issues: []string{l(evilLong), l(evilBidi)}}
	return &c
}

func hostileRanking(fd feed) *api.Ranking {
	l := fd.line
	r := fixtureRanking("I01")
	for i := range r.Entries {
		r.Entries[i].UnitName = l(evilOSC8 + evilWide)
		r.Entries[i].UnitID = "x" + itoa(i)
	}
	return r
}

func hostileDecisions(fd feed) *api.DecisionPage {
	l := fd.line
	p := fixtureDecisions()
	p.Decisions[0].PowerName = l(evilOSC52 + evilLong)
	p.Decisions[0].DeciderName = l(evilBidi)
	p.Decisions[1].Action = l(evilWide)
	p.Decisions[1].CaseNo = l(evilCR)
	return p
}
