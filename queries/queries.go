// Package queries owns the named questions newsgraph answers: a registry of
// query modules, each with a name, a description, typed parameters with
// defaults and a Run function over the store. Rows always carry their
// sources (article URL, publisher, date, evidence sentence) and a
// corroboration count. The command line and the HTTP API both dispatch
// through this registry, so parameters have the same names everywhere.
//
// One file per module (bases and events, countries, timeline, entity,
// sources, related, path, search, stats); entities.go resolves entity
// arguments by any name or alias; filters.go holds the filters events and
// bases share; ask.go turns questions in plain English into named queries,
// read with the extractor's recognisers.
package queries

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

// Param is one typed parameter of a module.
type Param struct {
	Name    string   `json:"name"`
	Doc     string   `json:"doc"`
	Kind    string   `json:"kind"` // string, bool, int, date
	Default string   `json:"default,omitempty"`
	Enum    []string `json:"enum,omitempty"`
	// Required parameters must be given a non-empty value.
	Required bool `json:"required,omitempty"`
	// Min and Max bound an int parameter (nil: no bound), so a value out
	// of range is refused rather than silently clamped.
	Min *int `json:"minimum,omitempty"`
	Max *int `json:"maximum,omitempty"`
	// Aliases are former names of the parameter, still accepted (with a
	// note saying the new spelling) so that saved commands, notebooks and
	// URLs keep working.
	Aliases []Alias `json:"-"`
}

// Alias is a former name of a parameter.
type Alias struct {
	Name string
	// Kind is the alias's own kind when it differs from the parameter's
	// (include-negated was a bool; negated is false, true or any).
	Kind string
	// Values maps the alias's values to the parameter's; nil keeps them.
	// A value missing from the map is refused.
	Values map[string]string
}

// intp returns a pointer to n, for Param bounds.
func intp(n int) *int { return &n }

// Args are parameter values by name, as strings from flags or a URL query.
type Args map[string]string

// Bool reads a bool argument.
func (a Args) Bool(name string) bool {
	b, _ := strconv.ParseBool(a[name])
	return b
}

// Int reads an int argument, with a default.
func (a Args) Int(name string, def int) int {
	if n, err := strconv.Atoi(a[name]); err == nil {
		return n
	}
	return def
}

