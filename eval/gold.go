package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// GoldName is a named thing with the spellings that count as it. In a gold
// file it is an object or, as the reference scorer also accepts, a bare
// name.
type GoldName struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	Country string   `json:"country,omitempty"`
}

// UnmarshalJSON reads a GoldName from an object or a bare string.
func (n *GoldName) UnmarshalJSON(data []byte) error {
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '"' {
		*n = GoldName{}
		return json.Unmarshal(t, &n.Name)
	}
	type plain GoldName // without the method, so decoding does not recurse
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	*n = GoldName(p)
	return nil
}

// GoldEvent is a labelled event.
type GoldEvent struct {
	Type     string   `json:"type"`
	Bases    []string `json:"bases"`
	Actor    *string  `json:"actor"`
	Country  *string  `json:"country"`
	Date     *string  `json:"date"`
	Negated  bool     `json:"negated"`
	Status   string   `json:"status,omitempty"`
	Evidence string   `json:"evidence,omitempty"`
}

// Gold is one article's labels. The optional lists hold items defensible
// either way: extracting one is not a false positive, missing one is not a
// false negative. Published is empty (null in the file) where the page
// carries no full date; the publication date is then not judged.
type Gold struct {
	Publisher        string   `json:"publisher"`
	PublisherAliases []string `json:"publisher_aliases,omitempty"`
	Published        string   `json:"published"`

	Countries     []GoldName  `json:"countries"`
	Bases         []GoldName  `json:"bases"`
	Organisations []GoldName  `json:"organisations"`
	Events        []GoldEvent `json:"events"`

	OptionalCountries     []GoldName  `json:"optional_countries,omitempty"`
	OptionalBases         []GoldName  `json:"optional_bases,omitempty"`
	OptionalOrganisations []GoldName  `json:"optional_organisations,omitempty"`
	OptionalEvents        []GoldEvent `json:"optional_events,omitempty"`
}

// ReadGold reads a gold file.
func ReadGold(path string) (*Gold, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("gold %s: %w", path, err)
	}
	var g Gold
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("gold %s: %w", path, err)
	}
	return &g, nil
}

// NonMilitary reports whether the gold names no base and no event: an
// article the extractor should leave without either.
func (g *Gold) NonMilitary() bool { return len(g.Bases) == 0 && len(g.Events) == 0 }
