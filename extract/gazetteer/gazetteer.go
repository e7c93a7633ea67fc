// Package gazetteer owns the named-entity lists newsgraph recognises —
// countries and territories, places, military bases and organisations — and
// the matcher that finds them in text.
//
// The built-in lists are TSV files embedded from data/; users add their own
// files in the same formats (see Load). Matching runs one Aho-Corasick
// automaton over case-folded text, keeps only matches on word boundaries that
// satisfy the entry's case rule, and resolves overlaps longest-first.
package gazetteer

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/coregx/ahocorasick"
)

//go:embed data/*.tsv
var builtin embed.FS

// Entry types.
const (
	Country      = "Country"
	Place        = "Place"
	Base         = "Base"
	Organisation = "Organisation"
)

// Entry is one gazetteer record.
type Entry struct {
	Type string
	// Name is the canonical name.
	Name string
	// Code is the ISO 3166-1 alpha-2 code of a country.
	Code string
	// Country is the ISO code of the country a base, place or organisation
	// belongs to.
	Country   string
	Aliases   []string
	Demonyms  []string
	Capital   string
	Operators []string
	Kind      string
	Lat, Lon  float64
	HasGeo    bool
	// Source is the file the entry came from.
	Source string
}

// IsOutlet reports whether the entry is a news outlet (cited, never an actor).
func (e *Entry) IsOutlet() bool { return e.Type == Organisation && e.Kind == "news outlet" }

// Role says how a match named its entry.
type Role int

// Roles of a match.
const (
	RoleName Role = iota
	RoleAlias
	RoleDemonym
	RoleCapital
)

// Match is one occurrence of an entry in text; Start and End are byte
// offsets into the text passed to Find.
type Match struct {
	Start, End int
	Entry      *Entry
	Role       Role
}

type surface struct {
	entry *Entry
	role  Role
	// text is the surface form as written in the gazetteer; its case rule
	// is checked against the matched text.
	text string
}

// Gazetteer is a loaded set of entries with its matcher. It is safe for
// concurrent use.
type Gazetteer struct {
	entries   []*Entry
	byCode    map[string]*Entry
	byKey     map[string][]surface
	patterns  []string
	surfaces  [][]surface
	automaton *ahocorasick.Automaton
	// Digest identifies the loaded data by content (see contentDigest); it
	// joins the extractor's identity, recorded with every article's graph
	// so stale extractions can be found.
	Digest string
}

// Load reads the built-in lists and then each user file or folder in extra.
// A user file's type is given by its name: countries*.tsv, places*.tsv,
// bases*.tsv or organisations*.tsv (organizations*.tsv is accepted too).
func Load(extra ...string) (*Gazetteer, error) {
	g := &Gazetteer{byCode: map[string]*Entry{}, byKey: map[string][]surface{}}
	digest := newContentDigest()
	files, err := fs.Glob(builtin, "data/*.tsv")
	if err != nil {
		return nil, err
	}
	for _, name := range files {
		f, err := builtin.Open(name)
		if err != nil {
			return nil, err
		}
		r, done := digest.file("builtin", name, f)
		err = g.read(r, "builtin:"+filepath.Base(name))
		done()
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	for _, path := range extra {
		paths := []string{path}
		if info, err := os.Stat(path); err == nil && info.IsDir() {
			paths, _ = filepath.Glob(filepath.Join(path, "*.tsv"))
		}
		for _, p := range paths {
			f, err := os.Open(p)
			if err != nil {
				return nil, fmt.Errorf("gazetteer %s: %w", p, err)
			}
			r, done := digest.file("user", p, f)
			err = g.read(r, p)
			done()
			f.Close()
			if err != nil {
				return nil, err
			}
		}
	}
	g.Digest = digest.sum()
	if err := g.build(); err != nil {
		return nil, err
	}
	return g, nil
}

func typeOfFile(name string) (string, int, error) {
	base := strings.TrimPrefix(strings.ToLower(filepath.Base(name)), "builtin:")
	switch {
	case strings.HasPrefix(base, "countries"):
		return Country, 7, nil
	case strings.HasPrefix(base, "places"):
		return Place, 6, nil
	case strings.HasPrefix(base, "bases"):
		return Base, 7, nil
	case strings.HasPrefix(base, "organisations"), strings.HasPrefix(base, "organizations"):
		return Organisation, 4, nil
	}
	return "", 0, fmt.Errorf("gazetteer %s: cannot tell the entry type from the file name (want countries*, places*, bases* or organisations*.tsv)", name)
}

func (g *Gazetteer) read(r io.Reader, source string) error {
	typ, ncols, err := typeOfFile(source)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) < ncols {
			cols = append(cols, make([]string, ncols-len(cols))...)
		}
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
		e := &Entry{Type: typ, Source: source}
		switch typ {
		case Country: // code name aliases demonyms capital lat lon
			e.Code, e.Name, e.Aliases, e.Demonyms, e.Capital = strings.ToUpper(cols[0]), cols[1], list(cols[2]), list(cols[3]), cols[4]
			e.Country = e.Code
			err = e.setGeo(cols[5], cols[6])
		case Place: // name country aliases kind lat lon
			e.Name, e.Country, e.Aliases, e.Kind = cols[0], strings.ToUpper(cols[1]), list(cols[2]), cols[3]
			err = e.setGeo(cols[4], cols[5])
		case Base: // name country aliases operators kind lat lon
			e.Name, e.Country, e.Aliases, e.Operators, e.Kind = cols[0], strings.ToUpper(cols[1]), list(cols[2]), list(cols[3]), cols[4]
			err = e.setGeo(cols[5], cols[6])
		case Organisation: // name kind aliases country
			e.Name, e.Kind, e.Aliases, e.Country = cols[0], cols[1], list(cols[2]), strings.ToUpper(cols[3])
		}
		if err != nil {
			return fmt.Errorf("gazetteer %s:%d: %w", source, line, err)
		}
		if e.Name == "" {
			return fmt.Errorf("gazetteer %s:%d: empty name", source, line)
		}
		g.entries = append(g.entries, e)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("gazetteer %s: %w", source, err)
	}
	return nil
}

