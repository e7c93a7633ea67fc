// One notebook cell: its input (a question, a named query's form, a Gizmo
// or GraphQL editor, or a note), running it through the API, and its
// output: an error in the cell, or the result with its views (table,
// graph, timeline, map) and downloads.
import { h, id, replace, download, slug, announce } from "./dom.js";
import { ApiError, ask, queries, raw, runQuery } from "./api.js";
import { dateColumns, fromAnswer, fromQuery, fromRaw, learnTypes, locationNames, pageLabel, toCSV, toJSON } from "./result.js";
import { renderTable } from "./views/table.js";
import { renderProfile } from "./views/profile.js";
import { renderBasePage } from "./views/basepage.js";

export const KINDS = {
  ask: "Question",
  query: "Named query",
  gizmo: "Gizmo",
  graphql: "GraphQL",
  note: "Note",
};

const VIEWS = [
  { key: "table", label: "Table" },
  { key: "graph", label: "Graph" },
  { key: "timeline", label: "Timeline" },
  { key: "map", label: "Map" },
];

// Parameters that name an entity get suggestions from the search query.
const ENTITY_PARAMS = new Set(["entity", "name", "base", "country", "actor", "operator"]);

let editorModule = null;
const loadEditor = () => (editorModule ??= import("./codemirror.js"));
let predicates = null;
const loadPredicates = () =>
  (predicates ??= raw("gizmo", "g.V().OutPredicates().Unique().All()").then((a) => (a.results || []).map((r) => r.id).filter((x) => typeof x === "string")).catch(() => []));

let counter = 0;
const newId = () => `c${Date.now().toString(36)}${(++counter).toString(36)}`;

export class Cell {
  /** @param nb the notebook; state: {kind, text, query, params, view} */
  constructor(nb, state) {
    this.nb = nb;
    this.id = state.id || newId();
    this.kind = KINDS[state.kind] ? state.kind : "ask";
    this.text = state.text || "";
    this.query = state.query || "";
    this.params = { ...(state.params || {}) };
    this.view = state.view || "table";
    this.result = null;
    this.editor = null;
    this.ctl = null;
    this.build();
  }

  toJSON() {
    const out = { id: this.id, kind: this.kind };
    if (this.kind === "query") {
      out.query = this.query;
      out.params = Object.fromEntries(Object.entries(this.params).filter(([, v]) => v !== "" && v !== undefined));
    } else out.text = this.editor ? this.editor.value : this.text;
    if (this.kind !== "note") out.view = this.view;
    return out;
  }

  changed() {
    this.nb.changed();
  }

  // ---- Building the cell ----

  build() {
    this.labelId = id("cell-label");
    this.numberEl = h("span", { class: "cell-number" });
    this.kindSelect = h("select", {
      class: "kind-select", "aria-label": "Kind of cell",
      onchange: (e) => this.setKind(e.target.value),
    }, Object.entries(KINDS).map(([k, label]) => h("option", { value: k, selected: k === this.kind }, label)));
    const btn = (label, title, onclick, cls) => h("button", { type: "button", class: "icon " + (cls || ""), title, "aria-label": title, onclick }, label);
    this.runButton = btn("▶ Run", "Run this cell (Shift+Enter)", () => this.run(), "run");
    const addMenu = h("details", { class: "add-menu" },
      h("summary", { title: "Add a cell below this one", "aria-label": "Add a cell below this one" }, "+ Add below"),
      h("div", { class: "menu" }, Object.entries(KINDS).map(([k, label]) =>
        h("button", { type: "button", onclick: (e) => { e.target.closest("details").open = false; this.nb.add(k, this); } }, label))));
    this.header = h("div", { class: "cell-header" },
      h("span", { id: this.labelId, class: "cell-title" }, this.numberEl),
      this.kindSelect,
      h("span", { class: "spacer" }),
      this.runButton,
      btn("↑", "Move this cell up (Alt+↑)", () => this.nb.move(this, -1)),
      btn("↓", "Move this cell down (Alt+↓)", () => this.nb.move(this, 1)),
      addMenu,
      btn("✕", "Delete this cell", () => this.nb.remove(this), "danger"));
    this.input = h("div", { class: "cell-input" });
    this.output = h("div", { class: "cell-output", "aria-live": "polite" });
    this.el = h("section", { class: `cell kind-${this.kind}`, "data-cell": this.id, "data-kind": this.kind },
      this.header, this.input, this.output);
    this.el.addEventListener("keydown", (e) => this.onKey(e));
    this.runButton.hidden = this.kind === "note";
    this.buildInput();
  }

