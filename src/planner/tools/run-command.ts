import { z } from "zod";
import { defineTool } from "../tool.js";

export const runCommandTool = defineTool({
  name: "run_command",
  description:
    "Run one program in the repository's sandbox, e.g. `terraform -chdir=infra/staging validate` or `kubectl get ns`. Warden judges it " +
    "first by its effect: reads run; writes outside the repository, destroys and unknown programs are refused with the rule and the reason " +
    "(nothing runs then, and the agent cannot approve it). One program with literal arguments: no pipes, redirections, globs or `&&`. " +
    "A [[SECRET:…]] placeholder in an argument is replaced by its value only inside the sandbox (quote it: `--password '[[SECRET:db:1a2b]]'`, since unquoted brackets are a glob); the output comes back redacted.",
  input: z.strictObject({
    command: z.string().min(1).max(16_384).describe("the command line, e.g. `terraform -chdir=infra fmt -check`"),
  }),
  async execute({ command }, run) {
    const report = await run.runCommand(command);
    if (!report.ran) {
      run.step({ kind: "refused", text: run.redactor.redact(`Warden refused \`${command}\`: ${report.refused?.text ?? "not run"}`) });
      return { content: run.redactor.redact(`Not run. ${report.refused?.text ?? ""}`.trim()), isError: true };
    }
    run.step({ kind: "command", text: run.redactor.redact(`ran \`${command}\` (exit ${report.exitCode ?? "none"})`) });
    const parts = [`exit code: ${report.exitCode ?? "none"}${report.timedOut ? " (stopped at the time limit)" : ""}`];
    if (report.stdout.text) parts.push(`stdout:\n${report.stdout.text}`);
    if (report.stderr.text) parts.push(`stderr:\n${report.stderr.text}`);
    if (report.truncated) parts.push("(output was cut at the sandbox's limit)");
    return { content: run.redactor.redact(parts.join("\n")), isError: report.exitCode !== 0 };
  },
});
