package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// geoStore is a small hand-made graph with what the GeoJSON export must
// tell apart: a base with coordinates and one without, a place that is no
// base, an event at the located base (told by two articles), a denied
// one, an event at both bases, and one at no base.
func geoStore(t *testing.T) *graph.Store {
	t.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	a1, a2 := schema.ArticleIRI("report-one"), schema.ArticleIRI("report-two")
	north, south := schema.EntityIRI("camp-north"), schema.EntityIRI("camp-south")
	land, army := schema.EntityIRI("freedonia"), schema.EntityIRI("sylvania")
	town := schema.EntityIRI("harbour-town")
	ev := func(id string) quad.IRI { return schema.EventIRI(id) }
	qs := []quad.Quad{
		quad.Make(a1, schema.URL, quad.IRI("https://news.example/one"), a1),
		quad.Make(a2, schema.URL, quad.IRI("https://news.example/two"), a2),
		quad.Make(north, schema.Type, schema.ClassMilitaryBase, a1),
		quad.Make(north, schema.Name, quad.String("Camp North"), a1),
		quad.Make(north, schema.Latitude, quad.Float(12.5), a1),
		quad.Make(north, schema.Longitude, quad.Float(-3.25), a1),
		quad.Make(north, schema.ContainedInPlace, land, a1),
		quad.Make(north, schema.Operator, quad.String("Sylvania"), a1),
		quad.Make(north, schema.Operator, quad.String("Freedonia"), a2),
		quad.Make(south, schema.Type, schema.ClassMilitaryBase, a2),
		quad.Make(south, schema.Name, quad.String("Camp South"), a2),
		quad.Make(town, schema.Type, schema.ClassPlace, a2),
		quad.Make(town, schema.Name, quad.String("Harbour Town"), a2),
		quad.Make(town, schema.Latitude, quad.Float(10), a2),
		quad.Make(town, schema.Longitude, quad.Float(20), a2),
		quad.Make(land, schema.Type, schema.ClassCountry, a1),
		quad.Make(land, schema.Name, quad.String("Freedonia"), a1),
		quad.Make(army, schema.Type, schema.ClassCountry, a1),
		quad.Make(army, schema.Name, quad.String("Sylvania"), a1),

		quad.Make(ev("leave"), schema.EventType, schema.EventTypeIRI("withdrawal"), a1),
		quad.Make(ev("leave"), schema.EventType, schema.EventTypeIRI("withdrawal"), a2),
		quad.Make(ev("leave"), schema.AtBase, north, a1),
		quad.Make(ev("leave"), schema.AtBase, north, a2),
		quad.Make(ev("leave"), schema.Actor, army, a1),
		quad.Make(ev("leave"), schema.InCountry, land, a1),
		quad.Make(ev("leave"), schema.EventDate, quad.String("2025-03"), a1),
		quad.Make(ev("leave"), schema.Negated, quad.Bool(false), a1),
		quad.Make(ev("leave"), schema.Status, quad.String("completed"), a1),

		quad.Make(ev("denied"), schema.EventType, schema.EventTypeIRI("attack"), a2),
		quad.Make(ev("denied"), schema.AtBase, north, a2),
		quad.Make(ev("denied"), schema.Negated, quad.Bool(true), a2),

		quad.Make(ev("both"), schema.EventType, schema.EventTypeIRI("exercise"), a2),
		quad.Make(ev("both"), schema.AtBase, north, a2),
		quad.Make(ev("both"), schema.AtBase, south, a2),
		quad.Make(ev("both"), schema.Actor, land, a2),

		quad.Make(ev("nowhere"), schema.EventType, schema.EventTypeIRI("agreement"), a2),
		quad.Make(ev("nowhere"), schema.InCountry, land, a2),
	}
	var nq strings.Builder
	for _, q := range qs {
		nq.WriteString(q.NQuad() + "\n")
	}
	if _, err := Import(ctx, s, strings.NewReader(nq.String()), NQuads); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestGeoJSONGolden compares the export of geoStore with
// testdata/geo.geojson (go test ./export -run GeoJSONGolden -update
// rewrites it), and the export of a query's articles with the same bytes,
// as the query cites both articles.
func TestGeoJSONGolden(t *testing.T) {
	var out bytes.Buffer
	s := geoStore(t)
	if err := Graph(context.Background(), &out, s, GeoJSON); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "geo.geojson")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("geojson export differs from %s (rerun with -update if the change is meant):\n%s", golden, out.String())
	}
	fc := checkFeatureCollection(t, out.Bytes())
	var kinds []string
	for _, f := range fc.Features {
		kinds = append(kinds, f.Properties["kind"].(string)+":"+f.ID)
	}
	// One located base; the withdrawal and the denied attack at it, the
	// exercise at it (not at the base without coordinates), nothing for
	// the event at no base or for the town.
	wantKinds := []string{
		"base:base/camp-north",
		"event:event/both@camp-north",
		"event:event/denied@camp-north",
		"event:event/leave@camp-north",
	}
	if !slices.Equal(kinds, wantKinds) {
		t.Errorf("features %v, want %v", kinds, wantKinds)
	}

	var mem bytes.Buffer
	qs, err := s.AllQuads(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := Quads(&mem, qs, GeoJSON); err != nil {
		t.Fatal(err)
	}
	if mem.String() != out.String() {
		t.Errorf("the in-memory GeoJSON differs from the streamed one:\n%s", mem.String())
	}
}

