package tui

import (
	"strings"
	"testing"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/i18n"
)

// TestIndicatorsSayWhatDataIsMissing: on imported data the indicator set
// lists the indicators the export cannot give (data_missing); the panel's
// first line counts them, so a missing indicator is not silently absent.
func TestIndicatorsSayWhatDataIsMissing(t *testing.T) {
	s := fixtureState(40)
	for id, f := range s.Indicators {
		f.Data.DataMissing = []api.IndicatorMissing{
			{Indicator: "I09", Name: "确定刑量刑建议占比", Need: "量刑建议未导入"},
			{Indicator: "I08", Name: "认罪认罚从宽制度适用率", Need: "认罪认罚一列未导入", Cases: 2},
		}
		s.Indicators[id] = f
	}
	for _, tc := range []struct {
		lang i18n.Lang
		want string
	}{{i18n.ZH, "缺数据 2 项"}, {i18n.EN, "2 without data"}} {
		h := newHarness(t, 200, 50, s, withLang(tc.lang))
		h.keys("2")
		if v := h.view(); !strings.Contains(v, tc.want) {
			t.Errorf("%s: the indicators panel does not say %q:\n%s", tc.lang, tc.want, v)
		}
	}
	h := newHarness(t, 200, 50, fixtureState(40))
	h.keys("2")
	if v := h.view(); strings.Contains(v, "缺数据") {
		t.Errorf("simulated data: a missing-data count is shown:\n%s", v)
	}
}
