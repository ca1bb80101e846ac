import { ENTER_PROGRAM_SCRIPT, enterProgramArgs, type SandboxProgram } from "./enter-program-script.js";
import { SYSTEM_PATH } from "./find-system-program.js";
import type { MountStep, SandboxLayout } from "./isolation-types.js";

/**
 * The setup `sh` runs as root of a fresh user namespace, in new mount and PID namespaces (util-linux
 * `unshare`, for machines without bubblewrap). Every path comes in as an argument, never in the
 * source (which has no dollar-brace, so that it stays a plain template string). Arguments:
 * `SYSTEM_PATH ENTER_SCRIPT UID GID UNSHARE WORKSPACE N (KIND PATH)×N` then ENTER_PROGRAM_SCRIPT's.
 *
 * - The whole machine is bound recursively under /tmp/root and every mount there is remounted
 *   read-only; any failure stops here, and a last pass checks that none stayed writable.
 * - /proc is a new one (this PID namespace only), /dev a tmpfs with the harmless devices bound in.
 * - The hidden paths get an empty tmpfs (or /dev/null), the workspace is bound back at its real
 *   path through a descriptor opened before /tmp was covered, `.git` read-only on top.
 * - pivot_root (not chroot: the kernel refuses a user namespace inside a chroot) and the old root
 *   is detached, then a nested user namespace makes the program a non-root user with no capability
 *   over these mounts.
 *
 * Every mount is made inside the new mount namespace, never the caller's: the first line refuses to
 * go on unless this shell is PID 1 of its own PID namespace, which only `unshare --pid --fork` makes.
 *
 * The program ends up as PID 1 of the namespace: when it exits, the kernel kills everything left in
 * it, and the supervisor kills it (so all of them) at the time limit.
 */
