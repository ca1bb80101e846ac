import { Language, Parser, type Node, type Tree } from "web-tree-sitter";
import { useBaselineWasmCompiler } from "../wasm-compiler.js";
import { grammarWasm } from "./grammar-wasm.js";

export type SyntaxNode = Node;

/** A loaded tree-sitter bash parser. `parse` is synchronous; only loading is async. */
export interface BashParser {
  /** Parses `source` and hands the root node to `use`; the tree is freed afterwards (it lives in wasm memory). */
  withTree<T>(source: string, use: (root: SyntaxNode) => T): T;
}

let loading: Promise<BashParser> | undefined;

/** The process-wide parser, loaded once from the embedded (or node_modules) wasm bytes. */
export function loadBashParser(): Promise<BashParser> {
  loading ??= load();
  return loading;
}

async function load(): Promise<BashParser> {
  useBaselineWasmCompiler();
  const wasm = grammarWasm();
  await Parser.init({ wasmBinary: wasm.runtime });
  const language = await Language.load(wasm.bash);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    withTree<T>(source: string, use: (root: SyntaxNode) => T): T {
      const tree: Tree | null = parser.parse(source);
      if (!tree) throw new Error("internal: tree-sitter returned no tree");
      try {
        return use(tree.rootNode);
      } finally {
        tree.delete();
      }
    },
  };
}
