package webhook

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Formats of the posted body.
const (
	// FormatJSON is casewatch's own JSON (docs/WEBHOOK.md).
	FormatJSON = "json"
	// FormatAlertmanager is the body Prometheus Alertmanager posts to its
	// webhook receivers (version 4), which bridges to chat robots accept.
	FormatAlertmanager = "alertmanager"
	// FormatDingTalk is a 钉钉 group robot's markdown message.
	FormatDingTalk = "dingtalk"
	// FormatWeCom is a 企业微信 group robot's markdown message.
	FormatWeCom = "wecom"
)

// Formats lists the formats, for flags and errors.
var Formats = []string{FormatJSON, FormatAlertmanager, FormatDingTalk, FormatWeCom}

// batchSize is how many alerts one post carries at most: a chat robot's
// message must stay short (企业微信: 4,096 bytes of markdown).
func batchSize(format string) int {
	switch format {
	case FormatDingTalk, FormatWeCom:
		return 15
	}
	return 50
}

// batch is what one post says.
type batch struct {
	Alerts []Record
	// Resolved says the records are alerts overdue no more.
	Resolved     bool
	OverdueTotal int // overdue alerts of the scope now
	Scope        string
	ScopeName    string
	AsOf         time.Time
	Demo         bool
}

// Payload is the body of FormatJSON.
type Payload struct {
	Source string `json:"source"`
	// Event is "overdue" (alerts that became 超期) or, with
	// --webhook-resolved, "resolved" (alerts posted overdue before that
	// are overdue no more).
	Event string `json:"event"`
	// Demo is true when the data is the simulation's (演示数据).
	Demo      bool      `json:"demo"`
	Scope     string    `json:"scope,omitempty"`
	ScopeName string    `json:"scope_name,omitempty"`
	AsOf      time.Time `json:"as_of"`
	// New counts the alerts of an "overdue" post (0 in a "resolved" one,
	// which counts them in Resolved); OverdueTotal the overdue alerts of
	// the scope now.
	New          int          `json:"new"`
	Resolved     int          `json:"resolved,omitempty"`
	OverdueTotal int          `json:"overdue_total"`
	ByUnit       []UnitCount  `json:"by_unit"`
	Alerts       []JSONRecord `json:"alerts"`
}

// UnitCount is how many of a post's alerts fall to a unit.
type UnitCount struct {
	UnitID   string `json:"unit_id"`
	UnitName string `json:"unit_name"`
	New      int    `json:"new"`
}

// JSONRecord is one alert of a FormatJSON post.
type JSONRecord struct {
	ID          string    `json:"id"`
	Rule        string    `json:"rule"`
	RuleName    string    `json:"rule_name"`
	Category    string    `json:"category"`
	Level       string    `json:"level"`
	Status      string    `json:"status"`
	CaseID      string    `json:"case_id"`
	UnitID      string    `json:"unit_id"`
	UnitName    string    `json:"unit_name"`
	DeptID      string    `json:"dept_id,omitempty"`
	DeptName    string    `json:"dept_name,omitempty"`
	DueAt       time.Time `json:"due_at"`
	DaysOverdue int       `json:"days_overdue"`
	CaseNo      string    `json:"case_no,omitempty"`
	PersonName  string    `json:"person_name,omitempty"`
	// ResolvedAt is when the alert was found overdue no more.
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
}

// byUnit counts the batch's alerts per unit, in the order they come.
func (b batch) byUnit() []UnitCount {
	var out []UnitCount
	idx := map[string]int{}
	for _, r := range b.Alerts {
		i, ok := idx[r.UnitID]
		if !ok {
			i = len(out)
			idx[r.UnitID] = i
			out = append(out, UnitCount{UnitID: r.UnitID, UnitName: r.UnitName})
		}
		out[i].New++
	}
	return out
}

// body renders the batch in format.
func (b batch) body(format string) ([]byte, error) {
	switch format {
	case FormatAlertmanager:
		return json.Marshal(b.alertmanager())
	case FormatDingTalk:
		return json.Marshal(map[string]any{"msgtype": "markdown",
			"markdown": map[string]string{"title": b.title(), "text": b.markdown()}})
	case FormatWeCom:
		return json.Marshal(map[string]any{"msgtype": "markdown",
			"markdown": map[string]string{"content": b.markdown()}})
	}
	p := Payload{Source: "casewatch", Event: "overdue", Demo: b.Demo, Scope: b.Scope, ScopeName: b.ScopeName,
		AsOf: b.AsOf, New: len(b.Alerts), OverdueTotal: b.OverdueTotal, ByUnit: b.byUnit(), Alerts: []JSONRecord{}}
	if b.Resolved {
		p.Event, p.New, p.Resolved = "resolved", 0, len(b.Alerts)
	}
	for _, r := range b.Alerts {
		p.Alerts = append(p.Alerts, JSONRecord{ID: r.ID, Rule: r.Rule, RuleName: r.RuleName, Category: r.Category,
			Level: "overdue", Status: r.Status, CaseID: r.CaseID, UnitID: r.UnitID, UnitName: r.UnitName,
			DeptID: r.DeptID, DeptName: r.DeptName, DueAt: r.DueAt, DaysOverdue: r.DaysOverdue,
			CaseNo: r.CaseNo, PersonName: r.PersonName, ResolvedAt: r.ResolvedAt})
	}
	return json.Marshal(p)
}

