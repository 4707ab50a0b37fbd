package domain

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/casewatch/casewatch/api"
)

// PowerSpec is one item of the responsibility list (权责清单): the decision
// kinds it governs and the roles allowed to decide them.
type PowerSpec struct {
	ID      string
	Name    string
	NameEn  string
	Line    string
	Allowed []string
	// Kinds are the decision kinds (KindSpec codes) the item governs; none
	// for a procedural act (讯问, 制作审查报告) the list names but that is
	// not a dispositive decision and is not counted.
	Kinds []string
	Basis string
	// SourceLine is the item's line in its file.
	SourceLine int
}

// Allows reports whether the list lets role decide under this power.
func (p PowerSpec) Allows(role string) bool {
	for _, r := range p.Allowed {
		if r == role {
			return true
		}
	}
	return false
}

// Counted reports whether the item governs dispositive decisions (counted
// for 越权 and 从未行使).
func (p PowerSpec) Counted() bool { return len(p.Kinds) > 0 }

// PowerList is a responsibility list: the built-in example or a province's
// file (casesim serve --powers FILE). It is immutable once built.
type PowerList struct {
	// Source names where the list came from: "builtin" or the file path.
	Source string
	// Example is true for the built-in list: an example default that a
	// province replaces with its own.
	Example bool
	Items   []PowerSpec
	byID    map[string]int
	byKind  map[string]int
}

// ByID returns the item with the given id.
func (l *PowerList) ByID(id string) (PowerSpec, bool) {
	i, ok := l.byID[id]
	if !ok {
		return PowerSpec{}, false
	}
	return l.Items[i], true
}

// ForKind returns the item that governs a decision kind.
func (l *PowerList) ForKind(kind string) (PowerSpec, bool) {
	i, ok := l.byKind[kind]
	if !ok {
		return PowerSpec{}, false
	}
	return l.Items[i], true
}

// Judgement is a decision checked against the list.
type Judgement struct {
	PowerID string // "" when no item governs the kind
	Verdict string // api.VerdictWithin, VerdictOver or VerdictUncovered
	// PowerName and Basis are the governing item's.
	PowerName, Basis string
	// Reason says, for a decision beyond authority, how it went wrong.
	Reason, ReasonEn string
}

// leaderRoles are the 入额院领导: handling a case themselves, they may take
// the decisions the list gives a 检察官.
var leaderRoles = map[string]bool{api.RoleChief: true, api.RoleDeputy: true, api.RoleCommitteeMember: true}

// Judge checks a decision of kind taken by role. deputyInCharge tells, for
// a deputy, whether he is in charge (分管) of the line of the department
// the decision belongs to; a deputy outside his line exceeds his authority
// where the list reserves the decision to the 院领导.
func (l *PowerList) Judge(kind, role string, deputyInCharge bool) Judgement {
	p, ok := l.ForKind(kind)
	if !ok {
		return Judgement{Verdict: api.VerdictUncovered}
	}
	j := Judgement{PowerID: p.ID, PowerName: p.Name, Basis: p.Basis, Verdict: api.VerdictWithin}
	switch {
	case p.Allows(api.RoleProsecutor) && leaderRoles[role]:
	case !p.Allows(role):
		j.Verdict = api.VerdictOver
		j.Reason, j.ReasonEn = overReason(p, role)
	case role == api.RoleDeputy && !deputyInCharge:
		j.Verdict = api.VerdictOver
		j.Reason, j.ReasonEn = "副检察长超出分管范围决定", "a deputy chief decided outside the line he is in charge of"
	}
	return j
}

func overReason(p PowerSpec, role string) (string, string) {
	committeeOnly := true
	for _, r := range p.Allowed {
		if r != api.RoleCommittee && r != api.RoleSupreme {
			committeeOnly = false
		}
	}
	if committeeOnly && p.Allows(api.RoleCommittee) && leaderRoles[role] {
		return "应提交检察委员会决定的事项未经检委会", "a matter for the procuratorial committee was decided without it"
	}
	names := make([]string, len(p.Allowed))
	for i, r := range p.Allowed {
		names[i] = RoleNames[r]
	}
	return fmt.Sprintf("清单规定由%s决定，实际由%s决定", strings.Join(names, "、"), RoleNames[role]),
		fmt.Sprintf("the list reserves it to %s; decided by %s", strings.Join(p.Allowed, ", "), role)
}

// Deputy portfolios (分管): every simulated unit has two deputy chiefs; the
// first (by person id) is in charge of the criminal lines and case
// management, the second of the civil, administrative, public-interest,
// complaint and juvenile lines. A real system reads this from its org data.
var deputyPortfolio = map[string]int{"-D1": 0, "-D2": 0, "-D6": 0, "-D3": 1, "-D4": 1, "-D5": 1}

