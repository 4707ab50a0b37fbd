package api

import "time"

// Notice kinds: the escalation of the 2016 《人民检察院案件流程监控工作规定（试行）》
// from a verbal reminder to a written notice.
const (
	NoticeOral    = "oral"    // 口头提示
	NoticeWritten = "written" // 流程监控通知书
)

// NoticeKinds lists the notice kinds.
var NoticeKinds = []string{NoticeOral, NoticeWritten}

// Notice statuses: issued → replied → closed (销号); overdue while the
// reply date has passed with no reply.
const (
	NoticeIssued  = "issued"  // 已发出, awaiting the reply
	NoticeOverdue = "overdue" // 逾期未回复
	NoticeReplied = "replied" // 已回复, awaiting verification
	NoticeClosed  = "closed"  // 已销号
)

// NoticeStatuses lists the statuses of a notice.
var NoticeStatuses = []string{NoticeIssued, NoticeOverdue, NoticeReplied, NoticeClosed}

// Notice history entry kinds.
const (
	NoticeEventIssued   = "issued"
	NoticeEventReplied  = "replied"
	NoticeEventClosed   = "closed"
	NoticeEventReopened = "reopened"
)

// Notice origins: issued by the simulation (the reference system's own
// case-management officers) or through the API.
const (
	OriginSimulation = "simulation"
	OriginAPI        = "api"
)

// NoticeEvent is one step of a notice's history.
type NoticeEvent struct {
	Kind string    `json:"kind"`
	At   time.Time `json:"at"`
	// ActedAt is when the person acted, as the client sent it (an outbox
	// may deliver late); equal to At when not sent.
	ActedAt time.Time `json:"acted_at"`
	By      string    `json:"by"`
	Text    string    `json:"text,omitempty"`
}

// Notice is a process-monitoring notice (口头提示 or 流程监控通知书) on a case:
// issued by the case-management department to the handling prosecutor,
// replied to with the rectification (整改), and closed (销号) once the
// rectification is verified, or reopened. A written notice carries its
// number, sequential per issuing unit and year.
type Notice struct {
	ID     string `json:"id"`
	Number string `json:"number,omitempty"`
	Kind   string `json:"kind"`
	Status string `json:"status"`
	Origin string `json:"origin"`
	CaseID string `json:"case_id"`
	CaseNo string `json:"case_no"`
	// AlertID and Rule name the alert the notice was issued on; empty for
	// a notice issued from the case.
	AlertID  string `json:"alert_id,omitempty"`
	Rule     string `json:"rule,omitempty"`
	Category string `json:"category"`
	Text     string `json:"text"`
	UnitID   string `json:"unit_id"`
	UnitName string `json:"unit_name"`
	DeptID   string `json:"dept_id"`
	DeptName string `json:"dept_name"`
	// PersonID and PersonName are the handling prosecutor it is sent to.
	PersonID      string    `json:"person_id"`
	PersonName    string    `json:"person_name"`
	IssuedBy      string    `json:"issued_by"`
	IssuedAt      time.Time `json:"issued_at"`
	DueAt         time.Time `json:"due_at"`
	DaysRemaining int       `json:"days_remaining"`
	// RepliedAt, ReplyBy and ReplyText are the reply of the current round
	// (a reopened notice has none until it is answered again); Late says
	// the reply came after the due time.
	RepliedAt *time.Time `json:"replied_at,omitempty"`
	ReplyBy   string     `json:"reply_by,omitempty"`
	ReplyText string     `json:"reply_text,omitempty"`
	Late      bool       `json:"late"`
	ClosedAt  *time.Time `json:"closed_at,omitempty"`
	ClosedBy  string     `json:"closed_by,omitempty"`
	Reopened  int        `json:"reopened"`
	UpdatedAt time.Time  `json:"updated_at"`
	// History is every step so far, oldest first; only in GET
	// /notices/{id} and the answers of the POSTs.
	History []NoticeEvent `json:"history,omitempty"`
}

// NoticePage is the body of GET /notices.
type NoticePage struct {
	Notices    []Notice  `json:"notices"`
	NextCursor string    `json:"next_cursor,omitempty"`
	AsOf       time.Time `json:"as_of"`
}

// NoticeRequest is the body of POST /notices: a notice issued from an
// alert (AlertID; the case is the alert's) or from a case (CaseID). Kind,
// Category (an alert category code; the alert's when omitted), Text and By
// are required but for Category; DueDate (YYYY-MM-DD) is the reply date,
// the reply period of R12 (7 days, 本系统设定) from today when omitted.
type NoticeRequest struct {
	AlertID  string     `json:"alert_id,omitempty"`
	CaseID   string     `json:"case_id,omitempty"`
	Kind     string     `json:"kind"`
	Category string     `json:"category,omitempty"`
	Text     string     `json:"text"`
	DueDate  string     `json:"due_date,omitempty"`
	By       string     `json:"by"`
	ActedAt  *time.Time `json:"acted_at,omitempty"`
}

// NoticeReplyRequest is the body of POST /notices/{id}/reply: the
// handling prosecutor's reply (who, the text, and when they replied).
type NoticeReplyRequest struct {
	By      string     `json:"by"`
	Text    string     `json:"text"`
	ActedAt *time.Time `json:"acted_at,omitempty"`
}

// NoticeCloseRequest is the body of POST /notices/{id}/close: 销号 of a
// replied notice once the rectification is verified, or, with Reopen, the
// rectification found wanting: the notice is issued again with a new reply
// date (DueDate, YYYY-MM-DD; 7 days from today when omitted).
type NoticeCloseRequest struct {
	By      string     `json:"by"`
	Note    string     `json:"note,omitempty"`
	Reopen  bool       `json:"reopen,omitempty"`
	DueDate string     `json:"due_date,omitempty"`
	ActedAt *time.Time `json:"acted_at,omitempty"`
}

// GradeCount is how many reviewed cases got one grade.
type GradeCount struct {
	Grade string `json:"grade"`
	Count int    `json:"count"`
}

// QueuedCase is a case queued for review case by case (逐案评查) whatever
// the sample: an acquittal or a withdrawn prosecution.
type QueuedCase struct {
	CaseID   string    `json:"case_id"`
	CaseNo   string    `json:"case_no"`
	UnitID   string    `json:"unit_id"`
	UnitName string    `json:"unit_name"`
	Reason   string    `json:"reason"` // acquitted, withdrawn (court outcomes)
	At       time.Time `json:"at"`
	Reviewed bool      `json:"reviewed"`
}

// ReviewSummary is the body of GET /reviews: the case-quality reviews
// (案件质量评查) of a unit's subtree for the cases closed in a period:
// progress toward 每案必评 (Reviewed of Closed), the grades, how many
// reviews found issues, and the cases whose court outcome in the period
// queues them for review case by case.
type ReviewSummary struct {
	UnitID     string       `json:"unit_id"`
	Period     string       `json:"period"`
	From       time.Time    `json:"from"`
	To         time.Time    `json:"to"`
	Closed     int          `json:"closed"`
	Reviewed   int          `json:"reviewed"`
	WithIssues int          `json:"with_issues"`
	Grades     []GradeCount `json:"grades"`
	Queued     []QueuedCase `json:"queued"`
	AsOf       time.Time    `json:"as_of"`
}
