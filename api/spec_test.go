package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/api/apitest"
)

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := apitest.LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestSpecLoadsAndValidates(t *testing.T) {
	doc := loadSpec(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	if doc.Info.Version != api.Version {
		t.Errorf("info.version = %q, want api.Version %q", doc.Info.Version, api.Version)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != api.BasePath {
		t.Errorf("servers = %v, want one server %q", doc.Servers, api.BasePath)
	}
	if len(api.Spec) == 0 {
		t.Error("Spec is empty")
	}
}

// wantOps is every operation of the contract, as "METHOD path".
var wantOps = []string{
	"GET /health",
	"GET /units",
	"GET /alerts",
	"POST /alerts/{id}/ack",
	"GET /indicators",
	"GET /indicators/{id}/ranking",
	"GET /indicator-sets",
	"GET /coverage",
	"GET /coverage-sets",
	"GET /decisions",
	"GET /cases",
	"GET /cases/{id}",
	"GET /notices",
	"POST /notices",
	"GET /notices/{id}",
	"POST /notices/{id}/reply",
	"POST /notices/{id}/close",
	"GET /reviews",
}

func TestSpecOperations(t *testing.T) {
	doc := loadSpec(t)
	var got []string
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			got = append(got, name)
			if op.OperationID == "" || op.Description == "" {
				t.Errorf("%s: needs an operationId and a description", name)
			}
			checkOperation(t, doc, name, method, path, op)
		}
	}
	sort.Strings(got)
	want := slices.Clone(wantOps)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("operations:\n got %v\nwant %v", got, want)
	}
	for name, s := range doc.Components.Schemas {
		if s.Value.Description == "" {
			t.Errorf("schema %s has no description", name)
		}
	}
}

// checkOperation checks the conventions every operation follows.
func checkOperation(t *testing.T, doc *openapi3.T, name, method, path string, op *openapi3.Operation) {
	t.Helper()
	// Authentication: optional everywhere but /health, which needs none.
	if path == "/health" {
		if op.Security == nil || len(*op.Security) != 0 {
			t.Errorf("%s: want security: []", name)
		}
	} else if op.Security != nil {
		t.Errorf("%s: should use the global security", name)
	}
	ok := op.Responses.Status(http.StatusOK)
	if ok == nil && method == http.MethodPost {
		ok = op.Responses.Status(http.StatusCreated) // a POST that creates
	}
	if ok == nil || ok.Value.Content.Get("application/json") == nil {
		t.Errorf("%s: no 200 application/json response", name)
	}
	for code, ref := range op.Responses.Map() {
		if code[0] != '4' && code[0] != '5' {
			continue
		}
		mt := ref.Value.Content.Get("application/problem+json")
		if len(ref.Value.Content) != 1 || mt == nil || mt.Schema.Ref != "#/components/schemas/Problem" {
			t.Errorf("%s: %s must be application/problem+json Problem only", name, code)
		}
		if !strings.HasPrefix(ref.Ref, "#/components/responses/") {
			t.Errorf("%s: %s should use a shared response, not %q", name, code, ref.Ref)
		}
	}
	if op.Responses.Status(http.StatusInternalServerError) == nil {
		t.Errorf("%s: no 500", name)
	}
	if method != http.MethodGet {
		return
	}
	if op.Parameters.GetByInAndName("header", "If-None-Match") == nil {
		t.Errorf("%s: no If-None-Match parameter", name)
	}
	if nm := op.Responses.Status(http.StatusNotModified); nm == nil || len(nm.Value.Content) != 0 {
		t.Errorf("%s: want a 304 with no content", name)
	}
	if ok != nil {
		if h := ok.Value.Headers["ETag"]; h == nil || !h.Value.Required {
			t.Errorf("%s: 200 needs a required ETag header", name)
		}
		if ok.Value.Headers["Content-Encoding"] == nil {
			t.Errorf("%s: 200 should document Content-Encoding", name)
		}
	}
}

