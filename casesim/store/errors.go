package store

import "fmt"

// NotFoundError reports that a resource named in a request does not exist.
// What says which kind ("alert", "case", "unit", "indicator", "period",
// "department", "person"); ID is the id that was asked for.
type NotFoundError struct {
	What string
	ID   string
}

// Error implements error.
func (e *NotFoundError) Error() string { return fmt.Sprintf("%s %q not found", e.What, e.ID) }

// ParamError reports an invalid request parameter, such as a cursor that does
// not decode or an Idempotency-Key reused for another request.
type ParamError struct {
	Param  string
	Reason string
}

// Error implements error.
func (e *ParamError) Error() string { return fmt.Sprintf("parameter %s: %s", e.Param, e.Reason) }

// GoneError reports a cursor the store can no longer serve: it comes from
// another database (another epoch) or lies at or below the delta horizon.
// The client must list again without it.
type GoneError struct {
	Param  string
	Reason string
}

// Error implements error.
func (e *GoneError) Error() string { return fmt.Sprintf("parameter %s: %s", e.Param, e.Reason) }

// ConflictError reports a request that conflicts with a resource's state,
// such as acknowledging a rectified alert.
type ConflictError struct {
	ID     string
	Reason string
}

// Error implements error.
func (e *ConflictError) Error() string { return fmt.Sprintf("%s: %s", e.ID, e.Reason) }
