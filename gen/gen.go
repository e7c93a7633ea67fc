// Package gen owns the synthetic news corpus that the benchmarks, the scale
// tests and users trying newsgraph at scale read: N articles about military
// presence and security events, written in the loaders' formats.
//
// The corpus is deterministic: article i of seed S is the same text on every
// run and machine, whatever N is (each article draws from its own PCG
// stream seeded from S and i), so a 10k corpus is the first tenth of the
// 100k one. Publishers come from the loaders' table of news domains; bases,
// countries, places and organisations from the embedded gazetteers, drawn
// with a long-tailed (Zipf) frequency so a few bases and publishers
// dominate as in real news. Each article reports several events with the
// phrasing variety of real reports (plans, denials, relative dates,
// aliases, demonyms, capitals standing for governments) among paragraphs
// with no military content.
//
// An article is written as a scraped page dump, a publisher's web page
// (HTML with OpenGraph and JSON-LD metadata around the story, and the
// site's menu, related links and footer that the HTML loader must strip)
// or a JSON Lines record; whichever it is, the loaders read back the same
// title, publisher, time and text.
//
// Files go in subfolders of at most PerDir files; a hidden manifest
// (.newsgraph-gen.json) records the options, and is skipped by the loaders
// since it is hidden.
package gen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/gazetteer"
	"github.com/newsgraph/newsgraph/loaders"
)

// Formats the generator writes.
const (
	FormatDump  = "dump"
	FormatHTML  = "html"
	FormatJSONL = "jsonl"
)

// Defaults.
const (
	// DefaultPerDir is the most files one folder holds.
	DefaultPerDir = 1000
	// DefaultPerJSONLFile is how many articles one JSON Lines file holds.
	DefaultPerJSONLFile = 100
	// ManifestName is the hidden file that records how a corpus was made.
	ManifestName = ".newsgraph-gen.json"
)

// ErrUnsupportedFormat reports a format the generator cannot write or the
// loaders cannot read.
var ErrUnsupportedFormat = errors.New("unsupported corpus format")

// Options describe a corpus.
type Options struct {
	Articles int    `json:"articles"`
	Seed     uint64 `json:"seed"`
	// Formats are mixed article by article; empty means dumps only, which
	// keeps library callers on the cheapest format to parse unless they
	// ask (the gen command asks for every supported format).
	Formats []string `json:"formats"`
	// PerDir bounds the files in one folder; zero means DefaultPerDir.
	PerDir int `json:"per_dir"`
	// PerJSONLFile is the number of articles per JSON Lines file; zero
	// means DefaultPerJSONLFile.
	PerJSONLFile int `json:"per_jsonl_file"`
	// Workers write in parallel; zero means GOMAXPROCS. The output does
	// not depend on it.
	Workers int `json:"-"`
}

func (o *Options) fill() error {
	if o.Articles < 0 {
		return fmt.Errorf("gen: articles %d: want zero or more", o.Articles)
	}
	if len(o.Formats) == 0 {
		o.Formats = []string{FormatDump}
	}
	for _, f := range o.Formats {
		if err := CheckFormat(f); err != nil {
			return err
		}
	}
	if o.PerDir <= 0 {
		o.PerDir = DefaultPerDir
	}
	if o.PerJSONLFile <= 0 {
		o.PerJSONLFile = DefaultPerJSONLFile
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return nil
}

// SupportedFormats lists the formats this build can write: dumps always,
// HTML pages and JSON Lines when the loaders read them (a corpus the
// loaders could not read back would be useless to the benchmarks).
func SupportedFormats() []string {
	out := []string{FormatDump}
	for _, f := range []string{FormatHTML, FormatJSONL} {
		if _, ok := loaders.LookupFormat(f); ok {
			out = append(out, f)
		}
	}
	return out
}

// CheckFormat reports whether f can be generated and read back.
func CheckFormat(f string) error {
	if !slices.Contains(SupportedFormats(), f) {
		return fmt.Errorf("%w %q (supported: %s)", ErrUnsupportedFormat, f, strings.Join(SupportedFormats(), ", "))
	}
	return nil
}

// Summary reports what Write produced.
type Summary struct {
	Options  Options        `json:"options"`
	Files    int            `json:"files"`
	Bytes    int64          `json:"bytes"`
	ByFormat map[string]int `json:"by_format"`
}

// Article is one generated article before it is rendered in a format.
type Article struct {
	Index     int
	URL       string
	Domain    string
	Title     string
	Publisher string
	Published time.Time
	Lede      string
	// Paragraphs of the body, without the lede.
	Paragraphs []string
	Tags       []string
	Keywords   []string
	Image      string
	Related    string
	Format     string
}

// Generator renders articles for one seed. It is safe for concurrent use.
type Generator struct {
	seed    uint64
	formats []string
	t       *tables
}

// New builds a generator from the embedded gazetteers and the loaders'
// publisher table.
func New(opts Options) (*Generator, error) {
	if err := opts.fill(); err != nil {
		return nil, err
	}
	t, err := loadTables(opts.Seed)
	if err != nil {
		return nil, err
	}
	return &Generator{seed: opts.Seed, formats: slices.Clone(opts.Formats), t: t}, nil
}

// rng returns article i's own random stream.
func (g *Generator) rng(i int) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed, uint64(i)+1))
}