// TestSpecEnums keeps the code constants of types.go and the enums of the
// document in step.
func TestSpecEnums(t *testing.T) {
	doc := loadSpec(t)
	cases := map[string][]string{
		"AlertLevel":     {api.LevelNotice, api.LevelWarning, api.LevelOverdue, api.LevelRectify, api.LevelRectifyOverdue, api.LevelPointsLimit},
		"AlertCategory":  {api.CategoryDeadline, api.CategoryCard, api.CategoryDocument, api.CategoryRights, api.CategoryMeasure, api.CategoryProperty, api.CategoryRectification, api.CategoryQuality, api.CategoryAuthority},
		"AlertStatus":    {api.StatusOpen, api.StatusAcknowledged, api.StatusRectified},
		"UnitLevel":      {api.UnitProvince, api.UnitCity, api.UnitBasic},
		"Line":           {api.LineCriminal, api.LineCivil, api.LineAdministrative, api.LinePublicInterest, api.LineComplaint, api.LineManagement, api.LineExecution, api.LineJuvenile, api.LineLeadership},
		"Role":           {api.RoleChief, api.RoleDeputy, api.RoleCommittee, api.RoleCommitteeMember, api.RoleDeptHead, api.RoleProsecutor, api.RoleAssistant, api.RoleClerk, api.RoleCaseManagement, api.RoleSupreme},
		"Verdict":        {api.VerdictWithin, api.VerdictOver, api.VerdictUncovered},
		"Direction":      {api.DirectionHigher, api.DirectionLower, api.DirectionBand, api.DirectionThreshold, api.DirectionRigid},
		"DeadlineStatus": {api.DeadlineNormal, api.DeadlineApproaching, api.DeadlineOverdue, api.DeadlineMet, api.DeadlineMetLate},
		"NoticeKind":     api.NoticeKinds,
		"NoticeStatus":   api.NoticeStatuses,
	}
	for name, want := range cases {
		s := doc.Components.Schemas[name]
		if s == nil {
			t.Errorf("no schema %s", name)
			continue
		}
		var got []string
		for _, e := range s.Value.Enum {
			got = append(got, e.(string))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s enum = %v, want %v", name, got, want)
		}
	}
	// The alerts status filter is the statuses plus active and all.
	var status *openapi3.Schema
	for _, p := range doc.Paths.Value("/alerts").Get.Parameters {
		if p.Value.Name == "status" {
			status = p.Value.Schema.Value
		}
	}
	if status == nil {
		t.Fatal("/alerts has no status parameter")
	}
	for _, v := range []string{"active", api.StatusOpen, api.StatusAcknowledged, api.StatusRectified, api.StatusAll} {
		if !slices.Contains(status.Enum, any(v)) {
			t.Errorf("/alerts status enum lacks %q", v)
		}
	}
}

// ---- types.go against the schemas ----

var (
	zone = time.FixedZone("CST", 8*3600)
	t0   = time.Date(2023, 3, 14, 9, 30, 0, 0, zone)
)

func at(days int) time.Time   { return t0.AddDate(0, 0, days) }
func ptr[T any](v T) *T       { return &v }
func atp(days int) *time.Time { return ptr(at(days)) }

func exampleAlert() api.Alert {
	return api.Alert{
		ID: "A-1", Rule: "R2", RuleName: "审查起诉超期", RuleNameEn: "Prosecution review overdue",
		Category: api.CategoryDeadline, Level: api.LevelOverdue, Status: api.StatusRectified,
		CaseID: "C-1", CaseNo: "东检刑诉受〔2023〕1号", UnitID: "U-11", UnitName: "西岭县人民检察院",
		DeptID: "U-11-D1", DeptName: "第一检察部", PersonID: "P-1", PersonName: "张三",
		DueAt: at(-2), DaysRemaining: -2, DetectedAt: at(-3), UpdatedAt: at(0), RectifiedAt: atp(0),
		Basis: "刑诉法 第172条", Message: "审查起诉已超期 2 天",
		Ack: &api.Ack{By: "李四", Note: "已督促", At: at(-1), ActedAt: at(-2)},
	}
}

