// The timeline view: dated rows on a time axis, one lane per kind of event
// (or whatever the rows are), a day as a dot and a month or a year as a bar
// spanning it, so a vague date looks vague. Every mark can be focused and
// opened with the keyboard to show its row and sources.
import { h, s, replace } from "../dom.js";
import { dateColumns, display, entitiesIn, parseDate } from "../result.js";
import { entityButton, sourcesList } from "./table.js";

const ROW = 20; // height of a stacked row of marks
const LABEL_CHAR = 6.4; // width of a character of a mark's label (11px), a little over
const LABEL_GAP = 9; // from a mark to its label
const PALETTE = ["#2563eb", "#dc2626", "#059669", "#d97706", "#9333ea", "#0891b2", "#db2777", "#65a30d", "#475569", "#b45309"];
const DAY = 86400000;

/** timelineItems reads the dated rows (exported for the tests of the page's logic). */
export function timelineItems(result) {
  const cols = dateColumns(result);
  if (!cols.length) return { items: [], undated: result.rows.length };
  const range = cols.includes("first") && cols.includes("last");
  // Lanes by the first column that tells the rows apart without making a
  // lane of every row.
  const distinct = (c) => new Set(result.rows.map((r) => display(r.values[c]))).size;
  const candidates = ["event", "what", "field", "country", "base", "bases", "publisher", "actor"].filter((c) => result.columns.includes(c));
  const laneCol = candidates.find((c) => distinct(c) > 1 && distinct(c) <= 12) || candidates[0] || result.columns.find((c) => !cols.includes(c));
  const items = [];
  let undated = 0;
  for (const row of result.rows) {
    let d;
    if (range) {
      const a = parseDate(row.values.first), b = parseDate(row.values.last);
      d = a && b ? { start: a.start, end: b.end, precision: a.precision } : a || b;
    } else {
      d = cols.map((c) => parseDate(row.values[c])).find(Boolean);
    }
    if (!d) { undated++; continue; }
    const lane = display(row.values[laneCol]) || "(none)";
    items.push({ row, ...d, lane, negated: row.values.negated === true });
  }
  return { items, undated, laneCol };
}

function ticks(min, max) {
  const span = max - min;
  const out = [];
  const start = new Date(min);
  if (span > 3 * 365 * DAY) {
    const step = Math.max(1, Math.ceil(span / (365 * DAY) / 10));
    for (let y = start.getUTCFullYear(); Date.UTC(y, 0, 1) <= max; y += step) out.push({ t: Date.UTC(y, 0, 1), label: String(y) });
  } else if (span > 60 * DAY) {
    const step = Math.max(1, Math.ceil(span / (30 * DAY) / 10));
    for (let y = start.getUTCFullYear(), m = start.getUTCMonth(); Date.UTC(y, m, 1) <= max; m += step) {
      const t = Date.UTC(y, m, 1);
      const d = new Date(t);
      const newYear = !out.length || new Date(out[out.length - 1].t).getUTCFullYear() !== d.getUTCFullYear();
      const month = d.toLocaleString("en", { month: "short", timeZone: "UTC" });
      out.push({ t, label: newYear ? `${month} ${d.getUTCFullYear()}` : month });
    }
  } else {
    const step = Math.max(1, Math.ceil(span / DAY / 10));
    for (let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); t <= max; t += step * DAY) {
      out.push({ t, label: new Date(t).toISOString().slice(0, 10) });
    }
  }
  const shown = out.filter((x) => x.t >= min);
  // The first label names its year, as every January's does.
  if (shown.length && !/\d{4}/.test(shown[0].label)) shown[0].label += ` ${new Date(shown[0].t).getUTCFullYear()}`;
  return shown;
}

