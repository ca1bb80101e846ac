/**
 * An expected failure, written for the person running the tool. The CLI prints it without a
 * stack trace and exits with `exitCode`; the App and the Action turn it into a comment or a
 * failed check with the same text.
 */
export interface UserErrorFields {
  /** One line: what went wrong. */
  summary: string;
  /** More context, possibly several lines (tool output, a list of problems). */
  detail?: string;
  /** Where it happened: a file:line, a config key, a project name. */
  where?: string;
  /** What to do next. */
  hint?: string;
  /** Process exit code the CLI uses (1 by default). */
  exitCode?: number;
}

export class UserError extends Error {
  readonly summary: string;
  readonly detail: string | undefined;
  readonly where: string | undefined;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(fields: UserErrorFields) {
    super(fields.summary);
    this.name = "UserError";
    this.summary = fields.summary;
    this.detail = fields.detail;
    this.where = fields.where;
    this.hint = fields.hint;
    this.exitCode = fields.exitCode ?? 1;
  }

  /** Plain-text rendering used by the CLI and logs. */
  format(): string {
    const lines = [`Error: ${this.summary}`];
    if (this.where) lines.push(`  at ${this.where}`);
    if (this.detail) lines.push("", ...this.detail.split("\n").map((l) => `  ${l}`));
    if (this.hint) lines.push("", `Hint: ${this.hint}`);
    return lines.join("\n");
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
