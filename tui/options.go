package tui

import (
	"context"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
)

// Source is what the dashboard needs from the client's poller: the stream
// of published states, a manual refresh and the acknowledgement outbox.
type Source interface {
	// Subscribe returns a channel of published states and a function that
	// ends the subscription.
	Subscribe() (<-chan client.State, func())
	// Current returns the latest published state.
	Current() client.State
	// Refresh asks the poller to fetch everything now.
	Refresh()
	// Acknowledge queues an acknowledgement of alertID by the user with an
	// optional note, returning its idempotency key.
	Acknowledge(alertID, by, note string) (key string, err error)
}

// Fetcher fetches data on demand, outside the poller's cycle. Every method
// is called from a tea.Cmd, never from Update or View. *client.Client is a
// Fetcher as it is.
type Fetcher interface {
	// Case fetches GET /cases/{id}.
	Case(ctx context.Context, id string) (*api.Case, error)
	// Ranking fetches GET /indicators/{id}/ranking?period=&parent=.
	Ranking(ctx context.Context, indicatorID, period, parent string) (*api.Ranking, error)
	// Decisions fetches GET /decisions with the query's filters.
	Decisions(ctx context.Context, q client.DecisionQuery) (*api.DecisionPage, error)
}

// Options configure a dashboard Model.
type Options struct {
	// Source streams the poller's state; required for live data.
	Source Source
	// Fetcher serves drill-downs (case, ranking, decisions).
	Fetcher Fetcher
	// Demo shows the 演示数据 / DEMO badge until /health answers; from then
	// on /health's demo decides (tui/demolabel.go).
	Demo bool
	// ReadOnly disables acknowledgements (and says so when tried).
	ReadOnly bool
	// ViewerKey says the dashboard is read-only because the SSH key of the
	// session may only look: pressing a says so.
	ViewerKey bool
	// NoMouse leaves the mouse to the terminal.
	NoMouse bool
	// Lang is the display language.
	Lang i18n.Lang
	// Theme is the theme family; theme.Auto follows the terminal background.
	Theme theme.Kind
	// Scope is the unit id shown at start; empty for the whole province.
	Scope string
	// User is the name recorded with acknowledgements; without one, a
	// says how to set it (there is no made-up default).
	User string
	// Identity, when set, is shown in the header: who this session is
	// (over SSH, the name the key files give the session's key).
	Identity string
	// FetchTimeout bounds each on-demand fetch; default 15s.
	FetchTimeout time.Duration
	// Now returns the current time; default time.Now. Tests fix it.
	Now func() time.Time
	// Wall turns the dashboard into a wall display; the zero value is off.
	Wall WallOptions
	// Views are the saved views `v` cycles through and `:view` picks
	// (config.toml's [[view]]).
	Views []View
	// DefaultView names the view applied at start ("" for none). Scope,
	// when set, still decides the scope.
	DefaultView string
	// ExportDir is the folder `e` writes CSV files into ("" turns export
	// off, as over SSH: the files would land on the server).
	ExportDir string
	// Notify raises a desktop notification (OSC 9 and OSC 777) besides the
	// bell when a new overdue alert arrives in scope; a wall display rings
	// and notifies only with it.
	Notify bool
	// Clipboard lets `y` copy the case number with OSC 52.
	Clipboard bool
}

// WallOptions configure wall-display mode: read-only, full screen, rotating
// through panels, pinning on new overdue alerts.
//
// A wall display is read-only and leaves the mouse alone whatever Options
// say, and uses theme.HighContrast when Options.Theme is theme.Auto. It
// shows no cursor and needs no key: a summary strip (overdue, due today,
// bottom-ranked indicators, list gaps, the clock; in big digits when the
// screen has room), one panel at a time, and an inverse banner with the
// data's age while the API is unreachable or data is STALE. A new overdue
// alert in scope (new, or a known alert turned overdue) jumps to the
// alerts, floats to the top highlighted, and holds the wall there for
// PinFor with a banner saying how many, where, and when the rotation
// resumes. Everything is timed against Options.Now by the dashboard's
// clock tick, which comes when something on screen changes (once a second
// while a countdown shows seconds, once a minute for the clock).
type WallOptions struct {
	// Enabled turns wall mode on.
	Enabled bool
	// Interval is how long each panel stays on screen (default 20 s).
	Interval time.Duration
	// Panels lists the panels to rotate through, in order: "alerts",
	// "indicators", "coverage" (default all three).
	Panels []string
	// PinFor is how long the alerts panel stays pinned, its new rows
	// highlighted, after a new overdue alert arrives (default 60 s).
	PinFor time.Duration
	// Kiosk ignores every key but ctrl+c. Otherwise q quits, 1/2/3 and
	// tab jump (restarting the rotation there), u changes the scope, r
	// refreshes, esc ends a pin and ? shows these keys.
	Kiosk bool
}