func exampleNotice(history bool) api.Notice {
	n := api.Notice{
		ID: "C-1-N1", Number: "西岭检流监〔2023〕第3号", Kind: api.NoticeWritten, Status: api.NoticeClosed,
		Origin: api.OriginAPI, CaseID: "C-1", CaseNo: "东检刑诉受〔2023〕1号", AlertID: "A-1", Rule: "R2",
		Category: api.CategoryDeadline, Text: "审查起诉期限已届满，请书面回复", UnitID: "U-11", UnitName: "西岭县人民检察院",
		DeptID: "U-11-D1", DeptName: "第一检察部", PersonID: "P-1", PersonName: "张三", IssuedBy: "李四",
		IssuedAt: at(-9), DueAt: at(-2), DaysRemaining: -2, RepliedAt: atp(-1), ReplyBy: "张三", ReplyText: "已整改",
		Late: true, ClosedAt: atp(0), ClosedBy: "李四", Reopened: 1, UpdatedAt: at(0),
	}
	if history {
		n.History = []api.NoticeEvent{{Kind: api.NoticeEventIssued, At: at(-9), ActedAt: at(-9), By: "李四", Text: "请回复"},
			{Kind: api.NoticeEventClosed, At: at(0), ActedAt: at(0), By: "李四"}}
	}
	return n
}

func exampleDecision() api.Decision {
	return api.Decision{
		ID: "D-1", CaseID: "C-1", CaseNo: "东检刑诉受〔2023〕1号", PowerID: "PW-11", PowerName: "不起诉",
		Action: "作出不起诉决定", DecidedBy: "P-1", DeciderName: "张三", Role: api.RoleProsecutor,
		DeptID: "U-11-D1", UnitID: "U-11", At: at(-1), Verdict: api.VerdictOver,
		AllowedRoles: []string{api.RoleChief, api.RoleCommittee}, Kind: "non_prosecution",
		Reason: "清单规定由检察长、检察委员会决定，实际由检察官决定",
	}
}

func exampleSummary() api.CaseSummary {
	return api.CaseSummary{
		ID: "C-1", CaseNo: "东检刑诉受〔2023〕1号", Title: "王某盗窃案", Type: "审查起诉", Line: api.LineCriminal,
		UnitID: "U-11", UnitName: "西岭县人民检察院", DeptID: "U-11-D1", DeptName: "第一检察部",
		LeadID: "P-1", LeadName: "张三", AcceptedAt: at(-40), ClosedAt: atp(0), Stage: "closed", OpenAlerts: 1,
		MatterID: "C-1",
	}
}

func exampleCoverageRow(role string) api.CoverageRow {
	return api.CoverageRow{
		Key: "P-1", Name: "张三", UnitID: "U-11", UnitName: "西岭县人民检察院", Role: role,
		Decisions: 10, Within: 9, Over: 1, OverRate: 0.1, NotOnList: 2,
	}
}

