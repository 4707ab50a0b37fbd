package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client/sanitize"
)

// decodeAlertPageStd is the alternative to the hand decoder, and its
// reference: encoding/json for the page, then record by record (so that a
// bad record can be rejected alone), then the sanitiser walker and the
// same validation. BenchmarkDecodeAlerts compares the two.
func decodeAlertPageStd(body []byte) (*AlertPage, error) {
	var raw struct {
		Alerts     []json.RawMessage `json:"alerts"`
		NextCursor string            `json:"next_cursor"`
		SyncCursor string            `json:"sync_cursor"`
		Delta      bool              `json:"delta"`
		AsOf       time.Time         `json:"as_of"`
	}
	if bytes.Equal(bytes.TrimSpace(body), []byte("null")) {
		return nil, &fieldError{where: "body", err: errors.New("null instead of an object")}
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, err
	}
	p := &AlertPage{NextCursor: clean(clsLine, raw.NextCursor), SyncCursor: clean(clsLine, raw.SyncCursor), Delta: raw.Delta, AsOf: raw.AsOf}
	in := new(interner)
	for i, r := range raw.Alerts {
		var a api.Alert
		if err := json.Unmarshal(r, &a); err != nil {
			p.Rejected.add(Rejection{Index: i, ID: sanitize.Line(a.ID, 40), Reason: err.Error()})
			continue
		}
		id := a.ID // kept as it came, to be validated
		sanitizeAlert(&a)
		a.ID = id
		if bad := validateAlert(&a); bad != nil {
			p.Rejected.add(Rejection{Index: i, ID: sanitize.Line(a.ID, 40), Field: bad.where, Reason: bad.err.Error()})
			continue
		}
		p.Alerts = append(p.Alerts, in.compact(&a))
	}
	if p.SyncCursor == "" {
		return nil, invalidf("page", "sync_cursor is empty")
	}
	return p, nil
}

// apiAlerts returns the alerts of a page as the contract's type.
func apiAlerts(p *AlertPage) []api.Alert {
	out := make([]api.Alert, len(p.Alerts))
	for i, a := range p.Alerts {
		out[i] = a.API()
	}
	return out
}

func TestDecodeAlertPageMatchesEncodingJSON(t *testing.T) {
	alerts := fxAlerts(50)
	alerts[3].Message = "line1\nline2\x1b[31m red \u202e"
	alerts[4].Basis = "第一条\r\n第二条\t\u200b"
	alerts[5].PersonName = "\x1b]0;owned\x07张三"
	rt := t0
	alerts[6].RectifiedAt = &rt
	// Alert 8 is alert 1's person, so they share where and who.
	alerts[8].UnitID, alerts[8].UnitName, alerts[8].DeptID, alerts[8].DeptName = alerts[1].UnitID, alerts[1].UnitName, alerts[1].DeptID, alerts[1].DeptName
	alerts[8].PersonID, alerts[8].PersonName = alerts[1].PersonID, alerts[1].PersonName
	body := fxPageJSON(alerts, "s1", false)
	fast, err := decodeAlertPage(body, nil)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := decodeAlertPageStd(body)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := apiAlerts(fast), apiAlerts(slow); !reflect.DeepEqual(got, want) {
		t.Fatalf("hand and encoding/json decoders differ:\n%+v\n%+v", got[3], want[3])
	}
	if got := fast.Alerts[3].Message; got != "line1 line2 red " {
		t.Errorf("message = %q", got)
	}
	if got := fast.Alerts[4].Basis; got != "第一条\n第二条 " {
		t.Errorf("basis = %q", got)
	}
	if got := fast.Alerts[5].PersonName; got != "张三" {
		t.Errorf("person = %q", got)
	}
	// Alerts 1 and 7: the same rule, level and status.
	if fast.Alerts[1].AlertKind != fast.Alerts[7].AlertKind || fast.Alerts[1].AlertWho != fast.Alerts[8].AlertWho {
		t.Error("equal kinds and people are not shared")
	}
	if fast.Alerts[1].AlertKind == fast.Alerts[2].AlertKind || fast.Alerts[1].AlertWho == fast.Alerts[2].AlertWho {
		t.Error("different kinds or people share a record")
	}
}

