#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/cli.js by `npm run build` (run by `npm ci` through `prepare`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write(
    "Error: the CLI is not built (dist/cli.js is missing).\n\nHint: run `npm run build` (npm ci runs it for you unless scripts are disabled).\n",
  );
  process.exit(1);
}
const { runCli } = await import(bundle);
process.exitCode = await runCli(process.argv.slice(2));