// featureCollection is what an RFC 7946 reader needs of the export.
type featureCollection struct {
	Type     string `json:"type"`
	Features []struct {
		Type     string `json:"type"`
		ID       string `json:"id"`
		Geometry struct {
			Type        string    `json:"type"`
			Coordinates []float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

// checkFeatureCollection parses a GeoJSON export and checks what RFC 7946
// asks of it: a FeatureCollection of Features with Point geometries of a
// longitude and a latitude in range, and flat properties.
func checkFeatureCollection(t *testing.T, b []byte) featureCollection {
	t.Helper()
	var fc featureCollection
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if fc.Type != "FeatureCollection" {
		t.Fatalf("type %q", fc.Type)
	}
	for _, f := range fc.Features {
		g := f.Geometry
		if f.Type != "Feature" || g.Type != "Point" || len(g.Coordinates) != 2 {
			t.Fatalf("feature %s: %s with %s %v", f.ID, f.Type, g.Type, g.Coordinates)
		}
		if math.Abs(g.Coordinates[0]) > 180 || math.Abs(g.Coordinates[1]) > 90 {
			t.Fatalf("feature %s: coordinates %v out of range", f.ID, g.Coordinates)
		}
		for k, v := range f.Properties {
			switch v.(type) {
			case string, float64, bool:
			default:
				t.Fatalf("feature %s: property %s is %T, not flat", f.ID, k, v)
			}
		}
	}
	return fc
}

// TestGeoJSONAgreesWithCSV exports the test articles as GeoJSON and CSV
// and checks every base the CSV places is a base feature at the same
// point (longitude first), with as many event features as events at it.
func TestGeoJSONAgreesWithCSV(t *testing.T) {
	ctx := context.Background()
	s := store(t)
	var geo, tab bytes.Buffer
	if err := Graph(ctx, &geo, s, GeoJSON); err != nil {
		t.Fatal(err)
	}
	if err := Graph(ctx, &tab, s, CSV); err != nil {
		t.Fatal(err)
	}
	fc := checkFeatureCollection(t, geo.Bytes())
	type point struct{ lon, lat float64 }
	bases := map[string]point{}
	eventsAt := map[string]int{}
	for _, f := range fc.Features {
		p := f.Properties
		switch p["kind"] {
		case "base":
			bases[p["name"].(string)] = point{f.Geometry.Coordinates[0], f.Geometry.Coordinates[1]}
			if p["events"].(float64) != p["events_withdrawal"].(float64)+p["events_attack"].(float64)+
				p["events_deployment"].(float64)+p["events_relocation"].(float64)+p["events_handover"].(float64)+
				p["events_closure"].(float64)+p["events_agreement"].(float64)+p["events_establishment"].(float64)+
				p["events_exercise"].(float64) {
				t.Errorf("base %v: events is not the sum of its types", p)
			}
		case "event":
			eventsAt[p["base"].(string)]++
		}
	}
	recs, err := csv.NewReader(&tab).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int { return slices.Index(recs[0], name) }
	placed, csvEvents := 0, map[string]int{}
	for _, r := range recs[1:] {
		if r[col("kind")] == "event" {
			for _, b := range strings.Split(r[col("bases")], "; ") {
				csvEvents[b]++
			}
			continue
		}
		if !strings.Contains(r[col("type")], "Base") || r[col("latitude")] == "" {
			continue
		}
		placed++
		lat, _ := strconv.ParseFloat(r[col("latitude")], 64)
		lon, _ := strconv.ParseFloat(r[col("longitude")], 64)
		if got, ok := bases[r[col("name")]]; !ok || got != (point{lon, lat}) {
			t.Errorf("base %s at lat %v lon %v in the csv, at %v (found %v) in the geojson", r[col("name")], lat, lon, got, ok)
		}
	}
	if placed == 0 || placed != len(bases) {
		t.Errorf("%d placed bases in the csv, %d base features", placed, len(bases))
	}
	for name, n := range eventsAt {
		if csvEvents[name] != n {
			t.Errorf("base %s: %d event features, %d csv events", name, n, csvEvents[name])
		}
	}
	if len(eventsAt) == 0 {
		t.Error("no event features")
	}
}

// FuzzGeoJSON feeds the GeoJSON writer a base whose name and coordinates
// are any text (an imported graph can hold anything): the export must
// stay a valid FeatureCollection, placing the base only at numbers in
// range.
func FuzzGeoJSON(f *testing.F) {
	f.Add("Camp North", "12.5", "-3.25")
	f.Add("Camp \"Quote\" <&>\u2028", "91", "0")
	f.Add("", "NaN", "Inf")
	f.Add("x", "1e-400", "-180")
	f.Fuzz(func(t *testing.T, name, lat, lon string) {
		a := schema.ArticleIRI("a")
		b := schema.EntityIRI("b")
		qs := []quad.Quad{
			quad.Make(b, schema.Type, schema.ClassMilitaryBase, a),
			quad.Make(b, schema.Name, quad.String(name), a),
			quad.Make(b, schema.Latitude, quad.String(lat), a),
			quad.Make(b, schema.Longitude, quad.String(lon), a),
			quad.Make(schema.EventIRI("e"), schema.AtBase, b, a),
			quad.Make(schema.EventIRI("e"), schema.EventType, schema.EventTypeIRI(name), a),
		}
		var out bytes.Buffer
		if err := Quads(&out, qs, GeoJSON); err != nil {
			t.Fatal(err)
		}
		fc := checkFeatureCollection(t, out.Bytes())
		_, latErr := strconv.ParseFloat(strings.TrimSpace(lat), 64)
		_, lonErr := strconv.ParseFloat(strings.TrimSpace(lon), 64)
		if (latErr != nil || lonErr != nil) && len(fc.Features) > 0 {
			t.Fatalf("a base placed at %q, %q", lat, lon)
		}
	})
}
