// A small GraphQL tokenizer for CodeMirror's StreamLanguage: comments,
// strings, numbers, keywords, $variables, @directives, <IRIs> (Cayley's
// GraphQL names predicates by IRI) and punctuation.
const KEYWORDS = new Set(["query", "mutation", "subscription", "fragment", "on", "true", "false", "null"]);

export const graphqlMode = {
  name: "graphql",
  startState: () => ({}),
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match("#")) { stream.skipToEnd(); return "comment"; }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return "string";
    if (stream.match(/^<[^>\s]*>?/)) return "link";
    if (stream.match(/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/)) return "number";
    if (stream.match(/^\$[_A-Za-z][_0-9A-Za-z]*/)) return "variableName";
    if (stream.match(/^@[_A-Za-z][_0-9A-Za-z]*/)) return "meta";
    const word = stream.match(/^[_A-Za-z][_0-9A-Za-z]*/);
    if (word) {
      if (KEYWORDS.has(word[0])) return "keyword";
      return stream.match(/^\s*:/, false) ? "propertyName" : "variableName";
    }
    if (stream.match(/^[{}()[\]]/)) return "bracket";
    if (stream.match(/^[:=!|&.]+/)) return "operator";
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: "#" } },
};