  setNumber(n) {
    this.number = n;
    this.numberEl.textContent = `[${n}]`;
    this.el.setAttribute("aria-label", `Cell ${n}: ${KINDS[this.kind]}`);
  }

  onKey(e) {
    if (e.defaultPrevented) return; // the editor ran the cell already
    if (e.key === "Enter" && (e.shiftKey || e.ctrlKey || e.metaKey) && !e.altKey) {
      if (this.kind === "note") return; // a note has nothing to run
      e.preventDefault();
      this.run();
    } else if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
      e.preventDefault();
      this.nb.move(this, e.key === "ArrowUp" ? -1 : 1);
    } else if (e.key === "Escape" && this.ctl) {
      this.ctl.abort();
    }
  }

  setKind(kind) {
    if (this.editor) this.text = this.editor.value;
    this.editor?.destroy();
    this.editor = null;
    this.kind = kind;
    this.el.dataset.kind = kind;
    this.el.className = `cell kind-${kind}`;
    this.runButton.hidden = kind === "note";
    this.setNumber(this.number);
    replace(this.output);
    this.result = null;
    this.buildInput();
    this.changed();
  }

  buildInput() {
    replace(this.input);
    const fieldId = id("field");
    if (this.kind === "ask") {
      const listId = id("questions");
      const list = h("datalist", { id: listId });
      queries().then((c) => replace(list, (c.questions || []).map((q) => h("option", { value: q })))).catch(() => {});
      this.questionEl = h("input", {
        id: fieldId, type: "text", class: "question", value: this.text, list: listId, autocomplete: "off",
        placeholder: "Ask a question, e.g. which bases are linked to withdrawal events?",
        oninput: (e) => { this.text = e.target.value; this.changed(); },
        onkeydown: (e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); this.run(); } },
      });
      this.input.append(h("label", { for: fieldId, class: "sr-only" }, "Question"), this.questionEl, list);
    } else if (this.kind === "query") {
      this.buildQueryForm();
    } else if (this.kind === "note") {
      const ta = h("textarea", {
        id: fieldId, class: "note", rows: Math.max(2, this.text.split("\n").length), placeholder: "A note about this notebook",
        oninput: (e) => { this.text = e.target.value; e.target.rows = Math.max(2, e.target.value.split("\n").length); this.changed(); },
      });
      ta.value = this.text;
      this.input.append(h("label", { for: fieldId, class: "sr-only" }, "Note"), ta);
    } else {
      const holder = h("div", { class: "editor", "data-lang": this.kind });
      this.input.append(holder, h("p", { class: "hint" },
        this.kind === "gizmo"
          ? "Gizmo is JavaScript over the graph: g.V(…).Out(…).Tag(…).All(). Shift+Enter runs; Ctrl+Space completes steps and <predicates>."
          : "Cayley's GraphQL: { nodes(<predicate>: <object>) { id name: <https://schema.org/name> } }. Shift+Enter runs."));
      loadEditor().then((m) => {
        if (this.editor || this.kind !== holder.dataset.lang || !this.input.contains(holder)) return;
        this.editor = m.createEditor(holder, {
          lang: this.kind, doc: this.text, label: `${KINDS[this.kind]} query`,
          placeholder: this.kind === "gizmo" ? 'g.V("<https://w3id.org/newsgraph/ns#event/withdrawal>").In("<https://w3id.org/newsgraph/ns#linkedToEvent>").All()' : "{ … }",
          onRun: () => this.run(),
          onChange: (t) => { this.text = t; this.changed(); },
          predicates: this.kind === "gizmo" ? loadPredicates : null,
        });
        holder.dataset.ready = "true";
      }).catch((err) => replace(holder, h("p", { class: "error-text" }, "The editor could not be loaded: " + err.message)));
    }
  }

  async buildQueryForm() {
    const form = h("form", { class: "query-form", onsubmit: (e) => { e.preventDefault(); this.run(); } });
    this.input.append(form);
    let cat;
    try {
      cat = await queries();
    } catch (err) {
      replace(form, this.errorBox(err));
      return;
    }
    this.catalogue = cat;
    const mods = cat.queries || [];
    if (!this.query || !mods.some((m) => m.name === this.query)) this.query = this.query || mods[0]?.name || "";
    const selId = id("query");
    const select = h("select", {
      id: selId, class: "query-select",
      onchange: (e) => { this.query = e.target.value; this.params = {}; this.changed(); drawParams(); },
    }, mods.map((m) => h("option", { value: m.name, selected: m.name === this.query }, m.name)));
    const doc = h("p", { class: "query-doc muted" });
    const params = h("div", { class: "params" });
    const drawParams = () => {
      const m = mods.find((x) => x.name === this.query);
      doc.textContent = m ? m.doc : `Unknown query ${this.query}.`;
      replace(params, (m?.params || []).map((p) => this.paramField(p)));
    };
    replace(form,
      h("div", { class: "query-line" }, h("label", { for: selId }, "Query"), select, doc),
      params,
      h("button", { type: "submit", class: "sr-only" }, "Run"));
    drawParams();
  }

  paramField(p) {
    const fid = id("param");
    const value = this.params[p.name] ?? p.default ?? "";
    const set = (v) => {
      this.params[p.name] = v;
      // Another filter is another answer: start it from its first page.
      if (p.name !== "offset" && p.name !== "limit" && this.params.offset && this.params.offset !== "0") {
        this.params.offset = "0";
        const field = this.input.querySelector('[name="offset"]');
        if (field) field.value = "0";
      }
      this.changed();
    };
    let input;
    if (p.enum && p.enum.length) {
      input = h("select", { id: fid, name: p.name, onchange: (e) => set(e.target.value) },
        p.enum.map((v) => h("option", { value: v, selected: v === value }, v === "" ? "(any)" : v)));
    } else if (p.kind === "bool") {
      input = h("input", { id: fid, name: p.name, type: "checkbox", checked: value === "true", onchange: (e) => set(e.target.checked ? "true" : "false") });
    } else {
      const attrs = { id: fid, name: p.name, value, type: "text", autocomplete: "off", oninput: (e) => set(e.target.value) };
      if (p.kind === "int") Object.assign(attrs, { type: "number", min: "0", step: "1" });
      if (p.kind === "date") Object.assign(attrs, { placeholder: "YYYY[-MM[-DD]]", pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", size: 12 });
      if (p.required) attrs.required = true;
      input = h("input", attrs);
      if (p.kind === "string" && (ENTITY_PARAMS.has(p.name) || (this.query === "path" && (p.name === "from-entity" || p.name === "to-entity")))) {
        const listId = id("names");
        const list = h("datalist", { id: listId });
        input.setAttribute("list", listId);
        let timer = null;
        input.addEventListener("input", () => {
          clearTimeout(timer);
          const prefix = input.value.trim();
          if (prefix.length < 2) return;
          timer = setTimeout(() => {
            runQuery("search", { name: prefix, limit: "10" }).then((r) =>
              replace(list, [...new Set((r.rows || []).map((x) => x.values.entity))].map((n) => h("option", { value: n })))).catch(() => {});
          }, 200);
        });
        input = [input, list];
      }
    }
    return h("div", { class: `param kind-${p.kind}` },
      h("label", { for: fid, title: p.doc }, p.name, p.required ? h("span", { "aria-hidden": "true" }, " *") : null),
      input,
      h("span", { class: "param-doc muted" }, p.doc));
  }

  focus() {
    const target = this.questionEl && this.kind === "ask" ? this.questionEl
      : this.editor ? this.editor
      : this.input.querySelector("input, select, textarea") || this.runButton;
    target.focus();
  }

  // ---- Running ----

  /**
   * run asks the server again; offset, when given, asks for the page of
   * rows starting there (the same query: a question's page reruns the
   * named query it became, not the question).
   */
  async run(offset = null) {
    if (this.kind === "note") return;
    this.ctl?.abort();
    const ctl = (this.ctl = new AbortController());
    const started = performance.now();
    this.el.classList.add("running");
    this.el.setAttribute("aria-busy", "true");
    replace(this.output, h("div", { class: "running-box", role: "status" },
      h("span", { class: "spinner", "aria-hidden": "true" }), "Running… ",
      h("button", { type: "button", onclick: () => ctl.abort() }, "Stop")));
    try {
      let result;
      if (this.kind === "ask") {
        const q = (this.questionEl?.value ?? this.text).trim();
        if (!q) throw new ApiError("bad_data", "Type a question first.");
        const plan = this.result?.plan;
        if (offset !== null && plan?.query && plan.question === q) {
          const params = { ...plan.args, offset: String(offset) };
          if (this.result.page?.limit) params.limit = String(this.result.page.limit);
          result = { ...fromQuery(await runQuery(plan.query, params, [], ctl.signal)), plan };
        } else {
          result = fromAnswer(await ask(q, ctl.signal));
        }
      } else if (this.kind === "query") {
        const cat = await queries();
        const m = (cat.queries || []).find((x) => x.name === this.query);
        if (!m) throw new ApiError("not_found", `There is no named query "${this.query}".`);
        if (offset !== null) {
          this.params.offset = String(offset);
          const field = this.input.querySelector('[name="offset"]');
          if (field) field.value = String(offset);
          this.changed();
        }
        result = fromQuery(await runQuery(this.query, this.params, m.params, ctl.signal));
      } else {
        const text = this.editor ? this.editor.value : this.text;
        if (!text.trim()) throw new ApiError("bad_data", "Write a query first.");
        result = fromRaw(await raw(this.kind, text, ctl.signal));
      }
      if (ctl !== this.ctl) return;
      learnTypes(result);
      this.result = result;
      this.elapsed = performance.now() - started;
      this.showResult();
      announce(`Cell ${this.number}: ${result.rows.length} row${result.rows.length === 1 ? "" : "s"}.`);
    } catch (err) {
      if (ctl !== this.ctl) return;
      this.result = null;
      replace(this.output, this.errorBox(err));
      announce(`Cell ${this.number}: ${err.title || "error"}.`);
    } finally {
      if (ctl === this.ctl) {
        this.ctl = null;
        this.el.classList.remove("running");
        this.el.removeAttribute("aria-busy");
      }
    }
  }

  errorBox(err) {
    const e = err instanceof ApiError ? err : new ApiError("internal", err?.message || String(err));
    const extra = [];
    if (e.kind === "network") extra.push(h("p", null, "Check that the server is running, then run the cell again (Shift+Enter)."));
    if (["timeout", "request_timeout", "client_timeout"].includes(e.kind)) {
      extra.push(h("p", null, "Narrow the query (a shorter date range, .Limit(n) in Gizmo) or start the server with a longer --query-timeout."));
    }
    if (e.kind === "unavailable") extra.push(h("p", null, "Too many queries are running; try again in a moment."));
    const examples = e.data?.examples;
    if (examples?.length) {
      extra.push(h("p", null, "Questions I can answer look like these (choose one to ask it):"),
        h("ul", { class: "examples" }, examples.map((q) => h("li", null, h("button", {
          type: "button", class: "link",
          onclick: () => { this.text = q; if (this.questionEl) this.questionEl.value = q; this.changed(); this.run(); },
        }, q)))));
    }
    if (e.data?.plan) extra.push(this.planLine(e.data.plan));
    return h("div", { class: "cell-error", role: "alert", "data-error-kind": e.kind },
      h("h4", null, e.title, e.status ? h("span", { class: "muted" }, ` (HTTP ${e.status}, ${e.kind})`) : null),
      h("p", { class: "error-message" }, e.message), extra);
  }

  planLine(plan) {
    return h("p", { class: "plan" }, "Became ", h("code", null, plan.command || plan.path), " ",
      h("button", {
        type: "button", class: "link",
        title: "Add a named-query cell with this query and its parameters, to refine it",
        onclick: () => this.nb.add("query", this, { query: plan.query, params: plan.args }),
      }, "Open as a named query"));
  }

  showResult() {
    const r = this.result;
    const available = {
      table: true,
      graph: r.rows.length > 0 && !(r.query === "stats"),
      timeline: dateColumns(r).length > 0,
      map: !r.lang && locationNames(r).length > 0,
    };
    if (!available[this.view]) this.view = "table";
    const meta = h("div", { class: "result-meta" },
      h("span", { class: "row-count" }, pageLabel(r.page, r.rows.length)),
      this.pager(r),
      h("span", { class: "muted" }, ` · ${(this.elapsed / 1000).toFixed(2)} s`),
      r.truncated ? h("span", { class: "warn" }, ` · cut to the server's result limit${r.limit ? ` (${r.limit})` : ""}`) : null,
      r.lang && r.rows.length ? h("span", { class: "muted" }, " · raw query results carry no sources") : null);
    const notes = r.notes.length ? h("ul", { class: "notes" }, r.notes.map((n) => h("li", null, n))) : null;
    const plan = r.plan ? this.planLine(r.plan) : null;
    const ctx = this.viewContext();
    let profile = r.query === "entity" ? renderProfile(r, ctx) : null;
    const entityType = r.query === "entity" ? r.rows.find((x) => x.values.field === "type")?.values.value : null;
    if (profile && entityType === "Base") profile = [profile, renderBasePage(String(r.rows[0].values.entity), ctx)];

    const tabs = h("div", { class: "view-tabs", role: "tablist", "aria-label": "Show the result as" });
    const panels = h("div", { class: "view-panels" });
    const rendered = new Map();
    const base = id("view");
    const select = (key, focus) => {
      this.view = key;
      for (const t of tabs.children) {
        const on = t.dataset.view === key;
        t.setAttribute("aria-selected", String(on));
        t.tabIndex = on ? 0 : -1;
        if (on && focus) t.focus();
      }
      for (const [k, v] of rendered) v.panel.hidden = k !== key;
      if (!rendered.has(key)) {
        const panel = h("div", { role: "tabpanel", id: `${base}-${key}`, "aria-labelledby": `${base}-tab-${key}`, class: `view view-${key}` });
        panels.append(panel);
        const v = { panel, view: null };
        rendered.set(key, v);
        this.renderView(key, r, ctx).then((view) => {
          v.view = view;
          panel.append(view.el || view);
          if (!panel.hidden) view.onShow?.();
        }).catch((err) => panel.append(h("p", { class: "error-text" }, `The ${key} view failed: ${err.message}`)));
      } else {
        rendered.get(key).view?.onShow?.();
      }
    };
    VIEWS.forEach(({ key, label }) => {
      tabs.append(h("button", {
        type: "button", role: "tab", id: `${base}-tab-${key}`, "aria-controls": `${base}-${key}`, "data-view": key,
        disabled: !available[key], title: available[key] ? `Show as a ${label.toLowerCase()}` : `No ${label.toLowerCase()} for these rows`,
        onclick: () => { select(key, false); this.changed(); },
        onkeydown: (e) => {
          const keys = VIEWS.map((v) => v.key).filter((k) => available[k]);
          const i = keys.indexOf(this.view);
          if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
            e.preventDefault();
            select(keys[(i + (e.key === "ArrowRight" ? 1 : keys.length - 1)) % keys.length], true);
            this.changed();
          }
        },
      }, label));
    });
    const name = `${slug(this.nb.title, "newsgraph")}-cell${this.number}`;
    const downloads = h("div", { class: "downloads" },
      h("button", { type: "button", class: "download-csv", onclick: () => download(name + ".csv", "text/csv", toCSV(r)) }, "⤓ CSV"),
      h("button", { type: "button", class: "download-json", onclick: () => download(name + ".json", "application/json", toJSON(r)) }, "⤓ JSON"));
    replace(this.output, plan, profile, meta, notes, h("div", { class: "view-bar" }, tabs, downloads), panels);
    select(this.view, false);
  }

  /** pager moves between the pages of a named query's answer. */
  pager(r) {
    const p = r.page;
    if (!p || r.lang || (p.offset === 0 && p.next === null)) return null;
    const go = (offset) => this.run(offset);
    return h("span", { class: "pager", role: "group", "aria-label": "Pages of rows" },
      h("button", {
        type: "button", "data-page": "previous", disabled: p.offset === 0,
        title: "The rows before these", onclick: () => go(Math.max(0, p.offset - p.limit)),
      }, "‹ Previous"),
      h("button", {
        type: "button", "data-page": "next", disabled: p.next === null,
        title: "The rows after these", onclick: () => go(p.next),
      }, "Next ›"));
  }

  viewContext() {
    return { openProfile: (name, type) => this.nb.openProfile(name, type, this) };
  }

  async renderView(key, r, ctx) {
    switch (key) {
      case "table": return { el: renderTable(r, ctx) };
      case "graph": return (await import("./views/graph.js")).renderGraph(r, ctx);
      case "timeline": return (await import("./views/timeline.js")).renderTimeline(r, ctx);
      case "map": return (await import("./views/map.js")).renderMap(r, ctx);
    }
    throw new Error("unknown view " + key);
  }

  destroy() {
    this.ctl?.abort();
    this.editor?.destroy();
    this.el.remove();
  }
}

