package tui

import (
	"strings"
	"testing"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/i18n"
)

func TestFormatValue(t *testing.T) {
	zh := newHarness(t, 80, 24, fixtureState(1))
	en := newHarness(t, 80, 24, fixtureState(1), withLang(i18n.EN))
	tests := []struct {
		v      float64
		unit   string
		zh, en string
	}{
		{1.1, "ratio", "1:1.10", "1:1.10"},
		{1.234, "1:x", "1:1.23", "1:1.23"},
		{38.06, "%", "38.1%", "38.1%"},
		{23.44, "days", "23.4天", "23.4d"},
		{2, "", "2.00", "2.00"},
		{3.5, "件", "3.5件", "3.5件"},
	}
	for _, tt := range tests {
		if got := zh.m.formatValue(tt.v, tt.unit); got != tt.zh {
			t.Errorf("zh %v %q = %q, want %q", tt.v, tt.unit, got, tt.zh)
		}
		if got := en.m.formatValue(tt.v, tt.unit); got != tt.en {
			t.Errorf("en %v %q = %q, want %q", tt.v, tt.unit, got, tt.en)
		}
	}
	// A ratio's change moves in hundredths.
	ind := &api.Indicator{Unit: "ratio", Direction: api.DirectionLower, Change: fp(-0.04)}
	if got, _ := zh.m.changeText(ind); got != "▼0.04" {
		t.Errorf("ratio change = %q", got)
	}
}

func TestCodesTranslated(t *testing.T) {
	types := map[string][2]string{
		"arrest_review":      {"审查逮捕", "Arrest review"},
		"prosecution_review": {"审查起诉", "Prosecution review"},
		"custody_review":     {"羁押必要性审查", "Custody-necessity review"},
		"civil_supervision":  {"民事生效裁判监督", "Civil judgment supervision"},
		"admin_supervision":  {"行政生效裁判监督", "Administrative judgment supervision"},
		"pil_admin":          {"行政公益诉讼", "Administrative public-interest case"},
		"petition":           {"信访件", "Petition (letters and visits)"},
	}
	for code, want := range types {
		for i, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
			c := fixtureCase()
			c.Type = code
			c.Source = "移送"
			c.Parties[0].Role = "犯罪嫌疑人"
			c.Review.Mode, c.Review.Grade = "常规评查", "合格"
			h := newHarness(t, 160, 48, fixtureState(3), withLang(l))
			h.f.cases["C00001"] = c
			h.keys("enter")
			v := h.view()
			if !strings.Contains(v, h.m.cat.T("case.type")+" "+want[i]) {
				t.Fatalf("%v %s: want %q on the case screen:\n%s", l, code, want[i], v)
			}
			if l == i18n.EN {
				for _, w := range []string{"Source transferred", "suspect", "Grade qualified", "Mode routine"} {
					if !strings.Contains(v, w) {
						t.Fatalf("English case screen lacks %q:\n%s", w, v)
					}
				}
			}
		}
	}
}

func TestShortUnitNames(t *testing.T) {
	units := []api.Unit{
		{ID: "U00", Name: "秦川省人民检察院", NameEn: "Qinchuan Provincial Procuratorate", Level: api.UnitProvince},
		{ID: "U10", Name: "北原市人民检察院", NameEn: "Beiyuan Municipal Procuratorate", Level: api.UnitCity, ParentID: "U00"},
		{ID: "U11", Name: "北原市黛阳区人民检察院", NameEn: "Daiyang District Procuratorate", Level: api.UnitBasic, ParentID: "U10"},
		{ID: "U12", Name: "北原市澜城市人民检察院", NameEn: "Lancheng City Procuratorate", Level: api.UnitBasic, ParentID: "U10"},
		{ID: "U13", Name: "关口县人民检察院", NameEn: "Guankou County", Level: api.UnitBasic, ParentID: "U10"},
	}
	zh, en := buildUnits(units, i18n.ZH), buildUnits(units, i18n.EN)
	want := map[string][2]string{
		"U00": {"秦川省院", "Qinchuan Province"},
		"U10": {"北原市院", "Beiyuan City"},
		"U11": {"黛阳区院", "Daiyang District"},
		"U12": {"澜城市院", "Lancheng City"},
		"U13": {"关口县院", "Guankou County"},
	}
	for id, w := range want {
		if got := zh.short(id, ""); got != w[0] {
			t.Errorf("zh %s = %q, want %q", id, got, w[0])
		}
		if got := en.short(id, ""); got != w[1] {
			t.Errorf("en %s = %q, want %q", id, got, w[1])
		}
	}
	if got := zh.short("U99", "南湖区人民检察院"); got != "南湖区院" {
		t.Errorf("unknown unit = %q", got)
	}
}