// examples holds a fully populated value of every body type, with the
// operation, status and media type whose schema describes it. "request"
// as the status means the operation's request body.
var examples = []struct {
	name, method, path, status string
	value                      any
}{
	{"Health", "GET", "/health", "200", api.Health{
		Status: "ok", Version: api.Version, ServerTime: at(0), SimTime: at(1), SimSpeed: 60, DataAsOf: at(1), Demo: true,
		MonitoredCategories: []string{api.CategoryDeadline, api.CategoryCard, api.CategoryRights},
	}},
	{"UnitList", "GET", "/units", "200", api.UnitList{Units: []api.Unit{
		{ID: "U-1", Name: "东州省人民检察院", NameEn: "Dongzhou Provincial Procuratorate", Level: api.UnitProvince,
			Departments: []api.Department{{ID: "U-1-D6", Name: "案件管理部", Line: api.LineManagement}}},
		{ID: "U-11", Name: "西岭县人民检察院", NameEn: "Xiling County Procuratorate", Level: api.UnitBasic, ParentID: "U-1",
			Departments: []api.Department{{ID: "U-11-D1", Name: "第一检察部", Line: api.LineCriminal}}},
	}}},
	{"AlertPage", "GET", "/alerts", "200", api.AlertPage{
		Alerts: []api.Alert{exampleAlert()}, NextCursor: "n1", SyncCursor: "s1", Delta: true, AsOf: at(0),
	}},
	{"AckRequest", "POST", "/alerts/{id}/ack", "request", api.AckRequest{By: "李四", Note: "已督促", ActedAt: ptr(at(-2))}},
	{"Alert", "POST", "/alerts/{id}/ack", "200", exampleAlert()},
	{"IndicatorSet", "GET", "/indicators", "200", exampleIndicatorSet()},
	{"IndicatorSets", "GET", "/indicator-sets", "200", api.IndicatorSets{UnitID: "U-1", AsOf: at(0),
		Sets: []api.IndicatorSet{exampleIndicatorSet()}}},
	{"Ranking", "GET", "/indicators/{id}/ranking", "200", api.Ranking{
		IndicatorID: "I02", Name: "不捕率", NameEn: "Non-arrest rate", Direction: api.DirectionBand, Unit: "%", Period: "2023-ytd", PeriodKind: api.PeriodYTD,
		ParentID: "U-1", AsOf: at(0),
		Entries: []api.RankEntry{{UnitID: "U-11", UnitName: "西岭县人民检察院", Value: 41.5, Numerator: 83, Denominator: 200, Rank: 1}},
	}},
	{"Coverage", "GET", "/coverage", "200", exampleCoverage()},
	{"CoverageSets", "GET", "/coverage-sets", "200", api.CoverageSets{UnitID: "U-1", By: "person", AsOf: at(0),
		Sets: []api.Coverage{exampleCoverage()}}},
	{"DecisionPage", "GET", "/decisions", "200", api.DecisionPage{
		Decisions: []api.Decision{exampleDecision()}, NextCursor: "n1", AsOf: at(0),
	}},
	{"CasePage", "GET", "/cases", "200", api.CasePage{
		Cases: []api.CaseSummary{exampleSummary()}, NextCursor: "n1", AsOf: at(0),
	}},
	{"Case", "GET", "/cases/{id}", "200", api.Case{
		CaseSummary: exampleSummary(),
		Source:      "移送", Major: true, FastTrack: true, Plea: true, LeaderCase: true,
		Card:       []api.CardField{{Field: "charge", Label: "案卡罪名", Value: "盗窃罪", Failed: true}},
		CardChecks: []api.CardCheck{{ID: "CC-1", Rule: "R11", Field: "charge", Severity: "error", Message: "人卡罪名与案卡罪名不一致", FoundAt: at(-5), FixedAt: atp(-1)}},
		Parties: []api.Party{{ID: "PT-1", Role: "suspect", Name: "王某", Charge: "盗窃罪", Measure: "逮捕",
			Custody: true, DetainedFrom: atp(-50), MeasureFrom: atp(-45)}},
		Deadlines: []api.Deadline{{Rule: "R2", Stage: "审查起诉", Start: at(-40), LegalDays: 30, ExtensionDays: 15,
			Period: 1, PeriodUnit: api.PeriodMonths, SetBy: api.SetByLaw,
			DueAt: at(5), MetAt: atp(0), Status: api.DeadlineMetLate, Basis: "刑诉法 第172条"}},
		Timeline:  []api.Event{{At: at(-40), Type: "accept", Label: "受理", Actor: "案件管理部", Detail: "移送审查起诉"}},
		Documents: []api.Document{{ID: "DOC-1", Type: "起诉书", DraftedBy: "赵六", SignedBy: "张三", IssuedAt: at(-2), ReturnedAt: atp(-1)}},
		Decisions: []api.Decision{exampleDecision()},
		Alerts:    []api.Alert{exampleAlert()},
		Review: &api.Review{Mode: "随机", Grade: "合格", Reviewer: "东州市人民检察院", Issues: []string{"文书用语不规范"},
			ReviewedAt: at(0)},
		DefectPoints: []api.DefectPoint{{PersonName: "张三", Aspect: "文书制作", Item: "文书错漏", Points: 2, Source: "评查", At: at(0)}},
		DefectTotal:  2,
		Matter: &api.Matter{ID: "C-8", Cases: []api.MatterCase{
			{ID: "C-8", CaseNo: "东州检捕受〔2026〕81号", Type: "arrest_review", Stage: "已结案", AcceptedAt: at(-110), ClosedAt: atp(-104)},
			{ID: "C-9", CaseNo: "东州检诉受〔2026〕92号", Type: "prosecution_review", Stage: "已结案", AcceptedAt: at(-40), ClosedAt: atp(-2)},
		}, Court: &api.Court{CaseID: "C-9", Court: "东州人民法院（模拟）", Procedure: "简易程序", FiledAt: at(-1),
			Kind: api.CourtJudgment, Outcome: api.OutcomeConvicted, Sentence: "有期徒刑一年", PronouncedAt: atp(0), ServedAt: atp(0)}},
		Property: []api.Property{{ID: "PR-1", Kind: "手机", Measure: "扣押", Value: 3000, ListedAt: atp(-40),
			DisposedAt: atp(-2), Disposal: "随案移送人民法院"}},
		DataMissing: []api.DataMissing{{Rule: "R22", Need: "决定书及其送达回证、执行回执未导入：无法检查"}},
		Notices:     []api.Notice{exampleNotice(false)},
		AsOf:        at(0),
	}},
	{"NoticePage", "GET", "/notices", "200", api.NoticePage{Notices: []api.Notice{exampleNotice(false)}, NextCursor: "n1", AsOf: at(0)}},
	{"Notice", "GET", "/notices/{id}", "200", exampleNotice(true)},
	{"Notice", "POST", "/notices", "201", exampleNotice(true)},
	{"NoticeRequest", "POST", "/notices", "request", api.NoticeRequest{AlertID: "A-1", CaseID: "C-1", Kind: api.NoticeWritten,
		Category: api.CategoryDeadline, Text: "审查起诉期限已届满，请书面回复", DueDate: "2023-03-21", By: "李四", ActedAt: atp(0)}},
	{"NoticeReplyRequest", "POST", "/notices/{id}/reply", "request", api.NoticeReplyRequest{By: "张三", Text: "已整改", ActedAt: atp(0)}},
	{"Notice", "POST", "/notices/{id}/reply", "200", exampleNotice(true)},
	{"NoticeCloseRequest", "POST", "/notices/{id}/close", "request", api.NoticeCloseRequest{By: "李四", Note: "整改属实",
		Reopen: true, DueDate: "2023-03-28", ActedAt: atp(0)}},
	{"Notice", "POST", "/notices/{id}/close", "200", exampleNotice(true)},
	{"ReviewSummary", "GET", "/reviews", "200", api.ReviewSummary{UnitID: "U-11", Period: "2023-03", From: at(-13), To: at(18),
		Closed: 40, Reviewed: 12, WithIssues: 3, Grades: []api.GradeCount{{Grade: "合格", Count: 12}},
		Queued: []api.QueuedCase{{CaseID: "C-1", CaseNo: "东检刑诉受〔2023〕1号", UnitID: "U-11", UnitName: "西岭县人民检察院",
			Reason: "acquitted", At: at(-1), Reviewed: true}}, AsOf: at(0)}},
	{"Problem", "GET", "/cases/{id}", "404", api.Problem{
		Type: "about:blank", Title: "Not Found", Status: 404, Detail: "no case C-9", Instance: "/api/v1/cases/C-9",
		Param: "id", ID: "C-9",
	}},
}

