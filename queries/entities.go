package queries

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

// ErrNoEntity means an entity argument matched no entity in the graph (the
// HTTP layer maps it to 404).
var ErrNoEntity = errors.New("no such entity")

// MaxListedSources caps the sources listed on a row backed by mentions
// (an entity can be mentioned in thousands of articles); such rows list the
// newest ones and still count all of them in Corroboration.
const MaxListedSources = 10

// entityTypes lists the entity types a user can look up, in the order
// their candidates are read. Date entities are left out: nobody asks for a
// profile of a date, and there are many of them.
var lookupTypes = []string{
	newsgraph.TypeBase, newsgraph.TypeCountry, newsgraph.TypePlace,
	newsgraph.TypeOrganisation, newsgraph.TypePublisher,
}

// Match qualities, best first.
const (
	matchName     = 4 // the canonical name, folded
	matchAlias    = 3 // an alias, folded
	matchPrefix   = 2 // a name or alias starts with the text
	matchContains = 1 // the text appears inside a name or alias, at word boundaries
)

// entityMatch is one entity an argument may mean.
type entityMatch struct {
	node  quad.Value
	name  string // canonical name
	typ   string // entity type
	via   string // the name or alias that matched
	score int
}

// nameEntry is one entity with every name it goes by.
type nameEntry struct {
	node   quad.Value
	name   string
	typ    string
	names  []string // canonical name first, then aliases
	folded []string
}

// fold normalises a name for comparison (schema.FoldName: the same
// function writes the name keys the lookups start from).
func fold(s string) string { return schema.FoldName(s) }

// isEntity reports whether node is an entity node newsgraph minted.
func isEntity(node quad.Value) bool {
	iri, ok := node.(quad.IRI)
	return ok && strings.HasPrefix(string(iri), schema.IDBase+"entity/")
}

// isEvent reports whether node is an event node.
func isEvent(node quad.Value) bool {
	iri, ok := node.(quad.IRI)
	return ok && strings.HasPrefix(string(iri), schema.IDBase+"event/")
}

// isArticle reports whether node is an article node (and named graph).
func isArticle(node quad.Value) bool {
	iri, ok := node.(quad.IRI)
	return ok && strings.HasPrefix(string(iri), schema.IDBase+"article/")
}

// typeOf reads an entity's type: its first rdf:type that names an entity
// type, without reading the node's other quads.
func (r *reader) typeOf(ctx context.Context, node quad.Value) (string, error) {
	key := "\x01entity type\x00" + quad.StringOf(node)
	v, ok := r.firsts[key]
	if !ok {
		var err error
		v, err = r.firstWhere(ctx, node, schema.Type, func(v quad.Value) bool {
			iri, ok := v.(quad.IRI)
			return ok && schema.EntityTypeOf(iri) != ""
		})
		if err != nil {
			return "", err
		}
		r.firsts[key] = v
	}
	if v == nil {
		return "", nil
	}
	return schema.EntityTypeOf(v.(quad.IRI)), nil
}

// entries reads every entity of the given types with its names. It walks
// the type index (object -> subject), which every backend indexes, rather
// than scanning all schema:name quads, which KV backends cannot find
// without a full scan. The result is cached on the reader.
func (r *reader) entries(ctx context.Context, types []string) ([]nameEntry, error) {
	var out []nameEntry
	for _, t := range types {
		if cached, ok := r.entryCache[t]; ok {
			out = append(out, cached...)
			continue
		}
		nodes, err := r.subjects(ctx, schema.Type, schema.ClassOf(t))
		if err != nil {
			return nil, err
		}
		var es []nameEntry
		for _, n := range nodes {
			if !isEntity(n) {
				continue
			}
			// Only the three name predicates are read, each through the
			// (subject, predicate) index: describing every entity read all
			// the facts that thousands of articles restate about a hot
			// one (pprof: describe 73% of search at 10k articles, bolt).
			p := props{}
			for _, pred := range []quad.IRI{schema.Name, schema.AlternateName, schema.Domain} {
				vs, err := r.all(ctx, n, pred)
				if err != nil {
					return nil, err
				}
				p[pred] = vs
			}
			es = append(es, newNameEntry(n, t, p))
		}
		r.entryCache[t] = es
		out = append(out, es...)
	}
	return out, nil
}

