package tui

import (
	"context"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/tui/termtext"
)

// CaseSearcher is implemented by a Fetcher that can search every case of
// the case system (GET /cases?q=). *client.Client is one. Without it,
// `:case` finds only the cases of the alerts held.
type CaseSearcher interface {
	// Cases fetches one page of GET /cases with the query's filters.
	Cases(ctx context.Context, q client.CaseQuery) (*api.CasePage, error)
}

// cmdLine is the `:` command line (k9s style): a one-line editor in the
// footer with completions above it and a history browsed with ↑/↓. It
// keeps its own state; what a command does is applied by the root
// (runCommand).
type cmdLine struct {
	open    bool
	input   textinput.Model
	history []string // commands run, oldest first (at most cmdHistoryMax)
	hist    int      // position while browsing: len(history) is the draft
	draft   string   // what was typed before browsing the history

	cands []cmdCand // completions of what is typed
	sel   int       // the completion tab put in the line; -1 for none

	search caseSearch // the case search behind `:case`
}

// cmdCand is one completion: the whole command line it completes to, and
// what the list shows of it.
type cmdCand struct {
	line   string // the command line it completes to
	label  string // what the list shows
	note   string // shown muted after the label
	caseID string // for a case: the case to open
	caseNo string
	rank   int // for cases: how well the case number matches (see caseRank)
}

// caseSearch is the state of the search of every case behind `:case`.
type caseSearch struct {
	req     int    // request id of the search in flight or answered
	q       string // its query
	loading bool
	results []api.CaseSummary
	// last is the latest answer, whatever its query: while the search for
	// a longer query is on its way, its cases that match it stay offered
	// (typing 2430 after 243 does not empty the list until the answer).
	last []api.CaseSummary
	err  error
	// openWhenDone is set when enter was pressed before the answer came:
	// the best match is opened on arrival.
	openWhenDone bool
}

// caseSearchMsg answers a case search.
type caseSearchMsg struct {
	req  int
	q    string
	Data *api.CasePage
	Err  error
}

// Limits of the command line.
const (
	cmdHistoryMax = 50
	cmdCandsMax   = 8  // completions listed
	caseSearchMax = 20 // cases asked of GET /cases per search
)

// commandNames are the commands, in the order completion lists them.
var commandNames = []string{"case", "unit", "scope", "panel", "view", "group", "notices", "help", "q"}

// start opens the command line.
func (l *cmdLine) start(c *common) tea.Cmd {
	l.open = true
	l.input = textinput.New()
	l.input.Prompt = ":"
	l.input.Placeholder = c.cat.T("cmd.placeholder")
	l.input.CharLimit = 100 // the contract's bound on q
	l.input.SetWidth(max(c.width-4, 1))
	l.input.Focus() // no blinking: the cursor holds still (see DEVELOPERS.md)
	l.hist, l.draft = len(l.history), ""
	l.search = caseSearch{req: l.search.req}
	l.complete(c)
	return nil
}

// close closes the command line.
func (l *cmdLine) close() {
	l.open = false
	l.cands, l.sel = nil, -1
	l.input.Blur()
}

// key handles a key while the command line is open: every key goes to it,
// none to the dashboard. Enter asks the root to run the command
// (runCommandMsg); cmd is the case search an edit starts.
func (l *cmdLine) key(c *common, k tea.KeyPressMsg) (up tea.Msg, cmd tea.Cmd) {
	switch k.String() {
	case "ctrl+c":
		return quitMsg{}, nil
	case "esc":
		l.close()
		return nil, nil
	case "enter":
		line := strings.TrimSpace(l.input.Value())
		var cand *cmdCand
		if l.sel >= 0 && l.sel < len(l.cands) && l.cands[l.sel].line == l.input.Value() {
			cand = &l.cands[l.sel]
		}
		l.close()
		if line == "" {
			return nil, nil
		}
		l.remember(line)
		return runCommandMsg{line: line, cand: cand}, nil
	case "tab", "shift+tab":
		if n := len(l.cands); n > 0 {
			step := 1
			if k.String() == "shift+tab" {
				step = n - 1
			}
			if l.sel < 0 {
				l.sel = 0
				if step != 1 {
					l.sel = n - 1
				}
			} else {
				l.sel = (l.sel + step) % n
			}
			l.input.SetValue(l.cands[l.sel].line)
			l.input.CursorEnd()
		}
		return nil, nil
	case "up":
		if l.hist > 0 {
			if l.hist == len(l.history) {
				l.draft = l.input.Value()
			}
			l.hist--
			l.input.SetValue(l.history[l.hist])
			l.input.CursorEnd()
			return nil, l.complete(c)
		}
		return nil, nil
	case "down":
		if l.hist < len(l.history) {
			l.hist++
			v := l.draft
			if l.hist < len(l.history) {
				v = l.history[l.hist]
			}
			l.input.SetValue(v)
			l.input.CursorEnd()
			return nil, l.complete(c)
		}
		return nil, nil
	}
	before := l.input.Value()
	l.input, _ = l.input.Update(k)
	if l.input.Value() != before {
		l.input.SetValue(outside(l.input.Value()))
		return nil, l.complete(c)
	}
	return nil, nil
}

