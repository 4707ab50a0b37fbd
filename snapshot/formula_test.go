package snapshot

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/casesim/dataimport"
	"github.com/casewatch/casewatch/casesim/sim"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/i18n"
)

// TestFormulaStringsExportedSafely: a department's export may hold text a
// spreadsheet would run as a formula (=cmd|…). It is imported as plain
// text and every report format carries it as text: JSON exactly, Markdown
// with its table-breaking | escaped, and the report of imported data has
// no demo label.
func TestFormulaStringsExportedSafely(t *testing.T) {
	const unit = `=cmd|' /C calc'!A0`
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, sim.Zone)
	sys, err := casesim.Open(context.Background(), casesim.Options{DBPath: ":memory:", NoSim: true, RealNow: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer sys.Close()
	m, err := dataimport.LoadMapping("")
	if err != nil {
		t.Fatal(err)
	}
	csv := "case_no,title,type,unit_id,lead_id,accepted_at,detained,major,fast_track,plea,events,closed_at\n" +
		`@SUM(1+1),王某涉嫌盗窃案,审查逮捕,"` + unit + `",+周立新,2026-11-10,是,否,否,否,,` + "\n"
	ts, err := dataimport.ReadFile("f.csv", []byte(csv), "auto")
	if err != nil {
		t.Fatal(err)
	}
	in, err := dataimport.Assign(ts, m)
	if err != nil {
		t.Fatal(err)
	}
	res, err := dataimport.Build(in, m, dataimport.Known{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sys.ImportBatch(context.Background(), res.Batch); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sys.Handler())
	defer srv.Close()
	c, err := client.New(client.Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := Build(context.Background(), c, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if r.Demo {
		t.Error("a report of imported data is labelled demo")
	}
	var js, md bytes.Buffer
	if err := r.Render(&js, JSON, i18n.ZH); err != nil {
		t.Fatal(err)
	}
	if err := r.Render(&md, Markdown, i18n.ZH); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || !strings.Contains(js.String(), unit) {
		t.Errorf("JSON does not carry the unit name as text (%v):\n%s", err, js.String())
	}
	if !strings.Contains(md.String(), `=cmd\|' /C calc'!A0`) || strings.Contains(md.String(), `=cmd|'`) {
		t.Errorf("Markdown does not escape the formula's |:\n%s", md.String())
	}
}
