package server

import (
	"context"
	"errors"
	"fmt"
	rtmetrics "runtime/metrics"
	"time"
)

// DefaultQueryMemory is how much the live heap may grow while a raw query
// runs before the query is stopped (Options.QueryMemoryBytes).
const DefaultQueryMemory = 256 << 20

// errMemoryBudget stops a query whose run grew the heap past its budget.
var errMemoryBudget = errors.New("query stopped: it used more memory than the server allows")

// liveHeapMetric is the heap the last garbage collection found live: it
// counts what a running Gizmo script holds (arrays it builds, strings it
// repeats), not garbage waiting to be swept.
const liveHeapMetric = "/gc/heap/live:bytes"

func liveHeap() uint64 {
	s := []rtmetrics.Sample{{Name: liveHeapMetric}}
	rtmetrics.Read(s)
	if s[0].Value.Kind() != rtmetrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// watchMemory cancels a query, with errMemoryBudget as the cause, when the
// live heap grows more than budget bytes above its level when the query
// started. goja has no memory limit of its own; cancelling the context
// makes Cayley interrupt the script. The heap is the process's, so a query
// running beside another large one may be stopped for their sum: the
// budget guards the process, which is what matters. It returns when ctx
// ends.
func watchMemory(ctx context.Context, budget uint64, cancel context.CancelCauseFunc) {
	start := liveHeap()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if now := liveHeap(); now > start && now-start > budget {
				cancel(fmt.Errorf("%w (%d MiB)", errMemoryBudget, budget>>20))
				return
			}
		}
	}
}

// resultBytes estimates the JSON size of a query result, stopping once it
// passes limit: results are maps, lists, strings and numbers.
func resultBytes(v any, limit int) int {
	n := 0
	var walk func(v any)
	walk = func(v any) {
		if n > limit {
			return
		}
		switch t := v.(type) {
		case string:
			n += len(t) + 2
		case []any:
			n += 2
			for _, e := range t {
				walk(e)
				n++
			}
		case []map[string]any:
			n += 2
			for _, e := range t {
				walk(e)
				n++
			}
		case map[string]any:
			n += 2
			for k, e := range t {
				n += len(k) + 4
				walk(e)
			}
		default:
			n += len(fmt.Sprint(t))
		}
	}
	walk(v)
	return n
}