// Source is one article that supports a row.
type Source struct {
	Article   string `json:"article"`
	URL       string `json:"url"`
	Title     string `json:"title,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	Published string `json:"published,omitempty"`
	Evidence  string `json:"evidence,omitempty"`
}

// Row is one answer row: named values plus the sources behind it.
type Row struct {
	Values        map[string]any `json:"values"`
	Sources       []Source       `json:"sources,omitempty"`
	Corroboration int            `json:"corroboration"`
}

// Result is a module's answer.
type Result struct {
	Query   string   `json:"query"`
	Args    Args     `json:"args"`
	Columns []string `json:"columns"`
	Rows    []Row    `json:"rows"`
	// Notes explain an answer that needs it (why a path search found
	// nothing, which entity an argument resolved to).
	Notes []string `json:"notes,omitempty"`
	// Truncated says rows were cut to a result limit (see Truncate).
	Truncated bool `json:"truncated,omitempty"`
	// Total is how many rows the query matched; Rows holds the page of
	// them from Offset, at most Limit. NextOffset is the offset of the
	// next page, 0 when this page is the last.
	Total      int `json:"total"`
	Offset     int `json:"offset"`
	Limit      int `json:"limit"`
	NextOffset int `json:"next_offset,omitempty"`
}

// Truncate keeps the first n rows (n <= 0 keeps all) and records that the
// result was cut.
func (r *Result) Truncate(n int) {
	if n > 0 && len(r.Rows) > n {
		r.Rows = r.Rows[:n]
		r.Truncated = true
		if r.Total > 0 {
			r.NextOffset = r.Offset + n
		}
	}
}

// Module is one named query.
type Module struct {
	Name   string
	Doc    string
	Params []Param
	Run    func(ctx context.Context, s *graph.Store, args Args) (*Result, error)
	// PageSize is the rows of a page when the caller names no limit
	// (0: DefaultPageSize). Register adds the limit and offset
	// parameters to every module.
	PageSize int
	// Pages says Run answers only the page its limit and offset ask for
	// and sets Result.Total itself; otherwise Run returns every row and
	// the page is cut from them.
	Pages bool
}

var registry = struct {
	sync.RWMutex
	m map[string]Module
}{m: map[string]Module{}}

// Register adds a module; duplicates are a programming error.
func Register(m Module) {
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.m[m.Name]; dup {
		panic("queries: module registered twice: " + m.Name)
	}
	registry.m[m.Name] = withPageParams(m)
}

// Lookup finds a module by name.
func Lookup(name string) (Module, bool) {
	registry.RLock()
	defer registry.RUnlock()
	m, ok := registry.m[name]
	return m, ok
}

// Modules lists the registered modules by name.
func Modules() []Module {
	registry.RLock()
	defer registry.RUnlock()
	out := make([]Module, 0, len(registry.m))
	for _, m := range registry.m {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Module) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Run validates args against the module's parameters, fills defaults and
// runs it.
func Run(ctx context.Context, s *graph.Store, name string, args Args) (*Result, error) {
	m, ok := Lookup(name)
	if !ok {
		names := make([]string, 0)
		for _, m := range Modules() {
			names = append(names, m.Name)
		}
		return nil, fmt.Errorf("%w %q (known: %s)", ErrUnknownQuery, name, strings.Join(names, ", "))
	}
	args, notes, err := Normalize(m, args)
	if err != nil {
		return nil, err
	}
	full := Args{}
	for _, p := range m.Params {
		v, given := args[p.Name]
		if !given {
			v = p.Default
		}
		if p.Required && strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("%w: query %s needs parameter %q (%s)", ErrBadArgument, name, p.Name, p.Doc)
		}
		if err := checkParam(p, v); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrBadArgument, p.Name, err)
		}
		full[p.Name] = v
	}
	for k := range args {
		if !slices.ContainsFunc(m.Params, func(p Param) bool { return p.Name == k }) {
			return nil, fmt.Errorf("%w: query %s has no parameter %q", ErrBadArgument, name, k)
		}
	}
	// One snapshot for the whole query: an article replaced meanwhile is
	// seen in one version, never half of each.
	var res *Result
	err = s.View(ctx, func(snap *graph.Store) error {
		var err error
		res, err = m.Run(ctx, snap, full)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", name, err)
	}
	res.Query, res.Args = name, full
	res.Notes = append(notes, res.Notes...)
	offset, limit := PageArgs(full)
	if m.Pages {
		res.setPage(offset, limit, res.Total)
	} else {
		res.cutPage(offset, limit)
	}
	if res.Rows == nil {
		// An empty page is an empty list, whichever path answered.
		res.Rows = []Row{}
	}
	return res, nil
}

// Normalize renames the deprecated aliases in args to their parameters'
// names and values. The notes say what was renamed, so the caller learns
// the current spelling. When a name and its former name are both given,
// the name wins and the former one is dropped with a note: a notebook
// saved with the former name and then edited in a form that shows only
// the current one sends both, and the form's value is the user's latest.
func Normalize(m Module, args Args) (Args, []string, error) {
	var out Args
	var notes []string
	for _, p := range m.Params {
		for _, al := range p.Aliases {
			v, given := args[al.Name]
			if !given {
				continue
			}
			if out == nil {
				out = maps.Clone(args)
			}
			if _, both := args[p.Name]; both {
				delete(out, al.Name)
				notes = append(notes, fmt.Sprintf("%s=%s ignored: it is the former name of %s, which was given", al.Name, v, p.Name))
				continue
			}
			nv := v
			if al.Values != nil {
				var ok bool
				if nv, ok = al.Values[v]; !ok {
					return nil, nil, fmt.Errorf("%w: %s: %q is not one of %s", ErrBadArgument, al.Name, v, strings.Join(sortedMapKeys(al.Values), ", "))
				}
			}
			delete(out, al.Name)
			out[p.Name] = nv
			notes = append(notes, fmt.Sprintf("%s is deprecated: it was read as %s=%s", al.Name, p.Name, nv))
		}
	}
	if out == nil {
		return args, nil, nil
	}
	return out, notes, nil
}

func sortedMapKeys(m map[string]string) []string {
	keys := slices.Collect(maps.Keys(m))
	keys = slices.DeleteFunc(keys, func(k string) bool { return k == "" })
	slices.Sort(keys)
	return keys
}

// Check tells whether v is a valid value of p (empty always is: it means
// the default), so the command line can refuse a bad flag by name before
// opening a store.
func (p Param) Check(v string) error { return checkParam(p, v) }

func checkParam(p Param, v string) error {
	if v == "" {
		return nil
	}
	if len(p.Enum) > 0 && !slices.Contains(p.Enum, v) {
		return fmt.Errorf("%q is not one of %s", v, strings.Join(p.Enum, ", "))
	}
	switch p.Kind {
	case "bool":
		if _, err := strconv.ParseBool(v); err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
	case "int":
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("%q is not a number", v)
		}
		if p.Min != nil && n < *p.Min || p.Max != nil && n > *p.Max {
			return fmt.Errorf("%d is out of range (%s)", n, p.RangeDoc())
		}
	case "date":
		if !IsDate(v) {
			return fmt.Errorf("%q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", v)
		}
	}
	return nil
}

// RangeDoc says an int parameter's bounds in words ("1 to 6", "at least
// 0"); empty when it has none.
func (p Param) RangeDoc() string {
	switch {
	case p.Min != nil && p.Max != nil:
		return fmt.Sprintf("%d to %d", *p.Min, *p.Max)
	case p.Min != nil:
		return fmt.Sprintf("at least %d", *p.Min)
	case p.Max != nil:
		return fmt.Sprintf("at most %d", *p.Max)
	}
	return ""
}

// IsDate reports whether v is a calendar date as precise as the
// parameter allows: YYYY, YYYY-MM or YYYY-MM-DD, with a month and day
// that exist ("2025-13-45" and "2025-02-30" are not dates).
func IsDate(v string) bool {
	if !isPartialDate(v) {
		return false
	}
	layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(v)]
	_, err := time.Parse(layout, v)
	return err == nil
}

func isPartialDate(v string) bool {
	for _, layout := range []string{"2006", "2006-01", "2006-01-02"} {
		if len(v) == len(layout) {
			ok := true
			for i, c := range v {
				if layout[i] == '-' {
					ok = ok && c == '-'
				} else {
					ok = ok && c >= '0' && c <= '9'
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// Errors callers branch on (the HTTP layer maps them to 404 and 400).
var (
	ErrUnknownQuery = fmt.Errorf("unknown query")
	ErrBadArgument  = fmt.Errorf("bad argument")
)

// reader reads node properties from the store. It works on Cayley's
// references wherever it can: a quad's predicate and object are compared
// and de-duplicated by reference, and a value is read (one KV get and a
// protobuf decode, or one SQL round trip) once per reference per query.
// Reading each quad whole (Quad) costs four value reads, and a hot entity
// is the subject of the same few facts restated by thousands of articles,
// so that was most of the time of every query (pprof: QuadStore.Quad 64% of
// the bolt query profile at 1,000 articles).
//
// The caches live as long as one query, which reads one snapshot
// (Store.View): no writer can change what they describe.
type reader struct {
	qs    cgraph.QuadStore
	cache map[string]props
	// entryCache holds the entities of each type with their names, read
	// once per query by entries.
	entryCache map[string][]nameEntry
	// refs and values map values to references and back.
	refs   map[string]cgraph.Ref
	values map[any]quad.Value
	// subjectsOf holds the answers of subjects: the bases query asks for
	// the events of a base once per event type the base is linked to.
	subjectsOf map[string][]quad.Value
	// firsts holds the answers of first: on bolt each costs a batch of
	// 100 quad reads from the index, and the same actor or country is
	// asked for by every event that names it.
	firsts map[string]quad.Value
	// sources holds each article's Source (without evidence).
	sources map[string]Source
	// store is the snapshot read, for its side indexes; evIx is its
	// events index once looked up (see reader.eventIndex).
	store *graph.Store
	evIx  *eventIndex
	// entityIx is whether the store keeps the entity index, once looked
	// up (see entityIndexKept).
	entityIx *bool
}

// props are a node's outgoing edges by predicate, de-duplicated across the
// named graphs that state them, with the graphs (article labels) of each.
type props map[quad.IRI][]quad.Value

func newReader(s *graph.Store) *reader {
	return &reader{
		qs: s.QuadStore(), store: s, cache: map[string]props{}, entryCache: map[string][]nameEntry{},
		refs: map[string]cgraph.Ref{}, values: map[any]quad.Value{}, subjectsOf: map[string][]quad.Value{},
		firsts: map[string]quad.Value{}, sources: map[string]Source{},
	}
}

// ref returns the store's reference of a value, or nil when no quad uses
// it.
func (r *reader) ref(v quad.Value) (cgraph.Ref, error) {
	k := quad.StringOf(v)
	if ref, ok := r.refs[k]; ok {
		return ref, nil
	}
	ref, err := r.qs.ValueOf(v)
	if err != nil {
		return nil, err
	}
	r.refs[k] = ref
	if ref != nil {
		r.values[refs.ToKey(ref)] = v
	}
	return ref, nil
}

// value returns the value a reference stands for.
func (r *reader) value(ref cgraph.Ref) (quad.Value, error) {
	if ref == nil {
		return nil, nil
	}
	k := refs.ToKey(ref)
	if k == nil {
		return nil, nil
	}
	if v, ok := r.values[k]; ok {
		return v, nil
	}
	v, err := r.qs.NameOf(ref)
	if err != nil {
		return nil, err
	}
	r.values[k] = v
	return v, nil
}

// dir returns one direction of the quad an iterator points at, as a
// reference (free on every backend: the quad's references are in hand).
func (r *reader) dir(q cgraph.Ref, d quad.Direction) (cgraph.Ref, error) {
	return r.qs.QuadDirection(q, d)
}

func (r *reader) describe(ctx context.Context, node quad.Value) (props, error) {
	key := quad.StringOf(node)
	if p, ok := r.cache[key]; ok {
		return p, nil
	}
	p := props{}
	ref, err := r.ref(node)
	if err != nil {
		return nil, err
	}
	if ref != nil {
		it := r.qs.QuadIterator(quad.Subject, ref).Iterate()
		seen := map[[2]any]bool{}
		for it.Next(ctx) {
			pr, err := r.dir(it.Result(), quad.Predicate)
			if err != nil {
				it.Close()
				return nil, err
			}
			o, err := r.dir(it.Result(), quad.Object)
			if err != nil {
				it.Close()
				return nil, err
			}
			k := [2]any{refs.ToKey(pr), refs.ToKey(o)}
			if seen[k] {
				continue
			}
			seen[k] = true
			pv, err := r.value(pr)
			if err != nil {
				it.Close()
				return nil, err
			}
			ov, err := r.value(o)
			if err != nil {
				it.Close()
				return nil, err
			}
			pred, _ := pv.(quad.IRI)
			p[pred] = append(p[pred], ov)
		}
		err := it.Err()
		it.Close()
		if err != nil {
			return nil, err
		}
	}
	r.cache[key] = p
	return p, nil
}

// firstWhere returns the first object of (node, pred) that ok accepts (nil
// accepts any), in the order describe reads a node's quads, so
// describe(node)'s answer and this one agree. Unlike describe it reads
// only quads with that predicate, and stops at the first match: a
// country, a publisher or a hot base is the subject of the same facts
// restated by every article that mentions it, and most questions need
// only its name.
func (r *reader) firstWhere(ctx context.Context, node quad.Value, pred quad.IRI, ok func(quad.Value) bool) (quad.Value, error) {
	if p, cached := r.cache[quad.StringOf(node)]; cached {
		for _, v := range p[pred] {
			if ok == nil || ok(v) {
				return v, nil
			}
		}
		return nil, nil
	}
	var found quad.Value
	err := r.scan(ctx, node, quad.Subject, pred, quad.Object, func(o cgraph.Ref) (bool, error) {
		v, err := r.value(o)
		if err != nil {
			return false, err
		}
		if ok == nil || ok(v) {
			found = v
			return false, nil
		}
		return true, nil
	})
	return found, err
}

// all is describe(node)[pred]: every distinct object of (node, pred), in
// describe's order, reading only the quads with that predicate.
func (r *reader) all(ctx context.Context, node quad.Value, pred quad.IRI) ([]quad.Value, error) {
	if p, cached := r.cache[quad.StringOf(node)]; cached {
		return p[pred], nil
	}
	return r.linked(ctx, node, quad.Subject, pred, quad.Object)
}

// first is the first object of (node, pred): describe(node).first(pred).
func (r *reader) first(ctx context.Context, node quad.Value, pred quad.IRI) (quad.Value, error) {
	key := string(pred) + "\x00" + quad.StringOf(node)
	if v, ok := r.firsts[key]; ok {
		return v, nil
	}
	if pred == schema.Name {
		if name, ok, err := r.indexedName(ctx, node); err != nil || ok {
			if ok {
				r.firsts[key] = name
			}
			return name, err
		}
	}
	v, err := r.firstWhere(ctx, node, pred, nil)
	if err != nil {
		return nil, err
	}
	r.firsts[key] = v
	return v, nil
}

// str is describe(node).str(pred).
func (r *reader) str(ctx context.Context, node quad.Value, pred quad.IRI) (string, error) {
	v, err := r.first(ctx, node, pred)
	return valueString(v), err
}

// subjects returns the subjects of quads (?, pred, object).
func (r *reader) subjects(ctx context.Context, pred quad.IRI, object quad.Value) ([]quad.Value, error) {
	key := string(pred) + "\x00" + quad.StringOf(object)
	if out, ok := r.subjectsOf[key]; ok {
		return out, nil
	}
	out, err := r.readSubjects(ctx, pred, object)
	if err != nil {
		return nil, err
	}
	// Clipped, so a caller's append copies instead of writing into the
	// memo.
	out = slices.Clip(out)
	r.subjectsOf[key] = out
	return out, nil
}

func (r *reader) readSubjects(ctx context.Context, pred quad.IRI, object quad.Value) ([]quad.Value, error) {
	return r.linked(ctx, object, quad.Object, pred, quad.Subject)
}

// linked returns the distinct values at direction want of the quads that
// have node at direction at and predicate pred, in the store's order,
// reading only those quads: the objects of (node, pred, ?) or the
// subjects of (?, pred, node).
func (r *reader) linked(ctx context.Context, node quad.Value, at quad.Direction, pred quad.IRI, want quad.Direction) ([]quad.Value, error) {
	var out []quad.Value
	seen := map[any]bool{}
	err := r.scan(ctx, node, at, pred, want, func(end cgraph.Ref) (bool, error) {
		k := refs.ToKey(end)
		if seen[k] {
			return true, nil
		}
		seen[k] = true
		v, err := r.value(end)
		if err != nil {
			return false, err
		}
		// The reference is in hand: asking the store for it again (ref)
		// would cost a lookup.
		if vk := quad.StringOf(v); r.refs[vk] == nil {
			r.refs[vk] = end
		}
		out = append(out, v)
		return true, nil
	})
	return out, err
}

// subjectKeys returns the reference keys of the subjects of (?, pred,
// object), without reading their values: a set to test nodes against by
// reference (see refKey).
func (r *reader) subjectKeys(ctx context.Context, pred quad.IRI, object quad.Value) (map[any]bool, error) {
	out := map[any]bool{}
	err := r.scan(ctx, object, quad.Object, pred, quad.Subject, func(s cgraph.Ref) (bool, error) {
		out[refs.ToKey(s)] = true
		return true, nil
	})
	return out, err
}

// scan calls fn with the reference at direction want of each quad that
// has node at direction at and predicate pred, in the store's order,
// until fn returns false. It reads only those quads (graph.QuadsWith),
// and compares predicates by reference.
func (r *reader) scan(ctx context.Context, node quad.Value, at quad.Direction, pred quad.IRI, want quad.Direction, fn func(cgraph.Ref) (bool, error)) error {
	ref, err := r.ref(node)
	if err != nil || ref == nil {
		return err
	}
	return r.scanRef(ctx, ref, at, pred, want, fn)
}

// scanRef is scan from a node's reference.
func (r *reader) scanRef(ctx context.Context, ref cgraph.Ref, at quad.Direction, pred quad.IRI, want quad.Direction, fn func(cgraph.Ref) (bool, error)) error {
	pref, err := r.ref(pred)
	if err != nil || pref == nil {
		return err
	}
	pkey := refs.ToKey(pref)
	it := graph.QuadsWith(ctx, r.qs, at, ref, pref)
	defer it.Close()
	for it.Next(ctx) {
		p, err := r.dir(it.Result(), quad.Predicate)
		if err != nil {
			return err
		}
		if refs.ToKey(p) != pkey {
			continue
		}
		end, err := r.dir(it.Result(), want)
		if err != nil {
			return err
		}
		more, err := fn(end)
		if err != nil || !more {
			return err
		}
	}
	return it.Err()
}

// refKey is the reference key of a node, as subjectKeys holds them.
func (r *reader) refKey(v quad.Value) (any, error) {
	ref, err := r.ref(v)
	if err != nil || ref == nil {
		return nil, err
	}
	return refs.ToKey(ref), nil
}

func (p props) str(pred quad.IRI) string {
	for _, v := range p[pred] {
		return valueString(v)
	}
	return ""
}

func (p props) first(pred quad.IRI) quad.Value {
	if vs := p[pred]; len(vs) > 0 {
		return vs[0]
	}
	return nil
}

func valueString(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.IRI:
		return string(v)
	case nil:
		return ""
	}
	return fmt.Sprint(v.Native())
}

func sortRows(rows []Row, keys ...string) {
	sort.SliceStable(rows, func(i, j int) bool {
		for _, k := range keys {
			a, b := fmt.Sprint(rows[i].Values[k]), fmt.Sprint(rows[j].Values[k])
			if a != b {
				return a < b
			}
		}
		return false
	})
}