export const UNSHARE_SETUP_SCRIPT = String.raw`
fail() { printf 'sandbox: %s\n' "$*" >&2; exit 125; }
[ "$$" = 1 ] || fail "the setup runs only as PID 1 of a new PID namespace"
PATH=$1 sbx_enter=$2 sbx_uid=$3 sbx_gid=$4 sbx_unshare=$5 sbx_ws=$6 sbx_n=$7
shift 7
sbx_root=/tmp/root

# The workspace may be under /tmp, which the tmpfs below covers: hold it by a descriptor.
exec 4<"$sbx_ws" || fail "cannot open the workspace $sbx_ws"
mount -t tmpfs -o mode=0755 sandbox /tmp || fail "cannot mount a tmpfs on /tmp"
mkdir "$sbx_root" || fail "cannot make $sbx_root"
mount --rbind / "$sbx_root" || fail "cannot bind the filesystem"

# Mount points are escaped in mountinfo (\040 for a space): %b reads \0NNN as octal.
sbx_mounts=$(cat /proc/self/mountinfo) || fail "cannot read the mount table"
while IFS=' ' read -r _ _ _ _ sbx_mp _; do
  case $sbx_mp in *\\*) sbx_mp=$(printf '%b' "$(printf '%s' "$sbx_mp" | sed 's/\\/\\0/g')") ;; esac
  case $sbx_mp in
    "$sbx_root"|"$sbx_root"/*) mount -o remount,bind,ro "$sbx_mp" 2>/dev/null || fail "cannot make $sbx_mp read-only" ;;
  esac
done <<MOUNTS_END
$sbx_mounts
MOUNTS_END
# The top mount of each mount point (the last one listed) must now be read-only.
awk -v root="$sbx_root" '$5 == root || index($5, root "/") == 1 { opts[$5] = $6 } END { for (m in opts) if (opts[m] !~ /^ro(,|$)/) bad = 1; exit bad }' /proc/self/mountinfo ||
  fail "a mount stayed writable"

mount -t proc proc "$sbx_root/proc" || fail "cannot mount a new /proc"
mount -t tmpfs -o mode=0755 dev "$sbx_root/dev" || fail "cannot mount /dev"
for sbx_d in null zero full random urandom tty; do
  { : > "$sbx_root/dev/$sbx_d" && mount --bind "/dev/$sbx_d" "$sbx_root/dev/$sbx_d"; } || fail "cannot bind /dev/$sbx_d"
done
{ mkdir "$sbx_root/dev/shm" "$sbx_root/dev/pts" && mount -t tmpfs -o mode=1777 shm "$sbx_root/dev/shm"; } || fail "cannot mount /dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$sbx_root/dev/pts" 2>/dev/null && ln -s pts/ptmx "$sbx_root/dev/ptmx"
{ ln -s /proc/self/fd "$sbx_root/dev/fd" && ln -s /proc/self/fd/0 "$sbx_root/dev/stdin" && ln -s /proc/self/fd/1 "$sbx_root/dev/stdout" && ln -s /proc/self/fd/2 "$sbx_root/dev/stderr"; } || fail "cannot link /dev/fd"

while [ "$sbx_n" -gt 0 ]; do
  sbx_t=$sbx_root$2
  case $1 in
    hide-dir) mkdir -p "$sbx_t" 2>/dev/null; mount -t tmpfs -o mode=0755 hidden "$sbx_t" || fail "cannot hide $2" ;;
    hide-file) mount --bind /dev/null "$sbx_t" || fail "cannot hide $2" ;;
    workspace-rw|workspace-ro)
      mkdir -p "$sbx_t" 2>/dev/null
      mount --no-canonicalize --bind /proc/self/fd/4 "$sbx_t" || fail "cannot bind the workspace"
      if [ "$1" = workspace-ro ]; then mount -o remount,bind,ro "$sbx_t" || fail "cannot make the workspace read-only"; fi ;;
    read-only) { mount --bind "$sbx_t" "$sbx_t" && mount -o remount,bind,ro "$sbx_t"; } || fail "cannot make $2 read-only" ;;
    *) fail "unknown mount step $1" ;;
  esac
  shift 2
  sbx_n=$((sbx_n - 1))
done
exec 4<&-

{ cd "$sbx_root" && mkdir -p tmp/.old && pivot_root . tmp/.old; } || fail "cannot pivot to the sandbox root"
{ cd / && umount -l /tmp/.old && rmdir /tmp/.old; } || fail "cannot detach the old root"

set -- "$sbx_unshare" --user "--map-user=$sbx_uid" "--map-group=$sbx_gid" -- /bin/sh -c "$sbx_enter" sandbox "$@"
unset sbx_enter sbx_uid sbx_gid sbx_unshare sbx_ws sbx_n sbx_root sbx_mounts sbx_mp sbx_d sbx_t
exec "$@"
`;

function stepArgs(step: MountStep): [string, string] {
  if (step.kind === "workspace") return [step.writable ? "workspace-rw" : "workspace-ro", step.path];
  return [step.kind, step.path];
}

/**
 * The unshare command line for a program: new user (mapped to root, to make the mounts), mount,
 * PID and (unless the network is asked for) network namespaces, the setup script, then the program.
 * Run it with a bare environment (the system PATH): the program's variables go through as arguments.
 */
export function unshareCommand(unshare: string, layout: SandboxLayout, program: SandboxProgram): string[] {
  const workspace = layout.mounts.find((m) => m.kind === "workspace");
  if (!workspace) throw new Error("a sandbox layout always has its workspace");
  return [
    unshare,
    "--user",
    "--map-root-user",
    "--mount",
    "--pid",
    "--fork",
    "--kill-child",
    ...(layout.network === "host" ? [] : ["--net"]),
    "/bin/sh",
    "-c",
    UNSHARE_SETUP_SCRIPT,
    "sandbox-setup",
    SYSTEM_PATH,
    ENTER_PROGRAM_SCRIPT,
    String(layout.uid),
    String(layout.gid),
    unshare,
    workspace.path,
    String(layout.mounts.length),
    ...layout.mounts.flatMap(stepArgs),
    ...enterProgramArgs(layout.cwd, program),
  ];
}
