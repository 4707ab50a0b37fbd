// Package snapshot builds a one-shot report of the case system for shift
// handover, the monthly notice and cron jobs: active alerts counted by
// level, category and unit, the most overdue cases, the bottom-ranked and
// most volatile quality indicators, the responsibility-list coverage gaps,
// and the time the data is as of. Build fetches it from the API (no
// poller); Render writes it as plain text, Markdown or JSON. The JSON shape
// is documented in docs/SNAPSHOT.md and versioned by SchemaVersion.
package snapshot

import "time"

// SchemaVersion is the version of the JSON shape of a Report. It changes
// only when a field is removed or changes meaning; new fields may appear
// within a version.
const SchemaVersion = 1

// Report is a snapshot of the case system for one scope.
type Report struct {
	// SchemaVersion is always SchemaVersion.
	SchemaVersion int `json:"schema_version"`
	// GeneratedAt is when the report was made (the caller's clock).
	GeneratedAt time.Time `json:"generated_at"`
	// DataAsOf is the time the case system's data is as of (/health).
	DataAsOf time.Time `json:"data_as_of"`
	// Demo is set when the data is simulated demonstration data.
	Demo bool `json:"demo"`
	// Scope is the unit reported on, with its subtree.
	Scope Scope `json:"scope"`
	// Alerts summarises the active (open or acknowledged) alerts.
	Alerts Alerts `json:"alerts"`
	// Indicators lists the indicators of the scope unit to analyse.
	Indicators Indicators `json:"indicators"`
	// Coverage summarises the decisions against the responsibility list.
	Coverage Coverage `json:"coverage"`
}

