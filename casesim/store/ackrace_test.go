package store_test

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/store"
	"github.com/casewatch/casewatch/casesim/store/storetest"
)

// Two clients delivering one outbox entry at once send the same
// Idempotency-Key: the store applies it once and answers both alike, even
// when one states acted_at in another zone.
func TestAckSameKeyConcurrently(t *testing.T) {
	st := storetest.Open(t, ":memory:")
	page, err := st.ListAlerts(t.Context(), store.AlertQuery{Status: "open", Limit: 100}, storetest.Now)
	if err != nil || len(page.Alerts) == 0 {
		t.Fatalf("alerts: %v", err)
	}
	v0 := st.DataVersion()
	for i, a := range page.Alerts {
		acted := time.Date(2026, 12, 3, 7, 47, i, 123456789, time.UTC)
		answers := make([][]byte, 4)
		var wg sync.WaitGroup
		for g := range answers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				at := acted
				if g%2 == 1 {
					at = acted.In(time.FixedZone("CST", 8*3600))
				}
				out, err := st.Ack(t.Context(), a.ID, api.AckRequest{By: "x", Note: "n", ActedAt: &at}, fmt.Sprint("k", i), storetest.Now)
				if err != nil {
					t.Errorf("%s: %v", a.ID, err)
				}
				answers[g], _ = json.Marshal(out)
			}()
		}
		wg.Wait()
		for _, b := range answers[1:] {
			if string(b) != string(answers[0]) {
				t.Errorf("%s: answers differ:\n%s\n%s", a.ID, answers[0], b)
			}
		}
	}
	if n := st.DataVersion() - v0; n != int64(len(page.Alerts)) {
		t.Errorf("%d writes for %d acknowledgements", n, len(page.Alerts))
	}
}
