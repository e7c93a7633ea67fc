// The notebook: an ordered list of cells, their numbering, adding, moving
// and removing them, profiles opened from any view, and the JSON document
// a notebook is saved as ({version, title, cells}).
import { h, announce } from "./dom.js";
import { Cell, KINDS } from "./cell.js";

export const FORMAT_VERSION = 1;
const DRAFT_KEY = "newsgraph.notebook.draft";

export class Notebook {
  constructor({ onChange } = {}) {
    this.cells = [];
    this.title = "Untitled notebook";
    this.name = null; // the name it is saved under on the server
    this.dirty = false;
    this.onChange = onChange;
    this.list = h("div", { class: "cells" });
    this.el = h("main", { id: "cells", class: "notebook", tabindex: "-1" },
      this.list,
      h("div", { class: "add-bar", role: "group", "aria-label": "Add a cell at the end" },
        h("span", { class: "muted" }, "Add a cell:"),
        Object.entries(KINDS).map(([k, label]) => h("button", { type: "button", "data-add": k, onclick: () => this.add(k, null) }, "+ " + label))));
  }

  /** load replaces the cells with those of a notebook document (validated). */
  load(doc, { name = null, dirty = false } = {}) {
    const problem = validate(doc);
    if (problem) throw new Error(problem);
    for (const c of this.cells) c.destroy();
    this.cells = [];
    this.title = doc.title || "Untitled notebook";
    this.name = name;
    for (const state of doc.cells) this.insert(new Cell(this, state), this.cells.length);
    this.renumber();
    this.dirty = dirty;
    this.onChange?.(this);
  }

  toJSON() {
    return { version: FORMAT_VERSION, title: this.title, cells: this.cells.map((c) => c.toJSON()) };
  }

  changed() {
    this.dirty = true;
    clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => this.saveDraft(), 400);
    this.onChange?.(this);
  }

  /** saveDraft keeps the notebook in this browser, so a reload loses nothing. */
  saveDraft() {
    try {
      localStorage.setItem(DRAFT_KEY, JSON.stringify({ name: this.name, dirty: this.dirty, doc: this.toJSON() }));
    } catch {
      // Private mode or a full storage: drafts are a convenience.
    }
  }

  static draft() {
    try {
      const d = JSON.parse(localStorage.getItem(DRAFT_KEY) || "null");
      return d && !validate(d.doc) ? d : null;
    } catch {
      return null;
    }
  }

  insert(cell, index) {
    this.cells.splice(index, 0, cell);
    const next = this.cells[index + 1];
    this.list.insertBefore(cell.el, next ? next.el : null);
  }

  renumber() {
    this.cells.forEach((c, i) => c.setNumber(i + 1));
  }

  /** add puts a new cell of a kind after another cell (or at the end) and focuses it. */
  add(kind, after, state = {}) {
    const cell = new Cell(this, { kind, ...state });
    const i = after ? this.cells.indexOf(after) + 1 : this.cells.length;
    this.insert(cell, i);
    this.renumber();
    this.changed();
    cell.el.scrollIntoView({ block: "nearest" });
    setTimeout(() => cell.focus(), 0);
    announce(`Added cell ${cell.number}: ${KINDS[kind]}.`);
    return cell;
  }

  move(cell, delta) {
    const i = this.cells.indexOf(cell), j = i + delta;
    if (i < 0 || j < 0 || j >= this.cells.length) return;
    const focused = cell.el.contains(document.activeElement) ? document.activeElement : null;
    this.cells.splice(i, 1);
    this.insert(cell, j);
    this.renumber();
    focused?.focus();
    cell.el.scrollIntoView({ block: "nearest" });
    this.changed();
    announce(`Moved to position ${j + 1}.`);
  }

  remove(cell) {
    const i = this.cells.indexOf(cell);
    if (i < 0) return;
    cell.destroy();
    this.cells.splice(i, 1);
    this.renumber();
    this.changed();
    const next = this.cells[i] || this.cells[i - 1];
    if (next) next.runButton.focus();
    else this.el.querySelector(".add-bar button")?.focus();
    announce(`Deleted a cell; ${this.cells.length} left.`);
  }

  /** openProfile adds a profile cell (the entity query) below a cell and runs it. */
  openProfile(name, type, after) {
    // A profile is one entity: all its facts at once, not a page of them.
    const params = { name, limit: "1000" };
    if (type && ["Base", "Country", "Place", "Organisation", "Publisher"].includes(type)) params.type = type;
    const cell = this.add("query", after, { query: "entity", params, view: "table" });
    cell.run();
    return cell;
  }

  async runAll() {
    for (const c of this.cells) await c.run();
  }
}

/** validate answers why doc is not a notebook, or "" when it is one. */
export function validate(doc) {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return "A notebook is a JSON object.";
  if (!Array.isArray(doc.cells)) return 'A notebook needs a "cells" list.';
  if (doc.version !== undefined && doc.version > FORMAT_VERSION) return `This notebook is of a newer format (${doc.version}) than this page reads (${FORMAT_VERSION}).`;
  for (const [i, c] of doc.cells.entries()) {
    if (!c || typeof c !== "object") return `Cell ${i + 1} is not an object.`;
    if (!(c.kind in KINDS)) return `Cell ${i + 1} is of an unknown kind "${c.kind}".`;
    if (c.kind === "query" && typeof c.query !== "string") return `Cell ${i + 1} names no query.`;
    if (c.params !== undefined && (typeof c.params !== "object" || Array.isArray(c.params))) return `Cell ${i + 1}'s params are not an object.`;
  }
  return "";
}
