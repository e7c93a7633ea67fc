// The graph view: a result's entities and events as nodes coloured by type
// (cytoscape, loaded on first use), edges carrying the rows' sources. A
// click on a node selects it and loads its neighbours (the related query);
// a click on an edge shows its sources. Everything the mouse does, the side
// panel does with the keyboard.
import { h, id, replace } from "../dom.js";
import { mapLimit, profile, raw, runQuery } from "../api.js";
import { entitiesIn, knownTypes, learnTypes, fromQuery, parsePathNode, TYPES, typeColor } from "../result.js";
import { sourcesList } from "./table.js";

const MAX_ROWS = 300;
// Nodes of these types are not entities: they have no profile and no
// related entities to load.
const NOT_ENTITIES = new Set(["Event", "Article", "Date"]);
const isEntity = (d) => !!d.name && !NOT_ENTITIES.has(d.type);
const NEIGHBOURS = 12;
const FIT_PADDING = 36;
const TALL_NODES = 30;
// Force-directed layout, spaced for labels: nodes push harder than
// cytoscape's default so that a hub's neighbours do not crowd its label.
const COSE = { name: "cose", animate: false, fit: false, nodeDimensionsIncludeLabels: true, nodeRepulsion: () => 12000, idealEdgeLength: () => 56, nodeOverlap: 12 };

/** buildGraph turns result rows into nodes and edges. */
export function buildGraph(result) {
  const g = { nodes: new Map(), edges: new Map() };
  const rows = result.rows.slice(0, MAX_ROWS);
  const cols = result.columns;
  if (result.lang) rawGraph(g, result, rows);
  else if (result.query === "path") {
    for (const row of rows) {
      const a = pathNode(g, String(row.values.from || "")), b = pathNode(g, String(row.values.to || ""));
      addEdge(g, a, b, String(row.values.relation || ""), row);
    }
  } else if (result.query === "entity") profileGraph(g, result, rows);
  else if (cols.includes("event") && ["base", "bases", "actor", "country", "places"].some((c) => cols.includes(c))) {
    for (const row of rows) {
      const v = row.values;
      if (!v.event) continue;
      const key = ["event", "date", "actor", "base", "bases", "country", "places", "negated"].map((k) => v[k] ?? "").join("|");
      const ev = addNode(g, "v:" + key, { label: `${v.event}${v.date ? "\n" + v.date : ""}`, type: "Event", negated: v.negated === true });
      for (const [col, role] of [["base", "base"], ["bases", "base"], ["actor", "actor"], ["country", "country"], ["places", "place"]]) {
        if (!cols.includes(col)) continue;
        for (const e of entitiesIn(result, col, row)) addEdge(g, ev, entityNode(g, e), role, row);
      }
    }
  } else if (result.query === "related" && result.args?.entity) {
    const centre = entityNode(g, { name: result.args.entity, type: knownTypes.get(result.args.entity) });
    for (const row of rows) for (const e of entitiesIn(result, "entity", row)) addEdge(g, centre, entityNode(g, e), "mentioned with", row);
  } else {
    for (const row of rows) {
      let first = null;
      for (const col of cols) {
        for (const e of entitiesIn(result, col, row)) {
          const n = entityNode(g, e);
          if (first === null) first = n;
          else addEdge(g, first, n, col, row);
        }
      }
    }
  }
  return g;
}

function addNode(g, nid, data) {
  if (!g.nodes.has(nid)) g.nodes.set(nid, { id: nid, ...data });
  return nid;
}

function entityNode(g, e) {
  const nid = "e:" + e.name;
  const cur = g.nodes.get(nid);
  if (cur) {
    if (!cur.type && e.type) cur.type = e.type;
    return nid;
  }
  return addNode(g, nid, { label: e.name, name: e.name, type: e.type || knownTypes.get(e.name) || null });
}

function pathNode(g, text) {
  const p = parsePathNode(text);
  if (p.type === "Event") return addNode(g, "v:" + p.name, { label: shorten(p.name), full: p.name, type: "Event" });
  return entityNode(g, p);
}

function profileGraph(g, result, rows) {
  const first = rows[0];
  if (!first) return;
  const type = rows.find((r) => r.values.field === "type")?.values.value;
  const centre = entityNode(g, { name: String(first.values.entity), type: type ? String(type) : null });
  for (const row of rows) {
    const f = row.values.field, val = String(row.values.value ?? "");
    if (f === "country" || f === "operator") {
      for (const e of entitiesIn(result, "value", row)) addEdge(g, centre, entityNode(g, e), f, row);
    } else if (f === "event") {
      const ev = addNode(g, "v:" + val, { label: shorten(val), full: val, type: "Event", negated: row.values.negated === true });
      addEdge(g, centre, ev, row.values.role || "event", row);
    }
  }
}