// bodySchema finds the schema of an operation's request body or response.
func bodySchema(t *testing.T, doc *openapi3.T, method, path, status string) *openapi3.Schema {
	t.Helper()
	item := doc.Paths.Value(path)
	if item == nil || item.GetOperation(method) == nil {
		t.Fatalf("no operation %s %s", method, path)
	}
	op := item.GetOperation(method)
	var content openapi3.Content
	if status == "request" {
		content = op.RequestBody.Value.Content
	} else {
		ref := op.Responses.Value(status)
		if ref == nil {
			t.Fatalf("%s %s has no %s response", method, path, status)
		}
		content = ref.Value.Content
	}
	for _, mt := range []string{"application/json", "application/problem+json"} {
		if c := content.Get(mt); c != nil {
			return c.Schema.Value
		}
	}
	t.Fatalf("%s %s %s: no JSON content", method, path, status)
	return nil
}

func toJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTypesMatchSchemas marshals a fully populated value of every body type
// and validates it against its schema, then checks that every property the
// schemas declare was seen and every key sent is declared: a field added to
// types.go or to openapi.yaml alone fails here.
func TestTypesMatchSchemas(t *testing.T) {
	doc := loadSpec(t)
	seen := map[*openapi3.Schema]map[string]bool{}
	names := map[*openapi3.Schema]string{}
	for name, ref := range doc.Components.Schemas {
		names[ref.Value] = name
	}
	for _, ex := range examples {
		schema := bodySchema(t, doc, ex.method, ex.path, ex.status)
		value := toJSON(t, ex.value)
		opts := []openapi3.SchemaValidationOption{openapi3.MultiErrors()}
		if ex.status == "request" {
			opts = append(opts, openapi3.VisitAsRequest())
		} else {
			opts = append(opts, openapi3.VisitAsResponse())
		}
		if err := schema.VisitJSON(value, opts...); err != nil {
			t.Errorf("%s does not match its schema: %v", ex.name, err)
		}
		walk(t, ex.name, schema, value, seen)
	}
	for schema, keys := range seen {
		for prop := range schema.Properties {
			if !keys[prop] {
				t.Errorf("schema %s: property %q never appears in the examples (not in types.go, or the example is not full)", names[schema], prop)
			}
		}
	}
	for _, name := range []string{"Health", "UnitList", "Unit", "Department", "AlertPage", "Alert", "Ack", "AckRequest",
		"IndicatorSet", "IndicatorMissing", "Indicator", "HistoryPoint", "Ranking", "RankEntry", "Coverage", "CoverageRow", "Power", "PowerList", "PowerUse", "ListGap",
		"DecisionPage", "Decision", "CasePage", "CaseSummary", "Case", "CardField", "CardCheck", "Party",
		"Deadline", "Event", "Document", "Review", "DefectPoint", "Problem"} {
		if _, ok := seen[doc.Components.Schemas[name].Value]; !ok {
			t.Errorf("schema %s is not exercised by any example", name)
		}
	}
}

