package queries

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/schema"
)

// The filters below are shared by the events and bases queries (one name
// per filter in both): each is resolved once per query into sets of
// names or article identifiers, and then applied to every event the
// query reads (eventFilter.keep), so a query's own walk stays as it is.

// Names of the shared filters.
const (
	filterActor         = "actor"
	filterHostCountry   = "host-country"
	filterOperator      = "operator"
	filterPublishedFrom = "published-from"
	filterPublishedTo   = "published-to"
	filterIngestedSince = "ingested-since"
	// LastRefresh is the ingested-since value meaning "since the start of
	// the last recorded refresh run".
	LastRefresh = "last-refresh"
)

// eventFilterParams are the filters events and bases both take beyond
// their own; forEvents adds the ones the bases query answers by its base
// (bases has country = host country and operator already).
func eventFilterParams(forEvents bool) []Param {
	ps := []Param{
		{Name: filterPublishedFrom, Kind: "date", Doc: "events reported by articles published on or after this date"},
		{Name: filterPublishedTo, Kind: "date", Doc: "events reported by articles published on or before this date"},
		{Name: filterIngestedSince, Kind: "string", Doc: "events of articles first stored on or after this date (YYYY, YYYY-MM or YYYY-MM-DD), or " + LastRefresh + ": since the last refresh run began"},
	}
	if forEvents {
		return append(ps,
			Param{Name: filterHostCountry, Kind: "string", Doc: "country of the base the event involves (name or alias)"},
			Param{Name: filterOperator, Kind: "string", Doc: "who operates the base the event involves (name or alias)"},
		)
	}
	return append(ps, Param{Name: filterActor, Kind: "string", Doc: "who carried the event out (name or alias)"})
}

// eventFilter is the parsed shared filters of one query. A nil set means
// the filter was not given.
type eventFilter struct {
	actors map[string]bool
	// bases holds the (folded) names of the bases the host-country and
	// operator filters allow; an event passes when one of its bases does.
	bases                  map[string]bool
	publishedFrom, pubTo   string
	ingested               map[string]bool
	hostCountry, operators bool
}

// parseEventFilter resolves the shared filters in args (absent ones cost
// nothing). The actor filter of the events query is its own (runEvents).
func parseEventFilter(ctx context.Context, r *reader, args Args, forEvents bool) (*eventFilter, error) {
	f := &eventFilter{publishedFrom: args[filterPublishedFrom], pubTo: args[filterPublishedTo]}
	var err error
	if v := args[filterActor]; v != "" && !forEvents {
		if f.actors, err = r.foldedNames(ctx, v); err != nil {
			return nil, err
		}
	}
	if v := args[filterHostCountry]; v != "" && forEvents {
		f.hostCountry = true
		if err := r.basesWhere(ctx, f, v, schema.ContainedInPlace, false); err != nil {
			return nil, err
		}
	}
	if v := args[filterOperator]; v != "" && forEvents {
		f.operators = true
		if err := r.basesWhere(ctx, f, v, schema.Operator, true); err != nil {
			return nil, err
		}
	}
	if v := args[filterIngestedSince]; v != "" {
		if f.ingested, err = r.ingestedSince(ctx, v); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// keep reports whether an event passes every given filter.
func (f *eventFilter) keep(ev *eventInfo) bool {
	if f.actors != nil && !f.actors[strings.ToLower(ev.actor)] {
		return false
	}
	if f.hostCountry || f.operators {
		ok := false
		for _, b := range ev.bases {
			ok = ok || f.bases[strings.ToLower(b)]
		}
		if !ok {
			return false
		}
	}
	if (f.publishedFrom != "" || f.pubTo != "") && !inRange(ev.source.Published, f.publishedFrom, f.pubTo) {
		return false
	}
	if f.ingested != nil && !f.ingested[ev.source.Article] {
		return false
	}
	return true
}

// foldedNames are the lowercased names and aliases of the entities text
// names, and text itself.
func (r *reader) foldedNames(ctx context.Context, text string) (map[string]bool, error) {
	return entityNames(ctx, r, text, true)
}

// basesWhere adds to f.bases the bases linked by pred to the entities
// text names: as nodes (a base's country) or, byName, as the names the
// gazetteer gives (a base's operators are stored as names). With both
// host-country and operator given, a base must satisfy both.
func (r *reader) basesWhere(ctx context.Context, f *eventFilter, text string, pred quad.IRI, byName bool) error {
	nodes, err := r.resolveEntities(ctx, text)
	if err != nil {
		return err
	}
	var objects []quad.Value
	if byName {
		objects = append(objects, quad.String(text))
		for _, n := range nodes {
			vs, err := r.all(ctx, n, schema.Name)
			if err != nil {
				return err
			}
			objects = append(objects, vs...)
		}
	} else {
		objects = nodes
	}
	found := map[string]bool{}
	for _, o := range objects {
		bases, err := r.subjects(ctx, pred, o)
		if err != nil {
			return err
		}
		for _, b := range bases {
			name, err := r.nameOf(ctx, b)
			if err != nil {
				return err
			}
			if name != "" {
				found[strings.ToLower(name)] = true
			}
		}
	}
	if f.bases == nil {
		f.bases = found
		return nil
	}
	for k := range f.bases {
		if !found[k] {
			delete(f.bases, k)
		}
	}
	return nil
}

// ingestedSince returns the identifiers of the articles first stored on or
// after since: a date, or LastRefresh.
func (r *reader) ingestedSince(ctx context.Context, since string) (map[string]bool, error) {
	var start time.Time
	if since == LastRefresh {
		runs, err := r.subjects(ctx, schema.Type, schema.ClassRefreshRun)
		if err != nil {
			return nil, err
		}
		for _, run := range runs {
			v, err := r.first(ctx, run, schema.StartDate)
			if err != nil {
				return nil, err
			}
			if t, ok := v.(quad.Time); ok && time.Time(t).After(start) {
				start = time.Time(t)
			}
		}
		if start.IsZero() {
			return nil, fmt.Errorf("%w: %s=%s: the store records no refresh run", ErrBadArgument, filterIngestedSince, since)
		}
	} else {
		if !IsDate(since) {
			return nil, fmt.Errorf("%w: %s: %q is not a date (YYYY, YYYY-MM or YYYY-MM-DD) or %s", ErrBadArgument, filterIngestedSince, since, LastRefresh)
		}
		layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(since)]
		start, _ = time.Parse(layout, since)
	}
	articles, err := r.subjects(ctx, schema.Type, schema.ClassNewsArticle)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, a := range articles {
		v, err := r.first(ctx, a, schema.FirstIngested)
		if err != nil {
			return nil, err
		}
		t, ok := v.(quad.Time)
		if !ok || time.Time(t).Before(start) {
			continue
		}
		id, err := r.str(ctx, a, schema.Identifier)
		if err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, nil
}

// given reports whether any shared filter was given.
func (f *eventFilter) given() bool {
	return f.actors != nil || f.hostCountry || f.operators || f.publishedFrom != "" || f.pubTo != "" || f.ingested != nil
}

// needsSource reports whether keep reads the event's article.
func (f *eventFilter) needsSource() bool {
	return f.publishedFrom != "" || f.pubTo != "" || f.ingested != nil
}
