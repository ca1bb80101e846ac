// Bundles the Action (dist/index.js, what action.yml runs), the CLI (dist/cli.js, behind
// bin/stakpak-gitops.js) and the GitHub App (dist/app.js, for `probot run`) into one file each,
// so none needs node_modules at run time.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

/**
 * Warden's shell parser is WebAssembly (web-tree-sitter and the tree-sitter-bash grammar). In the
 * bundles, src/warden/grammar-wasm.ts (which reads the .wasm files from node_modules) is swapped
 * for grammar-wasm.bundled.ts, whose `.wasm` imports the `binary` loader inlines as bytes.
 */
const embedWardenWasm = {
  name: "embed-warden-wasm",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /[\\/]grammar-wasm\.js$/ }, (args) => {
      if (!/[\\/]src[\\/]warden$/.test(dirname(args.importer))) return undefined;
      return { path: join(dirname(args.importer), "grammar-wasm.bundled.ts") };
    });
  },
};

const shared = {
  bundle: true,
  plugins: [embedWardenWasm],
  loader: { ".wasm": "binary" },
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
  define: { __STAKPAK_VERSION__: JSON.stringify(version) },
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __stakpakCreateRequire } from 'node:module'; const require = __stakpakCreateRequire(import.meta.url);" },
};

await Promise.all([
  build({ ...shared, entryPoints: ["src/action/main.ts"], outfile: "dist/index.js" }),
  build({ ...shared, entryPoints: ["src/cli/main.ts"], outfile: "dist/cli.js" }),
  build({ ...shared, entryPoints: ["src/app.ts"], outfile: "dist/app.js" }),
]);
