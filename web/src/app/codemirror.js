// The code editor of Gizmo and GraphQL cells: CodeMirror 6 with the
// JavaScript grammar for Gizmo (it is JavaScript) and a small GraphQL
// tokenizer, completion of Gizmo's steps and the graph's predicates, and
// Shift+Enter to run. Tab is left to move the focus, so the page works
// with the keyboard alone (Ctrl+] and Ctrl+[ indent).
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection, placeholder } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching, syntaxHighlighting, defaultHighlightStyle, StreamLanguage, indentOnInput } from "@codemirror/language";
import { javascript } from "@codemirror/lang-javascript";
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { graphqlMode } from "./graphql-mode.js";

const GIZMO_STEPS = [
  ["g.V", "g.V(...nodes): start a path at nodes (all nodes without arguments)"],
  ["g.M", "g.M(): a morphism, a path to reuse with Follow"],
  ["g.Emit", "g.Emit(value): add a value to the results"],
  ["Out", "Out(predicate, tags): follow edges forward"],
  ["In", "In(predicate, tags): follow edges backward"],
  ["Both", "Both(predicate): follow edges either way"],
  ["Is", "Is(node): keep only these nodes"],
  ["Has", "Has(predicate, object): keep nodes with this edge"],
  ["HasR", "HasR(predicate, subject): keep nodes with this incoming edge"],
  ["Tag", "Tag(name): name the current node in the results"],
  ["As", "As(name): same as Tag"],
  ["Back", "Back(tag): return to a tagged node"],
  ["Save", "Save(predicate, tag): tag the object of an edge without moving"],
  ["SaveR", "SaveR(predicate, tag): tag the subject of an incoming edge"],
  ["Follow", "Follow(morphism): follow a morphism"],
  ["FollowR", "FollowR(morphism): follow a morphism backward"],
  ["Intersect", "Intersect(path): nodes on both paths"],
  ["Union", "Union(path): nodes on either path"],
  ["Except", "Except(path): nodes not on the other path"],
  ["Unique", "Unique(): drop repeated results"],
  ["Limit", "Limit(n): at most n results"],
  ["Skip", "Skip(n): skip n results"],
  ["Count", "Count(): the number of results"],
  ["Labels", "Labels(): the named graphs (articles) of the edges"],
  ["InPredicates", "InPredicates(): predicates of incoming edges"],
  ["OutPredicates", "OutPredicates(): predicates of outgoing edges"],
  ["Filter", "Filter(like(...) | regex(...) | gt(...)): keep matching values"],
  ["All", "All(): emit every result"],
  ["GetLimit", "GetLimit(n): emit n results"],
  ["ToArray", "ToArray(): results as an array"],
  ["ToValue", "ToValue(): the first result"],
  ["TagArray", "TagArray(): tagged results as an array"],
  ["ForEach", "ForEach(callback): run callback for each result"],
];

/** createEditor makes an editor in parent. opts: lang, doc, onRun, onChange, predicates (a function answering a promise of IRIs), label. */
export function createEditor(parent, opts) {
  const completions = (ctx) => {
    const word = ctx.matchBefore(/<[^>\s]*|[\w.]+/);
    if (!word || (word.from === word.to && !ctx.explicit)) return null;
    if (opts.lang !== "gizmo") return null;
    if (word.text.startsWith("<")) {
      return opts.predicates ? opts.predicates().then((preds) => ({ from: word.from, options: preds.map((p) => ({ label: p, type: "constant" })) })) : null;
    }
    const afterDot = word.text.includes(".") || ctx.state.sliceDoc(word.from - 1, word.from) === ".";
    const from = word.text.includes(".") && !word.text.startsWith("g.") ? word.from + word.text.lastIndexOf(".") + 1 : word.from;
    return {
      from,
      options: GIZMO_STEPS.filter(([n]) => (afterDot ? !n.startsWith("g.") : true)).map(([label, info]) => ({ label, info, type: "function" })),
    };
  };
  const run = () => { opts.onRun?.(); return true; };
  const state = EditorState.create({
    doc: opts.doc || "",
    extensions: [
      lineNumbers(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      highlightActiveLine(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      opts.lang === "graphql" ? StreamLanguage.define(graphqlMode) : javascript(),
      autocompletion({ override: [completions] }),
      placeholder(opts.placeholder || ""),
      keymap.of([
        { key: "Shift-Enter", run },
        { key: "Mod-Enter", run },
        ...closeBracketsKeymap,
        ...completionKeymap,
        ...historyKeymap,
        ...defaultKeymap,
      ]),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ "aria-label": opts.label || "Query", "aria-multiline": "true" }),
      EditorView.updateListener.of((u) => { if (u.docChanged) opts.onChange?.(u.state.doc.toString()); }),
    ],
  });
  const view = new EditorView({ state, parent });
  return {
    view,
    get value() { return view.state.doc.toString(); },
    set value(text) { view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }); },
    focus() { view.focus(); },
    destroy() { view.destroy(); },
  };
}
