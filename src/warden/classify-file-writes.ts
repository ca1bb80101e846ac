import type { CatalogEntry } from "./classifier.js";
import type { Operation } from "./operation.js";
import type { FileWrite } from "./shell-command.js";
import { pathScope, possiblePaths, type PathScope, type Workspace } from "./workspace-paths.js";

/** Redirections (`>`, `>>`, `&>`): the shell writes the file whatever the command is. */
export const FILE_WRITE_CATALOG: readonly CatalogEntry[] = [
  {
    id: "redirect.local",
    description: "writes a file inside the workspace or a temp dir",
    effect: "write",
    examples: ["echo hello > notes.txt", "terraform output -json > /tmp/out.json", "date >> build/log.txt"],
  },
  {
    id: "redirect.append-outside",
    description: "appends to a file outside the workspace",
    effect: "write",
    examples: ["echo 'alias k=kubectl' >> ~/.bashrc"],
  },
  {
    id: "redirect.overwrite-outside",
    description: "overwrites a file outside the workspace, destroying what it held",
    effect: "destroy",
    examples: ["echo '' > /etc/hosts", "cat key.pub > ~/.ssh/authorized_keys", "echo x > ../other-repo/main.tf"],
  },
  {
    id: "redirect.git-dir",
    description: "writes into .git, where hooks and config are code git runs later",
    effect: "write",
    examples: ["echo 'rm -rf ~' > .git/hooks/pre-commit", "printf '[alias]\\n' >> .git/config"],
  },
  {
    id: "redirect.device",
    description: "writes straight to a device, which can wipe a disk",
    effect: "destroy",
    examples: ["cat image.iso > /dev/sda"],
  },
  {
    id: "redirect.unknown-path",
    description: "writes a file whose path is only known at run time",
    effect: "unknown",
    examples: ["echo x > \"$OUT\"", "echo x > $(mktemp -u)"],
  },
];

const WORST_FIRST: readonly PathScope[] = ["unknown", "device", "outside", "git-dir", "workspace-root", "workspace", "temp", "discard"];

/** What each scope means for a redirection, worst first. */
const BY_SCOPE: Readonly<Record<PathScope, (mode: FileWrite["mode"]) => string>> = {
  unknown: () => "redirect.unknown-path",
  device: () => "redirect.device",
  outside: (mode) => (mode === "append" ? "redirect.append-outside" : "redirect.overwrite-outside"),
  "git-dir": () => "redirect.git-dir",
  "workspace-root": () => "redirect.local",
  workspace: () => "redirect.local",
  temp: () => "redirect.local",
  discard: () => "redirect.local",
};

function entry(id: string): CatalogEntry {
  const found = FILE_WRITE_CATALOG.find((e) => e.id === id);
  if (!found) throw new Error(`internal: no catalog entry ${id}`);
  return found;
}

export function classifyFileWrite(write: FileWrite, workspace: Workspace): Operation[] {
  const paths = possiblePaths(write.context, write.path);
  const remote = write.context.location.kind === "remote";
  const scopes = paths === null ? (["unknown"] as PathScope[]) : paths.map((p) => pathScope(p, workspace, remote));
  const worst = WORST_FIRST.find((s) => scopes.includes(s)) ?? "unknown";
  if (worst === "discard") return [];
  const id = BY_SCOPE[worst](write.mode);
  const e = entry(id);
  return [
    {
      target: "filesystem",
      service: "file",
      verb: write.mode === "append" ? ">>" : ">",
      effect: e.effect,
      resources: paths ?? [write.path.text],
      dry_run: false,
      local: id === "redirect.local",
      markers: [...write.context.markers],
      catalog: e.id,
      why: e.description,
      command: write.source,
      via: [...write.context.via],
    },
  ];
}