func (e *Entry) setGeo(lat, lon string) error {
	if lat == "" || lon == "" {
		return nil
	}
	la, err1 := strconv.ParseFloat(lat, 64)
	lo, err2 := strconv.ParseFloat(lon, 64)
	if err1 != nil || err2 != nil || la < -90 || la > 90 || lo < -180 || lo > 180 {
		return fmt.Errorf("bad coordinates %q, %q", lat, lon)
	}
	e.Lat, e.Lon, e.HasGeo = la, lo, true
	return nil
}

func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// typeRank orders entries that share a surface form: a base name is more
// specific than a place, an organisation more than a country.
func typeRank(t string) int {
	switch t {
	case Base:
		return 0
	case Organisation:
		return 1
	case Country:
		return 2
	}
	return 3
}

func (g *Gazetteer) build() error {
	// Later entries with the same type and name override earlier ones, so a
	// user file can correct a built-in record.
	seen := map[string]int{}
	var kept []*Entry
	for _, e := range g.entries {
		k := e.Type + "\x00" + Fold(e.Name)
		if i, ok := seen[k]; ok {
			kept[i] = e
			continue
		}
		seen[k] = len(kept)
		kept = append(kept, e)
	}
	g.entries = kept
	index := map[string]int{}
	add := func(e *Entry, role Role, text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		for _, variant := range variants(text) {
			key := Fold(variant)
			if slices.ContainsFunc(g.byKey[key], func(o surface) bool { return o.entry == e }) {
				continue // "US Army" and its generated "U.S. Army" alias
			}
			s := surface{entry: e, role: role, text: variant}
			g.byKey[key] = append(g.byKey[key], s)
			i, ok := index[key]
			if !ok {
				i = len(g.patterns)
				index[key] = i
				g.patterns = append(g.patterns, key)
				g.surfaces = append(g.surfaces, nil)
			}
			g.surfaces[i] = append(g.surfaces[i], s)
		}
	}
	for _, e := range g.entries {
		if e.Type == Country {
			g.byCode[e.Code] = e
		}
		add(e, RoleName, e.Name)
		for _, a := range e.Aliases {
			add(e, RoleAlias, a)
		}
		for _, d := range e.Demonyms {
			add(e, RoleDemonym, d)
		}
		if e.Capital != "" {
			add(e, RoleCapital, e.Capital)
		}
	}
	for _, ss := range g.surfaces {
		slices.SortStableFunc(ss, func(a, b surface) int { return typeRank(a.entry.Type) - typeRank(b.entry.Type) })
	}
	for k, ss := range g.byKey {
		slices.SortStableFunc(ss, func(a, b surface) int { return typeRank(a.entry.Type) - typeRank(b.entry.Type) })
		g.byKey[k] = ss
	}
	if len(g.patterns) == 0 {
		return nil
	}
	a, err := ahocorasick.NewBuilder().SetMatchKind(ahocorasick.LeftmostLongest).AddStrings(g.patterns).Build()
	if err != nil {
		return fmt.Errorf("gazetteer: build matcher: %w", err)
	}
	g.automaton = a
	return nil
}

// variants spells a surface form with straight and curly apostrophes, since
// folding must keep byte offsets and so cannot map one to the other.
func variants(s string) []string {
	out := []string{s}
	// Style guides disagree on "US" and "U.S." (AP and Reuters dot it,
	// the BBC and AFP do not), so a name starting with one also matches
	// with the other.
	for _, p := range [][2]string{{"US ", "U.S. "}, {"U.S. ", "US "}, {"UK ", "U.K. "}, {"U.K. ", "UK "}} {
		if strings.HasPrefix(s, p[0]) {
			out = append(out, p[1]+s[len(p[0]):])
		}
	}
	for _, v := range out {
		if strings.Contains(v, "'") {
			out = append(out, strings.ReplaceAll(v, "'", "’"))
		}
		if strings.Contains(v, "’") {
			out = append(out, strings.ReplaceAll(v, "’", "'"))
		}
	}
	return out
}

