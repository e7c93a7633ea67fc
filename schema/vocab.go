// Package schema owns newsgraph's vocabulary and data model: every IRI the
// graph uses (this file), the stable UUIDv5 identifiers of articles,
// entities and events (ids.go), the pure function from an Extraction to
// the quads of the article's named graph and of the gazetteer's (quads.go),
// and the store layout version.
package schema

import (
	"strings"

	"github.com/cayleygraph/quad"
)

// Namespaces.
const (
	SchemaOrg = "https://schema.org/"
	RDF       = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	// NS is the project's own vocabulary, for what schema.org lacks.
	NS = "https://w3id.org/newsgraph/ns#"
	// IDBase prefixes the IRIs of every node newsgraph mints.
	IDBase = "https://w3id.org/newsgraph/id/"
)

// Classes.
var (
	ClassNewsArticle  = quad.IRI(SchemaOrg + "NewsArticle")
	ClassOrganization = quad.IRI(SchemaOrg + "Organization")
	ClassCountry      = quad.IRI(SchemaOrg + "Country")
	ClassPlace        = quad.IRI(SchemaOrg + "Place")
	ClassEvent        = quad.IRI(SchemaOrg + "Event")
	ClassPublisher    = quad.IRI(NS + "Publisher")
	ClassMilitaryBase = quad.IRI(NS + "MilitaryBase")
	ClassOrganisation = quad.IRI(NS + "Organisation")
	ClassDate         = quad.IRI(NS + "Date")
	ClassRefreshRun   = quad.IRI(NS + "RefreshRun")
	ClassSource       = quad.IRI(NS + "Source")
	// ClassGazetteer is the type of a gazetteer's named graph (its node
	// is its label, GazetteerIRI).
	ClassGazetteer = quad.IRI(NS + "Gazetteer")
)

// Predicates from schema.org.
var (
	Type             = quad.IRI(RDF + "type")
	Name             = quad.IRI(SchemaOrg + "name")
	AlternateName    = quad.IRI(SchemaOrg + "alternateName")
	URL              = quad.IRI(SchemaOrg + "url")
	Headline         = quad.IRI(SchemaOrg + "headline")
	DatePublished    = quad.IRI(SchemaOrg + "datePublished")
	PublisherP       = quad.IRI(SchemaOrg + "publisher")
	InLanguage       = quad.IRI(SchemaOrg + "inLanguage")
	Keywords         = quad.IRI(SchemaOrg + "keywords")
	Mentions         = quad.IRI(SchemaOrg + "mentions")
	ContainedInPlace = quad.IRI(SchemaOrg + "containedInPlace")
	Latitude         = quad.IRI(SchemaOrg + "latitude")
	Longitude        = quad.IRI(SchemaOrg + "longitude")
	Identifier       = quad.IRI(SchemaOrg + "identifier")
	StartDate        = quad.IRI(SchemaOrg + "startDate")
	EndDate          = quad.IRI(SchemaOrg + "endDate")
)

// Predicates of the project's own vocabulary.
var (
	Domain      = quad.IRI(NS + "domain")
	CountryCode = quad.IRI(NS + "countryCode")
	Kind        = quad.IRI(NS + "kind")
	Operator    = quad.IRI(NS + "operator")
	ContentHash = quad.IRI(NS + "contentHash")
	Extractor   = quad.IRI(NS + "extractor")
	// FirstIngested is when an article was first stored (a time, in its
	// own graph): ingest writes it again unchanged on every replacement,
	// so "what is new since" survives re-extraction.
	FirstIngested = quad.IRI(NS + "firstIngested")
	// Event structure.
	EventType = quad.IRI(NS + "eventType")
	Actor     = quad.IRI(NS + "actor")
	// ActorOrganisation is the state body that acted for the actor country.
	ActorOrganisation = quad.IRI(NS + "actorOrganisation")
	AtBase            = quad.IRI(NS + "base")
	AtPlace           = quad.IRI(NS + "place")
	InCountry         = quad.IRI(NS + "country")
	EventDate         = quad.IRI(NS + "date")
	Negated           = quad.IRI(NS + "negated")
	Status            = quad.IRI(NS + "status")
	Trigger           = quad.IRI(NS + "trigger")
	Evidence          = quad.IRI(NS + "evidence")
	Sentence          = quad.IRI(NS + "sentence")
	SpanStart         = quad.IRI(NS + "spanStart")
	SpanEnd           = quad.IRI(NS + "spanEnd")
	ReportedIn        = quad.IRI(NS + "reportedIn")
	// LinkedToEvent is a shortcut edge from a base to the event type of a
	// non-negated event it is involved in, written in the same named graph
	// as the event, so "bases linked to withdrawal events" starts from one
	// node instead of walking every event.
	LinkedToEvent = quad.IRI(NS + "linkedToEvent")
	// LinkedToNegatedEvent is the same shortcut for negated events.
	LinkedToNegatedEvent = quad.IRI(NS + "linkedToNegatedEvent")
	// NameKey was the entry point for looking an entity up by name: the
	// folded form (FoldName) of each of its names, alternate names and
	// domains, written in the same named graph as the name itself. Stores
	// written before the name index (graph.NameIndex) hold them, and
	// queries read them there; nothing writes them any more.
	NameKey = quad.IRI(NS + "nameKey")
	// UsesGazetteer links an article to the gazetteer graph that holds
	// the facts of the entities it names by their entry's name: the
	// gazetteer's facts have the article as a source, and a gazetteer
	// graph no article uses any more is removed.
	UsesGazetteer = quad.IRI(NS + "gazetteer")
	// LayoutVersion is the version of the way the store lays out its
	// quads (StoreLayout), stated in the store's own graph (StoreIRI).
	LayoutVersion = quad.IRI(NS + "layoutVersion")
)

