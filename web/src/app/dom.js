// Small DOM helpers: h() builds elements, so views are plain functions.

/**
 * h("button", {class: "x", onclick: fn, "aria-label": "Run"}, "Run") makes an
 * element. Attributes starting with "on" become listeners; false, null and
 * undefined attributes are left out; children may be strings, nodes, arrays
 * or null.
 */
export function h(tag, attrs, ...children) {
  const el = tag.startsWith("svg:")
    ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith("on") && typeof v === "function") {
      el.addEventListener(k.slice(2), v);
    } else if (k === "dataset") {
      Object.assign(el.dataset, v);
    } else if (k === "value" && "value" in el) {
      el.value = v;
    } else if (k === "checked" || k === "selected" || k === "disabled" || k === "hidden") {
      el[k] = !!v;
      if (v && k === "hidden") el.setAttribute("hidden", "");
    } else {
      el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  append(el, children);
  return el;
}

/** s("circle", {...}) is h for SVG elements. */
export const s = (tag, attrs, ...children) => h("svg:" + tag, attrs, ...children);

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** clear empties an element and fills it with children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let uid = 0;
/** id returns a page-unique element id with a prefix. */
export const id = (prefix) => `${prefix}-${++uid}`;

/** download offers text as a file. */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** slug makes a file or notebook name out of a title. */
export function slug(text, fallback = "notebook") {
  const s = String(text || "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return s || fallback;
}

/** announce tells screen readers what happened, in a live region no one sees. */
export function announce(text) {
  const el = document.getElementById("announcer");
  if (el) {
    el.textContent = "";
    // A new text node each time, so the same message is read again.
    requestAnimationFrame(() => (el.textContent = text));
  }
}