// Fold maps text to the matcher's key space without changing byte offsets:
// ASCII letters are lowercased and hyphens become spaces, so "Al-Asad" and
// "al Asad" meet.
func Fold(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'A' && c <= 'Z':
			b[i] = c + 'a' - 'A'
		case c == '-':
			b[i] = ' '
		}
	}
	return string(b)
}

// Entries returns every loaded entry.
func (g *Gazetteer) Entries() []*Entry { return g.entries }

// CountryByCode returns the country with an ISO alpha-2 code.
func (g *Gazetteer) CountryByCode(code string) *Entry { return g.byCode[strings.ToUpper(code)] }

// Lookup finds entries whose name or alias equals s after folding, of the
// given type (any type when typ is empty). Case rules apply.
func (g *Gazetteer) Lookup(s, typ string) []*Entry {
	var out []*Entry
	for _, sf := range g.byKey[Fold(strings.TrimSpace(s))] {
		if (typ == "" || sf.entry.Type == typ) && caseOK(sf.text, s) && !slices.Contains(out, sf.entry) {
			out = append(out, sf.entry)
		}
	}
	return out
}

// Find returns the non-overlapping entry matches in text, longest first,
// in text order.
func (g *Gazetteer) Find(text string) []Match {
	if g.automaton == nil || text == "" {
		return nil
	}
	folded := []byte(Fold(text))
	raw := g.automaton.FindAllOverlapping(folded)
	type cand struct {
		start, end int
		s          surface
	}
	var cands []cand
	for _, m := range raw {
		if !boundary(text, m.Start, m.End) {
			continue
		}
		got := text[m.Start:m.End]
		for _, s := range g.surfaces[m.PatternID] {
			if caseOK(s.text, got) {
				cands = append(cands, cand{m.Start, m.End, s})
				break
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		if la, lb := a.end-a.start, b.end-b.start; la != lb {
			return lb - la
		}
		return a.start - b.start
	})
	var out []Match
	taken := make([]bool, len(text))
	for _, c := range cands {
		free := true
		for i := c.start; i < c.end; i++ {
			if taken[i] {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for i := c.start; i < c.end; i++ {
			taken[i] = true
		}
		out = append(out, Match{Start: c.start, End: c.end, Entry: c.s.entry, Role: c.s.role})
	}
	slices.SortFunc(out, func(a, b Match) int { return a.Start - b.Start })
	return out
}

// boundary reports whether text[start:end] is a whole word sequence.
func boundary(text string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:start])
		if isWordRune(r) {
			return false
		}
	}
	if end < len(text) {
		r, _ := utf8.DecodeRuneInString(text[end:])
		if isWordRune(r) {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// genericWords are parts of installation names that prose often writes in
// lowercase.
var genericWords = map[string]bool{
	"air": true, "base": true, "airbase": true, "naval": true, "station": true, "airfield": true,
	"field": true, "military": true, "army": true, "force": true, "facility": true, "camp": true,
	"garrison": true, "barracks": true, "port": true, "support": true, "site": true, "training": true,
	"area": true, "range": true, "airport": true, "radar": true,
}

// caseOK applies an entry's case rule to the text it matched:
//   - an acronym (no lowercase letters, such as "US", "U.S.", "ISIS") must
//     match exactly, so "us" and "is" never match;
//   - so must a form with capitals inside a word ("LeT", "DoD"), so the
//     verb "let" never names Lashkar-e-Taiba;
//   - a capitalised form must be capitalised in the text (so "chad" or
//     "turkey" in lowercase are not countries), other letters may differ;
//   - a lowercase form ("global coalition") matches in any case.
func caseOK(pattern, got string) bool {
	hasLower, hasLetter := false, false
	for _, r := range pattern {
		if unicode.IsLetter(r) {
			hasLetter = true
			if unicode.IsLower(r) {
				hasLower = true
			}
		}
	}
	if hasLetter && (!hasLower || innerCapital(pattern)) {
		return pattern == got || strings.ReplaceAll(pattern, "-", " ") == strings.ReplaceAll(got, "-", " ")
	}
	// Every capitalised word of the form must be capitalised in the text,
	// so "The National" (a newspaper) does not match "The national army";
	// generic installation words may be lowercase ("Erbil air base").
	pw, gw := strings.Fields(pattern), strings.Fields(got)
	if len(pw) != len(gw) {
		pw, gw = strings.Fields(strings.ReplaceAll(pattern, "-", " ")), strings.Fields(strings.ReplaceAll(got, "-", " "))
	}
	for i := range min(len(pw), len(gw)) {
		pr, _ := utf8.DecodeRuneInString(pw[i])
		gr, _ := utf8.DecodeRuneInString(gw[i])
		if unicode.IsUpper(pr) && !unicode.IsUpper(gr) && (i == 0 || !genericWords[strings.ToLower(pw[i])]) {
			return false
		}
	}
	return true
}

// innerCapital reports an uppercase letter after the first letter of a word.
func innerCapital(s string) bool {
	prevLetter := false
	for _, r := range s {
		if unicode.IsUpper(r) && prevLetter {
			return true
		}
		prevLetter = unicode.IsLetter(r)
	}
	return false
}
