//go:build unix

package graph

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// boltLockWait is how long Open waits for another process to release a
// bolt store before it gives up with ErrStoreBusy.
const boltLockWait = 3 * time.Second

// checkBoltFree fails with ErrStoreBusy when another process holds the
// bolt store's file lock. Cayley opens bolt without a lock timeout, so a
// second process (an ingest while 'newsgraph serve' runs) would otherwise
// wait for ever without a word.
func checkBoltFree(path string) error {
	file := filepath.Join(path, "indexes.bolt")
	f, err := os.OpenFile(file, os.O_RDWR, 0)
	if err != nil {
		return nil // a new store, or one Cayley will report on
	}
	defer f.Close()
	deadline := time.Now().Add(boltLockWait)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
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
func lockError(backend, path string, err error) error {
	if backend == "leveldb" && errors.Is(err, syscall.EAGAIN) {
		return fmt.Errorf("leveldb store %s: %w", path, ErrStoreBusy)
	}
	return nil
}
