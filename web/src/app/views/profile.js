// The profile card of an entity query: what the entity is, where, who
// operates it, its aliases and its events, each with their sources.
import { h } from "../dom.js";
import { entitiesIn, typeColor } from "../result.js";
import { entityButton, sourcesList } from "./table.js";

export function renderProfile(result, ctx) {
  const rows = result.rows;
  if (!rows.length) return null;
  const name = String(rows[0].values.entity);
  const field = (f) => rows.filter((r) => r.values.field === f);
  const type = field("type")[0]?.values.value || "";
  const aliases = [...new Set(field("alias").map((r) => String(r.values.value)))];
  const facts = [];
  const fact = (label, content) => content && (!Array.isArray(content) || content.length) && facts.push(h("dt", null, label), h("dd", null, content));
  const links = (f) => field(f).flatMap((r, i) => [i ? "; " : "", ...entitiesIn(result, "value", r).map((e) => entityButton(e, ctx))]);
  fact("country", links("country"));
  fact("operated by", links("operator"));
  fact("kind", field("kind").map((r) => r.values.value).join(", "));
  fact("code", field("code").map((r) => r.values.value).join(", "));
  fact("coordinates", field("coordinates").map((r) => r.values.value).join("; "));
  const events = field("event").slice().sort((a, b) => String(a.values.date || "9999").localeCompare(String(b.values.date || "9999")));
  const publishers = new Map();
  for (const r of rows) for (const s of r.sources) publishers.set(s.url, s.publisher || s.url);
  const counts = new Map();
  for (const p of publishers.values()) counts.set(p, (counts.get(p) || 0) + 1);

  return h("article", { class: "profile", "aria-label": `Profile of ${name}` },
    h("h3", null, name, " ", type ? h("span", { class: "badge", style: `background:${typeColor(type)}` }, type) : null),
    facts.length ? h("dl", { class: "facts" }, facts) : null,
    aliases.length
      ? h("details", { class: "aliases" }, h("summary", null, `${aliases.length} alias${aliases.length === 1 ? "" : "es"}`),
        h("ul", { class: "chips" }, aliases.map((a) => h("li", null, a))))
      : null,
    events.length
      ? h("section", null, h("h4", null, `Events (${events.length})`),
        h("ul", { class: "profile-events" }, events.map((r) =>
          h("li", { class: r.values.negated ? "negated" : null },
            h("span", { class: "date" }, r.values.date || "undated"), " ",
            r.values.value, r.values.negated ? h("span", { class: "muted" }, " (negated)") : null, r.values.role ? h("span", { class: "muted" }, ` · as ${r.values.role}`) : null,
            r.sources.length ? h("details", null, h("summary", null, `${r.sources.length} source${r.sources.length === 1 ? "" : "s"}`), sourcesList(r.sources)) : null))))
      : h("p", { class: "muted" }, "No events recorded."),
    counts.size
      ? h("p", { class: "muted" }, `Reported by ${[...counts].sort((a, b) => b[1] - a[1]).map(([p, n]) => `${p} (${n})`).join(", ")}.`)
      : null);
}
