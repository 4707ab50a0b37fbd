// Package rules is the alert rule engine of the reference case system: it
// evaluates one case's state at a time against the rules R1–R14 of
// domain.md and returns the case's statutory deadlines and the findings that
// become alerts. It is pure: no IO, no clock of its own.
package rules

import (
	"time"

	"github.com/casewatch/casewatch/api"
)

// Deadline is one statutory deadline of a case, met or not.
type Deadline struct {
	Rule          string
	Key           string // unique within the case, e.g. "R3#2"
	Stage         string
	Start         time.Time
	LegalDays     int
	ExtensionDays int
	// Period and PeriodUnit are the period as the rule states it; SetBy is
	// who set it (api.SetByLaw, api.SetByRule, api.SetBySystem).
	Period     int
	PeriodUnit string
	SetBy      string
	DueAt      time.Time
	MetAt      *time.Time
	Basis      string
	PersonID   string
	// CalendarGap lists the years the period spans that the holiday
	// calendar does not cover, when its due time depended on holidays: the
	// due time then counts weekends only and may be early.
	CalendarGap []int
	// UnitID and DeptID, when set, own the deadline instead of the case's
	// unit and department (a 复核 is decided by the 上一级院).
	UnitID, DeptID string
	// AfterClose marks a deadline that follows the person or the matter
	// past the case's own close (办结): it still raises findings then.
	AfterClose bool
}

// Finding is one rule violation or approaching deadline: an alert.
type Finding struct {
	// Key identifies the finding within its case across evaluations, so the
	// same problem keeps one alert while its level changes.
	Key      string
	Rule     string
	Category string
	Level    string
	PersonID string
	// UnitID and DeptID, when set, attribute the alert to another unit
	// than the case's (the 上一级院 deciding a 复核).
	UnitID, DeptID string
	DueAt          time.Time
	DetectedAt     time.Time
	Basis          string
	Message        string
}

// Result is the evaluation of one case at one time.
type Result struct {
	Deadlines []Deadline
	Findings  []Finding
}

// Status is the deadline's status at now: met, met late, overdue,
// approaching or normal.
func (d Deadline) Status(now time.Time) string {
	if d.MetAt != nil && !d.MetAt.After(now) {
		if d.MetAt.After(d.DueAt) {
			return api.DeadlineMetLate
		}
		return api.DeadlineMet
	}
	switch {
	case now.After(d.DueAt):
		return api.DeadlineOverdue
	case !now.Before(d.NoticeFrom()):
		return api.DeadlineApproaching
	}
	return api.DeadlineNormal
}

// NoticeFrom is when the deadline becomes "approaching" (提示): a third of
// the period before the due time, at least one day and at most seven.
func (d Deadline) NoticeFrom() time.Time {
	w := d.DueAt.Sub(d.Start) / 3
	if w < 24*time.Hour {
		w = 24 * time.Hour
	}
	if w > 7*24*time.Hour {
		w = 7 * 24 * time.Hour
	}
	return d.DueAt.Add(-w)
}

// WarningFrom is when the deadline is "due now" (预警): its last day, from
// 00:00 (a period ends at 23:59:59.999999999 of its last day, see package
// calendar).
func (d Deadline) WarningFrom() time.Time {
	return d.DueAt.Add(-24*time.Hour + time.Nanosecond)
}

// DaysRemaining counts whole days from now to due: negative when overdue
// (−1 on the first day past due).
func DaysRemaining(due, now time.Time) int {
	d := due.Sub(now)
	if d >= 0 {
		return int(d / (24 * time.Hour))
	}
	return -int((-d + 24*time.Hour - 1) / (24 * time.Hour))
}