// Scope is the unit a report covers.
type Scope struct {
	UnitID string `json:"unit_id"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
	// Level is province, city or basic.
	Level string `json:"level"`
}

// Alerts summarises the active alerts of the scope.
type Alerts struct {
	// AsOf is the simulation time of the alert listing.
	AsOf time.Time `json:"as_of"`
	// Total counts the active alerts.
	Total int `json:"total"`
	// ByLevel counts them by level; every level is present.
	ByLevel map[string]int `json:"by_level"`
	// ByCategory counts them by category; every category is present.
	ByCategory map[string]int `json:"by_category"`
	// Unmonitored lists the categories no rule of the case system watches
	// (its count is 0 because nothing looks, not because nothing is wrong).
	Unmonitored []string `json:"unmonitored_categories,omitempty"`
	// ByUnit counts them by handling unit, most overdue first.
	ByUnit []UnitCount `json:"by_unit"`
	// OverdueCases counts the cases with at least one overdue alert (超期:
	// deadlines only; findings awaiting rectification never count).
	OverdueCases int `json:"overdue_cases"`
	// MostOverdue lists the cases longest past a due time, worst first
	// (at most the report's limit).
	MostOverdue []OverdueCase `json:"most_overdue"`
	// Rejected counts the alert records the case system sent that break
	// the contract (a value of the wrong type, a number out of range, a
	// bad id or status): left out of every count above.
	Rejected int `json:"rejected"`
	// FirstRejected describes the first of them ("A00000012
	// days_remaining: number 1e400 is out of range"); empty when none.
	FirstRejected string `json:"first_rejected,omitempty"`
}

// UnitCount counts the active alerts of one handling unit.
type UnitCount struct {
	UnitID     string `json:"unit_id"`
	UnitName   string `json:"unit_name"`
	UnitNameEn string `json:"unit_name_en"`
	Total      int    `json:"total"`
	Overdue    int    `json:"overdue"`
	Warning    int    `json:"warning"`
	Notice     int    `json:"notice"`
	// Findings counts the alerts that are not deadlines (待整改, 逾期未整改,
	// 达到积分上限); they never count as overdue.
	Findings int `json:"findings"`
}

// OverdueCase is a case with overdue alerts, described by its most overdue
// one.
type OverdueCase struct {
	CaseID     string `json:"case_id"`
	CaseNo     string `json:"case_no"`
	UnitID     string `json:"unit_id"`
	UnitName   string `json:"unit_name"`
	UnitNameEn string `json:"unit_name_en"`
	DeptName   string `json:"dept_name"`
	PersonName string `json:"person_name"`
	// AlertID, Rule, RuleName, RuleNameEn and Category are those of the
	// most overdue alert.
	AlertID    string `json:"alert_id"`
	Rule       string `json:"rule"`
	RuleName   string `json:"rule_name"`
	RuleNameEn string `json:"rule_name_en"`
	Category   string `json:"category"`
	// DueAt is when it was due.
	DueAt time.Time `json:"due_at"`
	// OverdueHours is how long past DueAt the alerts' as_of is, in whole
	// hours.
	OverdueHours int `json:"overdue_hours"`
	// OverdueAlerts counts the case's overdue alerts.
	OverdueAlerts int `json:"overdue_alerts"`
}

// Indicators lists the quality indicators of the scope unit flagged for
// analysis.
type Indicators struct {
	UnitID     string `json:"unit_id"`
	UnitName   string `json:"unit_name"`
	UnitNameEn string `json:"unit_name_en"`
	Period     string `json:"period"`
	// PeriodKind is month (a complete month), mtd or ytd (累计).
	PeriodKind string    `json:"period_kind"`
	AsOf       time.Time `json:"as_of"`
	// Count is the number of indicators of the unit.
	Count int `json:"count"`
	// BasicUnits is, at a city or the province, how many basic units are
	// below it (0 at a basic unit).
	BasicUnits int `json:"basic_units"`
	// BottomCells counts, at a city or the province, the bottom-ranked
	// basic unit × indicator pairs below it.
	BottomCells int `json:"bottom_cells"`
	// BottomRanked lists those ranked at the bottom among peer units
	// (排名靠后) at a basic unit, worst first; at a city or the province,
	// those on which some basic unit below is bottom-ranked, most first.
	BottomRanked []Indicator `json:"bottom_ranked"`
	// Volatile lists those with a large change (波动较大), most volatile
	// first.
	Volatile []Indicator `json:"volatile"`
}

// Indicator is one indicator's value for the period.
type Indicator struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
	Line   string `json:"line"`
	// Direction is higher, lower or band.
	Direction string `json:"direction"`
	// Unit is the unit of measure (%, ratio, days…).
	Unit      string  `json:"unit"`
	Value     float64 `json:"value"`
	Reference float64 `json:"reference"`
	// Source is computed (from the cases) or simulated.
	Source     string   `json:"source"`
	Previous   *float64 `json:"previous,omitempty"`
	Change     *float64 `json:"change,omitempty"`
	Volatility float64  `json:"volatility"`
	Rank       int      `json:"rank"`
	RankOf     int      `json:"rank_of"`
	// BottomUnits names the bottom-ranked basic units below a city or the
	// province.
	BottomUnits   []string `json:"bottom_units,omitempty"`
	BottomUnitsEn []string `json:"bottom_units_en,omitempty"`
}

// Coverage summarises the dispositive decisions of the scope in a period
// against the responsibility list (权责清单), by department. 越权 (Over)
// is a share of the decisions the list governs; decisions of kinds the list
// does not govern are list-maintenance items (NotOnList), counted apart.
type Coverage struct {
	UnitID     string    `json:"unit_id"`
	AsOf       time.Time `json:"as_of"`
	Period     string    `json:"period"`
	PeriodKind string    `json:"period_kind"`
	// From and To bound the period: [from, to).
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// ListSource is "builtin" (the example list) or the province's file.
	ListSource  string `json:"list_source"`
	ListExample bool   `json:"list_example"`
	Decisions   int    `json:"decisions"`
	Within      int    `json:"within"`
	Over        int    `json:"over"`
	// OverRate is Over / Decisions (0 to 1).
	OverRate float64 `json:"over_rate"`
	// OverDepartments counts the departments with decisions beyond
	// authority.
	OverDepartments int `json:"over_departments"`
	// Gaps lists those departments, most 越权 first (at most the report's
	// limit).
	Gaps []Gap `json:"gaps"`
	// NotOnList lists the decision kinds the list does not govern.
	NotOnList          []ListGap `json:"not_on_list"`
	NotOnListDecisions int       `json:"not_on_list_decisions"`
	// Unexercised lists the counted items not exercised in the period.
	Unexercised []Power `json:"unexercised"`
}

// Gap is a department with decisions beyond authority.
type Gap struct {
	DeptID     string  `json:"dept_id"`
	DeptName   string  `json:"dept_name"`
	UnitID     string  `json:"unit_id"`
	UnitName   string  `json:"unit_name"`
	UnitNameEn string  `json:"unit_name_en"`
	Decisions  int     `json:"decisions"`
	Over       int     `json:"over"`
	OverRate   float64 `json:"over_rate"`
}

// ListGap is a decision kind the list does not govern (清单未列事项).
type ListGap struct {
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	NameEn    string `json:"name_en"`
	Line      string `json:"line"`
	Decisions int    `json:"decisions"`
	Units     int    `json:"units"`
}

// Power is an item of the responsibility list.
type Power struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
	Line   string `json:"line"`
}
