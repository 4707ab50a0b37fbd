// Package api holds the casewatch case-system contract: the OpenAPI
// document (openapi.yaml, embedded as Spec) and the Go types of every JSON
// body it describes. The reference case system encodes these types and the
// client decodes them, so the two cannot drift apart silently; tests validate
// both sides against the OpenAPI document.
package api

import "time"

// Version is the contract version served under BasePath.
const Version = "1.5.0"

// BasePath is the URL prefix of every endpoint of the contract.
const BasePath = "/api/v1"

// Alert levels. 提示/预警/超期 belong to deadlines only (办案期限 and other
// statutory or system-set periods); a finding that is not a deadline (a
// case-card error, a notice awaiting rectification, defect points) has its
// own status words and is never 超期.
const (
	LevelNotice  = "notice"  // 提示: deadline approaching
	LevelWarning = "warning" // 预警: due now (its last day)
	LevelOverdue = "overdue" // 超期: past due

	LevelRectify        = "rectify"         // 待整改: a finding awaiting rectification
	LevelRectifyOverdue = "rectify_overdue" // 逾期未整改: not rectified within its cycle
	LevelPointsLimit    = "points_limit"    // 达到积分上限: defect points reached the limit
)

// DeadlineLevels are the levels of a deadline, most urgent first.
var DeadlineLevels = []string{LevelOverdue, LevelWarning, LevelNotice}

// FindingLevels are the statuses of a finding that is not a deadline, most
// urgent first.
var FindingLevels = []string{LevelPointsLimit, LevelRectifyOverdue, LevelRectify}

// Levels lists every level: the deadline levels, then the finding
// statuses, each most urgent first.
var Levels = []string{LevelOverdue, LevelWarning, LevelNotice, LevelPointsLimit, LevelRectifyOverdue, LevelRectify}

// Categories lists the alert categories in display order.
var Categories = []string{CategoryDeadline, CategoryCard, CategoryDocument, CategoryRights, CategoryMeasure,
	CategoryProperty, CategoryRectification, CategoryQuality, CategoryAuthority}

// IsDeadlineLevel reports whether level belongs to a deadline (提示, 预警,
// 超期); only LevelOverdue counts as 超期.
func IsDeadlineLevel(level string) bool {
	return level == LevelNotice || level == LevelWarning || level == LevelOverdue
}

// LevelRank orders levels by urgency from 0 to 3: 超期 3, 预警 2, then 提示,
// 逾期未整改 and 达到积分上限 1, 待整改 and unknown codes 0. A rise in rank
// is an escalation.
func LevelRank(level string) int {
	switch level {
	case LevelOverdue:
		return 3
	case LevelWarning:
		return 2
	case LevelNotice, LevelRectifyOverdue, LevelPointsLimit:
		return 1
	}
	return 0
}

// Alert categories (流程监控 categories of domain.md).
const (
	CategoryDeadline = "deadline" // 办案期限
	CategoryCard     = "card"     // 案卡填录
	CategoryDocument = "document" // 文书制作
	CategoryRights   = "rights"   // 诉讼权利保障
	CategoryMeasure  = "measure"  // 强制措施
	CategoryProperty = "property" // 涉案财物
	// CategoryRectification is 流程监控整改: a process-monitoring notice
	// awaiting its reply and rectification.
	CategoryRectification = "rectification"
	// CategoryQuality is 办案质量: defect points and quality findings.
	CategoryQuality = "quality"
	// CategoryAuthority is 越权决定: a decision beyond the authority the
	// responsibility list gives (rule R30).
	CategoryAuthority = "authority"
)

// Who set a deadline's period (Deadline.SetBy).
const (
	SetByLaw    = "law"    // 法定: a statute or judicial interpretation
	SetByRule   = "rule"   // 规定: an internal rule of the 最高人民检察院
	SetBySystem = "system" // 本系统设定: chosen by this system, no rule found
)

// Units of a deadline's period (Deadline.PeriodUnit).
const (
	PeriodDays        = "days"
	PeriodWorkingDays = "working_days"
	PeriodMonths      = "months"
)

