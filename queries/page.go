package queries

import (
	"fmt"
	"slices"
)

// Every named query answers one page of its rows and says how many there
// are in all: an answer of 36,000 rows helps nobody at a terminal or in a
// notebook, and computing and sending it is what made answers slow.

// DefaultPageSize is how many rows a page holds when the caller names no
// limit (a module may choose its own with Module.PageSize).
const DefaultPageSize = 50

// MaxPageSize is the most rows one page may hold.
const MaxPageSize = 10_000

// pageParams are the paging parameters every module takes.
func pageParams(size int) []Param {
	return []Param{
		{Name: "limit", Kind: "int", Default: fmt.Sprint(size), Min: intp(1), Max: intp(MaxPageSize),
			Doc: "rows per page"},
		{Name: "offset", Kind: "int", Default: "0", Min: intp(0),
			Doc: "rows to skip: the previous page's next_offset"},
	}
}

// withPageParams appends the paging parameters a module does not declare.
func withPageParams(m Module) Module {
	size := m.PageSize
	if size <= 0 {
		size = DefaultPageSize
	}
	params := slices.Clone(m.Params)
	for _, p := range pageParams(size) {
		if !slices.ContainsFunc(params, func(q Param) bool { return q.Name == p.Name }) {
			params = append(params, p)
		}
	}
	m.Params = params
	return m
}

// PageArgs reads the page a module was asked for.
func PageArgs(args Args) (offset, limit int) {
	return max(args.Int("offset", 0), 0), max(args.Int("limit", DefaultPageSize), 1)
}

// setPage records which page r holds. total is every row the query
// matched (a module that pages itself has counted them; otherwise it is
// len(r.Rows) before the page is cut).
func (r *Result) setPage(offset, limit, total int) {
	r.Offset, r.Limit, r.Total = offset, limit, total
	r.NextOffset = 0
	if offset+len(r.Rows) < total {
		r.NextOffset = offset + len(r.Rows)
	}
}

// cutPage keeps the rows of the page [offset, offset+limit) of a complete
// answer.
func (r *Result) cutPage(offset, limit int) {
	total := len(r.Rows)
	lo := min(offset, total)
	hi := min(lo+limit, total)
	r.Rows = r.Rows[lo:hi:hi]
	r.setPage(offset, limit, total)
}
