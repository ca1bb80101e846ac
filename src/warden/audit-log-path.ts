import { randomBytes } from "node:crypto";
import { homedir } from "node:os";
import path from "node:path";

/**
 * Where a run's audit log goes when nobody says: the run's state folder, outside the workspace
 * (commands the agent runs may edit the workspace; the sandbox hides these folders from them).
 * - on GitHub Actions: `$RUNNER_TEMP/stakpak/audit/<run>.jsonl`, removed with the job;
 * - elsewhere: `$XDG_STATE_HOME/stakpak-gitops/audit/<run>.jsonl` (`~/.local/state` without it).
 * One file per run (`<run>` is unique), because one run owns its log's hash chain.
 */
export function defaultAuditLogPath(env: Readonly<Record<string, string | undefined>>, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  const unique = `${stamp}-${process.pid}-${randomBytes(4).toString("hex")}`;
  if (env.GITHUB_ACTIONS === "true" && env.RUNNER_TEMP && path.isAbsolute(env.RUNNER_TEMP)) {
    const run = [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter((part) => part && /^[\w-]+$/.test(part)).join("-");
    return path.join(env.RUNNER_TEMP, "stakpak", "audit", `${run ? `${run}-` : ""}${unique}.jsonl`);
  }
  // The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
  const state = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(env.HOME && path.isAbsolute(env.HOME) ? env.HOME : homedir(), ".local", "state");
  return path.join(state, "stakpak-gitops", "audit", `${unique}.jsonl`);
}
