package gazetteer

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// userFiles are the names a user file may have, one per entry type.
var userFiles = []string{"countries-extra.tsv", "places-extra.tsv", "bases-extra.tsv", "organisations-extra.tsv"}

// FuzzUserGazetteer reads arbitrary text as a user gazetteer file of each
// type and builds a matcher from it alone (the built-in lists would make
// every exec rebuild a matcher of thousands of names). A file either
// fails with an error naming it, or every entry it keeps is found by its
// own name and the matcher's spans lie inside the text searched.
func FuzzUserGazetteer(f *testing.F) {
	for _, s := range []struct {
		kind uint8
		data string
	}{
		{0, "XA\tAtlantis\tAtlantean Republic|Atl.\tAtlantean\tPoseidonia\t10.5\t-20.25\n"},
		{1, "# name\tcountry\taliases\tkind\tlat\tlon\nNew Town\tXA\tNewtown\tcity\t\t\n"},
		{2, "Camp Nowhere\tNE\tNowhere base|Camp N\tUS|FR\tarmy base\t14.1\t8.2\r\nCamp Nowhere\tNE\t\t\t\t\t\n"},
		{3, "Blue Brigade\tmilitia\tBB|the Blues\tXA\nUS Army\tarmy\t\tUS\n"},
		{2, "Bad Geo\tIQ\t\t\t\t95\t10\n"},
		{1, "\t\t\n"},
	} {
		f.Add(s.kind, []byte(s.data))
	}
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		if len(data) > 4<<10 {
			t.Skip()
		}
		source := userFiles[int(kind)%len(userFiles)]
		g := &Gazetteer{byCode: map[string]*Entry{}, byKey: map[string][]surface{}}
		if err := g.read(bytes.NewReader(data), source); err != nil {
			if !strings.HasPrefix(err.Error(), "gazetteer "+source) {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if err := g.build(); err != nil {
			t.Fatalf("read, but the matcher failed: %v", err)
		}
		for _, e := range g.Entries() {
			if e.Name == "" || e.Source != source {
				t.Fatalf("entry %+v: no name, or not from %s", e, source)
			}
			if e.HasGeo && (e.Lat < -90 || e.Lat > 90 || e.Lon < -180 || e.Lon > 180) {
				t.Fatalf("entry %q at %v,%v", e.Name, e.Lat, e.Lon)
			}
			if !slices.Contains(g.Lookup(e.Name, e.Type), e) {
				t.Fatalf("entry %q (%s) is not found by its name", e.Name, e.Type)
			}
			if e.Type == Country && g.CountryByCode(e.Code) == nil {
				t.Fatalf("country %q not found by its code %q", e.Name, e.Code)
			}
			text := "Troops left " + e.Name + " on Sunday."
			prev := 0
			for _, m := range g.Find(text) {
				if m.Start < prev || m.End <= m.Start || m.End > len(text) || m.Entry == nil {
					t.Fatalf("bad match %d-%d in %q", m.Start, m.End, text)
				}
				prev = m.End
			}
		}
	})
}