// walk records the keys of every object in v under its schema and reports
// keys the schema does not declare.
func walk(t *testing.T, where string, s *openapi3.Schema, v any, seen map[*openapi3.Schema]map[string]bool) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		if seen[s] == nil {
			seen[s] = map[string]bool{}
		}
		for k, val := range v {
			seen[s][k] = true
			p := s.Properties[k]
			if p == nil {
				t.Errorf("%s.%s: not declared in the schema", where, k)
				continue
			}
			walk(t, where+"."+k, p.Value, val, seen)
		}
	case []any:
		if s.Items == nil {
			t.Errorf("%s: an array where the schema has no items", where)
			return
		}
		for i, val := range v {
			walk(t, where+"["+strconv.Itoa(i)+"]", s.Items.Value, val, seen)
		}
	}
}

// TestSchemasReject proves the schemas have teeth: each broken variant of a
// valid example must fail validation.
func TestSchemasReject(t *testing.T) {
	doc := loadSpec(t)
	alertPage := bodySchema(t, doc, "GET", "/alerts", "200")
	cases := map[string]func(m map[string]any){
		"unknown level":       func(m map[string]any) { alert(m)["level"] = "urgent" },
		"missing id":          func(m map[string]any) { delete(alert(m), "id") },
		"null alerts":         func(m map[string]any) { m["alerts"] = nil },
		"bad time":            func(m map[string]any) { m["as_of"] = "2023-03-14 09:30" },
		"undeclared property": func(m map[string]any) { alert(m)["extra"] = 1 },
		"fractional days":     func(m map[string]any) { alert(m)["days_remaining"] = 1.5 },
		"filter status":       func(m map[string]any) { alert(m)["status"] = api.StatusAll },
		"ack without at":      func(m map[string]any) { delete(alert(m)["ack"].(map[string]any), "at") },
	}
	for name, breakIt := range cases {
		v := toJSON(t, api.AlertPage{Alerts: []api.Alert{exampleAlert()}, SyncCursor: "s", AsOf: at(0)}).(map[string]any)
		breakIt(v)
		if err := alertPage.VisitJSON(v, openapi3.VisitAsResponse()); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	ack := bodySchema(t, doc, "POST", "/alerts/{id}/ack", "request")
	for name, req := range map[string]api.AckRequest{
		"by too long":   {By: strings.Repeat("人", 65)},
		"note too long": {By: "x", Note: strings.Repeat("n", 501)},
	} {
		if err := ack.VisitJSON(toJSON(t, req), openapi3.VisitAsRequest()); err == nil {
			t.Errorf("ack request %s: accepted", name)
		}
	}
	// The note is optional; by is not; acted_at is a time.
	for body, ok := range map[string]bool{
		`{"by":"x"}`: true,
		`{"by":"x","acted_at":"2026-12-03T07:47:04Z"}`: true,
		`{"note":"n"}`:                      false,
		`{"by":"x","acted_at":"yesterday"}`: false,
	} {
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatal(err)
		}
		if err := ack.VisitJSON(v, openapi3.VisitAsRequest()); (err == nil) != ok {
			t.Errorf("ack request %s: %v, want ok=%v", body, err, ok)
		}
	}
	ind := bodySchema(t, doc, "GET", "/indicators", "200")
	bad := toJSON(t, api.IndicatorSet{Period: "2023-3", Indicators: []api.Indicator{}, AsOf: at(0)})
	if err := ind.VisitJSON(bad, openapi3.VisitAsResponse()); err == nil {
		t.Error("indicator set with period 2023-3: accepted")
	}
}

