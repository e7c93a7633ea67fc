package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/queries"
)

// openAPI builds the OpenAPI 3 description of every route, including one
// path per registered query module with its parameters, so the document
// cannot drift from the registry.
func (s *Server) openAPI() []byte {
	type obj = map[string]any
	param := func(name, in, doc string, schema obj, required bool) obj {
		return obj{"name": name, "in": in, "description": doc, "required": required, "schema": schema}
	}
	str := obj{"type": "string"}
	errResp := func(doc string) obj {
		return obj{"description": doc, "content": obj{"application/json": obj{"schema": obj{"$ref": "#/components/schemas/Error"}}}}
	}
	jsonResp := func(doc, ref string) obj {
		return obj{"description": doc, "content": obj{"application/json": obj{"schema": obj{"$ref": "#/components/schemas/" + ref}}}}
	}
	timeout := param("timeout", "query", "a shorter time limit than the server's, e.g. 2s", str, false)
	common := obj{
		"400": errResp("bad parameter"), "404": errResp("unknown query, entity or path"),
		"403": errResp("a Host name the server does not serve, or a state-changing or costly request from another site"),
		"503": errResp("the query timed out, or too many queries, extractions or exports are running (see Retry-After)"),
	}
	with := func(m obj, extra obj) obj {
		out := obj{}
		for k, v := range common {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
	text := obj{"text/plain": obj{"schema": str}}

	paths := obj{
		"/api/v1/queries": obj{"get": obj{
			"summary":   "The named queries, their parameters, and example questions",
			"responses": obj{"200": obj{"description": "the catalogue"}},
		}},
		"/api/v1/ask": obj{"get": obj{
			"summary": "Answer a question in plain English; the answer shows the named query and parameters it became",
			"parameters": []obj{
				param("q", "query", "the question", str, true),
				param("format", "query", "json (default) or csv", obj{"type": "string", "enum": []string{"json", "csv"}}, false),
				timeout,
			},
			"responses": with(obj{"200": jsonResp("the plan and its result", "Answer")}, obj{"400": errResp("no question template matches; data.examples lists the questions it can answer")}),
		}},
		"/api/v1/query/{lang}": obj{"post": obj{
			"summary": "Run a raw Cayley query (Gizmo, GraphQL or MQL) within the server's time and result limits",
			"parameters": []obj{
				param("lang", "path", "query language", obj{"type": "string", "enum": rawLanguages}, true),
				param("limit", "query", "at most this many results (never more than the server's limit)", obj{"type": "integer", "minimum": 1}, false),
				timeout,
			},
			"requestBody": obj{"required": true, "content": text},
			"responses":   with(obj{"200": jsonResp("the results (cut to the server's result limit and output bytes)", "RawAnswer")}, obj{"400": errResp("a bad query, or one stopped for using too much memory"), "413": errResp("query too large")}),
		}},
		"/api/v1/extract": obj{"post": obj{
			"summary":  "Extract an article (any loader format); nothing is stored. Needs the token when the server has one",
			"security": []obj{{"bearer": []string{}}, {}},
			"parameters": []obj{
				param("format", "query", "force a loader format (default: detect)", str, false),
				param("url", "query", "the URL the content came from", str, false),
			},
			"requestBody": obj{"required": true, "content": text},
			"responses": with(obj{"200": obj{"description": "data.records: the extraction records, the shape `newsgraph extract` prints"}}, obj{
				"401": errResp("the server has a token and the request lacks it"),
				"413": errResp("body too large, or every article's text over the per-article limit"),
			}),
		}},
		"/api/v1/articles": obj{"post": obj{
			"summary":  "Ingest article(s) (any loader format) into the graph",
			"security": []obj{{"bearer": []string{}}},
			"parameters": []obj{
				param("format", "query", "force a loader format (default: detect)", str, false),
				param("url", "query", "the URL the content came from", str, false),
				param("force", "query", "rewrite unchanged articles", obj{"type": "boolean"}, false),
			},
			"requestBody": obj{"required": true, "content": text},
			"responses": with(obj{"200": obj{"description": "what was stored"}}, obj{
				"401": errResp("missing or wrong bearer token"), "403": errResp("the server is read-only (no token configured)"),
				"413": errResp("body too large"),
			}),
		}},
		"/api/v1/export": obj{"get": obj{
			"summary":  "The whole graph, or with query= a query's rows (csv) or the articles they cite (graph formats). Needs the token when the server has one",
			"security": []obj{{"bearer": []string{}}, {}},
			"parameters": []obj{
				param("format", "query", "export format", obj{"type": "string", "enum": exportNames(), "default": export.NQuads}, false),
				param("query", "query", "a named query; its parameters follow as further query parameters", str, false),
			},
			"responses": with(obj{"200": obj{"description": "the export, as an attachment"}}, obj{"401": errResp("the server has a token and the request lacks it")}),
		}},
		"/api/v2/read": obj{
			"get":  obj{"summary": "Cayley API v2: read quads (?format=nquads|pquads|jsonld|json, ?sub=, ?pred=, ?obj=, ?label=)", "responses": obj{"200": obj{"description": "quads"}}},
			"post": obj{"summary": "Cayley API v2: read quads", "responses": obj{"200": obj{"description": "quads"}}},
		},
		"/api/v2/formats": obj{"get": obj{"summary": "Cayley API v2: quad formats", "responses": obj{"200": obj{"description": "formats"}}}},
		"/api/v2/query": obj{
			"get": obj{"summary": "Cayley API v2: run a query (?lang=, ?qu=), same limits as /api/v1/query", "responses": obj{"200": obj{"description": `{"result": [...]}`}}},
			"post": obj{"summary": "Cayley API v2: run a query (?lang=, body)", "requestBody": obj{"content": text},
				"responses": obj{"200": obj{"description": `{"result": [...]}`}}},
		},
		"/healthz":          obj{"get": obj{"summary": "Liveness and the store in use", "responses": obj{"200": obj{"description": "ok"}, "503": errResp("store unavailable")}}},
		"/metrics":          obj{"get": obj{"summary": "Prometheus metrics", "responses": obj{"200": obj{"description": "text exposition format"}}}},
		"/api/openapi.json": obj{"get": obj{"summary": "This document", "responses": obj{"200": obj{"description": "OpenAPI 3"}}}},
	}
	for _, p := range []string{"/api/v2/write", "/api/v2/delete", "/api/v2/node/delete"} {
		paths[p] = obj{"post": obj{
			"summary":   "Cayley API v2 write route: always refused, as writes go through /api/v1/articles so every quad stays in its article's named graph",
			"responses": obj{"403": obj{"description": `{"error": "database is read-only: ..."}`}},
		}}
	}
	if s.opts.Refresh != nil {
		paths["/api/v1/refresh"] = obj{"post": obj{
			"summary": "Refresh the configured sources now (all, or one with source=); the run goes on in the background", "security": []obj{{"bearer": []string{}}},
			"parameters": []obj{param("source", "query", "the name of one source to refresh (default: all)", str, false)},
			"responses": obj{
				"202": obj{"description": "data.started: the sources whose run started"},
				"401": errResp("missing or wrong bearer token"), "403": errResp("read-only server"),
				"404": errResp("no source of that name"), "409": errResp("no sources configured, or that source is already being refreshed"),
			},
		}}
	}
	if s.opts.RefreshStatus != nil {
		item, _ := paths["/api/v1/refresh"].(obj)
		if item == nil {
			item = obj{}
			paths["/api/v1/refresh"] = item
		}
		item["get"] = obj{
			"summary":   "The configured refresh sources and their recent runs",
			"responses": obj{"200": obj{"description": "data.sources and data.runs"}},
		}
	}
	if s.opts.Notebooks != nil {
		name := param("name", "path", "the notebook's name (letters, digits, '.', '_', '-'; at most 80)",
			obj{"type": "string", "pattern": `^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$`}, true)
		notebook := obj{"application/json": obj{"schema": obj{"$ref": "#/components/schemas/Notebook"}}}
		notSaved := errResp("the server keeps no notebooks (start it with a notebook folder)")
		paths["/api/v1/notebooks"] = obj{"get": obj{
			"summary":   "The saved notebooks: name, title, cells, modified, size",
			"responses": obj{"200": obj{"description": "data.notebooks"}, "501": notSaved},
		}}
		paths["/api/v1/notebooks/{name}"] = obj{
			"get": obj{
				"summary": "One saved notebook", "parameters": []obj{name},
				"responses": obj{"200": obj{"description": "data.name, data.modified and data.notebook (what was saved)"}, "404": errResp("no notebook of that name"), "501": notSaved},
			},
			"put": obj{
				"summary": "Save (create or replace) a notebook; needs the token", "security": []obj{{"bearer": []string{}}},
				"parameters": []obj{name}, "requestBody": obj{"required": true, "content": notebook},
				"responses": obj{
					"200": obj{"description": "replaced: data.name, title, cells, modified, size"}, "201": obj{"description": "created: as 200"},
					"400": errResp("not a notebook (a JSON object with a cells array)"),
					"401": errResp("missing or wrong bearer token"), "403": errResp("read-only server"),
					"413": errResp("notebook too large"), "507": errResp("the folder holds the most notebooks it may"), "501": notSaved,
				},
			},
			"delete": obj{
				"summary": "Delete a notebook; needs the token", "security": []obj{{"bearer": []string{}}},
				"parameters": []obj{name},
				"responses": obj{
					"204": obj{"description": "deleted"}, "401": errResp("missing or wrong bearer token"),
					"403": errResp("read-only server"), "404": errResp("no notebook of that name"), "501": notSaved,
				},
			},
		}
	}
	for _, m := range queries.Modules() {
		ps := []obj{
			param("format", "query", "json (default) or csv", obj{"type": "string", "enum": []string{"json", "csv"}}, false),
			timeout,
		}
		for _, p := range m.Params {
			ps = append(ps, param(p.Name, "query", p.Doc, s.paramSchema(p), p.Required))
			for _, a := range p.Aliases {
				// A former name is still accepted; clients should move on.
				ap := param(a.Name, "query", fmt.Sprintf("former name of %s, still accepted", p.Name), obj{"type": "string"}, false)
				ap["deprecated"] = true
				ps = append(ps, ap)
			}
		}
		paths["/api/v1/queries/"+m.Name] = obj{"get": obj{
			"summary": m.Doc, "operationId": "query_" + m.Name, "parameters": ps,
			"responses": with(obj{"200": jsonResp("rows, each with its sources and corroboration", "ResultEnvelope")}, nil),
		}}
	}
	doc := obj{
		"openapi": "3.0.3",
		"info": obj{
			"title":       "newsgraph API",
			"version":     s.opts.Version,
			"description": "Questions over a knowledge graph of military presence and security events built from news articles. Errors are {\"status\":\"error\",\"errorType\":...,\"error\":...}.",
		},
		"paths": paths,
		"components": obj{
			"securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer"}},
			"schemas": obj{
				"Error": obj{"type": "object", "required": []string{"status", "errorType", "error"}, "properties": obj{
					"status": obj{"type": "string", "enum": []string{"error"}}, "errorType": str, "error": str, "data": obj{"type": "object"},
				}},
				"Source": obj{"type": "object", "properties": obj{
					"article": str, "url": str, "title": str, "publisher": str, "published": str, "evidence": str,
				}},
				"Row": obj{"type": "object", "properties": obj{
					"values":        obj{"type": "object", "additionalProperties": true},
					"sources":       obj{"type": "array", "items": obj{"$ref": "#/components/schemas/Source"}},
					"corroboration": obj{"type": "integer", "description": "distinct articles supporting the row"},
				}},
				"Result": obj{"type": "object", "properties": obj{
					"query": str, "args": obj{"type": "object"}, "columns": obj{"type": "array", "items": str},
					"rows": obj{"type": "array", "items": obj{"$ref": "#/components/schemas/Row"}}, "notes": obj{"type": "array", "items": str},
					"truncated": obj{"type": "boolean"},
					"total":     obj{"type": "integer", "minimum": 0, "description": "rows the query matched; rows holds the page from offset"},
					"offset":    obj{"type": "integer", "minimum": 0},
					"limit":     obj{"type": "integer", "minimum": 0},
					"next_offset": obj{"type": "integer", "minimum": 0,
						"description": "the offset of the next page; absent on the last page"},
				}},
				"Notebook": obj{"type": "object", "required": []string{"cells"}, "additionalProperties": true, "properties": obj{
					"title": str, "cells": obj{"type": "array", "items": obj{"type": "object"}},
				}},
				"ResultEnvelope": obj{"type": "object", "properties": obj{"status": str, "data": obj{"$ref": "#/components/schemas/Result"}}},
				"Answer": obj{"type": "object", "properties": obj{"status": str, "data": obj{"type": "object", "properties": obj{
					"question": str, "template": str, "query": str, "args": obj{"type": "object"}, "command": str, "path": str,
					"result": obj{"$ref": "#/components/schemas/Result"},
				}}}},
				"RawAnswer": obj{"type": "object", "properties": obj{"status": str, "data": obj{"type": "object", "properties": obj{
					"lang": str, "results": obj{"type": "array", "items": obj{}}, "truncated": obj{"type": "boolean"}, "limit": obj{"type": "integer"},
				}}}},
			},
		},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic("server: OpenAPI document: " + err.Error()) // a programming error: the document is static
	}
	return b
}

