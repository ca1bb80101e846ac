import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { learnTerraformSensitiveValues } from "../../redact/learn-terraform-sensitive-values.js";
import { ALL_RULES } from "../../redact/rules/all-rules.js";
import { StreamRedactor } from "../../redact/stream-redactor.js";
import { UserError } from "../../user-error.js";
import type { CliCommand, CliIo } from "../cli-io.js";
import { parseFlags, USAGE_EXIT_CODE } from "../parse-flags.js";

const usage = `Usage: stakpak-gitops redact [FILE|-] [--json] [--fail-on-find] [--plan-json PLAN.json] [--list-rules]

Writes FILE (or standard input, with - or no FILE) with every secret replaced by a placeholder
such as [[SECRET:github-pat:3f9a]]. Secrets are found by ${ALL_RULES.length} rules (cloud, VCS and CI tokens,
private keys, JWTs, connection strings, Kubernetes Secrets, docker/npm/netrc credentials,
generic password/token assignments) and by value: the values of secret environment variables
(*_TOKEN, *_SECRET, *_KEY, *PASSWORD*, ...) wherever they appear, also base64- or URL-encoded.

Options:
      --json            print the findings as JSON (rule, line, column; never the value) instead of the text
      --fail-on-find    exit 1 when anything was found (for CI and pre-commit hooks)
      --plan-json FILE  also hide every value this terraform JSON plan marks sensitive
                        (use it on the text plan: terraform show PLAN | stakpak-gitops redact --plan-json plan.json)
      --list-rules      list the rule ids and what each finds
  -h, --help            show this help

Exit codes: 0 done (1 with --fail-on-find when a secret was found); 2 for a bad command line
or a file that cannot be read.`;

/** Plan JSON read whole to learn its sensitive values before redacting it; bigger input streams. */
const MAX_SELF_PLAN_BYTES = 512 * 1024 * 1024;

export const redactCommand: CliCommand = {
  name: "redact",
  summary: "Replace secrets in a file or standard input with placeholders",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        json: { type: "boolean" },
        "fail-on-find": { type: "boolean" },
        "plan-json": { type: "string" },
        "list-rules": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      usage,
    );
    if (values.help) {
      io.stdout(io.redactor.redact(`${usage}\n`));
      return 0;
    }
    if (values["list-rules"]) {
      const width = Math.max(...ALL_RULES.map((r) => r.id.length)) + 2;
      io.stdout(io.redactor.redact(`${ALL_RULES.map((r) => `${r.id.padEnd(width)}${r.description}`).join("\n")}\n`));
      return 0;
    }
    if (positionals.length > 1) {
      throw new UserError({ summary: "redact takes one FILE (or - for standard input).", detail: usage, exitCode: USAGE_EXIT_CODE });
    }
    const source = positionals[0] ?? "-";
    if (values["plan-json"]) {
      const planPath = resolve(io.cwd, values["plan-json"]);
      learnTerraformSensitiveValues(io.redactor, await readInput(planPath, values["plan-json"]), values["plan-json"]);
    }

    const input = await openInput(source, io);
    const stream = new StreamRedactor(io.redactor);
    const decoder = new StringDecoder("utf8");
    const emit = (text: string): void => {
      const out = stream.write(text);
      if (!values.json && out.length) io.stdout(out);
    };
    for await (const chunk of input) emit(typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer));
    emit(decoder.end());
    const rest = stream.end();
    if (!values.json && rest.length) io.stdout(rest);

    const findings = stream.findings;
    if (values.json) {
      const report = { version: 1, source: source === "-" ? "stdin" : source, count: findings.length, findings };
      io.stdout(io.redactor.redact(`${JSON.stringify(report, null, 2)}\n`));
    } else if (findings.length > 0) {
      const rules = [...new Set(findings.map((f) => f.rule))].join(", ");
      io.stderr(io.redactor.redact(`Redacted ${findings.length} secret${findings.length === 1 ? "" : "s"} (${rules}).\n`));
    }
    return values["fail-on-find"] && findings.length > 0 ? 1 : 0;
  },
};

/** A readable for FILE or standard input; a terraform JSON plan file also teaches its sensitive values. */
async function openInput(source: string, io: CliIo): Promise<AsyncIterable<unknown> | Iterable<unknown>> {
  if (source === "-") {
    // A terminal on standard input means nothing was piped in: say so rather than wait silently.
    if (process.stdin.isTTY) {
      throw new UserError({
        summary: "Nothing to redact: no FILE given and standard input is a terminal.",
        hint: "Give a file (stakpak-gitops redact app.log) or pipe text in (terraform show plan | stakpak-gitops redact).",
        exitCode: USAGE_EXIT_CODE,
      });
    }
    return process.stdin as Readable;
  }
  const path = resolve(io.cwd, source);
  const info = await stat(path).catch(() => undefined);
  if (!info || !info.isFile()) throw missingFile(source, path, info !== undefined);
  if (source.endsWith(".json") && info.size <= MAX_SELF_PLAN_BYTES) {
    const text = await readInput(path, source);
    if (/^\s*\{[\s\S]{0,200}"format_version"/.test(text) && text.includes('"terraform_version"')) {
      learnTerraformSensitiveValues(io.redactor, text, source);
    }
    return [text];
  }
  return createReadStream(path);
}

async function readInput(path: string, shown: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw missingFile(shown, path, code === "EISDIR");
  }
}

function missingFile(shown: string, path: string, isDirectory: boolean): UserError {
  return new UserError({
    summary: isDirectory ? `${shown} is a directory, not a file.` : `Cannot read ${shown}: no such file.`,
    where: path,
    hint: "Give a file to redact, or - (or nothing) to read standard input: some-command | stakpak-gitops redact",
    exitCode: USAGE_EXIT_CODE,
  });
}
