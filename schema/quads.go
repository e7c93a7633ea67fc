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
	// Gazetteer is the content digest of the gazetteer the extractor
	// used (gazetteer.Gazetteer.Digest). With it, Split puts what the
	// gazetteer knows about the article's entities in that gazetteer's
	// graph (GazetteerIRI) instead of the article's; empty keeps every
	// fact in the article's graph (layout 1).
	Gazetteer string
}

// Graphs are an extraction's quads by the named graph they belong to.
type Graphs struct {
	// Article is the article's named graph: what the article says.
	Article []quad.Quad
	// Gazetteer is what the gazetteer knows about the entities the
	// article names by their entry's own name (names, aliases and their
	// name keys, kind, codes, country, operators, coordinates), labelled
	// with the gazetteer's graph. Every article naming an entity yields
	// the same quads, so a writer adds those the graph lacks and never
	// removes them with the article.
	Gazetteer []quad.Quad
}

// Quads turns an extraction into the quads of its article's named graph
// alone: Split's Article, which with an empty prov.Gazetteer holds every
// fact (layout 1).
func Quads(x newsgraph.Extraction, prov Provenance) []quad.Quad {
	return Split(x, prov).Article
}

// Split turns an extraction into the quads of its article's named graph
// and, when prov names the gazetteer, those of the gazetteer's graph: the
// article's graph keeps what the article says (that it mentions an entity
// and its type, the names it used that the gazetteer lacks, events,
// evidence, the facts of entities no gazetteer entry states). Every quad
// of Article is labelled with the article's IRI, so replacing the article
// replaces exactly these. Both lists are sorted and free of duplicates,
// so the same extraction always yields byte-identical N-Quads.
func Split(x newsgraph.Extraction, prov Provenance) Graphs {
	label := ArticleIRI(x.Article.ID)
	var gazLabel quad.IRI
	if prov.Gazetteer != "" {
		gazLabel = GazetteerIRI(prov.Gazetteer)
	}
	var qs, gq []quad.Quad
	keep := func(o quad.Value) bool {
		if o == nil {
			return false
		}
		str, ok := o.(quad.String)
		return !ok || str != ""
	}
	add := func(s quad.Value, p quad.IRI, o quad.Value) {
		if keep(o) {
			qs = append(qs, quad.Quad{Subject: s, Predicate: p, Object: o, Label: label})
		}
	}
	// known states a fact of a gazetteer entity: in the gazetteer's graph
	// when there is one, else in the article's.
	known := func(fromGazetteer bool) func(s quad.Value, p quad.IRI, o quad.Value) {
		if !fromGazetteer || gazLabel == "" {
			return add
		}
		return func(s quad.Value, p quad.IRI, o quad.Value) {
			if keep(o) {
				gq = append(gq, quad.Quad{Subject: s, Predicate: p, Object: o, Label: gazLabel})
			}
		}
	}
	str := func(s string) quad.Value {
		if s == "" {
			return nil
		}
		return quad.String(s)
	}
	// name and alias write an entity's names. Lookups by folded name
	// read the writer's name index (graph.NameIndex), not name key quads.
	name := func(add func(quad.Value, quad.IRI, quad.Value), node quad.Value, n string) {
		add(node, Name, str(n))
	}
	alias := func(add func(quad.Value, quad.IRI, quad.Value), node quad.Value, p quad.IRI, n string) {
		add(node, p, str(n))
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
		fact := known(e.Gazetteer)
		name(fact, node, e.Name)
		// The names the article used that the gazetteer does not give
		// stay with the article.
		given := map[string]bool{e.Name: true}
		if e.Gazetteer && gazLabel != "" {
			for _, n := range e.Aliases {
				given[n] = true
			}
		}
		for _, n := range e.Aliases {
			if n != e.Name {
				alias(fact, node, AlternateName, n)
			}
		}
		for _, n := range e.Mentions {
			if given[n] {
				continue
			}
			add(node, AlternateName, str(n))
		}
		fact(node, Kind, str(e.Kind))
		fact(node, CountryCode, str(e.Code))
		if e.Type == newsgraph.TypePublisher {
			for _, d := range e.Aliases {
				alias(fact, node, Domain, d)
			}
		}
		if e.CountryCode != "" && e.Type != newsgraph.TypeCountry {
			c := CountryIRI(e.CountryCode)
			fact(node, ContainedInPlace, c)
			// The type says which articles place something in the
			// country: it stays with them.
			add(c, Type, ClassCountry)
			country := known(e.Gazetteer || e.GazetteerCountry)
			name(country, c, e.Country)
			country(c, CountryCode, str(e.CountryCode))
		}
		for _, op := range e.Operators {
			fact(node, Operator, str(op))
		}
		if e.Lat != nil && e.Lon != nil {
			fact(node, Latitude, quad.Float(*e.Lat))
			fact(node, Longitude, quad.Float(*e.Lon))
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
			name(known(ev.GazetteerActor), c, ev.Actor)
			known(ev.GazetteerActor)(c, CountryCode, str(ev.ActorCountryCode))
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
				name(known(ev.GazetteerCountry), c, ev.Country)
				known(ev.GazetteerCountry)(c, CountryCode, str(ev.CountryCode))
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
	if len(gq) > 0 {
		add(label, UsesGazetteer, gazLabel)
		gq = append(gq,
			quad.Quad{Subject: gazLabel, Predicate: Type, Object: ClassGazetteer, Label: gazLabel},
			quad.Quad{Subject: gazLabel, Predicate: ContentHash, Object: quad.String(prov.Gazetteer), Label: gazLabel})
	}
	return Graphs{Article: sortUnique(qs), Gazetteer: sortUnique(gq)}
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
