import { ENTER_PROGRAM_SCRIPT, enterProgramArgs, type SandboxProgram } from "./enter-program-script.js";
import type { MountStep, SandboxLayout } from "./isolation-types.js";

function mountArgs(step: MountStep): string[] {
  switch (step.kind) {
    case "hide-dir":
      return ["--tmpfs", step.path];
    case "hide-file":
      return ["--ro-bind", "/dev/null", step.path];
    case "workspace":
      return [step.writable ? "--bind" : "--ro-bind", step.path, step.path];
    case "read-only":
      return ["--ro-bind", step.path, step.path];
  }
}

export interface BwrapFeatures {
  /** bubblewrap 0.8+: the program cannot make user namespaces of its own. */
  disableUserns: boolean;
}

/**
 * The bubblewrap command line for a program. bwrap makes every namespace (network too, unless
 * asked), binds the machine read-only (submounts included), gives a fresh /proc and a minimal
 * /dev, and as PID 1 of the namespace ends it, every descendant with it, when the program exits;
 * `--die-with-parent` ends it when the supervisor does.
 */
export function bwrapCommand(bwrap: string, layout: SandboxLayout, program: SandboxProgram, features: BwrapFeatures): string[] {
  return [
    bwrap,
    "--unshare-all",
    "--unshare-user",
    ...(layout.network === "host" ? ["--share-net"] : []),
    ...(features.disableUserns ? ["--disable-userns"] : []),
    "--die-with-parent",
    "--new-session",
    "--uid",
    String(layout.uid),
    "--gid",
    String(layout.gid),
    "--ro-bind",
    "/",
    "/",
    "--dev",
    "/dev",
    "--proc",
    "/proc",
    ...layout.mounts.flatMap(mountArgs),
    "--chdir",
    "/",
    "--",
    "/bin/sh",
    "-c",
    ENTER_PROGRAM_SCRIPT,
    "sandbox",
    ...enterProgramArgs(layout.cwd, program),
  ];
}