// TestDecodeAlertPageErrors: faults of the body reject it; anything else
// rejects only the record at fault, and the page keeps the others.
func TestDecodeAlertPageErrors(t *testing.T) {
	good := fxPageJSON(fxAlerts(3), "s1", false)
	bodies := []struct {
		name string
		body []byte
		kind Kind
		want string
	}{
		{"truncated", good[:len(good)/2], KindBody, "truncated JSON in /alerts"},
		{"malformed", []byte(strings.Replace(string(good), `"rule":`, `"rule"=`, 1)), KindBody, "malformed JSON in /alerts at offset"},
		{"null body", []byte("null"), KindBody, "null instead of an object"},
		{"array body", []byte("[]"), KindBody, "body: expected an object"},
		{"alerts not a list", []byte(`{"alerts":{},"sync_cursor":"s"}`), KindBody, "alerts: expected an array"},
		{"NaN outside a record", []byte(`{"alerts":[],"sync_cursor":"s","x":NaN}`), KindBody, "NaN is not a JSON number"},
		{"trailing garbage", append(append([]byte{}, good...), []byte(" x")...), KindBody, "malformed JSON in /alerts at offset"},
		{"no sync cursor", fxPageJSON(fxAlerts(1), "", false), KindInvalid, "sync_cursor is empty"},
	}
	for _, c := range bodies {
		t.Run(c.name, func(t *testing.T) {
			_, err := decodeAlertPage(c.body, nil)
			if err == nil {
				t.Fatal("no error")
			}
			e := decodeError("/alerts", c.body, err)
			if e.Kind != c.kind || !strings.Contains(e.Error(), c.want) {
				t.Fatalf("got %v %q, want %v containing %q", e.Kind, e.Error(), c.kind, c.want)
			}
		})
	}
	bad := func(mut func(a *api.Alert)) []byte {
		as := fxAlerts(3)
		mut(&as[1])
		return fxPageJSON(as, "s1", false)
	}
	edit := func(old, newText string) []byte {
		body := string(good)
		i := strings.Index(body, `"id":"A0000001"`)
		return []byte(body[:i] + strings.Replace(body[i:], old, newText, 1))
	}
	records := []struct {
		name string
		body []byte
		want string // the rejection, as the UI shows it
	}{
		{"control character in id", bad(func(a *api.Alert) { a.ID = "A\x1b[2J" }), `A id: has control characters`},
		{"empty id", bad(func(a *api.Alert) { a.ID = "" }), `#1 id: is empty`},
		{"unknown status", bad(func(a *api.Alert) { a.Status = "lost" }), `A0000001 status: "lost" is not one of open|acknowledged|rectified`},
		{"no unit", bad(func(a *api.Alert) { a.UnitID = "" }), `A0000001 unit_id: is empty`},
		{"1e400", edit(`"days_remaining":-2`, `"days_remaining":1e400`), `A0000001 days_remaining: number 1e400 is not an integer`},
		{"2^63+5", edit(`"days_remaining":-2`, `"days_remaining":9223372036854775813`), `A0000001 days_remaining: number 9223372036854775813 is out of range`},
		{"float for int", edit(`"days_remaining":-2`, `"days_remaining":1.5`), `days_remaining: number 1.5 is not an integer`},
		{"NaN", edit(`"days_remaining":-2`, `"days_remaining":NaN`), `A0000001 days_remaining: NaN is not a JSON number`},
		{"-Infinity in an unknown field", edit(`"rule":`, `"score":-Infinity,"rule":`), `A0000001 score: -Infinity is not a JSON number`},
		{"wrong type", edit(`"days_remaining":-2`, `"days_remaining":"soon"`), `A0000001 days_remaining: expected an integer`},
		{"bad time", edit(`"due_at":"2025-03-03T10:00:00+08:00"`, `"due_at":"tomorrow"`), `A0000001 due_at: time "tomorrow" is not RFC 3339`},
		{"bad ack time", bad(func(a *api.Alert) { a.Ack = &api.Ack{By: "x"} }), ""},
		{"not an object", []byte(strings.Replace(string(good), `{"id":"A0000001"`, `7,{"id":"A0000001"`, 1)), `#1 record: expected an object`},
	}
	for _, c := range records {
		t.Run(c.name, func(t *testing.T) {
			p, err := decodeAlertPage(c.body, nil)
			if err != nil {
				t.Fatalf("the whole page was rejected: %v", err)
			}
			if c.want == "" { // a control: nothing wrong
				if p.Rejected.Count != 0 || len(p.Alerts) != 3 {
					t.Fatalf("rejected %d: %v", p.Rejected.Count, p.Rejected.First)
				}
				return
			}
			if p.Rejected.Count != 1 || !strings.Contains(p.Rejected.First.String(), c.want) {
				t.Fatalf("rejected %d, first %q; want 1, %q", p.Rejected.Count, p.Rejected.First, c.want)
			}
			if len(p.Alerts) < 2 || p.Alerts[0].ID != "A0000000" || p.Alerts[len(p.Alerts)-1].ID != "A0000002" {
				t.Fatalf("the good records were not kept: %v", ids(p.Alerts))
			}
		})
	}
}