// DeputyRankFor returns which deputy (0 or 1, by person id within the
// unit) is in charge of the department with the given id.
func DeputyRankFor(deptID string) int {
	if i := strings.LastIndex(deptID, "-"); i >= 0 {
		return deputyPortfolio[deptID[i:]]
	}
	return 0
}

//go:embed powers_default.csv
var defaultPowersCSV []byte

var defaultPowers = sync.OnceValue(func() *PowerList {
	l, err := ParsePowers("builtin", bytes.NewReader(defaultPowersCSV))
	if err != nil {
		panic("domain: built-in responsibility list: " + err.Error())
	}
	l.Example = true
	return l
})

// DefaultPowers returns the built-in example list (powers_default.csv).
func DefaultPowers() *PowerList { return defaultPowers() }

// DefaultPowersCSV returns the text of the built-in list, a template for a
// province's own file.
func DefaultPowersCSV() []byte { return append([]byte(nil), defaultPowersCSV...) }

// LoadPowers reads a list file (CSV, docs/POWERS.md).
func LoadPowers(path string) (*PowerList, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("powers: %w", err)
	}
	defer f.Close()
	return ParsePowers(path, f)
}

var (
	powerColumns = []string{"id", "line", "name", "name_en", "allowed", "kinds", "basis"}
	powerIDRe    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$`)
	knownLines   = map[string]bool{api.LineCriminal: true, api.LineExecution: true, api.LineCivil: true,
		api.LineAdministrative: true, api.LinePublicInterest: true, api.LineJuvenile: true,
		api.LineComplaint: true, api.LineManagement: true, api.LineLeadership: true}
)

// maxPowerErrors bounds the errors one parse reports.
const maxPowerErrors = 20

// ParsePowers reads a list in the CSV layout of docs/POWERS.md; name is
// what errors call the input. Every problem is reported with its line.
func ParsePowers(name string, r io.Reader) (*PowerList, error) {
	cr := csv.NewReader(io.LimitReader(r, 4<<20))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	l := &PowerList{Source: name, byID: map[string]int{}, byKind: map[string]int{}}
	var errs []error
	fail := func(line int, format string, args ...any) {
		if len(errs) < maxPowerErrors {
			errs = append(errs, fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...)))
		}
	}
	header := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				fail(pe.Line, "%v", pe.Err)
				if pe.Err == csv.ErrQuote || pe.Err == csv.ErrBareQuote {
					break
				}
				continue
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if header {
			header = false
			if strings.Join(rec, ",") != strings.Join(powerColumns, ",") {
				fail(line, "the header must be %q, not %q", strings.Join(powerColumns, ","), strings.Join(rec, ","))
				break
			}
			continue
		}
		if len(rec) != len(powerColumns) {
			fail(line, "%d fields, want %d (%s)", len(rec), len(powerColumns), strings.Join(powerColumns, ","))
			continue
		}
		p := PowerSpec{ID: rec[0], Line: rec[1], Name: rec[2], NameEn: rec[3], Basis: rec[6], SourceLine: line}
		ok := true
		check := func(cond bool, format string, args ...any) {
			if !cond {
				fail(line, format, args...)
				ok = false
			}
		}
		check(powerIDRe.MatchString(p.ID), "id %q: letters, digits, '_', '.' or '-', at most 32", p.ID)
		if i, dup := l.byID[p.ID]; dup {
			check(false, "id %s repeats line %d", p.ID, l.Items[i].SourceLine)
		}
		check(knownLines[p.Line], "line %q is not one of %s", p.Line, strings.Join(sortedKeys(knownLines), ", "))
		check(p.Name != "", "name is empty")
		for _, f := range []string{p.Name, p.NameEn, p.Basis} {
			check(!strings.ContainsFunc(f, isControl), "a field holds a control character")
		}
		for _, role := range splitList(rec[4]) {
			_, known := RoleNames[role]
			check(known, "role %q is not one of %s", role, strings.Join(sortedKeys(RoleNames), ", "))
			p.Allowed = append(p.Allowed, role)
		}
		check(len(p.Allowed) > 0, "no role allowed: every item names who may decide")
		for _, k := range splitList(rec[5]) {
			if _, known := KindByCode(k); !known {
				check(false, "decision kind %q is not one casesim records (docs/POWERS.md lists them)", k)
				continue
			}
			if i, dup := l.byKind[k]; dup {
				check(false, "decision kind %s is already governed by %s (line %d)", k, l.Items[i].ID, l.Items[i].SourceLine)
				continue
			}
			p.Kinds = append(p.Kinds, k)
		}
		if !ok {
			continue
		}
		l.byID[p.ID] = len(l.Items)
		for _, k := range p.Kinds {
			l.byKind[k] = len(l.Items)
		}
		l.Items = append(l.Items, p)
	}
	if header && len(errs) == 0 {
		fail(1, "empty file: want the header %s and one item per line", strings.Join(powerColumns, ","))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(l.Items) == 0 {
		return nil, fmt.Errorf("%s: no items", name)
	}
	return l, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, "|") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
