import { resolve } from "node:path";
import { resolvePlanRoot } from "../../config/plan-root.js";
import { planExitCode, planProjects } from "../../core/plan-projects.js";
import { renderJsonReport } from "../../report/render-json.js";
import { writeRedactedFile } from "../../redact/write-redacted-file.js";
import { renderMarkdownReport } from "../../report/render-markdown.js";
import { UserError } from "../../user-error.js";
import type { CliCommand } from "../cli-io.js";
import { parseFlags, USAGE_EXIT_CODE } from "../parse-flags.js";

const usage = `Usage: stakpak-gitops plan [DIR...] [--project P] [--env E] [--format md|json] [--out FILE] [--config FILE]

Runs a real \`terraform plan\` (or \`kubectl diff\`) for each project and prints the review a pull
request would get. Projects come from .stakpak/config.yml, or are discovered (every directory
holding *.tf, every kustomization.yaml) when there is none. DIRs keep the projects inside them.
A DIR outside the current directory is planned in its own repository: its git root (or the DIR
itself, outside any repository) gives .stakpak/config.yml and the paths in the report.

Options:
  -p, --project P     only this project (by name)
  -e, --env E         only this environment
  -f, --format F      md (default) or json
  -o, --out FILE      write the report to FILE instead of standard output
  -c, --config FILE   config file (default: .stakpak/config.yml in the current directory, or
                      in the repository of DIRs outside it)
  -h, --help          show this help

Exit codes: 0 no changes, 2 changes present, 1 a plan failed; 2 also for an invalid command
line or config file (the problems are printed on standard error and no report is written).`;

export const planCommand: CliCommand = {
  name: "plan",
  summary: "Run terraform plan / kubectl diff and print the review a PR would get",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        project: { type: "string", short: "p" },
        env: { type: "string", short: "e" },
        format: { type: "string", short: "f", default: "md" },
        out: { type: "string", short: "o" },
        config: { type: "string", short: "c" },
        help: { type: "boolean", short: "h" },
      },
      usage,
    );
    if (values.help) {
      io.stdout(io.redactor.redact(`${usage}\n`));
      return 0;
    }
    const format = values.format;
    if (format !== "md" && format !== "json") {
      throw new UserError({
        summary: `Unknown report format "${format}".`,
        hint: "Use --format md or --format json.",
        exitCode: USAGE_EXIT_CODE,
      });
    }

    const { repoRoot, dirs } = await resolvePlanRoot(io.cwd, positionals);
    const outcome = await planProjects({
      repoRoot,
      // --config is a path the user typed, so it is relative to where they typed it.
      configPath: values.config === undefined ? undefined : resolve(io.cwd, values.config),
      dirs,
      project: values.project,
      env: values.env,
      redactor: io.redactor,
      processEnv: io.env,
      onProgress: (line) => io.stderr(io.redactor.redact(`${line.text}\n`)),
    });
    const report = format === "json" ? renderJsonReport(outcome.runs) : renderMarkdownReport(outcome.runs);
    if (values.out) {
      await writeRedactedFile(resolve(io.cwd, values.out), io.redactor.redact(report));
      io.stderr(io.redactor.redact(`Report written to ${values.out}\n`));
    } else {
      io.stdout(io.redactor.redact(report.endsWith("\n") ? report : `${report}\n`));
    }
    return planExitCode(outcome.runs);
  },
};
