// The map view: the bases, countries and places of a result where their
// coordinates are known (from their profiles in the graph), on an embedded
// world outline drawn as SVG; no tile server, nothing fetched from outside.
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

async function lookup(name) {
  if (coords.has(name)) return coords.get(name);
  const res = fromQuery(await profile(name));
  learnTypes(res);
  rememberProfile(res);
  if (!coords.has(name)) coords.set(name, null);
  return coords.get(name);
}

export function renderMap(result, ctx) {
  const wrap = h("div", { class: "map-view" });
  const status = h("p", { class: "muted", role: "status" }, "Looking up coordinates…");
  const detail = h("div", { class: "map-detail", "aria-live": "polite" });
  const holder = h("div", { class: "map-holder" });
  wrap.append(status, holder, detail);
  if (result.query === "entity") rememberProfile(result);
  const places = locationNames(result);
  if (!places.length) {
    replace(status, "These rows name no base, country or place, so there is nothing to put on a map.");
    return { el: wrap };
  }
  (async () => {
    const [world] = await Promise.all([
      import("../world.js"),
      mapLimit(places.slice(0, MAX_LOOKUPS), 4, (p) => lookup(p.name)),
    ]);
    const located = places.filter((p) => coords.get(p.name));
    const missing = places.filter((p) => !coords.get(p.name));
    for (const p of places) p.type = p.type || knownTypes.get(p.name) || "Place";
    draw(world, located, missing);
  })().catch((err) => replace(status, h("span", { class: "error-text" }, "The map could not be drawn: " + err.message)));

  function draw(world, located, missing) {
    const msg = `${located.length} of ${places.length} places have known coordinates.`;
    replace(status, msg, missing.length ? ` Not on the map: ${missing.slice(0, 8).map((p) => p.name).join(", ")}${missing.length > 8 ? ", …" : ""}.` : "");
    if (!located.length) return;
    const highlighted = new Set(located.concat(missing).filter((p) => p.type === "Country").map((p) => world.outlineName(p.name)));
    const pts = located.map((p) => {
      const c = coords.get(p.name);
      const [x, y] = world.project(c.lon, c.lat);
      return { ...p, x, y };
    });
    // Countries under bases and places.
    pts.sort((a, b) => (b.type === "Country") - (a.type === "Country"));
    let whole = false;
    const svg = s("svg", { class: "map-svg", role: "group", "aria-label": `Map of ${located.length} places`, preserveAspectRatio: "xMidYMid meet" });
    const fitBox = () => {
      const xs = pts.map((p) => p.x), ys = pts.map((p) => p.y);
      let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
      let w = Math.max(x1 - x0, 120), hgt = Math.max(y1 - y0, 60);
      w *= 1.5; hgt *= 1.5;
      if (w / hgt > 2) hgt = w / 2; else w = hgt * 2;
      // Keep the box on the map where it fits, rather than show empty margin.
      const clamp = (v, size, full) => (size >= full ? (full - size) / 2 : Math.min(Math.max(v, 0), full - size));
      return [clamp((x0 + x1) / 2 - w / 2, w, world.WIDTH), clamp((y0 + y1) / 2 - hgt / 2, hgt, world.HEIGHT), w, hgt];
    };
    const clipId = "sphere-" + Math.random().toString(36).slice(2);
    function render() {
      const [vx, vy, vw, vh] = whole ? [0, 0, world.WIDTH, world.HEIGHT] : fitBox();
      const k = vw / 1000; // SVG units per screen pixel, roughly
      svg.setAttribute("viewBox", `${vx.toFixed(1)} ${vy.toFixed(1)} ${vw.toFixed(1)} ${vh.toFixed(1)}`);
      const shapes = s("g", { "clip-path": `url(#${clipId})` },
        s("path", { d: world.sphere, class: "sea" }),
        world.countries.map((c) => s("path", { d: c.d, class: highlighted.has(c.name) ? "land hit" : "land" }, s("title", null, c.name))));
      // Labels that would overlap a bigger place's label are left to the
      // marker's tooltip.
      const placed = [];
      const labelled = new Set();
      for (const p of [...pts].sort((a, b) => b.rows.size - a.rows.size || (a.type === "Country") - (b.type === "Country"))) {
        const box = { x0: p.x, x1: p.x + (p.name.length * 6.5 + 14) * k, y0: p.y - 8 * k, y1: p.y + 8 * k };
        if (placed.some((b) => box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1)) continue;
        placed.push(box);
        labelled.add(p);
      }
      const marks = pts.map((p) => {
        const n = p.rows.size;
        const r = (p.type === "Country" ? 7 : p.type === "Base" ? 5.5 : 4.5) + Math.min(4, Math.log2(n)) ;
        const label = `${p.name} (${p.type}), ${n} row${n === 1 ? "" : "s"}`;
        const g = s("g", { class: "marker", tabindex: "0", role: "button", "aria-label": label, "data-name": p.name },
          s("title", null, label),
          p.type === "Base"
            ? s("rect", { x: p.x - r * k, y: p.y - r * k, width: 2 * r * k, height: 2 * r * k, transform: `rotate(45 ${p.x} ${p.y})`, fill: typeColor(p.type), stroke: "#fff", "stroke-width": 1.5 * k })
            : s("circle", { cx: p.x, cy: p.y, r: r * k, fill: typeColor(p.type), "fill-opacity": p.type === "Country" ? 0.75 : 1, stroke: "#fff", "stroke-width": 1.5 * k }),
          labelled.has(p) ? s("text", { x: p.x + (r + 3) * k, y: p.y + 4 * k, "font-size": 12 * k, class: "marker-label" }, p.name) : null);
        const open = () => {
          svg.querySelectorAll(".marker.active").forEach((m) => m.classList.remove("active"));
          g.classList.add("active");
          show(p);
        };
        g.addEventListener("click", open);
        g.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
        return g;
      });
      replace(svg,
        s("defs", null, s("clipPath", { id: clipId }, s("path", { d: world.sphere }))),
        shapes, s("path", { d: world.sphere, class: "sphere-edge" }), s("g", null, marks));
    }
    function show(p) {
      const sources = [];
      for (const row of p.rows) for (const src of row.sources) if (!sources.some((x) => x.url === src.url && x.evidence === src.evidence)) sources.push(src);
      const c = coords.get(p.name);
      replace(detail,
        h("h4", null, p.name, " ", h("span", { class: "badge", style: `background:${typeColor(p.type)}` }, p.type)),
        h("p", { class: "muted" }, `${c.lat.toFixed(3)}, ${c.lon.toFixed(3)} · ${p.rows.size} row${p.rows.size === 1 ? "" : "s"}`),
        h("button", { type: "button", onclick: () => ctx.openProfile(p.name, p.type) }, `Open the profile of ${p.name}`),
        sources.length ? sourcesList(sources.slice(0, 20)) : null);
    }
    const toggle = h("button", { type: "button", class: "map-toggle", onclick: () => { whole = !whole; toggle.textContent = whole ? "Fit to places" : "Whole world"; render(); } }, "Whole world");
    const legend = h("ul", { class: "legend" }, ["Base", "Country", "Place"].filter((t) => pts.some((p) => p.type === t)).map((t) =>
      h("li", null, h("span", { class: "swatch", style: `background:${typeColor(t)}` }), t)));
    replace(holder, h("div", { class: "map-tools" }, legend, toggle), svg);
    render();
    holder.dataset.ready = "true";
  }
  return { el: wrap };
}
