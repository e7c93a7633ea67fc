// Results of every kind of cell, brought to one shape the views share:
// {columns, rows: [{values, sources, corroboration}], query, args, plan,
// notes, truncated, lang}. Also what the views need to know about values:
// which name an entity, which are dates, which are several values in one.

/** fromQuery takes a named query's result (queries.Result). */
export function fromQuery(res) {
  return {
    query: res.query,
    args: res.args || {},
    columns: (res.columns || []).filter((c) => c !== "sources"),
    rows: (res.rows || []).map((r) => ({ values: r.values || {}, sources: r.sources || [], corroboration: r.corroboration ?? 0 })),
    notes: res.notes || [],
    truncated: !!res.truncated,
    page: pageOf(res),
  };
}

/**
 * pageOf reads a named query's paging ({total, offset, limit, next_offset})
 * into {total, offset, limit, next} (next null on the last page), or null
 * when the answer carries none (a raw query, an older server).
 */
export function pageOf(res) {
  if (typeof res.total !== "number") return null;
  const offset = res.offset || 0;
  const limit = res.limit || (res.rows || []).length;
  return { total: res.total, offset, limit, next: typeof res.next_offset === "number" ? res.next_offset : null };
}

/** pageLabel says which rows a page shows: "1-50 of 312". */
export function pageLabel(page, shown) {
  if (!page) return `${shown} row${shown === 1 ? "" : "s"}`;
  if (!shown) return `0 of ${page.total}`;
  return `${page.offset + 1}-${page.offset + shown} of ${page.total}`;
}

/** fromAnswer takes /api/v1/ask's answer: a plan and its result. */
export function fromAnswer(ans) {
  const out = fromQuery(ans.result || {});
  out.plan = { question: ans.question, template: ans.template, query: ans.query, args: ans.args || {}, command: ans.command, path: ans.path };
  return out;
}

/** fromRaw takes a raw query's answer ({lang, results, truncated, limit}). */
export function fromRaw(ans) {
  const lang = ans.lang;
  let records = ans.results || [];
  if (lang === "graphql") records = graphqlRecords(records);
  const columns = [];
  const rows = records.map((rec) => {
    const values = {};
    if (rec === null || typeof rec !== "object" || Array.isArray(rec)) {
      values.value = scalar(rec);
    } else {
      flatten(rec, "", values);
    }
    for (const k of Object.keys(values)) if (!columns.includes(k)) columns.push(k);
    return { values, sources: [], corroboration: 0 };
  });
  // Gizmo's "id" (the path's current node) reads best first.
  const i = columns.indexOf("id");
  if (i > 0) columns.unshift(...columns.splice(i, 1));
  return { query: lang, lang, args: {}, columns, rows, notes: [], truncated: !!ans.truncated, limit: ans.limit };
}

// A GraphQL answer is one document per query; its rows are the objects of
// the first list found in it, breadth first (the top-level field).
function graphqlRecords(results) {
  const out = [];
  for (const doc of results) {
    const queue = [doc];
    let found = null;
    while (queue.length && !found) {
      const v = queue.shift();
      if (Array.isArray(v)) found = v;
      else if (v && typeof v === "object") queue.push(...Object.values(v));
    }
    if (found) out.push(...found);
    else if (doc !== null && doc !== undefined) out.push(doc);
  }
  return out;
}

function flatten(obj, prefix, out) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (Array.isArray(v)) {
      out[key] = v.map((x) => (x && typeof x === "object" ? (x.name ?? x.id ?? JSON.stringify(x)) : scalar(x))).join("; ");
    } else if (v && typeof v === "object") {
      flatten(v, key, out);
    } else {
      out[key] = scalar(v);
    }
  }
}

function scalar(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return v;
}

// ---- What values mean ----

/** Entity types newsgraph knows, with the colours every view uses. */
export const TYPES = {
  Base: "#dc2626",
  Country: "#2563eb",
  Place: "#059669",
  Organisation: "#9333ea",
  Publisher: "#d97706",
  Event: "#475569",
  Date: "#0891b2",
  Article: "#78716c",
  Node: "#64748b",
};
export const typeColor = (t) => TYPES[t] || TYPES.Node;

// Columns whose values name entities, and the type they name when the
// column says so (null: look it up).
const ENTITY_COLUMNS = {
  base: "Base",
  bases: "Base",
  country: "Country",
  publisher_country: "Country",
  actor: null,
  operator: null,
  operators: null,
  actors: null,
  place: "Place",
  places: "Place",
  publisher: "Publisher",
  entity: null,
  organisation: "Organisation",
};
// Columns that hold several names separated by "; ".
const LIST_COLUMNS = new Set(["bases", "operators", "actors", "places", "events"]);

/** knownTypes remembers the type of every entity name seen in a result. */
export const knownTypes = new Map();

/**
 * entitiesIn answers the entities a cell of a row names, as [{name, type}],
 * or [] when the column does not hold entities. Named queries only: raw
 * results hold IRIs and literals the page cannot tell apart from names.
 */
export function entitiesIn(result, col, row) {
  if (result.lang) return [];
  const v = row.values[col];
  if (v === null || v === undefined || v === "") return [];
  const text = String(v);
  if (result.query === "path" && (col === "from" || col === "to")) {
    const e = parsePathNode(text);
    return e.type === "Event" ? [] : [e];
  }
  if (result.query === "entity" && col === "value") {
    const f = row.values.field;
    if (f === "country" || f === "operator") return [{ name: text, type: f === "country" ? "Country" : typeOrNull(text) }];
    return [];
  }
  if (result.query === "entity" && col === "entity") return [{ name: text, type: profileType(result) }];
  if (!(col in ENTITY_COLUMNS)) return [];
  const parts = LIST_COLUMNS.has(col) ? text.split(/;\s*/).filter(Boolean) : [text];
  return parts.map((name) => {
    let type = ENTITY_COLUMNS[col];
    if (col === "entity" && row.values.type) type = String(row.values.type);
    return { name, type: type || typeOrNull(name) };
  });
}

