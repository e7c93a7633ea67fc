package loaders_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/gen"
	"github.com/newsgraph/newsgraph/loaders"
)

// BenchmarkReadDump measures loading one generated page dump from a file,
// as ingest reads its corpus; cpu-ms/op is per article.
func BenchmarkReadDump(b *testing.B) {
	g, err := gen.New(gen.Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	const n = 500
	paths := make([]string, n)
	var size int64
	for i := range paths {
		data := gen.Dump(g.Article(i))
		paths[i] = filepath.Join(dir, fmt.Sprintf("%04d.txt", i))
		if err := os.WriteFile(paths[i], data, 0o644); err != nil {
			b.Fatal(err)
		}
		size += int64(len(data))
	}
	b.SetBytes(size / n)
	b.ReportAllocs()
	ctx := context.Background()
	cpu0 := cpuTime(b)
	i := 0
	for b.Loop() {
		if _, err := loaders.Read(ctx, paths[i%n], loaders.Options{}); err != nil {
			b.Fatal(err)
		}
		i++
	}
	if cpu := cpuTime(b) - cpu0; b.N > 0 && cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/1e3/float64(b.N), "cpu-ms/op")
	}
}

// cpuTime is the process's user+system CPU time so far: the machine is
// shared, so CPU time per operation holds where wall time swings.
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
