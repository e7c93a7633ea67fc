package server

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/schema"
)

// How /healthz watches the store without waiting on it.
const (
	// healthEvery is how often, at most, a request starts a probe.
	healthEvery = 2 * time.Second
	// healthProbeTimeout bounds one probe.
	healthProbeTimeout = 5 * time.Second
	// healthStalled is how long a probe may run before /healthz says the
	// store is not answering (the memstore's probe waits behind writes).
	healthStalled = 10 * time.Second
)

var errStoreStalled = errors.New("the store has not answered a probe for over " + healthStalled.String())

// storeHealth answers /healthz from the last probe of the store and
// starts the next one in the background, so a health check never waits
// for a long query, a write or a slow database.
type storeHealth struct {
	store *graph.Store
	mu    sync.Mutex
	// probing is when the probe in flight started; zero when none is.
	probing time.Time
	// checked is when the last probe ended, err its outcome.
	checked time.Time
	err     error
}

// status is the store's last known health: nil when it answered.
func (h *storeHealth) status(now time.Time) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.probing.IsZero() && now.Sub(h.checked) >= healthEvery {
		h.probing = now
		go h.probe()
	}
	if !h.probing.IsZero() && now.Sub(h.probing) > healthStalled {
		return errStoreStalled
	}
	return h.err
}

// probe reads one value from a snapshot: a cheap look-up that proves the
// store answers, without counting it.
func (h *storeHealth) probe() {
	ctx, cancel := context.WithTimeout(context.Background(), healthProbeTimeout)
	defer cancel()
	err := h.store.View(ctx, func(snap *graph.Store) error {
		_, err := snap.QuadStore().ValueOf(schema.ClassNewsArticle)
		return err
	})
	h.mu.Lock()
	defer h.mu.Unlock()
	h.err, h.checked, h.probing = err, time.Now(), time.Time{}
}