// newNameEntry lists the names of entity node of type t, described by p.
func newNameEntry(node quad.Value, t string, p props) nameEntry {
	e := nameEntry{node: node, name: p.str(schema.Name), typ: t}
	e.names = append(e.names, e.name)
	for _, a := range p[schema.AlternateName] {
		if s := valueString(a); s != "" && !slices.Contains(e.names, s) {
			e.names = append(e.names, s)
		}
	}
	for _, d := range p[schema.Domain] {
		if s := valueString(d); !slices.Contains(e.names, s) {
			e.names = append(e.names, s)
		}
	}
	for _, s := range e.names {
		e.folded = append(e.folded, fold(s))
	}
	return e
}

// matchEntities lists the entities text may name, best match first.
// Entity arguments accept the canonical name or any alias in any case
// ("al asad" finds Ain al-Asad Air Base through its alias "Al Asad Air
// Base"). types limits the candidates; empty means every lookup type.
func (r *reader) matchEntities(ctx context.Context, text string, types []string) ([]entityMatch, error) {
	return r.findEntities(ctx, text, types, false)
}

// findEntities is matchEntities with a choice of how loose a prefix may
// be: partial lets "asa" match "Asad" (for searching as one types), while
// resolving an argument needs whole words, so that "Iran" never resolves
// to "Iranian Navy".
func (r *reader) findEntities(ctx context.Context, text string, types []string, partial bool) ([]entityMatch, error) {
	q := fold(text)
	if q == "" {
		return nil, nil
	}
	prefix, inside := q+" ", " "+q+" "
	if partial {
		prefix, inside = q, " "+q
	}
	if len(types) == 0 {
		types = lookupTypes
	}
	es, err := r.entries(ctx, types)
	if err != nil {
		return nil, err
	}
	var out []entityMatch
	for _, e := range es {
		if best := e.match(q, prefix, inside); best.score > 0 {
			out = append(out, best)
		}
	}
	sortMatches(out)
	return out, nil
}

// match scores how well an entry's names match the folded text q.
func (e nameEntry) match(q, prefix, inside string) entityMatch {
	best := entityMatch{node: e.node, name: e.name, typ: e.typ}
	for i, f := range e.folded {
		score := 0
		switch {
		case f == q && i == 0:
			score = matchName
		case f == q:
			score = matchAlias
		case strings.HasPrefix(f, prefix):
			score = matchPrefix
		case strings.Contains(" "+f+" ", inside):
			score = matchContains
		}
		if score > best.score {
			best.score, best.via = score, e.names[i]
		}
	}
	return best
}

func sortMatches(ms []entityMatch) {
	slices.SortFunc(ms, func(a, b entityMatch) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Or(strings.Compare(a.name, b.name), strings.Compare(a.typ, b.typ))
	})
}

// bestEntities is bestMatches(matchEntities(text, types)) without reading
// every entity's names when it can: the entities whose name or alias
// folds to the text are found through their name keys (schema.NameKey),
// one object-index lookup. Every entity with a name or alias that folds to
// the text has that key, because the writer puts each key in the named
// graph of the name it folds. So when those candidates hold an exact
// match, they hold all the best matches, and the answer is the one
// matchEntities gives. Otherwise (only prefix or word matches, or a store written
// before the keys existed) it falls back to matchEntities. A store that
// keeps the name index answers from it instead (findIndexed).
func (r *reader) bestEntities(ctx context.Context, text string, types []string) ([]entityMatch, error) {
	q := fold(text)
	if q == "" {
		return nil, nil
	}
	if len(types) == 0 {
		types = lookupTypes
	}
	// The name index holds every candidate, and checks each through a
	// few of its facts, where describe below reads all of a hot one's.
	if ms, indexed, err := r.findIndexed(ctx, text, types, false); err != nil || indexed {
		return bestMatches(ms), err
	}
	var cands []quad.Value
	seen := map[string]bool{}
	nodes, err := r.subjects(ctx, schema.NameKey, quad.String(q))
	if err != nil {
		return nil, err
	}
	for _, n := range nodes {
		if k := nodeKey(n); isEntity(n) && !seen[k] {
			seen[k] = true
			cands = append(cands, n)
		}
	}
	var ms []entityMatch
	for _, n := range cands {
		p, err := r.describe(ctx, n)
		if err != nil {
			return nil, err
		}
		for _, t := range types {
			if !slices.Contains(p[schema.Type], quad.Value(schema.ClassOf(t))) {
				continue
			}
			if m := newNameEntry(n, t, p).match(q, q+" ", " "+q+" "); m.score >= matchAlias {
				ms = append(ms, m)
			}
		}
	}
	if len(ms) > 0 {
		sortMatches(ms)
		return bestMatches(ms), nil
	}
	ms, err = r.matchEntities(ctx, text, types)
	return bestMatches(ms), err
}

