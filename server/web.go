package server

import (
	_ "embed"
	"net/http"
)

// placeholderPage is served at / until the notebook page exists (see
// Options.Web, the hook it will use).
//
//go:embed web/index.html
var placeholderPage []byte

func (s *Server) handlePlaceholder(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(placeholderPage)
}
