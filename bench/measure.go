package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"
)

// measurement times a phase: wall clock, CPU time, the RSS high-water
// mark (reset at the start) and an optional CPU profile.
type measurement struct {
	start   time.Time
	cpu     time.Duration
	profile *os.File
	done    chan struct{}
	sampled chan int64
}

func startPhase(opts Options, name string) *measurement {
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS()
	m := &measurement{start: time.Now(), cpu: cpuTime(), done: make(chan struct{}), sampled: make(chan int64, 1)}
	go sampleAnon(m.done, m.sampled)
	if opts.ProfileDir != "" {
		f, err := os.Create(filepath.Join(opts.ProfileDir, name+".pprof"))
		if err == nil && pprof.StartCPUProfile(f) == nil {
			m.profile = f
		} else if f != nil {
			f.Close()
		}
	}
	return m
}

func (m *measurement) stop() Phase {
	ph := Phase{Duration: time.Since(m.start), CPU: cpuTime() - m.cpu, PeakRSS: peakRSS()}
	close(m.done)
	ph.PeakAnon = <-m.sampled
	if m.profile != nil {
		pprof.StopCPUProfile()
		m.profile.Close()
	}
	return ph
}

// cpuTime is the process's user plus system time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// resetPeakRSS sets the kernel's RSS high-water mark (VmHWM) to the
// current RSS, so each phase reports its own peak (Linux 4.0 and later).
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// sampleAnon sends the highest RssAnon seen until done is closed (the
// kernel keeps no high-water mark of it).
func sampleAnon(done <-chan struct{}, out chan<- int64) {
	var peak int64
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		peak = max(peak, statusKB("RssAnon:"))
		select {
		case <-done:
			out <- max(peak, statusKB("RssAnon:"))
			return
		case <-t.C:
		}
	}
}

// statusKB reads one "Key: N kB" line of /proc/self/status, in bytes
// (0 when absent).
func statusKB(key string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, key); ok {
			var kb int64
			if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb); err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// peakRSS reads VmHWM, falling back on getrusage's lifetime maximum.
func peakRSS() int64 {
	if kb := statusKB("VmHWM:"); kb > 0 {
		return kb
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		return ru.Maxrss << 10
	}
	return 0
}