// StoreLayout is the store layout this version of newsgraph writes:
//
//	1 (no version quad): every article's graph restates what the
//	  gazetteer knows about each entity it names.
//	2: what the gazetteer knows is stated once, in the gazetteer's graph
//	  (GazetteerIRI), and articles link to it (UsesGazetteer).
//	3: the summaries are a side index of the store, no longer quads of
//	  their own named graphs (graph.SummaryGraph).
const StoreLayout = 3

// StoreIRI is the node and named graph of what the store says about
// itself (its layout version).
var StoreIRI = quad.IRI(IDBase + "store")

// GazetteerIRI is the node and named graph of what the gazetteer with
// this content digest ("sha256:...") knows about the entities articles
// name: a gazetteer that changes gets a graph of its own.
func GazetteerIRI(digest string) quad.IRI {
	return quad.IRI(IDBase + "gazetteer/" + strings.TrimPrefix(digest, "sha256:"))
}

// Refresh bookkeeping: which articles a source delivered, and what each
// refresh run did.
var (
	SourceArticle  = quad.IRI(NS + "sourceArticle")
	RunSource      = quad.IRI(NS + "runSource")
	RunError       = quad.IRI(NS + "error")
	CountSeen      = quad.IRI(NS + "seen")
	CountNew       = quad.IRI(NS + "new")
	CountChanged   = quad.IRI(NS + "changed")
	CountUnchanged = quad.IRI(NS + "unchanged")
	CountFailed    = quad.IRI(NS + "failed")
	CountPruned    = quad.IRI(NS + "pruned")
	CountAdded     = quad.IRI(NS + "quadsAdded")
	CountRemoved   = quad.IRI(NS + "quadsRemoved")
)

// EventTypeIRI is the node of an event type, e.g. ns#withdrawal.
func EventTypeIRI(t string) quad.IRI { return quad.IRI(NS + "event/" + t) }

// ArticleIRI is the node (and named graph label) of an article.
func ArticleIRI(id string) quad.IRI { return quad.IRI(IDBase + "article/" + id) }

// EntityIRI is the node of an entity.
func EntityIRI(id string) quad.IRI { return quad.IRI(IDBase + "entity/" + id) }

// EventIRI is the node of an event.
func EventIRI(id string) quad.IRI { return quad.IRI(IDBase + "event/" + id) }

// ClassOf maps an entity type of the record to its class IRI.
func ClassOf(entityType string) quad.IRI {
	switch entityType {
	case "Publisher":
		return ClassPublisher
	case "Country":
		return ClassCountry
	case "Base":
		return ClassMilitaryBase
	case "Organisation":
		return ClassOrganisation
	case "Place":
		return ClassPlace
	case "Date":
		return ClassDate
	}
	return quad.IRI(NS + entityType)
}

// EntityTypeOf maps a class IRI back to the record's entity type.
func EntityTypeOf(class quad.IRI) string {
	switch class {
	case ClassPublisher:
		return "Publisher"
	case ClassCountry:
		return "Country"
	case ClassMilitaryBase:
		return "Base"
	case ClassOrganisation:
		return "Organisation"
	case ClassPlace:
		return "Place"
	case ClassDate:
		return "Date"
	}
	return ""
}
