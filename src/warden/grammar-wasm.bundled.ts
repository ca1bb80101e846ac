// Only the esbuild bundles use this file (scripts/build.mjs swaps it in for grammar-wasm.ts): the
// `binary` loader inlines both .wasm files so the single-file bundles stay self-contained.
import runtime from "web-tree-sitter/web-tree-sitter.wasm";
import bash from "tree-sitter-bash/tree-sitter-bash.wasm";
import type { GrammarWasm } from "./grammar-wasm.js";

export function grammarWasm(): GrammarWasm {
  return { runtime, bash };
}