// Article generates article i.
func (g *Generator) Article(i int) Article {
	// The format comes from a stream of its own, so an article's text
	// does not depend on the format mix.
	format := g.formats[rand.New(rand.NewPCG(g.seed^0x5bd1e995, uint64(i))).IntN(len(g.formats))]
	w := &writer{t: g.t, r: g.rng(i)}
	return w.article(i, g.seed, format)
}

// Dump renders a in the scraped page dump format.
func Dump(a Article) []byte {
	var b bytes.Buffer
	stamp := a.Published.UTC().Format("2006-01-02T15:04-0700")
	block := func(s string) {
		b.WriteString(s)
		b.WriteString("\n\n")
	}
	b.WriteString("date " + a.Published.Format("2006-01-02") + " " + a.URL + "\n\n")
	block(a.Title)
	block(a.Title)
	block(a.Publisher)
	block(a.Lede)
	block(stamp)
	block(stamp)
	for _, t := range a.Tags {
		block(t)
	}
	block(a.Image)
	for _, p := range a.Paragraphs {
		block(p)
	}
	block(a.Related)
	contact := fmt.Sprintf("%s newsdesk@%s +%d %d %d", a.Publisher, a.Domain, 10+a.Index%80, 200+a.Index%700, 1000000+a.Index%9000000)
	block(contact)
	block("en")
	block(contact)
	b.WriteString(strings.Join(a.Keywords, ", ") + "\n")
	return b.Bytes()
}

type jsonArticle struct {
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Publisher string   `json:"publisher"`
	Published string   `json:"published"`
	Lede      string   `json:"lede"`
	Body      string   `json:"body"`
	Tags      []string `json:"tags"`
	Keywords  []string `json:"keywords"`
	Language  string   `json:"language"`
	Image     string   `json:"image"`
}