// Alert statuses. StatusAll is only a filter value.
const (
	StatusOpen         = "open"
	StatusAcknowledged = "acknowledged"
	StatusRectified    = "rectified"
	StatusAll          = "all"
)

// Unit levels of the org tree.
const (
	UnitProvince = "province" // 省院
	UnitCity     = "city"     // 市院
	UnitBasic    = "basic"    // 基层院
)

// Business lines (条线) of cases and departments.
const (
	LineCriminal       = "criminal"        // 刑事
	LineCivil          = "civil"           // 民事
	LineAdministrative = "administrative"  // 行政
	LinePublicInterest = "public_interest" // 公益诉讼
	LineComplaint      = "complaint"       // 控申
	LineManagement     = "management"      // 案管
	LineExecution      = "execution"       // 刑事执行
	LineJuvenile       = "juvenile"        // 未检
	LineLeadership     = "leadership"      // 院领导、检委会 (responsibility-list items only)
)

// Roles of people and decision bodies (权责清单 deciders).
const (
	RoleChief           = "chief"            // 检察长
	RoleDeputy          = "deputy"           // 副检察长
	RoleCommittee       = "committee"        // 检察委员会
	RoleCommitteeMember = "committee_member" // 检委会专职委员
	RoleDeptHead        = "dept_head"        // 部门负责人
	RoleProsecutor      = "prosecutor"       // 检察官
	RoleAssistant       = "assistant"        // 检察官助理
	RoleClerk           = "clerk"            // 书记员
	RoleCaseManagement  = "case_management"  // 案件管理部门
	RoleSupreme         = "supreme"          // 最高人民检察院
)

// Decision verdicts against the responsibility list.
const (
	VerdictWithin    = "within"    // taken by a role the list allows
	VerdictOver      = "over"      // 越权: a role the list does not allow
	VerdictUncovered = "uncovered" // 清单未列事项: no list item governs the kind
)

// Indicator directions.
const (
	DirectionHigher = "higher" // higher is better
	DirectionLower  = "lower"  // lower is better
	DirectionBand   = "band"   // a reasonable band is best
	// DirectionThreshold: meeting the threshold (reference) is what counts,
	// not how far above it (院领导办案占比).
	DirectionThreshold = "threshold"
	// DirectionRigid: a count where any occurrence counts against the unit
	// (刚性指标: 无罪判决, 撤回起诉).
	DirectionRigid = "rigid"
)

// Where an indicator's values come from.
const (
	SourceComputed  = "computed"  // computed from the case data
	SourceSimulated = "simulated" // a simulated series, not from cases
	SourceReported  = "reported"  // reported by the units, not derived here
)

// Period kinds of an indicator set.
const (
	PeriodMonth = "month" // a complete month, YYYY-MM
	PeriodMTD   = "mtd"   // the running month so far, YYYY-MM-mtd
	PeriodYTD   = "ytd"   // 累计: January to the last complete month, YYYY-ytd
)

// Deadline statuses.
const (
	DeadlineNormal      = "normal"      // running, not near
	DeadlineApproaching = "approaching" // 临期
	DeadlineOverdue     = "overdue"     // 超期, not yet met
	DeadlineMet         = "met"         // done in time
	DeadlineMetLate     = "met_late"    // done, but after the due time
)

// Health is the body of GET /health.
type Health struct {
	Status     string    `json:"status"`
	Version    string    `json:"version"`
	ServerTime time.Time `json:"server_time"`
	SimTime    time.Time `json:"sim_time"`
	SimSpeed   float64   `json:"sim_speed"`
	DataAsOf   time.Time `json:"data_as_of"`
	Demo       bool      `json:"demo"`
	// MonitoredCategories lists the alert categories some rule of the
	// system watches. A category not listed is not monitored: a client
	// shows 未监控, never a reassuring 0. Absent from systems that do not
	// say; then nothing can be concluded.
	MonitoredCategories []string `json:"monitored_categories,omitempty"`
}

// Department is one department (部门) of a unit.
type Department struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Line string `json:"line"`
}

// Unit is one procuratorate (检察院) of the org tree.
type Unit struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	NameEn      string       `json:"name_en"`
	Level       string       `json:"level"`
	ParentID    string       `json:"parent_id,omitempty"`
	Departments []Department `json:"departments"`
}

