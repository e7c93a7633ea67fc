package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/schema"
)

// model is the graph read back into nodes, for the formats that show
// entities and events rather than quads (csv, graphml). It is built from
// the quads in one pass: an export reads everything anyway, and one pass
// over a slice beats a store look-up per node.
type model struct {
	nodes map[string]*node
	// order lists node keys sorted, so output is deterministic.
	order []string
}

// node is one subject with its properties and the articles that state
// anything about it.
type node struct {
	iri      quad.Value
	props    map[quad.IRI][]quad.Value
	articles map[string]bool // article IRIs (named graphs)
	// edgeLabels holds, per outgoing (predicate, object), the articles
	// that state the edge.
	edgeLabels map[string]map[string]bool
}

func newModel(qs []quad.Quad) *model {
	m := &model{nodes: map[string]*node{}}
	for _, q := range qs {
		m.add(q)
	}
	slices.Sort(m.order)
	return m
}

// add records one quad; the caller sorts order once all are added.
func (m *model) add(q quad.Quad) {
	k := quad.StringOf(q.Subject)
	n, ok := m.nodes[k]
	if !ok {
		n = newNode(q.Subject)
		m.nodes[k] = n
		m.order = append(m.order, k)
	}
	n.add(q)
}

func newNode(iri quad.Value) *node {
	return &node{iri: iri, props: map[quad.IRI][]quad.Value{}, articles: map[string]bool{}, edgeLabels: map[string]map[string]bool{}}
}

// add records one quad about n, keeping a property's first value first.
func (n *node) add(q quad.Quad) {
	pred, _ := q.Predicate.(quad.IRI)
	if !slices.ContainsFunc(n.props[pred], func(v quad.Value) bool { return quad.StringOf(v) == quad.StringOf(q.Object) }) {
		n.props[pred] = append(n.props[pred], q.Object)
	}
	if q.Label != nil {
		l := quad.StringOf(q.Label)
		n.articles[l] = true
		ek := string(pred) + "\x00" + quad.StringOf(q.Object)
		if n.edgeLabels[ek] == nil {
			n.edgeLabels[ek] = map[string]bool{}
		}
		n.edgeLabels[ek][l] = true
	}
}

func (n *node) str(p quad.IRI) string {
	if vs := n.props[p]; len(vs) > 0 {
		return valueString(vs[0])
	}
	return ""
}

// resolver names the nodes a node points at and the articles it cites:
// the whole model in memory, or the small directory a streamed export
// reads first.
type resolver interface {
	// name is the schema:name of the node with key k, "" if none.
	name(k string) string
	// url is the schema:url of the article with key k, "" if none.
	url(k string) string
}

func (m *model) name(k string) string {
	if n, ok := m.nodes[k]; ok {
		return n.str(schema.Name)
	}
	return ""
}

func (m *model) url(k string) string {
	if n, ok := m.nodes[k]; ok {
		return n.str(schema.URL)
	}
	return ""
}

// kind classifies a node: "article", "event", "entity", or "" for nodes
// the model does not show (classes, event types).
func kind(n *node) string {
	iri, ok := n.iri.(quad.IRI)
	if !ok {
		return ""
	}
	s := string(iri)
	switch {
	case strings.HasPrefix(s, schema.IDBase+"article/"):
		return "article"
	case strings.HasPrefix(s, schema.IDBase+"event/"):
		return "event"
	case strings.HasPrefix(s, schema.IDBase+"entity/"):
		return "entity"
	}
	return ""
}

// entityTypes lists every entity type of a node, sorted: an entity can
// have two (a news agency is a Publisher and an Organisation), and an
// export that kept one would count it under one type where stats counts
// it under both.
func entityTypes(n *node) []string {
	var out []string
	for _, c := range n.props[schema.Type] {
		if ci, ok := c.(quad.IRI); ok {
			if t := schema.EntityTypeOf(ci); t != "" && !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	slices.Sort(out)
	return out
}

// entityType is the type column of an entity: its types joined by
// typeSeparator, or "entity" when it has none.
func entityType(n *node) string {
	if ts := entityTypes(n); len(ts) > 0 {
		return strings.Join(ts, typeSeparator)
	}
	return "entity"
}

// typeSeparator joins the types of an entity in the csv and graphml
// exports; a reader splits on it.
const typeSeparator = "; "

// names of the nodes values point at, sorted.
func namesOf(r resolver, vs []quad.Value) []string {
	var out []string
	for _, v := range vs {
		if s := r.name(quad.StringOf(v)); s != "" {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// articleURLs lists the URLs of a node's articles, sorted.
func articleURLs(r resolver, n *node) []string {
	var out []string
	for a := range n.articles {
		if u := r.url(a); u != "" {
			out = append(out, u)
			continue
		}
		out = append(out, strings.Trim(a, "<>"))
	}
	slices.Sort(out)
	return out
}

// label names a node for people.
func label(r resolver, n *node) string {
	switch kind(n) {
	case "article":
		return n.str(schema.Headline)
	case "event":
		return eventSummary(r, n)
	}
	return n.str(schema.Name)
}

func eventType(n *node) string {
	if t, ok := n.props[schema.EventType]; ok && len(t) > 0 {
		return strings.TrimPrefix(valueString(t[0]), schema.NS+"event/")
	}
	return ""
}

func eventSummary(r resolver, n *node) string {
	var b strings.Builder
	if n.str(schema.Negated) == "true" {
		b.WriteString("denied ")
	}
	b.WriteString(eventType(n))
	if a := namesOf(r, n.props[schema.Actor]); len(a) > 0 {
		b.WriteString(" by " + strings.Join(a, ", "))
	}
	if bs := namesOf(r, n.props[schema.AtBase]); len(bs) > 0 {
		b.WriteString(" at " + strings.Join(bs, ", "))
	}
	if c := namesOf(r, n.props[schema.InCountry]); len(c) > 0 {
		b.WriteString(" in " + strings.Join(c, ", "))
	}
	if d := n.str(schema.EventDate); d != "" {
		b.WriteString(", " + d)
	}
	return b.String()
}

// idOf is the last path segment of a newsgraph IRI (the UUID).
func idOf(v quad.Value) string {
	s := quad.StringOf(v)
	s = strings.Trim(s, "<>")
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func valueString(v quad.Value) string {
	switch v := v.(type) {
	case nil:
		return ""
	case quad.String:
		return string(v)
	case quad.IRI:
		return string(v)
	}
	// Booleans, numbers and dates: their plain value, not the N-Quads
	// spelling with a datatype.
	return fmt.Sprint(v.Native())
}