// JSONL renders a as one JSON Lines record (with its newline).
func JSONL(a Article) []byte {
	j := jsonArticle{
		URL: a.URL, Title: a.Title, Publisher: a.Publisher, Published: a.Published.UTC().Format(time.RFC3339),
		Lede: a.Lede, Body: strings.Join(a.Paragraphs, "\n\n"), Tags: a.Tags, Keywords: a.Keywords,
		Language: "en", Image: a.Image,
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(j) // cannot fail: strings only
	return b.Bytes()
}

// Articles returns articles [from, to) as the loaders read them (parsed
// from their dump rendering), for benchmarks that need newsgraph.Articles
// without files.
func (g *Generator) Articles(from, to int) ([]newsgraph.Article, error) {
	out := make([]newsgraph.Article, 0, max(0, to-from))
	for i := from; i < to; i++ {
		a := g.Article(i)
		name := fmt.Sprintf("gen-%d.txt", i)
		arts, err := loaders.Parse(name, Dump(a), loaders.DumpFormat)
		if err != nil {
			return nil, fmt.Errorf("gen: article %d: %w", i, err)
		}
		out = append(out, arts...)
	}
	return out, nil
}

// Write generates opts.Articles articles into dir, which is created. Dumps
// go to dir/dump/NNNN/NNNNNNN.txt, HTML pages to dir/html/NNNN/NNNNNNN.html
// and JSON Lines records to dir/jsonl/NNNN/NNNNN.jsonl, at most PerDir
// files per folder.
func Write(ctx context.Context, dir string, opts Options) (Summary, error) {
	if err := opts.fill(); err != nil {
		return Summary{}, err
	}
	g, err := New(opts)
	if err != nil {
		return Summary{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Summary{}, fmt.Errorf("gen: %s: %w", dir, err)
	}
	sum := Summary{Options: opts, ByFormat: map[string]int{}}
	var mu sync.Mutex
	// Work is cut into chunks of PerJSONLFile articles: each chunk writes
	// its dumps and pages one file each and its JSON Lines records into one
	// file, so the layout does not depend on the number of workers.
	chunk := opts.PerJSONLFile
	nchunks := (opts.Articles + chunk - 1) / chunk
	jobs := make(chan int)
	errc := make(chan error, opts.Workers)
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range jobs {
				files, bytes, by, err := g.writeChunk(dir, c, chunk, opts)
				if err != nil {
					errc <- err
					return
				}
				mu.Lock()
				sum.Files += files
				sum.Bytes += bytes
				for k, v := range by {
					sum.ByFormat[k] += v
				}
				mu.Unlock()
			}
		}()
	}
	var sendErr error
send:
	for c := range nchunks {
		select {
		case jobs <- c:
		case err := <-errc:
			sendErr = err
			break send
		case <-ctx.Done():
			sendErr = ctx.Err()
			break send
		}
	}
	close(jobs)
	wg.Wait()
	close(errc)
	if sendErr == nil {
		sendErr = <-errc
	}
	if sendErr != nil {
		return sum, sendErr
	}
	m, err := json.MarshalIndent(sum.Options, "", "  ")
	if err != nil {
		return sum, err
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestName), append(m, '\n'), 0o644); err != nil {
		return sum, fmt.Errorf("gen: %w", err)
	}
	return sum, nil
}

func (g *Generator) writeChunk(dir string, c, chunk int, opts Options) (files int, n int64, by map[string]int, err error) {
	by = map[string]int{}
	from, to := c*chunk, min((c+1)*chunk, opts.Articles)
	var jsonl bytes.Buffer
	for i := from; i < to; i++ {
		a := g.Article(i)
		by[a.Format]++
		if a.Format == FormatJSONL {
			jsonl.Write(JSONL(a))
			continue
		}
		folder, ext, render := FormatDump, "txt", Dump
		if a.Format == FormatHTML {
			folder, ext, render = FormatHTML, "html", HTML
		}
		data := render(a)
		sub := filepath.Join(dir, folder, fmt.Sprintf("%04d", i/opts.PerDir))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return files, n, by, fmt.Errorf("gen: %s: %w", sub, err)
		}
		p := filepath.Join(sub, fmt.Sprintf("%07d.%s", i, ext))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return files, n, by, fmt.Errorf("gen: %s: %w", p, err)
		}
		files++
		n += int64(len(data))
	}
	if jsonl.Len() > 0 {
		sub := filepath.Join(dir, FormatJSONL, fmt.Sprintf("%04d", c/opts.PerDir))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return files, n, by, fmt.Errorf("gen: %s: %w", sub, err)
		}
		p := filepath.Join(sub, fmt.Sprintf("%05d.jsonl", c))
		if err := os.WriteFile(p, jsonl.Bytes(), 0o644); err != nil {
			return files, n, by, fmt.Errorf("gen: %s: %w", p, err)
		}
		files++
		n += int64(jsonl.Len())
	}
	return files, n, by, nil
}

// ReadManifest returns the options a corpus folder was generated with.
func ReadManifest(dir string) (Options, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return Options{}, fmt.Errorf("gen: %w", err)
	}
	var o Options
	if err := json.Unmarshal(data, &o); err != nil {
		return Options{}, fmt.Errorf("gen: %s: %w", filepath.Join(dir, ManifestName), err)
	}
	return o, nil
}

