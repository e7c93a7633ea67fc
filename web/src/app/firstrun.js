// The notebook a first visit opens: the headline question answered — which
// bases are linked to withdrawal events — with each base opening its events
// and its page, then a note on using cells and three examples to copy from:
// a named query drawn as a timeline, the same bases on a map, and a raw
// Gizmo query drawn as a graph.
export const HEADLINE_QUESTION = "which bases are linked to withdrawal events?";

export const firstRun = {
  version: 1,
  title: "Bases linked to withdrawals",
  cells: [
    { kind: "ask", text: HEADLINE_QUESTION, view: "table" },
    {
      kind: "note",
      text:
        "Above: the question answered, a page of rows at a time; ▸ Events opens a base's events and the articles behind each, and a base's name opens its page. " +
        "Each cell asks the graph something: a plain-English question, a named query with parameters, or a raw Gizmo or GraphQL query. " +
        "Shift+Enter runs the cell you are in. Show a result as a table, a graph, a timeline or a map. " +
        "Save the notebook on the server, or download it as JSON.",
    },
    { kind: "query", query: "events", params: { event: "attack" }, view: "timeline" },
    {
      kind: "gizmo",
      view: "graph",
      text: [
        "// Bases linked to withdrawal events: ns#linkedToEvent goes from a base",
        "// to the type of an event it was part of.",
        'g.V("<https://w3id.org/newsgraph/ns#event/withdrawal>").Tag("event")',
        '  .In("<https://w3id.org/newsgraph/ns#linkedToEvent>").Tag("base")',
        '  .Out("<https://schema.org/name>")',
        "  .Unique().All()",
      ].join("\n"),
    },
  ],
};