// paramSchema is the JSON schema of a named query's parameter: its kind
// as a type (a default typed to match), its enum, and its bounds; limit
// never above the server's result limit, which caps it.
func (s *Server) paramSchema(p queries.Param) map[string]any {
	sch := map[string]any{"type": "string"}
	var def any = p.Default
	switch p.Kind {
	case "bool":
		sch["type"] = "boolean"
		if b, err := strconv.ParseBool(p.Default); err == nil {
			def = b
		}
	case "int":
		sch["type"] = "integer"
		if n, err := strconv.Atoi(p.Default); err == nil {
			def = n
		}
		if p.Min != nil {
			sch["minimum"] = *p.Min
		}
		if p.Max != nil {
			sch["maximum"] = *p.Max
		}
		if p.Name == "limit" {
			hi := s.opts.ResultLimit
			if p.Max != nil {
				hi = min(hi, *p.Max)
			}
			sch["maximum"] = hi
			if n, ok := def.(int); ok && n > hi {
				def = hi
			}
		}
	case "date":
		// A year, a month or a day: "format: date" would refuse the first two.
		sch["pattern"] = `^\d{4}(-\d{2}(-\d{2})?)?$`
		sch["description"] = "YYYY, YYYY-MM or YYYY-MM-DD"
	}
	if len(p.Enum) > 0 {
		sch["enum"] = p.Enum
	}
	if p.Default != "" {
		if _, typed := def.(string); !typed || sch["type"] == "string" {
			sch["default"] = def
		}
	}
	return sch
}

func exportNames() []string {
	var out []string
	for _, f := range export.Formats() {
		out = append(out, f.Name)
	}
	return out
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(s.openapi)
}

// routeMux is the server's mux, remembering the patterns it routes so a
// test can hold the OpenAPI document to them.
type routeMux struct {
	*http.ServeMux
	patterns []string
}

func (m *routeMux) Handle(pattern string, h http.Handler) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.Handle(pattern, h)
}

func (m *routeMux) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	m.Handle(pattern, http.HandlerFunc(h))
}