// remember adds a command to the history (not twice in a row).
func (l *cmdLine) remember(line string) {
	if n := len(l.history); n == 0 || l.history[n-1] != line {
		l.history = append(l.history, line)
	}
	if len(l.history) > cmdHistoryMax {
		l.history = l.history[len(l.history)-cmdHistoryMax:]
	}
	l.hist = len(l.history)
}

// splitCommand splits a command line into its command word (lower-cased)
// and the rest.
func splitCommand(line string) (name, arg string, spaced bool) {
	line = strings.TrimLeft(line, " :")
	name, arg, spaced = strings.Cut(line, " ")
	return strings.ToLower(name), strings.TrimSpace(arg), spaced
}

// resolveCommand returns the command a word names: the word itself, a
// known alias, or the one command it is a prefix of.
func resolveCommand(word string) string {
	switch word {
	case "quit", "q!", "exit":
		return "q"
	case "c":
		return "case"
	case "u":
		return "unit"
	case "p":
		return "panel"
	case "v":
		return "view"
	case "g":
		return "group"
	case "n", "notice":
		return "notices"
	}
	found := ""
	for _, c := range commandNames {
		if c == word {
			return c
		}
		if strings.HasPrefix(c, word) && word != "" {
			if found != "" {
				return word // ambiguous: left as typed, reported unknown
			}
			found = c
		}
	}
	if found != "" {
		return found
	}
	return word
}

// complete recomputes the completions of the line, and starts a case
// search when `:case`'s text changed.
func (l *cmdLine) complete(c *common) tea.Cmd {
	l.sel = -1
	l.cands = l.cands[:0]
	name, arg, spaced := splitCommand(l.input.Value())
	if !spaced {
		for _, n := range commandNames {
			if strings.HasPrefix(n, name) {
				l.cands = append(l.cands, cmdCand{line: n + " ", label: n, note: c.cat.T("cmd.desc." + cmdDescKey(n))})
			}
		}
		return nil
	}
	switch resolveCommand(name) {
	case "case":
		return l.completeCase(c, arg)
	case "unit", "scope":
		for _, id := range c.units.match(c.cat, arg) {
			if len(l.cands) == cmdCandsMax {
				break
			}
			l.cands = append(l.cands, cmdCand{line: name + " " + id, label: c.units.name(c.cat, id, id), note: id})
		}
	case "panel":
		for p := panel(0); p < panelCount; p++ {
			label := c.cat.T(panelKeys[p])
			if arg == "" || panelMatches(c, p, arg) {
				l.cands = append(l.cands, cmdCand{line: name + " " + panelWords[p], label: label, note: panelWords[p]})
			}
		}
	case "view":
		for _, v := range c.views {
			if arg == "" || strings.Contains(strings.ToLower(v.Name), strings.ToLower(arg)) {
				l.cands = append(l.cands, cmdCand{line: name + " " + v.Name, label: v.Name})
			}
		}
	case "group":
		for g := groupNone; g < groupCount; g++ {
			if strings.HasPrefix(groupWords[g], strings.ToLower(arg)) {
				l.cands = append(l.cands, cmdCand{line: name + " " + groupWords[g], label: c.groupLabel(g), note: groupWords[g]})
			}
		}
	}
	if len(l.cands) > cmdCandsMax {
		l.cands = l.cands[:cmdCandsMax]
	}
	return nil
}

// cmdDescKey is the catalog key suffix of a command's description.
func cmdDescKey(name string) string {
	if name == "q" {
		return "quit"
	}
	return name
}

