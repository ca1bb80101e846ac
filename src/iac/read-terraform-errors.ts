/** One `Error:` diagnostic as terraform prints it for people (with `-no-color`). */
export interface TerraformErrorBlock {
  /** The summary after `Error: `, its wrapped lines joined: `Error acquiring the state lock`. */
  summary: string;
  /** `main.tf:5` when a line `on main.tf line 5` names the place; relative to the module directory. */
  where: string | null;
  /** Everything after the summary up to the next diagnostic: the source lines, then the detail. */
  body: string;
}

/** Box-drawing terraform puts around a diagnostic when it thinks the output is a terminal. */
const BOX = /^[│╷╵] ?/;
const START = /^(Error|Warning): (.*)$/;

/**
 * The errors in terraform's human-readable output (stderr of init, plan, apply...), in order.
 * Warnings are skipped. A summary terraform wrapped at 78 columns is joined back into one line;
 * text before the first diagnostic (progress lines) belongs to no error. Output with no `Error:`
 * line (a `workspace select` refusal) gives an empty list.
 */
export function readTerraformErrors(output: string): TerraformErrorBlock[] {
  const lines = output.replace(/\r/g, "").split("\n").map((line) => line.replace(BOX, ""));
  const blocks: TerraformErrorBlock[] = [];
  let current: { severity: string; summary: string[]; body: string[]; inSummary: boolean } | undefined;
  const finish = (): void => {
    if (current?.severity !== "Error") return;
    const body = current.body.join("\n").replace(/^\n+|\s+$/g, "");
    const location = /^\s*on (\S+) line (\d+)/m.exec(body);
    blocks.push({ summary: current.summary.join(" ").trim(), where: location ? `${location[1]}:${location[2]}` : null, body });
  };
  for (const line of lines) {
    const start = START.exec(line);
    if (start) {
      finish();
      current = { severity: start[1] as string, summary: [start[2] as string], body: [], inSummary: true };
    } else if (current?.inSummary && line.trim() !== "") {
      current.summary.push(line.trim());
    } else if (current) {
      current.inSummary = false;
      current.body.push(line);
    }
  }
  finish();
  return blocks;
}