// tables are the entity lists an article draws from, in a fixed order
// shuffled once per seed so that which bases are "hot" depends on the seed.
type tables struct {
	bases      []*gazetteer.Entry
	countries  []*gazetteer.Entry
	byCode     map[string]*gazetteer.Entry
	placesBy   map[string][]*gazetteer.Entry // country code -> cities and regions
	places     []*gazetteer.Entry
	outlets    []*gazetteer.Entry
	groups     []*gazetteer.Entry // armed groups
	forcesBy   map[string][]*gazetteer.Entry
	publishers []loaders.Publisher
	powers     []string // ISO codes of countries that often act abroad
}

func loadTables(seed uint64) (*tables, error) {
	g, err := gazetteer.Load()
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	t := &tables{byCode: map[string]*gazetteer.Entry{}, placesBy: map[string][]*gazetteer.Entry{}, forcesBy: map[string][]*gazetteer.Entry{}}
	for _, e := range g.Entries() {
		switch e.Type {
		case gazetteer.Base:
			if e.Country != "" {
				t.bases = append(t.bases, e)
			}
		case gazetteer.Country:
			t.countries = append(t.countries, e)
			t.byCode[e.Code] = e
		case gazetteer.Place:
			if e.Kind == "city" || e.Kind == "region" || e.Kind == "province" {
				t.placesBy[e.Country] = append(t.placesBy[e.Country], e)
				t.places = append(t.places, e)
			}
		case gazetteer.Organisation:
			switch e.Kind {
			case "news outlet":
				t.outlets = append(t.outlets, e)
			case "armed group":
				t.groups = append(t.groups, e)
			case "armed forces", "ministry", "command":
				if e.Country != "" {
					t.forcesBy[e.Country] = append(t.forcesBy[e.Country], e)
				}
			}
		}
	}
	for _, d := range strings.Fields(publisherDomains) {
		p, ok := loaders.LookupPublisher(d)
		if !ok {
			return nil, fmt.Errorf("gen: publisher domain %s is not in the loaders' table", d)
		}
		t.publishers = append(t.publishers, p)
	}
	if len(t.bases) == 0 || len(t.countries) == 0 || len(t.outlets) == 0 || len(t.groups) == 0 || len(t.publishers) == 0 {
		return nil, errors.New("gen: the gazetteers lack bases, countries, outlets or armed groups")
	}
	for _, c := range []string{"US", "RU", "FR", "GB", "CN", "TR", "IR", "DE", "IN", "JP", "IT", "AU", "KR", "IL", "SA", "AE"} {
		if t.byCode[c] != nil {
			t.powers = append(t.powers, c)
		}
	}
	// The head of each long tail is chosen by the seed.
	sr := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	shuffle := func(n int, swap func(i, j int)) { sr.Shuffle(n, swap) }
	shuffle(len(t.bases), func(i, j int) { t.bases[i], t.bases[j] = t.bases[j], t.bases[i] })
	shuffle(len(t.publishers), func(i, j int) { t.publishers[i], t.publishers[j] = t.publishers[j], t.publishers[i] })
	shuffle(len(t.outlets), func(i, j int) { t.outlets[i], t.outlets[j] = t.outlets[j], t.outlets[i] })
	shuffle(len(t.groups), func(i, j int) { t.groups[i], t.groups[j] = t.groups[j], t.groups[i] })
	shuffle(len(t.places), func(i, j int) { t.places[i], t.places[j] = t.places[j], t.places[i] })
	shuffle(len(t.countries), func(i, j int) { t.countries[i], t.countries[j] = t.countries[j], t.countries[i] })
	return t, nil
}

// writer composes one article from its own random stream.
type writer struct {
	t *tables
	r *rand.Rand
	// zipf samplers over the tables, bound to r.
	zBase, zPub, zOutlet, zGroup, zPlace, zCountry *rand.Zipf
	pub                                            time.Time
}

func (w *writer) zipf(n int, s, v float64) *rand.Zipf {
	return rand.NewZipf(w.r, s, v, uint64(n-1))
}

