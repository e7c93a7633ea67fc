package bench

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Machine describes where a run happened.
type Machine struct {
	CPU        string `json:"cpu"`
	Cores      int    `json:"cores"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	MemoryGiB  int    `json:"memory_gib"`
	Kernel     string `json:"kernel"`
	Go         string `json:"go"`
	Postgres   string `json:"postgres,omitempty"`
	// LoadAverage at the start: the machines are shared.
	LoadAverage string `json:"load_average"`
}

func describeMachine(ctx context.Context, opts Options) Machine {
	m := Machine{Cores: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), Go: runtime.Version()}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "model name"); ok {
				m.CPU = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(data), "MemTotal: %d kB", &kb); err == nil {
			m.MemoryGiB = int((kb + 1<<19) >> 20)
		}
	}
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = "Linux " + strings.TrimSpace(string(data))
	}
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(data)); len(f) >= 3 {
			m.LoadAverage = strings.Join(f[:3], " ")
		}
	}
	if opts.Postgres != "" {
		if db, err := sql.Open("postgres", opts.Postgres); err == nil {
			ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			var v string
			if db.QueryRowContext(ctx, "SHOW server_version").Scan(&v) == nil {
				m.Postgres = "PostgreSQL " + v
			}
			cancel()
			db.Close()
		}
	}
	return m
}

func ms(d time.Duration) string {
	switch {
	case d == 0:
		return "—"
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond))
	}
	return thousands(int64(d / time.Millisecond))
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func secs(d time.Duration) string {
	if d == 0 {
		return "—"
	}
	if d < 10*time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

func mb(b int64) string {
	switch {
	case b == 0:
		return "—"
	case b < 10<<20:
		return fmt.Sprintf("%.1f MB", float64(b)/(1<<20))
	}
	return thousands((b+1<<19)>>20) + " MB"
}

// Markdown renders the run as one table: a row per measurement, a column
// per store, and the target where there is one.
func (r *Result) Markdown() string {
	var b strings.Builder
	m := r.Machine
	if r.Options.Existing != "" {
		fmt.Fprintf(&b, "newsgraph bench: the named queries on an existing store (%s articles); %s, %d cores (GOMAXPROCS %d), %d GiB, %s, %s",
			thousands(int64(r.Articles)), m.CPU, m.Cores, m.GOMAXPROCS, m.MemoryGiB, m.Kernel, m.Go)
	} else {
		fmt.Fprintf(&b, "newsgraph bench: %s articles (seed %d), %s files, %s of files, %s of article text; %s, %d cores (GOMAXPROCS %d), %d GiB, %s, %s",
			thousands(int64(r.Articles)), r.Seed, thousands(int64(r.Files)), mb(r.FileBytes), mb(r.Extraction.Bytes), m.CPU, m.Cores, m.GOMAXPROCS, m.MemoryGiB, m.Kernel, m.Go)
	}
	if m.Postgres != "" {
		fmt.Fprintf(&b, ", %s on loopback", m.Postgres)
	}
	fmt.Fprintf(&b, "; load average at start %s; run took %s.\n\n", m.LoadAverage, r.Took.Round(time.Second))

	cols := []string{"measure"}
	for _, s := range r.Stores {
		cols = append(cols, s.Store)
	}
	cols = append(cols, "target")
	b.WriteString("| " + strings.Join(cols, " | ") + " |\n|")
	for range cols {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	row := func(name string, cell func(s StoreResult) string, target string) {
		// A phase that did not run leaves its rows out (queries on an
		// existing store measure no ingest).
		measured := false
		for _, s := range r.Stores {
			v := cell(s)
			measured = measured || strings.Trim(v, "— ·") != ""
		}
		if !measured {
			return
		}
		cells := []string{name}
		for _, s := range r.Stores {
			if s.Err != "" && cell(s) == "—" {
				cells = append(cells, "failed")
				continue
			}
			cells = append(cells, cell(s))
		}
		cells = append(cells, target)
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	e := r.Extraction
	if e.Duration > 0 {
		perCPU := float64(e.Bytes) / 1e6 / e.CPU.Seconds()
		cells := []string{fmt.Sprintf("extraction alone (%d workers): articles/s · MB/s · MB per CPU-second", r.Workers)}
		v := fmt.Sprintf("%s · %.2f · %.2f", thousands(int64(float64(e.Articles)/e.Duration.Seconds())), float64(e.Bytes)/1e6/e.Duration.Seconds(), perCPU)
		for range r.Stores {
			cells = append(cells, v)
		}
		cells = append(cells, "≥ 10 MB/s per core")
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	row("quads stored", func(s StoreResult) string { return thousands(s.Ingest.Quads) }, "")
	row("ingest (`newsgraph ingest` path): time · articles/s", func(s StoreResult) string {
		if s.Ingest.Duration == 0 {
			return "—"
		}
		return fmt.Sprintf("%s · %s", secs(s.Ingest.Duration), thousands(int64(float64(s.Ingest.Articles)/s.Ingest.Duration.Seconds())))
	}, "")
	row("ingest: quads/s", func(s StoreResult) string { return rate(s.Ingest) }, "")
	row("Cayley raw load of the same quads (10k-quad ApplyDeltas): time · quads/s", func(s StoreResult) string {
		if s.Raw.Duration == 0 {
			return "—"
		}
		return fmt.Sprintf("%s · %s", secs(s.Raw.Duration), rate(s.Raw))
	}, "")
	row("**ingest / raw load** (quads/s over quads/s)", func(s StoreResult) string { return ratio(s.Ingest, s.Raw) }, "≥ 0.7 on bolt")
	if !r.Options.Skip[PhaseReingest] {
		row("re-ingest of the unchanged corpus: with the file cache (the command's path) · by content hash (every file read)", func(s StoreResult) string {
			fc := "—"
			if s.Store == StoreBolt || s.Store == StoreLevelDB {
				fc = secs(s.Reingest.Duration)
			}
			return fmt.Sprintf("%s · %s", fc, secs(s.ReingestHash.Duration))
		}, "< 2 s at 10k")
	}
	row("CPU time (user + system): ingest · raw load", func(s StoreResult) string {
		return fmt.Sprintf("%s · %s", secs(s.Ingest.CPU), secs(s.Raw.CPU))
	}, "")
	row("peak RSS (VmHWM, bolt's mapped file included): ingest · raw load", func(s StoreResult) string {
		return fmt.Sprintf("%s · %s", mb(s.Ingest.PeakRSS), mb(s.Raw.PeakRSS))
	}, "< 1 GiB at 100k")
	row("peak anonymous memory (RssAnon, sampled every 50 ms): ingest · raw load", func(s StoreResult) string {
		return fmt.Sprintf("%s · %s", mb(s.Ingest.PeakAnon), mb(s.Raw.PeakAnon))
	}, "")
	// Queries: one row per query label, p50 / p95 in ms.
	var labels []string
	for _, s := range r.Stores {
		for _, q := range s.Queries {
			if !slices.Contains(labels, q.Label) {
				labels = append(labels, q.Label)
			}
		}
	}
	for _, l := range labels {
		target := "p50 < 100 ms at 100k (bolt)"
		if l == "bases --event withdrawal" {
			target = "p50 < 20 ms at 100k (bolt)"
		}
		row("query `"+l+"`: p50 / p95 ms (rows)", func(s StoreResult) string {
			for _, q := range s.Queries {
				if q.Label == l {
					if q.Err != "" {
						return "error"
					}
					return fmt.Sprintf("%s / %s (%s)", ms(q.P50), ms(q.P95), thousands(int64(q.Rows)))
				}
			}
			return "—"
		}, target)
	}
	for _, s := range r.Stores {
		if s.Err != "" {
			fmt.Fprintf(&b, "\n%s failed: %s\n", s.Store, s.Err)
		}
	}
	if r.HotBase != "" {
		fmt.Fprintf(&b, "\nHot base (most reported): %s; typical base (rank 50): %s; most frequent event country: %s.\n", r.HotBase, r.TypicalBase, r.HostCountry)
	}
	return b.String()
}

func rate(p Phase) string {
	if p.Duration == 0 || p.Quads == 0 {
		return "—"
	}
	return thousands(int64(p.QuadsPerSec()))
}

func ratio(p, raw Phase) string {
	if p.Duration == 0 || raw.Duration == 0 || p.Quads == 0 || raw.Quads == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", p.QuadsPerSec()/raw.QuadsPerSec())
}
