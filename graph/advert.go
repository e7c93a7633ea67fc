package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// serverFile is the file, inside a bolt or leveldb store's folder, where a
// running server says where it answers. Those stores admit one process
// while it writes, so another process's read command cannot open the
// store beside `newsgraph serve`; it reads through the server instead.
const serverFile = "newsgraph-server.json"

// advert is the content of serverFile.
type advert struct {
	URL string `json:"url"`
	PID int    `json:"pid"`
}

// advertPath returns where a server holding dsn advertises itself, or ""
// for stores other processes open directly (memory, SQL), and the backend.
func advertPath(dsn string) (file, backend string) {
	if dsn == "" {
		dsn = DefaultStore
	}
	backend, path, err := parseDSN(dsn)
	if err != nil || (backend != "bolt" && backend != "leveldb") {
		return "", backend
	}
	return filepath.Join(path, serverFile), backend
}

// Advertise records, in the folder of the bolt or leveldb store dsn names,
// that the server at serverURL holds it, so that read commands of other
// processes go through it. remove deletes the record if it is still this
// process's. For other stores it records nothing.
func Advertise(dsn, serverURL string) (remove func(), err error) {
	file, _ := advertPath(dsn)
	if file == "" {
		return func() {}, nil
	}
	data, err := json.Marshal(advert{URL: serverURL, PID: os.Getpid()})
	if err != nil {
		return nil, err
	}
	// Written whole and renamed, so a reader never sees half of it.
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return nil, fmt.Errorf("advertise the server in %s: %w", file, err)
	}
	if err := os.Rename(tmp, file); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("advertise the server in %s: %w", file, err)
	}
	return func() {
		if a, err := readAdvert(file); err == nil && a.PID == os.Getpid() {
			os.Remove(file)
		}
	}, nil
}

// AdvertisedServer returns the URL of the server that advertised itself
// as holding the store dsn names, or "" when none did. The record may be
// stale (a server killed without its clean-up): callers check that the
// server answers before they rely on it. A record for a bolt store that
// no process holds for writing is stale and ignored: the URL could by now
// be another server's, answering for another store.
func AdvertisedServer(dsn string) string {
	file, backend := advertPath(dsn)
	if file == "" {
		return ""
	}
	a, err := readAdvert(file)
	if err != nil {
		return ""
	}
	if backend == "bolt" && !heldByWriter(filepath.Dir(file)) {
		return ""
	}
	return a.URL
}

func readAdvert(file string) (advert, error) {
	var a advert
	data, err := os.ReadFile(file)
	if err != nil {
		return a, err
	}
	if err := json.Unmarshal(data, &a); err != nil {
		return a, err
	}
	if a.URL == "" {
		return a, errors.New("no URL")
	}
	return a, nil
}
