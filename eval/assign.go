package eval

// maxWeightMatching pairs rows with columns so that the total weight of
// the pairs is the largest possible, each row and each column used at most
// once; a pair of weight 0 (or less) is no pair. It returns, for each row,
// its column or -1. This is the Hungarian algorithm with potentials
// (Kuhn–Munkres), O(n²m) for n ≤ m rows: event lists are short, and an
// optimal pairing keeps one gold event from taking the only prediction
// another could have matched, which a greedy pass does.
func maxWeightMatching(w [][]int) []int {
	n := len(w)
	m := 0
	if n > 0 {
		m = len(w[0])
	}
	out := make([]int, n)
	for i := range out {
		out[i] = -1
	}
	if n == 0 || m == 0 {
		return out
	}
	if n > m {
		t := make([][]int, m)
		for j := range t {
			t[j] = make([]int, n)
			for i := range n {
				t[j][i] = w[i][j]
			}
		}
		for j, i := range maxWeightMatching(t) {
			if i >= 0 {
				out[i] = j
			}
		}
		return out
	}
	// Minimise the negated weights over complete assignments of the rows:
	// with n ≤ m every matching extends to one by pairs of weight ≤ 0,
	// which are dropped at the end.
	cost := func(i, j int) int {
		if w[i][j] <= 0 {
			return 0
		}
		return -w[i][j]
	}
	const inf = int(^uint(0) >> 2)
	u := make([]int, n+1)
	v := make([]int, m+1)
	p := make([]int, m+1) // p[j]: the row (1-based) holding column j, 0 if none
	way := make([]int, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		minv := make([]int, m+1)
		used := make([]bool, m+1)
		for j := range minv {
			minv[j] = inf
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], inf, 0
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				if cur := cost(i0-1, j-1) - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	for j := 1; j <= m; j++ {
		if i := p[j] - 1; i >= 0 && w[i][j-1] > 0 {
			out[i] = j - 1
		}
	}
	return out
}

// firstMaximumMatching returns, for each row, its column or -1, in a
// matching of rows to columns over the allowed pairs that is as large as
// any, and among those the first in row then column order: each row in
// turn takes the earliest column that still leaves a largest matching
// possible. Where a greedy pass in that order already finds a largest
// matching, this is the greedy matching; where it does not, this one pairs
// more.
func firstMaximumMatching(allowed [][]bool) []int {
	n := len(allowed)
	out := make([]int, n)
	for i := range out {
		out[i] = -1
	}
	if n == 0 {
		return out
	}
	m := len(allowed[0])
	taken := make([]bool, m)
	// size is the largest matching of rows from..n-1 with the untaken
	// columns.
	size := func(from int) int {
		w := make([][]int, n-from)
		for i := range w {
			w[i] = make([]int, m)
			for j := range m {
				if allowed[from+i][j] && !taken[j] {
					w[i][j] = 1
				}
			}
		}
		k := 0
		for _, j := range maxWeightMatching(w) {
			if j >= 0 {
				k++
			}
		}
		return k
	}
	need := size(0)
	for i := range n {
		for j := range m {
			if !allowed[i][j] || taken[j] {
				continue
			}
			taken[j] = true
			if 1+size(i+1) == need {
				out[i] = j
				need--
				break
			}
			taken[j] = false
		}
	}
	return out
}