func (w *writer) pick(xs []string) string { return xs[w.r.IntN(len(xs))] }

func (w *writer) chance(p float64) bool { return w.r.Float64() < p }

// scene is the cast of one event sentence.
type scene struct {
	actor, host   *gazetteer.Entry // countries
	base, base2   *gazetteer.Entry
	place         *gazetteer.Entry
	outlet, group *gazetteer.Entry
}

func (w *writer) article(i int, seed uint64, format string) Article {
	t := w.t
	w.zBase = w.zipf(len(t.bases), 1.1, 2)
	w.zPub = w.zipf(len(t.publishers), 1.2, 3)
	w.zOutlet = w.zipf(len(t.outlets), 1.3, 2)
	w.zGroup = w.zipf(len(t.groups), 1.3, 2)
	w.zPlace = w.zipf(len(t.places), 1.1, 5)
	w.zCountry = w.zipf(len(t.countries), 1.1, 3)

	start := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	w.pub = start.Add(time.Duration(w.r.Int64N(int64(7 * 365 * 24 * time.Hour)))).Truncate(time.Minute)

	p := t.publishers[w.zPub.Uint64()]
	// The article's main story: one base, one host, one actor.
	main := w.newScene(nil)
	events := []string{w.pick(newsgraph.EventTypes)}
	for n := 1 + w.r.IntN(4); n > 0; n-- {
		events = append(events, w.pick(newsgraph.EventTypes))
	}
	a := Article{Index: i, Domain: p.Domain, Publisher: p.Name, Published: w.pub, Format: format}
	a.Title = w.headline(events[0], main)
	slug := slugOf(a.Title)
	a.URL = fmt.Sprintf("https://www.%s/%s/%s-g%d-%d", p.Domain, w.pub.Format("2006/01/02"), slug, seed, i)
	a.Image = fmt.Sprintf("https://cdn.%s/img/%s/%d_%d.jpg", p.Domain, w.pub.Format("2006/01"), seed, i)
	a.Related = fmt.Sprintf("https://www.%s/%s/related-%d.html", p.Domain, w.pub.AddDate(0, 0, -w.r.IntN(60)).Format("2006/01/02"), w.r.IntN(1_000_000))
	a.Lede = w.sentence(events[0], main) + " " + w.context(main)

	// Body: event paragraphs interleaved with context, quotes and
	// paragraphs with no military content.
	var paras []string
	for k, ev := range events {
		sc := main
		if k > 0 && w.chance(0.5) {
			sc = w.newScene(main)
		}
		para := []string{w.sentence(ev, sc)}
		for n := w.r.IntN(3); n > 0; n-- {
			switch w.r.IntN(3) {
			case 0:
				para = append(para, w.context(sc))
			case 1:
				para = append(para, w.quote(sc))
			default:
				para = append(para, w.background(sc))
			}
		}
		paras = append(paras, strings.Join(para, " "))
		if w.chance(0.6) {
			paras = append(paras, w.neutralParagraph())
		}
	}
	for n := 1 + w.r.IntN(4); n > 0; n-- {
		at := w.r.IntN(len(paras) + 1)
		paras = slices.Insert(paras, at, w.neutralParagraph())
	}
	a.Paragraphs = paras
	a.Tags = []string{w.pick([]string{"world", "news", "defence", "politics", "security", "military"}), strings.ToLower(main.host.Name)}
	if w.chance(0.5) {
		a.Tags = append(a.Tags, w.pick([]string{"middle east", "europe", "africa", "asia pacific", "americas", "us military bases"}))
	}
	a.Keywords = []string{strings.ToLower(main.actor.Name) + " military", strings.ToLower(main.host.Name), events[0]}
	return a
}