// amAlert is one alert of Alertmanager's webhook body.
type amAlert struct {
	Status       string            `json:"status"`
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt"`
	GeneratorURL string            `json:"generatorURL"`
	Fingerprint  string            `json:"fingerprint"`
}

// amAlertName is the alertname label of every alert posted.
const amAlertName = "CasewatchOverdue"

// alertmanager is the batch as Alertmanager's webhook body (version 4).
func (b batch) alertmanager() map[string]any {
	alerts := make([]amAlert, 0, len(b.Alerts))
	for _, r := range b.Alerts {
		labels := map[string]string{"alertname": amAlertName, "severity": "critical", "level": "overdue",
			"alert_id": r.ID, "rule": r.Rule, "category": r.Category, "case_id": r.CaseID,
			"unit_id": r.UnitID, "unit": r.UnitName}
		if r.DeptID != "" {
			labels["dept_id"], labels["dept"] = r.DeptID, r.DeptName
		}
		if b.Demo {
			labels["demo"] = "true"
		}
		ann := map[string]string{
			"summary":     fmt.Sprintf("%s：%s %s", r.RuleName, r.UnitName, r.DeptName),
			"description": fmt.Sprintf("超期 %d 天，期限 %s（告警 %s）", r.DaysOverdue, r.DueAt.Format("2006-01-02 15:04"), r.ID),
		}
		if r.CaseNo != "" {
			ann["case_no"] = r.CaseNo
		}
		if r.PersonName != "" {
			ann["person"] = r.PersonName
		}
		sum := sha256.Sum256([]byte(r.ID))
		a := amAlert{Status: "firing", Labels: labels, Annotations: ann,
			StartsAt: r.DueAt, GeneratorURL: "", Fingerprint: hex.EncodeToString(sum[:8])}
		if r.Resolved && r.ResolvedAt != nil {
			a.Status, a.EndsAt = "resolved", *r.ResolvedAt
		}
		alerts = append(alerts, a)
	}
	common := map[string]string{"alertname": amAlertName, "severity": "critical"}
	status, summary := "firing", fmt.Sprintf("新增超期 %d 件（范围内超期共 %d 件）", len(b.Alerts), b.OverdueTotal)
	if b.Resolved {
		status, summary = "resolved", fmt.Sprintf("超期已消除 %d 件（范围内超期共 %d 件）", len(b.Alerts), b.OverdueTotal)
	}
	return map[string]any{
		"version":           "4",
		"groupKey":          `{}:{alertname="` + amAlertName + `"}`,
		"truncatedAlerts":   0,
		"status":            status,
		"receiver":          "casewatch",
		"groupLabels":       map[string]string{"alertname": amAlertName},
		"commonLabels":      common,
		"commonAnnotations": map[string]string{"summary": summary},
		"externalURL":       "",
		"alerts":            alerts,
	}
}

// title is a robot message's title.
func (b batch) title() string {
	t := fmt.Sprintf("案件超期提醒：新增 %d 件", len(b.Alerts))
	if b.Resolved {
		t = fmt.Sprintf("案件超期已消除：%d 件", len(b.Alerts))
	}
	if b.Demo {
		t = "【演示数据】" + t
	}
	return t
}

// markdown is a robot message: the counts, then one line per alert.
func (b batch) markdown() string {
	var s strings.Builder
	fmt.Fprintf(&s, "### %s\n", b.title())
	scope := b.ScopeName
	if scope == "" {
		scope = "全省"
	}
	fmt.Fprintf(&s, "%s 超期共 **%d** 件（截至 %s）\n\n", scope, b.OverdueTotal, b.AsOf.Format("2006-01-02 15:04"))
	for _, r := range b.Alerts {
		if r.Resolved && r.ResolvedAt != nil {
			fmt.Fprintf(&s, "- %s %s：%s，已于 %s 消除超期（%s）", r.UnitName, r.DeptName, r.RuleName, r.ResolvedAt.In(b.AsOf.Location()).Format("01-02 15:04"), r.ID)
		} else {
			fmt.Fprintf(&s, "- %s %s：%s，超期 %d 天（%s）", r.UnitName, r.DeptName, r.RuleName, r.DaysOverdue, r.ID)
		}
		if r.CaseNo != "" {
			fmt.Fprintf(&s, " %s", r.CaseNo)
		}
		if r.PersonName != "" {
			fmt.Fprintf(&s, " 承办人 %s", r.PersonName)
		}
		s.WriteByte('\n')
	}
	return s.String()
}