// UnitList is the body of GET /units: every unit, parents before children.
type UnitList struct {
	Units []Unit `json:"units"`
}

// Ack records an acknowledgement of an alert: who, why, when the person
// acted (ActedAt, by the client's clock, as sent in the request) and when
// the server recorded it (At). ActedAt equals At when the client did not
// say; it is earlier when the acknowledgement waited in a client's outbox
// (an outage, a restart).
type Ack struct {
	By      string    `json:"by"`
	Note    string    `json:"note"`
	At      time.Time `json:"at"`
	ActedAt time.Time `json:"acted_at"`
}

// Alert is one process-monitoring alert (流程监控预警), derived by a rule
// from a case's state.
type Alert struct {
	ID            string     `json:"id"`
	Rule          string     `json:"rule"`
	RuleName      string     `json:"rule_name"`
	RuleNameEn    string     `json:"rule_name_en"`
	Category      string     `json:"category"`
	Level         string     `json:"level"`
	Status        string     `json:"status"`
	CaseID        string     `json:"case_id"`
	CaseNo        string     `json:"case_no"`
	UnitID        string     `json:"unit_id"`
	UnitName      string     `json:"unit_name"`
	DeptID        string     `json:"dept_id"`
	DeptName      string     `json:"dept_name"`
	PersonID      string     `json:"person_id"`
	PersonName    string     `json:"person_name"`
	DueAt         time.Time  `json:"due_at"`
	DaysRemaining int        `json:"days_remaining"`
	DetectedAt    time.Time  `json:"detected_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	RectifiedAt   *time.Time `json:"rectified_at,omitempty"`
	Basis         string     `json:"basis"`
	Message       string     `json:"message"`
	Ack           *Ack       `json:"ack,omitempty"`
}

// AlertPage is the body of GET /alerts.
//
// NextCursor, when set, fetches the next page of the same listing. SyncCursor
// is the delta-sync position of the listing: pass it as since= to receive
// only alerts created or changed after it. In a delta answer (Delta true),
// level and status filters are not applied, so a client sees alerts that
// left its filter (for example, became rectified) and can drop them.
type AlertPage struct {
	Alerts     []Alert   `json:"alerts"`
	NextCursor string    `json:"next_cursor,omitempty"`
	SyncCursor string    `json:"sync_cursor"`
	Delta      bool      `json:"delta"`
	AsOf       time.Time `json:"as_of"`
}

// AckRequest is the body of POST /alerts/{id}/ack. By is required; Note
// is optional (absent is empty); ActedAt is when the person acknowledged
// (pressed the key), optional: the server's time of receipt when absent.
type AckRequest struct {
	By      string     `json:"by"`
	Note    string     `json:"note"`
	ActedAt *time.Time `json:"acted_at,omitempty"`
}

// HistoryPoint is one month's value of an indicator.
type HistoryPoint struct {
	Period string  `json:"period"`
	Value  float64 `json:"value"`
}

// Indicator is one quality indicator (评价指标) of one unit for one period.
// At a basic unit, Rank and RankOf place it among the province's basic
// units; at a city or the province they are 0 and Subordinates says how
// the basic units below stand.
type Indicator struct {
	ID           string         `json:"id"`
	Name         string         `json:"name"`
	NameEn       string         `json:"name_en"`
	Short        string         `json:"short"`
	ShortEn      string         `json:"short_en"`
	Line         string         `json:"line"`
	Direction    string         `json:"direction"`
	Unit         string         `json:"unit"`
	Definition   string         `json:"definition"`
	Source       string         `json:"source"`
	Reference    float64        `json:"reference"`
	BandLow      *float64       `json:"band_low,omitempty"`
	BandHigh     *float64       `json:"band_high,omitempty"`
	Meets        *bool          `json:"meets,omitempty"`
	Value        float64        `json:"value"`
	Numerator    float64        `json:"numerator"`
	Denominator  float64        `json:"denominator"`
	Rank         int            `json:"rank"`
	RankOf       int            `json:"rank_of"`
	Previous     *float64       `json:"previous,omitempty"`
	Change       *float64       `json:"change,omitempty"`
	YearAgo      *float64       `json:"year_ago,omitempty"`
	YoYChange    *float64       `json:"yoy_change,omitempty"`
	Volatility   float64        `json:"volatility"`
	BottomRank   bool           `json:"bottom_ranked"`
	Volatile     bool           `json:"volatile"`
	Computed     bool           `json:"computed_from_cases"`
	Subordinates *Subordinates  `json:"subordinates,omitempty"`
	History      []HistoryPoint `json:"history"`
}

// Subordinates is how the basic units below a city or the province stand
// on one indicator among the province's basic units.
type Subordinates struct {
	BasicUnits int         `json:"basic_units"`
	Bottom     []RankEntry `json:"bottom"`
}

// IndicatorSet is the body of GET /indicators.
type IndicatorSet struct {
	UnitID     string      `json:"unit_id"`
	UnitName   string      `json:"unit_name"`
	Period     string      `json:"period"`
	PeriodKind string      `json:"period_kind"`
	From       string      `json:"from"`
	Through    string      `json:"through"`
	AsOf       time.Time   `json:"as_of"`
	Indicators []Indicator `json:"indicators"`
	// DataMissing (imported data only) lists the indicators not shown
	// because the export lacks what they are counted from.
	DataMissing []IndicatorMissing `json:"data_missing,omitempty"`
}

// IndicatorSets is the body of GET /indicator-sets: the IndicatorSet of
// every unit of a subtree, parents before children.
type IndicatorSets struct {
	UnitID string         `json:"unit_id"`
	AsOf   time.Time      `json:"as_of"`
	Sets   []IndicatorSet `json:"sets"`
}

// IndicatorMissing is one indicator that imported data cannot give: Need
// says what the export lacks; Cases, when the indicator is counted from
// cases that may lack an input, how many were left out.
type IndicatorMissing struct {
	Indicator string `json:"indicator"`
	Name      string `json:"name"`
	Need      string `json:"need"`
	Cases     int    `json:"cases,omitempty"`
}

// RankEntry is one unit's place in an indicator ranking.
type RankEntry struct {
	UnitID      string  `json:"unit_id"`
	UnitName    string  `json:"unit_name"`
	Value       float64 `json:"value"`
	Numerator   float64 `json:"numerator"`
	Denominator float64 `json:"denominator"`
	Rank        int     `json:"rank"`
	BottomRank  bool    `json:"bottom_ranked"`
}

// Ranking is the body of GET /indicators/{id}/ranking: one indicator across
// peer units, best first.
type Ranking struct {
	IndicatorID string      `json:"indicator_id"`
	Name        string      `json:"name"`
	NameEn      string      `json:"name_en"`
	Direction   string      `json:"direction"`
	Unit        string      `json:"unit"`
	Period      string      `json:"period"`
	PeriodKind  string      `json:"period_kind"`
	ParentID    string      `json:"parent_id,omitempty"`
	AsOf        time.Time   `json:"as_of"`
	Entries     []RankEntry `json:"entries"`
}

// Power is one item of the responsibility list (权责清单).
type Power struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	NameEn       string   `json:"name_en"`
	Line         string   `json:"line"`
	AllowedRoles []string `json:"allowed_roles"`
	// Kinds are the decision kinds the item governs; none for a procedural
	// act that is listed but not counted (not a dispositive decision).
	Kinds []string `json:"kinds"`
	Basis string   `json:"basis"`
}

// PowerList describes the responsibility list decisions were checked
// against.
type PowerList struct {
	// Source is "builtin" (the example list) or the file the province's
	// list was loaded from.
	Source string `json:"source"`
	// Example is true for the built-in list: an example a province
	// replaces with its own.
	Example bool `json:"example"`
	Items   int  `json:"items"`
	// Counted is the number of items that govern dispositive decisions.
	Counted int `json:"counted"`
}

// CoverageRow counts the dispositive decisions of one department or person
// against the list. Over (越权) is a share of the decisions the list
// governs; decisions of kinds the list does not govern are counted apart
// (NotOnList) and never enter that share.
type CoverageRow struct {
	Key       string  `json:"key"`
	Name      string  `json:"name"`
	UnitID    string  `json:"unit_id"`
	UnitName  string  `json:"unit_name"`
	Role      string  `json:"role,omitempty"`
	Decisions int     `json:"decisions"`
	Within    int     `json:"within"`
	Over      int     `json:"over"`
	OverRate  float64 `json:"over_rate"`
	NotOnList int     `json:"not_on_list"`
}

// PowerUse is one list item's decisions in the period.
type PowerUse struct {
	Power
	Decisions int     `json:"decisions"`
	Over      int     `json:"over"`
	OverRate  float64 `json:"over_rate"`
}

// ListGap is a decision kind the list does not govern (清单未列事项): an
// item for whoever maintains the list, not a fault of the decider.
type ListGap struct {
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	NameEn    string `json:"name_en"`
	Line      string `json:"line"`
	Decisions int    `json:"decisions"`
	Units     int    `json:"units"`
}

// Coverage is the body of GET /coverage: the dispositive decisions of a
// unit's subtree taken in a period, checked against the list.
type Coverage struct {
	UnitID     string    `json:"unit_id"`
	By         string    `json:"by"`
	Period     string    `json:"period"`
	PeriodKind string    `json:"period_kind"`
	From       time.Time `json:"from"`
	To         time.Time `json:"to"`
	AsOf       time.Time `json:"as_of"`
	List       PowerList `json:"list"`
	// Totals.Key is the unit id.
	Totals      CoverageRow   `json:"totals"`
	Rows        []CoverageRow `json:"rows"`
	Powers      []PowerUse    `json:"powers"`
	NotOnList   []ListGap     `json:"not_on_list"`
	Unexercised []Power       `json:"unexercised"`
}

// CoverageSets is the body of GET /coverage-sets: the Coverage of every
// unit of a subtree, parents before children.
type CoverageSets struct {
	UnitID string     `json:"unit_id"`
	By     string     `json:"by"`
	AsOf   time.Time  `json:"as_of"`
	Sets   []Coverage `json:"sets"`
}

// Decision is one dispositive decision taken on a case, checked against
// the list.
type Decision struct {
	ID           string    `json:"id"`
	CaseID       string    `json:"case_id"`
	CaseNo       string    `json:"case_no"`
	Kind         string    `json:"kind"`
	PowerID      string    `json:"power_id,omitempty"`
	PowerName    string    `json:"power_name,omitempty"`
	Action       string    `json:"action"`
	DecidedBy    string    `json:"decided_by"`
	DeciderName  string    `json:"decider_name"`
	Role         string    `json:"role"`
	DeptID       string    `json:"dept_id"`
	UnitID       string    `json:"unit_id"`
	At           time.Time `json:"at"`
	Verdict      string    `json:"verdict"`
	AllowedRoles []string  `json:"allowed_roles,omitempty"`
	// Reason says how a decision beyond authority went wrong.
	Reason string `json:"reason,omitempty"`
}

// DecisionPage is the body of GET /decisions.
type DecisionPage struct {
	Decisions  []Decision `json:"decisions"`
	NextCursor string     `json:"next_cursor,omitempty"`
	AsOf       time.Time  `json:"as_of"`
}

// CaseSummary is one row of GET /cases.
type CaseSummary struct {
	ID         string     `json:"id"`
	CaseNo     string     `json:"case_no"`
	Title      string     `json:"title"`
	Type       string     `json:"type"`
	Line       string     `json:"line"`
	UnitID     string     `json:"unit_id"`
	UnitName   string     `json:"unit_name"`
	DeptID     string     `json:"dept_id"`
	DeptName   string     `json:"dept_name"`
	LeadID     string     `json:"lead_id"`
	LeadName   string     `json:"lead_name"`
	AcceptedAt time.Time  `json:"accepted_at"`
	ClosedAt   *time.Time `json:"closed_at,omitempty"`
	Stage      string     `json:"stage"`
	OpenAlerts int        `json:"open_alerts"`
	// MatterID names the matter the case belongs to (the id of its first
	// case); the cases of one matter share it. Absent from systems that do
	// not link cases.
	MatterID string `json:"matter_id,omitempty"`
}

// CasePage is the body of GET /cases.
type CasePage struct {
	Cases      []CaseSummary `json:"cases"`
	NextCursor string        `json:"next_cursor,omitempty"`
	AsOf       time.Time     `json:"as_of"`
}

// CardField is one field of the case card (案卡); Failed marks a field a
// card check found wrong.
type CardField struct {
	Field  string `json:"field"`
	Label  string `json:"label"`
	Value  string `json:"value"`
	Failed bool   `json:"failed"`
}

// CardCheck is one failed case-card logic check (案卡校验).
type CardCheck struct {
	ID       string     `json:"id"`
	Rule     string     `json:"rule"`
	Field    string     `json:"field"`
	Severity string     `json:"severity"`
	Message  string     `json:"message"`
	FoundAt  time.Time  `json:"found_at"`
	FixedAt  *time.Time `json:"fixed_at,omitempty"`
}

// Party is one person in a case (人卡).
type Party struct {
	ID           string     `json:"id"`
	Role         string     `json:"role"`
	Name         string     `json:"name"`
	Charge       string     `json:"charge,omitempty"`
	Measure      string     `json:"measure,omitempty"`
	Custody      bool       `json:"custody"`
	DetainedFrom *time.Time `json:"detained_from,omitempty"`
	// MeasureFrom is when the current 取保候审 or 监视居住 period started
	// (the latest decision on it).
	MeasureFrom *time.Time `json:"measure_from,omitempty"`
}

// Deadline is one statutory handling deadline of a case.
type Deadline struct {
	Rule          string    `json:"rule"`
	Stage         string    `json:"stage"`
	Start         time.Time `json:"start"`
	LegalDays     int       `json:"legal_days"`
	ExtensionDays int       `json:"extension_days"`
	// Period and PeriodUnit are the period as the rule states it (3 days,
	// 10 working days, 1 month), before any extension; SetBy says who set it.
	Period     int        `json:"period,omitempty"`
	PeriodUnit string     `json:"period_unit,omitempty"`
	SetBy      string     `json:"set_by,omitempty"`
	DueAt      time.Time  `json:"due_at"`
	MetAt      *time.Time `json:"met_at,omitempty"`
	Status     string     `json:"status"`
	Basis      string     `json:"basis"`
}

// Event is one procedural event on a case's timeline.
type Event struct {
	At     time.Time `json:"at"`
	Type   string    `json:"type"`
	Label  string    `json:"label"`
	Actor  string    `json:"actor,omitempty"`
	Detail string    `json:"detail,omitempty"`
}

// Document is one legal document (法律文书) of a case.
type Document struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	DraftedBy string    `json:"drafted_by"`
	SignedBy  string    `json:"signed_by"`
	IssuedAt  time.Time `json:"issued_at"`
	// ReturnedAt is when the proof of service or execution receipt (送达回证,
	// 执行回执) came back, for documents that need one.
	ReturnedAt *time.Time `json:"returned_at,omitempty"`
}

// Review is a case-quality review (质量评查) result.
type Review struct {
	Mode       string    `json:"mode"`
	Grade      string    `json:"grade"`
	Reviewer   string    `json:"reviewer"`
	Issues     []string  `json:"issues"`
	ReviewedAt time.Time `json:"reviewed_at"`
}

// DefectPoint is one entry of defect points (瑕疵积分) on a case.
type DefectPoint struct {
	PersonName string    `json:"person_name"`
	Aspect     string    `json:"aspect"`
	Item       string    `json:"item"`
	Points     int       `json:"points"`
	Source     string    `json:"source"`
	At         time.Time `json:"at"`
}

// Case is the body of GET /cases/{id}: one case whole.
type Case struct {
	CaseSummary
	Source       string        `json:"source"`
	Major        bool          `json:"major"`
	FastTrack    bool          `json:"fast_track"`
	Plea         bool          `json:"plea"`
	LeaderCase   bool          `json:"leader_case"`
	Card         []CardField   `json:"card"`
	CardChecks   []CardCheck   `json:"card_checks"`
	Parties      []Party       `json:"parties"`
	Deadlines    []Deadline    `json:"deadlines"`
	Timeline     []Event       `json:"timeline"`
	Documents    []Document    `json:"documents"`
	Decisions    []Decision    `json:"decisions"`
	Alerts       []Alert       `json:"alerts"`
	Review       *Review       `json:"review,omitempty"`
	DefectPoints []DefectPoint `json:"defect_points"`
	DefectTotal  int           `json:"defect_total"`
	// Matter links the case to the other cases of the same matter and to
	// the court stage; Property is the matter's seized property held with
	// this case. Both are absent from servers that do not model them.
	Matter   *Matter    `json:"matter,omitempty"`
	Property []Property `json:"property,omitempty"`
	// DataMissing lists, for a case imported from a department's export,
	// the rules that lack data they need ("data missing for R7"); absent
	// when nothing is missing or the server does not say.
	DataMissing []DataMissing `json:"data_missing,omitempty"`
	// Notices are the process-monitoring notices issued on the case so
	// far (without their history); absent from servers without notices.
	Notices []Notice  `json:"notices,omitempty"`
	AsOf    time.Time `json:"as_of"`
}

// DataMissing says that a rule cannot run on a case, or runs on a
// stand-in, because the case's imported data lacks what it needs.
type DataMissing struct {
	Rule string `json:"rule"`
	Need string `json:"need"`
}

// Court outcome kinds and outcomes of a matter's court stage.
const (
	CourtJudgment = "judgment" // 判决
	CourtRuling   = "ruling"   // 裁定

	OutcomeConvicted  = "convicted"  // 有罪判决
	OutcomeExempted   = "exempted"   // 有罪，免予刑事处罚
	OutcomeAcquitted  = "acquitted"  // 无罪判决
	OutcomeWithdrawn  = "withdrawn"  // 裁定准许撤回起诉
	OutcomeTerminated = "terminated" // 裁定终止审理
)

// Matter is the matter (同一案件) a case belongs to: its cases across the
// procuratorate's stages (审查逮捕 → 审查起诉, 捕诉一体), oldest first, and
// the court stage once the matter is prosecuted. Only what has happened by
// as_of is shown.
type Matter struct {
	ID    string       `json:"id"`
	Cases []MatterCase `json:"cases"`
	Court *Court       `json:"court,omitempty"`
}

// MatterCase is one case of a matter.
type MatterCase struct {
	ID         string     `json:"id"`
	CaseNo     string     `json:"case_no"`
	Type       string     `json:"type"`
	Stage      string     `json:"stage"`
	AcceptedAt time.Time  `json:"accepted_at"`
	ClosedAt   *time.Time `json:"closed_at,omitempty"`
}

// Court is the court stage of a prosecuted matter: filed, then (when it
// has happened) the judgment or ruling, its outcome and when this
// procuratorate received it (served_at; the protest period runs from the
// next day).
type Court struct {
	CaseID       string     `json:"case_id"`
	Court        string     `json:"court"`
	Procedure    string     `json:"procedure"`
	FiledAt      time.Time  `json:"filed_at"`
	Kind         string     `json:"kind,omitempty"`
	Outcome      string     `json:"outcome,omitempty"`
	Sentence     string     `json:"sentence,omitempty"`
	PronouncedAt *time.Time `json:"pronounced_at,omitempty"`
	ServedAt     *time.Time `json:"served_at,omitempty"`
}

// Property is one item of seized property (涉案财物) of a case: how it is
// held, when its transfer list (随案移送清单) arrived and how it was
// disposed of.
type Property struct {
	ID         string     `json:"id"`
	Kind       string     `json:"kind"`
	Measure    string     `json:"measure"`
	Value      int        `json:"value"`
	ListedAt   *time.Time `json:"listed_at,omitempty"`
	DisposedAt *time.Time `json:"disposed_at,omitempty"`
	Disposal   string     `json:"disposal,omitempty"`
}

// Problem is an RFC 9457 problem document (application/problem+json).
// Param names the offending query or path parameter; ID names the resource
// that was not found or in conflict.
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance,omitempty"`
	Param    string `json:"param,omitempty"`
	ID       string `json:"id,omitempty"`
}
