package server

import (
	"context"
	"net/http"
)

// routeSlot is the context key of the slot the handler writes the
// matched route into.
type routeSlot struct{}

// WithRouteSlot returns r with a slot in its context that the handler of
// New fills with the route pattern it matched ("GET /api/v1/alerts",
// "POST /api/v1/alerts/{id}/ack"), so that a middleware outside it can
// label metrics by route without one label per alert id. The slot stays
// empty when no route matched (404, 405, a 401 before routing).
func WithRouteSlot(r *http.Request) (*http.Request, *string) {
	slot := new(string)
	return r.WithContext(context.WithValue(r.Context(), routeSlot{}, slot)), slot
}

// setRoute writes pattern into r's slot, when it has one.
func setRoute(r *http.Request, pattern string) {
	if slot, ok := r.Context().Value(routeSlot{}).(*string); ok {
		*slot = pattern
	}
}
