/**
 * The last stage inside the sandbox, common to both backends, as `sh` source. Arguments:
 * `CWD ENV_PROGRAM N (NAME=VALUE)×N PROGRAM ARGS...`.
 *
 * It enters the directory by the real path resolved before the sandbox was made and checks it is
 * still that path (a directory swapped for a symlink in between is refused; once entered, the
 * directory is held by inode, not by name), tells the supervisor on fd 3 that the sandbox is set
 * up, then becomes the program with exactly the variables given (`env -i`). The program's variables
 * never reach bwrap, unshare or the setup, so none of them (LD_PRELOAD, a PATH of the agent's)
 * can act before the walls are up.
 *
 * A plain template string (not String.raw): `\${` and `\\` are what sh reads as `${` and `\`.
 */
export const ENTER_PROGRAM_SCRIPT = `
cd -P "$1" 2>/dev/null || { printf 'sandbox: the directory %s is gone\\n' "$1" >&2; exit 125; }
[ "$(pwd -P)" = "$1" ] || { printf 'sandbox: the directory %s changed while the sandbox was set up\\n' "$1" >&2; exit 125; }
sbx_env=$2 sbx_n=$3
shift 3
sbx_i=0 sbx_has_path=0 sbx_path=
for sbx_a in "$@"; do
  [ "$sbx_i" -lt "$sbx_n" ] || break
  case $sbx_a in PATH=*) sbx_has_path=1 sbx_path=\${sbx_a#PATH=} ;; esac
  sbx_i=$((sbx_i + 1))
done
# The loop stopped on the program: $sbx_a is its name.
printf ok >&3 && exec 3>&-
if [ "$sbx_has_path" = 1 ]; then PATH=$sbx_path; else unset PATH; fi
command -v "$sbx_a" >/dev/null 2>&1 || { printf '%s: not found on PATH\\n' "$sbx_a" >&2; exit 127; }
exec "$sbx_env" -i -- "$@"
`;

/** What the sandbox runs at the end, and with which variables. */
export interface SandboxProgram {
  argv: readonly string[];
  env: Readonly<Record<string, string>>;
  /** `env` (coreutils), found before the sandbox is made. */
  envProgram: string;
}

/** The arguments ENTER_PROGRAM_SCRIPT takes, after `sh -c SCRIPT NAME`. */
export function enterProgramArgs(cwd: string, program: SandboxProgram): string[] {
  const variables = Object.entries(program.env).map(([name, value]) => `${name}=${value}`);
  return [cwd, program.envProgram, String(variables.length), ...variables, ...program.argv];
}