function rawGraph(g, result, rows) {
  for (const row of rows) {
    const refs = result.columns.filter((c) => isRef(row.values[c]));
    // Gizmo's "id" is the path's last node: a node of its own only when no
    // tagged node stands for the row.
    const cols = refs.length ? refs : result.columns.filter((c) => c === "id" && row.values.id !== "" && row.values.id !== undefined);
    let first = null;
    for (const col of cols) {
      const v = row.values[col];
      const ref = isRef(v);
      const nid = addNode(g, "r:" + v, { label: ref ? shortIRI(v) : String(v), full: String(v), iri: ref ? String(v) : null, name: ref ? null : String(v), type: ref ? "Node" : knownTypes.get(String(v)) || null });
      if (first === null) first = nid;
      else addEdge(g, first, nid, col, row);
    }
  }
}

const isRef = (v) => typeof v === "string" && (/^<[^>]+>$/.test(v) || /^_:/.test(v));

// Classes of the graph's nodes and the types the page colours them by.
const CLASS_TYPES = {
  "https://w3id.org/newsgraph/ns#MilitaryBase": "Base",
  "https://schema.org/Country": "Country",
  "https://schema.org/Place": "Place",
  "https://w3id.org/newsgraph/ns#Organisation": "Organisation",
  "https://schema.org/Organization": "Organisation",
  "https://w3id.org/newsgraph/ns#Publisher": "Publisher",
  "https://schema.org/Event": "Event",
  "https://w3id.org/newsgraph/ns#Date": "Date",
  "https://schema.org/NewsArticle": "Article",
};

/** labelIRIs asks the graph (two Gizmo queries) for the names and classes of IRI nodes. */
async function labelIRIs(iris) {
  if (!iris.length) return new Map();
  const list = iris.slice(0, 300).map((i) => JSON.stringify(i)).join(", ");
  const [names, classes] = await Promise.all([
    raw("gizmo", `g.V(${list}).Tag("node").Out("<https://schema.org/name>").All()`),
    raw("gizmo", `g.V(${list}).Tag("node").Out("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>").All()`),
  ]);
  const out = new Map();
  for (const r of names.results || []) if (r.node && typeof r.id === "string") out.set(r.node, { ...out.get(r.node), name: r.id });
  for (const r of classes.results || []) {
    const t = CLASS_TYPES[String(r.id).replace(/^<|>$/g, "")];
    if (r.node && t) out.set(r.node, { ...out.get(r.node), type: t });
  }
  return out;
}