// newScene draws the cast of a story; with a main story, the new one
// often shares its actor or host.
func (w *writer) newScene(main *scene) *scene {
	t := w.t
	sc := &scene{}
	sc.base = t.bases[w.zBase.Uint64()]
	sc.host = t.byCode[sc.base.Country]
	if sc.host == nil {
		sc.host = t.countries[w.zCountry.Uint64()]
	}
	// The actor: an operator of the base other than its host, else a
	// power, else the host itself.
	var ops []string
	for _, op := range sc.base.Operators {
		if op != sc.base.Country && t.byCode[op] != nil {
			ops = append(ops, op)
		}
	}
	switch {
	case main != nil && main.actor != sc.host && w.chance(0.4):
		sc.actor = main.actor
	case len(ops) > 0 && w.chance(0.85):
		sc.actor = t.byCode[w.pick(ops)]
	default:
		// A power acting abroad; never the host itself, so that "the
		// actor and the host signed" names two parties.
		for sc.actor == nil || sc.actor == sc.host {
			sc.actor = t.byCode[w.pick(t.powers)]
		}
	}
	for {
		sc.base2 = t.bases[w.zBase.Uint64()]
		if sc.base2 != sc.base || len(t.bases) < 2 {
			break
		}
	}
	if ps := t.placesBy[sc.host.Code]; len(ps) > 0 && w.chance(0.8) {
		sc.place = ps[w.r.IntN(len(ps))]
	} else {
		sc.place = t.places[w.zPlace.Uint64()]
	}
	sc.outlet = t.outlets[w.zOutlet.Uint64()]
	sc.group = t.groups[w.zGroup.Uint64()]
	return sc
}

// Names as prose writes them.

func (w *writer) country(c *gazetteer.Entry) string {
	if len(c.Aliases) > 0 && w.chance(0.25) {
		a := w.pick(c.Aliases)
		if len(a) <= 14 && !strings.Contains(a, "Republic") {
			return the(a)
		}
	}
	return the(c.Name)
}

func (w *writer) demonym(c *gazetteer.Entry) string {
	if len(c.Demonyms) > 0 {
		return c.Demonyms[0]
	}
	return c.Name
}

// actorName is how a sentence names who acted: the country, its capital
// standing for its government, or one of its forces or ministries.
func (w *writer) actorName(c *gazetteer.Entry) string {
	switch {
	case c.Capital != "" && w.chance(0.12):
		return c.Capital
	case len(w.t.forcesBy[c.Code]) > 0 && w.chance(0.2):
		fs := w.t.forcesBy[c.Code]
		return the(fs[w.r.IntN(len(fs))].Name)
	}
	return w.country(c)
}

func (w *writer) baseName(b *gazetteer.Entry) string {
	if len(b.Aliases) > 0 && w.chance(0.3) {
		return w.pick(b.Aliases)
	}
	return b.Name
}

// the adds the article English puts before some country names.
func the(name string) string {
	if strings.HasPrefix(name, "United ") || strings.HasPrefix(name, "Republic ") || strings.HasSuffix(name, "Islands") ||
		slices.Contains([]string{"US", "U.S.", "UK", "U.K.", "Philippines", "Netherlands", "Gambia", "Bahamas", "Maldives", "Czech Republic", "Central African Republic", "Dominican Republic", "Democratic Republic of the Congo", "Pentagon", "Kremlin"}, name) {
		return "the " + name
	}
	return name
}

// pastDate is a date expression for something that happened, relative to
// publication or absolute; sometimes none.
func (w *writer) pastDate() string {
	p := w.pub
	back := p.AddDate(0, 0, -1-w.r.IntN(25))
	switch w.r.IntN(11) {
	case 0, 1:
		return "on " + back.Weekday().String()
	case 2:
		return fmt.Sprintf("on %d %s", back.Day(), back.Month())
	case 3:
		return fmt.Sprintf("on %s %d", back.Month(), back.Day())
	case 4:
		return "last month"
	case 5:
		return "last week"
	case 6:
		return "yesterday"
	case 7:
		m := p.AddDate(0, -1-w.r.IntN(10), 0)
		return fmt.Sprintf("in %s %d", m.Month(), m.Year())
	case 8:
		return w.pick([]string{"two weeks ago", "three days ago", "earlier this month", "earlier this week"})
	}
	return "" // no date given
}