// bestMatches keeps the matches of the best quality only, one per node: a
// node with two types (an outlet that is cited in one article and
// publishes another is an Organisation and a Publisher) is one entity.
func bestMatches(ms []entityMatch) []entityMatch {
	if len(ms) == 0 {
		return nil
	}
	var out []entityMatch
	seen := map[string]bool{}
	for _, m := range ms {
		if m.score != ms[0].score {
			break
		}
		if k := nodeKey(m.node); !seen[k] {
			seen[k] = true
			out = append(out, m)
		}
	}
	return out
}

// resolveOne finds the one entity an argument names. It fails with
// ErrNoEntity when nothing matches, and with ErrBadArgument listing the
// candidates when the best matches are several different entities.
func (r *reader) resolveOne(ctx context.Context, param, text string, types []string) (entityMatch, error) {
	best, err := r.bestEntities(ctx, text, types)
	if err != nil {
		return entityMatch{}, err
	}
	switch len(best) {
	case 0:
		return entityMatch{}, fmt.Errorf("%w matches %s %q", ErrNoEntity, param, text)
	case 1:
		return best[0], nil
	}
	var names []string
	for _, m := range best {
		names = append(names, fmt.Sprintf("%s (%s)", m.name, m.typ))
	}
	return entityMatch{}, fmt.Errorf("%w: %s %q is ambiguous: it matches %s; give the full name",
		ErrBadArgument, param, text, strings.Join(names, ", "))
}

// articleSources returns the articles that mention node or are published
// by it, newest first, as sources.
func (r *reader) articleSources(ctx context.Context, node quad.Value) ([]Source, error) {
	var arts []quad.Value
	for _, pred := range []quad.IRI{schema.Mentions, schema.PublisherP} {
		as, err := r.subjects(ctx, pred, node)
		if err != nil {
			return nil, err
		}
		arts = append(arts, as...)
	}
	return r.sourcesOf(ctx, arts)
}

