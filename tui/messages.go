package tui

import (
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// subscribedMsg carries a new subscription to the poller.
type subscribedMsg struct {
	ch      <-chan client.State
	cancel  func()
	current client.State
}

// stateMsg carries a state published by the poller.
type stateMsg struct{ state client.State }

// subscriptionClosedMsg says the poller closed the subscription.
type subscriptionClosedMsg struct{}

// tickMsg is the clock's tick; gen drops ticks of superseded timers.
type tickMsg struct {
	gen int
	at  time.Time
}

// caseLoadedMsg answers a case fetch.
type caseLoadedMsg struct {
	req  int
	id   string
	Data *api.Case
	Err  error
}

// rankingLoadedMsg answers a ranking fetch.
type rankingLoadedMsg struct {
	req  int
	Data *api.Ranking
	Err  error
}

// decisionsLoadedMsg answers a decisions fetch.
type decisionsLoadedMsg struct {
	req  int
	Data *api.DecisionPage
	Err  error
}

// ackQueuedMsg answers Source.Acknowledge.
type ackQueuedMsg struct {
	alertID string
	caseNo  string
	key     string
	err     error
}
