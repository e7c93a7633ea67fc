package gazetteer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func load(t testing.TB, extra ...string) *Gazetteer {
	t.Helper()
	g, err := Load(extra...)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestFind(t *testing.T) {
	g := load(t)
	tests := []struct {
		text string
		want []string // "Type:Name"
	}{
		{"US forces left Iraq.", []string{"Country:United States", "Country:Iraq"}},
		{"Let us go; it is late.", nil},
		{"The U.S. and Iraqi officials met.", []string{"Country:United States", "Country:Iraq"}},
		{"ISIS and IS fighters", []string{"Organisation:Islamic State", "Organisation:Islamic State"}},
		{"He ate turkey in chad.", nil},
		{"Troops left Ain al-Asad.", []string{"Base:Ain al-Asad Air Base"}},
		{"Troops left Al-Asad Airbase.", []string{"Base:Ain al-Asad Air Base"}},
		{"They flew to Erbil Air Base from Erbil.", []string{"Base:Erbil Air Base", "Place:Erbil"}},
		{"the global coalition said", []string{"Organisation:Global Coalition to Defeat ISIS"}},
		{"Iraqis voted", []string{"Country:Iraq"}},
		{"Kurdistan24 reported", []string{"Organisation:Kurdistan24"}},
		{"Americana music", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range g.Find(tt.text) {
			got = append(got, m.Entry.Type+":"+m.Entry.Name)
			if tt.text[m.Start:m.End] == "" {
				t.Errorf("%q: empty match", tt.text)
			}
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("Find(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestBuiltinSizes(t *testing.T) {
	g := load(t)
	n := map[string]int{}
	for _, e := range g.Entries() {
		n[e.Type]++
		if e.Type == Base && e.Country == "" {
			t.Errorf("base %q has no country", e.Name)
		}
	}
	for typ, min := range map[string]int{Country: 249, Base: 300, Organisation: 200, Place: 300} {
		if n[typ] < min {
			t.Errorf("%d %s entries, want at least %d", n[typ], typ, min)
		}
	}
}

func TestUserGazetteer(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "bases-local.tsv")
	data := "# name\tcountry\taliases\toperators\tkind\tlat\tlon\nCamp Nowhere\tNE\tNowhere base\tUS\tarmy base\t14.1\t8.2\n"
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	g := load(t, dir)
	ms := g.Find("Soldiers reached the Nowhere base.")
	if len(ms) != 1 || ms[0].Entry.Name != "Camp Nowhere" || ms[0].Entry.Country != "NE" {
		t.Fatalf("user base not found: %+v", ms)
	}
	bad := filepath.Join(t.TempDir(), "misc.tsv")
	os.WriteFile(bad, []byte("x\n"), 0o644)
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("a file of unknown type: err = %v, want one naming the file", err)
	}
	badGeo := filepath.Join(t.TempDir(), "places.tsv")
	os.WriteFile(badGeo, []byte("Somewhere\tIQ\t\tcity\t95\t10\n"), 0o644)
	if _, err := Load(badGeo); err == nil || !strings.Contains(err.Error(), ":1:") {
		t.Errorf("bad coordinates: err = %v, want one naming the line", err)
	}
}

func FuzzFind(f *testing.F) {
	g := load(f)
	for _, s := range []string{"US forces left Ain al-Asad.", "ISIS", "Iraq’s army", "Al-Asad", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, m := range g.Find(s) {
			if m.Start < prev || m.End <= m.Start || m.End > len(s) {
				t.Fatalf("bad match %d-%d in %q", m.Start, m.End, s)
			}
			prev = m.End
		}
	})
}
