/** The programs that can put a command in its own user, PID and mount namespaces. */
export const ISOLATION_BACKENDS = ["bwrap", "unshare"] as const;
export type IsolationBackend = (typeof ISOLATION_BACKENDS)[number];

/** How a command was isolated; `none` only ever for a pure read the caller allowed to run unisolated. */
export type IsolationKind = IsolationBackend | "none";

/** `none`: a network namespace of its own with nothing in it. `host`: the machine's network. */
export type NetworkAccess = "none" | "host";

/**
 * One mount the sandbox makes on top of the read-only copy of the machine's filesystem, in order:
 * - `hide-dir`: an empty tmpfs over a directory (homes, /tmp, the runner's temp folders);
 * - `hide-file`: /dev/null over a file or socket (a container runtime's socket);
 * - `workspace`: the workspace, bound back at its real path (`writable` or not);
 * - `read-only`: a path inside the workspace bound read-only over itself (`.git`).
 */
export type MountStep =
  | { kind: "hide-dir"; path: string }
  | { kind: "hide-file"; path: string }
  | { kind: "workspace"; path: string; writable: boolean }
  | { kind: "read-only"; path: string };

/** Everything a backend needs to build its command line; all paths are real (symlinks resolved). */
export interface SandboxLayout {
  mounts: MountStep[];
  /** The directory the program starts in, inside the workspace; checked again inside the sandbox. */
  cwd: string;
  network: NetworkAccess;
  /** Who the program is inside: never root. */
  uid: number;
  gid: number;
}
