// The map view: the bases and places of a result where their coordinates
// are known (from their profiles in the graph), on an embedded world
// outline drawn as SVG; no tile server, nothing fetched from outside. The
// countries where things happen are shaded (who acted is not a place).
// It pans (drag) and zooms (wheel, buttons); markers closer than a label
// needs are drawn as one cluster, so no marker hides another's label; and
// every event type is a layer that can be switched off.
import { h, s, replace } from "../dom.js";
import { mapLimit, profile } from "../api.js";
import { fromQuery, knownTypes, learnTypes, locationNames, typeColor } from "../result.js";
import { sourcesList } from "./table.js";

const MAX_LOOKUPS = 80;
const coords = new Map(); // name -> {lat, lon} | null

/** parseCoordinates reads "33.7856, 42.4412". */
export function parseCoordinates(v) {
  const m = String(v ?? "").match(/^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/);
  if (!m) return null;
  const lat = +m[1], lon = +m[2];
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
}

/** rememberProfile takes coordinates and the type from a profile result. */
export function rememberProfile(res) {
  const rows = res.rows || [];
  const name = rows[0]?.values.entity;
  if (!name) return;
  const c = rows.find((r) => r.values.field === "coordinates");
  coords.set(String(name), c ? parseCoordinates(c.values.value) : null);
}

/** rememberRows takes the coordinates rows carry themselves (a base with lat and lon columns). */
export function rememberRows(result) {
  for (const row of result.rows) {
    const { base, lat, lon } = row.values;
    if (typeof base !== "string" || !base || base.includes(";")) continue;
    const c = parseCoordinates(`${lat}, ${lon}`);
    if (c) coords.set(base, c);
  }
}

async function lookup(name) {
  if (coords.has(name)) return coords.get(name);
  const res = fromQuery(await profile(name));
  learnTypes(res);
  rememberProfile(res);
  if (!coords.has(name)) coords.set(name, null);
  return coords.get(name);
}

/** layerOf is the event type a row belongs to on the map. */
export function layerOf(result, row) {
  return String(row.values.event || result.args?.event || "") || "places";
}

const MARKER_PX = { Base: 6.5, Place: 5, Country: 7 };
const LABEL_FONT = 12; // px
const LABEL_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const CLUSTER_PX = 26; // markers closer than this on screen are one cluster
const MERGE_PX = 90; // a marker whose label finds no room joins a cluster this near
const MIN_VIEW = 8; // narrowest view, in map units

let measurer = null;
function textWidth(text) {
  measurer ??= document.createElement("canvas").getContext("2d");
  measurer.font = `${LABEL_FONT}px ${LABEL_FAMILY}`;
  return measurer.measureText(text).width;
}

const overlaps = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * clusterAndLabel groups points (screen pixels) into clusters and gives
 * each cluster a label box that overlaps no other label and no other
 * marker: a cluster whose label finds no free place joins its nearest
 * neighbour, and the labels are placed again.
 */
export function clusterAndLabel(points) {
  let groups = [];
  for (const p of [...points].sort((a, b) => b.weight - a.weight)) {
    const g = groups.find((g) => Math.hypot(g.sx - p.sx, g.sy - p.sy) < CLUSTER_PX);
    if (g) g.members.push(p);
    else groups.push({ sx: p.sx, sy: p.sy, members: [p] });
  }
  for (let round = 0; round < 4 * points.length + 4; round++) {
    for (const g of groups) {
      const w = g.members.reduce((a, m) => a + m.weight, 0);
      g.sx = g.members.reduce((a, m) => a + m.sx * m.weight, 0) / w;
      g.sy = g.members.reduce((a, m) => a + m.sy * m.weight, 0) / w;
      g.weight = w;
      g.r = g.members.length > 1 ? 9 + Math.min(6, 2 * Math.log2(g.members.length)) : MARKER_PX[g.members[0].type] || 5;
      const top = g.members[0].name;
      g.text = g.members.length > 1 ? `${top} +${g.members.length - 1}` : top;
      g.tw = textWidth(g.text) + 4;
    }
    groups.sort((a, b) => b.weight - a.weight);
    const bodies = groups.map((g) => ({ x0: g.sx - g.r, x1: g.sx + g.r, y0: g.sy - g.r, y1: g.sy + g.r, g }));
    const placed = [];
    let failed = null;
    for (const g of groups) g.label = null;
    for (const g of groups) {
      if (g.unlabelled) continue;
      const h2 = LABEL_FONT / 2 + 2, gap = g.r + 3;
      const candidates = [
        { x0: g.sx + gap, y0: g.sy - h2, anchor: "start" },
        { x0: g.sx - gap - g.tw, y0: g.sy - h2, anchor: "end" },
        { x0: g.sx - g.tw / 2, y0: g.sy - gap - 2 * h2, anchor: "middle" },
        { x0: g.sx - g.tw / 2, y0: g.sy + gap, anchor: "middle" },
      ].map((c) => ({ ...c, x1: c.x0 + g.tw, y1: c.y0 + 2 * h2 }));
      const free = candidates.find((c) => !placed.some((b) => overlaps(b, c)) && !bodies.some((b) => b.g !== g && overlaps(b, c)));
      if (!free) { failed = g; break; }
      g.label = free;
      placed.push(free);
    }
    if (!failed) return groups;
    // The label had no room: the cluster joins its nearest neighbour if
    // that is near; a lone place far from any other keeps its marker and
    // gives up its label (its name is in the marker's tooltip), since
    // joining a far cluster would draw it where it is not.
    const others = groups.filter((g) => g !== failed && !g.unlabelled);
    const dist = (g) => Math.hypot(g.sx - failed.sx, g.sy - failed.sy);
    const near = others.length ? others.reduce((a, b) => (dist(a) <= dist(b) ? a : b)) : null;
    if (!near || dist(near) > MERGE_PX) {
      failed.unlabelled = true;
      continue;
    }
    near.members.push(...failed.members);
    near.members.sort((a, b) => b.weight - a.weight);
    groups = others;
  }
  return groups;
}

