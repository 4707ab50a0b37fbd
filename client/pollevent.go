package client

import (
	"errors"
	"strconv"
	"time"
)

// Names of the data sets the poller polls, as PollEvent.DataSet gives
// them (and the metrics label them).
const (
	DataSetHealth         = "health"
	DataSetUnits          = "units"
	DataSetAlerts         = "alerts"
	DataSetIndicators     = "indicators"
	DataSetCoverageDept   = "coverage_department"
	DataSetCoveragePerson = "coverage_person"
	DataSetNotices        = "notices"
)

// DataSets lists every data set name, in the order of the poller's tasks.
var DataSets = []string{DataSetHealth, DataSetUnits, DataSetAlerts, DataSetNotices,
	DataSetIndicators, DataSetCoverageDept, DataSetCoveragePerson}

// String returns the data set's name.
func (d dataset) String() string {
	switch d {
	case dsHealth:
		return DataSetHealth
	case dsUnits:
		return DataSetUnits
	case dsAlerts:
		return DataSetAlerts
	case dsIndicators:
		return DataSetIndicators
	case dsCovDept:
		return DataSetCoverageDept
	case dsCovPerson:
		return DataSetCoveragePerson
	case dsNotices:
		return DataSetNotices
	}
	return "unknown"
}

// PollEvent is one finished request of the poller, for Options.OnPoll.
type PollEvent struct {
	// DataSet is one of the DataSet… names.
	DataSet string
	// Unit is the unit of a per-unit data set (indicators, coverage)
	// asked unit by unit; empty when every unit's came in one request
	// (GET /indicator-sets, /coverage-sets).
	Unit string
	// Fresh is true when a new body was decoded, false on a 304 (or an
	// error).
	Fresh bool
	// Err is the request's error, nil when it succeeded.
	Err error
	// Duration is from the request's start to its answer, retries
	// included.
	Duration time.Duration
}

// Status is the event's outcome as a short label: "ok", "not_modified",
// "http_<code>" for an unexpected HTTP status, else the error's kind
// ("network", "timeout", "body", …).
func (e PollEvent) Status() string {
	switch {
	case e.Err == nil && e.Fresh:
		return "ok"
	case e.Err == nil:
		return "not_modified"
	}
	var ce *Error
	if errors.As(e.Err, &ce) {
		if ce.Kind == KindStatus && ce.Status > 0 {
			return "http_" + strconv.Itoa(ce.Status)
		}
		return ce.Kind.String()
	}
	return "error"
}
