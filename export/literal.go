package export

import (
	"math"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/voc/xsd"
)

// Cayley spells a native literal the way Go prints it under a short
// datatype ("2.95E+01"^^<xsd:double>, "True"^^<xsd:boolean>). An RDF
// reader takes "xsd:double" for an IRI of the scheme "xsd:", not XML
// Schema's double, and then compares the values as opaque strings: rdflib
// answered FILTER(?lat > 20) over such an N-Quads file with 315 rows where
// the same graph as JSON-LD gives 223. The exports therefore write every
// typed literal with its datatype IRI in full and in the canonical lexical
// form of XML Schema 1.1 (2.95E1, true), which both Cayley's readers and
// RDF libraries read back as the same value.

// canonicalLiteral is v as the exports write it: a native literal (a
// number, boolean or time Cayley holds as a Go value) with its datatype in
// full and its lexical form canonical; other values as they are. A
// quad.TypedString is kept whole: Cayley converts every XSD type it knows
// to a native value on import, so a TypedString is a foreign literal whose
// datatype IRI, short or not, is the importer's to keep.
func canonicalLiteral(v quad.Value) quad.Value {
	if _, ok := v.(quad.TypedString); ok {
		return v
	}
	ts, ok := v.(quad.TypedStringer)
	if !ok {
		return v
	}
	t := ts.TypedString()
	t.Type = t.Type.Full()
	t.Value = quad.String(canonicalLexical(string(t.Value), t.Type))
	return t
}

// canonicalQuad is q with its object written by canonicalLiteral.
func canonicalQuad(q quad.Quad) quad.Quad {
	q.Object = canonicalLiteral(q.Object)
	return q
}

// canonicalLexical is the canonical lexical form of s under a datatype
// given in full, or s itself when the type is not one this package knows or s is not a
// valid value of it (a foreign literal is kept as it came).
func canonicalLexical(s string, typ quad.IRI) string {
	switch typ {
	case xsd.NS + "double", xsd.NS + "float":
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return s
		}
		return canonicalDouble(f)
	case xsd.NS + "boolean":
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true", "1":
			return "true"
		case "false", "0":
			return "false"
		}
	case xsd.NS + "integer", xsd.NS + "int", xsd.NS + "long":
		if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
			return strconv.FormatInt(n, 10)
		}
	}
	return s
}

// canonicalDouble writes f as XML Schema 1.1's canonical xsd:double: one
// digit before the point, at least one after, an exponent without "+" or
// leading zeros (29.5 is "2.95E1", 8 is "8.0E0", 0 is "0.0E0").
func canonicalDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "INF"
	case math.IsInf(f, -1):
		return "-INF"
	}
	// 'E' with the shortest precision that reads back as f: "2.95E+01".
	mant, exp, _ := strings.Cut(strconv.FormatFloat(f, 'E', -1, 64), "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp) // FormatFloat's exponent always parses
	return mant + "E" + strconv.Itoa(e)
}