// sourcesOf describes articles as sources, de-duplicated, newest first.
func (r *reader) sourcesOf(ctx context.Context, articles []quad.Value) ([]Source, error) {
	var out []Source
	seen := map[string]bool{}
	for _, a := range articles {
		if !isArticle(a) || seen[quad.StringOf(a)] {
			continue
		}
		seen[quad.StringOf(a)] = true
		src, err := r.source(ctx, a)
		if err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	sortSources(out)
	return out, nil
}

// sortSources orders sources newest first, then by URL, so listings are
// stable.
func sortSources(srcs []Source) {
	slices.SortFunc(srcs, func(a, b Source) int {
		return cmp.Or(strings.Compare(b.Published, a.Published), strings.Compare(a.URL, b.URL), strings.Compare(a.Article, b.Article))
	})
}

// setSources puts sources on a row: all of them count towards
// Corroboration, at most MaxListedSources are listed.
func setSources(row *Row, srcs []Source) {
	row.Corroboration = len(srcs)
	if len(srcs) > MaxListedSources {
		srcs = srcs[:MaxListedSources]
	}
	row.Sources = srcs
	row.Values["articles"] = row.Corroboration
}

// statement is one quad about a node, with the articles that state it.
type statement struct {
	pred   quad.IRI
	object quad.Value
	labels []quad.Value
}

// statements reads every quad with node as subject, grouped by predicate
// and object, keeping the named graphs (articles) that state each one:
// those are the fact's sources.
func (r *reader) statements(ctx context.Context, node quad.Value) ([]statement, error) {
	ref, err := r.ref(node)
	if err != nil || ref == nil {
		return nil, err
	}
	it := r.qs.QuadIterator(quad.Subject, ref).Iterate()
	defer it.Close()
	var out []statement
	index := map[[2]any]int{}
	labels := map[[3]any]bool{}
	for it.Next(ctx) {
		pr, err := r.dir(it.Result(), quad.Predicate)
		if err != nil {
			return nil, err
		}
		o, err := r.dir(it.Result(), quad.Object)
		if err != nil {
			return nil, err
		}
		k := [2]any{refs.ToKey(pr), refs.ToKey(o)}
		i, ok := index[k]
		if !ok {
			pv, err := r.value(pr)
			if err != nil {
				return nil, err
			}
			ov, err := r.value(o)
			if err != nil {
				return nil, err
			}
			pred, _ := pv.(quad.IRI)
			i = len(out)
			index[k] = i
			out = append(out, statement{pred: pred, object: ov})
		}
		l, err := r.dir(it.Result(), quad.Label)
		if err != nil {
			return nil, err
		}
		lk := [3]any{k[0], k[1], refs.ToKey(l)}
		if lk[2] == nil || labels[lk] {
			continue
		}
		lv, err := r.value(l)
		if err != nil {
			return nil, err
		}
		if lv == nil {
			continue
		}
		labels[lk] = true
		out[i].labels = append(out[i].labels, lv)
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return out, r.gazetteerSources(ctx, node, out)
}

// isGazetteer reports whether label is a gazetteer's graph.
func isGazetteer(label quad.Value) bool {
	iri, ok := label.(quad.IRI)
	return ok && strings.HasPrefix(string(iri), schema.IDBase+"gazetteer/")
}

// gazetteerSources replaces a gazetteer graph among a node's statements'
// labels with the articles it stands for. What the gazetteer knows about
// an entity is stored once (schema.Split) for every article that names
// it, and a store of layout 1 had each of those articles state it: an
// entity's name and code were stated by every article that types the node
// (one that names the entity, or places something in the country, or
// reports an event there), its other facts (aliases, kind, country,
// coordinates, operators) by the articles that mention it or that it
// published. The sources are those articles, among the ones that use
// that gazetteer.
func (r *reader) gazetteerSources(ctx context.Context, node quad.Value, sts []statement) error {
	if !slices.ContainsFunc(sts, func(st statement) bool { return slices.ContainsFunc(st.labels, isGazetteer) }) {
		return nil
	}
	var typing labelSet
	for _, st := range sts {
		if st.pred == schema.Type {
			typing.add(st.labels...)
		}
	}
	var mentioning *labelSet
	users := map[string][]quad.Value{}
	for i, st := range sts {
		if !slices.ContainsFunc(st.labels, isGazetteer) {
			continue
		}
		stating, byMention := typing.list, false
		if st.pred != schema.Name && st.pred != schema.NameKey && st.pred != schema.CountryCode {
			if mentioning == nil {
				var err error
				if mentioning, err = r.mentioningArticles(ctx, node); err != nil {
					return err
				}
			}
			stating, byMention = mentioning.list, true
		}
		var labels labelSet
		for _, l := range st.labels {
			if !isGazetteer(l) {
				labels.add(l)
				continue
			}
			k := nodeKey(l) + "\x00" + strconv.FormatBool(byMention)
			us, ok := users[k]
			if !ok {
				var err error
				if us, err = r.gazetteerUsers(ctx, l, stating); err != nil {
					return err
				}
				users[k] = us
			}
			labels.add(us...)
		}
		sts[i].labels = labels.list
	}
	return nil
}

// mentioningArticles lists the articles that mention node or that it
// published: from the entity index when the store keeps it (one prefix
// scan, where the graph's object index costs one lookup per article),
// else from the graph.
func (r *reader) mentioningArticles(ctx context.Context, node quad.Value) (*labelSet, error) {
	out := &labelSet{}
	if r.store != nil {
		indexed, err := entityIndexed(ctx, r.store, node)
		if err != nil {
			return nil, err
		}
		if indexed {
			err := graph.EntityArticles(ctx, r.store, node.(quad.IRI), func(a graph.EntityArticle) bool {
				out.add(a.Article)
				return true
			})
			return out, err
		}
	}
	for _, pred := range []quad.IRI{schema.Mentions, schema.PublisherP} {
		as, err := r.subjects(ctx, pred, node)
		if err != nil {
			return nil, err
		}
		out.add(as...)
	}
	return out, nil
}

// gazetteerUsers keeps the articles that use the gazetteer graph g. With
// one gazetteer graph in the store (the usual case) that is every article
// that names a gazetteer entity; only while two gazetteers' facts coexist
// is each article's link read.
func (r *reader) gazetteerUsers(ctx context.Context, g quad.Value, articles []quad.Value) ([]quad.Value, error) {
	graphs, err := r.subjects(ctx, schema.Type, schema.ClassGazetteer)
	if err != nil {
		return nil, err
	}
	var out []quad.Value
	for _, a := range articles {
		if !isArticle(a) {
			continue
		}
		if len(graphs) > 1 {
			uses, err := r.all(ctx, a, schema.UsesGazetteer)
			if err != nil {
				return nil, err
			}
			if !slices.ContainsFunc(uses, func(u quad.Value) bool { return nodeKey(u) == nodeKey(g) }) {
				continue
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// statedBy returns the articles that state (subject, pred, object), given
// the graphs that hold it: a gazetteer graph stands for the articles that
// stated the fact before it was stored once (see gazetteerSources).
func (r *reader) statedBy(ctx context.Context, subject quad.Value, pred quad.IRI, object quad.Value, labels []quad.Value) ([]quad.Value, error) {
	if !slices.ContainsFunc(labels, isGazetteer) {
		return labels, nil
	}
	sts, err := r.statements(ctx, subject)
	if err != nil {
		return nil, err
	}
	for _, st := range sts {
		if st.pred == pred && nodeKey(st.object) == nodeKey(object) {
			return st.labels, nil
		}
	}
	return labels, nil
}

// labelSet is a list of labels without repeats, in the order added.
type labelSet struct {
	list []quad.Value
	seen map[string]bool
}

func (s *labelSet) add(ls ...quad.Value) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	for _, l := range ls {
		if k := nodeKey(l); !s.seen[k] {
			s.seen[k] = true
			s.list = append(s.list, l)
		}
	}
}

// eventsOf returns the events node takes part in, with the role it plays
// in each (actor, base, place, country).
func (r *reader) eventsOf(ctx context.Context, node quad.Value) ([]quad.Value, map[string][]string, error) {
	roles := map[string][]string{}
	var nodes []quad.Value
	for _, role := range []struct {
		pred quad.IRI
		name string
	}{{schema.Actor, "actor"}, {schema.AtBase, "base"}, {schema.AtPlace, "place"}, {schema.InCountry, "country"}} {
		evs, err := r.subjects(ctx, role.pred, node)
		if err != nil {
			return nil, nil, err
		}
		for _, ev := range evs {
			k := nodeKey(ev)
			if _, ok := roles[k]; !ok {
				nodes = append(nodes, ev)
			}
			if !slices.Contains(roles[k], role.name) {
				roles[k] = append(roles[k], role.name)
			}
		}
	}
	return nodes, roles, nil
}

// nodeKey is a node's map key.
func nodeKey(v quad.Value) string { return quad.StringOf(v) }

// nameOf reads a node's schema:name.
func (r *reader) nameOf(ctx context.Context, node quad.Value) (string, error) {
	return r.str(ctx, node, schema.Name)
}

// countryOf reads the name of the country a node is contained in.
func (r *reader) countryOf(ctx context.Context, node quad.Value) (string, error) {
	c, err := r.first(ctx, node, schema.ContainedInPlace)
	if err != nil || c == nil {
		return "", err
	}
	return r.nameOf(ctx, c)
}

// summary describes an event in one line, for profiles and paths.
func (ev *eventInfo) summary() string {
	var b strings.Builder
	if ev.negated {
		b.WriteString("denied ")
	}
	b.WriteString(ev.typ)
	if ev.actor != "" {
		b.WriteString(" by " + ev.actor)
	}
	if len(ev.bases) > 0 {
		b.WriteString(" at " + strings.Join(ev.bases, ", "))
	}
	if len(ev.places) > 0 {
		b.WriteString(" (" + strings.Join(ev.places, ", ") + ")")
	}
	if ev.country != "" {
		b.WriteString(" in " + ev.country)
	}
	if ev.date != "" {
		b.WriteString(", " + ev.date)
	}
	return b.String()
}

// negatedFilter applies the false|true|any convention of the negated
// parameter.
func negatedFilter(arg string, negated bool) bool {
	switch arg {
	case "true":
		return negated
	case "any":
		return true
	}
	return !negated
}

// typesParam turns a type argument into the lookup types it allows.
func typesParam(arg string) []string {
	if arg == "" {
		return nil
	}
	return []string{arg}
}

var entityTypeEnum = []string{"", newsgraph.TypeBase, newsgraph.TypeCountry, newsgraph.TypePlace, newsgraph.TypeOrganisation, newsgraph.TypePublisher}
