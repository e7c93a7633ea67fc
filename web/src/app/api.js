// The page's only way to the server: the public HTTP API. Every call
// answers the "data" of the success envelope or throws an ApiError made
// from the error envelope ({"status":"error","errorType":...,"error":...}),
// from a dropped connection, or from the client-side time limit.

export class ApiError extends Error {
  constructor(kind, message, { status = 0, data = null } = {}) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.data = data;
  }
  /** title is a short heading for the error box. */
  get title() {
    switch (this.kind) {
      case "network": return "The server did not answer";
      case "timeout": case "request_timeout": case "client_timeout": return "The query ran out of time";
      case "unavailable": return "The server is busy";
      case "aborted": return "Stopped";
      case "not_found": return "Not found";
      case "too_large": return "Too large";
      case "not_enabled": return "Not available on this server";
      case "bad_data": return "The server could not run this";
      default: return this.status >= 500 ? "The server failed" : "Error";
    }
  }
}

/** CLIENT_TIMEOUT bounds a request from the page; the server's own query limit is shorter. */
const CLIENT_TIMEOUT = 90_000;

/**
 * call fetches path and unwraps the envelope. opts: method, body (string or
 * object, sent as JSON), signal (to stop it), type (request content type),
 * timeout (ms).
 */
export async function call(path, opts = {}) {
  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; ctl.abort(); }, opts.timeout ?? CLIENT_TIMEOUT);
  const stop = () => ctl.abort();
  opts.signal?.addEventListener("abort", stop);
  const init = { method: opts.method || "GET", signal: ctl.signal, headers: { Accept: "application/json", ...authHeader() } };
  if (opts.body !== undefined) {
    const json = typeof opts.body !== "string";
    init.body = json ? JSON.stringify(opts.body) : opts.body;
    init.headers["Content-Type"] = opts.type || (json ? "application/json" : "text/plain; charset=utf-8");
  }
  let resp;
  try {
    resp = await fetch(path, init);
  } catch (err) {
    if (timedOut) throw new ApiError("client_timeout", `No answer within ${Math.round((opts.timeout ?? CLIENT_TIMEOUT) / 1000)} s.`);
    if (opts.signal?.aborted) throw new ApiError("aborted", "The query was stopped before it finished.");
    throw new ApiError("network", "The newsgraph server could not be reached: is `newsgraph serve` still running? (" + err.message + ")");
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", stop);
  }
  if (resp.status === 204) return null;
  const text = await resp.text().catch(() => "");
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!resp.ok || body?.status === "error") {
    const kind = body?.errorType || (resp.status === 504 || resp.status === 408 ? "timeout" : resp.status >= 500 ? "internal" : "http");
    const msg = body?.error || `${resp.status} ${resp.statusText}${text && !body ? ": " + text.slice(0, 200) : ""}`;
    throw new ApiError(kind, msg, { status: resp.status, data: body?.data ?? null });
  }
  if (body === null) throw new ApiError("internal", `The server answered ${path} with something that is not JSON.`, { status: resp.status });
  return body.status === "success" && "data" in body ? body.data : body;
}

let catalogue = null;
/** queries is the catalogue of named queries and example questions, fetched once. */
export function queries() {
  catalogue ??= call("/api/v1/queries").catch((err) => {
    catalogue = null;
    throw err;
  });
  return catalogue;
}

/** queryString keeps the parameters that are set and differ from their defaults. */
export function queryString(params, defs = []) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || String(v).trim() === "") continue;
    const def = defs.find((p) => p.name === k);
    if (def && String(def.default ?? "") === String(v)) continue;
    q.set(k, String(v).trim());
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

export const runQuery = (name, params, defs, signal) =>
  call(`/api/v1/queries/${encodeURIComponent(name)}${queryString(params, defs)}`, { signal });

export const ask = (question, signal) => call(`/api/v1/ask?q=${encodeURIComponent(question)}`, { signal });

export const raw = (lang, text, signal) => call(`/api/v1/query/${encodeURIComponent(lang)}`, { method: "POST", body: text, signal });

// Saving and deleting notebooks change the server's state, so they need
// the server's write token when it has one. The page asks for it on the
// first 401 and keeps it for this tab only (sessionStorage).
const TOKEN_KEY = "newsgraph-token";

function authHeader() {
  let token = null;
  try {
    token = sessionStorage.getItem(TOKEN_KEY);
  } catch {
    token = null;
  }
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function withToken(send) {
  try {
    return await send();
  } catch (err) {
    if (err.kind !== "unauthorized") throw err;
    const token = window.prompt("This server needs its write token (newsgraph serve --token) to save or delete notebooks:");
    if (!token) throw err;
    sessionStorage.setItem(TOKEN_KEY, token.trim());
    return send();
  }
}

export const notebooks = {
  list: () => call("/api/v1/notebooks", { timeout: 15000 }),
  get: (name) => call(`/api/v1/notebooks/${encodeURIComponent(name)}`, { timeout: 15000 }),
  put: (name, doc) => withToken(() => call(`/api/v1/notebooks/${encodeURIComponent(name)}`, { method: "PUT", body: doc, timeout: 15000 })),
  delete: (name) => withToken(() => call(`/api/v1/notebooks/${encodeURIComponent(name)}`, { method: "DELETE", timeout: 15000 })),
};

// Profiles are looked up for the map (coordinates) and the graph (types);
// one request per entity per page.
const profiles = new Map();
/** profile answers the entity query's result for a name, cached. */
export function profile(name) {
  if (!profiles.has(name)) {
    profiles.set(name, call(`/api/v1/queries/entity?name=${encodeURIComponent(name)}`, { timeout: 20000 }).catch((err) => {
      profiles.delete(name);
      throw err;
    }));
  }
  return profiles.get(name);
}

/** mapLimit runs fn over items with at most n at once. */
export async function mapLimit(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i], i);
      } catch (err) {
        out[i] = err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}
