package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/casewatch/casewatch/i18n"
)

// KeyMap holds every key binding of the dashboard. Which of them work, and
// which the footer and help show, depends on the screen (see Model.help).
type KeyMap struct {
	// Up, Down, PageUp, PageDown, Top and Bottom move in tables and scroll
	// documents.
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	// Enter opens the selection; Back returns to where it was opened.
	Enter, Back key.Binding
	// NextPanel and PrevPanel move the focus between panels.
	NextPanel, PrevPanel key.Binding
	// Panel1, Panel2 and Panel3 focus the alerts, indicators and coverage.
	Panel1, Panel2, Panel3 key.Binding
	// Scope opens the scope picker (a filterable tree of units);
	// ScopeNext and ScopeBack step province → cities → basic units.
	Scope, ScopeNext, ScopeBack key.Binding
	// Command opens the `:` command line (cmdline.go).
	Command key.Binding
	// Group cycles the alerts' grouping (by case, unit, prosecutor, none);
	// Hide cycles acknowledged alerts shown → sunk → hidden.
	Group, Hide key.Binding
	// AbsTime switches the alerts' due column between the countdown and
	// the date and time (for phone calls and notices).
	AbsTime key.Binding
	// SeenAll marks every alert as looked at (clears the ✦ new marks).
	SeenAll key.Binding
	// View switches to the next saved view of config.toml.
	View key.Binding
	// Export writes the list on screen as CSV (export.go); Yank copies
	// the case number with OSC 52 (bell.go).
	Export, Yank key.Binding
	// Refresh asks the poller for fresh data and reloads the drill-down.
	Refresh key.Binding
	// Sort, Filter, Level, Category and Ack work on the alerts panel.
	Sort, Filter, Level, Category, Ack key.Binding
	// Order switches the indicators between rank and volatility order.
	Order key.Binding
	// IndicatorPeriod cycles the indicators' period: the last complete
	// month, the running month so far, the year to date (累计).
	IndicatorPeriod key.Binding
	// By switches the coverage between departments and persons.
	By key.Binding
	// CoveragePeriod cycles the responsibility list's period like
	// IndicatorPeriod (the same key, on the coverage panel).
	CoveragePeriod key.Binding
	// Unpin ends a wall display's pin on new overdue alerts.
	Unpin key.Binding
	// Help toggles the full help; Quit leaves.
	Help, Quit key.Binding
	// Notices are the keys of the notices (notices.go): n issues one from
	// an alert or a case, N opens the notices screen.
	Notices noticeKeys
}

// DefaultKeyMap returns the default bindings with help in the catalog's
// language.
func DefaultKeyMap(c *i18n.Catalog) KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, c.T(desc)))
	}
	return KeyMap{
		Up:              b("↑/k", "key.up", "up", "k"),
		Down:            b("↓/j", "key.down", "down", "j"),
		PageUp:          b("pgup", "key.pgup", "pgup", "ctrl+u"),
		PageDown:        b("pgdn", "key.pgdn", "pgdown", "ctrl+d"),
		Top:             b("g", "key.top", "home", "g"),
		Bottom:          b("G", "key.bottom", "end", "G"),
		Enter:           b("enter", "key.enter", "enter"),
		Back:            b("esc", "key.back", "esc"),
		NextPanel:       b("tab", "key.tab", "tab"),
		PrevPanel:       b("shift+tab", "key.stab", "shift+tab"),
		Panel1:          b("1", "panel.alerts", "1"),
		Panel2:          b("2", "panel.indicators", "2"),
		Panel3:          b("3", "panel.coverage", "3"),
		Scope:           b("u", "key.scope", "u"),
		ScopeNext:       b("]", "key.scopestep", "]"),
		ScopeBack:       b("U", "key.scopeback", "U", "["),
		Command:         b(":", "key.command", ":"),
		Group:           b("b", "key.group", "b"),
		Hide:            b("h", "key.hide", "h"),
		AbsTime:         b("t", "key.abstime", "t"),
		SeenAll:         b("x", "key.seen", "x"),
		View:            b("v", "key.view", "v"),
		Export:          b("e", "key.export", "e"),
		Yank:            b("y", "key.yank", "y"),
		Refresh:         b("r", "key.refresh", "r"),
		Sort:            b("s", "key.sort", "s"),
		Filter:          b("/", "key.filter", "/"),
		Level:           b("l", "key.level", "l"),
		Category:        b("c", "key.category", "c"),
		Ack:             b("a", "key.ack", "a"),
		Order:           b("o", "key.order", "o"),
		IndicatorPeriod: b("p", "key.period", "p"),
		By:              b("b", "key.by", "b"),
		CoveragePeriod:  b("p", "key.covperiod", "p"),
		Unpin:           b("esc", "key.unpin", "esc"),
		Help:            b("?", "key.help", "?"),
		Quit:            b("q", "key.quit", "q", "ctrl+c"),
		Notices:         newNoticeKeys(c),
	}
}

// keyHelp is the help.KeyMap of one screen.
type keyHelp struct {
	short []key.Binding
	full  [][]key.Binding
}

// ShortHelp implements help.KeyMap.
func (h keyHelp) ShortHelp() []key.Binding { return h.short }

// FullHelp implements help.KeyMap.
func (h keyHelp) FullHelp() [][]key.Binding { return h.full }