function shortIRI(v) {
  const s = v.replace(/^<|>$/g, "");
  const tail = s.split(/[/#]/).filter(Boolean).pop() || s;
  return tail.length > 14 && /^[0-9a-f-]{20,}$/.test(tail) ? "…" + tail.slice(0, 8) : tail;
}

function shorten(s, n = 42) {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

function addEdge(g, a, b, label, row) {
  if (!a || !b || a === b) return;
  const key = `${a}\u0000${b}\u0000${label}`;
  let e = g.edges.get(key);
  if (!e) {
    e = { id: "x" + g.edges.size + ":" + key.length, source: a, target: b, label, sources: [], articles: 0 };
    g.edges.set(key, e);
  }
  for (const s of row?.sources || []) if (!e.sources.some((t) => t.url === s.url && t.evidence === s.evidence)) e.sources.push(s);
  e.articles = Math.max(e.articles, row?.values?.articles || 0, new Set(e.sources.map((s) => s.url)).size);
}

const STYLE = [
  {
    selector: "node",
    style: {
      "background-color": "data(color)",
      label: "data(label)",
      "font-size": "data(fs)",
      "text-max-width": "data(tw)",
      "text-valign": "bottom",
      "text-margin-y": 3,
      "text-wrap": "wrap",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.75,
      "text-background-padding": 1,
      width: 20,
      height: 20,
      color: "#111827",
    },
  },
  { selector: "node[type = 'Event']", style: { shape: "round-rectangle", width: 15, height: 15, color: "#475569" } },
  { selector: "node.nolabel", style: { label: "" } },
  { selector: "node.nolabel:selected", style: { label: "data(label)" } },
  { selector: "node[?negated]", style: { "background-opacity": 0.25, "border-width": 2, "border-style": "dashed", "border-color": "data(color)" } },
  { selector: "node[?expanded]", style: { "border-width": 3, "border-color": "#111827" } },
  { selector: "node:selected", style: { "border-width": 4, "border-color": "#f59e0b", "z-index": 10 } },
  { selector: "edge", style: { width: 1.5, "line-color": "#94a3b8", "curve-style": "bezier", "font-size": 10, "min-zoomed-font-size": 9, color: "#475569", "text-rotation": "autorotate", "text-background-color": "#ffffff", "text-background-opacity": 0.8 } },
  { selector: "edge[?labelled]", style: { label: "data(label)" } },
  { selector: "edge:selected", style: { "line-color": "#f59e0b", width: 3, label: "data(label)", "z-index": 10 } },
];

// Labels keep a readable size on screen whatever the zoom: their size in
// the graph's units grows as the view zooms out. Where labels would then
// run into each other, the less connected node's label is left out (its
// name shows when it is selected, and in the panel).
const LABEL_PX = 13; // an entity's label on screen, in CSS pixels
const EVENT_LABEL_PX = 11.5;
const LABEL_WIDTH = 130; // wrap width at zoom 1

function labelSize(d, zoom) {
  const px = d.type === "Event" ? EVENT_LABEL_PX : LABEL_PX;
  const fs = Math.max(px, px / zoom);
  return { fs, tw: LABEL_WIDTH * (fs / px) };
}

/** tidyLabels sizes the labels for the zoom and leaves out those that would overlap. */
export function tidyLabels(cy) {
  const zoom = cy.zoom();
  cy.batch(() => {
    cy.nodes().forEach((n) => {
      n.data(labelSize(n.data(), zoom));
      n.removeClass("nolabel");
    });
  });
  const order = cy.nodes().sort((a, b) =>
    (b.selected() - a.selected()) || (!!b.data("expanded") - !!a.data("expanded")) ||
    ((a.data("type") === "Event") - (b.data("type") === "Event")) || (b.degree() - a.degree()) ||
    String(a.data("label")).localeCompare(String(b.data("label"))));
  const kept = [];
  const hide = [];
  order.forEach((n) => {
    if (!n.data("label")) return;
    const b = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
    if (!(b.w > 0)) return;
    const pad = 2 / zoom;
    if (kept.some((k) => b.x1 < k.x2 + pad && k.x1 < b.x2 + pad && b.y1 < k.y2 + pad && k.y1 < b.y2 + pad)) hide.push(n);
    else kept.push(b);
  });
  cy.batch(() => hide.forEach((n) => n.addClass("nolabel")));
}

let cytoscapeModule = null;
const loadCytoscape = () => (cytoscapeModule ??= import("cytoscape").then((m) => m.default));

/** renderGraph draws the result as a graph; ctx.openProfile opens a profile cell. */
export function renderGraph(result, ctx) {
  const g = buildGraph(result);
  const canvas = h("div", { class: "graph-canvas", role: "img", "aria-label": `Graph of ${g.nodes.size} nodes and ${g.edges.size} edges; use the panel beside it to explore with the keyboard` });
  const nodeSelectId = id("node");
  const nodeSelect = h("select", { id: nodeSelectId, class: "node-select" });
  const detail = h("div", { class: "graph-detail", "aria-live": "polite" }, h("p", { class: "muted" }, "Click a node to load its neighbours, or an edge to see its sources."));
  const legend = h("ul", { class: "legend" });
  const status = h("p", { class: "graph-status muted", role: "status" });
  const panel = h("aside", { class: "graph-panel" },
    legend,
    h("label", { for: nodeSelectId }, "Node"),
    h("div", { class: "row" }, nodeSelect,
      h("button", { type: "button", onclick: () => nodeSelect.value && selectNode(nodeSelect.value, true) }, "Show")),
    status, detail);
  const wrap = h("div", { class: "graph-view" }, canvas, panel);
  if (!g.nodes.size) {
    replace(wrap, h("p", { class: "empty" }, "Nothing in these rows to draw as a graph: no entity, event or node columns."));
    return { el: wrap };
  }

  let cy = null;
  const pending = [];

  function nodeData(n) {
    return { ...n, color: typeColor(n.type), label: n.label, ...labelSize(n, cy ? cy.zoom() : 1) };
  }

  /** fitAll fits the whole graph in the canvas, then sizes and sorts out its labels. */
  function fitAll() {
    // A viewport animation (centring on a node chosen in the panel) would
    // move the view again after the fit.
    cy.stop(true, false);
    // A big graph gets a taller canvas, so its labels keep their size.
    canvas.classList.toggle("tall", cy.nodes().length > TALL_NODES);
    cy.resize();
    cy.fit(undefined, FIT_PADDING);
    tidyLabels(cy);
  }
  function edgeData(e, total) {
    return { ...e, labelled: total <= 40 };
  }

  function refreshPanel() {
    const types = new Set();
    const nodes = cy ? cy.nodes().map((n) => n.data()) : [...g.nodes.values()];
    nodes.sort((a, b) => a.label.localeCompare(b.label));
    const keep = nodeSelect.value;
    replace(nodeSelect, h("option", { value: "" }, `— ${nodes.length} nodes —`), nodes.map((n) => {
      types.add(n.type || "Node");
      return h("option", { value: n.id }, `${n.label.replace(/\n/g, " ")}${n.type ? ` (${n.type})` : ""}`);
    }));
    nodeSelect.value = keep;
    replace(legend, Object.keys(TYPES).filter((t) => types.has(t)).map((t) =>
      h("li", null, h("span", { class: "swatch", style: `background:${typeColor(t)}` }), t)));
  }

  function showEdge(edge) {
    const d = edge.data();
    const src = cy.getElementById(d.source).data(), dst = cy.getElementById(d.target).data();
    replace(detail,
      h("h4", null, `${src.label.replace(/\n/g, " ")} — ${d.label} — ${dst.label.replace(/\n/g, " ")}`),
      d.sources.length
        ? [h("p", { class: "muted" }, `${d.articles || d.sources.length} article${(d.articles || d.sources.length) === 1 ? "" : "s"}`), sourcesList(d.sources)]
        : h("p", { class: "muted" }, "No sources recorded for this edge (raw query results carry none)."));
  }

  function selectNode(nid, center) {
    const node = cy?.getElementById(nid);
    if (!node || node.empty()) return;
    cy.elements().unselect();
    node.select();
    nodeSelect.value = nid;
    if (center) cy.animate({ center: { eles: node }, duration: 200 });
    const d = node.data();
    const edges = node.connectedEdges();
    replace(detail,
      h("h4", null, d.full || d.label.replace(/\n/g, " ")),
      h("p", { class: "muted" }, d.type || "type unknown", d.negated ? " · negated" : "", d.expanded ? ` · neighbours loaded` : ""),
      h("div", { class: "row" },
        isEntity(d)
          ? h("button", { type: "button", class: "expand", onclick: () => expand(nid) }, d.expanded ? "Neighbours loaded" : "Load neighbours")
          : null,
        isEntity(d)
          ? h("button", { type: "button", onclick: () => ctx.openProfile(d.name, d.type) }, "Open profile")
          : null),
      edges.length
        ? h("ul", { class: "edge-list" }, edges.map((e) => {
          const ed = e.data();
          const other = cy.getElementById(ed.source === nid ? ed.target : ed.source).data();
          return h("li", null, h("button", {
            type: "button", class: "link",
            onclick: () => { cy.elements().unselect(); e.select(); showEdge(e); },
          }, `${ed.label} → ${other.label.replace(/\n/g, " ")}`, ed.sources.length ? ` (${ed.sources.length} source${ed.sources.length === 1 ? "" : "s"})` : ""));
        }))
        : null);
  }

  /** expand loads a node's neighbours from the related query. */
  async function expand(nid) {
    const node = cy.getElementById(nid);
    const d = node.data();
    if (!isEntity(d) || d.expanded || d.loading) return;
    node.data("loading", true);
    status.textContent = `Loading the neighbours of ${d.name}…`;
    try {
      const res = fromQuery(await runQuery("related", { entity: d.name, limit: String(NEIGHBOURS) }));
      learnTypes(res);
      const before = cy.nodes().length;
      const added = cy.collection();
      // New neighbours start on a ring around the node, inside the part of
      // the graph already drawn, so the layout starts from places on the
      // canvas.
      const pos = node.position();
      const ext = cy.extent();
      const ring = Math.max(40, Math.min(120, ext.w / 4, ext.h / 4));
      const inside = (v, lo, hi) => Math.min(Math.max(v, lo + ring / 4), hi - ring / 4);
      res.rows.forEach((row, i) => {
        for (const e of entitiesIn(res, "entity", row)) {
          const other = "e:" + e.name;
          if (cy.getElementById(other).empty()) {
            const angle = (2 * Math.PI * i) / Math.max(res.rows.length, 1);
            added.merge(cy.add({
              group: "nodes",
              data: nodeData({ id: other, label: e.name, name: e.name, type: e.type }),
              position: { x: inside(pos.x + ring * Math.cos(angle), ext.x1, ext.x2), y: inside(pos.y + ring * Math.sin(angle), ext.y1, ext.y2) },
            }));
          }
          const tmp = { edges: new Map() };
          addEdge(tmp, nid, other, "mentioned with", row);
          const ed = [...tmp.edges.values()][0];
          if (node.edgesWith(cy.getElementById(other)).empty()) {
            ed.id = `n:${nid}>${other}`;
            added.merge(cy.add({ group: "edges", data: edgeData(ed, cy.edges().length) }));
          }
        }
      });
      const n = cy.nodes().length - before;
      status.textContent = n ? `${d.name}: ${n} neighbour${n === 1 ? "" : "s"} added.` : `${d.name}: no new neighbours.`;
      if (n) await runLayout({ ...COSE, randomize: false });
      node.data("expanded", true);
      fitAll();
      refreshPanel();
      selectNode(nid, false);
    } catch (err) {
      status.textContent = `Could not load the neighbours of ${d.name}: ${err.message}`;
    } finally {
      node.data("loading", false);
    }
  }

  async function resolveTypes() {
    const iris = cy.nodes().filter((n) => n.data("iri")).map((n) => n.data("iri"));
    if (iris.length) {
      const labels = await labelIRIs(iris).catch(() => new Map());
      for (const [iri, l] of labels) {
        const n = cy.getElementById("r:" + iri);
        if (n.empty()) continue;
        if (l.name) n.data({ label: l.name, name: l.name, full: `${l.name} ${iri}` });
        if (l.type) n.data({ type: l.type, color: typeColor(l.type) });
      }
      refreshPanel();
    }
    const unknown = cy.nodes().filter((n) => n.data("name") && !n.data("type")).map((n) => n.data("name")).slice(0, 25);
    await mapLimit(unknown, 3, async (name) => {
      const res = fromQuery(await profile(name));
      learnTypes(res);
      const t = knownTypes.get(name);
      const n = cy.getElementById("e:" + name).empty() ? cy.getElementById("r:" + name) : cy.getElementById("e:" + name);
      if (t && !n.empty()) n.data({ type: t, color: typeColor(t) });
    });
    tidyLabels(cy); // names replaced IRIs: labels changed size
    refreshPanel();
  }

  /** runLayout runs a layout and resolves when it has placed every node. */
  function runLayout(opts) {
    return new Promise((resolve) => {
      const l = cy.layout(opts);
      l.one("layoutstop", () => resolve());
      l.run();
    });
  }

  async function init() {
    let cytoscape;
    try {
      cytoscape = await loadCytoscape();
    } catch (err) {
      replace(canvas, h("p", { class: "error-text" }, "The graph component could not be loaded: " + err.message));
      return;
    }
    const edges = [...g.edges.values()];
    cy = cytoscape({
      container: canvas,
      elements: [
        ...[...g.nodes.values()].map((n) => ({ group: "nodes", data: nodeData(n) })),
        ...edges.map((e) => ({ group: "edges", data: edgeData(e, edges.length) })),
      ],
      style: STYLE,
      layout: { name: "preset" },
      wheelSensitivity: 0.3,
      minZoom: 0.02,
      maxZoom: 4,
      boxSelectionEnabled: false,
    });
    canvas.__cy = cy; // for the browser tests, which click nodes where they are drawn
    cy.on("tap", "node", (e) => {
      selectNode(e.target.id(), false);
      expand(e.target.id());
    });
    cy.on("tap", "edge", (e) => {
      cy.elements().unselect();
      e.target.select();
      showEdge(e.target);
    });
    await runLayout(g.nodes.size > 150 ? { name: "concentric", animate: false, fit: false } : { ...COSE, randomize: true });
    fitAll();
    // After the reader zooms, labels are sized again (once the wheel stops).
    let tidyTimer = null;
    cy.on("zoom", () => {
      clearTimeout(tidyTimer);
      tidyTimer = setTimeout(() => tidyLabels(cy), 120);
    });
    refreshPanel();
    status.textContent = `${g.nodes.size} nodes, ${g.edges.size} edges${result.rows.length > MAX_ROWS ? ` (from the first ${MAX_ROWS} rows)` : ""}.`;
    canvas.dataset.ready = "true";
    for (const f of pending.splice(0)) f();
    resolveTypes().catch(() => {});
  }
  nodeSelect.addEventListener("change", () => nodeSelect.value && selectNode(nodeSelect.value, true));
  // Cytoscape measures its container, so it starts when the view is first
  // shown, not while it is detached or hidden.
  let started = false;
  return {
    el: wrap,
    onShow() {
      if (!started) {
        started = true;
        init();
        return;
      }
      const f = () => fitAll();
      if (cy) f();
      else pending.push(f);
    },
  };
}
