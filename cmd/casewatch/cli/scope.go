package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// scopeCheckTimeout bounds the one GET /units that checks --scope before
// the dashboard starts.
const scopeCheckTimeout = 10 * time.Second

// errScopeUnchecked reports that --scope could not be checked (the case
// system did not answer): the dashboard starts and says so itself if the
// unit turns out to be unknown.
var errScopeUnchecked = errors.New("scope not checked")

// checkScope resolves --scope against the case system's units: a unit id
// (U21), or a unit's name, short name or English name (河阳市人民检察院,
// 河阳市院, Heyang Municipal Procuratorate) when exactly one unit has it. It
// returns the unit id; an unknown or ambiguous scope is a configuration
// error (exit 2) listing the units, as snapshot --scope does (issue 14,
// D12), never a silent fall-back to the province. When the case system
// does not answer, it returns the scope as given and errScopeUnchecked.
func checkScope(ctx context.Context, c *client.Client, scope string) (string, error) {
	if scope == "" {
		return "", nil
	}
	ctx, cancel := context.WithTimeout(ctx, scopeCheckTimeout)
	defer cancel()
	list, err := c.Units(ctx)
	if err != nil {
		return scope, errScopeUnchecked
	}
	id, err := resolveScope(list.Units, scope)
	if err != nil {
		return "", configError(err)
	}
	return id, nil
}

// resolveScope finds the unit scope names among units.
func resolveScope(units []api.Unit, scope string) (string, error) {
	want := strings.TrimSpace(scope)
	var hits []string
	for _, u := range units {
		if u.ID == want {
			return u.ID, nil
		}
	}
	for _, u := range units {
		short := strings.TrimSuffix(u.Name, "人民检察院") + "院"
		if u.Name == want || short == want || strings.EqualFold(u.NameEn, want) ||
			strings.EqualFold(strings.TrimSuffix(u.NameEn, " Procuratorate"), want) {
			hits = append(hits, u.ID)
		}
	}
	if len(hits) == 1 {
		return hits[0], nil
	}
	known := make([]string, 0, len(units))
	for _, u := range units {
		known = append(known, u.ID+" "+u.Name)
	}
	if len(hits) > 1 {
		return "", fmt.Errorf("--scope %s: names %d units (%s); give the unit id (units: %s)", scope, len(hits), strings.Join(hits, ", "), strings.Join(known, ", "))
	}
	return "", fmt.Errorf("--scope %s: no such unit (units: %s)", scope, strings.Join(known, ", "))
}
