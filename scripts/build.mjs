// Bundles the Action (dist/index.js, what action.yml runs) and the CLI (dist/cli.js, behind
// bin/stakpak-gitops.js) into one file each, so neither needs node_modules at run time.
import { readFileSync } from "node:fs";
import { build } from "esbuild";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

const shared = {
  bundle: true,
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
]);