export function renderMap(result, ctx) {
  const wrap = h("div", { class: "map-view" });
  const status = h("p", { class: "muted", role: "status" }, "Looking up coordinates…");
  const detail = h("div", { class: "map-detail", "aria-live": "polite" });
  const holder = h("div", { class: "map-holder" });
  wrap.append(status, holder, detail);
  if (result.query === "entity") rememberProfile(result);
  rememberRows(result);
  const places = locationNames(result);
  if (!places.length) {
    replace(status, "These rows name no base or place, so there is nothing to put on a map.");
    return { el: wrap };
  }
  let redraw = null;
  (async () => {
    const [world] = await Promise.all([
      import("../world.js"),
      mapLimit(places.slice(0, MAX_LOOKUPS), 4, (p) => lookup(p.name)),
    ]);
    for (const p of places) p.type = p.type || knownTypes.get(p.name) || "Place";
    draw(world);
  })().catch((err) => replace(status, h("span", { class: "error-text" }, "The map could not be drawn: " + err.message)));

  function draw(world) {
    const outlines = new Set(world.countries.map((c) => c.name));
    // Countries are shaded, not marked, when the outline knows them.
    const shaded = places.filter((p) => p.type === "Country" && outlines.has(world.outlineName(p.name)));
    const markable = places.filter((p) => !shaded.includes(p));
    const located = markable.filter((p) => coords.get(p.name));
    const missing = markable.filter((p) => !coords.get(p.name));
    const msg = `${located.length} of ${markable.length} places have known coordinates${shaded.length ? `; ${shaded.length} countr${shaded.length === 1 ? "y" : "ies"} shaded` : ""}.`;
    replace(status, msg, missing.length ? ` Not on the map: ${missing.slice(0, 8).map((p) => p.name).join(", ")}${missing.length > 8 ? ", …" : ""}.` : "");
    if (!located.length && !shaded.length) return;

    const pts = located.map((p) => {
      const c = coords.get(p.name);
      const [x, y] = world.project(c.lon, c.lat);
      return { ...p, lon: c.lon, lat: c.lat, x, y, layers: new Set([...p.rows].map((r) => layerOf(result, r))) };
    });
    const layerNames = [...new Set([...places.flatMap((p) => [...p.rows].map((r) => layerOf(result, r)))])].sort();
    const layersOn = new Set(layerNames);

    const svg = s("svg", { class: "map-svg", role: "group", "aria-label": `Map of ${located.length} places`, preserveAspectRatio: "xMidYMid meet" });
    svg.__points = pts.map(({ name, type, lon, lat, x, y }) => ({ name, type, lon, lat, x, y }));
    const clipId = "sphere-" + Math.random().toString(36).slice(2);
    const shadeNames = () => new Set(shaded.filter((p) => [...p.rows].some((r) => layersOn.has(layerOf(result, r)))).map((p) => world.outlineName(p.name)));
    const landPaths = world.countries.map((c) => s("path", { d: c.d, class: "land", "data-country": c.name }, s("title", null, c.name)));
    const markerLayer = s("g", { class: "markers" });
    replace(svg,
      s("defs", null, s("clipPath", { id: clipId }, s("path", { d: world.sphere }))),
      s("g", { "clip-path": `url(#${clipId})` }, s("path", { d: world.sphere, class: "sea" }), landPaths),
      s("path", { d: world.sphere, class: "sphere-edge" }), markerLayer);

    // The view: a box in map units, kept at the SVG's own shape so that a
    // map unit is the same size across and down.
    const size = () => {
      const r = svg.getBoundingClientRect();
      return r.width > 0 && r.height > 0 ? [r.width, r.height] : [1000, 500];
    };
    let view = null;
    const shaped = (cx, cy, w, hgt) => {
      const [sw, sh] = size();
      const aspect = sw / sh;
      if (w / hgt > aspect) hgt = w / aspect; else w = hgt * aspect;
      w = Math.min(Math.max(w, MIN_VIEW), world.WIDTH * 1.5);
      hgt = w / aspect;
      return { x: cx - w / 2, y: cy - hgt / 2, w, h: hgt };
    };
    const fitPlaces = () => {
      const shown = visiblePoints();
      const xs = shown.map((p) => p.x), ys = shown.map((p) => p.y);
      if (!xs.length) return whole();
      const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
      return shaped((x0 + x1) / 2, (y0 + y1) / 2, Math.max(x1 - x0, 60) * 1.4 + 40, Math.max(y1 - y0, 30) * 1.4 + 40);
    };
    const whole = () => shaped(world.WIDTH / 2, world.HEIGHT / 2, world.WIDTH, world.HEIGHT);
    const setView = (v) => {
      view = v;
      svg.setAttribute("viewBox", `${v.x.toFixed(2)} ${v.y.toFixed(2)} ${v.w.toFixed(2)} ${v.h.toFixed(2)}`);
    };
    const zoomBy = (f, ax, ay) => {
      // ax, ay: the map point that stays put (default the centre).
      ax ??= view.x + view.w / 2; ay ??= view.y + view.h / 2;
      const w = Math.min(Math.max(view.w / f, MIN_VIEW), world.WIDTH * 1.5);
      const k = w / view.w;
      setView({ x: ax - (ax - view.x) * k, y: ay - (ay - view.y) * k, w, h: view.h * k });
      renderMarkers();
    };

    function visiblePoints() {
      return pts.filter((p) => [...p.layers].some((l) => layersOn.has(l)));
    }

    function renderMarkers() {
      const hits = shadeNames();
      for (const path of landPaths) path.classList.toggle("hit", hits.has(path.dataset.country));
      const [sw] = size();
      const k = view.w / sw; // map units per screen pixel
      const shown = visiblePoints().map((p) => ({
        ...p,
        sx: (p.x - view.x) / k, sy: (p.y - view.y) / k,
        weight: [...p.rows].filter((r) => layersOn.has(layerOf(result, r))).length,
      }));
      const groups = clusterAndLabel(shown);
      replace(markerLayer, groups.map((g) => marker(g, k)));
      svg.dataset.zoom = (world.WIDTH / view.w).toFixed(3);
    }

    function marker(g, k) {
      const x = view.x + g.sx * k, y = view.y + g.sy * k, r = g.r * k;
      const one = g.members.length === 1 ? g.members[0] : null;
      const n = g.members.reduce((a, m) => a + m.weight, 0);
      const label = one
        ? `${one.name} (${one.type}), ${n} row${n === 1 ? "" : "s"}`
        : `${g.members.length} places: ${g.members.map((m) => m.name).join(", ")}`;
      const shape = one
        ? one.type === "Base"
          ? s("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, transform: `rotate(45 ${x} ${y})`, fill: typeColor(one.type), stroke: "#fff", "stroke-width": 1.5 * k })
          : s("circle", { cx: x, cy: y, r, fill: typeColor(one.type), stroke: "#fff", "stroke-width": 1.5 * k })
        : [s("circle", { cx: x, cy: y, r, class: "cluster-disc" }),
          s("text", { x, y: y + 4 * k, "font-size": 11 * k, "text-anchor": "middle", class: "cluster-count" }, String(g.members.length))];
      const l = g.label;
      const text = l
        ? s("text", {
          x: view.x + (l.anchor === "start" ? l.x0 + 2 : l.anchor === "end" ? l.x1 - 2 : (l.x0 + l.x1) / 2) * k,
          y: view.y + (l.y0 + l.y1) / 2 * k + 4.2 * k,
          "font-size": LABEL_FONT * k, "font-family": LABEL_FAMILY, "text-anchor": l.anchor, class: "marker-label",
        }, g.text)
        : null;
      const el = s("g", {
        class: one ? "marker" : "marker cluster", tabindex: "0", role: "button", "aria-label": label,
        "data-name": one ? one.name : null, "data-members": g.members.map((m) => m.name).join("\n"),
      }, s("title", null, label), shape, text);
      const open = () => {
        svg.querySelectorAll(".marker.active").forEach((m) => m.classList.remove("active"));
        el.classList.add("active");
        if (one) show(one);
        else showCluster(g);
      };
      el.addEventListener("click", (e) => { if (!dragged) open(); e.stopPropagation(); });
      el.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
      return el;
    }

    function show(p) {
      const sources = [];
      for (const row of p.rows) for (const src of row.sources) if (!sources.some((x) => x.url === src.url && x.evidence === src.evidence)) sources.push(src);
      replace(detail,
        h("h4", null, p.name, " ", h("span", { class: "badge", style: `background:${typeColor(p.type)}` }, p.type)),
        h("p", { class: "muted" }, `${p.lat.toFixed(3)}, ${p.lon.toFixed(3)} · ${p.rows.size} row${p.rows.size === 1 ? "" : "s"} · ${[...p.layers].join(", ")}`),
        h("button", { type: "button", onclick: () => ctx.openProfile(p.name, p.type) }, `Open the ${p.type === "Base" ? "page" : "profile"} of ${p.name}`),
        sources.length ? sourcesList(sources.slice(0, 20)) : null);
    }

    function showCluster(g) {
      replace(detail,
        h("h4", null, `${g.members.length} places close together`),
        h("ul", { class: "cluster-members" }, g.members.map((m) => h("li", null,
          h("button", { type: "button", class: "link", onclick: () => show(m) }, m.name), h("span", { class: "muted" }, ` (${m.type})`)))),
        h("button", {
          type: "button", class: "zoom-cluster",
          onclick: () => {
            const xs = g.members.map((m) => m.x), ys = g.members.map((m) => m.y);
            setView(shaped((Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2, (Math.max(...xs) - Math.min(...xs)) * 3 + MIN_VIEW, (Math.max(...ys) - Math.min(...ys)) * 3 + MIN_VIEW));
            renderMarkers();
          },
        }, "Zoom in on them"));
    }

    // Dragging pans; the wheel zooms about the pointer.
    let drag = null, dragged = false;
    svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, view };
      dragged = false;
    });
    svg.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!dragged && Math.hypot(dx, dy) < 4) return;
      if (!dragged) svg.setPointerCapture?.(e.pointerId);
      dragged = true;
      const k = drag.view.w / size()[0];
      setView({ ...drag.view, x: drag.view.x - dx * k, y: drag.view.y - dy * k });
    });
    const endDrag = () => {
      if (drag && dragged) renderMarkers();
      drag = null;
      setTimeout(() => { dragged = false; }, 0);
    };
    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", endDrag);
    svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      const r = svg.getBoundingClientRect();
      const k = view.w / r.width;
      zoomBy(Math.exp(-e.deltaY / 300), view.x + (e.clientX - r.left) * k, view.y + (e.clientY - r.top) * k);
    }, { passive: false });

    const tool = (label, title, action, onclick) => h("button", { type: "button", title, "aria-label": title, "data-map": action, onclick }, label);
    const tools = h("div", { class: "map-buttons", role: "group", "aria-label": "Map view" },
      tool("+", "Zoom in", "zoom-in", () => zoomBy(1.6)),
      tool("−", "Zoom out", "zoom-out", () => zoomBy(1 / 1.6)),
      tool("Fit", "Fit the view to the places", "fit", () => { setView(fitPlaces()); renderMarkers(); }),
      tool("World", "Show the whole world", "world", () => { setView(whole()); renderMarkers(); }));
    const layers = layerNames.length > 1 || layerNames[0] !== "places"
      ? h("fieldset", { class: "map-layers" }, h("legend", null, "Layers"),
        layerNames.map((l) => {
          const count = places.filter((p) => [...p.rows].some((r) => layerOf(result, r) === l)).length;
          return h("label", null, h("input", {
            type: "checkbox", checked: true, "data-layer": l,
            onchange: (e) => { if (e.target.checked) layersOn.add(l); else layersOn.delete(l); renderMarkers(); },
          }), ` ${l} (${count})`);
        }))
      : null;
    const legend = h("ul", { class: "legend" },
      ["Base", "Place"].filter((t) => pts.some((p) => p.type === t)).map((t) =>
        h("li", null, h("span", { class: "swatch", style: `background:${typeColor(t)}` }), t)),
      pts.length > 1 ? h("li", null, h("span", { class: "swatch cluster-swatch" }), "several places (select to list, zoom in to split)") : null,
      shaded.length ? h("li", null, h("span", { class: "swatch shaded-swatch" }), "country where it happened") : null);
    replace(holder, h("div", { class: "map-tools" }, legend, tools), layers, svg);
    const start = () => {
      setView(fitPlaces());
      renderMarkers();
      holder.dataset.ready = "true";
    };
    redraw = () => { if (view && size()[0] !== lastWidth) { lastWidth = size()[0]; setView(shaped(view.x + view.w / 2, view.y + view.h / 2, view.w, view.h)); renderMarkers(); } };
    let lastWidth = 0;
    // The SVG must be laid out to know its size: wait for a frame.
    requestAnimationFrame(() => { lastWidth = size()[0]; start(); });
  }
  return {
    el: wrap,
    onShow() {
      redraw?.();
    },
  };
}