// completeCase lists the cases matching arg: those of the alerts held at
// once, then those the case system answers (every case, any unit).
func (l *cmdLine) completeCase(c *common, arg string) tea.Cmd {
	q := strings.TrimSpace(arg)
	if q == "" {
		return nil
	}
	l.cands = l.caseCands(c, q)
	if q == l.search.q && (l.search.loading || l.search.results != nil) {
		return nil
	}
	return l.startSearch(c, q)
}

// caseCands merges the cases of the alerts held (the poller's) that match q with the
// latest answer of the case search (see caseSearch.last), best match first.
func (l *cmdLine) caseCands(c *common, q string) []cmdCand {
	var out []cmdCand
	seen := map[string]bool{}
	add := func(cd cmdCand) {
		if seen[cd.caseID] {
			return
		}
		seen[cd.caseID] = true
		out = append(out, cd)
	}
	s := &l.search
	cm := newCaseMatcher(q)
	// The latest answer (for q, or for an earlier query while q's is on
	// its way), its cases that match q.
	for i := range s.last {
		cs := &s.last[i]
		r := cm.rank(cs.CaseNo, cs.Title, cs.LeadName)
		if r < 0 {
			continue
		}
		note := c.units.short(cs.UnitID, cs.UnitName) + " · " + cs.Title
		add(cmdCand{line: "case " + cs.CaseNo, label: cs.CaseNo, note: note, caseID: cs.ID, caseNo: cs.CaseNo, rank: r})
	}
	// Every alert is looked at (a better match may come last), but at most
	// cmdCandsMax cases are kept per rank.
	var perRank [5]int
	for _, a := range c.state.Alerts.Data.Alerts {
		r := cm.rank(a.CaseNo, "", a.PersonName)
		if r < 0 || perRank[r] >= cmdCandsMax || seen[a.CaseID] {
			continue
		}
		perRank[r]++
		add(cmdCand{line: "case " + a.CaseNo, label: a.CaseNo, note: c.units.short(a.UnitID, a.UnitName) + " · " + a.PersonName,
			caseID: a.CaseID, caseNo: a.CaseNo, rank: r})
	}
	// Stable: within a rank, the case system's order, then the alerts'.
	sortStableBy(out, func(cd cmdCand) int { return cd.rank })
	if len(out) > cmdCandsMax {
		out = out[:cmdCandsMax]
	}
	return out
}

// caseRank says how well a case matches the search text q: 0 the whole
// case number, 1 the serial number (〔2026〕2430号 for 2430), 2 part of
// the number, 3 the title, 4 the prosecutor; -1 not at all.
func caseRank(caseNo, title, lead, q string) int {
	m := newCaseMatcher(q)
	return m.rank(caseNo, title, lead)
}

// caseMatcher ranks cases against one search text. It is built once per
// query: rank runs over every alert held on each key typed, so it
// allocates nothing.
type caseMatcher struct {
	q      string
	serial string // the serial number and 号: "2430号" for 2430 or 02430
	folded string // q lower-cased, when it has cased letters
	fold   bool
	ascii  bool // q is ASCII (see containsFoldASCII)
}

func newCaseMatcher(q string) caseMatcher {
	m := caseMatcher{q: q}
	if t := strings.TrimLeft(q, "0"); t != "" {
		m.serial = t + "号"
	}
	if strings.ToLower(q) != q || strings.ToUpper(q) != q {
		m.folded, m.fold = strings.ToLower(q), true
	}
	m.ascii = true
	for i := 0; i < len(q); i++ {
		m.ascii = m.ascii && q[i] < utf8.RuneSelf
	}
	return m
}

// rank is caseRank for the matcher's query.
func (m *caseMatcher) rank(caseNo, title, lead string) int {
	switch {
	case caseNo == m.q:
		return 0
	case m.serialMatch(caseNo):
		return 1
	case m.contains(caseNo):
		return 2
	case title != "" && m.contains(title):
		return 3
	case lead != "" && m.contains(lead):
		return 4
	}
	return -1
}

// contains reports whether s contains the query, ignoring case. A query
// without cased letters (digits, Chinese) is looked for as it is.
func (m *caseMatcher) contains(s string) bool {
	if !m.fold {
		return strings.Contains(s, m.q)
	}
	if m.ascii {
		return containsFoldASCII(s, m.folded)
	}
	return strings.Contains(strings.ToLower(s), m.folded)
}

