import { UserError } from "../user-error.js";

/** One thing wrong with the config file, located for an editor or a CI annotation. */
export interface ConfigProblem {
  /** Config file path, relative to the repository root when it lives inside it. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Dotted path of the offending key, e.g. `projects[1].environments.staging.var_files[0]`; empty for YAML syntax errors. */
  key: string;
  message: string;
  /** What to change. */
  hint: string;
}

/**
 * A problem before it is located in the YAML: the validation stages speak in data paths and the
 * loader turns paths into line:column once, in one place.
 */
export interface PathProblem {
  path: readonly (string | number)[];
  message: string;
  hint: string;
  /** Point at the key itself (unknown keys, keys that do not belong) rather than its value. */
  at?: "key" | "value";
}

/** Every problem found in the config file at once, so one edit-and-rerun cycle fixes them all. */
export class ConfigError extends UserError {
  readonly problems: ConfigProblem[];

  /** `what` names the file's role in the summary: "the stakpak config", "the Warden policy". */
  constructor(file: string, problems: ConfigProblem[], what = "the stakpak config") {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map(formatProblem);
    super({
      summary: `${file}: ${count} in ${what}`,
      detail: lines.join("\n"),
      where: file,
      hint: "fix the problems listed above and run again",
      exitCode: 2,
    });
    this.name = "ConfigError";
    this.problems = problems;
  }

  override format(): string {
    return [`Error: ${this.summary}`, "", ...this.problems.map(formatProblem)].join("\n");
  }
}

function formatProblem(p: ConfigProblem): string {
  const head = `${p.file}:${p.line}:${p.column}  ${p.key ? `${p.key}: ` : ""}${p.message}`;
  return p.hint ? `${head}\n    hint: ${p.hint}` : head;
}

/** `["projects", 1, "environments", "us.east"]` -> `projects[1].environments["us.east"]`. */
export function formatKeyPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
