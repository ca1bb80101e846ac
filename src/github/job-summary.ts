import { appendFile, stat } from "node:fs/promises";
import type { Redacted } from "../redact/redacted.js";
import { JOB_SUMMARY_LIMIT_BYTES } from "./github-limits.js";
import { truncateMarkdown } from "./split-markdown.js";

export interface JobSummaryOptions {
  /** The step's summary file (default: GITHUB_STEP_SUMMARY). */
  path?: string | undefined;
  /** What a cut says, at the end of the part that fits. */
  cutNote?: string;
  /** The cap (default: GitHub's 1 MiB per step); tests lower it. */
  capBytes?: number;
}

export interface JobSummaryResult {
  /** False outside Actions (no summary file) or when not even the cut note fits. */
  written: boolean;
  /** The report did not fit whole and was cut. */
  truncated: boolean;
  bytes: number;
  path: string | null;
}

const DEFAULT_CUT_NOTE = "> ✂️ The rest of this report does not fit in the job summary (1 MiB per step). The complete report is the file the step's `report-path` output names.";

const bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/**
 * Appends the report to the Actions job summary, within the 1 MiB a step's summary may hold
 * (counting what earlier writes of the step left there). What does not fit is cut at a markdown
 * boundary, every open block closed, and the cut says so.
 */
export async function appendJobSummary(markdown: Redacted, options: JobSummaryOptions = {}): Promise<JobSummaryResult> {
  const path = options.path ?? process.env.GITHUB_STEP_SUMMARY ?? null;
  if (!path) return { written: false, truncated: false, bytes: 0, path: null };
  const cap = options.capBytes ?? JOB_SUMMARY_LIMIT_BYTES;
  const existing = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  const room = cap - existing - 1;
  const note = options.cutNote ?? DEFAULT_CUT_NOTE;
  let text = markdown.text.endsWith("\n") ? markdown.text : `${markdown.text}\n`;
  let truncated = false;
  if (bytes(text) > room) {
    truncated = true;
    text = room >= bytes(note) + 1_000 ? truncateMarkdown(text, room, note, bytes) : bytes(note) + 1 <= room ? `${note}\n` : "";
  }
  if (!text) return { written: false, truncated, bytes: 0, path };
  await appendFile(path, `${existing > 0 ? "\n" : ""}${text}`);
  return { written: true, truncated, bytes: bytes(text), path };
}
