package schema

import (
	"cmp"
	"slices"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
)

// Provenance records which rules produced an article's graph.
type Provenance struct {
	// Extractor is the extractor's identity (extract.Pipeline.Identity):
	// digests of its rules, gazetteer contents and model data.
	Extractor string
}

// Quads turns an extraction into the quads of its article's named graph:
// every quad's label is the article's IRI, so replacing the article
// replaces exactly these. The output is sorted and free of duplicates, so
// the same extraction always yields byte-identical N-Quads.
func Quads(x newsgraph.Extraction, prov Provenance) []quad.Quad {
	label := ArticleIRI(x.Article.ID)
	var qs []quad.Quad
	add := func(s quad.Value, p quad.IRI, o quad.Value) {
		if o == nil {
			return
		}
		if str, ok := o.(quad.String); ok && str == "" {
			return
		}
		qs = append(qs, quad.Quad{Subject: s, Predicate: p, Object: o, Label: label})
	}
	str := func(s string) quad.Value {
		if s == "" {
			return nil
		}
		return quad.String(s)
	}
	// name and alias write an entity's names with their lookup keys.
	name := func(node quad.Value, n string) {
		add(node, Name, str(n))
		add(node, NameKey, str(FoldName(n)))
	}
	alias := func(node quad.Value, p quad.IRI, n string) {
		add(node, p, str(n))
		add(node, NameKey, str(FoldName(n)))
	}

	a := x.Article
	add(label, Type, ClassNewsArticle)
	add(label, Identifier, str(a.ID))
	add(label, URL, str(a.URL))
	add(label, Headline, str(a.Title))
	add(label, DatePublished, str(a.Published))
	add(label, InLanguage, str(a.Language))
	add(label, ContentHash, str(a.Hash))
	add(label, Extractor, str(prov.Extractor))
	for _, t := range a.Tags {
		add(label, Keywords, str(t))
	}

	// Entities by name, so events can point at their nodes.
	byName := map[string]quad.IRI{}
	countryByCode := map[string]quad.IRI{}
	for _, e := range x.Entities {
		node := EntityIRI(e.ID)
		if e.Type == newsgraph.TypePublisher {
			add(label, PublisherP, node)
		} else {
			add(label, Mentions, node)
		}
		add(node, Type, ClassOf(e.Type))
		name(node, e.Name)
		names := append(slices.Clone(e.Mentions), e.Aliases...)
		for _, n := range names {
			if n != e.Name {
				alias(node, AlternateName, n)
			}
		}
		add(node, Kind, str(e.Kind))
		add(node, CountryCode, str(e.Code))
		if e.Type == newsgraph.TypePublisher {
			for _, d := range e.Aliases {
				alias(node, Domain, d)
			}
		}
		if e.CountryCode != "" && e.Type != newsgraph.TypeCountry {
			c := CountryIRI(e.CountryCode)
			add(node, ContainedInPlace, c)
			add(c, Type, ClassCountry)
			name(c, e.Country)
			add(c, CountryCode, str(e.CountryCode))
		}
		for _, op := range e.Operators {
			add(node, Operator, str(op))
		}
		if e.Lat != nil && e.Lon != nil {
			add(node, Latitude, quad.Float(*e.Lat))
			add(node, Longitude, quad.Float(*e.Lon))
		}
		if e.Type != newsgraph.TypeDate {
			byName[e.Type+"\x00"+e.Name] = node
		}
		if e.Type == newsgraph.TypeCountry {
			byName["actor\x00"+e.Name] = node
			countryByCode[e.Code] = node
		}
		if e.Type == newsgraph.TypeOrganisation {
			byName["actor\x00"+e.Name] = node
		}
	}

	for _, ev := range x.Events {
		node := EventIRI(ev.ID)
		typ := EventTypeIRI(ev.Type)
		add(node, Type, ClassEvent)
		add(node, EventType, typ)
		add(typ, Name, str(ev.Type))
		add(node, ReportedIn, label)
		if n, ok := byName["actor\x00"+ev.Actor]; ok {
			add(node, Actor, n)
		} else if ev.ActorCountryCode != "" {
			c := CountryIRI(ev.ActorCountryCode)
			add(c, Type, ClassCountry)
			name(c, ev.Actor)
			add(c, CountryCode, str(ev.ActorCountryCode))
			add(node, Actor, c)
		}
		if n, ok := byName["actor\x00"+ev.ActorOrganisation]; ok && ev.ActorOrganisation != "" {
			add(node, ActorOrganisation, n)
		}
		link := LinkedToEvent
		if ev.Negated {
			link = LinkedToNegatedEvent
		}
		for _, b := range ev.Bases {
			n, ok := byName[newsgraph.TypeBase+"\x00"+b]
			if !ok {
				n = EntityIRI(EntityID(newsgraph.TypeBase, b))
			}
			add(node, AtBase, n)
			add(n, link, typ)
		}
		for _, p := range ev.Places {
			if n, ok := byName[newsgraph.TypePlace+"\x00"+p]; ok {
				add(node, AtPlace, n)
			}
		}
		if ev.CountryCode != "" {
			c, ok := countryByCode[ev.CountryCode]
			if !ok {
				c = CountryIRI(ev.CountryCode)
				add(c, Type, ClassCountry)
				name(c, ev.Country)
				add(c, CountryCode, str(ev.CountryCode))
			}
			add(node, InCountry, c)
		}
		add(node, EventDate, str(ev.Date))
		add(node, Negated, quad.Bool(ev.Negated))
		add(node, Status, str(ev.Status))
		add(node, Trigger, str(ev.Trigger))
		add(node, Evidence, str(ev.Evidence))
		add(node, Sentence, quad.Int(ev.Sentence))
		add(node, SpanStart, quad.Int(ev.Span.Start))
		add(node, SpanEnd, quad.Int(ev.Span.End))
	}
	qs = append(qs, indexQuads(qs)...)
	return sortUnique(qs)
}

// CountryIRI is the node of a country by ISO code.
func CountryIRI(code string) quad.IRI {
	return EntityIRI(EntityID(newsgraph.TypeCountry, code))
}

func sortUnique(qs []quad.Quad) []quad.Quad {
	// Each quad's sort key is built once: building it inside the
	// comparison allocated three strings per comparison and made this
	// sort most of the cost of Quads.
	type keyed struct {
		key string
		q   quad.Quad
	}
	ks := make([]keyed, len(qs))
	for i, q := range qs {
		ks[i] = keyed{key: quad.StringOf(q.Subject) + " " + quad.StringOf(q.Predicate) + " " + quad.StringOf(q.Object), q: q}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return cmp.Compare(a.key, b.key) })
	ks = slices.CompactFunc(ks, func(a, b keyed) bool { return a.key == b.key })
	out := qs[:len(ks)]
	for i, k := range ks {
		out[i] = k.q
	}
	return out
}