export function renderTimeline(result, ctx) {
  const { items, undated, laneCol } = timelineItems(result);
  const wrap = h("div", { class: "timeline-view" });
  if (!items.length) {
    wrap.append(h("p", { class: "empty" }, "No row has a date, so there is no timeline to draw."));
    return { el: wrap };
  }
  // Lanes in order of their first date, each with its colour.
  const laneOrder = [];
  for (const it of [...items].sort((a, b) => a.start - b.start)) if (!laneOrder.includes(it.lane)) laneOrder.push(it.lane);
  const colors = new Map(laneOrder.map((l, i) => [l, PALETTE[i % PALETTE.length]]));
  const legend = () => h("ul", { class: "legend timeline-legend", "aria-label": "Legend" },
    laneOrder.map((l) => h("li", { "data-lane": l }, h("span", { class: "swatch", style: `background:${colors.get(l)}` }), l)),
    h("li", { class: "legend-shape" }, h("span", { class: "shape dot", "aria-hidden": "true" }), "a day"),
    h("li", { class: "legend-shape" }, h("span", { class: "shape bar", "aria-hidden": "true" }), "a month or a year (a vague date spans it)"),
    items.some((i) => i.negated) ? h("li", { class: "legend-shape" }, h("span", { class: "shape hollow", "aria-hidden": "true" }), "denied (negated)") : null,
    laneCol ? h("li", { class: "muted" }, `lanes: ${laneCol}`) : null);
  const detail = h("div", { class: "timeline-detail", "aria-live": "polite" }, h("p", { class: "muted" }, "Select a mark (click, or Tab to it and press Enter) to see its row and sources."));

  // The chart is drawn at the width it is shown at, so text keeps its size
  // on a wide screen; it is drawn again when the width changes.
  let drawnWidth = 0;
  const scroll = h("div", { class: "timeline-scroll" });
  function draw() {
    const W = Math.max(700, Math.round(scroll.clientWidth || 1000));
    if (W === drawnWidth) return;
    drawnWidth = W;
    replace(scroll, chart(W));
  }
  function chart(W) {
    let min = Math.min(...items.map((i) => i.start)), max = Math.max(...items.map((i) => i.end));
    const pad = Math.max((max - min) * 0.03, 15 * DAY);
    min -= pad; max += pad;
    const left = 150, right = 20, top = 28;
    const x = (t) => left + ((t - min) / (max - min)) * (W - left - right);

    // Lanes in order of their first date; marks stacked where they overlap.
    // Each mark carries a label (what or where); a label goes right of its
    // mark, or left of it near the right edge, and marks are stacked so that
    // no label runs into another mark or label.
    // The event type is worth a label's words only when the rows differ in it.
    const oneEvent = new Set(items.map((i) => i.row.values.event)).size <= 1;
    let y = top;
    const lanes = [];
    for (const lane of laneOrder) {
      const its = items.filter((i) => i.lane === lane);
      for (const it of its) {
        const x0 = x(it.start), x1 = Math.max(x(it.end), x0 + (it.end - it.start > 2 * DAY ? 4 : 0));
        it.x0 = x0;
        it.x1 = x1;
        it.text = markLabel(it, oneEvent);
        const w = it.text.length * LABEL_CHAR + 4;
        const right = x1 + LABEL_GAP;
        it.labelLeft = right + w > W - 4;
        it.labelX = it.labelLeft ? x0 - LABEL_GAP : right;
        it.bx0 = it.labelLeft ? x0 - LABEL_GAP - w : x0 - 7;
        it.bx1 = it.labelLeft ? x1 + 7 : right + w;
      }
      its.sort((a, b) => a.bx0 - b.bx0);
      const rowsEnd = [];
      for (const it of its) {
        let r = rowsEnd.findIndex((e) => e + 4 < it.bx0);
        if (r < 0) { r = rowsEnd.length; rowsEnd.push(0); }
        rowsEnd[r] = it.bx1;
        it.sub = r;
      }
      const height = Math.max(1, rowsEnd.length) * ROW + 12;
      lanes.push({ lane, y, height, items: its });
      y += height;
    }
    const H = y + 10;

    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline-svg", role: "group", "aria-label": `Timeline of ${items.length} dated rows` });
    for (const t of ticks(min, max)) {
      svg.append(s("line", { x1: x(t.t), x2: x(t.t), y1: top - 6, y2: H - 10, class: "tick" }),
        s("text", { x: x(t.t) + 3, y: top - 12, class: "tick-label" }, t.label));
    }
    lanes.forEach((ln, i) => {
      svg.append(s("rect", { x: 0, y: ln.y, width: W, height: ln.height, class: i % 2 ? "lane odd" : "lane" }),
        s("text", { x: 8, y: ln.y + 16, class: "lane-label" }, ln.lane.length > 22 ? ln.lane.slice(0, 21) + "…" : ln.lane));
      for (const it of ln.items) {
        const cy = ln.y + 14 + it.sub * ROW;
        const color = colors.get(ln.lane);
        const label = describe(result, it);
        const shape = it.end - it.start > 2 * DAY
          ? s("rect", { x: it.x0, y: cy - 5, width: Math.max(4, it.x1 - it.x0), height: 10, rx: 3, fill: it.negated ? "none" : color, stroke: color, "stroke-width": 2, "stroke-dasharray": it.negated ? "3 2" : null, "fill-opacity": 0.55 })
          : s("circle", { cx: it.x0, cy, r: 6, fill: it.negated ? "#fff" : color, stroke: color, "stroke-width": 2 });
        const text = s("text", { x: it.labelX, y: cy + 4, class: "mark-label", "text-anchor": it.labelLeft ? "end" : "start" }, it.text);
        const mark = [shape, text];
        const g = s("g", { class: "mark", tabindex: "0", role: "button", "aria-label": label }, s("title", null, label), mark);
        const open = () => {
          svg.querySelectorAll(".mark.active").forEach((m) => m.classList.remove("active"));
          g.classList.add("active");
          showRow(it);
        };
        g.addEventListener("click", open);
        g.addEventListener("keydown", (e) => {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); }
        });
        svg.append(g);
      }
    });
    return svg;
  }

  function showRow(it) {
    const v = it.row.values;
    replace(detail,
      h("h4", null, describe(result, it)),
      h("dl", { class: "row-values" }, result.columns.filter((c) => display(v[c]) !== "").map((c) => {
        const ents = entitiesIn(result, c, it.row);
        return [h("dt", null, c), h("dd", null, ents.length ? ents.map((e, i) => [i ? "; " : "", entityButton(e, ctx)]) : display(v[c]))];
      })),
      it.row.sources.length ? sourcesList(it.row.sources) : null);
  }

  // replace(), unlike Element.append, leaves a null out rather than
  // writing "null" under the chart.
  replace(wrap, legend(), scroll,
    undated ? h("p", { class: "muted" }, `${undated} row${undated === 1 ? "" : "s"} without a date ${undated === 1 ? "is" : "are"} not shown.`) : null,
    detail);
  let observer = null;
  return {
    el: wrap,
    onShow() {
      draw();
      if (!observer && "ResizeObserver" in window) {
        observer = new ResizeObserver(() => { if (scroll.clientWidth) draw(); });
        observer.observe(scroll);
      }
    },
  };
}

/** markLabel is the few words beside a mark: where, or who, or what. */
function markLabel(it, oneEvent) {
  const v = it.row.values;
  const where = v.base || v.bases || v.entity || v.publisher || v.places || v.country;
  const what = v.event && v.event !== it.lane && !oneEvent ? v.event : "";
  let text = [what, String(where || v.actor || v.what || v.value || "")].filter(Boolean).join(" · ") || it.lane;
  if (it.negated) text += " (denied)";
  return text.length > 34 ? text.slice(0, 33) + "…" : text;
}

function describe(result, it) {
  const v = it.row.values;
  const date = ["date", "published", "first"].map((c) => v[c]).find((d) => parseDate(d)) || "";
  const what = v.summary || [v.event || v.what, v.base || v.bases || v.entity || v.publisher, v.country].filter(Boolean).join(", ");
  return `${date}${v.last && v.last !== date ? " to " + v.last : ""}: ${what || it.lane}${it.negated ? " (negated)" : ""}`;
}
