package graph

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/boltdb/bolt"
)

// Bolt never gives pages back: a page split leaves two half-full pages
// (FillPercent 0.5), so buckets written in key order, like Cayley's quad
// log, end half empty, and a deleted quad's pages go on the freelist for
// good. Copying every bucket into a fresh file in key order with full
// pages is the only way to shrink a bolt store.

// compactFill is the fill of the copy's pages. Cayley's buckets are read
// far more than they are written once a corpus is in, and a later insert
// into a full page splits it in two, which costs no more than it would
// have on a half-full one.
const compactFill = 1.0

// compactTxBytes bounds what one write transaction of the copy holds:
// bolt keeps every page of a transaction in memory until it commits.
const compactTxBytes = 64 << 20

// bucketCost is what a transaction holds per bucket it writes, counted
// against its limit.
const bucketCost = 2 << 10

// BucketSpace is what one bucket, or a group of Cayley's value buckets,
// takes in a bolt file.
type BucketSpace struct {
	Name string `json:"name"`
	// Buckets counts the buckets of a group (Cayley spreads its node
	// values and reference counts over 65,536 buckets each).
	Buckets int `json:"buckets"`
	Keys    int `json:"keys"`
	// Bytes is the size of its own pages; Used the bytes of them that hold
	// data. Inline holds what small buckets keep inside the page of the
	// bucket directory instead (bolt's inline buckets).
	Bytes  int64 `json:"bytes"`
	Used   int64 `json:"used"`
	Inline int64 `json:"inline_bytes"`
}

// Fill is the share of the bucket's pages that hold data.
func (b BucketSpace) Fill() float64 {
	if b.Bytes == 0 {
		return 0
	}
	return float64(b.Used) / float64(b.Bytes)
}

// Space is where the bytes of a bolt store go.
type Space struct {
	File     string        `json:"file"`
	Bytes    int64         `json:"bytes"`
	PageSize int           `json:"page_size"`
	Buckets  []BucketSpace `json:"buckets"`
	// Directory is the pages of the bucket directory, which hold the
	// inline buckets (DirectoryUsed of them hold data); Free the rest of
	// the file: pages on the freelist, the freelist and the meta pages.
	Directory     int64 `json:"directory_bytes"`
	DirectoryUsed int64 `json:"directory_used"`
	Free          int64 `json:"free_bytes"`
}

// boltFile is where Cayley keeps a bolt store's data in its folder.
func boltFile(path string) string { return filepath.Join(path, "indexes.bolt") }

// bucketGroup names the group a top-level bucket is reported in.
func bucketGroup(name []byte) string {
	if len(name) == 3 {
		switch name[0] {
		case 'v':
			return "node values (v..)"
		case 'n':
			return "node refcounts (n..)"
		}
	}
	switch string(name) {
	case "log":
		return "log (quads and nodes)"
	case "meta":
		return "meta"
	}
	if strings.HasPrefix(string(name), sideBucketPrefix) {
		return "side " + strings.TrimPrefix(string(name), sideBucketPrefix)
	}
	dirs := map[byte]string{'s': "subject", 'p': "predicate", 'o': "object", 'c': "label"}
	parts := make([]string, 0, len(name))
	for _, c := range name {
		d, ok := dirs[c]
		if !ok {
			return string(name)
		}
		parts = append(parts, d)
	}
	return "index " + strings.Join(parts, ",")
}

// BoltSpace reports where the bytes of the bolt store at path (the
// folder of a bolt: store) go, per Cayley bucket. It opens the store
// read-only, beside other readers.
func BoltSpace(ctx context.Context, path string) (Space, error) {
	file := boltFile(path)
	if err := checkKVExists("bolt", path); err != nil {
		return Space{}, err
	}
	if err := checkBoltFree(path, false); err != nil {
		return Space{}, err
	}
	db, err := bolt.Open(file, 0o644, &bolt.Options{ReadOnly: true, Timeout: boltLockWait})
	if err != nil {
		if busy := lockError("bolt", path, err); busy != nil {
			return Space{}, busy
		}
		return Space{}, fmt.Errorf("bolt store %s: %w", path, err)
	}
	defer db.Close()
	sp, err := boltSpace(ctx, db)
	if err != nil {
		return Space{}, fmt.Errorf("bolt store %s: %w", path, err)
	}
	return sp, nil
}

