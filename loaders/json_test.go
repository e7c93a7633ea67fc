package loaders

import (
	"os"
	"strings"
	"testing"
)

// TestJSONDocumentPartial: a bad article in a JSON array is reported by
// its position, and the good ones load.
func TestJSONDocumentPartial(t *testing.T) {
	data, err := os.ReadFile("testdata/json/array.json")
	if err != nil {
		t.Fatal(err)
	}
	arts, err := Parse("array.json", data, "")
	if len(arts) != 1 || arts[0].Title != "Bridge reopens" || arts[0].Format != JSONFormat {
		t.Fatalf("articles %+v, want the one good record read as json", arts)
	}
	if err == nil || !strings.Contains(err.Error(), "array.json: article 2: no title") {
		t.Errorf("error %v, want one naming article 2", err)
	}
}
