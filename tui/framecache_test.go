package tui

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// poke sets v, a settable zero value, to something else; false when it
// does not know how.
func poke(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		m.SetMapIndex(reflect.Zero(v.Type().Key()), reflect.Zero(v.Type().Elem()))
		v.Set(m)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
	case reflect.Interface:
		v.Set(reflect.ValueOf(errors.New("x")))
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Unix(1, 0)))
			return true
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && poke(v.Field(i)) {
				return true
			}
		}
		return false
	default:
		return false
	}
	return true
}

// checkEveryField changes each field of a zero T in turn and wants same to
// see it, but for the fields named in ignored.
func checkEveryField[T any](t *testing.T, same func(x, y *T) bool, ignored ...string) {
	t.Helper()
	var zero T
	typ := reflect.TypeFor[T]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		var y T
		if !poke(reflect.ValueOf(&y).Elem().Field(i)) {
			t.Fatalf("%s.%s: cannot change a %s", typ, f.Name, f.Type)
		}
		skip := false
		for _, n := range ignored {
			skip = skip || n == f.Name
		}
		if got := same(&zero, &y); got != skip {
			if skip {
				t.Errorf("%s.%s is never drawn, yet a change of it counts", typ, f.Name)
			} else {
				t.Errorf("%s.%s changed, yet the frame cache would keep the frame: teach sameData the field", typ, f.Name)
			}
		}
	}
}

// TestSameDataKnowsEveryField keeps sameData in step with client.State,
// client.Feed and the api types it carries: a field it did not compare
// would let a kept frame show old data.
func TestSameDataKnowsEveryField(t *testing.T) {
	checkEveryField(t, sameData, "Seq")
	checkEveryField(t, func(x, y *client.Feed[api.UnitList]) bool {
		return sameFeed(x, y, func(a, b api.UnitList) bool { return sameSlice(a.Units, b.Units) })
	}, "FetchedAt", "NextAttempt")
	checkEveryField(t, func(x, y *api.Health) bool { return sameHealth(*x, *y) }, "ServerTime")
	checkEveryField(t, func(x, y *api.Coverage) bool { return sameCoverage(*x, *y) })
	s := fixtureState(3)
	checkEveryField(t, func(x, y *client.AlertSet) bool {
		a, b := s, s
		a.Alerts.Data, b.Alerts.Data = *x, *y
		return sameData(&a, &b)
	})
	checkEveryField(t, func(x, y *api.IndicatorSet) bool {
		a, b := s, s
		a.Indicators = map[string]client.Feed[api.IndicatorSet]{"u": {Data: *x}}
		b.Indicators = map[string]client.Feed[api.IndicatorSet]{"u": {Data: *y}}
		return sameData(&a, &b)
	})
}
