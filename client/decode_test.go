package client

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client/sanitize"
)

// decodeAlertPageSlow is the reference: encoding/json, then the walker.
func decodeAlertPageSlow(body []byte) (*api.AlertPage, error) {
	var p api.AlertPage
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, err
	}
	for i := range p.Alerts {
		a := &p.Alerts[i]
		if err := checkKey(func() string { return recordName("alerts", i, a.ID) }, "id", a.ID); err != nil {
			return nil, err
		}
		sanitizeAlert(a)
	}
	p.NextCursor = clean(clsLine, p.NextCursor)
	p.SyncCursor = clean(clsLine, p.SyncCursor)
	return &p, nil
}

func TestDecodeAlertPageMatchesEncodingJSON(t *testing.T) {
	alerts := fxAlerts(50)
	alerts[3].Message = "line1\nline2\x1b[31m red \u202e"
	alerts[4].Basis = "第一条\r\n第二条\t\u200b"
	alerts[5].PersonName = "\x1b]0;owned\x07张三"
	rt := t0
	alerts[6].RectifiedAt = &rt
	body := fxPageJSON(alerts, "s1", false)
	fast, err := decodeAlertPageFast(body)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := decodeAlertPageSlow(body)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("fast and slow decoders differ:\n%+v\n%+v", fast.Alerts[3], slow.Alerts[3])
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
}

