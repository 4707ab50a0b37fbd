package api

import (
	"net/http"
	"strconv"
	"strings"
)

// AcceptsGzip reports whether a request's Accept-Encoding header accepts a
// gzip-compressed body (the contract: bodies may be gzip-compressed when the
// client accepts it). It does when gzip or * is listed with no weight or a
// weight that parses as a number above zero, so "gzip;q=0", "gzip;q=0.000"
// and "gzip;q=-1" refuse it and "gzip;q=0.001" accepts it. The server and
// the contract validator of api/apitest both use this rule.
func AcceptsGzip(h http.Header) bool {
	for _, v := range h.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(v, ",") {
			coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			if coding != "gzip" && coding != "*" {
				continue
			}
			q := strings.ReplaceAll(strings.ToLower(params), " ", "")
			if strings.HasPrefix(q, "q=") {
				if f, err := strconv.ParseFloat(q[2:], 64); err == nil && f <= 0 {
					continue
				}
			}
			return true
		}
	}
	return false
}
