// The notebook page: the toolbar (title, run all, new, open, save,
// download, upload, help), the dialogs, and which notebook a visit opens —
// the one named in the address (#notebook=NAME), else this browser's
// draft, else the first-run notebook.
import "./style.css";
import { h, replace, download, slug } from "./dom.js";
import { notebooks, queries } from "./api.js";
import { Notebook, validate } from "./notebook.js";
import { firstRun } from "./firstrun.js";

const app = document.getElementById("app");

const nb = new Notebook({ onChange: () => syncHeader() });

const titleInput = h("input", {
  class: "title", type: "text", "aria-label": "Notebook title", maxlength: "200",
  oninput: (e) => { nb.title = e.target.value; nb.changed(); },
});
const saveState = h("span", { class: "save-state muted", "aria-live": "polite" });
const status = h("p", { id: "status", class: "status", role: "status", "aria-live": "polite" });
const announcer = h("div", { id: "announcer", class: "sr-only", "aria-live": "polite" });
const fileInput = h("input", { type: "file", accept: ".json,application/json", hidden: true, onchange: (e) => upload(e.target.files[0]) });

function button(label, title, onclick, attrs = {}) {
  return h("button", { type: "button", title, onclick, ...attrs }, label);
}

const toolbar = h("nav", { class: "actions", "aria-label": "Notebook" },
  button("▶▶ Run all", "Run every cell, top to bottom", () => nb.runAll(), { "data-action": "run-all" }),
  button("New", "Start an empty notebook", () => newNotebook(), { "data-action": "new" }),
  button("Open…", "Open a notebook saved on the server", () => openDialog(), { "data-action": "open" }),
  button("Save", "Save on the server (Ctrl+S)", () => save(false), { "data-action": "save" }),
  button("Save as…", "Save on the server under a new name", () => save(true), { "data-action": "save-as" }),
  button("⤓ Download", "Download this notebook as JSON", () => download(slug(nb.title) + ".json", "application/json", JSON.stringify(nb.toJSON(), null, 2) + "\n"), { "data-action": "download" }),
  button("⤒ Upload", "Open a notebook from a JSON file", () => fileInput.click(), { "data-action": "upload" }),
  button("?", "Keyboard shortcuts and help", () => helpDialog.showModal(), { "data-action": "help", "aria-label": "Help" }),
  fileInput);

const header = h("header", { class: "topbar" },
  h("a", { class: "brand", href: "/", title: "newsgraph notebook" }, "newsgraph"),
  h("div", { class: "title-box" }, titleInput, saveState),
  toolbar);

// ---- Dialogs ----

function dialog(cls, title, ...body) {
  const d = h("dialog", { class: cls, "aria-label": title },
    h("form", { method: "dialog", class: "dialog-head" }, h("h2", null, title), h("button", { value: "close", "aria-label": "Close", title: "Close" }, "✕")),
    ...body);
  document.body.append(d);
  return d;
}

const openList = h("div", { class: "open-list" });
const openDlg = dialog("open-dialog", "Open a notebook", openList);

const saveName = h("input", { type: "text", id: "save-name", required: true, pattern: "[A-Za-z0-9][A-Za-z0-9._\\-]{0,79}", maxlength: "80", autocomplete: "off" });
const saveError = h("p", { class: "error-text", role: "alert" });
const saveDlg = dialog("save-dialog", "Save on the server",
  h("form", {
    class: "save-form",
    onsubmit: async (e) => {
      e.preventDefault();
      if (await saveAs(saveName.value.trim())) saveDlg.close();
    },
  },
  h("label", { for: "save-name" }, "Name (letters, digits, '.', '_' and '-')"),
  saveName, saveError,
  h("div", { class: "row" }, h("button", { type: "submit", class: "primary" }, "Save"), h("button", { type: "button", onclick: () => saveDlg.close() }, "Cancel"))));

const helpDialog = dialog("help-dialog", "Using the notebook",
  h("dl", { class: "shortcuts" },
    h("dt", null, h("kbd", null, "Shift"), "+", h("kbd", null, "Enter")), h("dd", null, "run the cell you are in (also Ctrl+Enter)"),
    h("dt", null, h("kbd", null, "Alt"), "+", h("kbd", null, "↑"), " / ", h("kbd", null, "↓")), h("dd", null, "move the cell up or down (in a code editor they move lines)"),
    h("dt", null, h("kbd", null, "Esc")), h("dd", null, "stop a running cell"),
    h("dt", null, h("kbd", null, "Ctrl"), "+", h("kbd", null, "S")), h("dd", null, "save the notebook on the server"),
    h("dt", null, h("kbd", null, "Tab")), h("dd", null, "moves between controls everywhere, editors included (indent with Ctrl+] in an editor)"),
    h("dt", null, h("kbd", null, "←"), " / ", h("kbd", null, "→")), h("dd", null, "on the view tabs: switch between table, graph, timeline and map")),
  h("p", null, "Click an entity in a table, on the map or in the graph panel to open its profile in a new cell; a base's profile is its page (who was there when, its events, who reported it). ▸ Events under a base's row opens its events in place, each with its articles. Previous and Next move between pages of rows. In the graph, a click on a node loads its neighbours and a click on an edge shows the articles behind it; the panel beside the graph does the same from the keyboard. The map pans with a drag and zooms with the wheel or its buttons; its check boxes show or hide each event type."),
  h("p", null, "The page uses only the HTTP API: ", h("a", { href: "/api/openapi.json" }, "/api/openapi.json"), " describes it. ", h("a", { href: "/licenses.txt" }, "Third-party licences"), "."));

