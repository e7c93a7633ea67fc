//go:build unix

package graph

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/boltdb/bolt"
)

// checkBoltFree fails with ErrStoreBusy when another process holds the
// bolt store's file lock in a way that excludes this open: a writer
// (exclusive) is excluded by any holder, a reader (shared) only by a
// writer. bolt's own wait has no word for the user, so this one waits up to
// boltLockWait and then says who is likely to blame.
func checkBoltFree(path string, exclusive bool) error {
	file := filepath.Join(path, "indexes.bolt")
	f, err := os.OpenFile(file, os.O_RDONLY, 0)
	if err != nil {
		return nil // a new store, or one Cayley will report on
	}
	defer f.Close()
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	deadline := time.Now().Add(boltLockWait)
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if err == nil {
			return syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("bolt store %s: %w", path, ErrStoreBusy)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// lockError turns leveldb's "resource temporarily unavailable", its
// answer when another process holds the store, into ErrStoreBusy.
// bolt's ErrTimeout is its answer when the lock stayed held past
// boltLockWait (a writer that came in after checkBoltFree).
func lockError(backend, path string, err error) error {
	if (backend == "leveldb" && errors.Is(err, syscall.EAGAIN)) || (backend == "bolt" && errors.Is(err, bolt.ErrTimeout)) {
		return fmt.Errorf("%s store %s: %w", backend, path, ErrStoreBusy)
	}
	return nil
}

// heldByWriter reports whether a process holds the bolt store at path for
// writing (bolt's exclusive lock). An advertisement of a server for a store
// nobody holds is stale: its server was killed before it could remove it.
func heldByWriter(path string) bool {
	f, err := os.Open(filepath.Join(path, "indexes.bolt"))
	if err != nil {
		return false
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
	if err == nil {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return false
	}
	return errors.Is(err, syscall.EWOULDBLOCK)
}
