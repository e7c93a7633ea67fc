package syntax

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/testenv"
)

// The project's floor for the embedded model on en_ewt test (gold
// tokenisation, predicted tags, punctuation included; the README's table).
const (
	floorUPOS = 94.0
	floorUAS  = 85.0
	floorLAS  = 82.0
)

// The guard on the first 500 sentences of en_ewt dev, just under what the
// model measures there (UPOS 95.30, UAS 85.38, LAS 81.93): dev's labels are
// a little harder than test's for this model (whole dev LAS 81.92 against
// test 82.31), so the floor itself is checked on test below.
const (
	devGuardUPOS = 95.0
	devGuardUAS  = 85.0
	devGuardLAS  = 81.5
)

// TestAccuracyOnDev parses the first 500 sentences of en_ewt dev with the
// embedded model and fails below the guard.
func TestAccuracyOnDev(t *testing.T) {
	dir := testenv.UDDir(t)
	sents, err := ReadCoNLLUFile(filepath.Join(dir, "dev.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) > 500 {
		sents = sents[:500]
	}
	start := time.Now()
	m := loadModel(t)
	loaded := time.Since(start)
	sc := m.Evaluate(sents)
	t.Logf("load %s; en_ewt dev first %d: %s (%s)", loaded.Round(time.Millisecond), len(sents), sc, time.Since(start).Round(time.Millisecond))
	if sc.Words < 5000 {
		t.Fatalf("only %d words read from dev", sc.Words)
	}
	if sc.UPOS < devGuardUPOS || sc.UAS < devGuardUAS || sc.LAS < devGuardLAS {
		t.Errorf("below the guard (UPOS %.1f, UAS %.1f, LAS %.1f): %s", devGuardUPOS, devGuardUAS, devGuardLAS, sc)
	}
}

// TestAccuracyOnTestMeetsFloor parses the whole of en_ewt test, the set the
// README's accuracy table reports, and fails below the project's floor.
func TestAccuracyOnTestMeetsFloor(t *testing.T) {
	dir := testenv.UDDir(t)
	sents, err := ReadCoNLLUFile(filepath.Join(dir, "test.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	m := loadModel(t)
	sc := m.Evaluate(sents)
	t.Logf("en_ewt test: %s", sc)
	if sc.Words < 20000 {
		t.Fatalf("only %d words read from test", sc.Words)
	}
	if sc.UPOS < floorUPOS || sc.UAS < floorUAS || sc.LAS < floorLAS {
		t.Errorf("below the floor (UPOS %.1f, UAS %.1f, LAS %.1f): %s", floorUPOS, floorUAS, floorLAS, sc)
	}
}

// BenchmarkLoad reports CPU time per load beside wall time: on a shared
// machine the wall time mostly measures waiting for a core.
func BenchmarkLoad(b *testing.B) {
	before := cpuTime(b)
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime(b)-before).Milliseconds())/float64(b.N), "cpu-ms/op")
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkParse parses a typical news sentence (written for this test),
// reporting CPU time per parse as BenchmarkLoad does.
func BenchmarkParse(b *testing.B) {
	m := loadModel(b)
	const sentence = "The defence ministry said on Friday that about 1,200 U.S. troops had left the air base near the northern city and moved to a camp in Kuwait."
	b.ReportAllocs()
	before := cpuTime(b)
	for b.Loop() {
		m.Parse(sentence)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(float64((cpuTime(b)-before).Microseconds())/float64(b.N), "cpu-us/op")
}
