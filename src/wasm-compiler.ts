import { setFlagsFromString } from "node:v8";

let chosen = false;

/**
 * Keeps WebAssembly on V8's baseline compiler (Liftoff), set before the first module compiles.
 * With tier-up, TurboFan recompiles tree-sitter-bash's generated lexer and parse functions once
 * they get hot, in a worker thread whose ~30 MB of compiler memory glibc never hands back: the
 * agent's peak memory rose by that much at its second command (bench/agent). Liftoff runs our
 * inputs (one command line, one document's keyword walk) as fast: bench/warden 15.9k vs 15.1k
 * decisions/s, bench/redact 2.1-2.3x secretlint either way. The flag is process-wide and only
 * read when a module is compiled, so every loader of WebAssembly calls this first.
 */
export function useBaselineWasmCompiler(): void {
  if (chosen) return;
  chosen = true;
  setFlagsFromString("--liftoff-only");
}