// futureDate is a date expression for a plan.
func (w *writer) futureDate() string {
	p := w.pub
	ahead := p.AddDate(0, 1+w.r.IntN(8), 0)
	switch w.r.IntN(6) {
	case 0:
		return "by " + ahead.Month().String()
	case 1:
		return "next month"
	case 2:
		return "by the end of the year"
	case 3:
		return fmt.Sprintf("in early %d", p.Year()+1)
	case 4:
		return fmt.Sprintf("by late %s %d", ahead.Month(), ahead.Year())
	}
	return "next year"
}

func (w *writer) number() string {
	switch w.r.IntN(4) {
	case 0:
		return w.pick([]string{"several hundred", "a few hundred", "dozens of", "hundreds of"})
	case 1:
		return commas(50 * (1 + w.r.IntN(20)))
	}
	return commas(100 * (5 + w.r.IntN(60)))
}

func commas(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	return s[:len(s)-3] + "," + s[len(s)-3:]
}

// fill replaces the {slots} of a template.
func (w *writer) fill(tpl string, sc *scene) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			break
		}
		j := strings.IndexByte(tpl[i:], '}')
		b.WriteString(tpl[:i])
		b.WriteString(w.slot(tpl[i+1:i+j], sc))
		tpl = tpl[i+j+1:]
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	out = strings.NewReplacer(" ,", ",", " .", ".", " ;", ";").Replace(out)
	return sentenceCase(out)
}

func (w *writer) slot(name string, sc *scene) string {
	switch name {
	case "actor":
		return w.actorName(sc.actor)
	case "actorCountry":
		return w.country(sc.actor)
	case "demonym":
		return w.demonym(sc.actor)
	case "host":
		return w.country(sc.host)
	case "hostDemonym":
		return w.demonym(sc.host)
	case "base":
		return w.baseName(sc.base)
	case "base2":
		return w.baseName(sc.base2)
	case "place":
		return sc.place.Name
	case "outlet":
		return sc.outlet.Name
	case "group":
		return the(sc.group.Name)
	case "date":
		return w.pastDate()
	case "future":
		return w.futureDate()
	case "n":
		return w.number()
	case "num":
		return commas(100 * (5 + w.r.IntN(60)))
	case "years":
		return strconv.Itoa(5 + w.r.IntN(60))
	case "year":
		return strconv.Itoa(w.pub.Year() - 2 - w.r.IntN(15))
	case "official":
		return w.pick([]string{"a senior official", "a defence official", "two officials familiar with the matter", "a military spokesperson", "a government source", "a diplomat"})
	case "said":
		return w.pick([]string{"said", "told reporters", "said in a statement", "confirmed"})
	}
	return "{" + name + "}"
}

func sentenceCase(s string) string {
	if s == "" {
		return s
	}
	if s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

func (w *writer) sentence(event string, sc *scene) string {
	ts := eventTemplates[event]
	return w.fill(ts[w.r.IntN(len(ts))], sc)
}

func (w *writer) context(sc *scene) string {
	return w.fill(contextTemplates[w.r.IntN(len(contextTemplates))], sc)
}

func (w *writer) quote(sc *scene) string {
	return w.fill(quoteTemplates[w.r.IntN(len(quoteTemplates))], sc)
}

func (w *writer) background(sc *scene) string {
	return w.fill(backgroundTemplates[w.r.IntN(len(backgroundTemplates))], sc)
}

func (w *writer) neutralParagraph() string {
	sc := &scene{place: w.t.places[w.zPlace.Uint64()], host: w.t.countries[w.zCountry.Uint64()]}
	sc.actor, sc.base, sc.base2 = sc.host, w.t.bases[0], w.t.bases[0]
	sc.outlet, sc.group = w.t.outlets[0], w.t.groups[0]
	order := w.r.Perm(len(neutralTemplates))[:2+w.r.IntN(3)]
	out := make([]string, len(order))
	for k, ti := range order {
		out[k] = w.fill(neutralTemplates[ti], sc)
	}
	return strings.Join(out, " ")
}

func (w *writer) headline(event string, sc *scene) string {
	ts := headlineTemplates[event]
	h := w.fill(ts[w.r.IntN(len(ts))], sc)
	return strings.TrimSuffix(h, ".")
}

func slugOf(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() > 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}