// containsFoldASCII reports whether s contains lq, a lower-case ASCII
// text, ASCII letters of s compared without case. It allocates nothing
// (strings.ToLower copies every Chinese string it is given).
func containsFoldASCII(s, lq string) bool {
	n := len(lq)
next:
	for i := 0; i+n <= len(s); i++ {
		for j := 0; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lq[j] {
				continue next
			}
		}
		return true
	}
	return false
}

// serialMatch reports whether the query is a case number's serial number,
// with or without its leading zeros: 2430 in 〔2026〕2430号, 12 in
// [2023]00012号.
func (m *caseMatcher) serialMatch(caseNo string) bool {
	if m.serial == "" {
		return false
	}
	i := strings.LastIndex(caseNo, m.serial)
	if i < 0 {
		return false
	}
	head := strings.TrimRight(caseNo[:i], "0")
	return head == "" || !unicode.IsDigit(lastRune(head))
}

// lastRune returns the last rune of s.
func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// startSearch asks the case system for every case matching q.
func (l *cmdLine) startSearch(c *common, q string) tea.Cmd {
	s := &l.search
	s.req, s.q, s.loading, s.results, s.err = c.nextReq(), q, true, nil, nil
	req := s.req
	return c.fetch(caseSearchMsg{req: req, q: q, Err: errNoSearch}, func(ctx context.Context, f Fetcher) tea.Msg {
		cs, ok := f.(CaseSearcher)
		if !ok {
			return caseSearchMsg{req: req, q: q, Err: errNoSearch}
		}
		page, err := cs.Cases(ctx, client.CaseQuery{Q: q, Limit: caseSearchMax})
		return caseSearchMsg{req: req, q: q, Data: page, Err: err}
	})
}

// searched takes in the answer of a case search, if it is the one still
// wanted; it reports whether the best match must be opened now (enter was
// pressed before the answer came).
func (l *cmdLine) searched(c *common, msg caseSearchMsg) (openBest bool) {
	s := &l.search
	if msg.req != s.req {
		return false
	}
	s.loading, s.err = false, msg.Err
	s.results = []api.CaseSummary{}
	if msg.Data != nil {
		s.results = msg.Data.Cases
	}
	s.last = s.results
	if l.open {
		if _, arg, _ := splitCommand(l.input.Value()); strings.TrimSpace(arg) == msg.q {
			l.cands = l.caseCands(c, msg.q)
			l.sel = -1
		}
	}
	if !s.openWhenDone {
		return false
	}
	s.openWhenDone = false
	return true
}

// bestCase asks for the best match of q among the cases known
// (openCaseMsg), or says there is none (or why the search failed:
// statusMsg).
func (l *cmdLine) bestCase(c *common, q string) tea.Msg {
	cands := l.caseCands(c, q)
	if len(cands) > 0 {
		return cands[0].open()
	}
	if err := l.search.err; err != nil && err != errNoSearch {
		return statusMsg{text: c.cat.F("cmd.caseerr", errLine(err)), bad: true}
	}
	return statusMsg{text: c.cat.F("cmd.nocase", q), bad: true}
}

// open asks for the case of a candidate chosen on the command line, from
// whatever screen is showing (esc comes back to it).
func (cd cmdCand) open() openCaseMsg {
	return openCaseMsg{id: cd.caseID, caseNo: cd.caseNo, fromCmd: true}
}

