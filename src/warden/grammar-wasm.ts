import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The tree-sitter runtime and the bash grammar, as WebAssembly bytes. */
export interface GrammarWasm {
  runtime: Uint8Array;
  bash: Uint8Array;
}

/**
 * Reads both .wasm files from node_modules (tests, tsx, bench). The esbuild bundles replace this
 * module with grammar-wasm.bundled.ts, which embeds the same bytes, so dist/cli.js and
 * dist/index.js need no node_modules at run time.
 */
export function grammarWasm(): GrammarWasm {
  const require = createRequire(import.meta.url);
  return {
    runtime: readFileSync(require.resolve("web-tree-sitter/web-tree-sitter.wasm")),
    bash: readFileSync(require.resolve("tree-sitter-bash/tree-sitter-bash.wasm")),
  };
}