function typeOrNull(name) {
  return knownTypes.get(name) || null;
}

function profileType(result) {
  const r = result.rows.find((r) => r.values.field === "type");
  return r ? String(r.values.value) : null;
}

/** parsePathNode reads "Iraq (Country)" or "event: withdrawal by …". */
export function parsePathNode(text) {
  if (text.startsWith("event: ")) return { name: text.slice(7), type: "Event", label: text.slice(7) };
  const m = text.match(/^(.*) \(([A-Za-z]+)\)$/);
  return m ? { name: m[1], type: m[2], label: m[1] } : { name: text, type: null, label: text };
}

/** learnTypes records the types a result states (search, related, profiles, paths). */
export function learnTypes(result) {
  if (result.lang) return;
  for (const row of result.rows) {
    const v = row.values;
    if (v.entity && v.type && result.query !== "entity") knownTypes.set(String(v.entity), String(v.type));
    if (result.query === "entity" && v.field === "type") knownTypes.set(String(v.entity), String(v.value));
    if (result.query === "path") {
      for (const c of ["from", "to"]) {
        const e = parsePathNode(String(v[c] || ""));
        if (e.type && e.type !== "Event") knownTypes.set(e.name, e.type);
      }
    }
    for (const [col, t] of Object.entries(ENTITY_COLUMNS)) {
      if (t && v[col] && col !== "entity") {
        for (const name of LIST_COLUMNS.has(col) ? String(v[col]).split(/;\s*/) : [String(v[col])]) {
          if (name && !knownTypes.has(name)) knownTypes.set(name, t);
        }
      }
    }
  }
}

// ---- Dates ----

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * parseDate reads YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 time into
 * {start, end, precision} (ms since the epoch, end exclusive), or null.
 */
export function parseDate(v) {
  if (typeof v !== "string") return null;
  const m = v.trim().match(DATE_RE);
  if (!m) return null;
  const y = +m[1], mo = m[2] ? +m[2] - 1 : null, d = m[3] ? +m[3] : null;
  if (mo !== null && (mo < 0 || mo > 11)) return null;
  if (mo === null) return { start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1), precision: "year" };
  if (d === null) return { start: Date.UTC(y, mo, 1), end: Date.UTC(y, mo + 1, 1), precision: "month" };
  const start = Date.UTC(y, mo, d);
  return { start, end: start + 86400000, precision: "day" };
}

/** dateColumns lists the columns that hold dates in at least one row. */
export function dateColumns(result) {
  const preferred = ["date", "published", "first", "last"];
  const cols = result.columns.filter((c) => result.rows.some((r) => parseDate(r.values[c])));
  return cols.sort((a, b) => (preferred.indexOf(a) + 1 || 99) - (preferred.indexOf(b) + 1 || 99));
}

// Columns that say who did something or who reports, not where: a map
// shows where things are, so an actor's country is neither a marker nor
// a shaded country.
const WHO_COLUMNS = new Set(["actor", "actors", "operator", "operators", "publisher", "publisher_country"]);

/** locationNames lists the distinct entities of rows that can be on a map. */
export function locationNames(result) {
  const out = new Map();
  for (const row of result.rows) {
    for (const col of result.columns) {
      if (WHO_COLUMNS.has(col)) continue;
      if (result.query === "entity" && col === "value" && row.values.field !== "country") continue;
      for (const e of entitiesIn(result, col, row)) {
        if (e.type === "Publisher" || e.type === "Organisation" || e.type === "Event") continue;
        const k = e.name;
        const cur = out.get(k) || { name: k, type: e.type, rows: new Set() };
        cur.type ??= e.type;
        cur.rows.add(row);
        out.set(k, cur);
      }
    }
  }
  return [...out.values()];
}

/** display turns a value into table text. */
export function display(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "yes" : "no";
  return String(v);
}

/** compare orders two cell values: numbers as numbers, dates and text as text. */
export function compare(a, b) {
  const na = typeof a === "number" ? a : null, nb = typeof b === "number" ? b : null;
  if (na !== null && nb !== null) return na - nb;
  const sa = display(a), sb = display(b);
  if (sa === "" && sb !== "") return 1;
  if (sb === "" && sa !== "") return -1;
  return sa.localeCompare(sb, undefined, { numeric: true, sensitivity: "base" });
}

// ---- Downloads ----

/** toCSV writes the rows with their sources, safe to open in a spreadsheet. */
export function toCSV(result) {
  const hasSources = result.rows.some((r) => r.sources.length);
  const cols = [...result.columns];
  const header = hasSources ? [...cols, "corroboration", "source_urls", "evidence"] : cols;
  const lines = [header.map(csvCell).join(",")];
  for (const r of result.rows) {
    const cells = cols.map((c) => r.values[c]);
    if (hasSources) {
      cells.push(r.corroboration, r.sources.map((s) => s.url).join(" "), r.sources.map((s) => s.evidence || "").filter(Boolean).join(" | "));
    }
    lines.push(cells.map(csvCell).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

function csvCell(v) {
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  let s = display(v);
  // A cell starting with = + - @ would be a formula in a spreadsheet.
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** toJSON writes the result as the API gave it, rows with sources. */
export function toJSON(result) {
  const { query, args, plan, columns, rows, notes, truncated, lang } = result;
  return JSON.stringify({ query, lang, args, plan, columns, rows, notes, truncated }, null, 2) + "\n";
}