// runCommand runs a command line; cand is the completion tab put in the
// line, if it is still what the line says.
func (m *model) runCommand(line string, cand *cmdCand) tea.Cmd {
	name, arg, _ := splitCommand(line)
	m.status, m.statusBad = "", false
	bad := func(key string, args ...any) tea.Cmd {
		m.status, m.statusBad = m.cat.F(key, args...), true
		return nil
	}
	switch resolveCommand(name) {
	case "q":
		return m.quit()
	case "help":
		m.showHelp = true
		return nil
	case "case":
		if arg == "" {
			return bad("cmd.usage.case")
		}
		if cand != nil && cand.caseID != "" {
			return m.update(cand.open())
		}
		s := &m.cmd.search
		if s.q == arg && !s.loading && s.results != nil {
			return m.update(m.cmd.bestCase(&m.common, arg))
		}
		// Not answered yet: open the best match when the answer comes.
		m.status = m.cat.F("cmd.searching", arg)
		var cmd tea.Cmd
		if s.q != arg || (!s.loading && s.results == nil) {
			cmd = m.cmd.startSearch(&m.common, arg)
		}
		s.openWhenDone = true
		return cmd
	case "unit", "scope":
		if arg == "" {
			return m.picker.start(&m.common)
		}
		ids := m.units.narrowUnits(m.units.match(m.cat, arg), arg)
		switch {
		case len(ids) == 0:
			return bad("cmd.nounit", arg)
		case len(ids) > 1 && !m.units.exact(m.cat, ids[0], arg):
			names := make([]string, 0, 4)
			for _, id := range ids[:min(len(ids), 4)] {
				names = append(names, m.units.short(id, id))
			}
			return bad("cmd.manyunits", arg, strings.Join(names, m.cat.T("list.sep")))
		}
		return m.update(setScopeMsg{id: ids[0]})
	case "panel":
		for p := panel(0); p < panelCount; p++ {
			if arg != "" && panelMatches(&m.common, p, arg) {
				m.showHelp = false
				m.stack = m.stack[:0]
				m.setFocus(p)
				return nil
			}
		}
		if arg == "" {
			return bad("cmd.usage.panel")
		}
		return bad("cmd.nopanel", arg)
	case "view":
		if len(m.views) == 0 {
			return bad("cmd.noviews")
		}
		if arg == "" {
			return bad("cmd.usage.view")
		}
		if i := m.viewIndex(arg); i >= 0 {
			m.applyView(i)
			return nil
		}
		return bad("cmd.noview", arg)
	case "group":
		for g := groupNone; g < groupCount; g++ {
			if arg != "" && (groupWords[g] == strings.ToLower(arg) || m.groupLabel(g) == arg) {
				return m.update(m.alerts.setGroup(&m.common, g))
			}
		}
		return bad("cmd.usage.group")
	case "notices": // the notices screen, from whatever screen is showing
		m.showHelp = false
		return m.openNotices()
	}
	return bad("cmd.unknown", name)
}

// errNoSearch says the Fetcher cannot search cases (see CaseSearcher).
var errNoSearch = errors.New("no case search")

// panelWords are the command line's names of the panels.
var panelWords = [panelCount]string{"alerts", "indicators", "coverage"}

// panelMatches reports whether arg names panel p: its number, its word
// (or a prefix of it) or its title in either language.
func panelMatches(c *common, p panel, arg string) bool {
	a := strings.ToLower(strings.TrimSpace(arg))
	if a == "" {
		return false
	}
	if a == string(rune('1'+p)) || strings.HasPrefix(panelWords[p], a) {
		return true
	}
	title := strings.ToLower(c.cat.T(panelKeys[p]))
	return strings.Contains(title, a) || strings.Contains(panelZh[p], a)
}

// panelZh are the Chinese short names of the panels, accepted in either
// language.
var panelZh = [panelCount]string{"预警", "指标", "权责"}

// footer draws the open command line in the footer.
func (l *cmdLine) footer(c *common, w int) string {
	hint := c.styles.Muted.Render(" " + c.cat.T("cmd.hint"))
	hw := textWidth(hint)
	if w-hw < 30 {
		hint, hw = "", 0
	}
	l.input.SetWidth(max(w-hw-2, 1))
	return fitLine(l.input.View(), w-hw) + hint
}

// overlay draws the completions above the footer, over the bottom of
// the body; lines are the screen without its footer.
func (l *cmdLine) overlay(c *common, lines []string, w, h int) []string {
	if !l.open || len(l.cands) == 0 || w < 20 {
		return lines
	}
	for len(lines) < h-1 {
		lines = append(lines, termtext.Spaces(w))
	}
	n := min(len(l.cands), max(h-4, 0))
	if n == 0 {
		return lines
	}
	s := c.styles
	lw := 0
	for i := range n {
		lw = max(lw, textWidth(l.cands[i].label))
	}
	lw = min(lw, (w-2)/2)
	body := make([]string, 0, n)
	for i := range n {
		cd := &l.cands[i]
		label := " " + termtext.Fit(cd.label, lw) + "  "
		row := fitLine(label+s.Muted.Render(cd.note), w-2)
		if i == l.sel {
			row = s.Selected.Render(fitLine(label+cd.note, w-2))
		}
		body = append(body, row)
	}
	note := ""
	if l.search.loading {
		note = c.cat.T("loading")
	}
	box := c.box(w, n+2, c.cat.T("cmd.completions"), note, s.Muted, true, body)
	top := h - 1 - len(box)
	if top < 1 {
		return lines
	}
	copy(lines[top:], box)
	return lines
}

// sortStableBy sorts s stably by key.
func sortStableBy[T any](s []T, key func(T) int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && key(s[j]) < key(s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
