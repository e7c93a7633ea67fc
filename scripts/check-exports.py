#!/usr/bin/env python3
"""Load newsgraph's exports with the libraries analysts use and check they agree.

Usage: check-exports.py --stats STATS.json --nquads F.nq --jsonld F.jsonld
                        --graphml F.graphml --csv F.csv [--geojson F.geojson]

STATS.json is what `newsgraph stats --format json` prints for the same store.
Each export is read by a real client: N-Quads and JSON-LD by rdflib, GraphML by
networkx, CSV by pandas (GeoJSON by the json module). The script checks that

  * the articles, the entities of each type and the events of each type each
    export holds are the counts of `stats`, and N-Quads and JSON-LD hold as
    many quads as the store;
  * N-Quads and JSON-LD hold the same quads, and every typed literal in them
    has an XML Schema datatype rdflib knows and a value it can read;
  * the entities north of latitude 20 (SPARQL FILTER(?lat > 20) in rdflib over
    both RDF exports, a numeric filter in networkx and pandas) are as many in
    every export: a number written so that a reader sees text or another value
    changes that count;
  * the GeoJSON has a point feature per base the CSV places, at its longitude
    and latitude.

It prints one line per figure and exits 1 if any disagree, naming them; 2 on
bad usage. Needs python3-rdflib, python3-networkx and python3-pandas (Debian).
"""

import argparse
import collections
import json
import sys

import networkx
import pandas
import rdflib
from rdflib.namespace import XSD

SCHEMA = "https://schema.org/"
NS = "https://w3id.org/newsgraph/ns#"
RDF_TYPE = rdflib.RDF.type
# The classes of newsgraph's entity types, as `stats` names the types.
ENTITY_CLASSES = {
    "Publisher": NS + "Publisher",
    "Country": SCHEMA + "Country",
    "Base": NS + "MilitaryBase",
    "Organisation": NS + "Organisation",
    "Place": SCHEMA + "Place",
    "Date": NS + "Date",
}
ARTICLE_CLASS = SCHEMA + "NewsArticle"
ENTITY_PREFIX = "https://w3id.org/newsgraph/id/entity/"
LATITUDE_ABOVE = 20
LAT_QUERY = """
PREFIX schema: <https://schema.org/>
SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e schema:latitude ?lat .
  FILTER(STRSTARTS(STR(?e), "%s") && ?lat > %d)
}""" % (ENTITY_PREFIX, LATITUDE_ABOVE)


class Checker:
    """Collects figures per export and the disagreements between them."""

    def __init__(self):
        self.problems = []

    def agree(self, what, figures):
        """figures maps a source name to its value; all must be equal."""
        values = set(json.dumps(v, sort_keys=True) for v in figures.values())
        line = ", ".join("%s %s" % (k, v) for k, v in figures.items())
        ok = len(values) == 1
        print("%-4s %s: %s" % ("ok" if ok else "FAIL", what, line))
        if not ok:
            self.problems.append("%s: %s" % (what, line))

    def require(self, what, ok, detail=""):
        print("%-4s %s%s" % ("ok" if ok else "FAIL", what, (": " + detail) if detail else ""))
        if not ok:
            self.problems.append(what + ((": " + detail) if detail else ""))


def load_rdf(path, fmt):
    g = rdflib.ConjunctiveGraph()
    g.parse(path, format=fmt)
    return g


def rdf_counts(g):
    """Articles, entities by type and events by type of an RDF dataset."""
    subjects = collections.defaultdict(set)
    events = collections.defaultdict(set)
    for s, p, o, _ in g.quads((None, None, None, None)):
        if p == RDF_TYPE:
            subjects[str(o)].add(s)
        elif str(p) == NS + "eventType" and str(o).startswith(NS + "event/"):
            events[str(o)[len(NS + "event/"):]].add(s)
    return {
        "articles": len(subjects[ARTICLE_CLASS]),
        "entities": {t: len(subjects[c]) for t, c in ENTITY_CLASSES.items()},
        "events": {t: len(v) for t, v in events.items()},
    }


def literal_problems(g):
    """Typed literals rdflib cannot read as a value of a known XSD type."""
    bad = []
    for _, _, o, _ in g.quads((None, None, None, None)):
        if isinstance(o, rdflib.Literal) and o.datatype is not None:
            if not str(o.datatype).startswith(str(XSD)) or o.value is None:
                bad.append("%s^^<%s>" % (o, o.datatype))
    return bad


def quad_set(g):
    return set((str(gr.identifier) if gr is not None else "", s, p, o) for s, p, o, gr in g.quads((None, None, None, None)))


def lat_count_rdf(g):
    return int(next(iter(g.query(LAT_QUERY)))[0])


def split_types(value):
    return [t for t in str(value).split("; ") if t] if isinstance(value, str) else []


