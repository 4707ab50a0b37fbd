package dataimport

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzImport feeds arbitrary bytes through the default mapping: no panic,
// never an error with a batch (no half-import), never two cases with one
// id, never a control character or invalid UTF-8 in a stored text.
func FuzzImport(f *testing.F) {
	head := "case_no,title,type,unit_id,lead_id,accepted_at,detained,major,fast_track,plea,events,closed_at\n"
	f.Add([]byte(head + "X,t,arrest_review,青溪,周立新,2026-11-10,是,否,否,否,rights_notice@2026-11-11,\n"))
	f.Add([]byte("\ufeff" + head + "\"\n"))
	f.Add([]byte(head + "X,t,审查起诉,青溪,周立新,2026-11-10,,,,,,\n X,t,审查起诉,青溪,周立新,2026-11-10,,,,,,\n"))
	f.Add([]byte(head + "X\x00,t,审查起诉,青溪,周立新,2026-11-10,,,,,,\n"))
	f.Add([]byte("\xff\xfec\x00a\x00s\x00e\x00\n\x00"))
	f.Add([]byte(head + "X,\xb2\xe2\xca\xd4,审查起诉,青溪,周立新,2026-11-10,,,,,,\n"))
	m, err := LoadMapping("")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		ts, err := ReadFile("f.csv", in, "auto")
		if err != nil {
			return
		}
		x, err := Assign(ts, m)
		if err != nil {
			return
		}
		res, err := Build(x, m, Known{})
		if err != nil {
			if res != nil {
				t.Fatal("an error with a batch: half-imported")
			}
			return
		}
		if len(res.Batch.Cases) == 0 {
			t.Fatal("no error and no cases")
		}
		ids := map[string]bool{}
		for _, ic := range res.Batch.Cases {
			c := ic.Case
			if ids[c.ID] {
				t.Fatalf("two cases with id %s (case number %q)", c.ID, c.No)
			}
			ids[c.ID] = true
			for _, s := range []string{c.No, c.Title} {
				if _, _, ok := controlAt(s); ok || !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) {
					t.Fatalf("control character or bad text imported in %q", s)
				}
			}
		}
	})
}
