package graph

// The entity index's publisher lists answer sources --entity without
// reading every article of the entity: a hot base is mentioned by
// thousands, and the answer has a row per publisher.
//
//   - entPubArticles: per entity and publisher, the entity's articles
//     (entArticles' entries) that publisher published, newest first; the
//     value is the entry's How. A row's newest sources are the first keys
//     of its prefix.
//   - entPubCounts: per entity and publisher, how many such articles, and
//     the publication dates of the oldest and the newest (a row's first
//     and last), so the rows and their order are one short scan.
//
// Both follow entArticles' changes. A count's oldest and newest date are
// kept as articles come; when an article dated at either end goes, they
// are read again from the publisher's list (a scan of that list, which
// only a replaced or deleted article costs).

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"

	"github.com/cayleygraph/quad"
)

const (
	entPubArticles = "ent_pub_articles"
	entPubCounts   = "ent_pub_counts"
)

// splitArticleKey splits an entArticles key into the entity's key
// prefix, the inverted date and the article's encoded id.
func splitArticleKey(k []byte) (ent, date, art []byte, err error) {
	_, rest, err := readID(k, entEntityPrefix)
	if err != nil {
		return nil, nil, nil, err
	}
	ent = k[:len(k)-len(rest)]
	i := bytes.IndexByte(rest, 0xff)
	if i < 0 {
		return nil, nil, nil, fmt.Errorf("entity index: truncated date in article key %x", k)
	}
	return ent, rest[:i+1], rest[i+1:], nil
}

// articlePublisher is the publisher key part (optID) of an entArticles
// value.
func articlePublisher(v []byte) []byte {
	if len(v) < 2 {
		return []byte{0}
	}
	return v[1:]
}

func pubCountKey(ent, pub []byte) []byte {
	return append(slices.Clip(ent), pub...)
}

// pubCount is an entPubCounts value.
type pubCount struct {
	n           int
	first, last string // publication dates of the oldest and the newest
}

func (c pubCount) encode() []byte {
	b := binary.AppendUvarint(nil, uint64(c.n))
	b = putString(b, c.first)
	return putString(b, c.last)
}

func decodePubCount(v []byte) (pubCount, error) {
	var c pubCount
	n, k := binary.Uvarint(v)
	if k <= 0 {
		return c, fmt.Errorf("entity index: bad publisher count %x", v)
	}
	c.n = int(n)
	var err error
	b := v[k:]
	if c.first, b, err = readString(b); err != nil {
		return c, err
	}
	c.last, _, err = readString(b)
	return c, err
}

// indexPublisherArticles updates the publisher lists and counts from a
// batch's entArticles changes (key -> value before and after).
func indexPublisherArticles(ctx context.Context, w SideWriter, changes map[string]*keyChange) error {
	type delta struct {
		n              int
		added, removed []string
	}
	deltas := map[string]*delta{}
	puts := map[string][]byte{}
	deltaOf := func(k []byte) *delta {
		d, ok := deltas[string(k)]
		if !ok {
			d = &delta{}
			deltas[string(k)] = d
		}
		return d
	}
	// Removals first: an entry that stays under the same publisher is
	// removed and put back.
	for pass := range 2 {
		for k, c := range changes {
			v := c.old
			if pass == 1 {
				v = c.new
			}
			if v == nil || bytes.Equal(c.old, c.new) {
				continue
			}
			ent, date, art, err := splitArticleKey([]byte(k))
			if err != nil {
				return err
			}
			ck := pubCountKey(ent, articlePublisher(v))
			pk := string(append(append(slices.Clone(ck), date...), art...))
			published, _, err := readInvDate(date)
			if err != nil {
				return err
			}
			d := deltaOf(ck)
			if pass == 0 {
				puts[pk] = nil
				d.n--
				d.removed = append(d.removed, published)
			} else {
				puts[pk] = []byte{v[0]}
				d.n++
				d.added = append(d.added, published)
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(puts)) {
		if err := w.SidePut(ctx, entPubArticles, []byte(k), puts[k]); err != nil {
			return err
		}
	}
	for _, k := range slices.Sorted(maps.Keys(deltas)) {
		d := deltas[k]
		v, err := w.SideGet(ctx, entPubCounts, []byte(k))
		if err != nil {
			return err
		}
		var c pubCount
		if v != nil {
			if c, err = decodePubCount(v); err != nil {
				return err
			}
		}
		had := c.n
		c.n += d.n
		switch {
		case c.n < 0:
			return fmt.Errorf("entity index: publisher count of key %x falls below zero", k)
		case c.n == 0:
			if err := w.SidePut(ctx, entPubCounts, []byte(k), nil); err != nil {
				return err
			}
			continue
		case slices.Contains(d.removed, c.first) || slices.Contains(d.removed, c.last):
			// An end went: read the ends again from the list.
			c.first, c.last = "", ""
			seen := false
			err := w.SideScan(ctx, entPubArticles, []byte(k), nil, func(key, _ []byte) bool {
				date, _, err := readInvDate(key[len(k):])
				if err == nil {
					if !seen {
						c.last = date
					}
					c.first, seen = date, true
				}
				return true
			})
			if err != nil {
				return err
			}
		default:
			for i, date := range d.added {
				if had == 0 && i == 0 {
					c.first, c.last = date, date
					continue
				}
				c.first, c.last = min(c.first, date), max(c.last, date)
			}
		}
		if err := w.SidePut(ctx, entPubCounts, []byte(k), c.encode()); err != nil {
			return err
		}
	}
	return nil
}

// PublisherCount is how many articles that mention an entity (or that it
// published) one publisher published, and the publication dates of the
// oldest and the newest of them.
type PublisherCount struct {
	Publisher   quad.IRI // "" for articles without a publisher
	Articles    int
	First, Last string
}

// EntityPublishers calls fn with each publisher of the articles that
// mention entity or that it published, in key order, until fn returns
// false.
func EntityPublishers(ctx context.Context, r SideReader, entity quad.IRI, fn func(PublisherCount) bool) error {
	prefix := idKey(nil, string(entity), entEntityPrefix)
	var derr error
	err := r.SideScan(ctx, entPubCounts, prefix, nil, func(k, v []byte) bool {
		pub, _, err := readOptID(k[len(prefix):])
		if err == nil {
			var c pubCount
			if c, err = decodePubCount(v); err == nil {
				return fn(PublisherCount{Publisher: quad.IRI(pub), Articles: c.n, First: c.first, Last: c.last})
			}
		}
		derr = err
		return false
	})
	if err != nil {
		return err
	}
	return derr
}

// EntityPublisherArticles calls fn with each article that mentions entity
// (or that it published) and that publisher ("": none) published, newest
// first (then by article id), until fn returns false.
func EntityPublisherArticles(ctx context.Context, r SideReader, entity, publisher quad.IRI, fn func(EntityArticle) bool) error {
	prefix := optID(idKey(nil, string(entity), entEntityPrefix), string(publisher))
	var derr error
	err := r.SideScan(ctx, entPubArticles, prefix, nil, func(k, v []byte) bool {
		a := EntityArticle{Publisher: publisher}
		published, rest, err := readInvDate(k[len(prefix):])
		if err == nil {
			var art string
			if art, _, err = readID(rest, entArticlePrefix); err == nil && len(v) > 0 {
				a.Article, a.Published, a.How = quad.IRI(art), published, int(v[0])
				return fn(a)
			}
		}
		if err == nil {
			err = fmt.Errorf("entity index: empty publisher article entry %x", k)
		}
		derr = err
		return false
	})
	if err != nil {
		return err
	}
	return derr
}