def graphml_counts(path):
    gr = networkx.read_graphml(path)
    entities = collections.Counter()
    events = collections.Counter()
    articles = 0
    north = 0
    for _, d in gr.nodes(data=True):
        typ = d.get("type", "")
        if typ == "Article":
            articles += 1
        elif typ == "Event":
            events[d.get("event_type", "")] += 1
        else:
            for t in split_types(typ):
                entities[t] += 1
            lat = d.get("latitude")
            if lat is not None and float(lat) > LATITUDE_ABOVE:
                north += 1
    return {"articles": articles, "entities": {t: entities[t] for t in ENTITY_CLASSES},
            "events": dict(events)}, north


def csv_counts(path):
    df = pandas.read_csv(path, dtype={"negated": str}, keep_default_na=False)
    ents = df[df["kind"] == "entity"]
    evs = df[df["kind"] == "event"]
    entities = collections.Counter()
    for typ in ents["type"]:
        for t in split_types(typ):
            entities[t] += 1
    lat = pandas.to_numeric(ents["latitude"], errors="coerce")
    north = int((lat > LATITUDE_ABOVE).sum())
    counts = {"entities": {t: entities[t] for t in ENTITY_CLASSES},
              "events": {k: int(v) for k, v in evs["event_type"].value_counts().items()}}
    placed = {}
    for _, r in ents.iterrows():
        if "Base" in split_types(r["type"]) and r["latitude"] != "" and r["longitude"] != "":
            placed[r["id"]] = (float(r["longitude"]), float(r["latitude"]))
    return counts, north, placed


def nonzero(d):
    return {k: v for k, v in sorted(d.items()) if v}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name in ("stats", "nquads", "jsonld", "graphml", "csv"):
        ap.add_argument("--" + name, required=True)
    ap.add_argument("--geojson")
    args = ap.parse_args()

    with open(args.stats) as f:
        stats = json.load(f)
    c = Checker()

    nq = load_rdf(args.nquads, "nquads")
    ld = load_rdf(args.jsonld, "json-ld")
    gm, gm_north = graphml_counts(args.graphml)
    cs, cs_north, placed = csv_counts(args.csv)
    nq_counts, ld_counts = rdf_counts(nq), rdf_counts(ld)

    c.agree("articles", {"stats": stats["articles"], "nquads": nq_counts["articles"],
                         "jsonld": ld_counts["articles"], "graphml": gm["articles"]})
    for t in ENTITY_CLASSES:
        c.agree("entities " + t, {"stats": stats["entities"].get(t, 0), "nquads": nq_counts["entities"][t],
                                  "jsonld": ld_counts["entities"][t], "graphml": gm["entities"][t],
                                  "csv": cs["entities"][t]})
    c.agree("events by type", {"stats": nonzero(stats["events"]), "nquads": nonzero(nq_counts["events"]),
                               "jsonld": nonzero(ld_counts["events"]), "graphml": nonzero(gm["events"]),
                               "csv": nonzero(cs["events"])})
    nq_quads, ld_quads = quad_set(nq), quad_set(ld)
    c.agree("quads", {"stats": stats["quads"], "nquads": len(nq_quads), "jsonld": len(ld_quads)})
    c.require("nquads and jsonld hold the same quads", nq_quads == ld_quads,
              "%d only in nquads, %d only in jsonld" % (len(nq_quads - ld_quads), len(ld_quads - nq_quads)))
    for name, g in (("nquads", nq), ("jsonld", ld)):
        bad = literal_problems(g)
        c.require(name + ": every typed literal has an XSD type and a value", not bad,
                  "%d do not, e.g. %s" % (len(bad), ", ".join(bad[:3])) if bad else "")

    c.agree("entities with latitude > %d" % LATITUDE_ABOVE,
            {"nquads": lat_count_rdf(nq), "jsonld": lat_count_rdf(ld), "graphml": gm_north, "csv": cs_north})

    if args.geojson:
        with open(args.geojson) as f:
            fc = json.load(f)
        c.require("geojson is a FeatureCollection", fc.get("type") == "FeatureCollection")
        bases = {}
        for ft in fc.get("features", []):
            p = ft["properties"]
            if p.get("kind") == "base":
                bases[p["id"]] = tuple(ft["geometry"]["coordinates"])
        c.agree("placed bases", {"csv": len(placed), "geojson": len(bases)})
        moved = [k for k, v in placed.items() if bases.get(k) != v]
        c.require("geojson bases at the csv's longitude, latitude", not moved,
                  "%d differ, e.g. %s" % (len(moved), moved[:3]) if moved else "")

    if c.problems:
        print("check-exports: %d disagreement(s):" % len(c.problems), file=sys.stderr)
        for p in c.problems:
            print("  " + p, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
