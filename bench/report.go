package bench

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"runtime"
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
	m.LoadAverage = loadAverage()
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

// loadAverage is the 1, 5 and 15 minute load averages.
func loadAverage() string {
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(data)); len(f) >= 3 {
			return strings.Join(f[:3], " ")
		}
	}
	return ""
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

// Markdown renders the run as one table per store: a row per
// measurement and the target where there is one, under a line
// naming the corpus, the machine, the commit and its load.
func (r *Result) Markdown() string {
	var b strings.Builder
	m := r.Machine
	if r.Options.Existing != "" {
		fmt.Fprintf(&b, "newsgraph bench: the named queries on an existing store (%s articles); %s, %d cores (GOMAXPROCS %d), %d GiB, %s, %s",
			thousands(int64(r.Articles)), m.CPU, m.Cores, m.GOMAXPROCS, m.MemoryGiB, m.Kernel, m.Go)
	} else {
		fmt.Fprintf(&b, "newsgraph bench: %s articles (seed %d), %s files, %s of files; %s, %d cores (GOMAXPROCS %d), %d GiB, %s, %s",
			thousands(int64(r.Articles)), r.Seed, thousands(int64(r.Files)), mb(r.FileBytes), m.CPU, m.Cores, m.GOMAXPROCS, m.MemoryGiB, m.Kernel, m.Go)
	}
	if m.Postgres != "" {
		fmt.Fprintf(&b, ", %s on loopback", m.Postgres)
	}
	commit := r.Commit
	if commit == "" {
		commit = "unknown"
	}
	fmt.Fprintf(&b, "; commit %s; load average at start %s, at end %s; run took %s.\n", commit, m.LoadAverage, r.LoadAverageEnd, r.Took.Round(time.Second))
	if r.HotBase != "" {
		fmt.Fprintf(&b, "Entity arguments (from the extraction sample): hot base %s; typical base (rank 50) %s; most frequent event country %s.\n", r.HotBase, r.TypicalBase, r.HostCountry)
	}
	for _, s := range r.Stores {
		b.WriteString("\n")
		r.storeTable(&b, s)
	}
	return b.String()
}

// storeTable writes one store's table.
func (r *Result) storeTable(b *strings.Builder, s StoreResult) {
	fmt.Fprintf(b, "| %s | value | target |\n|---|---|---|\n", s.Store)
	row := func(name, value, target string) {
		if strings.Trim(value, "— ·") == "" {
			return // not measured
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", name, value, target)
	}
	bolt := s.Store == StoreBolt
	on := func(target string) string {
		if bolt {
			return target
		}
		return ""
	}
	e := r.Extraction
	if e.Duration > 0 {
		row(fmt.Sprintf("extraction alone, a sample of %s articles (%d workers): articles/s · MB/s · MB per CPU-second", thousands(int64(e.Articles)), r.Workers),
			fmt.Sprintf("%s · %.2f · %.2f", thousands(int64(float64(e.Articles)/e.Duration.Seconds())), float64(e.Bytes)/1e6/e.Duration.Seconds(), float64(e.Bytes)/1e6/e.CPU.Seconds()), "")
	}
	row("quads stored", thousands(s.Ingest.Quads), "")
	row("store on disk after the ingest", mb(s.StoreBytes), on("≤ 2.5 GB at 100k"))
	if s.Compact.Duration > 0 {
		row("compaction at the end of the ingest (as `newsgraph ingest` does on bolt): time · CPU · store before it",
			fmt.Sprintf("%s · %s · %s", secs(s.Compact.Duration), secs(s.Compact.CPU), mb(s.CompactedFrom)), "")
	}
	if s.Ingest.Duration > 0 {
		row("ingest (`newsgraph ingest` path): time · articles/s · quads/s",
			fmt.Sprintf("%s · %s · %s", secs(s.Ingest.Duration), thousands(int64(float64(s.Ingest.Articles)/s.Ingest.Duration.Seconds())), rate(s.Ingest)), on("≤ 10 min at 100k"))
	}
	if s.Raw.Duration > 0 {
		row("raw load of the same quads into a fresh store by "+s.RawLoader+": time · quads/s", fmt.Sprintf("%s · %s", secs(s.Raw.Duration), rate(s.Raw)), "")
	}
	// `newsgraph ingest` compacts a bolt store it grew, so its cost
	// counts against the raw load too.
	withCompact := s.Ingest
	withCompact.Duration += s.Compact.Duration
	withCompact.CPU += s.Compact.CPU
	row("**ingest / raw load** (quads/s over quads/s; the ingest with its compaction)", ratio(withCompact, s.Raw), on("≥ 0.9"))
	// CPU seconds do not inflate with the machine's load the way wall
	// time does, so this ratio survives a load that changed between the
	// two phases.
	row("ingest / raw load by CPU time (raw load's CPU-s over the ingest's with its compaction)", cpuRatio(withCompact, s.Raw), "")
	row("CPU time (user + system): ingest · raw load", fmt.Sprintf("%s · %s", secs(s.Ingest.CPU), secs(s.Raw.CPU)), "")
	row("peak anonymous memory (RssAnon sampled every 50 ms): ingest · queries · raw load",
		fmt.Sprintf("%s · %s · %s", mb(s.Ingest.PeakAnon), mb(s.QueryPhase.PeakAnon), mb(s.Raw.PeakAnon)), on("< 1 GiB"))
	row("peak RSS (VmHWM, bolt's mapped file included): ingest · queries · raw load",
		fmt.Sprintf("%s · %s · %s", mb(s.Ingest.PeakRSS), mb(s.QueryPhase.PeakRSS), mb(s.Raw.PeakRSS)), "")
	if s.Reingest.Duration > 0 || s.ReingestHash.Duration > 0 {
		row("re-ingest of the unchanged corpus: with the file cache (the command's path) · by content hash (every file read)",
			fmt.Sprintf("%s · %s", secs(s.Reingest.Duration), secs(s.ReingestHash.Duration)), "< 2 s at 10k")
	}
	for _, q := range s.Queries {
		target := "p50 < 100 ms"
		switch q.Label {
		case "bases --event withdrawal":
			target = "p50 < 20 ms"
		case "stats":
			target = "p50 < 50 ms"
		}
		if s.Store == StorePostgres {
			target = ""
			if q.Label == "bases --event withdrawal" {
				target = "p50 < 100 ms at 10k"
			}
		}
		row("query `"+q.Label+"`, first page: p50 / p95 ms (rows of the page)", queryCell(q), target)
	}
	if s.HTTP != nil {
		row("`"+s.HTTP.Label+"` from a running `newsgraph serve`: p50 / p95 ms (rows)", queryCell(*s.HTTP), on("p50 < 20 ms"))
		row("`newsgraph serve` memory after the requests: RssAnon · VmHWM", fmt.Sprintf("%s · %s", mb(s.Serve.PeakAnon), mb(s.Serve.PeakRSS)), "")
	}
	if s.Err != "" {
		fmt.Fprintf(b, "\n%s failed: %s\n", s.Store, s.Err)
	}
}

func queryCell(q Query) string {
	if q.Err != "" {
		return "error: " + strings.ReplaceAll(tail(q.Err, 120), "|", "/")
	}
	return fmt.Sprintf("%s / %s (%s)", ms(q.P50), ms(q.P95), thousands(int64(q.Rows)))
}

func cpuRatio(p, raw Phase) string {
	if p.CPU == 0 || raw.CPU == 0 || p.Quads == 0 || raw.Quads == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", (float64(p.Quads)/p.CPU.Seconds())/(float64(raw.Quads)/raw.CPU.Seconds()))
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