func TestDecodeAlertPageErrors(t *testing.T) {
	good := fxPageJSON(fxAlerts(3), "s1", false)
	bad := func(mut func(a *api.Alert)) []byte {
		as := fxAlerts(3)
		mut(&as[2])
		return fxPageJSON(as, "s1", false)
	}
	cases := []struct {
		name string
		body []byte
		kind Kind
		want string
	}{
		{"unknown level", bad(func(a *api.Alert) { a.Level = "x" }), KindInvalid,
			`invalid data from /alerts: alerts[2] (id "A0000002"): level "x" is not one of notice|warning|overdue`},
		{"empty id", bad(func(a *api.Alert) { a.ID = "" }), KindInvalid, `alerts[2]: id is empty`},
		{"id with escape", bad(func(a *api.Alert) { a.ID = "A\x1b[2J" }), KindInvalid, `id has control characters`},
		{"unknown category", bad(func(a *api.Alert) { a.Category = "misc" }), KindInvalid, `category "misc" is not one of`},
		{"truncated", good[:len(good)/2], KindBody, "truncated JSON in /alerts"},
		{"malformed", []byte(strings.Replace(string(good), `"rule":`, `"rule"=`, 1)), KindBody, "malformed JSON in /alerts at offset"},
		{"wrong type", []byte(strings.Replace(string(good), `"days_remaining":-3`, `"days_remaining":"soon"`, 1)), KindBody, "alerts[0] (id \"A0000000\").days_remaining: expected an integer"},
		{"float for int", []byte(strings.Replace(string(good), `"days_remaining":-3`, `"days_remaining":1.5`, 1)), KindBody, "not an integer"},
		{"bad time", []byte(strings.Replace(string(good), `"due_at":"2025-03-03T09:00:00+08:00"`, `"due_at":"tomorrow"`, 1)), KindBody, `time "tomorrow" is not RFC 3339`},
		{"duplicate key", []byte(strings.Replace(string(good), `"rule":"R1",`, `"rule":"R1","rule":"R2",`, 1)), KindBody, `duplicate key "rule"`},
		{"null body", []byte("null"), KindBody, "null instead of an object"},
		{"trailing garbage", append(append([]byte{}, good...), []byte(" x")...), KindBody, "malformed JSON in /alerts at offset"},
		{"no sync cursor", fxPageJSON(fxAlerts(1), "", false), KindInvalid, "sync_cursor is empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := decodeAlertPage(c.body)
			if err == nil {
				t.Fatal("no error")
			}
			e := decodeError("/alerts", c.body, err)
			if e.Kind != c.kind || !strings.Contains(e.Error(), c.want) {
				t.Fatalf("got %v %q, want %v containing %q", e.Kind, e.Error(), c.kind, c.want)
			}
		})
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
	_, err = decodeUnits(b)
	e := decodeError("/units", b, err)
	if want := `units[3] (id "330106").departments[0] (id "330106-1"): line "tax" is not one of`; e.Kind != KindInvalid || !strings.Contains(e.Error(), want) {
		t.Errorf("got %v", e)
	}

	cov := fxCoverage("330106", "person")
	cov.Rows[0].Role = "janitor"
	b, _ = json.Marshal(cov)
	_, err = decodeCoverage(b)
	if err == nil || !strings.Contains(err.Error(), `role "janitor"`) {
		t.Errorf("coverage role: %v", err)
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

// checkNoControl walks every string of v and fails on a forbidden rune.
func checkNoControl(t *testing.T, v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		if !utf8.ValidString(s) {
			t.Fatalf("%s: invalid UTF-8 %q", path, s)
		}
		for _, r := range s {
			if sanitize.Forbidden(r) {
				t.Fatalf("%s: rune %U survived in %q", path, r, s)
			}
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkNoControl(t, v.Elem(), path)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				checkNoControl(t, v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			checkNoControl(t, v.Index(i), path)
		}
	}
}

func FuzzDecodeAlerts(f *testing.F) {
	f.Add(fxPageJSON(fxAlerts(2), "s", false))
	f.Add([]byte(`{"alerts":[{"id":"a","level":"notice","category":"card","status":"open","unit_id":"u","message":"\u001b[31mx\r\ny\u202e"}],"sync_cursor":"s","delta":false,"as_of":"2025-01-01T00:00:00+08:00"}`))
	f.Add([]byte(`{"alerts":[{"ID":"a","id":"b","basis":"\ud800\udc00\ud800x\\u00"}],"sync_cursor":"\u0085"}`))
	f.Add([]byte(`{"alerts":[{"person_name":"\xff\xfe","ack":{"note":"a\u2028b","by":"\u009b1m"}}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		fast, ferr := decodeAlertPageFast(body)
		slow, serr := decodeAlertPageSlow(body)
		if ferr == nil {
			checkNoControl(t, reflect.ValueOf(fast), "page")
			if serr != nil {
				var ve *validationError
				if !errors.As(serr, &ve) {
					t.Fatalf("fast decoder accepted what encoding/json rejects: %v", serr)
				}
			} else if !reflect.DeepEqual(fast, slow) {
				t.Fatalf("decoders differ:\nfast %+v\nslow %+v", fast, slow)
			}
		} else if serr == nil {
			// Allowed only where the fast decoder is stricter.
			var fe *fieldError
			var ve *validationError
			if !errors.As(ferr, &fe) && !errors.As(ferr, &ve) && !strings.Contains(ferr.Error(), "null") {
				t.Fatalf("fast decoder rejected what encoding/json accepts: %v", ferr)
			}
		}
		if p, err := decodeAlertPage(body); err == nil {
			checkNoControl(t, reflect.ValueOf(p), "page")
		} else {
			e := decodeError("/alerts", body, err)
			for _, r := range e.Error() {
				if sanitize.Forbidden(r) {
					t.Fatalf("error message carries %U: %q", r, e.Error())
				}
			}
		}
	})
}

func BenchmarkDecodeAlerts10k(b *testing.B) {
	body := fxPageJSON(fxAlerts(10000), "s1", false)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := decodeAlertPage(body)
		if err != nil || len(p.Alerts) != 10000 {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeAlerts10kEncodingJSON(b *testing.B) {
	body := fxPageJSON(fxAlerts(10000), "s1", false)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeAlertPageSlow(body); err != nil {
			b.Fatal(err)
		}
	}
}
