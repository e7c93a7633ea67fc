package graph

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/lib/pq"
)

// Facts reads one object of every (subject, predicate) pair of the given
// subjects and predicates, by subject (nodeKey) and predicate: for facts
// that have one value (a name, a coordinate), however many graphs state
// them. On a PostgreSQL snapshot it is one query: Cayley's SQL backend
// reads one value per SELECT (CAYLEY.md trap 8), so a page of 50 rows with
// five facts each would otherwise cost hundreds of round trips. Elsewhere
// it reads the first quad of each pair through the (subject, predicate)
// index.
func (s *Store) Facts(ctx context.Context, subjects []quad.Value, preds []quad.IRI) (map[string]map[quad.IRI]quad.Value, error) {
	out := map[string]map[quad.IRI]quad.Value{}
	if len(subjects) == 0 || len(preds) == 0 {
		return out, nil
	}
	if s.pgSnap != nil {
		if err := s.pgFacts(ctx, subjects, preds, out); err != nil {
			return nil, fmt.Errorf("read facts: %w", err)
		}
		return out, nil
	}
	for _, subj := range subjects {
		for _, p := range preds {
			v, err := s.Value(ctx, subj, p)
			if err != nil {
				return nil, fmt.Errorf("read facts of %s: %w", nodeKey(subj), err)
			}
			if v == nil {
				continue
			}
			k := nodeKey(subj)
			if out[k] == nil {
				out[k] = map[quad.IRI]quad.Value{}
			}
			out[k][p] = v
		}
	}
	return out, nil
}

// pgFacts is Facts in one query of the snapshot's transaction. It knows
// the values newsgraph stores as facts: IRIs, strings and floats.
func (s *Store) pgFacts(ctx context.Context, subjects []quad.Value, preds []quad.IRI, out map[string]map[quad.IRI]quad.Value) error {
	hashes := func(vs []quad.Value) pq.ByteaArray {
		out := make(pq.ByteaArray, len(vs))
		for i, v := range vs {
			out[i] = csql.HashOf(v).SQLValue().([]byte)
		}
		return out
	}
	pv := make([]quad.Value, len(preds))
	for i, p := range preds {
		pv[i] = p
	}
	const q = `SELECT s.value_string, p.value_string, o.value_string, o.iri, o.value_float
FROM (SELECT DISTINCT ON (subject_hash, predicate_hash) subject_hash, predicate_hash, object_hash
      FROM quads WHERE subject_hash = ANY($1) AND predicate_hash = ANY($2)) q
JOIN nodes s ON s.hash = q.subject_hash JOIN nodes p ON p.hash = q.predicate_hash JOIN nodes o ON o.hash = q.object_hash`
	s.pgSnap.mu.Lock()
	defer s.pgSnap.mu.Unlock()
	rows, err := s.pgSnap.tx.QueryContext(ctx, q, hashes(subjects), hashes(pv))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var subj, pred, str sql.NullString
		var iri sql.NullBool
		var f sql.NullFloat64
		if err := rows.Scan(&subj, &pred, &str, &iri, &f); err != nil {
			return err
		}
		var v quad.Value
		switch {
		case iri.Valid && iri.Bool:
			v = quad.IRI(str.String)
		case f.Valid:
			v = quad.Float(f.Float64)
		case str.Valid:
			v = quad.String(str.String)
		default:
			continue
		}
		if out[subj.String] == nil {
			out[subj.String] = map[quad.IRI]quad.Value{}
		}
		out[subj.String][quad.IRI(pred.String)] = v
	}
	return rows.Err()
}

// SummaryCounts are the counters `stats` reads.
type SummaryCounts struct {
	Articles int64            `json:"articles"`
	Entities map[string]int64 `json:"entities,omitempty"`
	Events   map[string]int64 `json:"events,omitempty"`
}

// HasSummaries reports whether the store keeps summaries that readers
// can answer from: a store written before they were a side index, or
// after a raw load, does not until a rebuild.
func (s *Store) HasSummaries(ctx context.Context) (bool, error) {
	return s.IndexKept(ctx, SummaryIndex)
}

// SummaryCounts reads the counters `stats` shows; ok is false when the
// store keeps no summaries.
func (s *Store) SummaryCounts(ctx context.Context) (c SummaryCounts, ok bool, err error) {
	if ok, err = s.HasSummaries(ctx); err != nil || !ok {
		return c, ok, err
	}
	err = s.sideRead(ctx, func(r SideReader) error {
		c, err = readCounts(ctx, r)
		return err
	})
	return c, true, err
}

