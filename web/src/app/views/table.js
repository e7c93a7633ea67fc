// The table view: sortable columns, a filter, entity names that open
// profiles, every row's sources (article links and evidence sentences),
// and a base row's drill-down (its events, in place).
import { h, id, replace } from "../dom.js";
import { compare, display, entitiesIn, parseDate } from "../result.js";
import { baseOf, hasDrill, renderDrill } from "./drill.js";

const PAGE = 100;

/** webURL: only http(s) links are rendered as links; a stored
 * "javascript:" URL (older graphs, other tools) stays text. */
export function webURL(u) {
  return typeof u === "string" && /^https?:\/\/[^\s]/i.test(u);
}

/** sourcesList shows a row's sources: publisher, date, headline link, evidence. */
export function sourcesList(sources) {
  return h("ul", { class: "sources" }, sources.map((s) =>
    h("li", null,
      h("div", { class: "source-head" },
        webURL(s.url)
          ? h("a", { href: s.url, target: "_blank", rel: "noopener noreferrer", class: "source-link" }, s.title || s.url)
          : h("span", { class: "source-link" }, s.title || s.url || "(no link)"),
        " ",
        h("span", { class: "muted" }, [s.publisher, (s.published || "").slice(0, 10)].filter(Boolean).join(", "))),
      s.evidence ? h("blockquote", { class: "evidence" }, s.evidence) : null)));
}

/** entityButton is a name that opens the entity's profile in a new cell. */
export function entityButton(e, ctx) {
  return h("button", {
    type: "button",
    class: "entity",
    "data-entity": e.name,
    "data-type": e.type || "",
    title: `Open the profile of ${e.name}${e.type ? ` (${e.type})` : ""} in a new cell`,
    onclick: () => ctx.openProfile(e.name, e.type),
  }, e.name);
}

export function renderTable(result, ctx, state = {}) {
  const wrap = h("div", { class: "table-view" });
  let sortCol = state.sortCol ?? null, sortDir = state.sortDir ?? 1, filter = "", shown = PAGE;
  // Rows opened in place, and what they opened (kept across sorting, so
  // what was loaded is not asked for again).
  const expanded = new Set(), drillViews = new Map();
  const hasSources = result.rows.some((r) => r.sources.length);
  const filterId = id("filter");
  const count = h("span", { class: "muted", "aria-live": "polite" });
  const filterBox = h("input", {
    id: filterId, type: "search", class: "filter", placeholder: "Filter rows",
    oninput: (e) => { filter = e.target.value.toLowerCase(); shown = PAGE; draw(); },
  });
  const tableHolder = h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Result rows" });
  wrap.append(h("div", { class: "table-tools" }, h("label", { for: filterId, class: "sr-only" }, "Filter rows"), filterBox, count), tableHolder);

  function rowsInOrder() {
    let rows = result.rows.map((r, i) => ({ r, i }));
    if (filter) {
      rows = rows.filter(({ r }) =>
        result.columns.some((c) => display(r.values[c]).toLowerCase().includes(filter)) ||
        r.sources.some((s) => `${s.publisher} ${s.title} ${s.evidence}`.toLowerCase().includes(filter)));
    }
    if (sortCol !== null) {
      const key = sortCol === "#sources" ? (r) => r.corroboration : (r) => r.values[sortCol];
      rows.sort((a, b) => sortDir * compare(key(a.r), key(b.r)) || a.i - b.i);
    }
    return rows;
  }

  function header(col, label) {
    const active = sortCol === col;
    const sort = active ? (sortDir > 0 ? "ascending" : "descending") : "none";
    return h("th", { scope: "col", "aria-sort": sort },
      h("button", {
        type: "button", class: "sort", "data-col": col,
        title: `Sort by ${label}`,
        onclick: () => {
          if (sortCol === col) sortDir = -sortDir;
          else { sortCol = col; sortDir = 1; }
          state.sortCol = sortCol; state.sortDir = sortDir;
          draw();
          tableHolder.querySelector(`button.sort[data-col="${CSS.escape(col)}"]`)?.focus();
        },
      }, label, h("span", { class: "sort-mark", "aria-hidden": "true" }, active ? (sortDir > 0 ? " ▲" : " ▼") : "")));
  }

  function cell(row, col) {
    const ents = entitiesIn(result, col, row);
    const v = row.values[col];
    if (ents.length) {
      const parts = [];
      ents.forEach((e, i) => {
        if (i) parts.push("; ");
        parts.push(entityButton(e, ctx));
      });
      return h("td", null, parts);
    }
    const text = display(v);
    const cls = typeof v === "number" ? "num" : typeof v === "boolean" ? "bool" : parseDate(v) ? "date" : null;
    return h("td", { class: cls }, text.length > 400 ? text.slice(0, 400) + "…" : text);
  }

  function draw() {
    const rows = rowsInOrder();
    count.textContent = filter ? `${rows.length} of ${result.rows.length} rows` : `${result.rows.length} rows`;
    if (!result.rows.length) {
      replace(tableHolder, h("p", { class: "empty" }, "No rows."));
      return;
    }
    const drills = result.rows.some((r) => hasDrill(result, r));
    const head = h("tr", null, result.columns.map((c) => header(c, c)), hasSources ? header("#sources", "sources") : null,
      drills ? h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Drill down")) : null);
    const width = result.columns.length + (hasSources ? 1 : 0) + 1;
    const body = rows.slice(0, shown).flatMap(({ r, i }) => {
      const open = expanded.has(i);
      const tr = h("tr", { "data-row": i, class: open ? "expanded" : null },
        result.columns.map((c) => cell(r, c)),
        hasSources ? h("td", { class: "sources-cell" },
          r.sources.length
            ? h("details", null,
              h("summary", null, `${r.corroboration || r.sources.length} article${(r.corroboration || r.sources.length) === 1 ? "" : "s"}`),
              sourcesList(r.sources))
            : h("span", { class: "muted" }, "none")) : null,
        drills ? h("td", { class: "drill-cell" }, hasDrill(result, r)
          ? h("button", {
            type: "button", class: "drill-toggle", "aria-expanded": String(open), "data-row": i,
            title: `Show the events at ${baseOf(result, r)} here`,
            onclick: () => {
              if (open) expanded.delete(i); else expanded.add(i);
              draw();
              tableHolder.querySelector(`button.drill-toggle[data-row="${i}"]`)?.focus();
            },
          }, open ? "▾ Events" : "▸ Events")
          : null) : null);
      if (!open) return [tr];
      if (!drillViews.has(i)) drillViews.set(i, renderDrill(result, r, ctx));
      return [tr, h("tr", { class: "drill-row", "data-drill": i }, h("td", { colspan: width }, drillViews.get(i)))];
    });
    const more = rows.length > shown
      ? h("button", { type: "button", class: "more", onclick: () => { shown = rows.length; draw(); } }, `Show all ${rows.length} rows`)
      : null;
    replace(tableHolder, h("table", { class: "result-table" }, h("thead", null, head), h("tbody", null, body)), more);
  }
  draw();
  return wrap;
}
