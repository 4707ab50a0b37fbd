package api_test

import (
	"net/http"
	"testing"

	"github.com/casewatch/casewatch/api"
)

func TestAcceptsGzip(t *testing.T) {
	for _, tc := range []struct {
		values []string // Accept-Encoding lines; none means no header
		want   bool
	}{
		{nil, false},
		{[]string{""}, false},
		{[]string{"identity"}, false},
		{[]string{"gzip"}, true},
		{[]string{"GZip"}, true},
		{[]string{"*"}, true},
		{[]string{"br, gzip"}, true},
		{[]string{"br", "gzip"}, true},
		{[]string{"gzip;q=1"}, true},
		{[]string{"gzip; q=0.5"}, true},
		{[]string{"gzip;q=0.001"}, true},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip;Q=0"}, false},
		{[]string{"gzip ; q = 0.0"}, false},
		{[]string{"gzip;q=0.000"}, false},
		{[]string{"gzip;q=0.0000"}, false},
		{[]string{"gzip;q=-1"}, false},
		{[]string{"gzip;q=0, *"}, true},
		{[]string{"gzip;q=0", "*;q=0"}, false},
		{[]string{"gzip;q=x"}, true}, // an unreadable weight is ignored
		{[]string{"x-gzip"}, false},
		{[]string{"gzipped"}, false},
	} {
		h := http.Header{}
		for _, v := range tc.values {
			h.Add("Accept-Encoding", v)
		}
		if got := api.AcceptsGzip(h); got != tc.want {
			t.Errorf("Accept-Encoding %q: AcceptsGzip = %v, want %v", tc.values, got, tc.want)
		}
	}
}