// ---- Notebook actions ----

function syncHeader() {
  if (document.activeElement !== titleInput) titleInput.value = nb.title;
  saveState.textContent = nb.name ? (nb.dirty ? `${nb.name} · unsaved changes` : `saved as ${nb.name}`) : nb.dirty ? "not saved" : "";
  document.title = `${nb.title} · newsgraph`;
}

function say(text, isError = false) {
  status.classList.toggle("error-text", isError);
  status.textContent = text;
}

function setHash(name) {
  history.replaceState(null, "", name ? `#notebook=${encodeURIComponent(name)}` : location.pathname);
}

async function save(askName) {
  if (!askName && nb.name) return saveAs(nb.name);
  saveName.value = nb.name || slug(nb.title);
  saveError.textContent = "";
  saveDlg.showModal();
  saveName.select();
}

async function saveAs(name) {
  try {
    await notebooks.put(name, nb.toJSON());
    nb.name = name;
    nb.dirty = false;
    nb.saveDraft();
    setHash(name);
    syncHeader();
    say(`Saved as ${name}.`);
    return true;
  } catch (err) {
    const msg = `Not saved: ${err.message}`;
    saveError.textContent = msg;
    say(msg, true);
    return err.kind === "not_enabled";
  }
}

async function openDialog() {
  replace(openList, h("p", { class: "muted" }, "Loading…"));
  openDlg.showModal();
  try {
    const { notebooks: list } = await notebooks.list();
    if (!list.length) {
      replace(openList, h("p", null, "No notebook is saved on the server yet. Save this one with Save."));
      return;
    }
    replace(openList, h("table", { class: "notebook-list" },
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Title"), h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Cells"), h("th", { scope: "col" }, "Saved"), h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Actions")))),
      h("tbody", null, list.map((n) => h("tr", { "data-name": n.name },
        h("td", null, n.title || "(untitled)"), h("td", null, h("code", null, n.name)), h("td", { class: "num" }, n.cells),
        h("td", null, new Date(n.modified).toLocaleString()),
        h("td", { class: "row" },
          h("button", { type: "button", class: "primary", "data-open": n.name, onclick: () => { openDlg.close(); openNotebook(n.name); } }, "Open"),
          h("button", {
            type: "button", class: "danger", "data-delete": n.name,
            onclick: async () => {
              if (!confirm(`Delete the notebook ${n.name} from the server?`)) return;
              try {
                await notebooks.delete(n.name);
                if (nb.name === n.name) { nb.name = null; nb.dirty = true; setHash(null); syncHeader(); }
                say(`Deleted ${n.name}.`);
                openDialog();
              } catch (err) {
                say(`Not deleted: ${err.message}`, true);
              }
            },
          }, "Delete")))))));
    openList.querySelector("button")?.focus();
  } catch (err) {
    replace(openList, h("p", { class: "error-text", role: "alert" }, err.message));
  }
}

async function openNotebook(name) {
  try {
    const data = await notebooks.get(name);
    nb.load(data.notebook, { name });
    setHash(name);
    nb.saveDraft();
    say(`Opened ${name}.`);
    await nb.runAll();
  } catch (err) {
    say(`Could not open ${name}: ${err.message}`, true);
  }
}

function newNotebook() {
  if (nb.dirty && !confirm("Start a new notebook? Changes not saved on the server are lost (download them first to keep them).")) return;
  nb.load({ version: 1, title: "Untitled notebook", cells: [{ kind: "ask", text: "" }] });
  setHash(null);
  nb.saveDraft();
  nb.cells[0].focus();
  say("New notebook.");
}

async function upload(file) {
  fileInput.value = "";
  if (!file) return;
  try {
    if (file.size > 1 << 20) throw new Error("the file is larger than 1 MiB");
    const doc = JSON.parse(await file.text());
    const problem = validate(doc);
    if (problem) throw new Error(problem);
    nb.load(doc, { dirty: true });
    setHash(null);
    nb.saveDraft();
    say(`Opened ${file.name}; save it to keep it on the server.`);
    await nb.runAll();
  } catch (err) {
    say(`Could not open ${file.name}: ${err.message}`, true);
  }
}

document.addEventListener("keydown", (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s" && !e.altKey) {
    e.preventDefault();
    save(false);
  }
});

// ---- Start ----

async function start() {
  replace(app, header, status, announcer, nb.el,
    h("footer", { class: "footer muted" }, "newsgraph · ", h("a", { href: "/api/openapi.json" }, "HTTP API"), " · ", h("a", { href: "/licenses.txt" }, "licences")));
  app.removeAttribute("aria-busy");
  queries().catch((err) => say(`The server did not give the list of queries: ${err.message}`, true));
  const m = location.hash.match(/^#notebook=(.+)$/);
  if (m) {
    await openNotebook(decodeURIComponent(m[1]));
    if (nb.cells.length) return;
  }
  const draft = Notebook.draft();
  if (draft) {
    nb.load(draft.doc, { name: draft.name, dirty: draft.dirty });
    if (draft.name) setHash(draft.name);
  } else {
    nb.load(firstRun);
  }
  syncHeader();
  await nb.runAll();
}

start();