func boltSpace(ctx context.Context, db *bolt.DB) (Space, error) {
	sp := Space{File: db.Path(), PageSize: db.Info().PageSize}
	groups := map[string]*BucketSpace{}
	var inTree, usedInTree int64
	err := db.View(func(tx *bolt.Tx) error {
		sp.Bytes = tx.Size()
		// The root bucket's stats count every page of the tree; less the
		// buckets' own, the directory's.
		st := tx.Cursor().Bucket().Stats()
		inTree = int64(st.BranchAlloc + st.LeafAlloc)
		usedInTree = int64(st.BranchInuse + st.LeafInuse)
		n := 0
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			g := bucketGroup(name)
			bs := groups[g]
			if bs == nil {
				bs = &BucketSpace{Name: g}
				groups[g] = bs
			}
			st := b.Stats()
			bs.Buckets += st.BucketN
			bs.Keys += st.KeyN
			bs.Bytes += int64(st.BranchAlloc + st.LeafAlloc)
			bs.Used += int64(st.BranchInuse + st.LeafInuse)
			bs.Inline += int64(st.InlineBucketInuse)
			return nil
		})
	})
	if err != nil {
		return Space{}, err
	}
	sp.Directory, sp.DirectoryUsed = inTree, usedInTree
	for _, g := range groups {
		sp.Buckets = append(sp.Buckets, *g)
		sp.Directory -= g.Bytes
		sp.DirectoryUsed -= g.Used
	}
	slices.SortFunc(sp.Buckets, func(a, b BucketSpace) int {
		if a.Bytes != b.Bytes {
			if a.Bytes > b.Bytes {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	sp.Free = sp.Bytes - inTree
	return sp, nil
}

// CompactResult is what a compaction did.
type CompactResult struct {
	Before, After int64 // file sizes
	Keys          int   // keys copied
}

// CompactBolt rewrites the bolt store at path (the folder of a bolt:
// store) into a fresh file with full pages, holding the store for writing
// throughout, and puts the copy in the original's place with an atomic
// rename once it is complete and on disk. A crash or an error at any point
// leaves the original store whole: before the rename it is untouched, and
// the rename either happened or did not. A leftover partial copy is
// removed by the next compaction.
func CompactBolt(ctx context.Context, path string) (CompactResult, error) {
	return compactBolt(ctx, path, compactTxBytes)
}

// compactBolt is CompactBolt with transactions of the copy of up to
// txBytes.
func compactBolt(ctx context.Context, path string, txBytes int) (CompactResult, error) {
	file := boltFile(path)
	if err := checkKVExists("bolt", path); err != nil {
		return CompactResult{}, err
	}
	if err := checkBoltFree(path, true); err != nil {
		return CompactResult{}, err
	}
	// Opened for writing only to hold bolt's exclusive lock: no other
	// process writes (or reads a file about to be replaced) meanwhile.
	src, err := bolt.Open(file, 0o644, &bolt.Options{Timeout: boltLockWait})
	if err != nil {
		if busy := lockError("bolt", path, err); busy != nil {
			return CompactResult{}, busy
		}
		return CompactResult{}, fmt.Errorf("compact bolt store %s: %w", path, err)
	}
	defer src.Close()
	tmp := file + ".compact"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return CompactResult{}, fmt.Errorf("compact bolt store %s: %w", path, err)
	}
	res, err := compactInto(ctx, src, tmp, txBytes)
	if err != nil {
		os.Remove(tmp)
		return CompactResult{}, fmt.Errorf("compact bolt store %s: %w", path, err)
	}
	if err := os.Rename(tmp, file); err != nil {
		os.Remove(tmp)
		return CompactResult{}, fmt.Errorf("compact bolt store %s: %w", path, err)
	}
	// The rename is durable once the folder is.
	if err := syncDir(path); err != nil {
		return res, fmt.Errorf("compact bolt store %s: %w", path, err)
	}
	return res, nil
}

// compactInto copies every bucket of src into a new bolt file at dst,
// synced to disk when it returns.
func compactInto(ctx context.Context, src *bolt.DB, dst string, txBytes int) (CompactResult, error) {
	// NoSync: one fsync at the end instead of one per transaction; the
	// file means nothing until it is renamed, after that fsync.
	out, err := bolt.Open(dst, 0o644, &bolt.Options{NoGrowSync: true, InitialMmapSize: boltMmapSize})
	if err != nil {
		return CompactResult{}, err
	}
	out.NoSync = true
	var res CompactResult
	err = src.View(func(stx *bolt.Tx) error {
		res.Before = stx.Size()
		c := &boltCopier{ctx: ctx, dst: out, limit: txBytes}
		if err := c.begin(); err != nil {
			return err
		}
		err := stx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return c.copyBucket(b, [][]byte{name})
		})
		if err != nil {
			c.tx.Rollback()
			return err
		}
		res.Keys = c.keys
		return c.tx.Commit()
	})
	if err == nil {
		err = out.Sync()
	}
	if err == nil {
		var fi os.FileInfo
		if fi, err = os.Stat(dst); err == nil {
			res.After = fi.Size()
		}
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return res, err
}

// boltCopier writes a copy in transactions of up to limit bytes. The
// keys and values it puts are the source's, valid while the source's
// read transaction is open (bolt keeps the slices until commit).
type boltCopier struct {
	ctx   context.Context
	dst   *bolt.DB
	tx    *bolt.Tx
	limit int
	bytes int
	keys  int
}

func (c *boltCopier) begin() error {
	tx, err := c.dst.Begin(true)
	if err != nil {
		return err
	}
	c.tx, c.bytes = tx, 0
	// The bucket directory is written in key order too.
	tx.Cursor().Bucket().FillPercent = compactFill
	return nil
}

// bucket returns the copy's bucket at path in the current transaction.
func (c *boltCopier) bucket(path [][]byte) (*bolt.Bucket, error) {
	b, err := c.tx.CreateBucketIfNotExists(path[0])
	for _, name := range path[1:] {
		if err != nil {
			break
		}
		b, err = b.CreateBucketIfNotExists(name)
	}
	if err != nil {
		return nil, err
	}
	b.FillPercent = compactFill
	return b, nil
}

func (c *boltCopier) copyBucket(src *bolt.Bucket, path [][]byte) error {
	dst, err := c.bucket(path)
	if err != nil {
		return err
	}
	// A bucket costs its transaction memory however small it is (Cayley
	// has 131,072 tiny ones).
	c.bytes += bucketCost
	cur := src.Cursor()
	for k, v := cur.First(); k != nil; k, v = cur.Next() {
		if v == nil {
			if sub := src.Bucket(k); sub != nil {
				if err := c.copyBucket(sub, append(slices.Clone(path), k)); err != nil {
					return err
				}
				// The nested copy may have committed: the handle is stale.
				if dst, err = c.bucket(path); err != nil {
					return err
				}
				continue
			}
		}
		if err := dst.Put(k, v); err != nil {
			return err
		}
		c.keys++
		if c.bytes += len(k) + len(v); c.bytes < c.limit {
			continue
		}
		if err := c.ctx.Err(); err != nil {
			return err
		}
		if err := c.tx.Commit(); err != nil {
			return err
		}
		if err := c.begin(); err != nil {
			return err
		}
		if dst, err = c.bucket(path); err != nil {
			return err
		}
	}
	return nil
}

// syncDir flushes a folder's entries (a rename in it) to disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// BoltPath returns the folder of a bolt: store's DSN, and false for any
// other store.
func BoltPath(dsn string) (string, bool) {
	if dsn == "" {
		dsn = DefaultStore
	}
	backend, path, err := parseDSN(dsn)
	if err != nil || backend != "bolt" {
		return "", false
	}
	return path, true
}
