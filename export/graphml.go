package export

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/schema"
)

// graphmlEdges are the relations drawn as edges, named as Gephi shows
// them. Classes, event types, literals and the linkedToEvent shortcuts are
// left out: they are attributes, not relations, and would turn a few
// nodes into hubs that hide the structure.
var graphmlEdges = []struct {
	pred quad.IRI
	name string
}{
	{schema.PublisherP, "publisher"},
	{schema.Mentions, "mentions"},
	{schema.ReportedIn, "reportedIn"},
	{schema.Actor, "actor"},
	{schema.AtBase, "base"},
	{schema.AtPlace, "place"},
	{schema.InCountry, "country"},
	{schema.ContainedInPlace, "containedInPlace"},
}

// graphmlKeys declares the attributes; Gephi reads "label" as the node
// and edge label and "weight" as the edge weight.
var graphmlKeys = []struct{ id, on, name, typ string }{
	{"label", "node", "label", "string"},
	{"type", "node", "type", "string"},
	{"event_type", "node", "event_type", "string"},
	{"date", "node", "date", "string"},
	{"country", "node", "country", "string"},
	{"url", "node", "url", "string"},
	{"negated", "node", "negated", "boolean"},
	{"articles", "node", "articles", "int"},
	{"latitude", "node", "latitude", "double"},
	{"longitude", "node", "longitude", "double"},
	{"elabel", "edge", "label", "string"},
	{"weight", "edge", "weight", "double"},
}

// writeGraphML writes articles, entities and events as nodes with a type
// and a label, and their relations as directed edges weighted by the
// number of articles that state them.
func writeGraphML(w io.Writer, m *model) error {
	bw := bufio.NewWriter(w)
	writeGraphMLHead(bw)
	shown := map[string]bool{}
	for _, key := range m.order {
		if writeGraphMLNode(bw, m, m.nodes[key]) {
			shown[key] = true
		}
	}
	e := 0
	for _, key := range m.order {
		if shown[key] {
			e = writeGraphMLEdges(bw, m.nodes[key], func(k string) bool { return shown[k] }, e)
		}
	}
	writeGraphMLTail(bw)
	return bw.Flush()
}

func writeGraphMLHead(bw *bufio.Writer) {
	bw.WriteString(xml.Header)
	bw.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range graphmlKeys {
		fmt.Fprintf(bw, "  <key id=%q for=%q attr.name=%q attr.type=%q/>\n", k.id, k.on, k.name, k.typ)
	}
	bw.WriteString(`  <graph id="newsgraph" edgedefault="directed">` + "\n")
}

func writeGraphMLTail(bw *bufio.Writer) {
	bw.WriteString("  </graph>\n</graphml>\n")
}

// writeGraphMLNode writes n as a node and reports whether it did: nodes
// of no kind (classes, event types) are left out, and so are edges to
// them.
func writeGraphMLNode(bw *bufio.Writer, r resolver, n *node) bool {
	kind := kind(n)
	if kind == "" {
		return false
	}
	var typ string
	switch kind {
	case "article":
		typ = "Article"
	case "event":
		typ = "Event"
	default:
		typ = entityType(n)
	}
	data := [][2]string{{"label", label(r, n)}, {"type", typ}}
	switch kind {
	case "event":
		data = append(data, [2]string{"event_type", eventType(n)}, [2]string{"date", n.str(schema.EventDate)},
			[2]string{"country", strings.Join(namesOf(r, n.props[schema.InCountry]), "; ")}, [2]string{"negated", n.str(schema.Negated)})
	case "article":
		data = append(data, [2]string{"date", datePart(n.str(schema.DatePublished))}, [2]string{"url", n.str(schema.URL)})
	default:
		data = append(data, [2]string{"country", strings.Join(namesOf(r, n.props[schema.ContainedInPlace]), "; ")},
			[2]string{"latitude", n.str(schema.Latitude)}, [2]string{"longitude", n.str(schema.Longitude)})
	}
	if kind != "article" {
		data = append(data, [2]string{"articles", strconv.Itoa(len(n.articles))})
	}
	fmt.Fprintf(bw, "    <node id=\"%s\">\n", xmlEscape(idKey(n.iri)))
	for _, d := range data {
		if d[1] == "" {
			continue
		}
		fmt.Fprintf(bw, "      <data key=%q>%s</data>\n", d[0], xmlEscape(d[1]))
	}
	bw.WriteString("    </node>\n")
	return true
}

// writeGraphMLEdges writes n's edges to shown nodes, numbering them from
// e, and returns the next number.
func writeGraphMLEdges(bw *bufio.Writer, n *node, shown func(key string) bool, e int) int {
	for _, ge := range graphmlEdges {
		objs := slices.Clone(n.props[ge.pred])
		slices.SortFunc(objs, func(a, b quad.Value) int { return strings.Compare(quad.StringOf(a), quad.StringOf(b)) })
		for _, o := range objs {
			if !shown(quad.StringOf(o)) {
				continue
			}
			weight := len(n.edgeLabels[string(ge.pred)+"\x00"+quad.StringOf(o)])
			fmt.Fprintf(bw, "    <edge id=\"e%d\" source=\"%s\" target=\"%s\">\n", e, xmlEscape(idKey(n.iri)), xmlEscape(idKey(o)))
			fmt.Fprintf(bw, "      <data key=\"elabel\">%s</data>\n      <data key=\"weight\">%d</data>\n    </edge>\n", ge.name, max(weight, 1))
			e++
		}
	}
	return e
}

// idKey is a node's GraphML id: its kind and UUID ("entity/…"), short
// enough to read and unique.
func idKey(v quad.Value) string {
	s := strings.TrimPrefix(strings.Trim(quad.StringOf(v), "<>"), schema.IDBase)
	return s
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func datePart(ts string) string {
	if len(ts) >= 10 {
		return ts[:10]
	}
	return ts
}
