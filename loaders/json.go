package loaders

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/newsgraph/newsgraph"
)

// JSONFormat is the name of the JSON document format.
const JSONFormat = "json"

func init() {
	Register(Format{
		Name: JSONFormat,
		Doc:  "JSON document: one article object, an array of them, or an object with an \"articles\" array (NewsAPI); fields as in JSON Lines",
		// Before JSON Lines, which claims what this sniffer leaves.
		Priority:   35,
		Sniff:      sniffJSON,
		Extensions: []string{".json"},
		Parse:      parseJSON,
	})
}

// sniffJSON recognises a JSON array, an object spread over lines (pretty
// printed), or a one-line object wrapping an "articles" array. A one-line
// article object is left to JSON Lines: it is a JSON Lines file of one.
func sniffJSON(_ string, head []byte) bool {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\uFEFF")), " \t\r\n")
	if len(head) == 0 {
		return false
	}
	if head[0] == '[' {
		return true
	}
	if head[0] != '{' {
		return false
	}
	first, rest, complete := bytes.Cut(head, []byte("\n"))
	first = bytes.TrimSpace(first)
	if !complete || len(bytes.TrimSpace(rest)) == 0 {
		// One line, perhaps cut short by the head: an object per line,
		// unless it wraps an article list.
		return wrapsArticles(first)
	}
	if string(first) == "{" {
		// Pretty printed: a lone brace, then a member.
		next := bytes.TrimLeft(rest, " \t\r\n")
		return len(next) > 0 && next[0] == '"'
	}
	return json.Valid(first) && wrapsArticles(first)
}

// wrapsArticles reports a complete JSON object whose "articles" member is
// an array.
func wrapsArticles(obj []byte) bool {
	var v struct {
		Articles json.RawMessage `json:"articles"`
	}
	if json.Unmarshal(obj, &v) != nil {
		return bytes.HasPrefix(obj, []byte(`{"status"`)) // NewsAPI's shape, cut short
	}
	return len(v.Articles) > 0 && v.Articles[0] == '['
}

// parseJSON reads a JSON document of articles. Each article object has the
// fields of a JSON Lines line; a bad one is an error naming its position,
// and the good ones are still returned.
func parseJSON(in Input) ([]newsgraph.Article, error) {
	data := bytes.TrimPrefix(in.Data, []byte("\uFEFF"))
	if err := checkUTF8(in.Source, data); err != nil {
		return nil, err
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	var items []any
	switch v := doc.(type) {
	case []any:
		items = v
	case map[string]any:
		if list, ok := v["articles"].([]any); ok {
			items = list
		} else {
			items = []any{v}
		}
	default:
		return nil, errors.New("want a JSON object or array of articles")
	}
	if len(items) == 0 {
		return nil, ErrEmpty
	}
	var arts []newsgraph.Article
	var errs []error
	for i, item := range items {
		line, err := json.Marshal(item)
		if err == nil {
			var a newsgraph.Article
			if a, err = parseJSONLine(line); err == nil {
				arts = append(arts, a)
				continue
			}
		}
		if len(errs) < maxRecordErrors {
			errs = append(errs, &SourceError{Source: in.Source, Err: fmt.Errorf("article %d: %w", i+1, err)})
		}
	}
	return arts, errors.Join(errs...)
}
