import { z } from "zod";
import { UserError } from "../user-error.js";

/**
 * Parses the unified diff `kubectl diff` prints when run with `KUBECTL_EXTERNAL_DIFF="diff -u -N"`.
 * kubectl writes every object into a `LIVE-<random>` and a `MERGED-<random>` directory and diffs
 * the two directories, so objects without differences produce no output at all.
 */

export const KubeObjectChangeSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  /** null for cluster-scoped objects such as Namespace. */
  namespace: z.string().nullable(),
  name: z.string(),
  action: z.enum(["create", "update", "delete"]),
  /** Lines of the merged (would-be) YAML that are new, without the `+` prefix. */
  addedLines: z.array(z.string()),
  /** Lines of the live YAML that go away, without the `-` prefix. */
  removedLines: z.array(z.string()),
});
export type KubeObjectChange = z.infer<typeof KubeObjectChangeSchema>;

export type KubeObjectRef = Pick<KubeObjectChange, "apiVersion" | "kind" | "namespace" | "name">;

const VERSION = /^v\d+(?:(?:alpha|beta)\d+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
const LOOSE_KIND = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * kubectl names each file `[group.]version.Kind.namespace.name`, with an empty namespace for
 * cluster-scoped objects (`v1.Namespace..team-a`). Groups and names may contain dots, namespaces
 * may not, so the version/Kind pair is the anchor. A second, looser pass allows the rare kind
 * that does not start with a capital.
 */
export function parseDiffFileName(fileName: string): KubeObjectRef | undefined {
  const parts = fileName.split(".");
  for (const kindPattern of [KIND, LOOSE_KIND]) {
    for (let i = 0; i + 3 < parts.length; i++) {
      const [version, kind, namespace] = [parts[i] ?? "", parts[i + 1] ?? "", parts[i + 2] ?? ""];
      const name = parts.slice(i + 3).join(".");
      if (!VERSION.test(version) || !kindPattern.test(kind) || name === "") continue;
      const group = parts.slice(0, i).join(".");
      return {
        apiVersion: group ? `${group}/${version}` : version,
        kind,
        namespace: namespace === "" ? null : namespace,
        name,
      };
    }
  }
  return undefined;
}

/** The last path segment of a `---`/`+++` header: `/tmp/MERGED-1/v1.ConfigMap.a.b<TAB>date`. */
function headerFileName(line: string): string {
  let path = line.slice(4).split("\t")[0] ?? "";
  // GNU diff quotes paths with unusual characters, e.g. a TMPDIR with spaces.
  if (path.startsWith('"') && path.endsWith('"')) path = path.slice(1, -1);
  return path.slice(path.lastIndexOf("/") + 1);
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

interface FileDiff {
  fileName: string;
  oldLines: number;
  newLines: number;
  added: string[];
  removed: string[];
}

export function parseKubectlDiff(text: string): KubeObjectChange[] {
  const files: FileDiff[] = [];
  let current: FileDiff | undefined;
  // Lines still expected in the current hunk; a content line may itself start with `---` or `@@`.
  let oldLeft = 0;
  let newLeft = 0;
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();

  for (const [i, line] of lines.entries()) {
    if (current && (oldLeft > 0 || newLeft > 0)) {
      if (line.startsWith("\\")) continue; // "\ No newline at end of file" belongs to no side
      if (line.startsWith("-")) {
        current.removed.push(line.slice(1));
        oldLeft--;
      } else if (line.startsWith("+")) {
        current.added.push(line.slice(1));
        newLeft--;
      } else {
        oldLeft--;
        newLeft--;
      }
      continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk && current) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      current.oldLines += oldLeft;
      current.newLines += newLeft;
    } else if (line.startsWith("--- ") && lines[i + 1]?.startsWith("+++ ")) {
      // `diff -N` still names the missing side, so either header gives the object's file name.
      current = { fileName: headerFileName(lines[i + 1] ?? ""), oldLines: 0, newLines: 0, added: [], removed: [] };
      files.push(current);
    }
    // Everything else (`diff -u -N LIVE MERGED`, `+++`, a trailing `\ No newline`) carries nothing.
  }

  return files.map((file) => {
    const ref = parseDiffFileName(file.fileName);
    if (!ref) {
      throw new UserError({
        summary: `Could not tell which Kubernetes object \`${file.fileName}\` in the kubectl diff output is.`,
        detail: "kubectl names diff files `[group.]version.Kind.namespace.name`; this one does not fit.",
        hint: "Check that `kubectl` on PATH is a standard build and not a wrapper; if it is, please report this.",
      });
    }
    const action = file.oldLines === 0 ? "create" : file.newLines === 0 ? "delete" : "update";
    return { ...ref, action, addedLines: file.added, removedLines: file.removed };
  });
}
