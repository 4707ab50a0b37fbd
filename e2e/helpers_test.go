package e2e

import (
	"context"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/tui"
)

// clientFetcher adapts the client to the dashboard's on-demand fetches, as
// app.Fetcher does for the casewatch command (kept here so these tests do
// not depend on the command-line package).
type clientFetcher struct{ c *client.Client }

// Case implements tui.Fetcher.
func (f clientFetcher) Case(ctx context.Context, id string) (*api.Case, error) {
	return f.c.Case(ctx, id)
}

// Ranking implements tui.Fetcher.
func (f clientFetcher) Ranking(ctx context.Context, id, period, parent string) (*api.Ranking, error) {
	return f.c.Ranking(ctx, id, period, parent)
}

// Decisions implements tui.Fetcher.
func (f clientFetcher) Decisions(ctx context.Context, q tui.DecisionQuery) (*api.DecisionPage, error) {
	return f.c.Decisions(ctx, client.DecisionQuery{Unit: q.Unit, Dept: q.Dept, Person: q.Person, Verdict: q.Verdict})
}
