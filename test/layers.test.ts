import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The layering the README promises: lower layers (config, iac, redact) never import higher ones
 * (github, action, planner...). Each layer lists what it may import; a layer missing from this
 * table fails the test, so a new folder has to be placed on purpose.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  "user-error": [],
  "wasm-compiler": [],
  "globals.d": [],
  config: ["user-error"],
  iac: ["config", "user-error"],
  redact: ["config", "iac", "user-error", "wasm-compiler"],
  warden: ["config", "iac", "redact", "user-error", "wasm-compiler"],
  report: ["config", "iac", "redact", "warden", "user-error", "wasm-compiler"],
  memory: ["config", "iac", "redact", "user-error", "wasm-compiler"],
  core: ["config", "iac", "redact", "warden", "report", "memory", "user-error", "wasm-compiler"],
  planner: ["config", "iac", "redact", "warden", "report", "memory", "core", "user-error", "wasm-compiler"],
  github: ["config", "iac", "redact", "warden", "report", "memory", "core", "user-error", "wasm-compiler"],
  // The three doors may use everything below them, and nothing imports a door.
  action: ["config", "iac", "redact", "warden", "report", "memory", "core", "planner", "github", "user-error", "wasm-compiler"],
  cli: ["config", "iac", "redact", "warden", "report", "memory", "core", "planner", "github", "user-error", "wasm-compiler"],
  app: ["config", "iac", "redact", "warden", "report", "memory", "core", "planner", "github", "user-error", "wasm-compiler"],
};

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

/** `config` for src/config/x.ts, `user-error` for src/user-error.ts. */
function layerOf(path: string): string {
  const [first, ...rest] = relative(SRC, path).split(sep);
  return rest.length === 0 ? first!.replace(/\.(js|ts)$/, "") : first!;
}

/** Relative specifiers of static imports, re-exports, type imports and dynamic imports. */
function importsOf(text: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;
  for (const match of text.matchAll(pattern)) specifiers.push(match[1]!);
  return specifiers;
}

interface Edge {
  from: string;
  to: string;
  file: string;
  specifier: string;
}

function edges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) =>
    importsOf(readFileSync(file, "utf8"))
      .map((specifier) => ({ file, specifier, target: resolve(dirname(file), specifier) }))
      .filter(({ target }) => target.startsWith(SRC + sep))
      .map(({ file, specifier, target }) => ({ from: layerOf(file), to: layerOf(target), file: relative(SRC, file), specifier })),
  );
}

describe("layers", () => {
  const all = edges();

  it("reads the imports it checks (the graph is not empty)", () => {
    expect(all.some((e) => e.from === "core" && e.to === "config")).toBe(true);
    expect(all.some((e) => e.from === "action" && e.to === "github")).toBe(true);
  });

  it("places every folder of src/ in the table", () => {
    const unknown = [...new Set(sourceFiles(SRC).map(layerOf))].filter((layer) => !(layer in MAY_IMPORT));
    expect(unknown).toEqual([]);
  });

  it("never lets a layer import one above it", () => {
    const violations = all
      .filter((e) => e.from !== e.to && !(MAY_IMPORT[e.from] ?? []).includes(e.to))
      .map((e) => `src/${e.file} (${e.from}) imports ${e.specifier} (${e.to})`);
    expect(violations).toEqual([]);
  });
});