// TestDecodeAlertUnknownCodesShownRaw: an unknown level or category is
// kept, sanitised, not rejected.
func TestDecodeAlertUnknownCodesShownRaw(t *testing.T) {
	as := fxAlerts(2)
	as[1].Level, as[1].Category = "critical\x1b[5m", "tax"
	p, err := decodeAlertPage(fxPageJSON(as, "s1", false), nil)
	if err != nil || p.Rejected.Count != 0 || len(p.Alerts) != 2 {
		t.Fatalf("%v %+v", err, p)
	}
	if p.Alerts[1].Level != "critical" || p.Alerts[1].Category != "tax" {
		t.Errorf("level %q, category %q", p.Alerts[1].Level, p.Alerts[1].Category)
	}
}

func TestDecodeOthersSanitiseAndValidate(t *testing.T) {
	ul := fxUnitList()
	ul.Units[2].Name = "上城区\x1b[5m检察院\r"
	b, _ := json.Marshal(ul)
	got, err := decodeUnits(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Units[2].Name != "上城区检察院 " {
		t.Errorf("name = %q", got.Units[2].Name)
	}
	ul.Units[3].Departments[0].Line = "tax"
	b, _ = json.Marshal(ul)
	if got, err := decodeUnits(b); err != nil || got.Units[3].Departments[0].Line != "tax" {
		t.Errorf("an unknown line is not kept raw: %v", err)
	}
	ul.Units[3].Departments[0].ID = "330106\x1b[2J"
	b, _ = json.Marshal(ul)
	_, err = decodeUnits(b)
	e := decodeError("/units", b, err)
	if want := `units[3] (id "330106").departments[0] (id "330106"): id has control characters`; e.Kind != KindInvalid || !strings.Contains(e.Error(), want) {
		t.Errorf("got %v", e)
	}

	// An unknown role code is shown raw, not fatal (casewatch snapshot
	// exited 1 on one).
	cov := fxCoverage("330106", "person")
	cov.Rows[0].Role = "janitor\x07"
	cov.Unexercised[0].AllowedRoles = []string{"auditor"}
	b, _ = json.Marshal(cov)
	if got, err := decodeCoverage(b); err != nil || got.Rows[0].Role != "janitor" || got.Unexercised[0].AllowedRoles[0] != "auditor" {
		t.Errorf("coverage with unknown roles: %v", err)
	}

	c := api.Case{CaseSummary: api.CaseSummary{ID: "C1", Title: "标题\u202e", Line: api.LineCriminal},
		Timeline: []api.Event{{Type: "accept", Label: "受理", Detail: "第一行\n第二行\x07"}},
		Alerts:   []api.Alert{fxAlert(1)}}
	b, _ = json.Marshal(c)
	gc, err := decodeCase(b)
	if err != nil {
		t.Fatal(err)
	}
	if gc.Title != "标题" || gc.Timeline[0].Detail != "第一行\n第二行" {
		t.Errorf("case not sanitised: %q %q", gc.Title, gc.Timeline[0].Detail)
	}
}

// checkClean fails when a string of a carries a rune the sanitiser must
// remove, or bad UTF-8.
func checkClean(t *testing.T, a api.Alert) {
	fields := []string{a.ID, a.Rule, a.RuleName, a.RuleNameEn, a.Category, a.Level, a.Status, a.CaseID, a.CaseNo,
		a.UnitID, a.UnitName, a.DeptID, a.DeptName, a.PersonID, a.PersonName, a.Basis, a.Message}
	if a.Ack != nil {
		fields = append(fields, a.Ack.By, a.Ack.Note)
	}
	for _, s := range fields {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 %q in %+v", s, a)
		}
		for _, r := range s {
			if sanitize.Forbidden(r) {
				t.Fatalf("rune %U survived in %q", r, s)
			}
		}
	}
}

