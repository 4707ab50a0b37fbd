package tui

import (
	"time"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/theme"
)

// common is what the root shares with its panels and screens: the options
// (the read-only flag among them), the catalog, styles and keys, the size
// of the terminal, the clocks, the org tree and the scope, and the poller's
// latest state with what the root derived from it (the offline banner, the
// acknowledgements in the outbox).
//
// The root (model) embeds it and alone writes it (but for reqSeq); panels and screens get a
// *common and only read it. What a panel or screen needs beyond this it
// keeps in its own struct, or is told by the root (see alertsPanel.onWall,
// alertsPanel.pinned); it never reads another panel's state.
type common struct {
	opts   Options
	now    func() time.Time // the real clock (Options.Now)
	cat    *i18n.Catalog
	keys   KeyMap
	styles *theme.Styles

	width, height int    // the terminal
	lay           layout // where everything goes on it (see relayout)

	views []View // the saved views (views.go; startViews may add two)

	units   unitIndex
	scopeID string // "" until units are known: the whole province

	state    client.State // the poller's latest publication
	hasState bool
	offline  offlineInfo     // derived from state: the banner (see computeOffline)
	pending  map[string]bool // alert ids with an ack in the outbox (see ackBook.syncAcks)

	// noticeCases is the most pressing status of each case's open notices,
	// noticeAlerts the alerts with a notice in the outbox: the alert rows'
	// notice mark (see syncNotices).
	noticeCases  map[string]string
	noticeAlerts map[string]bool

	status    string // the footer's message…
	statusBad bool   // …which tells of a failure

	simAt    simAnchor // the simulation clock (see anchorSim)
	simSrc   int       // where simAt came from: simFromHealth…
	simFloor time.Time // the latest simulation time shown

	// reqSeq numbers the on-demand fetches (see nextReq): the one thing a
	// panel or screen writes here, so that no answer to an earlier fetch,
	// of whatever screen, passes for the answer to a later one.
	reqSeq int
}