// summaryCombo names the filter combination of the headline answer's
// arguments: type ("" for any), status (a status, "current" or "" for
// current, "any") and negation ("false" or "", "true", "any").
func summaryCombo(typ, status, neg string) string {
	if typ == "" {
		typ = anyValue
	}
	switch status {
	case "", currentStatus:
		status = currentStatus
	case "any":
		status = anyValue
	}
	if neg == "" {
		neg = "false"
	}
	return comboBytes(typ, status, neg)
}

// BaseSummaries reads the rows of every base with events of type typ,
// status and negation neg (see summaryCombo), most events first; ok is
// false when the store keeps no summaries. Its cost grows with the
// number of bases, not of articles: it is for the filters the rows'
// orders do not answer (host country, operator).
func (s *Store) BaseSummaries(ctx context.Context, typ, status, neg string) (rows []BaseRow, ok bool, err error) {
	rows, _, ok, err = s.BaseRows(ctx, typ, status, neg, "events", 0, math.MaxInt)
	return rows, ok, err
}

// BaseRows reads one page of the rows of a filter combination (see
// BaseSummaries) in the order sort names (events, articles, last or name;
// "" is events), and how many rows the combination has: a scan of
// offset+limit keys and one key, whatever the size of the store.
func (s *Store) BaseRows(ctx context.Context, typ, status, neg, sort string, offset, limit int) (rows []BaseRow, total int, ok bool, err error) {
	if ok, err = s.HasSummaries(ctx); err != nil || !ok {
		return nil, 0, ok, err
	}
	combo := summaryCombo(typ, status, neg)
	order := sortEvents
	switch sort {
	case "articles":
		order = sortArticles
	case "last":
		order = sortLast
	case "name":
		order = sortName
	}
	err = s.sideRead(ctx, func(r SideReader) error {
		n, err := getInt(ctx, r, bucketTotal, []byte(combo))
		if err != nil {
			return err
		}
		total = int(n)
		// The other orders' keys hold the key of the row by events.
		seen := 0
		var vals [][]byte
		err = r.SideScan(ctx, bucketRow, []byte(combo+order), nil, func(_, val []byte) bool {
			seen++
			if seen <= offset {
				return true
			}
			vals = append(vals, slices.Clone(val))
			return len(vals) < limit
		})
		if err != nil {
			return err
		}
		for _, val := range vals {
			if order != sortEvents {
				if val, err = r.SideGet(ctx, bucketRow, val); err != nil {
					return err
				}
				if val == nil {
					return fmt.Errorf("a row of %q by %s has no row by events", combo, sort)
				}
			}
			var row BaseRow
			if err := json.Unmarshal(val, &row); err != nil {
				return err
			}
			rows = append(rows, expandRow(row))
		}
		return nil
	})
	if err != nil {
		return nil, 0, true, fmt.Errorf("summary rows of %q: %w", combo, err)
	}
	return rows, total, true, nil
}

// expandRow writes a stored row's IRIs in full.
func expandRow(row BaseRow) BaseRow {
	row.Base = expandIRI(row.Base)
	for i := range row.Actors {
		row.Actors[i].Actor = expandIRI(row.Actors[i].Actor)
	}
	return row
}

// writerLockKey is the PostgreSQL advisory lock newsgraph's writers hold.
const writerLockKey = 0x6e657773 // "news"

// lockWriters makes this process's write the only one on a PostgreSQL
// store until unlock: a write reads the articles' and summaries' stored
// quads and writes the difference, and two processes (serve and refresh)
// doing that at once would each add a summary value over the same old
// one. bolt and leveldb have one writing process by their file lock; the
// caller holds writeMu for this process's writers.
func (s *Store) lockWriters(ctx context.Context) (unlock func(), err error) {
	if s.pg == nil {
		return func() {}, nil
	}
	conn, err := s.pg.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres writer lock: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, writerLockKey); err != nil {
		conn.Close()
		return nil, fmt.Errorf("postgres writer lock: %w", err)
	}
	return func() {
		// A fresh context: the lock must go even when the write's ended.
		_, _ = conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, writerLockKey)
		conn.Close()
	}, nil
}
