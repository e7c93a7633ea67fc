// Drill-downs: what a result row opens in place. A row naming one base
// opens that base's events (the events query, page by page), each event
// opening its articles and evidence sentences, and a link to the base's
// page.
import { h, replace } from "../dom.js";
import { runQuery } from "../api.js";
import { fromQuery, pageLabel } from "../result.js";
import { entityButton, sourcesList } from "./table.js";

/** EVENTS_PAGE is how many of a base's events a drill-down shows at once. */
export const EVENTS_PAGE = 10;

/** baseOf answers the one base a row is about, or "" when it names none or several. */
export function baseOf(result, row) {
  if (result.lang) return "";
  for (const col of ["base", "bases"]) {
    const v = row.values[col];
    if (typeof v === "string" && v && !v.includes(";") && result.columns.includes(col)) return v;
  }
  return "";
}

/** hasDrill says whether a row opens anything beyond its sources column. */
export function hasDrill(result, row) {
  return !!baseOf(result, row);
}

/**
 * renderDrill is what a base row opens: the base's events, each with its
 * articles and evidence, and a link to the base's page. (A row's own
 * articles open from its sources column.)
 */
export function renderDrill(result, row, ctx) {
  const base = baseOf(result, row);
  return h("div", { class: "drill" },
    h("section", { class: "drill-base" },
      h("h5", null, "Events at ", entityButton({ name: base, type: "Base" }, ctx), " ",
        h("button", { type: "button", class: "open-base", "data-base": base, onclick: () => ctx.openProfile(base, "Base") }, `Open the page of ${base}`)),
      eventsAt(base, ctx)));
}

/** eventDescription is one line for an event row: date, type, actor, status. */
export function eventDescription(v) {
  const who = v.actor || v.actors;
  return [
    v.date || v.first || "undated",
    " ",
    String(v.event || "event"),
    who ? ` by ${who}` : "",
    v.status ? ` (${v.status})` : "",
    v.negated === true ? ", denied" : "",
    v.disputed === true ? ", disputed" : "",
  ].join("");
}

/**
 * eventsAt lists a base's events (events?base=NAME) a page at a time,
 * each opening its articles and evidence.
 */
export function eventsAt(base, ctx, { negated = "" } = {}) {
  const box = h("div", { class: "events-at", "data-base": base, "aria-live": "polite" });
  async function load(offset) {
    replace(box, h("p", { class: "muted" }, `Loading the events at ${base}…`));
    try {
      const params = { base, offset: String(offset), limit: String(EVENTS_PAGE) };
      if (negated) params.negated = negated;
      const res = fromQuery(await runQuery("events", params, []));
      const p = res.page;
      const nav = p && (p.offset > 0 || p.next !== null)
        ? h("span", { class: "pager" },
          h("button", { type: "button", "data-page": "previous", disabled: p.offset === 0, onclick: () => load(Math.max(0, p.offset - p.limit)) }, "‹ Previous"),
          h("button", { type: "button", "data-page": "next", disabled: p.next === null, onclick: () => load(p.next) }, "Next ›"))
        : null;
      replace(box,
        h("p", { class: "muted" }, h("span", { class: "row-count" }, res.rows.length ? `Events ${pageLabel(p, res.rows.length)}` : "No events recorded"), " ", nav),
        res.rows.length
          ? h("ul", { class: "drill-events" }, res.rows.map((r) => h("li", { class: r.values.negated === true ? "negated" : null },
            r.sources.length
              ? h("details", null, h("summary", null, eventDescription(r.values), h("span", { class: "muted" }, ` · ${articles(r)}`)), sourcesList(r.sources))
              : h("span", null, eventDescription(r.values), h("span", { class: "muted" }, " · no sources")))))
          : null);
    } catch (err) {
      replace(box, h("p", { class: "error-text" }, `The events at ${base} could not be loaded: ${err.message}`));
    }
  }
  load(0);
  return box;
}

function articles(r) {
  const n = Number(r.values.articles) || r.corroboration || new Set(r.sources.map((s) => s.url)).size;
  const pubs = Number(r.values.publishers) || 0;
  return `${n} article${n === 1 ? "" : "s"}${pubs ? `, ${pubs} publisher${pubs === 1 ? "" : "s"}` : ""}`;
}
