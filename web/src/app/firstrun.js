// The notebook a first visit opens: what the graph holds, and three
// examples to copy from — a question, a named query drawn as a timeline,
// and a raw Gizmo query drawn as a graph.
export const firstRun = {
  version: 1,
  title: "Welcome to newsgraph",
  cells: [
    {
      kind: "note",
      text:
        "Each cell asks the graph something: a plain-English question, a named query with parameters, or a raw Gizmo or GraphQL query. " +
        "Shift+Enter runs the cell you are in. Show a result as a table, a graph, a timeline or a map; click any entity for its profile. " +
        "Save the notebook on the server, or download it as JSON.",
    },
    { kind: "query", query: "stats", params: {}, view: "table" },
    { kind: "ask", text: "which bases are linked to withdrawal events?", view: "table" },
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
