import { z } from "zod";
import { defineTool } from "../tool.js";

export const planTool = defineTool({
  name: "plan",
  description:
    "Plan the working tree with the real pipeline (terraform init/validate/plan, or kubectl diff) and Warden's plan gate. " +
    "First the Terraform files written in this run are rewritten with `terraform fmt` (the result names them; read them again " +
    "before editing); a file that does not parse is reported with its line. " +
    "Without arguments every project holding a file changed in this run is planned. Returns the headline, the changes, " +
    "diagnostics and the plan gate's verdict. Plan after every change; a change that does not plan cleanly is not done.",
  input: z.strictObject({
    project: z.string().min(1).optional().describe("a project name from .stakpak/config.yml"),
    environment: z.string().min(1).optional().describe("an environment of that project, e.g. `staging`"),
  }),
  async execute({ project, environment }, run) {
    run.step({ kind: "plan", text: run.redactor.redact(`planning ${project ?? "the changed projects"}${environment ? ` (${environment})` : ""}`) });
    const report = await run.plan({ project, environment, touched: [...run.touched] });
    return { content: report.text, isError: !report.ok };
  },
});