// FuzzDecodeAlerts checks the hand decoder against decodeAlertPageStd
// (encoding/json): the same pages accepted, the same records kept and
// rejected, the same values, except that a bare NaN or Infinity inside a
// record rejects that record where encoding/json rejects the body. The
// harness does no more than the two decodes and a loop over the strings.
func FuzzDecodeAlerts(f *testing.F) {
	// Small seeds: the fuzzer minimises every new input it finds, and the
	// time that takes grows with the input (a 1.5 KB seed stalled it for
	// tens of seconds at a time).
	f.Add([]byte(`{"alerts":[{"id":"A1","rule":"R1","rule_name":"n","rule_name_en":"e","category":"card","level":"notice","status":"open","case_id":"C1","case_no":"N","unit_id":"u","unit_name":"U","dept_id":"d","dept_name":"D","person_id":"p","person_name":"P","due_at":"2025-01-01T00:00:00+08:00","days_remaining":1,"detected_at":"2025-01-01T00:00:00Z","updated_at":"2025-01-01T00:00:00Z","basis":"b","message":"m","ack":{"by":"x","note":"y","at":"2025-01-01T00:00:00Z","acted_at":"2025-01-01T00:00:00Z"}}],"next_cursor":"c","sync_cursor":"s","delta":true,"as_of":"2025-01-01T00:00:00Z"}`))
	f.Add([]byte(`{"alerts":[{"id":"a","level":"notice","category":"card","status":"open","unit_id":"u","message":"\u001b[31mx\r\ny\u202e"}],"sync_cursor":"s","delta":false,"as_of":"2025-01-01T00:00:00+08:00"}`))
	f.Add([]byte(`{"alerts":[{"ID":"a","id":"b","basis":"\ud800\udc00\ud800x\\u00"}],"sync_cursor":"\u0085"}`))
	f.Add([]byte(`{"alerts":[{"person_name":"\xff\xfe","ack":{"note":"a\u2028b","by":"\u009b1m"}}]}`))
	f.Add([]byte(`{"alerts":[{"id":"a","status":"open","unit_id":"u","days_remaining":NaN},{"id":"b","status":"open","unit_id":"u","ack":{"at":"x"},"ack":null}],"sync_cursor":"s"}`))
	f.Add([]byte(`{"alerts":[7,null,{"id":"a\u0007","status":"open","unit_id":"u","days_remaining":1e400,"rectified_at":"2025-01-01T00:00:00Z"}],"sync_cursor":"s"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		fast, ferr := decodeAlertPage(body, nil)
		slow, serr := decodeAlertPageStd(body)
		switch {
		case ferr == nil && serr == nil:
			if fast.Rejected.Count != slow.Rejected.Count || fast.SyncCursor != slow.SyncCursor ||
				fast.NextCursor != slow.NextCursor || fast.Delta != slow.Delta || !fast.AsOf.Equal(slow.AsOf) {
				t.Fatalf("pages differ:\nhand %+v\nstd  %+v", fast, slow)
			}
			if got, want := apiAlerts(fast), apiAlerts(slow); !reflect.DeepEqual(got, want) {
				t.Fatalf("records differ:\nhand %+v\nstd  %+v", got, want)
			}
		case ferr == nil:
			var syn *json.SyntaxError
			nonFinite := bytes.Contains(body, []byte("NaN")) || bytes.Contains(body, []byte("Infinity"))
			if !errors.As(serr, &syn) || !nonFinite || fast.Rejected.Count == 0 {
				t.Fatalf("hand decoder accepted what encoding/json rejects: %v", serr)
			}
		case serr == nil:
			t.Fatalf("hand decoder rejected what encoding/json accepts: %v", ferr)
		}
		if ferr == nil {
			for _, a := range fast.Alerts {
				checkClean(t, a.API())
			}
			for _, r := range fast.Rejected.First.String() {
				if sanitize.Forbidden(r) {
					t.Fatalf("rejection carries %U: %q", r, fast.Rejected.First)
				}
			}
		} else {
			for _, r := range decodeError("/alerts", body, ferr).Error() {
				if sanitize.Forbidden(r) {
					t.Fatalf("error message carries %U", r)
				}
			}
		}
	})
}

// BenchmarkDecodeAlerts compares the hand decoder with encoding/json (record
// by record, then the walker and the same compaction) on one body of
// 10,000 alerts.
func BenchmarkDecodeAlerts(b *testing.B) {
	body := fxPageJSON(fxAlerts(10000), "s1", false)
	for _, dec := range []struct {
		name string
		fn   func([]byte) (*AlertPage, error)
	}{
		{"hand", func(b []byte) (*AlertPage, error) { return decodeAlertPage(b, nil) }},
		{"encoding-json", decodeAlertPageStd},
	} {
		b.Run(dec.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				p, err := dec.fn(body)
				if err != nil || len(p.Alerts) != 10000 {
					b.Fatal(err)
				}
			}
		})
	}
}
