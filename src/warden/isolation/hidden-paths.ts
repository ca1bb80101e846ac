import path from "node:path";

/**
 * Where credentials live on a CI runner or a laptop: every home (`~/.aws`, `~/.kube`, `~/.config`,
 * `~/.ssh`), shared temp folders, the per-user runtime folders (ssh and gpg agents, the session
 * bus), mounted secrets, and the sockets of container runtimes (a Unix socket stays connectable on
 * a read-only mount, and one `docker run -v /:/host` undoes every other wall).
 */
export const ALWAYS_HIDDEN: readonly string[] = [
  "/home",
  "/root",
  "/tmp",
  "/var/tmp",
  "/run/user",
  "/run/secrets",
  "/var/run/secrets",
  "/run/dbus",
  "/run/containerd",
  "/run/podman",
  "/run/docker",
  "/run/docker.sock",
  "/var/run/docker.sock",
];

/** Variables naming a folder to hide. */
const DIRECTORY_VARIABLES = ["HOME", "RUNNER_TEMP", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"];

/**
 * The runner's file commands: writing to these files sets the job's variables, outputs and PATH,
 * so their whole folder goes (it also holds the other steps' command files).
 */
const FILE_COMMAND_VARIABLES = ["GITHUB_ENV", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH", "GITHUB_STATE"];

/**
 * A self-hosted runner keeps its registration credentials next to its binaries; the Action's own
 * node runs from `<runner>/externals/nodeNN/bin/node`, which tells where that is.
 */
const RUNNER_CREDENTIAL_FILES = [".credentials", ".credentials_rsaparams", ".runner", ".env", ".path", "_diag"];

/** The paths to hide for these environments (the bot's own and the command's), before resolving symlinks. */
export function hiddenPathCandidates(envs: readonly Readonly<Record<string, string | undefined>>[], execPath: string, extra: readonly string[] = []): string[] {
  const found = new Set<string>(ALWAYS_HIDDEN);
  for (const env of envs) {
    for (const name of DIRECTORY_VARIABLES) {
      const value = env[name];
      if (value && path.isAbsolute(value)) found.add(value);
    }
    for (const name of FILE_COMMAND_VARIABLES) {
      const value = env[name];
      if (value && path.isAbsolute(value)) found.add(path.dirname(value));
    }
  }
  const runner = /^(.*)\/externals\/[^/]+\/bin\/node$/.exec(execPath)?.[1];
  if (runner) for (const name of RUNNER_CREDENTIAL_FILES) found.add(path.join(runner, name));
  for (const p of extra) if (path.isAbsolute(p)) found.add(p);
  // The filesystem root is never "hidden": that would hide everything, the workspace's parents included.
  found.delete("/");
  return [...found];
}
