// Package newsgraph holds the records that cross package boundaries: the
// Article a loader produces, and the Extraction (entities and events with
// their evidence) that the extractor derives from it. Their JSON form is the
// public extraction record printed by `newsgraph extract` and returned by the
// HTTP API, so field names and tags here are a contract.
//
// The pipeline is: loaders (source -> Article), extract (Article ->
// Extraction), schema (Extraction -> quads), graph (quads -> Cayley store),
// queries (store -> answers).
package newsgraph

import "time"

// Article is one news article as a loader read it.
type Article struct {
	// ID is the stable UUIDv5 of the article's canonical key (its URL, or its
	// content hash when it has no URL). Filled in by loaders.
	ID string `json:"id"`
	// Source is where the article was read from (file path or URL), for error
	// messages and provenance; it is not part of the article's identity.
	Source          string    `json:"source,omitempty"`
	URL             string    `json:"url"`
	Title           string    `json:"title"`
	Publisher       string    `json:"publisher"`
	PublisherDomain string    `json:"publisher_domain,omitempty"`
	Published       time.Time `json:"published"`
	Language        string    `json:"language,omitempty"`
	// Lede is the standfirst paragraph shown under the title, when the source
	// separates it from the body.
	Lede string `json:"lede,omitempty"`
	// Body holds the article text; paragraphs are separated by a blank line.
	Body     string   `json:"body"`
	Tags     []string `json:"tags,omitempty"`
	Keywords []string `json:"keywords,omitempty"`
	// Credits are the byline and credit lines printed around the copy
	// ("By Jane Doe, Associated Press", "Staff writer, with CNA"). They
	// are kept out of the body, so their words are not read as the story,
	// but the outlets they cite are organisations of the article.
	Credits []string `json:"credits,omitempty"`
	Image   string   `json:"image,omitempty"`
	// Format names the loader format that produced the article.
	Format string `json:"format,omitempty"`
	// Hash is the SHA-256 of the article's content fields; re-ingest of an
	// unchanged article is detected with it.
	Hash string `json:"hash,omitempty"`
}

// Entity types of the extraction record.
const (
	TypePublisher    = "Publisher"
	TypeCountry      = "Country"
	TypeBase         = "Base"
	TypeOrganisation = "Organisation"
	TypePlace        = "Place"
	TypeDate         = "Date"
)

// Event types of the extraction record.
const (
	EventWithdrawal    = "withdrawal"
	EventDeployment    = "deployment"
	EventRelocation    = "relocation"
	EventHandover      = "handover"
	EventClosure       = "closure"
	EventAttack        = "attack"
	EventAgreement     = "agreement"
	EventEstablishment = "establishment"
	EventExercise      = "exercise"
)

// EventTypes lists every event type in a fixed order.
var EventTypes = []string{
	EventWithdrawal, EventDeployment, EventRelocation, EventHandover, EventClosure,
	EventAttack, EventAgreement, EventEstablishment, EventExercise,
}

// Event statuses: whether the text reports the event as done, happening or
// intended; historical (told as background, done long before the article)
// and hypothetical (under "if") events are not current facts.
const (
	StatusCompleted    = "completed"
	StatusOngoing      = "ongoing"
	StatusPlanned      = "planned"
	StatusHistorical   = "historical"
	StatusHypothetical = "hypothetical"
)

// ArticleRecord is the article part of the extraction record.
type ArticleRecord struct {
	ID               string   `json:"id"`
	URL              string   `json:"url"`
	Title            string   `json:"title"`
	Publisher        string   `json:"publisher"`
	PublisherDomain  string   `json:"publisher_domain,omitempty"`
	PublisherCountry string   `json:"publisher_country,omitempty"`
	Published        string   `json:"published"`
	Language         string   `json:"language,omitempty"`
	Tags             []string `json:"tags,omitempty"`
	Hash             string   `json:"hash,omitempty"`
}

// Entity is something the article names: a country, a base, an organisation,
// a cited outlet, a place or a date.
type Entity struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Name string `json:"name"`
	// Mentions are the surface forms found in the text, in order of first use.
	Mentions []string `json:"mentions"`
	Aliases  []string `json:"aliases,omitempty"`
	// Country is the country a base, place or organisation belongs to.
	Country string `json:"country,omitempty"`
	// CountryCode is the ISO 3166-1 alpha-2 code of Country.
	CountryCode string `json:"country_code,omitempty"`
	// Code is the ISO 3166-1 alpha-2 code of a country.
	Code      string   `json:"code,omitempty"`
	Kind      string   `json:"kind,omitempty"`
	Operators []string `json:"operators,omitempty"`
	Lat       *float64 `json:"lat,omitempty"`
	Lon       *float64 `json:"lon,omitempty"`
	// Sentences are the indexes of the sentences that mention the entity.
	Sentences []int `json:"sentences,omitempty"`
	// Gazetteer is set when the entity's name, aliases, kind, country,
	// code, operators and coordinates are exactly its gazetteer entry's:
	// the same in every article that names it, so the graph stores them
	// once (schema.Split) rather than in each article. It is how the
	// record was made, not part of it.
	Gazetteer bool `json:"-"`
	// GazetteerCountry is set when Country is the gazetteer's name for
	// CountryCode: the country's own facts are the gazetteer's even when
	// the entity's are not (a publisher's country).
	GazetteerCountry bool `json:"-"`
}

// Event is a security event the article reports.
type Event struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Actor string `json:"actor,omitempty"`
	// ActorOrganisation is the state body that acted (a ministry, an
	// army, a command) when Actor is the country it acts for.
	ActorOrganisation string `json:"actor_organisation,omitempty"`
	// ActorCountryCode is the ISO code of Actor when it is a country.
	ActorCountryCode string `json:"actor_country_code,omitempty"`
	// Bases are canonical base names.
	Bases []string `json:"bases"`
	// Places are cities or regions named as the event's location or
	// destination (for a relocation: where the forces went).
	Places  []string `json:"places,omitempty"`
	Country string   `json:"country,omitempty"`
	// CountryCode is the ISO 3166-1 alpha-2 code of Country.
	CountryCode string `json:"country_code,omitempty"`
	Date        string `json:"date,omitempty"`
	Negated     bool   `json:"negated"`
	// GazetteerCountry and GazetteerActor are set when Country, and Actor
	// when it is a country, are the gazetteer's names for their codes
	// (see Entity.Gazetteer). They are how the record was made, not part
	// of it.
	GazetteerCountry bool   `json:"-"`
	GazetteerActor   bool   `json:"-"`
	Status           string `json:"status,omitempty"`
	// Trigger is the word that signalled the event.
	Trigger  string `json:"trigger,omitempty"`
	Evidence string `json:"evidence"`
	Span     Span   `json:"span"`
	Sentence int    `json:"sentence"`
}

// Span is a byte range [Start, End) into the article's extraction text
// (title, lede and body joined by blank lines).
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Extraction is everything extracted from one article: the public record.
type Extraction struct {
	Article  ArticleRecord `json:"article"`
	Entities []Entity      `json:"entities"`
	Events   []Event       `json:"events"`
}