func alert(m map[string]any) map[string]any { return m["alerts"].([]any)[0].(map[string]any) }

// exampleIndicatorSet is a fully populated body of GET /indicators.
func exampleIndicatorSet() api.IndicatorSet {
	return api.IndicatorSet{
		UnitID: "U-11", UnitName: "西岭县人民检察院", Period: "2023-03", PeriodKind: api.PeriodMonth, From: "2023-03-01", Through: "2023-03-31", AsOf: at(0),
		Indicators: []api.Indicator{{
			ID: "I02", Name: "不捕率", NameEn: "Non-arrest rate", Line: api.LineCriminal, Direction: api.DirectionBand,
			Unit: "%", Definition: "不捕 ÷ (批捕 + 不捕)", Reference: 38.1, BandLow: ptr(20.0), BandHigh: ptr(55.0),
			Value: 41.5, Numerator: 83, Denominator: 200, Rank: 3, RankOf: 12, Previous: ptr(30.2), Change: ptr(11.3), YearAgo: ptr(40.0), YoYChange: ptr(1.5), Short: "不捕率", ShortEn: "Non-arrest", Source: api.SourceComputed,
			Volatility: 2.4, BottomRank: true, Volatile: true, Computed: true,
			History: []api.HistoryPoint{{Period: "2023-02", Value: 30.2}},
		}, {
			ID: "I14", Name: "无罪判决人数", NameEn: "Acquittals", Line: api.LineCriminal, Direction: api.DirectionRigid,
			Unit: "count", Source: api.SourceComputed, Value: 1, Numerator: 1, Denominator: 480, Meets: ptr(false),
			Subordinates: &api.Subordinates{BasicUnits: 4, Bottom: []api.RankEntry{{UnitID: "U-11", UnitName: "西岭县人民检察院", Value: 1, Numerator: 1, Denominator: 120, Rank: 4, BottomRank: true}}},
			History:      []api.HistoryPoint{},
		}},
		DataMissing: []api.IndicatorMissing{{Indicator: "I08", Name: "认罪认罚从宽制度适用率", Need: "认罪认罚（plea）一列未导入", Cases: 2}},
	}
}

// exampleCoverage is a fully populated body of GET /coverage.
func exampleCoverage() api.Coverage {
	return api.Coverage{
		UnitID: "U-11", By: "person", Period: "2023-02", PeriodKind: "month", From: at(-60), To: at(-30), AsOf: at(0),
		List:   api.PowerList{Source: "builtin", Example: true, Items: 73, Counted: 70},
		Totals: exampleCoverageRow(api.RoleChief), Rows: []api.CoverageRow{exampleCoverageRow(api.RoleProsecutor)},
		Powers: []api.PowerUse{{Power: api.Power{ID: "PW-11", Name: "不起诉", NameEn: "Decline to prosecute", Line: api.LineCriminal,
			AllowedRoles: []string{api.RoleChief}, Kinds: []string{"non_prosecution"}, Basis: "刑诉规则"}, Decisions: 10, Over: 1, OverRate: 0.1}},
		NotOnList: []api.ListGap{{Kind: "no_protest", Name: "决定不抗诉", NameEn: "Decide not to protest", Line: api.LineCriminal, Decisions: 2, Units: 1}},
		Unexercised: []api.Power{{ID: "PW-12", Name: "特殊不起诉", NameEn: "Special non-prosecution", Line: api.LineCriminal,
			AllowedRoles: []string{api.RoleSupreme}, Kinds: []string{"special_non_prosecution"}, Basis: "刑诉法 第182条"}},
	}
}
