// A base's page, under its profile card (the entity query): who was there
// over time — deployments, withdrawals, handovers and the like, with their
// dates and sources (the timeline query) —, every event at the base (the
// events query, page by page), and who reported on it (the sources query).
import { h, replace } from "../dom.js";
import { runQuery } from "../api.js";
import { fromQuery } from "../result.js";
import { entityButton, sourcesList } from "./table.js";
import { eventsAt } from "./drill.js";

/** PRESENCE lists the event types that say who is at a base. */
export const PRESENCE = ["establishment", "deployment", "relocation", "handover", "withdrawal", "closure"];

const VERBS = {
  establishment: "set up",
  deployment: "deployed",
  relocation: "relocated",
  handover: "handed over",
  withdrawal: "withdrew",
  closure: "closed",
};

const ROWS = 500;

export function renderBasePage(name, ctx) {
  const presence = h("div", { class: "presence", "aria-live": "polite" }, h("p", { class: "muted" }, "Loading who was there…"));
  const publishers = h("div", { class: "publishers", "aria-live": "polite" }, h("p", { class: "muted" }, "Loading who reported…"));
  const page = h("section", { class: "base-page", "aria-label": `The page of ${name}`, "data-base": name },
    h("h4", null, "Presence over time"), presence,
    h("h4", null, "Events"), eventsAt(name, ctx),
    h("h4", null, "Publishers"), publishers);

  runQuery("timeline", { entity: name, negated: "any", limit: String(ROWS) }, [])
    .then((res) => replace(presence, presenceTable(fromQuery(res), ctx)))
    .catch((err) => replace(presence, h("p", { class: "error-text" }, `Who was there could not be loaded: ${err.message}`)));
  runQuery("sources", { entity: name, negated: "any", limit: String(ROWS) }, [])
    .then((res) => replace(publishers, publisherList(fromQuery(res))))
    .catch((err) => replace(publishers, h("p", { class: "error-text" }, `Who reported could not be loaded: ${err.message}`)));
  return page;
}

/** presenceRows keeps a timeline's presence events, oldest first, undated last. */
export function presenceRows(result) {
  return result.rows
    .filter((r) => PRESENCE.includes(String(r.values.event)))
    .sort((a, b) => String(a.values.date || "9999").localeCompare(String(b.values.date || "9999")));
}

function presenceTable(result, ctx) {
  const rows = presenceRows(result);
  if (!rows.length) return h("p", { class: "muted" }, "No deployment, withdrawal, handover or closure is recorded here.");
  const who = (v) => String(v.actor || v.actors || "");
  return h("table", { class: "result-table presence-table" },
    h("thead", null, h("tr", null, ["date", "who", "what", "status", "sources"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", null, rows.map((r) => {
      const v = r.values;
      const n = Number(v.articles) || r.sources.length;
      return h("tr", { class: v.negated === true ? "negated" : null, "data-event": v.event },
        h("td", { class: "date" }, v.date || "undated"),
        h("td", null, who(v) ? who(v).split(/;\s*/).map((a, i) => [i ? "; " : "", entityButton({ name: a, type: null }, ctx)]) : h("span", { class: "muted" }, "not said")),
        h("td", null, VERBS[v.event] || v.event, v.negated === true ? h("span", { class: "muted" }, " (denied)") : null),
        h("td", null, v.status || ""),
        h("td", { class: "sources-cell" }, r.sources.length
          ? h("details", null, h("summary", null, `${n} article${n === 1 ? "" : "s"}`), sourcesList(r.sources))
          : h("span", { class: "muted" }, "none")));
    })));
}

function publisherList(result) {
  if (!result.rows.length) return h("p", { class: "muted" }, "No publisher is recorded.");
  return h("ul", { class: "publisher-list" }, result.rows.map((r) => {
    const v = r.values;
    const span = v.first && v.last && v.first !== v.last ? `${v.first} to ${v.last}` : v.first || "";
    return h("li", { "data-publisher": v.publisher },
      h("strong", null, v.publisher), v.publisher_country ? h("span", { class: "muted" }, ` (${v.publisher_country})`) : null,
      `: ${v.articles} article${Number(v.articles) === 1 ? "" : "s"}`, span ? h("span", { class: "muted" }, `, ${span}`) : null);
  }));
}
